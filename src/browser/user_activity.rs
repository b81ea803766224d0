//! Noticing that the visitor is there: a touch, a key, a mouse wheel or typing.
//! The kiosk counts its idle time from the last of these.
//!
//! ```text
//! use_user_activity(move || session.update_value(|s| s.activity(monotonic_ms())));
//! ```
//!
//! Not leptos-use's `use_idle`: it cost 4 KiB of brotli-compressed wasm for
//! what these few lines do (see [`super`]).

use leptos::prelude::*;

/// What counts as the visitor being there. A pointer that only moves does
/// not: on a touch screen nothing moves without a touch. Nor does `scroll`:
/// the app scrolls by itself (a new view, a fresh start), and a late scroll
/// event then looked like a visitor; a visitor's own scrolling starts with a
/// touch, a key or the wheel.
const ACTIVITY_EVENTS: [&str; 4] = ["pointerdown", "keydown", "wheel", "input"];

/// Calls `on_activity` for every touch, key, wheel turn or input anywhere on
/// the page, until the current owner is cleaned up.
pub fn use_user_activity(on_activity: impl Fn() + Clone + 'static) {
    for event in ACTIVITY_EVENTS {
        let on_activity = on_activity.clone();
        let handle = window_event_listener_untyped(event, move |_| on_activity());
        on_cleanup(move || handle.remove());
    }
}
