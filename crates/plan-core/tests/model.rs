//! The validated model: what `TryFrom` lets through, and the typed ids and
//! indices of what it builds.

mod common;

use common::{bundled_directory, bundled_plan, PARTNERS_JSON, PLAN_JSON};
use plan_core::model::raw::{RawPartnerDirectory, RawPlan};
use plan_core::model::{IsoDate, PartnerDirectory, Plan};
use plan_core::validate::Problem;

fn raw_plan() -> RawPlan {
    serde_json::from_str(PLAN_JSON).expect("plan.json is JSON")
}

fn raw_directory() -> RawPartnerDirectory {
    serde_json::from_str(PARTNERS_JSON).expect("partners.json is JSON")
}

fn paths(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn a_dangling_reference_cannot_produce_a_plan() {
    let mut raw = raw_plan();
    raw.activities[0].focus_area = "fa-9".into();
    raw.activities[2].tags.push("no-such-tag".into());
    let problems = Plan::try_from(raw).unwrap_err();
    assert_eq!(
        paths(&problems),
        ["$.activities[0].focus_area", "$.activities[2].tags[1]"]
    );
    assert!(problems.iter().all(|p| p.file == "plan.json"));
}

#[test]
fn an_impossible_date_cannot_produce_a_plan() {
    let mut raw = raw_plan();
    raw.updated_on = "2022-02-30".into();
    let problems = Plan::from_raw("public/data/plan.json", raw).unwrap_err();
    assert_eq!(paths(&problems), ["$.updated_on"]);
    assert_eq!(problems[0].file, "public/data/plan.json");
}

#[test]
fn a_dangling_reference_cannot_produce_a_directory() {
    let mut raw = raw_directory();
    raw.partners[0].sector = "no-such-sector".into();
    let dangling = format!(
        "$.partners[1].focus_areas[{}]",
        raw.partners[1].focus_areas.len()
    );
    raw.partners[1].focus_areas.push("fa-9".into());
    raw.partners[2].tags = vec!["funding".into(), "funding".into()];
    let problems = PartnerDirectory::try_from((raw, bundled_plan())).unwrap_err();
    assert_eq!(
        paths(&problems),
        ["$.partners[0].sector", &dangling, "$.partners[2].tags[1]"]
    );
    assert!(problems.iter().all(|p| p.file == "partners.json"));
}

#[test]
fn the_validated_plan_keeps_its_dates_as_dates() {
    let plan = bundled_plan();
    assert_eq!(plan.decided_on(), IsoDate::parse("2021-12-07").unwrap());
    assert_eq!(plan.updated_on().to_string(), "2022-11-29");
}

#[test]
fn ids_and_indices_round_trip() {
    let plan = bundled_plan();
    for (ix, area) in plan.indexed_focus_areas() {
        assert_eq!(plan.focus_area_by_id(area.id.as_str()), Some(ix));
        assert_eq!(plan.focus_area(ix), area);
        assert_eq!(plan.focus_areas()[ix.position()].id, area.id);
    }
    for (position, tag) in plan.tags().iter().enumerate() {
        let ix = plan
            .tag_by_id(tag.id.as_str())
            .expect("every tag is found by its id");
        assert_eq!(ix.position(), position);
        assert_eq!(plan.tag(ix), tag);
    }
    for (ix, activity) in plan.indexed_activities() {
        assert_eq!(plan.activity(ix), activity);
    }
    let directory = bundled_directory();
    for (ix, partner) in directory.indexed_partners() {
        assert_eq!(directory.partner(ix), partner);
    }
}

#[test]
fn unknown_ids_from_outside_find_nothing() {
    let plan = bundled_plan();
    for id in ["fa-9", "", "FA-1", "fa-1 ", "procurement"] {
        assert_eq!(plan.focus_area_by_id(id), None, "{id:?}");
    }
    assert_eq!(plan.tag_by_id("fa-1"), None);
    assert!(plan.tag_by_id("procurement").is_some());
}

#[test]
fn nothing_is_lost_between_the_file_and_the_validated_model() {
    let plan = bundled_plan();
    assert_eq!(RawPlan::from(plan), raw_plan());
    assert_eq!(bundled_directory().to_raw(plan), raw_directory());
    // And the raw form written back validates to the same plan.
    assert_eq!(&Plan::try_from(RawPlan::from(plan)).unwrap(), plan);
}

#[test]
fn each_focus_area_lists_its_own_activities_in_file_order() {
    let plan = bundled_plan();
    let mut seen = 0;
    for (ix, _) in plan.indexed_focus_areas() {
        let listed: Vec<&str> = plan.activities_in(ix).map(|a| a.id.as_str()).collect();
        let expected: Vec<&str> = (plan.activities().iter())
            .filter(|a| a.focus_area == ix)
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(listed, expected);
        seen += listed.len();
    }
    assert_eq!(seen, plan.activities().len());
}

#[test]
fn partners_working_on_a_focus_area_are_those_that_name_it() {
    let plan = bundled_plan();
    let directory = bundled_directory();
    let fa2 = plan.focus_area_by_id("fa-2").unwrap();
    let working: Vec<&str> = directory
        .partners_working_on(fa2)
        .map(|p| directory.partner(p).id.as_str())
        .collect();
    let raw = raw_directory();
    let expected: Vec<&str> = (raw.partners.iter())
        .filter(|p| p.focus_areas.iter().any(|area| area == "fa-2"))
        .map(|p| p.id.as_str())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(working, expected);
}

#[test]
fn a_partners_references_point_at_what_the_file_names() {
    let plan = bundled_plan();
    let directory = bundled_directory();
    for (partner, raw) in directory.partners().iter().zip(raw_directory().partners) {
        assert_eq!(partner.id, raw.id.as_str());
        assert_eq!(directory.sector(partner.sector).id, raw.sector.as_str());
        assert_eq!(
            directory.municipality(partner.municipality).id,
            raw.municipality.as_str()
        );
        let tags: Vec<&str> = (partner.tags.iter())
            .map(|&t| plan.tag(t).id.as_str())
            .collect();
        assert_eq!(tags, raw.tags);
    }
}
