//! The error view: what went wrong, what to do, and a retry button.

use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use plan_core::data_source::LoadError;

/// Explains a failed load in the visitor's language. Validation problems are
/// listed as text (file, JSON path, message) for whoever maintains the data. The plan's
/// failure is the page (an `h1`); with `partners`, the directory's is a part of a view that
/// has its own heading (an `h2`, and `h3` for the details).
#[component]
pub fn LoadErrorPanel(
    error: LoadError,
    on_retry: Callback<()>,
    #[prop(optional)] partners: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = match &error {
        LoadError::Invalid { problems, .. } => problems.clone(),
        _ => Vec::new(),
    };
    let summary = move || match &error {
        LoadError::Unreachable { file, .. } => {
            t_string!(i18n, error_unreachable, file = file).to_string()
        }
        LoadError::Http { file, status } => {
            t_string!(i18n, error_http, file = file, status = status).to_string()
        }
        LoadError::Invalid { file, .. } => t_string!(i18n, error_invalid, file = file).to_string(),
    };
    let details = (!problems.is_empty()).then(|| {
        let items = problems
            .into_iter()
            .map(|problem| view! { <li><code>{problem.to_string()}</code></li> })
            .collect_view();
        let details_heading = if partners {
            view! { <h3>{t!(i18n, error_details)}</h3> }.into_any()
        } else {
            view! { <h2>{t!(i18n, error_details)}</h2> }.into_any()
        };
        view! {
            {details_heading}
            <ul class="load-error__problems">{items}</ul>
        }
    });
    let heading = if partners {
        view! { <h2 id="load-error-heading">{t!(i18n, error_partners_heading)}</h2> }.into_any()
    } else {
        view! { <h1 id="load-error-heading">{t!(i18n, error_heading)}</h1> }.into_any()
    };
    view! {
        <section class="load-error" aria-labelledby="load-error-heading">
            {heading}
            <p role="alert">{summary}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {t!(i18n, retry)}
            </button>
            {details}
        </section>
    }
}
