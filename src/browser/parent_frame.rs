//! The page that embeds the app in a frame: whether there is one, telling it
//! the content's height (so the host script, `public/embed.js`, sizes the
//! iframe without a scrollbar), and hearing its hello (which may carry a
//! theme). Only an origin listed in `config.json`
//! (`embed.allowed_parent_origins`) is posted to, never `"*"`, and only it may
//! send a hello; the messages and their checks are `plan_core::embed`'s.
//!
//! ```text
//! if is_framed() { /* embedded */ }
//! use_parent_frame(UseParentFrameOptions { active, allowed_origins, height, on_theme });
//! // height: use_content_height(content_node_ref)
//! ```
//!
//! Which origin the parent has is read from `location.ancestorOrigins`
//! (Chromium, Safari), else from `document.referrer` (the page that loaded the
//! frame), else from the host script's hello. Any other message is ignored,
//! with one `console.warn` per origin. Which heights are posted is decided by
//! `plan_core::embed::HeightReporter`: content sized by the frame (`100vh`)
//! does not grow the frame without end.

use super::content_height::ContentHeight;
use super::event_listener::use_window_event_listener;
use leptos::ev;
use leptos::logging::warn;
use leptos::prelude::*;
use plan_core::embed::{
    is_allowed_parent, parse_host_message, HeightReport, HeightReporter, HostMessage, Theme,
    HEIGHT_MESSAGE_TYPE, MESSAGE_VERSION,
};
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Whether the app runs inside another page's frame.
pub fn is_framed() -> bool {
    let own = window();
    matches!(own.top(), Ok(Some(top)) if *top != *own)
}

/// What [`use_parent_frame`] needs.
pub struct UseParentFrameOptions<O, T>
where
    O: Fn() -> Option<Vec<String>> + Send + Sync + 'static,
    T: Fn(&Theme) + 'static,
{
    /// Whether to talk to the parent at all (the embedded mode).
    pub active: Memo<bool>,
    /// `embed.allowed_parent_origins`, once the settings are in (reactive).
    pub allowed_origins: O,
    /// The content's and the frame's height, measured whenever either changes.
    pub height: ReadSignal<ContentHeight>,
    /// Applies the theme of a hello from the allowed parent.
    pub on_theme: T,
}

/// Posts the content's height to the parent whenever it changes, and listens
/// for the parent's hello, as long as the current owner lives. Does nothing
/// outside a frame.
pub fn use_parent_frame<O, T>(options: UseParentFrameOptions<O, T>)
where
    O: Fn() -> Option<Vec<String>> + Send + Sync + 'static,
    T: Fn(&Theme) + 'static,
{
    if !is_framed() {
        return;
    }
    let UseParentFrameOptions {
        active,
        allowed_origins,
        height,
        on_theme,
    } = options;
    let allowed_origins = Arc::new(allowed_origins);
    // What the browser says about the parent; a hello's origin, once heard, wins.
    let hinted = parent_origin_hint();
    let state = StoredValue::new(FrameState::default());
    let hello = Trigger::new();

    let allowed = allowed_origins.clone();
    Effect::new(move |_| {
        let ContentHeight { content, frame } = height.get();
        hello.track();
        // Nothing is posted until the settings are in.
        let (true, Some(allowed)) = (active.get(), allowed()) else {
            return;
        };
        state.update_value(|state| {
            let Some(origin) = state.greeted.clone().or_else(|| hinted.clone()) else {
                return;
            };
            if !is_allowed_parent(&allowed, &origin) {
                state.warn_once(&origin, || format!("the page at {origin} embeds the app, but config.json's embed.allowed_parent_origins does not list it, so the app does not tell it its height"));
                return;
            }
            match state.reporter.measured(content, frame) {
                HeightReport::Post(height) => post_height(&origin, height),
                HeightReport::FollowsFrame => state.warn_once("follows-frame", || {
                    "the content's height follows the frame's (a vh or 100% height?), so the frame is not made taller".into()
                }),
                HeightReport::Unchanged => {}
            }
        });
    });

    use_window_event_listener(ev::message, move |event: web_sys::MessageEvent| {
        // Not embedded, or the settings not in yet: the host script says hello again.
        let (true, Some(allowed)) = (active.get_untracked(), untrack(|| allowed_origins())) else {
            return;
        };
        let origin = event.origin();
        let from_parent = match (event.source(), window().parent()) {
            (Some(source), Ok(Some(parent))) => js_sys::Object::is(&source, &parent),
            _ => false,
        };
        if !from_parent || !is_allowed_parent(&allowed, &origin) {
            state.update_value(|state| state.warn_once(&origin, || format!("ignored a message from {origin}: only the embedding page, if config.json's embed.allowed_parent_origins lists its origin, may send messages")));
            return;
        }
        let text = js_sys::JSON::stringify(&event.data())
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default();
        match parse_host_message(&text) {
            Ok(HostMessage::Hello { theme, rejected }) => {
                state.update_value(|state| {
                    for reason in rejected {
                        state.warn_once(&reason, || {
                            format!("ignored a theme value from {origin}: {reason}")
                        });
                    }
                    state.greeted = Some(origin);
                    // Answers with the height, even if it has not changed.
                    state.reporter.forget_posted();
                });
                on_theme(&theme);
                hello.notify();
            }
            Err(reason) => state.update_value(|state| {
                state.warn_once(&origin, || {
                    format!("ignored a message from {origin}: {reason}")
                })
            }),
        }
    });
}

/// What the hook remembers between events.
#[derive(Default)]
struct FrameState {
    /// The origin of the parent's hello, once heard.
    greeted: Option<String>,
    reporter: HeightReporter,
    /// What has been warned about, by origin or reason: once each.
    warned: Vec<String>,
}

impl FrameState {
    fn warn_once(&mut self, key: &str, text: impl FnOnce() -> String) {
        if !self.warned.iter().any(|seen| seen == key) {
            self.warned.push(key.to_string());
            warn!("plan-explorer: {}", text());
        }
    }
}

/// The parent's origin as the browser tells it: `location.ancestorOrigins[0]`
/// where there is such a list, else the origin of `document.referrer`.
fn parent_origin_hint() -> Option<String> {
    let location: JsValue = window().location().into();
    let ancestors = js_sys::Reflect::get(&location, &"ancestorOrigins".into()).ok();
    let from_ancestors = ancestors
        .filter(|list| !list.is_undefined() && !list.is_null())
        .and_then(|list| js_sys::Reflect::get_u32(&list, 0).ok())
        .and_then(|first| first.as_string());
    from_ancestors.or_else(|| {
        let referrer = document().referrer();
        let origin = web_sys::Url::new(&referrer).ok()?.origin();
        (origin != "null").then_some(origin)
    })
}

/// `{type: "plan-explorer:height", version: 1, height}` to the parent, only if
/// its origin is `origin`.
fn post_height(origin: &str, height: u32) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE_TYPE.into());
    let _ = js_sys::Reflect::set(&message, &"version".into(), &MESSAGE_VERSION.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&message, origin);
    }
}
