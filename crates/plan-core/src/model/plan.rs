//! The validated action plan: its focus areas (insatsområden), activities and tags.
//!
//! A [`Plan`] only comes from a [`RawPlan`] that passed every check
//! (`Plan::try_from(raw)` or [`crate::validate::parse_plan`]): its dates are
//! real dates, and every reference is resolved to an index, so a view looks
//! things up by index and never handles a missing one.

use super::ids::IdIndex;
use super::raw::{RawActivity, RawContact, RawCorrection, RawFocusArea, RawPlan, RawTag};
use super::{
    ActivityId, ActivityIx, ContactId, FocusAreaId, FocusAreaIx, IsoDate, LocalizedText, PlanId,
    TagId, TagIx,
};
use crate::validate::{check_plan, DataFileKind, Problem, ResolvedPlan};
use serde::{Deserialize, Serialize};

/// The action plan, validated. Its parts are read through methods, so that
/// nothing can change it after the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    id: PlanId,
    title: LocalizedText,
    owner: LocalizedText,
    goal: LocalizedText,
    process: Vec<LocalizedText>,
    decided_on: IsoDate,
    updated_on: IsoDate,
    source: Option<Link>,
    tags: Vec<Tag>,
    focus_areas: Vec<FocusArea>,
    activities: Vec<Activity>,
    partnership: Partnership,
    contacts: Vec<Contact>,
    /// Typos of the source page put right, as the file lists them (checked).
    corrections: Vec<RawCorrection>,
    /// For ids that come from outside the data (links, the feedback collector).
    focus_area_by_id: IdIndex,
    tag_by_id: IdIndex,
    /// Each focus area's activities, in file order, so listing them scans nothing.
    activities_by_focus_area: Vec<Vec<ActivityIx>>,
}

/// A focus area (insatsområde).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusArea {
    /// Stable id, for example `fa-1`; used in links and page anchors.
    pub id: FocusAreaId,
    /// The number the plan gives it, from 1 up and unique.
    pub number: u32,
    /// The focus area's heading.
    pub title: LocalizedText,
}

/// One activity of a focus area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// Stable id, for example `fa-2-a-3`.
    pub id: ActivityId,
    /// The focus area it belongs to.
    pub focus_area: FocusAreaIx,
    /// The activity, word for word from the plan.
    pub text: LocalizedText,
    /// Its topic tags, each once.
    pub tags: Vec<TagIx>,
}

/// A topic tag used to filter activities and partners.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// Stable id, for example `procurement`.
    pub id: TagId,
    /// The tag's visible name.
    pub label: LocalizedText,
}

/// A contact person named on the source page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// Stable id.
    pub id: ContactId,
    /// The person's name, as on the source page.
    pub name: String,
    /// Their role.
    pub role: LocalizedText,
}

/// A link to a web page, e-mail address or phone number. The same in the
/// file and in the validated plan, where its address has passed
/// [`crate::validate::check_url`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct Link {
    /// The visible text of the link.
    pub label: LocalizedText,
    /// `https:`, `http:`, `mailto:` or `tel:` only.
    pub url: String,
}

/// Partnerskapet för sociala innovationer, the network the region coordinates.
/// The same in the file and in the validated plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct Partnership {
    /// The network's name.
    pub name: LocalizedText,
    /// What the source page says about it, one entry a paragraph.
    pub paragraphs: Vec<LocalizedText>,
}

impl TryFrom<RawPlan> for Plan {
    type Error = Vec<Problem>;

    /// Checks a raw plan; the problems name the file `plan.json`.
    fn try_from(raw: RawPlan) -> Result<Plan, Vec<Problem>> {
        Plan::from_raw(DataFileKind::Plan.file_name(), raw)
    }
}

impl Plan {
    /// Checks a raw plan and builds the validated one; the problems name `file`.
    pub fn from_raw(file: &str, raw: RawPlan) -> Result<Plan, Vec<Problem>> {
        let ResolvedPlan {
            decided_on,
            updated_on,
            activity_references,
        } = check_plan(file, &raw)?;
        let tags: Vec<Tag> = raw
            .tags
            .into_iter()
            .map(|tag| Tag {
                id: TagId::new(&tag.id),
                label: tag.label,
            })
            .collect();
        let focus_areas: Vec<FocusArea> = raw
            .focus_areas
            .into_iter()
            .map(|area| FocusArea {
                id: FocusAreaId::new(&area.id),
                number: area.number,
                title: area.title,
            })
            .collect();
        let activities: Vec<Activity> = raw
            .activities
            .into_iter()
            .zip(activity_references)
            .map(|(activity, (focus_area, tags))| Activity {
                id: ActivityId::new(&activity.id),
                focus_area,
                text: activity.text,
                tags,
            })
            .collect();
        let mut activities_by_focus_area = vec![Vec::new(); focus_areas.len()];
        for (position, activity) in activities.iter().enumerate() {
            activities_by_focus_area[activity.focus_area.position()]
                .push(ActivityIx::new(position));
        }
        Ok(Plan {
            id: PlanId::new(&raw.id),
            title: raw.title,
            owner: raw.owner,
            goal: raw.goal,
            process: raw.process,
            decided_on,
            updated_on,
            source: raw.source,
            focus_area_by_id: IdIndex::new(focus_areas.iter().map(|area| area.id.as_str())),
            tag_by_id: IdIndex::new(tags.iter().map(|tag| tag.id.as_str())),
            tags,
            focus_areas,
            activities,
            partnership: raw.partnership,
            contacts: raw
                .contacts
                .into_iter()
                .map(|contact| Contact {
                    id: ContactId::new(&contact.id),
                    name: contact.name,
                    role: contact.role,
                })
                .collect(),
            corrections: raw.corrections,
            activities_by_focus_area,
        })
    }

    /// The plan's id.
    pub fn id(&self) -> &PlanId {
        &self.id
    }

    /// The plan's name.
    pub fn title(&self) -> &LocalizedText {
        &self.title
    }

    /// Who owns the plan.
    pub fn owner(&self) -> &LocalizedText {
        &self.owner
    }

    /// The plan's goal (målet med handlingsplanen).
    pub fn goal(&self) -> &LocalizedText {
        &self.goal
    }

    /// How the plan was made, one entry a paragraph.
    pub fn process(&self) -> &[LocalizedText] {
        &self.process
    }

    /// When the regional council decided the plan.
    pub fn decided_on(&self) -> IsoDate {
        self.decided_on
    }

    /// When the source page was last updated.
    pub fn updated_on(&self) -> IsoDate {
        self.updated_on
    }

    /// Where the content comes from, if the file says.
    pub fn source(&self) -> Option<&Link> {
        self.source.as_ref()
    }

    /// Partnerskapet för sociala innovationer.
    pub fn partnership(&self) -> &Partnership {
        &self.partnership
    }

    /// People to contact about the plan.
    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }

    /// Where the Swedish text differs from the source page's wording, and how.
    pub fn corrections(&self) -> &[RawCorrection] {
        &self.corrections
    }

    /// The topic tags, in file order.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// One tag.
    pub fn tag(&self, tag: TagIx) -> &Tag {
        &self.tags[tag.position()]
    }

    /// The tag with this id, for an id from outside the data; `None` if there is none.
    pub fn tag_by_id(&self, id: &str) -> Option<TagIx> {
        self.tag_by_id.position(id).map(TagIx::new)
    }

    /// The focus areas, in the plan's order.
    pub fn focus_areas(&self) -> &[FocusArea] {
        &self.focus_areas
    }

    /// The focus areas with their indices, in the plan's order.
    pub fn indexed_focus_areas(&self) -> impl Iterator<Item = (FocusAreaIx, &FocusArea)> {
        self.focus_areas
            .iter()
            .enumerate()
            .map(|(i, area)| (FocusAreaIx::new(i), area))
    }

    /// One focus area.
    pub fn focus_area(&self, focus_area: FocusAreaIx) -> &FocusArea {
        &self.focus_areas[focus_area.position()]
    }

    /// The focus area with this id, for an id from outside the data (a link,
    /// the feedback collector); `None` if there is none.
    pub fn focus_area_by_id(&self, id: &str) -> Option<FocusAreaIx> {
        self.focus_area_by_id.position(id).map(FocusAreaIx::new)
    }

    /// Every activity, in file order.
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }

    /// The activities with their indices, in file order.
    pub fn indexed_activities(&self) -> impl Iterator<Item = (ActivityIx, &Activity)> {
        self.activities
            .iter()
            .enumerate()
            .map(|(i, activity)| (ActivityIx::new(i), activity))
    }

    /// One activity.
    pub fn activity(&self, activity: ActivityIx) -> &Activity {
        &self.activities[activity.position()]
    }

    /// The activities of one focus area, in file order.
    pub fn activities_in(&self, focus_area: FocusAreaIx) -> impl Iterator<Item = &Activity> {
        self.activities_by_focus_area[focus_area.position()]
            .iter()
            .map(|&activity| self.activity(activity))
    }
}

/// The plan as a file would hold it: for editors' tools that write
/// `plan.json`, and to check that nothing is lost on the way in.
impl From<&Plan> for RawPlan {
    fn from(plan: &Plan) -> RawPlan {
        let tag_ids = |tags: &[TagIx]| tags.iter().map(|&t| plan.tag(t).id.to_string()).collect();
        RawPlan {
            format_version: crate::validate::SUPPORTED_FORMAT_VERSION,
            id: plan.id.to_string(),
            title: plan.title.clone(),
            owner: plan.owner.clone(),
            goal: plan.goal.clone(),
            process: plan.process.clone(),
            decided_on: plan.decided_on.to_string(),
            updated_on: plan.updated_on.to_string(),
            source: plan.source.clone(),
            tags: plan
                .tags
                .iter()
                .map(|tag| RawTag {
                    id: tag.id.to_string(),
                    label: tag.label.clone(),
                })
                .collect(),
            focus_areas: plan
                .focus_areas
                .iter()
                .map(|area| RawFocusArea {
                    id: area.id.to_string(),
                    number: area.number,
                    title: area.title.clone(),
                })
                .collect(),
            activities: plan
                .activities
                .iter()
                .map(|activity| RawActivity {
                    id: activity.id.to_string(),
                    focus_area: plan.focus_area(activity.focus_area).id.to_string(),
                    text: activity.text.clone(),
                    tags: tag_ids(&activity.tags),
                })
                .collect(),
            partnership: plan.partnership.clone(),
            contacts: plan
                .contacts
                .iter()
                .map(|contact| RawContact {
                    id: contact.id.to_string(),
                    name: contact.name.clone(),
                    role: contact.role.clone(),
                })
                .collect(),
            corrections: plan.corrections.clone(),
        }
    }
}
