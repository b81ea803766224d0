//! A kiosk never leaves the app: no click on a link may open another site,
//! a new tab or a new window. Outbound links are drawn as QR codes in a
//! kiosk anyway; this catches any link that is not (a modified click on one
//! of our own links, say, which would otherwise open a new window).
//!
//! ```text
//! use_stay_on_page();   // for as long as the current owner lives
//! ```

use super::event_listener::use_window_event_listener;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Cancels, until the current owner is cleaned up, every click on a link
/// that would leave this page: to another origin, with a `target` or
/// `download`, with a modifier key or any button but the first.
pub fn use_stay_on_page() {
    use_window_event_listener(ev::click, cancel_if_leaving);
    use_window_event_listener(ev::auxclick, cancel_if_leaving);
}

fn cancel_if_leaving(event: web_sys::MouseEvent) {
    let link = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(link) = link else {
        return;
    };
    let modified = event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key();
    let our_origin = window().location().origin().unwrap_or_default();
    let elsewhere =
        link.origin() != our_origin || !link.target().is_empty() || link.has_attribute("download");
    if modified || elsewhere {
        event.prevent_default();
    }
}
