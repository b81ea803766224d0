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
use std::collections::HashMap;
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

/// Ids to their positions in a list, for ids that come from outside the list
/// (a link, a reference in another file).
///
/// One plain type serves every kind of id instead of a `HashMap` per id type:
/// each `HashMap<K, V>` is its own copy of the hashing code in the browser's
/// wasm. It is the same map type as the search index's dictionary
/// (`search/build.rs`), so that copy is shared too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdIndex(HashMap<String, u32>);

impl IdIndex {
    /// Indexes `ids` by their order; a repeated id keeps its first position.
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> IdIndex {
        let mut positions = HashMap::new();
        for (position, id) in ids.into_iter().enumerate() {
            if !positions.contains_key(id) {
                positions.insert(id.to_string(), position as u32);
            }
        }
        IdIndex(positions)
    }

    /// The position of `id`, if the list has it.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.0.get(id).map(|&position| position as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::IdIndex;

    #[test]
    fn an_id_index_finds_first_positions_and_nothing_else() {
        let index = IdIndex::new(["fa-2", "fa-1", "fa-3", "fa-1"]);
        assert_eq!(index.position("fa-2"), Some(0));
        assert_eq!(
            index.position("fa-1"),
            Some(1),
            "a repeated id keeps its first position"
        );
        assert_eq!(index.position("fa-3"), Some(2));
        for unknown in ["", "fa", "fa-4", "FA-1", "fa-1 "] {
            assert_eq!(index.position(unknown), None, "{unknown:?}");
        }
        assert_eq!(IdIndex::new([]).position("x"), None);
    }
}
