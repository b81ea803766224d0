//! The search benchmark (`bench-search`, `src/bin/bench-search.rs`) and its
//! data: the synthetic documents come from plan-core's `search::synthetic`,
//! built only with its `synthetic` feature, which this crate turns on and the
//! app does not, so the product never contains the generator.

pub use plan_core::search::synthetic::synthetic_documents;
