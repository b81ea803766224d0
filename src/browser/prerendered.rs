//! The static start page that index.html carries (`<div class="app" id="prerendered">`,
//! written at build time by crates/plan-prerender). It is the page until the app's own view
//! is ready; the stylesheet keeps the app out of sight while it is there.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// What only the static page has: its loading line and its note for browsers without
/// JavaScript. They are not counted when positions are compared.
const STATIC_ONLY: &str = "noscript, .boot-notice";

/// Removes the static start page, once. Call it in the same task in which the app's own
/// view appears, so that no frame shows both or neither (no layout shift).
///
/// A keyboard user may already have tabbed into the static page: focus then moves to the
/// same element of the app's view (the two are the same tree, element for element, which
/// tests/e2e/prerender.test.mjs checks), instead of falling back to the page's start.
pub fn remove_prerendered() {
    let document = document();
    let Some(page) = document.get_element_by_id("prerendered") else {
        return;
    };
    let focused = document.active_element();
    let focused_at = focused
        .as_ref()
        .and_then(|focused| Some((path_within(&page, focused)?, looks(focused))));
    page.remove();
    let Some((path, look)) = focused_at else {
        return;
    };
    // Only the same kind of element with the same text: where the app shows something else
    // (an error panel), focus stays where the browser puts it.
    let same_element = document
        .query_selector("body > .app")
        .ok()
        .flatten()
        .and_then(|app| follow(app, &path))
        .filter(|element| looks(element) == look)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = same_element {
        let _ = element.focus();
    }
}

/// What an element is and says: its tag and its text.
fn looks(element: &web_sys::Element) -> (String, Option<String>) {
    (element.tag_name(), element.text_content())
}

/// The children of `parent` that the app's view has too.
fn shared_children(parent: &web_sys::Element) -> Vec<web_sys::Element> {
    let children = parent.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|child| !child.matches(STATIC_ONLY).unwrap_or(false))
        .collect()
}

/// The positions, among shared children, that lead from `root` down to `element`; `None`
/// if it is not inside.
fn path_within(root: &web_sys::Element, element: &web_sys::Element) -> Option<Vec<usize>> {
    let mut path = Vec::new();
    let mut current = element.clone();
    while &current != root {
        let parent = current.parent_element()?;
        let position = shared_children(&parent)
            .iter()
            .position(|child| child == &current)?;
        path.push(position);
        current = parent;
    }
    path.reverse();
    Some(path)
}

/// The element reached from `root` by the positions of `path`.
fn follow(root: web_sys::Element, path: &[usize]) -> Option<web_sys::Element> {
    path.iter().try_fold(root, |element, &position| {
        shared_children(&element).into_iter().nth(position)
    })
}
