//! A `<dialog>` shown as a modal while a condition holds: the browser then
//! moves focus into it (to its `autofocus` element), keeps focus inside,
//! makes the rest of the page inert and sends Escape to it as `cancel`.
//!
//! ```text
//! let dialog = NodeRef::<html::Dialog>::new();
//! use_modal_dialog(dialog, move || asking.get());
//! view! { <dialog node_ref=dialog on:cancel=…>…</dialog> }
//! ```

use leptos::html;
use leptos::prelude::*;

/// Opens `dialog` as a modal while `open()` is true, and closes it when it
/// turns false. The dialog's own `cancel` and `close` events are the view's.
pub fn use_modal_dialog(dialog: NodeRef<html::Dialog>, open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let should_be_open = open();
        let Some(dialog) = dialog.get() else {
            return;
        };
        if should_be_open && !dialog.open() {
            // Fails only if the dialog is not in the document; then there is nothing to show.
            let _ = dialog.show_modal();
        } else if !should_be_open && dialog.open() {
            dialog.close();
        }
    });
}
