//! The feedback results for the region's staff: a filter (period, language, mode), a
//! bar chart per view and one of answers per week, each with a table of the same numbers,
//! and, with a token, the comments and a CSV export within the same filter.
//!
//! The filter lives in this view, not in the address: `lang` and `mode` in the address
//! already mean the interface's language and mode (`plan_core::url_state`).

use crate::browser::fetch;
use crate::browser::focus::focus_by_id;
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::AppLink;
use leptos::prelude::*;
use leptos::task::spawn_local;
use plan_core::data_source::SiteData;
use plan_core::model::Lang;
use plan_core::results::{
    chart_rows, check_collector_status, export_file_name, filter_from_form,
    filtered_comments_page_url, filtered_export_url, filtered_summary_url, format_received_at,
    parse_collector_json, view_name, week_bar_heights, CollectorProblem, CommentList, CommentPage,
    FeedbackComment, FeedbackSummary, StaffFilter, ViewName, WeekSummary, COMMENTS_PAGE_SIZE,
};
use std::sync::Arc;

type I18n = leptos_i18n::I18nContext<crate::i18n::Locale>;

// The chart's geometry in whole SVG units (the SVG scales to the screen): no float
// formatting in the wasm (plan_core::results::ChartRow).
/// Width of the bars.
const BAR_WIDTH: u32 = 400;
/// Room right of the bars for the counts.
const COUNTS_WIDTH: u32 = 90;
/// A row: the view's name, then its bar below it.
const ROW_HEIGHT: u32 = 60;
/// The weekly chart: tallest bar, bar width and the step from one bar to the next.
const WEEK_CHART_HEIGHT: u32 = 120;
const WEEK_BAR_WIDTH: u32 = 28;
const WEEK_STEP: u32 = 40;

/// What a request to the collector gave.
#[derive(Clone, Debug, PartialEq)]
enum Fetched<T> {
    Idle,
    Loading,
    Done(T),
    Failed(FetchProblem),
}

/// What went wrong, decided by `plan_core::results`.
type FetchProblem = CollectorProblem;

fn unreachable(_: fetch::Unreachable) -> FetchProblem {
    CollectorProblem::Unreachable
}

/// GET `url`, with a bearer token if given: the answer if its status is 2xx.
async fn get(url: &str, token: Option<&str>) -> Result<fetch::Answer, FetchProblem> {
    let answer = fetch::get(url, token).await.map_err(unreachable)?;
    check_collector_status(answer.status())?;
    Ok(answer)
}

/// GET `url`, with a bearer token if given; the body as text.
async fn get_text(url: &str, token: Option<&str>) -> Result<String, FetchProblem> {
    get(url, token).await?.text().await.map_err(unreachable)
}

/// One page of comments within `filter`: the first without a cursor.
async fn get_comment_page(
    endpoint: &str,
    token: &str,
    cursor: Option<&str>,
    filter: &StaffFilter,
) -> Result<CommentPage, FetchProblem> {
    let url = filtered_comments_page_url(endpoint, COMMENTS_PAGE_SIZE, cursor, filter);
    let text = get_text(&url, Some(token)).await?;
    parse_collector_json(&text)
}

/// Downloads the CSV export and hands it to the browser as a file.
///
/// Through `fetch`, so that the token goes in a header, never in the address.
async fn download_export(url: &str, token: &str) -> Result<(), FetchProblem> {
    let answer = get(url, Some(token)).await?;
    let name = export_file_name(answer.header("content-disposition").as_deref());
    answer.save_as_file(&name).await.map_err(unreachable)
}

/// A view's short name, for the chart: "Handlingsplanen", "Insatsområde 2", …
fn short_name(i18n: I18n, name: &ViewName) -> String {
    match name {
        ViewName::Plan { .. } => t_string!(i18n, nav_plan).to_string(),
        ViewName::FocusArea { number, .. } => {
            t_string!(i18n, focus_area_number, number = *number).to_string()
        }
        ViewName::Explore => t_string!(i18n, nav_explore).to_string(),
        ViewName::Overview => t_string!(i18n, results_view_overview).to_string(),
        ViewName::Accessibility => t_string!(i18n, footer_accessibility).to_string(),
        ViewName::Unknown(id) => id.clone(),
    }
}

/// A view's full name, for the table and the comments: with the plan's or the focus
/// area's title, where there is room.
fn full_name(i18n: I18n, name: &ViewName) -> String {
    match name {
        ViewName::Plan { title } => title.clone(),
        ViewName::FocusArea { title, .. } => format!("{}: {title}", short_name(i18n, name)),
        other => short_name(i18n, other),
    }
}

/// The staff view.
#[component]
pub fn ResultsPage(data: Arc<SiteData>) -> impl IntoView {
    let i18n = use_i18n();
    let endpoint = data.config.feedback.endpoint.clone();
    // The filter in force, and the form's fields (applied on submit, so that a half-typed
    // date never sends a request).
    let filter = RwSignal::new(StaffFilter::default());
    let form_from = RwSignal::new(String::new());
    let form_to = RwSignal::new(String::new());
    let form_lang = RwSignal::new(String::new());
    let form_mode = RwSignal::new(String::new());
    let form_invalid = RwSignal::new(false);
    let summary = RwSignal::new(Fetched::<FeedbackSummary>::Loading);
    let load_summary = {
        let endpoint = endpoint.clone();
        move || {
            let url = filtered_summary_url(&endpoint, &filter.get_untracked());
            summary.set(Fetched::Loading);
            spawn_local(async move {
                let parsed = get_text(&url, None)
                    .await
                    .and_then(|text| parse_collector_json(&text));
                summary.set(match parsed {
                    Ok(parsed) => Fetched::Done(parsed),
                    Err(problem) => Fetched::Failed(problem),
                });
            });
        }
    };
    load_summary();
    let load_summary = StoredValue::new(load_summary);

    let token = RwSignal::new(String::new());
    // The first page's state; the list itself lives in `comment_list`, so that loading more
    // appends to it instead of redrawing (and the "load more" button keeps its focus).
    let comments = RwSignal::new(Fetched::<()>::Idle);
    let comment_list = RwSignal::new(CommentList::default());
    let more = RwSignal::new(Fetched::<()>::Idle);
    let download = RwSignal::new(Fetched::<()>::Idle);
    // The token that the collector accepted, for the next pages and the download.
    let accepted_token = RwSignal::new(None::<String>);
    // The filter the comment list was read with: a cursor is only good with it.
    let list_filter = StoredValue::new(StaffFilter::default());
    let endpoint = StoredValue::new(endpoint);
    let load_comments = move |secret: String| {
        let wanted = filter.get_untracked();
        comments.set(Fetched::Loading);
        more.set(Fetched::Idle);
        download.set(Fetched::Idle);
        accepted_token.set(None);
        spawn_local(async move {
            let endpoint = endpoint.get_value();
            match get_comment_page(&endpoint, &secret, None, &wanted).await {
                Ok(page) => {
                    list_filter.set_value(wanted);
                    comment_list.set(CommentList::first(page));
                    accepted_token.set(Some(secret));
                    comments.set(Fetched::Done(()));
                }
                Err(problem) => comments.set(Fetched::Failed(problem)),
            }
        });
    };
    let show_comments = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        load_comments(token.get_untracked());
    };
    let apply_filter = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let parsed = filter_from_form(
            &form_from.get_untracked(),
            &form_to.get_untracked(),
            &form_lang.get_untracked(),
            &form_mode.get_untracked(),
        );
        let Ok(parsed) = parsed else {
            form_invalid.set(true);
            return;
        };
        form_invalid.set(false);
        filter.set(parsed);
        load_summary.with_value(|load| load());
        // Comments already shown follow the filter, from their first page.
        if let Some(secret) = accepted_token.get_untracked() {
            load_comments(secret);
        }
    };
    let load_more = move |_| {
        let cursor = comment_list.with_untracked(|list| list.next_cursor.clone());
        let (Some(cursor), Some(secret)) = (cursor, accepted_token.get_untracked()) else {
            return;
        };
        if more.get_untracked() == Fetched::Loading {
            return;
        }
        more.set(Fetched::Loading);
        spawn_local(async move {
            let endpoint = endpoint.get_value();
            let filter = list_filter.get_value();
            match get_comment_page(&endpoint, &secret, Some(&cursor), &filter).await {
                Ok(page) => {
                    let first_new = comment_list.with_untracked(|list| list.items.len());
                    let added = !page.comments.is_empty();
                    comment_list.update(|list| list.push_page(page));
                    more.set(Fetched::Idle);
                    if added {
                        // A keyboard user who asked for more lands on the first new one.
                        focus_by_id(format!("comment-{first_new}"));
                    }
                }
                Err(problem) => more.set(Fetched::Failed(problem)),
            }
        });
    };
    let start_download = move |_| {
        let Some(secret) = accepted_token.get_untracked() else {
            return;
        };
        if download.get_untracked() == Fetched::Loading {
            return;
        }
        download.set(Fetched::Loading);
        spawn_local(async move {
            let url = filtered_export_url(&endpoint.get_value(), &list_filter.get_value());
            download.set(match download_export(&url, &secret).await {
                Ok(()) => Fetched::Idle,
                Err(problem) => Fetched::Failed(problem),
            });
        });
    };

    let problem_text = move |problem: &FetchProblem| match problem {
        FetchProblem::Unreachable => t_string!(i18n, results_unreachable).to_string(),
        FetchProblem::Unauthorized => t_string!(i18n, results_unauthorized).to_string(),
        FetchProblem::NotConfigured => t_string!(i18n, results_not_configured).to_string(),
        FetchProblem::Status(status) => {
            t_string!(i18n, results_status, status = status).to_string()
        }
        FetchProblem::Malformed => t_string!(i18n, results_malformed).to_string(),
    };

    let data_for_summary = data.clone();
    let summary_view = move || {
        match summary.get() {
        Fetched::Idle | Fetched::Loading => view! { <p role="status">{t!(i18n, results_loading)}</p> }.into_any(),
        Fetched::Failed(problem) => view! {
            <div class="load-error">
                <p role="alert">{problem_text(&problem)}</p>
                <button type="button" class="button" on:click=move |_| load_summary.with_value(|load| load())>{t!(i18n, retry)}</button>
            </div>
        }
        .into_any(),
        Fetched::Done(summary) if summary.views.is_empty() => view! { <p role="status">{t!(i18n, results_none)}</p> }.into_any(),
        Fetched::Done(summary) => view! {
            <SummaryChart data=data_for_summary.clone() summary=summary.clone() />
            <WeeklyChart weeks=summary.weeks />
        }.into_any(),
    }
    };

    let data_for_comments = data.clone();
    let comment_item = move |(index, c): (usize, FeedbackComment)| {
        let lang = crate::language::lang_of(i18n.get_locale_untracked());
        let label = full_name(
            i18n,
            &view_name(&data_for_comments.plan, &c.content_id, lang),
        );
        let when = format_received_at(&c.received_at, lang).unwrap_or(c.received_at.clone());
        view! {
            <li class="comment" id=format!("comment-{index}") tabindex="-1">
                <p class="comment__meta">
                    {label} " · " <time datetime=c.received_at>{when}</time> " · " {c.lang}
                </p>
                <p class="comment__text">{c.comment}</p>
            </li>
        }
    };
    let more_status = move || match more.get() {
        Fetched::Loading => view! { <p role="status">{t!(i18n, results_loading)}</p> }.into_any(),
        Fetched::Failed(problem) => {
            view! { <p role="alert" class="form-error">{problem_text(&problem)}</p> }.into_any()
        }
        Fetched::Idle | Fetched::Done(()) => ().into_any(),
    };
    let download_status = move || match download.get() {
        Fetched::Loading => {
            view! { <p role="status">{t!(i18n, results_downloading)}</p> }.into_any()
        }
        Fetched::Failed(problem) => {
            view! { <p role="alert" class="form-error">{problem_text(&problem)}</p> }.into_any()
        }
        Fetched::Idle | Fetched::Done(()) => ().into_any(),
    };
    let comments_view = move || match comments.get() {
        Fetched::Idle => ().into_any(),
        Fetched::Loading => view! { <p role="status">{t!(i18n, results_loading)}</p> }.into_any(),
        Fetched::Failed(problem) => {
            view! { <p role="alert" class="form-error">{problem_text(&problem)}</p> }.into_any()
        }
        Fetched::Done(()) => {
            let comment_item = comment_item.clone();
            view! {
                <Show
                    when=move || comment_list.with(|list| !list.items.is_empty())
                    fallback=move || view! { <p role="status">{t!(i18n, results_no_comments)}</p> }
                >
                    <p class="comment__meta">{t!(i18n, results_times_utc)}</p>
                    <div role="status">
                        <ul class="comments">
                            <For
                                each=move || {
                                    comment_list.with(|list| {
                                        list.items.iter().cloned().enumerate().collect::<Vec<_>>()
                                    })
                                }
                                key=|(index, c)| (*index, c.id.clone())
                                children=comment_item.clone()
                            />
                        </ul>
                    </div>
                </Show>
                <Show when=move || comment_list.with(CommentList::has_more)>
                    <p>
                        <button
                            type="button"
                            class="button"
                            disabled=move || more.get() == Fetched::Loading
                            on:click=load_more
                        >
                            {t!(i18n, results_load_more)}
                        </button>
                    </p>
                </Show>
                {more_status}
                <p>
                    <button
                        type="button"
                        class="button"
                        disabled=move || download.get() == Fetched::Loading
                        on:click=start_download
                    >
                        {move || {
                            // The export follows the filter, and says so when there is one.
                            if filter.get() == StaffFilter::default() {
                                t_string!(i18n, results_download_csv).to_string()
                            } else {
                                t_string!(i18n, results_download_csv_filtered).to_string()
                            }
                        }}
                    </button>
                </p>
                {download_status}
            }
            .into_any()
        }
    };

    view! {
        <div class="results-page">
            <h1 tabindex="-1">{t!(i18n, results_page_heading)}</h1>
            <p>{t!(i18n, results_intro)}</p>
            // The editors' check of data files before they publish them.
            <p>
                <AppLink to=plan_core::url_state::UrlState {
                    view: plan_core::url_state::View::Preview,
                    ..Default::default()
                }>
                    {t!(i18n, preview_link)}
                </AppLink>
            </p>
            <section class="plan__section" aria-labelledby="filters-heading">
                <h2 id="filters-heading">{t!(i18n, results_filters_heading)}</h2>
                <form class="results-filters" on:submit=apply_filter novalidate>
                    <p id="filter-dates-hint" class="results-filters__hint">
                        {t!(i18n, results_filter_dates_hint)}
                    </p>
                    <div class="results-filters__fields">
                        <div class="results-filters__field">
                            <label for="filter-from">{t!(i18n, results_filter_from)}</label>
                            <input
                                id="filter-from"
                                type="date"
                                aria-describedby="filter-dates-hint"
                                prop:value=move || form_from.get()
                                on:input=move |event| form_from.set(event_target_value(&event))
                            />
                        </div>
                        <div class="results-filters__field">
                            <label for="filter-to">{t!(i18n, results_filter_to)}</label>
                            <input
                                id="filter-to"
                                type="date"
                                aria-describedby="filter-dates-hint"
                                prop:value=move || form_to.get()
                                on:input=move |event| form_to.set(event_target_value(&event))
                            />
                        </div>
                        <div class="results-filters__field">
                            <label for="filter-lang">{t!(i18n, results_filter_lang)}</label>
                            <select
                                id="filter-lang"
                                prop:value=move || form_lang.get()
                                on:change=move |event| form_lang.set(event_target_value(&event))
                            >
                                <option value="">{t!(i18n, results_filter_all)}</option>
                                <option value="sv" lang="sv">"Svenska"</option>
                                <option value="en" lang="en">"English"</option>
                                <option value="de" lang="de">"Deutsch"</option>
                            </select>
                        </div>
                        <div class="results-filters__field">
                            <label for="filter-mode">{t!(i18n, results_filter_mode)}</label>
                            <select
                                id="filter-mode"
                                prop:value=move || form_mode.get()
                                on:change=move |event| form_mode.set(event_target_value(&event))
                            >
                                <option value="">{t!(i18n, results_filter_all)}</option>
                                <option value="standalone">{t!(i18n, results_mode_standalone)}</option>
                                <option value="embedded">{t!(i18n, results_mode_embedded)}</option>
                                <option value="kiosk">{t!(i18n, results_mode_kiosk)}</option>
                            </select>
                        </div>
                    </div>
                    <button type="submit" class="button">{t!(i18n, results_filter_apply)}</button>
                    <Show when=move || form_invalid.get()>
                        <p role="alert" class="form-error">{t!(i18n, results_filter_invalid)}</p>
                    </Show>
                </form>
            </section>
            <section class="plan__section" aria-labelledby="summary-heading">
                <h2 id="summary-heading">{t!(i18n, results_summary_heading)}</h2>
                {summary_view}
            </section>
            <section class="plan__section" aria-labelledby="comments-heading">
                <h2 id="comments-heading">{t!(i18n, results_comments_heading)}</h2>
                <form class="token-form" on:submit=show_comments>
                    <label for="results-token">{t!(i18n, results_token_label)}</label>
                    <input
                        id="results-token"
                        type="password"
                        autocomplete="off"
                        prop:value=move || token.get()
                        on:input=move |event| token.set(event_target_value(&event))
                    />
                    <button type="submit" class="button">{t!(i18n, results_show_comments)}</button>
                </form>
                {comments_view}
            </section>
        </div>
    }
}

/// A horizontal stacked bar per view (Ja, then Nej) under the view's name, drawn as
/// inline SVG and described by a sentence and the table after it, which carry the same
/// numbers as text. A view with fewer than 10 answers says that its share is not reliable.
#[component]
fn SummaryChart(data: Arc<SiteData>, summary: FeedbackSummary) -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::components::use_lang();
    // Redrawn when the language changes: the names are words of the reader's language.
    move || {
        let lang: Lang = lang.get();
        let rows = chart_rows(&summary, BAR_WIDTH);
        let height = ROW_HEIGHT * rows.len() as u32;
        let names: Vec<ViewName> = summary
            .views
            .iter()
            .map(|view| view_name(&data.plan, &view.content_id, lang))
            .collect();
        let bars = rows
            .iter()
            .zip(&summary.views)
            .zip(&names)
            .enumerate()
            .map(|(i, ((row, view), name))| {
                let y = i as u32 * ROW_HEIGHT;
                let mut label = short_name(i18n, name);
                if !view.is_reliable() {
                    label = format!("{label} ({})", t_string!(i18n, results_few_answers_short));
                }
                let counts = format!("{} / {}", view.yes, view.no);
                view! {
                    <g>
                        <text x="0" y=y + 20 class="chart__label">{label}</text>
                        <rect x="0" y=y + 28 width=row.yes_width height="24" class="chart__yes" />
                        <rect x=row.yes_width y=y + 28 width=row.no_width height="24" class="chart__no" />
                        <text x=BAR_WIDTH + 8 y=y + 46 class="chart__label">{counts}</text>
                    </g>
                }
            })
            .collect_view();
        let answers: u64 = summary.views.iter().map(|v| v.total()).sum();
        let text_summary = t_string!(
            i18n,
            results_summary_text,
            answers = answers,
            views = summary.views.len()
        )
        .to_string();
        let table_rows = summary
            .views
            .iter()
            .zip(&names)
            .map(|(view, name)| {
                let share = format!("{} %", view.helpful_percent());
                let note = (!view.is_reliable()).then(|| {
                    view! { <span class="results-note">{t!(i18n, results_few_answers)}</span> }
                });
                view! {
                    <tr>
                        <th scope="row">{full_name(i18n, name)}</th>
                        <td>{view.yes}</td>
                        <td>{view.no}</td>
                        <td>{share} {note}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <figure class="chart">
                <p id="chart-summary">{text_summary}</p>
                <svg
                    class="chart__svg"
                    role="img"
                    aria-labelledby="chart-caption"
                    aria-describedby="chart-summary"
                    viewBox=format!("0 0 {} {}", BAR_WIDTH + COUNTS_WIDTH, height + 4)
                    preserveAspectRatio="xMinYMin meet"
                >
                    {bars}
                </svg>
                <figcaption id="chart-caption">{t!(i18n, results_chart_caption)}</figcaption>
                <p class="chart__legend">
                    <span class="chart__swatch chart__swatch--yes" aria-hidden="true"></span>{t!(i18n, feedback_yes)}
                    <span class="chart__swatch chart__swatch--no" aria-hidden="true"></span>{t!(i18n, feedback_no)}
                </p>
            </figure>
            <table class="results-table">
                <caption>{t!(i18n, results_table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, results_col_view)}</th>
                        <th scope="col">{t!(i18n, feedback_yes)}</th>
                        <th scope="col">{t!(i18n, feedback_no)}</th>
                        <th scope="col">{t!(i18n, results_col_share)}</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </table>
        }
    }
}

/// Answers per ISO week as vertical bars (whole-unit heights from plan_core), with the
/// count above and the week's number below each, and a table of the same numbers beside.
#[component]
fn WeeklyChart(weeks: Vec<WeekSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if weeks.is_empty() {
        return ().into_any();
    }
    let heights = week_bar_heights(&weeks, WEEK_CHART_HEIGHT);
    // Room above the tallest bar for its count, below for the week's number.
    let top = 24;
    let base = top + WEEK_CHART_HEIGHT;
    let width = (WEEK_STEP * weeks.len() as u32).max(WEEK_STEP * 8);
    let total: u64 = weeks.iter().map(|w| w.answers).sum();
    let most = weeks.iter().map(|w| w.answers).max().unwrap_or(0);
    let weeks_count = weeks.len();
    let bars = weeks
        .iter()
        .zip(&heights)
        .enumerate()
        .map(|(i, (week, &h))| {
            let x = i as u32 * WEEK_STEP + (WEEK_STEP - WEEK_BAR_WIDTH) / 2;
            let middle = i as u32 * WEEK_STEP + WEEK_STEP / 2;
            let label = t_string!(i18n, results_week_short, number = week.number()).to_string();
            view! {
                <g>
                    <rect x=x y=base - h width=WEEK_BAR_WIDTH height=h class="chart__yes" />
                    <text x=middle y=base - h - 6 text-anchor="middle" class="chart__count">{week.answers}</text>
                    <text x=middle y=base + 18 text-anchor="middle" class="chart__count">{label}</text>
                </g>
            }
        })
        .collect_view();
    let rows = weeks
        .iter()
        .map(|week| {
            view! {
                <tr>
                    <th scope="row">{week.week.clone()}</th>
                    <td>{week.monday.clone()}</td>
                    <td>{week.answers}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3 id="weeks-heading">{t!(i18n, results_weeks_heading)}</h3>
        <div class="weeks">
            <figure class="chart weeks__chart">
                <p id="weeks-summary">
                    {move || {
                        t_string!(i18n, results_weeks_summary, answers = total, weeks = weeks_count, most = most)
                            .to_string()
                    }}
                </p>
                <svg
                    class="chart__svg"
                    role="img"
                    aria-labelledby="weeks-caption"
                    aria-describedby="weeks-summary"
                    viewBox=format!("0 0 {width} {}", base + 26)
                    preserveAspectRatio="xMinYMin meet"
                >
                    <line x1="0" y1=base x2=width y2=base class="chart__axis" />
                    {bars}
                </svg>
                <figcaption id="weeks-caption">{t!(i18n, results_weeks_caption)}</figcaption>
            </figure>
            <table class="results-table weeks__table">
                <caption>{t!(i18n, results_weeks_heading)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, results_col_week)}</th>
                        <th scope="col">{t!(i18n, results_col_monday)}</th>
                        <th scope="col">{t!(i18n, results_col_answers)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
