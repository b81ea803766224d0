//! Listening to the window's events for as long as the listener's owner lives.
//!
//! ```text
//! use_window_event_listener(ev::online, move |_| send_again());
//! ```

use leptos::ev::EventDescriptor;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Calls `handler` for every `event` on the window, until the current owner is cleaned up.
pub fn use_window_event_listener<E>(event: E, handler: impl Fn(E::EventType) + 'static)
where
    E: EventDescriptor + 'static,
    E::EventType: JsCast,
{
    let handle = window_event_listener(event, handler);
    on_cleanup(move || handle.remove());
}
