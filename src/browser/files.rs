//! Handing the visitor a file: a download made in the browser.

use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// The browser would not make the file (out of memory, downloads blocked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotSaved;

/// Saves `text` as a file called `name`, of the media type `mime` (such as
/// `text/csv;charset=utf-8`).
pub fn save_text_as_file(text: &str, name: &str, mime: &str) -> Result<(), NotSaved> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| NotSaved)?;
    save_blob(&blob, name).map_err(|_| NotSaved)
}

/// Saves `blob` as a file called `name`: a temporary `<a download>` clicked, then removed;
/// the object URL is revoked once the browser has taken the download over.
pub(super) fn save_blob(blob: &web_sys::Blob, name: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    body.append_child(&link)?;
    link.click();
    link.remove();
    // Revoking at once can cancel the download in some browsers; a moment later is safe.
    // A fire-and-forget timer, not `use_timeout`: the file's URL must be freed even if
    // the view that asked for it is gone by then.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(10),
    );
    Ok(())
}
