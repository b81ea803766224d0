//! Moving keyboard focus after the page has changed, so that keyboard and
//! screen-reader users land where the change happened. Not hooks: each call
//! waits one frame for the new content to render, and holds nothing after.
//!
//! ```text
//! focus_main_heading();       // after a change of view
//! focus_by_id("comment-30");  // after "load more", on the first new comment
//! focus_next_frame(comment_ref); // an element a view holds through a NodeRef
//! scroll_to_top();            // a kiosk starting over
//! ```

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves focus to the new view's `h1` after it has rendered, and scrolls up.
pub fn focus_main_heading() {
    request_animation_frame(|| {
        let heading = document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(heading) = heading {
            let _ = heading.focus();
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
}

/// Moves focus to the element with `id` after the next frame has rendered.
pub fn focus_by_id(id: String) {
    request_animation_frame(move || {
        let element = document()
            .get_element_by_id(&id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// Moves focus to the element `node` holds, once the next frame has drawn it
/// (for a view's own elements, such as the feedback widget's comment box).
pub fn focus_next_frame<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    request_animation_frame(move || {
        let element = node
            .get_untracked()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// Scrolls the page back to its top at once.
pub fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// Moves focus to the text field with `id` after the next frame, its text selected, ready to
/// copy by hand.
pub fn select_by_id(id: String) {
    request_animation_frame(move || {
        let input = document()
            .get_element_by_id(&id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let _ = input.focus();
            input.select();
        }
    });
}
