//! The feedback results for the region's staff: a bar chart per view with a
//! table as its text alternative, and, with a token, the comments and a CSV export.

use crate::browser::fetch;
use crate::browser::focus::focus_by_id;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use plan_core::data_source::SiteData;
use plan_core::results::{
    chart_rows, check_collector_status, comments_page_url, export_file_name, export_url,
    parse_collector_json, summary_url, view_label, CollectorProblem, CommentList, CommentPage,
    FeedbackComment, FeedbackSummary, COMMENTS_PAGE_SIZE,
};
use std::sync::Arc;

// The chart's geometry in whole SVG units (the SVG scales to the screen): no float
// formatting in the wasm (plan_core::results::ChartRow).
/// Width of the bars.
const BAR_WIDTH: u32 = 400;
const LABEL_WIDTH: u32 = 40;
const ROW_HEIGHT: u32 = 44;

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

/// One page of comments: the first without a cursor.
async fn get_comment_page(
    endpoint: &str,
    token: &str,
    cursor: Option<&str>,
) -> Result<CommentPage, FetchProblem> {
    let url = comments_page_url(endpoint, COMMENTS_PAGE_SIZE, cursor);
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

/// The staff view.
#[component]
pub fn ResultsPage(data: Arc<SiteData>) -> impl IntoView {
    let i18n = use_i18n();
    let endpoint = data.config.feedback.endpoint.clone();
    let summary = RwSignal::new(Fetched::<FeedbackSummary>::Loading);
    let load_summary = {
        let url = summary_url(&endpoint);
        move || {
            let url = url.clone();
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
    let endpoint = StoredValue::new(endpoint);
    let show_comments = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let secret = token.get_untracked();
        comments.set(Fetched::Loading);
        more.set(Fetched::Idle);
        download.set(Fetched::Idle);
        accepted_token.set(None);
        spawn_local(async move {
            let endpoint = endpoint.get_value();
            match get_comment_page(&endpoint, &secret, None).await {
                Ok(page) => {
                    comment_list.set(CommentList::first(page));
                    accepted_token.set(Some(secret));
                    comments.set(Fetched::Done(()));
                }
                Err(problem) => comments.set(Fetched::Failed(problem)),
            }
        });
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
            match get_comment_page(&endpoint, &secret, Some(&cursor)).await {
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
            let url = export_url(&endpoint.get_value());
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
        Fetched::Done(summary) if summary.views.is_empty() => view! { <p>{t!(i18n, results_none)}</p> }.into_any(),
        Fetched::Done(summary) => view! { <SummaryChart data=data_for_summary.clone() summary /> }.into_any(),
    }
    };

    let data_for_comments = data.clone();
    let comment_item = move |(index, c): (usize, FeedbackComment)| {
        let lang = crate::language::lang_of(i18n.get_locale_untracked());
        let label = view_label(
            &data_for_comments.plan,
            &c.content_id,
            lang,
            t_string!(i18n, nav_explore),
            t_string!(i18n, nav_overview),
        );
        view! {
            <li class="comment" id=format!("comment-{index}") tabindex="-1">
                <p class="comment__meta">{label} " · " {c.received_at} " · " {c.lang}</p>
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
                        {t!(i18n, results_download_csv)}
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

/// A horizontal stacked bar per view (Ja, then Nej), drawn as inline SVG and
/// described by the table after it, which carries the same numbers as text.
#[component]
fn SummaryChart(data: Arc<SiteData>, summary: FeedbackSummary) -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::components::use_lang();
    let rows = chart_rows(&summary, BAR_WIDTH);
    let height = ROW_HEIGHT * rows.len() as u32;
    let bars = rows
        .iter()
        .zip(&summary.views)
        .enumerate()
        .map(|(i, (row, view))| {
            let y = i as u32 * ROW_HEIGHT + 8;
            let number = format!("{}", i + 1);
            let counts = format!("{} / {}", view.yes, view.no);
            view! {
                <g>
                    <text x="0" y=y + 20 class="chart__label">{number}</text>
                    <rect x=LABEL_WIDTH y=y width=row.yes_width height="28" class="chart__yes" />
                    <rect x=LABEL_WIDTH + row.yes_width y=y width=row.no_width height="28" class="chart__no" />
                    <text x=LABEL_WIDTH + BAR_WIDTH + 8 y=y + 20 class="chart__label">{counts}</text>
                </g>
            }
        })
        .collect_view();
    let table_rows = summary
        .views
        .iter()
        .enumerate()
        .map(|(i, view)| {
            let content_id = view.content_id.clone();
            let data = data.clone();
            let label = move || {
                view_label(
                    &data.plan,
                    &content_id,
                    lang.get(),
                    t_string!(i18n, nav_explore),
                    t_string!(i18n, nav_overview),
                )
            };
            view! {
                <tr>
                    <td>{i + 1}</td>
                    <th scope="row">{label}</th>
                    <td>{view.yes}</td>
                    <td>{view.no}</td>
                    <td>{format!("{} %", view.helpful_percent())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg
                class="chart__svg"
                role="img"
                aria-labelledby="chart-caption"
                viewBox=format!("0 0 {} {}", LABEL_WIDTH + BAR_WIDTH + 90, height + 8)
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
                    <th scope="col">"#"</th>
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
