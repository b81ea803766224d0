//! The static start page that index.html carries (`<div id="prerendered">`, written at
//! build time by crates/plan-prerender). It is the page until the app's own view is
//! ready; the stylesheet keeps the app out of sight while it is there.

/// Removes the static start page, once. Call it in the same task in which the app's own
/// view appears, so that no frame shows both or neither (no layout shift).
pub fn remove_prerendered() {
    if let Some(page) = leptos::prelude::document().get_element_by_id("prerendered") {
        page.remove();
    }
}
