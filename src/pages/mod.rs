//! One file per view.

mod accessibility_page;
mod explore_page;
mod focus_area_page;
mod overview_page;
mod plan_page;
// The staff view is its own bundle (issue #10): visitors' wasm leaves it out.
#[cfg(feature = "staff")]
mod preview_page;
#[cfg(feature = "staff")]
mod results_page;

pub use accessibility_page::AccessibilityPage;
pub use explore_page::ExplorePage;
pub use focus_area_page::FocusAreaPage;
pub use overview_page::OverviewPage;
pub use plan_page::PlanPage;
#[cfg(feature = "staff")]
pub use preview_page::PreviewPage;
#[cfg(feature = "staff")]
pub use results_page::ResultsPage;
