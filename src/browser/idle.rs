//! Work for when the browser has nothing else to do: after the first paint, between
//! frames, so that it delays neither the paint nor a visitor's input.
//!
//! ```text
//! use_idle_callback(move || directory.load());
//! ```

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// How long to wait instead where the browser has no `requestIdleCallback` (Safari).
const WITHOUT_IDLE_CALLBACKS: Duration = Duration::from_millis(500);

/// Runs `callback` once, when the browser is next idle (`requestIdleCallback`), or after
/// [`WITHOUT_IDLE_CALLBACKS`] where it has no such thing. Not at all if the current owner
/// is cleaned up first. Nothing that must happen by a deadline belongs here: a page that is
/// never idle never runs it (the views that need the work start it themselves).
pub fn use_idle_callback(callback: impl FnOnce() + 'static) {
    let pending = StoredValue::new_local(Some(Box::new(callback) as Box<dyn FnOnce()>));
    let run = move || {
        if let Some(callback) = pending.try_update_value(Option::take).flatten() {
            callback();
        }
    };
    let idle = Closure::<dyn Fn()>::new(run);
    match window().request_idle_callback(idle.as_ref().unchecked_ref()) {
        Ok(handle) => {
            // The browser holds only a reference: the closure lives as long as the owner.
            StoredValue::new_local(idle);
            on_cleanup(move || window().cancel_idle_callback(handle));
        }
        Err(_) => {
            if let Ok(handle) = set_timeout_with_handle(run, WITHOUT_IDLE_CALLBACKS) {
                on_cleanup(move || handle.clear());
            }
        }
    }
}
