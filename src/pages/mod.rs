//! One file per view.

mod plan_page;

pub use plan_page::PlanPage;
