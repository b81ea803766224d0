//! The editors' preview of the app on data files they picked (src/pages/preview_page.rs):
//! the files wait in the tab's sessionStorage, so the preview lasts through links and
//! reloads in that tab only, and ends with it. While they are there, [`super::fetch`] reads
//! them instead of the published files, and the shell says so on every view.
//! public/boot.js reads the same key, so that the static published start page is not shown.

use super::storage::LocalStorageItem;
use plan_core::feedback::StorageError;
use plan_core::preview::PreviewFiles;
use plan_core::url_state::View;

/// The sessionStorage key; public/boot.js names it too.
const KEY: &str = "plan-explorer.preview";

/// Starts a preview on `files`.
pub fn start(files: &PreviewFiles) -> Result<(), StorageError> {
    let text =
        serde_json::to_string(files).map_err(|error| StorageError::new(error.to_string()))?;
    LocalStorageItem::open_session(KEY)?.set(&text)
}

/// The files of the running preview; `None` outside one, and on the staff views, which
/// always read the published files (the preview page checks new files against them). What
/// cannot be read as preview files (changed by hand, say) ends the preview rather than
/// showing unchecked data.
pub fn files() -> Option<PreviewFiles> {
    if matches!(
        super::history::current_state().view,
        View::Results | View::Preview
    ) {
        return None;
    }
    let item = LocalStorageItem::open_session(KEY).ok()?;
    let text = item.get().ok()??;
    match serde_json::from_str(&text) {
        Ok(files) => Some(files),
        Err(_) => {
            let _ = item.remove();
            None
        }
    }
}

/// Ends the preview: the published files again.
pub fn end() {
    if let Ok(item) = LocalStorageItem::open_session(KEY) {
        let _ = item.remove();
    }
}
