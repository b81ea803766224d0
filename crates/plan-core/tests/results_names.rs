//! The staff view's names for feedback `content_id`s, against the bundled plan.

mod common;

use common::bundled_plan;
use plan_core::model::Lang;
use plan_core::results::{view_name, ViewName};

#[test]
fn every_known_view_has_a_name_and_anything_else_keeps_its_id() {
    let plan = bundled_plan();
    assert_eq!(
        view_name(plan, "plan", Lang::Sv),
        ViewName::Plan {
            title: plan.title().get(Lang::Sv).to_string()
        }
    );
    match view_name(plan, "fa-2", Lang::En) {
        ViewName::FocusArea { number, title } => {
            assert_eq!(number, 2);
            assert!(!title.is_empty());
        }
        other => panic!("fa-2 is a focus area: {other:?}"),
    }
    assert_eq!(view_name(plan, "explore", Lang::De), ViewName::Explore);
    assert_eq!(view_name(plan, "overview", Lang::Sv), ViewName::Overview);
    assert_eq!(
        view_name(plan, "accessibility", Lang::Sv),
        ViewName::Accessibility
    );
    for unknown in ["fa-99", "partners", "", "<b>x</b>"] {
        assert_eq!(
            view_name(plan, unknown, Lang::Sv),
            ViewName::Unknown(unknown.to_string())
        );
    }
}
