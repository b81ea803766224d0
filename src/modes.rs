//! What each mode changes in the browser: a class on `<html>` for the layout,
//! and the embedding page told our height. The browser side of each is a
//! hook in [`crate::browser`]. The kiosk's own screens are [`crate::kiosk`].
//!
//! ```text
//! use_mode(mode);
//! ```

use crate::browser::parent_frame::{is_framed, use_report_height};
use crate::browser::root_class::use_root_class;
use leptos::prelude::*;
use plan_core::url_state::AppMode;

/// The mode when the address names none: embedded inside another page's
/// frame, else standalone. (Kiosks are set up with `?mode=kiosk`.)
pub fn detect_mode() -> AppMode {
    if is_framed() {
        AppMode::Embedded
    } else {
        AppMode::Standalone
    }
}

/// Applies `mode` for as long as the current owner lives: sets
/// `class="mode-…"` on the root element and, when embedded, tells the
/// embedding page our height.
pub fn use_mode(mode: Memo<AppMode>) {
    use_root_class(move || format!("mode-{}", mode.get().code()));
    use_report_height(move || mode.get_untracked() == AppMode::Embedded);
}
