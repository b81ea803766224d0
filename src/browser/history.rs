//! The address bar as a hook: the app's [`UrlState`] as a signal that starts
//! from the address, follows the browser's back and forward buttons, and is
//! written back to the address as the visitor moves.
//!
//! ```text
//! let UseHistoryReturn { state, writer } = use_history_with_options(
//!     UseHistoryOptions::default().on_back_or_forward(focus_main_heading),
//! );
//! writer.write(next_state, AddressWrite::NewEntry);          // a step back can undo
//! writer.write(typed_state, AddressWrite::WhenTypingPauses); // written once typing pauses
//! ```
//!
//! Typing changes the state at once but writes the address only after a short
//! pause ([`ADDRESS_WRITE_DELAY`]): each `history.replaceState` costs several
//! milliseconds (Chromium even reloads the favicon), and Safari throws once a
//! page calls it more than 100 times in 30 seconds. A change waiting for that
//! pause is written at once when the visitor takes a new step or leaves the
//! page, and dropped when they go back or forward. (leptos-use's
//! `use_debounce_fn` can neither write at once nor drop, hence [`use_timeout`].)

use super::event_listener::use_window_event_listener;
use super::timeout::{use_timeout, Timeout};
use leptos::ev;
use leptos::prelude::*;
use plan_core::url_state::UrlState;
use std::time::Duration;
use wasm_bindgen::JsValue;

/// How long typing must pause before the address follows.
pub const ADDRESS_WRITE_DELAY: Duration = Duration::from_millis(300);

/// How a change of state reaches the address bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressWrite {
    /// A new history entry: a step the visitor may want to go back from.
    NewEntry,
    /// Replaces the current entry at once.
    Replace,
    /// Replaces the current entry once typing pauses.
    WhenTypingPauses,
}

/// Options for [`use_history_with_options`].
#[derive(Clone, Copy)]
pub struct UseHistoryOptions {
    /// Runs after the browser's back or forward button has changed the state.
    on_back_or_forward: fn(),
}

impl Default for UseHistoryOptions {
    fn default() -> Self {
        UseHistoryOptions {
            on_back_or_forward: || {},
        }
    }
}

impl UseHistoryOptions {
    /// Runs `callback` after the browser's back or forward button has changed the state.
    pub fn on_back_or_forward(self, callback: fn()) -> Self {
        UseHistoryOptions {
            on_back_or_forward: callback,
        }
    }
}

/// What [`use_history`] gives.
pub struct UseHistoryReturn {
    /// The state in the address; changed by `writer` and by back and forward.
    pub state: RwSignal<UrlState>,
    /// Changes the state and writes it to the address.
    pub writer: AddressWriter,
}

/// Writes states to the address bar. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct AddressWriter {
    state: RwSignal<UrlState>,
    /// Runs the replacing write that waits for typing to pause.
    typing_pause: Timeout,
}

/// The address bar, with no options: see [`use_history_with_options`].
pub fn use_history() -> UseHistoryReturn {
    use_history_with_options(UseHistoryOptions::default())
}

/// The address bar as a signal, kept in step with the browser's history.
/// Its listeners and its timer go when the current owner is cleaned up.
pub fn use_history_with_options(options: UseHistoryOptions) -> UseHistoryReturn {
    let state = RwSignal::new(current_state());
    let writer = AddressWriter {
        state,
        typing_pause: use_timeout(),
    };
    let on_back_or_forward = options.on_back_or_forward;
    use_window_event_listener(ev::popstate, move |_| {
        // The browser has moved to another entry: a late write would overwrite it.
        writer.typing_pause.cancel();
        state.set(current_state());
        on_back_or_forward();
    });
    // Leaving the page (or going into the back-forward cache) keeps what was typed.
    use_window_event_listener(ev::pagehide, move |_| writer.flush());
    UseHistoryReturn { state, writer }
}

impl AddressWriter {
    /// Makes `next` the state, and writes it to the address as `how` says.
    pub fn write(&self, next: UrlState, how: AddressWrite) {
        match how {
            AddressWrite::WhenTypingPauses => {
                let writer = *self;
                let started = self
                    .typing_pause
                    .start(ADDRESS_WRITE_DELAY, move || writer.replace_with_current());
                if !started {
                    // No timers (should not happen in a browser): write at once instead.
                    write_address(&next, false);
                }
            }
            AddressWrite::NewEntry => {
                // The entry being left keeps everything typed into it.
                self.flush();
                write_address(&next, true);
            }
            AddressWrite::Replace => {
                // This write carries the typed text too: the waiting one is moot.
                self.typing_pause.cancel();
                write_address(&next, false);
            }
        }
        self.state.set(next);
    }

    /// Writes a change waiting for typing to pause now.
    fn flush(&self) {
        if self.typing_pause.cancel() {
            self.replace_with_current();
        }
    }

    /// Writes the current state, replacing the entry. While a write waits, every
    /// change has come from typing (any other write first writes or drops the
    /// waiting one), so the current state is the one waiting.
    fn replace_with_current(&self) {
        self.state
            .with_untracked(|state| write_address(state, false));
    }
}

/// The state in the current address.
pub fn current_state() -> UrlState {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    UrlState::from_query(&search)
}

/// Writes `state` to the address: a new history entry (`push`) for a
/// step the visitor may want to go back from, else replacing the current one.
fn write_address(state: &UrlState, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let hash = window.location().hash().unwrap_or_default();
    let url = format!("{path}{}{hash}", state.to_query());
    let current = format!(
        "{path}{}{hash}",
        window.location().search().unwrap_or_default()
    );
    if url == current {
        return;
    }
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// Opens `query` (`?a=b…`) as a new page, after the current one in the history (Back
/// returns): for a step that starts the app afresh, such as the editors' preview.
pub fn open_page(query: &str) {
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        let _ = window.location().assign(&format!("{path}{query}"));
    }
}

/// Opens `query` (`?a=b…`) as a new page in place of the current one (no new history
/// entry): for an address that the running bundle does not serve, the staff view, whose
/// bundle the start-up script starts when the address asks for it.
pub fn open_as_new_page(query: &str) {
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        let _ = window.location().replace(&format!("{path}{query}"));
    }
}

/// The whole address of `query` (`?a=b…`) on this page: origin and path with it, for a link
/// to take elsewhere (copied, or a QR code).
pub fn full_address(query: &str) -> String {
    let Some(window) = web_sys::window() else {
        return query.to_string();
    };
    let location = window.location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}{query}")
}
