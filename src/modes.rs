//! What each mode changes in the browser: a class on `<html>` for the layout,
//! the embedding page told our height, and a kiosk that resets when left alone.

use crate::navigation::use_navigator;
use leptos::prelude::*;
use plan_core::url_state::{AppMode, UrlState};
use std::time::Duration;

/// Applies `mode` for as long as the app runs: sets `class="mode-…"` on the
/// root element, and starts the embedded or kiosk behaviour. `on_kiosk_reset`
/// runs when an idle kiosk goes back to the start page.
pub fn follow_mode(
    mode: Memo<AppMode>,
    kiosk_idle_seconds: Signal<Option<u32>>,
    on_kiosk_reset: impl Fn() + Clone + 'static,
) {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            root.set_class_name(&format!("mode-{}", mode.get().code()));
        }
    });
    report_height_when_embedded(mode);
    reset_idle_kiosk(mode, kiosk_idle_seconds, on_kiosk_reset);
}

/// In a frame, tells the parent page how tall the content is, so the region's
/// site can size the iframe without a scrollbar:
/// `{"type": "plan-explorer:height", "height": 1234}`.
fn report_height_when_embedded(mode: Memo<AppMode>) {
    let post = move || {
        if mode.get_untracked() != AppMode::Embedded {
            return;
        }
        let height = document()
            .document_element()
            .map(|e| e.scroll_height())
            .unwrap_or(0);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"plan-explorer:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        if let Ok(Some(parent)) = window().parent() {
            let _ = parent.post_message(&message, "*");
        }
    };
    // Content changes height as data loads, filters change and views switch;
    // checking twice a second is cheap and needs no observer plumbing.
    let last = StoredValue::new(0);
    let timer = set_interval_with_handle(
        move || {
            let height = document()
                .document_element()
                .map(|e| e.scroll_height())
                .unwrap_or(0);
            if height != last.get_value() {
                last.set_value(height);
                post();
            }
        },
        Duration::from_millis(500),
    );
    clear_on_cleanup(timer);
}

/// A kiosk left alone goes back to the start page, in its language and mode,
/// with this visit's answers forgotten, ready for the next person.
fn reset_idle_kiosk(
    mode: Memo<AppMode>,
    idle_seconds: Signal<Option<u32>>,
    on_reset: impl Fn() + Clone + 'static,
) {
    let navigator = use_navigator();
    let last_activity = StoredValue::new(crate::feedback_outbox::now_ms());
    for event in ["pointerdown", "keydown", "scroll", "input"] {
        let handle = window_event_listener_untyped(event, move |_| {
            last_activity.set_value(crate::feedback_outbox::now_ms())
        });
        on_cleanup(move || handle.remove());
    }
    let timer = set_interval_with_handle(
        move || {
            let Some(limit) = idle_seconds.get_untracked() else {
                return;
            };
            if mode.get_untracked() != AppMode::Kiosk {
                return;
            }
            let idle_ms =
                crate::feedback_outbox::now_ms().saturating_sub(last_activity.get_value());
            let at_start = navigator.with(|state| {
                *state
                    == UrlState {
                        lang: state.lang,
                        mode: state.mode,
                        ..UrlState::default()
                    }
            });
            if idle_ms >= u64::from(limit) * 1000 && !at_start {
                on_reset();
                let (lang, mode) = navigator.lang_and_mode().get_untracked();
                navigator.go(UrlState {
                    lang,
                    mode,
                    ..UrlState::default()
                });
                last_activity.set_value(crate::feedback_outbox::now_ms());
            }
        },
        Duration::from_secs(1),
    );
    clear_on_cleanup(timer);
}

/// Stops an interval when the owner that started it is cleaned up, like the
/// window listeners above, so a timer never outlives the code it belongs to.
/// No handle (no timers, which should not happen in a browser) means nothing to stop.
fn clear_on_cleanup(timer: Result<IntervalHandle, wasm_bindgen::JsValue>) {
    if let Ok(handle) = timer {
        on_cleanup(move || handle.clear());
    }
}
