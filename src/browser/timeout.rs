//! A one-shot timer that belongs to the component that set it: the one way the
//! app holds a timer it may have to clear. (Repeating timers are
//! [`use_interval`](super::interval::use_interval), cleared the same way.)
//!
//! ```text
//! let timeout = use_timeout();
//! timeout.start(Duration::from_millis(300), move || save());  // replaces one still waiting
//! if timeout.cancel() { /* one was waiting, and now will not run */ }
//! ```
//!
//! Not leptos-use's `use_timeout_fn`: that one fixes the callback and the delay when
//! it is created and does not clear a waiting timer when started again, while the
//! outbox needs a new delay each time and the address bar needs "replace".

use leptos::prelude::*;
use std::time::Duration;

/// At most one waiting timer. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Timeout {
    waiting: StoredValue<Option<TimeoutHandle>>,
}

/// A timer slot that is cleared when the current owner is cleaned up, so a
/// timer never runs after the code it belongs to is gone.
pub fn use_timeout() -> Timeout {
    let timeout = Timeout {
        waiting: StoredValue::new(None),
    };
    on_cleanup(move || {
        timeout.cancel();
    });
    timeout
}

impl Timeout {
    /// Runs `callback` once after `delay`, replacing a timer still waiting.
    /// False if the browser refused to set a timer (which should not happen):
    /// then nothing will run, and the caller decides what to do instead.
    pub fn start(&self, delay: Duration, callback: impl FnOnce() + 'static) -> bool {
        self.cancel();
        let waiting = self.waiting;
        let started = set_timeout_with_handle(
            move || {
                waiting.try_set_value(None);
                callback();
            },
            delay,
        );
        match started {
            Ok(handle) => {
                self.waiting.try_set_value(Some(handle));
                true
            }
            Err(_) => false,
        }
    }

    /// Clears the waiting timer, if any; true if there was one.
    pub fn cancel(&self) -> bool {
        match self.waiting.try_update_value(Option::take).flatten() {
            Some(handle) => {
                handle.clear();
                true
            }
            None => false,
        }
    }
}
