//! The browser's clocks: the wall clock for the feedback queue's timestamps
//! and delays, and a clock that only moves forward for the kiosk's idle time.

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// Milliseconds since the page loaded (`performance.now()`): unlike the wall
/// clock, never set back or forward, so an idle time measured on it is real.
pub fn monotonic_ms() -> u64 {
    leptos::prelude::window()
        .performance()
        .map_or_else(js_sys::Date::now, |performance| performance.now())
        .max(0.0) as u64
}
