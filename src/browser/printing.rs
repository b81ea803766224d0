//! Printing: whether the page is being printed (so a list can show every entry on paper),
//! and asking the browser to print.
//!
//! ```text
//! let printing = use_printing();
//! let shown = move || if printing.get() { total() } else { one_page() };
//! ```

use super::event_listener::use_window_event_listener;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// True while the page is laid out for print: from `beforeprint` to `afterprint` (Ctrl+P,
/// the browser's menu, [`print_page`]), and while print media is emulated, which fires no
/// print events (the `print` media query's `change`). The listeners go with the owner.
pub fn use_printing() -> Signal<bool> {
    let printing = RwSignal::new(false);
    use_window_event_listener(ev::beforeprint, move |_| printing.set(true));
    use_window_event_listener(ev::afterprint, move |_| printing.set(false));
    let query = web_sys::window().and_then(|window| window.match_media("print").ok().flatten());
    if let Some(query) = query {
        printing.set(query.matches());
        let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |event: web_sys::MediaQueryListEvent| printing.set(event.matches()),
        );
        let _ =
            query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        // Kept (not Send) in the owner's local storage until it is cleaned up.
        let listening = StoredValue::new_local(Some((query, on_change)));
        on_cleanup(move || {
            if let Some((query, on_change)) = listening.try_update_value(Option::take).flatten() {
                let _ = query.remove_event_listener_with_callback(
                    "change",
                    on_change.as_ref().unchecked_ref(),
                );
            }
        });
    }
    printing.into()
}

/// Opens the browser's print dialog. Draw what should be printed first: the dialog may
/// hold this task until it closes, so nothing drawn later in this task reaches the paper.
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
