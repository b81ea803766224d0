//! The height of the app's content and of the frame it is shown in, measured
//! whenever either changes: the content's with a `ResizeObserver` (no
//! polling), as the data loads, filters narrow or widen the results and views
//! switch; the frame's (the viewport's) on the window's `resize`.
//!
//! ```text
//! let content = NodeRef::<html::Div>::new();
//! let sizes = use_content_height(content);   // zeros until the element is there
//! view! { <div node_ref=content>…</div> }
//! ```

use super::event_listener::use_window_event_listener;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDivElement, ResizeObserver};

/// One measurement, in CSS pixels rounded up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContentHeight {
    /// The content element's height (its border box).
    pub content: u32,
    /// The viewport's height: in a frame, the frame's.
    pub frame: u32,
}

/// The element observed, the observer and the callback it calls, kept alive together.
type Observing = (HtmlDivElement, ResizeObserver, Closure<dyn Fn()>);

/// `target`'s height and the viewport's, measured again whenever either
/// changes. The observer and the listener go when the current owner is
/// cleaned up.
pub fn use_content_height(target: NodeRef<html::Div>) -> ReadSignal<ContentHeight> {
    let (sizes, set_sizes) = signal(ContentHeight::default());
    let observing = StoredValue::new_local(None::<Observing>);
    let measure = move || {
        let Some(content) =
            observing.with_value(|o| o.as_ref().map(|(element, ..)| element.clone()))
        else {
            return;
        };
        let frame = window()
            .inner_height()
            .ok()
            .and_then(|height| height.as_f64())
            .unwrap_or(0.0);
        // Rounded up, so that a frame this tall never scrolls.
        let next = ContentHeight {
            content: content.get_bounding_client_rect().height().ceil().max(0.0) as u32,
            frame: frame.ceil().max(0.0) as u32,
        };
        if sizes.get_untracked() != next {
            set_sizes.set(next);
        }
    };
    let stop = move || {
        if let Some((_, observer, _)) = observing.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
    };
    Effect::new(move |_| {
        let Some(element) = target.get() else {
            return;
        };
        stop();
        let callback = Closure::<dyn Fn()>::new(measure);
        let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
            return;
        };
        observing.set_value(Some((element.clone(), observer.clone(), callback)));
        // Reports the current size at once, then every change.
        observer.observe(&element);
    });
    use_window_event_listener(ev::resize, move |_| measure());
    on_cleanup(stop);
    sizes
}
