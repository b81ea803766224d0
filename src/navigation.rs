//! Moving between views without reloading: the current [`UrlState`], shared
//! through context and kept in step with the address bar by
//! [`use_history`](crate::browser::history::use_history), and links that use it.
//!
//! ```text
//! let nav = use_navigator();
//! nav.go(UrlState { view: View::Explore, ..UrlState::default() });      // a new history entry
//! nav.update(AddressWrite::WhenTypingPauses, |s| s.query = "nätverk".into());
//! ```
//!
//! In the embedded mode every step replaces the current history entry instead
//! of adding one: the frame's entries would land in the host page's history,
//! and its Back button would step through our filters instead of leaving.
//!
//! Views read the parts they need ([`Navigator::query`], [`Navigator::selection`],
//! …) rather than the whole route, so a keystroke in the search box wakes only
//! what depends on the search text.

use crate::browser::focus::focus_main_heading;
use crate::browser::history::{
    use_history_with_options, AddressWriter, UseHistoryOptions, UseHistoryReturn,
};
use leptos::ev;
use leptos::prelude::*;
use plan_core::filter::Selection;
use plan_core::model::Lang;
use plan_core::url_state::{AppMode, UrlState, View};

// Views name how a change reaches the address through the navigator.
pub use crate::browser::history::AddressWrite;

/// The route, shared through context. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Navigator {
    route: RwSignal<UrlState>,
    address: AddressWriter,
    view: Memo<View>,
    query: Memo<String>,
    selection: Memo<Selection>,
    lang_and_mode: Memo<(Option<Lang>, Option<AppMode>)>,
    mode: Memo<AppMode>,
}

/// Starts the route from the address, follows the browser's back and forward
/// buttons (moving focus to the new view's heading, as [`Navigator::go`] does),
/// and provides it to every view below.
pub fn provide_navigator() -> Navigator {
    let UseHistoryReturn {
        state: route,
        writer: address,
    } = use_history_with_options(
        UseHistoryOptions::default().on_back_or_forward(focus_main_heading),
    );
    let navigator = Navigator {
        route,
        address,
        view: Memo::new(move |_| route.with(|state| state.view.clone())),
        query: Memo::new(move |_| route.with(|state| state.query.clone())),
        selection: Memo::new(move |_| route.with(|state| state.selection.clone())),
        lang_and_mode: Memo::new(move |_| route.with(|state| (state.lang, state.mode))),
        mode: Memo::new(move |_| {
            route
                .with(|state| state.mode)
                .unwrap_or_else(crate::modes::detect_mode)
        }),
    };
    provide_context(navigator);
    navigator
}

impl Navigator {
    /// Reads part of the current state, tracking all of it: prefer the parts below.
    pub fn with<T>(&self, read: impl FnOnce(&UrlState) -> T) -> T {
        self.route.with(read)
    }

    /// The current view, search and filters as an address of their own (`?…`): in `lang`,
    /// since another tab or device may not share the saved choice, and without the mode,
    /// since outside this frame or kiosk the app is standalone. Tracks the whole state.
    pub fn standalone_query(&self, lang: Lang) -> String {
        self.with(|state| {
            UrlState {
                lang: Some(lang),
                mode: None,
                ..state.clone()
            }
            .to_query()
        })
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

    /// The mode in effect: the address's, else detected (embedded in a frame).
    pub fn mode(&self) -> Memo<AppMode> {
        self.mode
    }

    /// Goes to another view: a new history entry, and focus on its heading so
    /// that screen readers announce the new page.
    pub fn go(&self, state: UrlState) {
        self.update(AddressWrite::NewEntry, |current| *current = state);
        focus_main_heading();
    }

    /// Changes the current view's state (search text, filters, language).
    pub fn update(&self, write: AddressWrite, change: impl FnOnce(&mut UrlState)) {
        let write = match write {
            AddressWrite::NewEntry if self.mode.get_untracked() == AppMode::Embedded => {
                AddressWrite::Replace
            }
            other => other,
        };
        let mut state = self.route.get_untracked();
        change(&mut state);
        self.address.write(state, write);
    }
}

/// The navigator provided by the shell.
pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
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
    let href = move || href_of(&target());
    let on_click = move |event: ev::MouseEvent| follow_in_place(&event, navigator, target);
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

/// A link like [`AppLink`] for lists that are drawn again as a whole, such
/// as search results: the language and mode are read once, when it is drawn,
/// so the link subscribes to nothing. The list must redraw when
/// [`Navigator::lang_and_mode`] changes (read it in the list's closure).
///
/// Why: in reactive_graph 0.2 an effect that is dropped stays in the
/// subscriber list of every signal it read until that signal next changes.
/// The address's language and mode seldom change, so an [`AppLink`] per
/// result left its `href` effect behind at every new search or filter; in a
/// kiosk's day that grew the wasm memory by megabytes.
#[component]
pub fn ListLink(
    /// Where the link goes.
    to: UrlState,
    children: Children,
) -> impl IntoView {
    let (href, on_click) = link_once(to);
    view! {
        <a href=href on:click=on_click>
            {children()}
        </a>
    }
}

/// The `href` of a link to `to` and its click handler, read once as [`ListLink`] reads them,
/// for links that a `ListLink` cannot be: with their own attributes, or inside an SVG chart.
pub fn link_once(to: UrlState) -> (String, impl Fn(ev::MouseEvent) + Clone + 'static) {
    let navigator = use_navigator();
    let (lang, mode) = navigator.lang_and_mode().get_untracked();
    let target = UrlState { lang, mode, ..to };
    let href = href_of(&target);
    let on_click =
        move |event: ev::MouseEvent| follow_in_place(&event, navigator, || target.clone());
    (href, on_click)
}

/// The `href` of a link to `target`.
fn href_of(target: &UrlState) -> String {
    let query = target.to_query();
    // An empty query would keep the current one; "./" is the app's start page.
    if query.is_empty() {
        "./".to_string()
    } else {
        query
    }
}

/// A plain click navigates in place; a modified click (new tab, new window)
/// is left to the browser, since `href` is real.
fn follow_in_place(
    event: &ev::MouseEvent,
    navigator: Navigator,
    target: impl FnOnce() -> UrlState,
) {
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
}
