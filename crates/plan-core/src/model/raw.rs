//! The data files exactly as read: lenient serde types for `plan.json` and `partners.json`.
//!
//! Missing fields fall back to defaults, ids and dates are plain text and
//! references are ids, so that [`crate::validate`] can read a broken file
//! and report *every* problem in it at once. The views never see these: a
//! raw plan becomes a [`Plan`](super::Plan) through `TryFrom`, which checks
//! it. Editors' tools and tests build and serialise raw types freely.
//!
//! A wrong value's message names the type the value should be, as serde's
//! "expected struct Activity" (shown to editors as "expected an object:
//! Activity"); `expecting` keeps those names free of the `Raw` prefix.
//!
//! Without the `json-paths` feature (the app in the browser) these types, and the others
//! the files hold, refuse an unknown field themselves (`deny_unknown_fields`): serde_ignored,
//! which lists every one with its path, is not there.
//!
//! The format is documented in `public/data/README.md`.

use super::{ContactPerson, ContactPoint, Link, LocalizedText, Partnership};
use serde::{Deserialize, Serialize};

/// The whole action plan, as stored in `public/data/plan.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, expecting = "struct Plan")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawPlan {
    /// Version of the file format; this app reads version 1.
    pub format_version: u32,
    /// Stable id of the plan.
    pub id: String,
    /// The plan's name.
    pub title: LocalizedText,
    /// Who owns the plan.
    pub owner: LocalizedText,
    /// The plan's goal (målet med handlingsplanen).
    pub goal: LocalizedText,
    /// How the plan was made, one entry a paragraph.
    pub process: Vec<LocalizedText>,
    /// When the regional council decided the plan, `YYYY-MM-DD`.
    pub decided_on: String,
    /// When the source page was last updated, `YYYY-MM-DD`.
    pub updated_on: String,
    /// Where the content comes from.
    pub source: Option<Link>,
    /// The vocabulary of topic tags that activities refer to.
    pub tags: Vec<RawTag>,
    /// The focus areas, in the plan's order.
    pub focus_areas: Vec<RawFocusArea>,
    /// Every activity; each names the focus area it belongs to.
    pub activities: Vec<RawActivity>,
    /// Partnerskapet för sociala innovationer.
    pub partnership: Partnership,
    /// People to contact about the plan.
    pub contacts: Vec<RawContact>,
    /// Where the shown Swedish text differs from the source page's wording (a typo put
    /// right), so that an editor comparing the two sees why.
    pub corrections: Vec<RawCorrection>,
}

/// One place where the plan's Swedish text differs from the source page: a typo put right.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct Correction")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawCorrection {
    /// The id of the focus area or activity whose Swedish text holds the correction.
    pub entry: String,
    /// The words as the source page has them.
    pub source: String,
    /// The same words as shown, corrected.
    pub shown: String,
}

/// A focus area (insatsområde).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct FocusArea")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawFocusArea {
    /// Stable id, for example `fa-1`; used in links and by activities.
    pub id: String,
    /// The number the plan gives it, 1 to 4.
    pub number: u32,
    /// The focus area's heading.
    pub title: LocalizedText,
}

/// One activity of a focus area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct Activity")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawActivity {
    /// Stable id, for example `fa-2-a-3`.
    pub id: String,
    /// Id of the focus area it belongs to.
    pub focus_area: String,
    /// The activity, word for word from the plan.
    pub text: LocalizedText,
    /// Ids of topic tags from [`RawPlan::tags`].
    pub tags: Vec<String>,
}

/// A topic tag used to filter activities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct Tag")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawTag {
    /// Stable id, for example `procurement`.
    pub id: String,
    /// The tag's visible name.
    pub label: LocalizedText,
}

/// A contact person named on the source page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct Contact")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawContact {
    /// Stable id.
    pub id: String,
    /// The person's name, as on the source page.
    pub name: String,
    /// Their role.
    pub role: LocalizedText,
}

/// The whole partner directory, as stored in `public/data/partners.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct PartnerDirectory")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawPartnerDirectory {
    /// Version of the file format; this app reads version 1.
    pub format_version: u32,
    /// The sectors organisations belong to (public sector, civil society, …).
    pub sectors: Vec<RawChoice>,
    /// The municipalities of Örebro län, plus the whole county.
    pub municipalities: Vec<RawChoice>,
    /// The organisations.
    pub partners: Vec<RawPartner>,
}

/// One value of a fixed vocabulary, such as a sector or a municipality.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct Choice")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawChoice {
    /// Stable id used by partners and in links.
    pub id: String,
    /// Visible name.
    pub label: LocalizedText,
}

/// One organisation in the partnership.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, expecting = "struct Partner")]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct RawPartner {
    /// Stable id.
    pub id: String,
    /// The organisation's name.
    pub name: String,
    /// `true` for an entry that the source page does not back: it is an
    /// illustration, and the app shows it with an "Exempel" badge.
    pub example: bool,
    /// Id of a sector in [`RawPartnerDirectory::sectors`].
    pub sector: String,
    /// Id of a municipality in [`RawPartnerDirectory::municipalities`].
    pub municipality: String,
    /// Ids of focus areas in `plan.json` the organisation works on.
    pub focus_areas: Vec<String>,
    /// A short description.
    pub description: LocalizedText,
    /// The organisation's website.
    pub website: Option<String>,
    /// A role address (never a private person's), such as the office's e-mail.
    pub contact: Option<ContactPoint>,
    /// People named on the source page, with their roles.
    pub contact_people: Vec<ContactPerson>,
    /// Ids of topic tags in `plan.json`.
    pub tags: Vec<String>,
}
