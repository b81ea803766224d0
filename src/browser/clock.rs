//! The browser's clock, for the feedback queue's timestamps and delays.

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}
