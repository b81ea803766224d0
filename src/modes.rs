//! What each mode changes in the browser: a class on `<html>` for the layout,
//! the embedding page told our height and its theme applied. The browser side
//! of each is a hook in [`crate::browser`]. The kiosk's own screens are
//! [`crate::kiosk`].
//!
//! ```text
//! use_mode(mode);
//! use_embedding(mode, content, move || Some(allowed_origins_from_config));
//! ```

use crate::browser::content_height::use_content_height;
use crate::browser::parent_frame::{is_framed, use_parent_frame, UseParentFrameOptions};
use crate::browser::root_class::use_root_class;
use crate::browser::root_style::set_root_properties;
use leptos::html;
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
/// `class="mode-…"` on the root element.
pub fn use_mode(mode: Memo<AppMode>) {
    use_root_class(move || format!("mode-{}", mode.get().code()));
}

/// When embedded, tells the embedding page the height of `content` (the
/// element around everything the app shows) whenever it changes, and applies
/// the theme of its hello, both only for a parent whose origin is in
/// `allowed_origins()` (`embed.allowed_parent_origins`; `None` until the
/// settings are in).
///
/// The content is measured, not `<html>` or `<body>`: those are at least as
/// tall as the frame, so the frame could never shrink, and content sized by
/// the viewport would grow the frame without end.
pub fn use_embedding(
    mode: Memo<AppMode>,
    content: NodeRef<html::Div>,
    allowed_origins: impl Fn() -> Option<Vec<String>> + Send + Sync + 'static,
) {
    if !is_framed() {
        return;
    }
    use_parent_frame(UseParentFrameOptions {
        active: Memo::new(move |_| mode.get() == AppMode::Embedded),
        allowed_origins,
        height: use_content_height(content),
        on_theme: |theme: &plan_core::embed::Theme| set_root_properties(&theme.custom_properties()),
    });
}
