//! Copying text to the clipboard.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The clipboard could not be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotCopied;

/// Writes `text` to the clipboard. `Err` where the browser has no clipboard for the page (an
/// address that is not https, an old browser) or refuses it (a frame not allowed to write
/// it, a denied permission): the caller then offers the text to copy by hand.
pub async fn copy_text(text: &str) -> Result<(), NotCopied> {
    let navigator = web_sys::window().ok_or(NotCopied)?.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; calling it would throw.
    let clipboard =
        js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).map_err(|_| NotCopied)?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(NotCopied);
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| NotCopied)
}
