//! `plan.json`: the action plan, its focus areas (insatsområden) and activities.
//! The format is documented in `public/data/README.md`.

use super::{IsoDate, LocalizedText};
use serde::{Deserialize, Serialize};

/// The whole action plan, as stored in `public/data/plan.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
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
    pub tags: Vec<Tag>,
    /// The focus areas, in the plan's order.
    pub focus_areas: Vec<FocusArea>,
    /// Every activity; each names the focus area it belongs to.
    pub activities: Vec<Activity>,
    /// Partnerskapet för sociala innovationer.
    pub partnership: Partnership,
    /// People to contact about the plan.
    pub contacts: Vec<Contact>,
}

/// A focus area (insatsområde).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FocusArea {
    /// Stable id, for example `fa-1`; used in links and by activities.
    pub id: String,
    /// The number the plan gives it, 1 to 4.
    pub number: u32,
    /// The focus area's heading.
    pub title: LocalizedText,
}

/// One activity of a focus area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Activity {
    /// Stable id, for example `fa-2-a-3`.
    pub id: String,
    /// Id of the focus area it belongs to.
    pub focus_area: String,
    /// The activity, word for word from the plan.
    pub text: LocalizedText,
    /// Ids of topic tags from [`Plan::tags`].
    pub tags: Vec<String>,
}

/// A topic tag used to filter activities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tag {
    /// Stable id, for example `procurement`.
    pub id: String,
    /// The tag's visible name.
    pub label: LocalizedText,
}

/// A link to a web page, e-mail address or phone number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Link {
    /// The visible text of the link.
    pub label: LocalizedText,
    /// `https:`, `http:`, `mailto:` or `tel:` only.
    pub url: String,
}

/// Partnerskapet för sociala innovationer, the network the region coordinates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Partnership {
    /// The network's name.
    pub name: LocalizedText,
    /// What the source page says about it, one entry a paragraph.
    pub paragraphs: Vec<LocalizedText>,
}

/// A contact person named on the source page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    /// Stable id.
    pub id: String,
    /// The person's name, as on the source page.
    pub name: String,
    /// Their role.
    pub role: LocalizedText,
}

impl Plan {
    /// The activities of one focus area, in file order.
    pub fn activities_in<'a>(
        &'a self,
        focus_area_id: &'a str,
    ) -> impl Iterator<Item = &'a Activity> + 'a {
        self.activities
            .iter()
            .filter(move |activity| activity.focus_area == focus_area_id)
    }

    /// Looks a tag up by id.
    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tags.iter().find(|tag| tag.id == id)
    }

    /// The decision date, if it is a valid date (it is, after validation).
    pub fn decided_date(&self) -> Option<IsoDate> {
        IsoDate::parse(&self.decided_on).ok()
    }

    /// The last-updated date, if it is a valid date (it is, after validation).
    pub fn updated_date(&self) -> Option<IsoDate> {
        IsoDate::parse(&self.updated_on).ok()
    }
}
