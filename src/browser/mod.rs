//! The browser edges, in one place: everything that touches `web_sys`,
//! `js_sys` or `gloo_net`. The rest of the app is views and app state over
//! `plan_core`, and calls these.
//!
//! Each edge that listens or waits is a hook in leptos-use's shape: one per
//! file, `use_x` (and `use_x_with_options` where there are options), a
//! `UseXReturn` where it gives more than one thing, and its listeners and
//! timers removed when the owner that called it is cleaned up (`on_cleanup`).
//!
//! | file | hook |
//! |---|---|
//! | [`history`] | `use_history`: the address as a signal; back and forward; writes, held back while typing |
//! | [`timeout`] | `use_timeout`: the one way to hold (and clear) a one-shot timer |
//! | [`idle`] | `use_idle_callback`: work for when the browser is idle (`requestIdleCallback`) |
//! | [`interval`] | `use_interval`: a repeating timer |
//! | [`event_listener`] | `use_window_event_listener`: a window event |
//! | [`content_height`] | `use_content_height`: the content's and the frame's height, measured on every change (`ResizeObserver`, `resize`) |
//! | [`parent_frame`] | `use_parent_frame`: the height posted to the embedding page, its hello heard, both for allowed origins only (and `is_framed`) |
//! | [`user_activity`] | `use_user_activity`: a touch, key, scroll or input (the kiosk's idle time) |
//! | [`wake_lock`] | `use_wake_lock`: the screen kept on, where the browser can |
//! | [`context_menu`] | `use_prevent_context_menu`: no context menu (kiosk) |
//! | [`stay_on_page`] | `use_stay_on_page`: no link click leaves the app (kiosk) |
//! | [`modal_dialog`] | `use_modal_dialog`: a `<dialog>` shown as a modal while a condition holds |
//! | [`root_class`] | `use_root_class`, `use_root_lang`: the class and the `lang` of `<html>` |
//! | [`document_title`] | `use_document_title`: the tab's title |
//! | [`printing`] | `use_printing`: whether the page is laid out for print (and `print_page`) |
//!
//! The rest are plain calls with nothing to clean up: [`fetch`] (the data
//! files, and the collector), [`files`] (a download made in the browser),
//! [`clipboard`] (copying a link), [`storage`] (one localStorage key), [`focus`]
//! (moving focus and scrolling after a change), [`root_style`] (custom
//! properties on `<html>`), [`clock`] (the wall clock and a monotonic one),
//! [`random`] and [`next_task`] (the start split into tasks).
//!
//! Nothing outside this module calls `web_sys`, `js_sys` or `gloo_net`.
//!
//! ## Why not leptos-use
//!
//! leptos-use (0.18.3, already built for leptos_i18n with `use_locales` and
//! `use_cookie`) was tried where it does the same job, one feature at a time
//! (`default-features = false`), against these hooks. The release wasm
//! (`trunk build --release --offline`, then `node scripts/size-report.mjs dist`):
//!
//! | build | raw | brotli |
//! |---|---|---|
//! | before this module (edges written in place) | 880.4 KiB | 279.9 KiB |
//! | these hooks, no leptos-use | 880.0 KiB | 280.4 KiB |
//! | an earlier draft of these hooks | 880.3 KiB | 280.5 KiB |
//! | … with `use_idle` for the kiosk | +13.0 KiB | +4.0 KiB |
//! | … with `use_interval_fn` for the height check | +5.6 KiB | +1.3 KiB |
//! | … with `use_event_listener` for popstate, pagehide, online | +11.8 KiB | +2.6 KiB |
//! | … with all three (the first attempt) | 906.3 KiB | 287.6 KiB |
//!
//! Each costs more than 1 KiB brotli (the budget for the whole of issue #9 is
//! 2 KiB) for what a few lines here do: their generic event filters, watchers
//! and signals come along. So none is used. Neither are `use_timeout_fn` and
//! `use_debounce_fn` (callback and delay fixed when created, and no "run now"
//! or "drop", which the address bar and the outbox need; see [`timeout`]) nor
//! `use_local_storage` (a signal synced across tabs with a codec; the
//! feedback queue needs read-modify-write and the browser's errors; see
//! [`storage`]).

pub mod clipboard;
pub mod clock;
pub mod content_height;
pub mod context_menu;
pub mod document_title;
pub mod event_listener;
pub mod fetch;
pub mod files;
pub mod focus;
pub mod history;
pub mod idle;
pub mod interval;
pub mod modal_dialog;
pub mod next_task;
pub mod parent_frame;
pub mod prerendered;
pub mod preview_session;
pub mod printing;
pub mod random;
pub mod root_class;
pub mod root_style;
pub mod stay_on_page;
pub mod storage;
pub mod timeout;
pub mod user_activity;
pub mod wake_lock;
