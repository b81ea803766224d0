//! The search benchmark's synthetic data: a deterministic set of partner-like
//! and activity-like search documents, as large as asked, for
//! `bench-search` (`src/bin/bench-search.rs`).
//!
//! The app's own search tests run on the same documents: `crates/plan-core/src/search/mod.rs`
//! compiles `synthetic.rs` from here into its tests (`#[cfg(test)]`), so
//! there is one generator and the app's library does not contain it.

use plan_core::search::{Field, SearchDocument};

mod synthetic;

pub use synthetic::synthetic_documents;
