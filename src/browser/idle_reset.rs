//! Starting afresh when the visitor has left the screen alone, as a kiosk does
//! for the next person. Idle means no pointer press, key, scroll or input.
//!
//! ```text
//! use_idle_reset(
//!     // How long the visitor may be idle before a reset; None: no reset now.
//!     move || (mode.get_untracked() == AppMode::Kiosk).then_some(Duration::from_secs(120)),
//!     move || go_to_start(),
//! );
//! ```
//!
//! Not leptos-use's `use_idle`: it cost 4 KiB of brotli-compressed wasm for
//! what these few lines do (see [`super`]).

use super::clock::now_ms;
use super::interval::use_interval;
use leptos::prelude::*;
use std::time::Duration;

/// What counts as the visitor being there.
const ACTIVITY_EVENTS: [&str; 4] = ["pointerdown", "keydown", "scroll", "input"];

/// How often the idle time is checked: a reset comes at most this much late.
const CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// Calls `reset` once the visitor has been idle for as long as `reset_after()`
/// says (asked every second; `None` while no reset applies), then starts the
/// idle clock again. The listeners and the timer go when the current owner is
/// cleaned up.
pub fn use_idle_reset(
    reset_after: impl Fn() -> Option<Duration> + 'static,
    reset: impl Fn() + 'static,
) {
    let last_activity = StoredValue::new(now_ms());
    for event in ACTIVITY_EVENTS {
        let handle =
            window_event_listener_untyped(event, move |_| last_activity.set_value(now_ms()));
        on_cleanup(move || handle.remove());
    }
    use_interval(CHECK_INTERVAL, move || {
        let Some(limit) = reset_after() else {
            return;
        };
        let idle = Duration::from_millis(now_ms().saturating_sub(last_activity.get_value()));
        if idle >= limit {
            reset();
            last_activity.set_value(now_ms());
        }
    });
}
