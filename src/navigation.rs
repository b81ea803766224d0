//! Moving between views without reloading: the current [`UrlState`] as a
//! signal, kept in step with the address bar, and links that use it.
//!
//! ```text
//! let nav = use_navigator();
//! nav.go(UrlState { view: View::Explore, ..UrlState::default() });      // a new history entry
//! nav.update(AddressWrite::WhenTypingPauses, |s| s.query = "nätverk".into());
//! ```
//!
//! Views read the parts they need ([`Navigator::query`], [`Navigator::selection`],
//! …) rather than the whole route, so a keystroke in the search box wakes only
//! what depends on the search text.
//!
//! Typing changes the state at once but writes the address only after a
//! short pause ([`ADDRESS_WRITE_DELAY`]): each `history.replaceState` costs
//! several milliseconds (Chromium even reloads the favicon), and Safari
//! throws once a page calls it more than 100 times in 30 seconds.

use crate::browser::history as browser;
use leptos::ev;
use leptos::prelude::*;
use plan_core::filter::Selection;
use plan_core::model::Lang;
use plan_core::url_state::{AppMode, UrlState, View};
use std::time::Duration;

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

/// The route, shared through context. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Navigator {
    route: RwSignal<UrlState>,
    view: Memo<View>,
    query: Memo<String>,
    selection: Memo<Selection>,
    lang_and_mode: Memo<(Option<Lang>, Option<AppMode>)>,
    /// A replacing address write that waits for typing to pause.
    pending_write: StoredValue<Option<TimeoutHandle>>,
}

impl Navigator {
    /// Starts from the address and follows the browser's back and forward buttons.
    pub fn install() -> Navigator {
        let route = RwSignal::new(browser::current());
        let navigator = Navigator {
            route,
            view: Memo::new(move |_| route.with(|state| state.view.clone())),
            query: Memo::new(move |_| route.with(|state| state.query.clone())),
            selection: Memo::new(move |_| route.with(|state| state.selection.clone())),
            lang_and_mode: Memo::new(move |_| route.with(|state| (state.lang, state.mode))),
            pending_write: StoredValue::new(None),
        };
        let popstate = window_event_listener(ev::popstate, move |_| {
            // The browser has moved to another entry: a late write would overwrite it.
            navigator.cancel_pending_write();
            route.set(browser::current());
            focus_main_heading();
        });
        // Leaving the page (or going into the back-forward cache) keeps what was typed.
        let pagehide = window_event_listener(ev::pagehide, move |_| navigator.flush());
        // The shell lives as long as the page, but clean up properly anyway.
        on_cleanup(move || {
            popstate.remove();
            pagehide.remove();
        });
        provide_context(navigator);
        navigator
    }

    /// Reads part of the current state, tracking all of it: prefer the parts below.
    pub fn with<T>(&self, read: impl FnOnce(&UrlState) -> T) -> T {
        self.route.with(read)
    }

    /// The current view.
    pub fn view(&self) -> Memo<View> {
        self.view
    }

    /// The search text.
    pub fn query(&self) -> Memo<String> {
        self.query
    }

    /// The chosen filters.
    pub fn selection(&self) -> Memo<Selection> {
        self.selection
    }

    /// The language and mode the address asks for, which links carry along.
    pub fn lang_and_mode(&self) -> Memo<(Option<Lang>, Option<AppMode>)> {
        self.lang_and_mode
    }

    /// Goes to another view: a new history entry, and focus on its heading so
    /// that screen readers announce the new page.
    pub fn go(&self, state: UrlState) {
        self.update(AddressWrite::NewEntry, |current| *current = state);
        focus_main_heading();
    }

    /// Changes the current view's state (search text, filters, language).
    pub fn update(&self, write: AddressWrite, change: impl FnOnce(&mut UrlState)) {
        let mut state = self.route.get_untracked();
        change(&mut state);
        match write {
            AddressWrite::WhenTypingPauses => self.schedule_write(),
            AddressWrite::NewEntry => {
                // The entry being left keeps everything typed into it.
                self.flush();
                browser::write(&state, true);
            }
            AddressWrite::Replace => {
                // This write carries the typed text too: the waiting one is moot.
                self.cancel_pending_write();
                browser::write(&state, false);
            }
        }
        self.route.set(state);
    }

    /// Writes a waiting address change now.
    pub fn flush(&self) {
        if self.cancel_pending_write() {
            self.replace_with_current();
        }
    }

    fn replace_with_current(&self) {
        browser::write(&self.route.get_untracked(), false);
    }

    fn schedule_write(&self) {
        self.cancel_pending_write();
        let navigator = *self;
        let handle = set_timeout_with_handle(
            move || {
                navigator.pending_write.set_value(None);
                navigator.replace_with_current();
            },
            ADDRESS_WRITE_DELAY,
        );
        match handle {
            Ok(handle) => self.pending_write.set_value(Some(handle)),
            // No timers (should not happen in a browser): write at once instead.
            Err(_) => self.replace_with_current(),
        }
    }

    /// Drops a waiting write; true if there was one.
    fn cancel_pending_write(&self) -> bool {
        match self.pending_write.try_update_value(Option::take).flatten() {
            Some(handle) => {
                handle.clear();
                true
            }
            None => false,
        }
    }
}

/// The navigator provided by the shell.
pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}

/// Moves focus to the new view's `h1` after it has rendered, and scrolls up.
fn focus_main_heading() {
    request_animation_frame(|| {
        let heading = document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .and_then(|element| {
                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
            });
        if let Some(heading) = heading {
            let _ = heading.focus();
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
}

/// A link to another view. A plain click navigates in place; a modified
/// click (new tab, new window) is left to the browser, since `href` is real.
#[component]
pub fn AppLink(
    /// Where the link goes.
    to: UrlState,
    /// Extra class names.
    #[prop(optional, into)]
    class: String,
    /// `aria-current="page"` when this link is the current view.
    #[prop(optional, into)]
    current: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let navigator = use_navigator();
    // The link keeps the language and the mode the address carries.
    let to = StoredValue::new(to);
    let target = move || {
        let (lang, mode) = navigator.lang_and_mode().get();
        UrlState {
            lang,
            mode,
            ..to.get_value()
        }
    };
    let href = move || {
        let query = target().to_query();
        // An empty query would keep the current one; "./" is the app's start page.
        if query.is_empty() {
            "./".to_string()
        } else {
            query
        }
    };
    let on_click = move |event: ev::MouseEvent| {
        if event.button() != 0
            || event.ctrl_key()
            || event.meta_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        event.prevent_default();
        navigator.go(target());
    };
    view! {
        <a
            href=href
            class=class
            aria-current=move || current.get().then_some("page")
            on:click=on_click
        >
            {children()}
        </a>
    }
}
