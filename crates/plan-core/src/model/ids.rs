//! Typed ids and indices of the validated model.
//!
//! An id is the name an item has in the data files and in links (`fa-2`); an
//! index is the item's position in the validated [`Plan`](super::Plan) or
//! [`PartnerDirectory`](super::PartnerDirectory). Each kind of item has its
//! own id and index type, so a tag's index cannot be used where a focus
//! area's is expected. Ids share one allocation, so cloning one is cheap.
//!
//! Only this crate makes ids and indices, from data that has passed
//! validation: an index always points at an item of the plan or directory it
//! came from, which is why looking an item up by index cannot fail.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

/// Defines one id type per name: a newtype over `Arc<str>` that compares
/// with `&str` and is shown as its text.
macro_rules! typed_ids {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl $name {
            pub(crate) fn new(id: &str) -> Self {
                $name(Arc::from(id))
            }

            /// The id as written in the data, for links and page anchors.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        // Lets a map keyed by this id be asked with a plain `&str` (an id from a link).
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )+};
}

/// Defines one index type per name: a position in one list of the validated model.
macro_rules! typed_indices {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(usize);

        impl $name {
            pub(crate) fn new(position: usize) -> Self {
                $name(position)
            }

            /// The position in its list, counted from 0 (the order of the data file).
            pub fn position(self) -> usize {
                self.0
            }
        }
    )+};
}

typed_ids! {
    /// The plan's id.
    PlanId;
    /// A focus area's id, such as `fa-2`.
    FocusAreaId;
    /// An activity's id, such as `fa-2-a-3`.
    ActivityId;
    /// A topic tag's id, such as `procurement`.
    TagId;
    /// The id of a contact person of the plan.
    ContactId;
    /// A partner organisation's id.
    PartnerId;
    /// A sector's id, such as `civil-society`.
    SectorId;
    /// A municipality's id, such as `kumla`.
    MunicipalityId;
}

typed_indices! {
    /// A focus area of the plan.
    FocusAreaIx;
    /// An activity of the plan.
    ActivityIx;
    /// A topic tag of the plan.
    TagIx;
    /// An organisation of the partner directory.
    PartnerIx;
    /// A sector of the partner directory.
    SectorIx;
    /// A municipality of the partner directory.
    MunicipalityIx;
}
