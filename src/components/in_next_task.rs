//! Draws its children one task after its parent: the app's start comes in short tasks, so
//! that none holds up a tap or a key for long (Lighthouse's Total Blocking Time, issue #10).
//! Until then the static start page is what the visitor sees.
//!
//! ```text
//! view! { <I18nContextProvider><InNextTask><Shell /></InNextTask></I18nContextProvider> }
//! ```

use crate::browser::next_task::next_task;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// `children`, drawn in a later task than the one that created this.
#[component]
pub fn InNextTask(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    spawn_local(async move {
        next_task().await;
        // The owner may be gone by then (a new load after a retry at the top).
        ready.try_set(true);
    });
    move || ready.get().then(|| children())
}
