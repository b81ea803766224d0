//! Keeping the screen on, where the browser can (the Screen Wake Lock API):
//! a kiosk whose screen sleeps looks broken. The browser drops the lock
//! whenever the page is hidden, so it is asked for again each time the page
//! is shown. Where there is no such API, or the browser says no, nothing
//! happens and nothing is logged.
//!
//! ```text
//! use_wake_lock();   // for as long as the current owner lives
//! ```
//!
//! Called through `js_sys::Reflect` rather than web-sys's `WakeLock`, which
//! web-sys builds only with `--cfg=web_sys_unstable_apis`.

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Holds a screen wake lock until the current owner is cleaned up.
pub fn use_wake_lock() {
    // The lock the browser gave (a `WakeLockSentinel`), to release on cleanup.
    let held = StoredValue::new_local(None::<JsValue>);
    request(held);
    let handle = window_event_listener_untyped("visibilitychange", move |_| {
        if !document().hidden() {
            request(held);
        }
    });
    on_cleanup(move || {
        handle.remove();
        if let Some(sentinel) = held.try_update_value(Option::take).flatten() {
            release(sentinel);
        }
    });
}

/// Asks for the lock; keeps it if the owner is still there when it comes.
fn request(held: StoredValue<Option<JsValue>, LocalStorage>) {
    let Some(pending) = Reflect::get(&window().navigator(), &JsValue::from_str("wakeLock"))
        .ok()
        .and_then(|wake_lock| call(&wake_lock, "request", Some("screen")))
    else {
        return;
    };
    spawn_local(async move {
        // A refusal (no user activation yet, page hidden, a policy) is not an error here.
        let Ok(sentinel) = JsFuture::from(pending).await else {
            return;
        };
        // `Some` back: the owner went while the browser was answering.
        if let Some(Some(sentinel)) = held.try_set_value(Some(sentinel)) {
            release(sentinel);
        }
    });
}

fn release(sentinel: JsValue) {
    if let Some(done) = call(&sentinel, "release", None) {
        // Awaited only so that a refusal is handled rather than reported as uncaught.
        spawn_local(async move {
            let _ = JsFuture::from(done).await;
        });
    }
}

/// `receiver.method(argument)`, if `receiver` has such a method and it
/// returns a promise.
fn call(receiver: &JsValue, method: &str, argument: Option<&str>) -> Option<Promise> {
    if receiver.is_undefined() || receiver.is_null() {
        return None;
    }
    let function: Function = Reflect::get(receiver, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let result = match argument {
        Some(argument) => function.call1(receiver, &JsValue::from_str(argument)),
        None => function.call0(receiver),
    };
    result.ok()?.dyn_into::<Promise>().ok()
}
