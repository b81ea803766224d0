//! Gives the main thread back to the browser between two steps of the app's start, so
//! that no single task holds up a tap or a key for long (Lighthouse's Total Blocking Time,
//! issue #10): instantiating the wasm, drawing the shell, fetching and checking the data,
//! and drawing the view each run in a task of their own.
//!
//! ```text
//! let data = fetch_site().await?;
//! next_task().await;            // the browser may paint or handle input here
//! state.set(Ready(data));       // the view is drawn in a new task
//! ```
//!
//! A `MessageChannel` message, not `setTimeout(0)`: timers in a background tab run at most
//! once a second, which would stretch the start by that much per step.

use futures::channel::oneshot;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Resolves in a later task. If the browser refuses a channel (it should not), resolves
/// at once: the work then runs in the current task, as it would without the split.
pub async fn next_task() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let (done, arrived) = oneshot::channel::<()>();
    let mut done = Some(done);
    let on_message = Closure::<dyn FnMut()>::new(move || {
        if let Some(done) = done.take() {
            let _ = done.send(());
        }
    });
    channel
        .port1()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    if channel
        .port2()
        .post_message(&wasm_bindgen::JsValue::UNDEFINED)
        .is_err()
    {
        return;
    }
    // The closure must live until the message arrives; it is dropped (and the port's
    // handler with it) when this future completes or is dropped.
    let _ = arrived.await;
    channel.port1().set_onmessage(None);
    drop(on_message);
}

/// Runs `work` in a later task. For the entry point, before Leptos' own executor is set up.
pub fn run_in_next_task(work: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        work();
    });
}
