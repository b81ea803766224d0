//! The class of the root element (`<html>`), which the stylesheet reads for the
//! layout of each mode, and its `lang`.
//!
//! ```text
//! use_root_class(move || format!("mode-{}", mode.get().code()));
//! use_root_lang(move || lang.get().code());
//! ```

use leptos::prelude::*;

/// Keeps `class="…"` on `<html>` equal to `class()` (a reactive closure) for as
/// long as the current owner lives.
pub fn use_root_class(class: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            root.set_class_name(&class());
        }
    });
}

/// Keeps `lang="…"` on `<html>` equal to `lang()` (a reactive closure) for as long as the
/// current owner lives.
pub fn use_root_lang(lang: impl Fn() -> &'static str + 'static) {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang());
        }
    });
}
