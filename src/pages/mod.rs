//! One file per view.

mod explore_page;
mod focus_area_page;
mod plan_page;
mod results_page;

pub use explore_page::ExplorePage;
pub use focus_area_page::FocusAreaPage;
pub use plan_page::PlanPage;
pub use results_page::ResultsPage;
