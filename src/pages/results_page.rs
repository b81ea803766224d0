//! The feedback results for the region's staff: a bar chart per view with a
//! table as its text alternative, and, with a token, the comments and a CSV export.

use crate::data_source::AppData;
use crate::i18n::{t, t_string, use_i18n};
use crate::results::{
    chart_rows, comments_url, export_url, summary_url, view_label, FeedbackComment, FeedbackSummary,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Width of the bars in the chart's own units (the SVG scales to the screen).
const BAR_WIDTH: f64 = 400.0;
const LABEL_WIDTH: f64 = 40.0;
const ROW_HEIGHT: f64 = 44.0;

/// What a request to the collector gave.
#[derive(Clone, Debug, PartialEq)]
enum Fetched<T> {
    Idle,
    Loading,
    Done(T),
    Failed(FetchProblem),
}

#[derive(Clone, Debug, PartialEq)]
enum FetchProblem {
    Unreachable,
    Unauthorized,
    NotConfigured,
    Status(u16),
    Malformed,
}

/// GET `url`, with a bearer token if given; the body as text.
async fn get_text(url: &str, token: Option<&str>) -> Result<String, FetchProblem> {
    let mut request = gloo_net::http::Request::get(url).cache(web_sys::RequestCache::NoStore);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {}", token.trim()));
    }
    let response = request
        .send()
        .await
        .map_err(|_| FetchProblem::Unreachable)?;
    match response.status() {
        200..=299 => response.text().await.map_err(|_| FetchProblem::Unreachable),
        401 | 403 => Err(FetchProblem::Unauthorized),
        503 => Err(FetchProblem::NotConfigured),
        status => Err(FetchProblem::Status(status)),
    }
}

/// The staff view.
#[component]
pub fn ResultsPage(data: Arc<AppData>) -> impl IntoView {
    let i18n = use_i18n();
    let endpoint = data.config.feedback.endpoint.clone();
    let summary = RwSignal::new(Fetched::<FeedbackSummary>::Loading);
    let load_summary = {
        let url = summary_url(&endpoint);
        move || {
            let url = url.clone();
            summary.set(Fetched::Loading);
            spawn_local(async move {
                summary.set(match get_text(&url, None).await {
                    Ok(text) => match serde_json::from_str(&text) {
                        Ok(parsed) => Fetched::Done(parsed),
                        Err(_) => Fetched::Failed(FetchProblem::Malformed),
                    },
                    Err(problem) => Fetched::Failed(problem),
                });
            });
        }
    };
    load_summary();
    let load_summary = StoredValue::new(load_summary);

    let token = RwSignal::new(String::new());
    let comments = RwSignal::new(Fetched::<Vec<FeedbackComment>>::Idle);
    let csv = RwSignal::new(Fetched::<String>::Idle);
    let comments_endpoint = comments_url(&endpoint);
    let export_endpoint = export_url(&endpoint);
    let show_comments = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (comments_endpoint, export_endpoint, secret) = (
            comments_endpoint.clone(),
            export_endpoint.clone(),
            token.get_untracked(),
        );
        comments.set(Fetched::Loading);
        csv.set(Fetched::Loading);
        spawn_local(async move {
            comments.set(match get_text(&comments_endpoint, Some(&secret)).await {
                Ok(text) => serde_json::from_str(&text)
                    .map(Fetched::Done)
                    .unwrap_or(Fetched::Failed(FetchProblem::Malformed)),
                Err(problem) => Fetched::Failed(problem),
            });
            csv.set(match get_text(&export_endpoint, Some(&secret)).await {
                Ok(text) => Fetched::Done(text),
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
    let comments_view = move || match comments.get() {
        Fetched::Idle => ().into_any(),
        Fetched::Loading => view! { <p role="status">{t!(i18n, results_loading)}</p> }.into_any(),
        Fetched::Failed(problem) => {
            view! { <p role="alert" class="form-error">{problem_text(&problem)}</p> }.into_any()
        }
        Fetched::Done(list) if list.is_empty() => {
            view! { <p role="status">{t!(i18n, results_no_comments)}</p> }.into_any()
        }
        Fetched::Done(list) => {
            let lang = crate::language::lang_of(i18n.get_locale_untracked());
            let explore = t_string!(i18n, nav_explore);
            let items = list
                .into_iter()
                .map(|c| {
                    let label = view_label(&data_for_comments, &c.content_id, lang, explore);
                    view! {
                        <li class="comment">
                            <p class="comment__meta">{label} " · " {c.received_at.clone()} " · " {c.lang.clone()}</p>
                            <p class="comment__text">{c.comment.clone()}</p>
                        </li>
                    }
                })
                .collect_view();
            view! { <div role="status"><ul class="comments">{items}</ul></div> }.into_any()
        }
    };
    let download = move || match csv.get() {
        Fetched::Done(text) => {
            let href = format!(
                "data:text/csv;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&text))
            );
            view! { <p><a class="button" href=href download="feedback.csv">{t!(i18n, results_download_csv)}</a></p> }.into_any()
        }
        _ => ().into_any(),
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
                {download}
            </section>
        </div>
    }
}

/// A horizontal stacked bar per view (Ja, then Nej), drawn as inline SVG and
/// described by the table after it, which carries the same numbers as text.
#[component]
fn SummaryChart(data: Arc<AppData>, summary: FeedbackSummary) -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::components::use_lang();
    let rows = chart_rows(&summary, BAR_WIDTH);
    let height = ROW_HEIGHT * rows.len() as f64;
    let bars = rows
        .iter()
        .zip(&summary.views)
        .enumerate()
        .map(|(i, (row, view))| {
            let y = i as f64 * ROW_HEIGHT + 8.0;
            let number = format!("{}", i + 1);
            let counts = format!("{} / {}", view.yes, view.no);
            view! {
                <g>
                    <text x="0" y=y + 20.0 class="chart__label">{number}</text>
                    <rect x=LABEL_WIDTH y=y width=row.yes_width.max(0.0) height="28" class="chart__yes" />
                    <rect x=LABEL_WIDTH + row.yes_width y=y width=row.no_width.max(0.0) height="28" class="chart__no" />
                    <text x=LABEL_WIDTH + BAR_WIDTH + 8.0 y=y + 20.0 class="chart__label">{counts}</text>
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
            let label =
                move || view_label(&data, &content_id, lang.get(), t_string!(i18n, nav_explore));
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
                viewBox=format!("0 0 {} {}", LABEL_WIDTH + BAR_WIDTH + 90.0, height + 8.0)
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
