//! The address bar: reading the state from it and writing the state to it.
use plan_core::url_state::UrlState;
use wasm_bindgen::JsValue;

/// The state in the current address.
pub fn current() -> UrlState {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    UrlState::from_query(&search)
}

/// Writes `state` to the address: a new history entry (`push`) for a
/// step the visitor may want to go back from, else replacing the current one.
pub fn write(state: &UrlState, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let hash = window.location().hash().unwrap_or_default();
    let url = format!("{path}{}{hash}", state.to_query());
    let current = format!(
        "{path}{}{hash}",
        window.location().search().unwrap_or_default()
    );
    if url == current {
        return;
    }
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}
