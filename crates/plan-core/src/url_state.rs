//! The app's state in the address, so that any view, search and set of
//! filters can be shared as a link and restored by reload, back and forward.
//!
//! A small module of our own on the History API instead of leptos_router:
//! the app has a handful of views and no nested routes, and the router
//! measured about 120 KB raw / 36 KB brotli more wasm (see README). Query parameters
//! rather than paths keep the app working when it is embedded under any path.
//!
//! ```
//! use plan_core::url_state::{UrlState, View};
//! use plan_core::facet::Facet;
//! let state = UrlState::from_query("?view=explore&q=n%C3%A4tverk&tag=networks,funding");
//! assert_eq!(state.view, View::Explore);
//! assert_eq!(state.query, "nätverk");
//! assert!(state.selection.contains(Facet::Tag, "funding"));
//! assert_eq!(UrlState::from_query(&state.to_query()), state);
//! ```

use crate::facet::Facet;
use crate::filter::Selection;
use crate::model::Lang;
use std::collections::BTreeSet;

/// Which view is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The whole plan (the start page).
    #[default]
    Plan,
    /// One focus area, by id.
    FocusArea(String),
    /// Search and filters over activities, focus areas and partners.
    Explore,
    /// The partnership as a whole: partners per municipality and sector, focus
    /// areas against sectors, activities per focus area.
    Overview,
    /// The feedback results for the region's staff.
    Results,
    /// The accessibility statement (tillgänglighetsredogörelse), linked from every footer.
    Accessibility,
    /// The editors' preview of data files (staff bundle), linked from the staff view.
    Preview,
}

/// Where the app runs; each place gets a layout made for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AppMode {
    /// On its own, on any phone or desktop.
    #[default]
    Standalone,
    /// Inside the region's website (in an iframe): no own site header.
    Embedded,
    /// On a touch screen at meetings: large targets, resets when left alone.
    Kiosk,
}

impl AppMode {
    /// The code used in the address (`?mode=kiosk`) and in feedback.
    pub fn code(self) -> &'static str {
        match self {
            AppMode::Standalone => "standalone",
            AppMode::Embedded => "embedded",
            AppMode::Kiosk => "kiosk",
        }
    }

    /// Reads a code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<AppMode> {
        [AppMode::Standalone, AppMode::Embedded, AppMode::Kiosk]
            .into_iter()
            .find(|mode| mode.code() == code)
    }
}

/// Everything the address carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlState {
    /// The view.
    pub view: View,
    /// The search text (explore view).
    pub query: String,
    /// The chosen facet values (explore view).
    pub selection: Selection,
    /// The language, when the address names one.
    pub lang: Option<Lang>,
    /// The mode, when the address names one (it is kept on every link, so a
    /// kiosk stays a kiosk after a reload).
    pub mode: Option<AppMode>,
}

/// Longest search text kept from an address; longer is cut, not rejected.
const MAX_QUERY_CHARS: usize = 200;
/// Most values kept per facet from an address.
const MAX_VALUES_PER_FACET: usize = 50;

impl UrlState {
    /// Reads a query string (`?a=b&c=d` or `a=b&c=d`). Unknown parameters and
    /// malformed values are ignored, so an edited or truncated link still opens.
    pub fn from_query(query: &str) -> UrlState {
        let mut state = UrlState::default();
        let mut view_name = String::new();
        let mut focus_area_id = String::new();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match key {
                "view" => view_name = value,
                "id" => focus_area_id = value,
                "q" => state.query = value.chars().take(MAX_QUERY_CHARS).collect(),
                "lang" => state.lang = Lang::from_code(&value),
                "mode" => state.mode = AppMode::from_code(&value),
                _ => {
                    if let Some(facet) = Facet::from_param(key) {
                        let values = value.split(',').map(str::trim).filter(|v| is_plain_id(v));
                        for v in values {
                            // The limit counts the facet's values, so it holds even when
                            // the key repeats.
                            if state.selection.values(facet).len() >= MAX_VALUES_PER_FACET {
                                break;
                            }
                            if !state.selection.contains(facet, v) {
                                state.selection.toggle(facet, v);
                            }
                        }
                    }
                }
            }
        }
        state.view = match view_name.as_str() {
            "explore" => View::Explore,
            "overview" => View::Overview,
            "results" => View::Results,
            "accessibility" => View::Accessibility,
            "preview" => View::Preview,
            "focus-area" if is_plain_id(&focus_area_id) => View::FocusArea(focus_area_id),
            _ => View::Plan,
        };
        state
    }

    /// Writes the state as a query string starting with `?`, or `""` for the
    /// plan view with nothing else set. Parameters come in a fixed order and
    /// values sorted, so the same state always gives the same link.
    pub fn to_query(&self) -> String {
        let mut params: Vec<(&str, String)> = Vec::new();
        match &self.view {
            View::Plan => {}
            View::FocusArea(id) => {
                params.push(("view", "focus-area".into()));
                params.push(("id", id.clone()));
            }
            View::Explore => params.push(("view", "explore".into())),
            View::Overview => params.push(("view", "overview".into())),
            View::Results => params.push(("view", "results".into())),
            View::Accessibility => params.push(("view", "accessibility".into())),
            View::Preview => params.push(("view", "preview".into())),
        }
        if !self.query.is_empty() {
            params.push(("q", self.query.clone()));
        }
        for facet in Facet::ALL {
            let values: &BTreeSet<String> = self.selection.values(facet);
            if !values.is_empty() {
                params.push((
                    facet.param(),
                    values.iter().cloned().collect::<Vec<_>>().join(","),
                ));
            }
        }
        if let Some(lang) = self.lang {
            params.push(("lang", lang.code().into()));
        }
        if let Some(mode) = self.mode {
            params.push(("mode", mode.code().into()));
        }
        if params.is_empty() {
            return String::new();
        }
        let joined: Vec<String> = params
            .into_iter()
            .map(|(key, value)| format!("{key}={}", percent_encode(&value)))
            .collect();
        format!("?{}", joined.join("&"))
    }
}

/// Ids in links are the data's ids: lowercase letters, digits and hyphens.
fn is_plain_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Encodes a value for a query string: unreserved characters stay, a space
/// becomes `+`, everything else (including å, ä, ö as UTF-8) becomes `%XX`.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes a query-string value; `+` is a space, and broken `%` sequences or
/// invalid UTF-8 are kept as replacement characters rather than failing.
pub fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_plan_states_give_an_empty_query() {
        assert_eq!(UrlState::from_query(""), UrlState::default());
        assert_eq!(UrlState::default().to_query(), "");
    }

    #[test]
    fn every_part_round_trips() {
        let mut state = UrlState {
            view: View::Explore,
            query: "sociala företag & \"nätverk\" 100% + mer #1 🌍".into(),
            lang: Some(Lang::De),
            mode: Some(AppMode::Kiosk),
            ..UrlState::default()
        };
        state.selection.toggle(Facet::FocusArea, "fa-2");
        state.selection.toggle(Facet::FocusArea, "fa-1");
        state.selection.toggle(Facet::Sector, "civil-society");
        state.selection.toggle(Facet::Municipality, "orebro");
        state.selection.toggle(Facet::Tag, "funding");
        let query = state.to_query();
        assert!(query.starts_with("?view=explore&q="), "{query}");
        assert!(query.contains("&fa=fa-1,fa-2&"), "sorted values: {query}");
        assert!(
            !query.contains(' ') && !query.contains('#') && !query.contains('"'),
            "{query}"
        );
        assert_eq!(UrlState::from_query(&query), state);
    }

    #[test]
    fn overview_has_its_own_address() {
        let state = UrlState {
            view: View::Overview,
            ..UrlState::default()
        };
        assert_eq!(state.to_query(), "?view=overview");
        assert_eq!(UrlState::from_query("?view=overview"), state);
        assert_eq!(UrlState::from_query("?view=Overview").view, View::Plan);
    }

    #[test]
    fn focus_area_view_carries_its_id() {
        let state = UrlState {
            view: View::FocusArea("fa-3".into()),
            ..UrlState::default()
        };
        assert_eq!(state.to_query(), "?view=focus-area&id=fa-3");
        assert_eq!(UrlState::from_query("?view=focus-area&id=fa-3"), state);
        // Without a valid id the link falls back to the plan.
        assert_eq!(
            UrlState::from_query("?view=focus-area&id=%3Cscript%3E").view,
            View::Plan
        );
        assert_eq!(UrlState::from_query("?view=focus-area").view, View::Plan);
    }

    #[test]
    fn hostile_and_broken_addresses_are_tamed() {
        let state =
            UrlState::from_query("?view=nope&q=%E2%28%A1%zz%&tag=ok,%3Cb%3E,,UPPER&fa&lang=xx&&=");
        assert_eq!(state.view, View::Plan);
        assert_eq!(state.lang, None);
        assert!(
            state.query.contains('\u{FFFD}') && state.query.ends_with("%zz%"),
            "{:?}",
            state.query
        );
        assert_eq!(
            state
                .selection
                .values(Facet::Tag)
                .iter()
                .collect::<Vec<_>>(),
            ["ok"]
        );
        let long = format!("?q={}", "a".repeat(10_000));
        assert_eq!(UrlState::from_query(&long).query.len(), MAX_QUERY_CHARS);
        let many: Vec<String> = (0..500).map(|i| format!("t-{i}")).collect();
        let state = UrlState::from_query(&format!("?tag={}", many.join(",")));
        assert_eq!(
            state.selection.values(Facet::Tag).len(),
            MAX_VALUES_PER_FACET
        );
    }

    #[test]
    fn percent_coding_handles_swedish_letters_and_plus() {
        assert_eq!(percent_encode("Örebro län"), "%C3%96rebro+l%C3%A4n");
        assert_eq!(percent_decode("%C3%96rebro+l%C3%A4n"), "Örebro län");
        assert_eq!(percent_decode("a%2Bb"), "a+b");
        assert_eq!(percent_encode("a+b"), "a%2Bb");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
    }
}
