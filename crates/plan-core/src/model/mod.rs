//! The data model: serde types for the bundled JSON files.
//!
//! Deserialisation is deliberately lenient (missing fields fall back to
//! defaults) so that [`crate::validate`] can report *every* problem in a file
//! at once instead of stopping at the first missing field.

mod config;
mod date;
mod partners;
mod plan;
mod text;

pub use config::{AppConfig, FeedbackConfig, KioskConfig};
pub use date::IsoDate;
pub use partners::{Choice, ContactPerson, ContactPoint, Partner, PartnerDirectory};
pub use plan::{Activity, Contact, FocusArea, Link, Partnership, Plan, Tag};
pub use text::{shorten_for_message, shorten_to, Lang, LocalizedText};
