//! The data model, in two layers.
//!
//! - [`raw`]: the JSON files as read, deliberately lenient (missing fields
//!   fall back to defaults) so that [`crate::validate`] can report *every*
//!   problem in a file at once instead of stopping at the first.
//! - The validated types here ([`Plan`], [`PartnerDirectory`]), made from raw
//!   ones through `TryFrom` once every check has passed: typed ids, real
//!   dates, and references resolved to typed indices ([`ids`]). Views only
//!   see these, so they never handle an `Option` that validation rules out.
//!
//! ```
//! use plan_core::model::raw::RawPlan;
//! use plan_core::model::Plan;
//! let raw: RawPlan = serde_json::from_str(include_str!("../../../../public/data/plan.json")).unwrap();
//! let plan = Plan::try_from(raw).unwrap();
//! let fa2 = plan.focus_area_by_id("fa-2").unwrap();
//! assert_eq!(plan.focus_area(fa2).number, 2);
//! assert_eq!(plan.activities_in(fa2).count(), 4);
//! ```

mod config;
mod date;
pub mod ids;
mod partners;
mod plan;
pub mod raw;
mod text;

pub use config::{
    AccessibilityConfig, AppConfig, EmbedConfig, FeedbackConfig, KioskConfig,
    IDLE_COUNTDOWN_SECONDS, IDLE_RESET_SECONDS,
};
pub use date::IsoDate;
pub use ids::{
    ActivityId, ActivityIx, ContactId, FocusAreaId, FocusAreaIx, MunicipalityId, MunicipalityIx,
    PartnerId, PartnerIx, PlanId, SectorId, SectorIx, TagId, TagIx,
};
pub use partners::{
    Choice, ContactPerson, ContactPoint, Municipality, Partner, PartnerDirectory, Sector,
};
pub use plan::{Activity, Contact, FocusArea, Link, Partnership, Plan, Tag};
pub use text::{shorten_for_message, shorten_to, Lang, LocalizedText};
