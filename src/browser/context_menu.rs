//! No context menu: on a kiosk, a long press or a right click must not open
//! the browser's menu (open in a new window, save, inspect).
//!
//! ```text
//! use_prevent_context_menu();   // for as long as the current owner lives
//! ```

use super::event_listener::use_window_event_listener;
use leptos::ev;

/// Cancels every `contextmenu` event on the page until the current owner is cleaned up.
pub fn use_prevent_context_menu() {
    use_window_event_listener(ev::contextmenu, |event| event.prevent_default());
}
