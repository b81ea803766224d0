//! Moving between views without reloading: the current [`UrlState`] as a
//! signal, kept in step with the address bar, and links that use it.
//!
//! ```ignore
//! let nav = use_navigator();
//! nav.go(UrlState { view: View::Explore, ..nav.current() });   // a new history entry
//! nav.update(false, |state| state.query = "nätverk".into());  // replaces the entry (typing)
//! ```

use crate::url_state::{browser, UrlState};
use leptos::ev;
use leptos::prelude::*;

/// The route, shared through context. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Navigator {
    route: RwSignal<UrlState>,
}

impl Navigator {
    /// Starts from the address and follows the browser's back and forward buttons.
    pub fn install() -> Navigator {
        let route = RwSignal::new(browser::current());
        let navigator = Navigator { route };
        let listener = window_event_listener(ev::popstate, move |_| {
            route.set(browser::current());
            focus_main_heading();
        });
        // The shell lives as long as the page, but clean up properly anyway.
        on_cleanup(move || listener.remove());
        provide_context(navigator);
        navigator
    }

    /// The current state, tracked (views re-render when it changes).
    pub fn current(&self) -> UrlState {
        self.route.get()
    }

    /// Reads part of the current state without cloning all of it.
    pub fn with<T>(&self, read: impl FnOnce(&UrlState) -> T) -> T {
        self.route.with(read)
    }

    /// Goes to another view: a new history entry, and focus on its heading so
    /// that screen readers announce the new page.
    pub fn go(&self, state: UrlState) {
        browser::write(&state, true);
        self.route.set(state);
        focus_main_heading();
    }

    /// Changes the current view's state (search text, filters); `push` makes
    /// a history entry the visitor can go back to.
    pub fn update(&self, push: bool, change: impl FnOnce(&mut UrlState)) {
        let mut state = self.route.get_untracked();
        change(&mut state);
        browser::write(&state, push);
        self.route.set(state);
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
        let (lang, mode) = navigator.with(|state| (state.lang, state.mode));
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
