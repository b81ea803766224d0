//! Search and filters over focus areas, activities and partner organisations.
//!
//! The address holds the search text and the chosen filters ([`UrlState`]),
//! so the view only reads the route and writes changes back to it; reload,
//! back and forward and shared links all restore the same results.

use crate::browser::printing::use_printing;
use crate::components::{
    localized_text, FeedbackWidget, Highlighted, Localized, PartnerCard, TakeAway,
};
use crate::directory::with_directory;
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::{use_navigator, AddressWrite, ListLink};
use leptos::prelude::*;
use plan_core::data_source::AppData;
use plan_core::explore::{ExploreOutcome, Explorer, PartnerMatches};
use plan_core::facet::Facet;
use plan_core::filter::{EntryItem, FacetValue, Selection};
use plan_core::model::{FocusAreaIx, Lang, LocalizedText};
use plan_core::search::FieldMatch;
use plan_core::url_state::{UrlState, View};
use std::sync::Arc;

/// How many results are rendered at first and added by "Visa fler", so the
/// page stays small even with thousands of entries.
const PAGE_SIZE: usize = 30;

/// The index for the current language, shared by reference: comparing two
/// indexes by content would cost as much as building one.
#[derive(Clone)]
struct SharedExplorer(Arc<Explorer>);

impl PartialEq for SharedExplorer {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The explore view: its heading at once, the search and the results once the partner
/// directory is in (a loading notice until then).
#[component]
pub fn ExplorePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="explore">
            <h1 tabindex="-1">{t!(i18n, explore_heading)}</h1>
            <p>{t!(i18n, explore_intro)}</p>
            // The feedback widget comes with the results, not below the loading notice, so
            // that nothing already on the screen is pushed down when they come (CLS).
            {with_directory(|data| view! {
                <ExploreSearch data />
                <FeedbackWidget content_id="explore" />
            })}
        </div>
    }
}

/// The search box, the filters and the results.
#[component]
fn ExploreSearch(data: Arc<AppData>) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let lang = crate::components::use_lang();
    let query = navigator.query();
    let selection = navigator.selection();
    // Rebuilt only when the language changes.
    let explorer = {
        let data = data.clone();
        Memo::new(move |_| SharedExplorer(Arc::new(Explorer::new(&data, lang.get()))))
    };
    let outcome = {
        let data = data.clone();
        Memo::new(move |_| explorer.with(|e| e.0.run(&data, &query.get(), &selection.get())))
    };
    // A new search or filter starts again from the first page of results.
    // This used to be an Effect that wrote `shown` back to one page; it is now
    // derived instead, with the same result. The search and the filters can
    // change from many places (typing, filters, links, back and forward), so
    // the reset cannot live in one event handler. A Memo re-runs only when a
    // value it read has really changed, so `criteria_version` counts changes
    // of the search or filters exactly where the Effect re-ran. "Visa fler"
    // records the count it asked for with the version it asked for it in, and
    // that count holds only while the version is the same. Unlike keeping the
    // search itself as the key, going A → B → A still starts A from one page.
    let criteria_version = Memo::new(move |previous: Option<&u64>| {
        query.track();
        selection.track();
        previous.map_or(0, |version| version + 1)
    });
    let requested = RwSignal::new((0_u64, PAGE_SIZE));
    // On paper, every result: while the page is printed, or being made ready to print.
    let printing = use_printing();
    let print_all = RwSignal::new(false);
    let shown = Memo::new(move |_| {
        if printing.get() || print_all.get() {
            return usize::MAX;
        }
        let version = criteria_version.get();
        requested.with(|&(asked_in, count)| {
            if asked_in == version {
                count
            } else {
                PAGE_SIZE
            }
        })
    });
    let show_more = move |_| {
        requested.set((
            criteria_version.get_untracked(),
            shown.get_untracked() + PAGE_SIZE,
        ))
    };
    let filters_open = RwSignal::new(false);
    let total = move || outcome.with(|o| o.results.len());
    // What was searched for when it differs from what was typed (a split compound).
    let interpreted = move || outcome.with(|o| o.interpreted_query.clone());

    let on_input = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        // Typing replaces the history entry: back should not step through every letter.
        navigator.update(AddressWrite::WhenTypingPauses, |state| state.query = value);
    };
    let clear_all = move |_| {
        navigator.update(AddressWrite::NewEntry, |state| {
            state.query.clear();
            state.selection = Default::default();
        })
    };
    let has_criteria = move || !query.with(String::is_empty) || !selection.with(|s| s.is_empty());

    let facets = {
        let data = data.clone();
        Facet::ALL
            .into_iter()
            .map(|facet| view! { <FacetGroup data=data.clone() facet outcome /> })
            .collect_view()
    };
    let results = {
        let data = data.clone();
        // The whole page of results is drawn again for each new outcome, each
        // item once in the current language (the index follows the language)
        // and subscribing to nothing itself: this closure is what follows the
        // language and the links' language and mode (see `ListLink` on why).
        move || {
            navigator.lang_and_mode().track();
            let data = data.clone();
            let explorer = explorer.get().0;
            let lang = explorer.lang();
            let visible: Vec<usize> = outcome.with(|o| {
                o.results
                    .iter()
                    .take(shown.get())
                    .map(|r| r.entry)
                    .collect()
            });
            let highlights = explorer.highlight(&query.get(), &visible);
            visible
                .into_iter()
                .zip(highlights)
                .map(|(entry, matches)| view! { <li><ResultItem data=data.clone() explorer=explorer.clone() entry matches lang /></li> })
                .collect_view()
        }
    };
    let empty = {
        let data = data.clone();
        // Reads the search and filters itself: an empty outcome stays equal
        // while the visitor keeps typing, but the text shown must follow. The
        // texts are drawn once in the current language, followed here, so the
        // redrawn part subscribes to nothing (see `ListLink` on why).
        move || {
            (total() == 0).then(|| {
                let searched = interpreted().unwrap_or_else(|| query.get());
                view! { <EmptyResults data=data.clone() query=query.get() searched selection=selection.get() lang=lang.get() /> }
            })
        }
    };

    let take_away_data = data.clone();
    // On paper only (style/main.css): what the printed list is, since the filters are not.
    let criteria = {
        let data = data.clone();
        move || {
            let mut parts = Vec::new();
            let typed = query.get();
            if !typed.trim().is_empty() {
                parts.push(format!("{}: {typed}", t_string!(i18n, search_label)));
            }
            let lang = lang.get();
            selection.with(|selection| {
                for facet in Facet::ALL {
                    let labels: Vec<String> = selection
                        .values(facet)
                        .iter()
                        .filter_map(|id| data.catalog.value(facet, id))
                        .map(|value| value.label.get(lang).to_string())
                        .collect();
                    if !labels.is_empty() {
                        parts.push(format!(
                            "{}: {}",
                            facet_label(i18n, facet),
                            labels.join(", ")
                        ));
                    }
                }
            });
            parts.join(" · ")
        }
    };
    view! {
            <div class="explore__search" role="search">
                <label for="explore-search" class="explore__search-label">{t!(i18n, search_label)}</label>
                <input
                    id="explore-search"
                    type="search"
                    class="explore__search-input"
                    autocomplete="off"
                    spellcheck="false"
                    maxlength="200"
                    aria-describedby="explore-search-hint"
                    prop:value=move || query.get()
                    on:input=on_input
                />
                <p id="explore-search-hint" class="explore__hint">{t!(i18n, search_hint)}</p>
            </div>
            <div class="explore__layout">
                <section class="facets" aria-labelledby="facets-heading">
                    <h2 id="facets-heading" class="facets__heading">{t!(i18n, facets_heading)}</h2>
                    <button
                        type="button"
                        class="button button--secondary facets__toggle"
                        aria-expanded=move || filters_open.get().to_string()
                        aria-controls="facets-panel"
                        on:click=move |_| filters_open.update(|open| *open = !*open)
                    >
                        {move || if filters_open.get() { t_string!(i18n, filters_toggle_hide) } else { t_string!(i18n, filters_toggle) }}
                        {move || {
                            let count = selection.with(|s| s.len());
                            (count > 0).then(|| format!(" ({})", t_string!(i18n, filters_chosen, count = count)))
                        }}
                    </button>
                    <div id="facets-panel" class="facets__panel" class:facets__panel--open=move || filters_open.get()>
                        {facets}
                    </div>
                </section>
                <section class="results" aria-labelledby="results-heading">
                    <div class="results__bar">
                        <h2 id="results-heading" class="results__heading">{t!(i18n, results_heading)}</h2>
                        <p class="results__count" role="status" aria-live="polite" aria-atomic="true">
                            {move || match total() {
                                1 => t_string!(i18n, result_count_one).to_string(),
                                n => t_string!(i18n, result_count_many, count = n).to_string(),
                            }}
                            {move || interpreted().map(|shown| view! {
                                " "
                                <span class="results__interpreted">{t_string!(i18n, searched_for, query = shown).to_string()}</span>
                            })}
                        </p>
                        <Show when=has_criteria>
                            <button type="button" class="button button--secondary" on:click=clear_all>
                                {t!(i18n, clear_all)}
                            </button>
                        </Show>
                    </div>
                    <p class="results__criteria">{criteria}</p>
                    <Show when=move || { total() > 0 }>
                        <TakeAway data=take_away_data.clone() outcome lang print_all />
                    </Show>
                    {empty}
                    <ul class="results__list">{results}</ul>
                    <Show when=move || { shown.get() < total() }>
                        <button
                            type="button"
                            class="button results__more"
                            on:click=show_more
                        >
                            {move || t_string!(i18n, show_more, shown = shown.get().min(total()), total = total()).to_string()}
                        </button>
                    </Show>
                </section>
            </div>
    }
}

/// The one place the facets' labels are chosen: i18n keys must be literal, so this is a
/// `match`; the rest of the facet vocabulary is `plan_core::facet`.
fn facet_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, facet: Facet) -> &'static str {
    match facet {
        Facet::FocusArea => t_string!(i18n, facet_focus_area),
        Facet::Sector => t_string!(i18n, facet_sector),
        Facet::Municipality => t_string!(i18n, facet_municipality),
        Facet::Tag => t_string!(i18n, facet_tag),
    }
}

/// One facet as a group of checkboxes, each with its live count.
#[component]
fn FacetGroup(data: Arc<AppData>, facet: Facet, outcome: Memo<ExploreOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    // The one place the facets' labels are chosen: i18n keys must be literal, so
    // this is a `match`; the rest of the facet vocabulary is `plan_core::facet`.
    let legend = move || facet_label(i18n, facet);
    let options = data
        .catalog
        .values_of(facet)
        .iter()
        .map(|FacetValue { id, label }| {
            let (id, label) = (id.clone(), label.clone());
            let input_id = format!("facet-{}-{id}", facet.param());
            let checked = {
                let id = id.clone();
                let selection = navigator.selection();
                Memo::new(move |_| selection.with(|chosen| chosen.contains(facet, &id)))
            };
            let count = {
                let id = id.clone();
                Memo::new(move |_| outcome.with(|o| o.counts.get(facet, &id)))
            };
            let toggle = move |_| {
                let id = id.clone();
                navigator.update(AddressWrite::NewEntry, move |state| state.selection.toggle(facet, &id));
            };
            view! {
                <li class="facet__option" class:facet__option--empty=move || count.get() == 0 && !checked.get()>
                    <input type="checkbox" id=input_id.clone() prop:checked=move || checked.get() on:change=toggle />
                    <label for=input_id>
                        <Localized text=label />
                        <span class="facet__count">
                            {move || match count.get() {
                                0 => format!(" (0, {})", t_string!(i18n, empty_choice)),
                                n => format!(" ({n})"),
                            }}
                        </span>
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset class="facet">
            <legend class="facet__legend">{legend}</legend>
            <ul class="facet__options">{options}</ul>
        </fieldset>
    }
}

/// One result, drawn by kind, with its title's matches highlighted.
#[component]
fn ResultItem(
    data: Arc<AppData>,
    explorer: Arc<Explorer>,
    /// Position in the catalog.
    entry: usize,
    /// Where the search matched, by field.
    matches: Vec<FieldMatch>,
    lang: Lang,
) -> impl IntoView {
    let i18n = use_i18n();
    let position = entry;
    let entry = &data.catalog.entries[position];
    let title_text = explorer
        .document(position)
        .and_then(|d| d.fields.first())
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    let title_ranges = matches
        .iter()
        .find(|m| m.field_index == 0)
        .map(|m| m.ranges.clone())
        .unwrap_or_default();
    let title = view! { <Highlighted text=title_text ranges=title_ranges /> };
    let area_label = |area: FocusAreaIx| {
        let number = data.plan.focus_area(area).number;
        t_string!(i18n, focus_area_number, number = number).to_string()
    };
    let area_link = |area: FocusAreaIx| UrlState {
        view: View::FocusArea(data.plan.focus_area(area).id.to_string()),
        ..UrlState::default()
    };
    match entry.item {
        EntryItem::FocusArea(area) => {
            let (to, area_label) = (area_link(area), area_label(area));
            view! {
                <article class="result result--focus-area">
                    <p class="result__kind">{area_label}</p>
                    <h3 class="result__title"><ListLink to>{title}</ListLink></h3>
                </article>
            }
            .into_any()
        }
        EntryItem::Activity(activity) => {
            let activity = data.plan.activity(activity);
            let to = area_link(activity.focus_area);
            let area_label = area_label(activity.focus_area);
            // The activity's document has its tags as fields 1, 2, …, in this order.
            let tags = activity
                .tags
                .iter()
                .enumerate()
                .map(|(i, &tag)| {
                    let label = &data.plan.tag(tag).label;
                    let ranges = matches
                        .iter()
                        .find(|m| m.field_index == i + 1)
                        .map(|m| m.ranges.clone())
                        .unwrap_or_default();
                    let (shown, actual) = label.resolve(lang);
                    let indexed = explorer.document(position).and_then(|d| d.fields.get(i + 1));
                    if ranges.is_empty() || indexed.is_none_or(|(_, text)| text != shown) {
                        view! { <li class="tag">{localized_text(label, lang)}</li> }.into_any()
                    } else {
                        let text = shown.to_string();
                        view! { <li class="tag"><span lang=actual.code()><Highlighted text ranges /></span></li> }.into_any()
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <article class="result result--activity">
                    <p class="result__kind">
                        {t_string!(i18n, kind_activity)} " · "
                        <ListLink to>{area_label}</ListLink>
                    </p>
                    <h3 class="result__title">{title}</h3>
                    <ul class="tags" aria-label=t_string!(i18n, tags_label)>{tags}</ul>
                </article>
            }
            .into_any()
        }
        EntryItem::Partner(partner) => view! {
            <div class="result result--partner">
                <p class="result__kind">{t_string!(i18n, kind_partner)}</p>
                <PartnerCard
                    data=data.clone()
                    partner
                    lang
                    matches=PartnerMatches::of(data.partners.partner(partner).tags.len(), &matches)
                />
            </div>
        }
        .into_any(),
    }
}

/// No results: what was searched, which filters limit it, and one-click ways out.
/// Drawn once in `lang`: it is drawn again whenever anything it shows changes.
#[component]
fn EmptyResults(
    data: Arc<AppData>,
    query: String,
    /// What was searched for: the query, or how the search read it (a split compound).
    searched: String,
    selection: Selection,
    lang: Lang,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let heading = if query.trim().is_empty() {
        t_string!(i18n, no_results).to_string()
    } else {
        t_string!(i18n, no_results_query, query = searched.clone()).to_string()
    };
    let heading = view! { <p class="empty-results__text">{heading}</p> };
    let clear_search = (!query.trim().is_empty()).then(|| {
        let text = t_string!(i18n, clear_search, query = query.clone()).to_string();
        view! {
            <li>
                <button type="button" class="button button--secondary" on:click=move |_| navigator.update(AddressWrite::NewEntry, |s| s.query.clear())>
                    {text}
                </button>
            </li>
        }
    });
    let filter_buttons = Facet::ALL
        .into_iter()
        .flat_map(|facet| {
            selection
                .values(facet)
                .iter()
                .map(|id| {
                    let label = data.catalog.value(facet, id).map_or_else(|| LocalizedText { sv: id.clone(), ..Default::default() }, |value| value.label.clone());
                    let id = id.clone();
                    let text = t_string!(i18n, remove_filter, name = label.get(lang).to_string()).to_string();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="button button--secondary"
                                on:click=move |_| {
                                    let id = id.clone();
                                    navigator.update(AddressWrite::NewEntry, move |s| s.selection.toggle(facet, &id))
                                }
                            >
                                {text}
                            </button>
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let has_filters = !selection.is_empty();
    view! {
        <div class="empty-results">
            {heading}
            {(has_filters || clear_search.is_some()).then(|| view! { <p>{t_string!(i18n, limiting_filters)}</p> })}
            <ul class="empty-results__actions">{clear_search} {filter_buttons}</ul>
        </div>
    }
}
