//! `partners.json`: the directory of Partnerskapet för sociala innovationer.
//! The format is documented in `public/data/README.md`.

use super::LocalizedText;
use serde::{Deserialize, Serialize};

/// The whole partner directory, as stored in `public/data/partners.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnerDirectory {
    /// Version of the file format; this app reads version 1.
    pub format_version: u32,
    /// The sectors organisations belong to (public sector, civil society, …).
    pub sectors: Vec<Choice>,
    /// The municipalities of Örebro län, plus the whole county.
    pub municipalities: Vec<Choice>,
    /// The organisations.
    pub partners: Vec<Partner>,
}

/// One value of a fixed vocabulary, such as a sector or a municipality.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choice {
    /// Stable id used by partners and in links.
    pub id: String,
    /// Visible name.
    pub label: LocalizedText,
}

/// One organisation in the partnership.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Partner {
    /// Stable id.
    pub id: String,
    /// The organisation's name.
    pub name: String,
    /// `true` for an entry that the source page does not back: it is an
    /// illustration, and the app shows it with an "Exempel" badge.
    pub example: bool,
    /// Id of a sector in [`PartnerDirectory::sectors`].
    pub sector: String,
    /// Id of a municipality in [`PartnerDirectory::municipalities`].
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

/// A role address: a label and a `mailto:`, `tel:` or web link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactPoint {
    /// What the address is, for example "Kansliet".
    pub label: LocalizedText,
    /// The link.
    pub url: String,
}

/// A person named on the source page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactPerson {
    /// The person's name.
    pub name: String,
    /// Their role.
    pub role: LocalizedText,
}

impl PartnerDirectory {
    /// Looks a sector up by id.
    pub fn sector(&self, id: &str) -> Option<&Choice> {
        self.sectors.iter().find(|choice| choice.id == id)
    }

    /// Looks a municipality up by id.
    pub fn municipality(&self, id: &str) -> Option<&Choice> {
        self.municipalities.iter().find(|choice| choice.id == id)
    }
}
