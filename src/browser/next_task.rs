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
use wasm_bindgen::{JsCast, JsValue};

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
    let port = channel.port1();
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Declared after `on_message`, so dropped before it: however this future ends (the
    // message, a refused post, or dropped while waiting), the port lets go of the closure
    // before the closure is freed.
    let _clear = ClearHandlerOnDrop(port);
    if channel.port2().post_message(&JsValue::UNDEFINED).is_err() {
        return;
    }
    let _ = arrived.await;
}

/// Removes a port's message handler when dropped.
struct ClearHandlerOnDrop(web_sys::MessagePort);

impl Drop for ClearHandlerOnDrop {
    fn drop(&mut self) {
        self.0.set_onmessage(None);
    }
}

/// Runs `work` in a later task. For the entry point, before Leptos' own executor is set up.
pub fn run_in_next_task(work: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        work();
    });
}
