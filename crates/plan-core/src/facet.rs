//! The facets a visitor can narrow by, and the names they go by: defined once, here.
//!
//! A facet's *slot* indexes every per-facet array in the core (`[T; 4]`: chosen
//! values, catalog codes, tallies), and its *param* names it in the address
//! (`?fa=fa-2`) and in element ids. Its visible label is a UI string in
//! `locales/*.json`, chosen in one place: the explore page's `legend`.
//!
//! ```
//! use plan_core::facet::Facet;
//! assert_eq!(Facet::FocusArea.param(), "fa");
//! assert_eq!(Facet::from_param("municipality"), Some(Facet::Municipality));
//! assert_eq!(Facet::from_param("FA"), None);
//! assert_eq!(Facet::ALL.map(Facet::slot), [0, 1, 2, 3]);
//! ```

/// A facet: one kind of value an entry can be filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    /// Focus area (insatsområde).
    FocusArea,
    /// Sector (partners only).
    Sector,
    /// Municipality (partners only).
    Municipality,
    /// Topic tag.
    Tag,
}

/// How many facets there are: the length of every per-facet array.
pub const FACET_COUNT: usize = 4;

/// Each facet's name in the address, by slot. Changing one breaks shared links.
const PARAMS: [&str; FACET_COUNT] = ["fa", "sector", "municipality", "tag"];

impl Facet {
    /// Every facet, in the order the view shows them and the address lists them.
    pub const ALL: [Facet; FACET_COUNT] = [
        Facet::FocusArea,
        Facet::Sector,
        Facet::Municipality,
        Facet::Tag,
    ];

    /// The facet's slot in per-facet arrays: its place in [`Facet::ALL`].
    pub const fn slot(self) -> usize {
        self as usize
    }

    /// The facet's name in the address (`?fa=…`) and in element ids.
    pub const fn param(self) -> &'static str {
        PARAMS[self.slot()]
    }

    /// The facet an address parameter names; `None` for any other key.
    pub fn from_param(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|facet| facet.param() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_follow_all_and_params_are_distinct_and_round_trip() {
        for (position, facet) in Facet::ALL.into_iter().enumerate() {
            assert_eq!(facet.slot(), position);
            assert_eq!(Facet::from_param(facet.param()), Some(facet));
        }
        let mut params = PARAMS.to_vec();
        params.sort_unstable();
        params.dedup();
        assert_eq!(params.len(), FACET_COUNT);
    }
}
