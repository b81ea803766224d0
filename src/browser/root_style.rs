//! Custom properties on `<html>` (`--pe-accent: #7a1f5c`), set through the
//! CSSOM, which the Content-Security-Policy allows where a `style` attribute
//! would not be.
//!
//! ```text
//! set_root_properties(&theme.custom_properties());   // None removes a property
//! ```

use wasm_bindgen::JsCast;

/// Sets each named custom property to its value, or removes it for `None`.
pub fn set_root_properties(properties: &[(&str, Option<String>)]) {
    let Some(root) = document_element() else {
        return;
    };
    let style = root.style();
    for (name, value) in properties {
        let _ = match value {
            Some(value) => style.set_property(name, value),
            None => style.remove_property(name).map(|_| ()),
        };
    }
}

fn document_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .document_element()?
        .dyn_into()
        .ok()
}
