//! The validated directory of Partnerskapet för sociala innovationer.
//!
//! A [`PartnerDirectory`] only comes from a [`RawPartnerDirectory`] that
//! passed every check against a validated [`Plan`]: each partner's sector and
//! municipality are indices into the directory, and its focus areas and tags
//! indices into that plan.

use super::raw::{RawChoice, RawPartner, RawPartnerDirectory};
use super::{
    FocusAreaIx, LocalizedText, MunicipalityId, MunicipalityIx, PartnerId, PartnerIx, Plan,
    SectorId, SectorIx, TagIx,
};
use crate::validate::{check_partners, DataFileKind, Problem, ResolvedPartner};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The partner directory, validated. Its parts are read through methods, so
/// that nothing can change it after the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerDirectory {
    sectors: Vec<Sector>,
    municipalities: Vec<Municipality>,
    partners: Vec<Partner>,
}

/// One value of a fixed vocabulary, such as a sector or a municipality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice<Id> {
    /// Stable id used by partners and in links.
    pub id: Id,
    /// Visible name.
    pub label: LocalizedText,
}

/// A sector organisations belong to (public sector, civil society, …).
pub type Sector = Choice<SectorId>;

/// A municipality of Örebro län, or the whole county.
pub type Municipality = Choice<MunicipalityId>;

/// One organisation in the partnership.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    /// Stable id.
    pub id: PartnerId,
    /// The organisation's name.
    pub name: String,
    /// `true` for an entry that the source page does not back: it is an
    /// illustration, and the app shows it with an "Exempel" badge.
    pub example: bool,
    /// Its sector.
    pub sector: SectorIx,
    /// Its municipality.
    pub municipality: MunicipalityIx,
    /// The plan's focus areas it works on, each once.
    pub focus_areas: Vec<FocusAreaIx>,
    /// A short description.
    pub description: LocalizedText,
    /// The organisation's website (checked by [`crate::validate::check_url`]).
    pub website: Option<String>,
    /// A role address (never a private person's), such as the office's e-mail.
    pub contact: Option<ContactPoint>,
    /// People named on the source page, with their roles.
    pub contact_people: Vec<ContactPerson>,
    /// The plan's topic tags, each once.
    pub tags: Vec<TagIx>,
}

/// A role address: a label and a `mailto:`, `tel:` or web link. The same in
/// the file and in the validated directory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct ContactPoint {
    /// What the address is, for example "Kansliet".
    pub label: LocalizedText,
    /// The link.
    pub url: String,
}

/// A person named on the source page. The same in the file and in the
/// validated directory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct ContactPerson {
    /// The person's name.
    pub name: String,
    /// Their role.
    pub role: LocalizedText,
}

impl TryFrom<(RawPartnerDirectory, &Plan)> for PartnerDirectory {
    type Error = Vec<Problem>;

    /// Checks a raw directory against the plan it refers to; the problems
    /// name the file `partners.json`.
    fn try_from((raw, plan): (RawPartnerDirectory, &Plan)) -> Result<Self, Vec<Problem>> {
        PartnerDirectory::from_raw(DataFileKind::Partners.file_name(), raw, plan)
    }
}

impl PartnerDirectory {
    /// Checks a raw directory against `plan` and builds the validated one;
    /// the problems name `file`.
    pub fn from_raw(
        file: &str,
        raw: RawPartnerDirectory,
        plan: &Plan,
    ) -> Result<PartnerDirectory, Vec<Problem>> {
        let resolved = check_partners(file, &raw, plan)?;
        let partners = raw
            .partners
            .into_iter()
            .zip(resolved)
            .map(|(partner, references)| {
                let ResolvedPartner {
                    sector,
                    municipality,
                    focus_areas,
                    tags,
                } = references;
                Partner {
                    id: PartnerId::new(&partner.id),
                    name: partner.name,
                    example: partner.example,
                    sector,
                    municipality,
                    focus_areas,
                    description: partner.description,
                    website: partner.website,
                    contact: partner.contact,
                    contact_people: partner.contact_people,
                    tags,
                }
            })
            .collect();
        Ok(PartnerDirectory {
            sectors: choices_from_raw(raw.sectors, SectorId::new),
            municipalities: choices_from_raw(raw.municipalities, MunicipalityId::new),
            partners,
        })
    }

    /// The sectors, in file order.
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }

    /// One sector.
    pub fn sector(&self, sector: SectorIx) -> &Sector {
        &self.sectors[sector.position()]
    }

    /// The municipalities, in file order.
    pub fn municipalities(&self) -> &[Municipality] {
        &self.municipalities
    }

    /// One municipality.
    pub fn municipality(&self, municipality: MunicipalityIx) -> &Municipality {
        &self.municipalities[municipality.position()]
    }

    /// The organisations, in file order.
    pub fn partners(&self) -> &[Partner] {
        &self.partners
    }

    /// The organisations with their indices, in file order.
    pub fn indexed_partners(&self) -> impl Iterator<Item = (PartnerIx, &Partner)> {
        let indexed = self.partners.iter().enumerate();
        indexed.map(|(i, partner)| (PartnerIx::new(i), partner))
    }

    /// One organisation.
    pub fn partner(&self, partner: PartnerIx) -> &Partner {
        &self.partners[partner.position()]
    }

    /// The organisations that work on a focus area, in file order.
    pub fn partners_working_on(
        &self,
        focus_area: FocusAreaIx,
    ) -> impl Iterator<Item = PartnerIx> + '_ {
        self.indexed_partners()
            .filter(move |(_, partner)| partner.focus_areas.contains(&focus_area))
            .map(|(ix, _)| ix)
    }

    /// The directory as a file would hold it, with its references into `plan`
    /// (the plan it was validated against) written as ids again.
    pub fn to_raw(&self, plan: &Plan) -> RawPartnerDirectory {
        RawPartnerDirectory {
            format_version: crate::validate::SUPPORTED_FORMAT_VERSION,
            sectors: choices_to_raw(&self.sectors),
            municipalities: choices_to_raw(&self.municipalities),
            partners: self
                .partners
                .iter()
                .map(|partner| RawPartner {
                    id: partner.id.to_string(),
                    name: partner.name.clone(),
                    example: partner.example,
                    sector: self.sector(partner.sector).id.to_string(),
                    municipality: self.municipality(partner.municipality).id.to_string(),
                    focus_areas: partner
                        .focus_areas
                        .iter()
                        .map(|&area| plan.focus_area(area).id.to_string())
                        .collect(),
                    description: partner.description.clone(),
                    website: partner.website.clone(),
                    contact: partner.contact.clone(),
                    contact_people: partner.contact_people.clone(),
                    tags: partner
                        .tags
                        .iter()
                        .map(|&tag| plan.tag(tag).id.to_string())
                        .collect(),
                })
                .collect(),
        }
    }
}

fn choices_from_raw<Id>(raw: Vec<RawChoice>, id: fn(&str) -> Id) -> Vec<Choice<Id>> {
    raw.into_iter()
        .map(|choice| Choice {
            id: id(&choice.id),
            label: choice.label,
        })
        .collect()
}

fn choices_to_raw<Id: fmt::Display>(choices: &[Choice<Id>]) -> Vec<RawChoice> {
    choices
        .iter()
        .map(|choice| RawChoice {
            id: choice.id.to_string(),
            label: choice.label.clone(),
        })
        .collect()
}
