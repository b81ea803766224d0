//! The page that embeds the app in a frame: whether there is one, and telling
//! it how tall the content is, so the region's site can size the iframe without
//! a scrollbar. Each change of height is posted as
//! `{"type": "plan-explorer:height", "height": 1234}`.
//!
//! ```text
//! if is_framed() { /* embedded */ }
//! use_report_height(move || mode.get_untracked() == AppMode::Embedded);
//! ```

use super::interval::use_interval;
use leptos::prelude::*;
use std::time::Duration;

/// How often the content's height is checked.
const HEIGHT_CHECK_INTERVAL: Duration = Duration::from_millis(500);

/// Whether the app runs inside another page's frame.
pub fn is_framed() -> bool {
    let own = window();
    matches!(own.top(), Ok(Some(top)) if *top != *own)
}

/// While `active()`, posts the content's height to the parent frame whenever it
/// changes. The polling stops when the current owner is cleaned up.
///
/// Content changes height as data loads, filters change and views switch;
/// checking twice a second is cheap and needs no observer plumbing.
pub fn use_report_height(active: impl Fn() -> bool + 'static) {
    let last = StoredValue::new(0);
    use_interval(HEIGHT_CHECK_INTERVAL, move || {
        let height = content_height();
        if height != last.get_value() {
            last.set_value(height);
            if active() {
                post_height(height);
            }
        }
    });
}

fn content_height() -> i32 {
    document()
        .document_element()
        .map(|root| root.scroll_height())
        .unwrap_or(0)
}

fn post_height(height: i32) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"plan-explorer:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&message, "*");
    }
}
