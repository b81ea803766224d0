//! A repeating timer that stops when its owner is cleaned up.
//!
//! ```text
//! use_interval(Duration::from_millis(500), move || check_height());
//! ```

use leptos::prelude::*;
use std::time::Duration;

/// Calls `callback` every `period`, until the current owner is cleaned up.
pub fn use_interval(period: Duration, callback: impl Fn() + 'static) {
    // No handle (no timers, which should not happen in a browser) means nothing to stop.
    if let Ok(handle) = set_interval_with_handle(callback, period) {
        on_cleanup(move || handle.clear());
    }
}
