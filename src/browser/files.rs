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

/// The files a file input holds after its `change`.
pub fn files_of_input(event: &leptos::ev::Event) -> Option<web_sys::FileList> {
    event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()
}

/// The files dropped on an element (`drop`); the browser would otherwise open them.
pub fn files_of_drop(event: &leptos::ev::DragEvent) -> Option<web_sys::FileList> {
    event.prevent_default();
    event.data_transfer()?.files()
}

/// Lets a drop happen on the element (`dragover`): without this the browser refuses it.
pub fn allow_drop(event: &leptos::ev::DragEvent) {
    event.prevent_default();
}

/// Reads every file of `list` in the browser: name and bytes, at most one byte more than
/// the preview takes (so a huge file is never copied whole into memory, and its check says
/// it is too big). A file the browser cannot read (removed meanwhile, no permission) comes
/// back empty, so that its check says so instead of the file going missing without a word.
pub async fn read_files(list: web_sys::FileList) -> Vec<plan_core::preview::PickedFile> {
    let limit = (plan_core::preview::MAX_FILE_BYTES + 1) as f64;
    let mut files = Vec::new();
    for file in (0..list.length()).filter_map(|i| list.item(i)) {
        let Ok(head) = file.slice_with_f64_and_f64(0.0, limit) else {
            continue;
        };
        let bytes = match wasm_bindgen_futures::JsFuture::from(head.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        };
        files.push(plan_core::preview::PickedFile {
            name: file.name(),
            bytes,
        });
    }
    files
}
