//! "Förhandsgranska data": the region's editors pick or drop `plan.json`, `partners.json`,
//! `config.json` or a partner list saved from Excel, and see every problem the validator
//! finds (file, JSON path, message in Swedish) before anything is published. A valid list
//! comes back as `partners.json` to download. The files are read in the browser only.
//!
//! In the staff bundle only (issue #10), like the staff view that links here.

use crate::browser::files;
use crate::directory::with_directory;
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::AppLink;
use leptos::prelude::*;
use leptos::task::spawn_local;
use plan_core::data_source::AppData;
use plan_core::preview::{check_files, PreviewOutcome};
use plan_core::url_state::{UrlState, View};
use std::sync::Arc;

/// The preview: a heading at once, the file picker once the published data (the baseline
/// for files not picked) is in.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let back = UrlState {
        view: View::Results,
        ..UrlState::default()
    };
    view! {
        <article class="preview">
            <p class="breadcrumb"><AppLink to=back>{t!(i18n, preview_back)}</AppLink></p>
            <h1 tabindex="-1">{t!(i18n, preview_heading)}</h1>
            <p>{t!(i18n, preview_intro)}</p>
            {with_directory(|published| view! { <FileCheck published /> })}
        </article>
    }
}

/// The picker and what checking the picked files found.
#[component]
fn FileCheck(published: Arc<AppData>) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<PreviewOutcome>);
    let checking = RwSignal::new(false);
    let check = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        let published = published.clone();
        checking.set(true);
        spawn_local(async move {
            let picked = files::read_files(list).await;
            outcome.set(Some(check_files(&picked, &published)));
            checking.set(false);
        });
    };
    let on_change = {
        let check = check.clone();
        move |event: leptos::ev::Event| check(files::files_of_input(&event))
    };
    let on_drop = move |event: leptos::ev::DragEvent| check(files::files_of_drop(&event));

    view! {
        <div class="preview__drop" on:dragover=|event| files::allow_drop(&event) on:drop=on_drop>
            <label for="preview-files" class="preview__label">{t!(i18n, preview_pick)}</label>
            <input id="preview-files" type="file" multiple accept=".json,.csv,application/json,text/csv" on:change=on_change />
            <p class="preview__hint">{t!(i18n, preview_drop)}</p>
        </div>
        // One live region, there from the start, so that each outcome is announced.
        <p class="preview__summary" role="status">
            {move || {
                if checking.get() {
                    Some(t_string!(i18n, preview_checking).to_string())
                } else {
                    outcome.with(|outcome| outcome.as_ref().map(|outcome| summary(i18n, outcome)))
                }
            }}
        </p>
        {move || outcome.get().map(|outcome| view! { <Outcome outcome /> })}
    }
}

/// One sentence on what was checked and found.
fn summary(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    outcome: &PreviewOutcome,
) -> String {
    let files = outcome.checked.join(", ");
    match outcome.problems.len() {
        0 => t_string!(i18n, preview_no_problems, files = files).to_string(),
        count => t_string!(i18n, preview_problems, count = count, files = files).to_string(),
    }
}

/// The problems as a table, and a valid list's JSON to download.
#[component]
fn Outcome(outcome: PreviewOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let count = outcome.problems.len();
    let rows = outcome
        .problems
        .into_iter()
        .map(|problem| {
            view! {
                <tr>
                    <td>{problem.file}</td>
                    <td><code>{problem.path}</code></td>
                    <td>{problem.message}</td>
                </tr>
            }
        })
        .collect_view();
    let table = (count > 0).then(|| {
        view! {
            <table class="preview__problems">
                <caption>{t!(i18n, preview_table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, preview_col_file)}</th>
                        <th scope="col">{t!(i18n, preview_col_path)}</th>
                        <th scope="col">{t!(i18n, preview_col_message)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let show_app = outcome.files.map(|files| {
        let not_started = RwSignal::new(false);
        let show = move |_| {
            // The app afresh on the picked files (the visitors' views; Back returns here).
            match crate::browser::preview_session::start(&files) {
                Ok(()) => crate::browser::history::open_page("?"),
                Err(_) => not_started.set(true),
            }
        };
        view! {
            <p>
                <button type="button" class="button" on:click=show>{t!(i18n, preview_show_app)}</button>
            </p>
            <Show when=move || not_started.get()>
                <p role="alert">{t!(i18n, preview_start_failed)}</p>
            </Show>
        }
    });
    let download = outcome.partners_json.map(|json| {
        let save = move |_| {
            let _ = files::save_text_as_file(&json, "partners.json", "application/json;charset=utf-8");
        };
        view! {
            <p>{t!(i18n, preview_csv_ready)}</p>
            <button type="button" class="button" on:click=save>{t!(i18n, preview_download_json)}</button>
        }
    });
    view! {
        {table}
        {download}
        {show_app}
    }
}
