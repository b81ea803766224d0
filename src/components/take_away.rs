//! "Ta med listan": the explore view's results to take to a meeting: printed, downloaded
//! as CSV, or as a link. In a kiosk, which has no printer, no downloads and no clipboard of
//! the visitor's, a QR code of the list's address to scan with one's own phone.

use super::OutboundLink;
use crate::browser::next_task::next_task;
use crate::browser::{clipboard, files, focus, history, printing};
use crate::i18n::{t, t_string, use_i18n};
use crate::kiosk::in_kiosk;
use crate::navigation::use_navigator;
use leptos::prelude::*;
use leptos::task::spawn_local;
use plan_core::data_source::AppData;
use plan_core::explore::ExploreOutcome;
use plan_core::explore_csv::{results_csv, CsvTexts};
use plan_core::model::Lang;
use std::sync::Arc;

/// What the last step gave, for the status line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Nothing,
    Copied,
    NotCopied,
    NotSaved,
}

/// The list's ways out. `print_all` is set while the print button prepares the page: the
/// results show every entry, not one page, before the print dialog opens.
#[component]
pub fn TakeAway(
    data: Arc<AppData>,
    outcome: Memo<ExploreOutcome>,
    lang: Signal<Lang>,
    print_all: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    // The list's address as it stands alone: without the mode (a kiosk's or a frame's list
    // opens as a page of its own) and with the language shown.
    let address =
        Memo::new(move |_| history::full_address(&navigator.standalone_query(lang.get())));

    if in_kiosk() {
        return view! {
            <div class="take-away take-away--kiosk">
                {move || {
                    let url = address.get();
                    view! { <OutboundLink url>{t!(i18n, take_away_qr)}</OutboundLink> }
                }}
            </div>
        }
        .into_any();
    }

    let status = RwSignal::new(Status::Nothing);
    let print = move |_| {
        print_all.set(true);
        spawn_local(async move {
            // The whole list is drawn in this task's microtasks; the dialog opens after.
            next_task().await;
            printing::print_page();
            print_all.set(false);
        });
    };
    let download = move |_| {
        let texts = CsvTexts {
            headers: [
                t_string!(i18n, csv_kind).to_string(),
                t_string!(i18n, csv_name).to_string(),
                t_string!(i18n, csv_focus_areas).to_string(),
                t_string!(i18n, facet_sector).to_string(),
                t_string!(i18n, facet_municipality).to_string(),
                t_string!(i18n, csv_topics).to_string(),
                t_string!(i18n, csv_website).to_string(),
                t_string!(i18n, csv_contact).to_string(),
                t_string!(i18n, example_badge).to_string(),
                t_string!(i18n, csv_description).to_string(),
            ],
            kinds: [
                t_string!(i18n, kind_focus_area).to_string(),
                t_string!(i18n, kind_activity).to_string(),
                t_string!(i18n, kind_partner).to_string(),
            ],
            example: t_string!(i18n, example_badge).to_string(),
        };
        let csv = outcome.with(|o| results_csv(&data, &o.results, lang.get_untracked(), &texts));
        let saved = files::save_text_as_file(
            &csv,
            t_string!(i18n, csv_file_name),
            "text/csv;charset=utf-8",
        );
        status.set(if saved.is_ok() {
            Status::Nothing
        } else {
            Status::NotSaved
        });
    };
    // A new search or filter is a new link: the last one's status goes.
    Effect::new(move |_| {
        address.track();
        status.set(Status::Nothing);
    });
    let copy = move |_| {
        let url = address.get_untracked();
        spawn_local(async move {
            if clipboard::copy_text(&url).await.is_ok() {
                status.set(Status::Copied);
            } else {
                status.set(Status::NotCopied);
                focus::select_by_id("take-away-link".into());
            }
        });
    };

    view! {
        <div class="take-away" role="group" aria-label=move || t_string!(i18n, take_away_label)>
            <button type="button" class="button button--secondary" on:click=print>{t!(i18n, take_away_print)}</button>
            <button type="button" class="button button--secondary" on:click=download>{t!(i18n, take_away_csv)}</button>
            <button type="button" class="button button--secondary" on:click=copy>{t!(i18n, take_away_copy)}</button>
            <p class="take-away__status" role="status">
                {move || match status.get() {
                    Status::Nothing => None,
                    Status::Copied => Some(t_string!(i18n, take_away_copied).to_string()),
                    Status::NotCopied => Some(t_string!(i18n, take_away_copy_failed).to_string()),
                    Status::NotSaved => Some(t_string!(i18n, take_away_csv_failed).to_string()),
                }}
            </p>
            <Show when=move || status.get() == Status::NotCopied>
                <label class="take-away__link" for="take-away-link">{t!(i18n, take_away_link_label)}</label>
                <input id="take-away-link" class="take-away__address" type="text" readonly prop:value=move || address.get() />
            </Show>
        </div>
    }
    .into_any()
}
