//! What each mode changes in the browser: a class on `<html>` for the layout,
//! the embedding page told our height, and a kiosk that resets when left alone.
//! The browser side of each is a hook in [`crate::browser`].
//!
//! ```text
//! use_mode(mode);
//! use_kiosk_reset(mode, idle_seconds_from_config, move || visit.clear());
//! ```

use crate::browser::idle_reset::use_idle_reset;
use crate::browser::parent_frame::{is_framed, use_report_height};
use crate::browser::root_class::use_root_class;
use crate::navigation::use_navigator;
use leptos::prelude::*;
use plan_core::url_state::{AppMode, UrlState};
use std::time::Duration;

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

/// A kiosk left alone for `idle_seconds()` (`None` until the settings are in)
/// goes back to the start page, in its language and mode, ready for the next
/// person; `on_reset` runs first (it forgets this visit's answers).
pub fn use_kiosk_reset(
    mode: Memo<AppMode>,
    idle_seconds: impl Fn() -> Option<u32> + 'static,
    on_reset: impl Fn() + 'static,
) {
    let navigator = use_navigator();
    let start_page = move || {
        let (lang, mode) = navigator.lang_and_mode().get_untracked();
        UrlState {
            lang,
            mode,
            ..UrlState::default()
        }
    };
    let at_start = move || {
        navigator.with(|state| {
            *state
                == UrlState {
                    lang: state.lang,
                    mode: state.mode,
                    ..UrlState::default()
                }
        })
    };
    use_idle_reset(
        move || {
            let limit = idle_seconds()?;
            let applies = mode.get_untracked() == AppMode::Kiosk && !at_start();
            applies.then(|| Duration::from_secs(u64::from(limit)))
        },
        move || {
            on_reset();
            navigator.go(start_page());
        },
    );
}
