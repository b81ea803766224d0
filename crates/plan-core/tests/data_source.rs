//! Interpreting the HTTP answers for the data files: statuses, parsing and
//! validation, on the bundled files and on broken ones.

mod common;

use common::{CONFIG_JSON, PARTNERS_JSON, PLAN_JSON};
use plan_core::data_source::{
    interpret_config, interpret_partners, interpret_plan_response, interpret_responses,
    interpret_site, AppData, FileResponse, LoadError, LoadState, CONFIG_FILE, PARTNERS_FILE,
    PLAN_FILE,
};
use plan_core::model::AppConfig;
use std::sync::Arc;

#[test]
fn a_successful_answer_with_a_valid_plan_gives_the_plan() {
    let plan = interpret_plan_response(PLAN_FILE, 200, PLAN_JSON).expect("bundled plan is valid");
    assert_eq!(plan.activities().len(), 12);
}

#[test]
fn an_error_status_is_reported_with_the_file_and_status() {
    assert_eq!(
        interpret_plan_response(PLAN_FILE, 404, "<html>Not found</html>"),
        Err(LoadError::Http {
            file: PLAN_FILE.into(),
            status: 404
        })
    );
    assert!(matches!(
        interpret_plan_response(PLAN_FILE, 503, PLAN_JSON),
        Err(LoadError::Http { status: 503, .. })
    ));
}

#[test]
fn a_broken_body_is_reported_as_invalid_with_its_problems() {
    match interpret_plan_response(PLAN_FILE, 200, "<!doctype html><p>oops") {
        Err(LoadError::Invalid { file, problems }) => {
            assert_eq!(file, PLAN_FILE);
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].path, "$");
            assert_eq!(problems[0].file, PLAN_FILE);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn ok(body: &str) -> FileResponse {
    FileResponse {
        status: 200,
        body: body.into(),
    }
}

#[test]
fn both_valid_files_give_data_with_a_catalog() {
    let data =
        interpret_responses(ok(PLAN_JSON), ok(PARTNERS_JSON)).expect("bundled data is valid");
    assert_eq!(data.partners.partners().len(), 40);
    assert_eq!(data.catalog.entries.len(), 4 + 12 + 40);
}

#[test]
fn the_failing_file_is_named() {
    let missing = FileResponse {
        status: 404,
        body: String::new(),
    };
    assert_eq!(
        interpret_responses(ok(PLAN_JSON), missing.clone()),
        Err(LoadError::Http {
            file: PARTNERS_FILE.into(),
            status: 404
        })
    );
    assert!(
        matches!(interpret_responses(missing, ok(PARTNERS_JSON)), Err(LoadError::Http { file, .. }) if file == PLAN_FILE)
    );
    match interpret_responses(
        ok(PLAN_JSON),
        ok("{\"partners\": [{\"id\": \"x\", \"sector\": \"nope\"}]}"),
    ) {
        Err(LoadError::Invalid { file, problems }) => {
            assert_eq!(file, PARTNERS_FILE);
            assert!(
                problems.iter().any(|p| p.path == "$.partners[0].sector"),
                "{problems:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn config_is_optional_but_must_be_valid_when_present() {
    assert_eq!(
        interpret_config(FileResponse {
            status: 404,
            body: String::new()
        }),
        Ok(AppConfig::default())
    );
    let bundled = interpret_config(ok(CONFIG_JSON)).unwrap();
    assert_eq!(bundled.feedback.endpoint, "api/feedback");
    match interpret_config(ok(
        "{\"feedback\": {\"endpoint\": \"javascript:alert(1)\"}}",
    )) {
        Err(LoadError::Invalid { file, problems }) => {
            assert_eq!(file, CONFIG_FILE);
            assert_eq!(problems[0].path, "$.feedback.endpoint");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(matches!(
        interpret_config(FileResponse {
            status: 500,
            body: String::new()
        }),
        Err(LoadError::Http { status: 500, .. })
    ));
}

#[test]
fn the_kiosk_times_have_defaults_and_bounds_with_clear_messages() {
    let bundled = interpret_config(ok(include_str!("../../../public/config.json"))).unwrap();
    assert_eq!(bundled.kiosk.idle_reset_seconds, 120);
    assert_eq!(bundled.kiosk.idle_countdown_seconds, 30);
    let without = interpret_config(ok("{\"kiosk\": {\"idle_reset_seconds\": 60}}")).unwrap();
    assert_eq!(without.kiosk.idle_countdown_seconds, 30);
    let shortest = interpret_config(ok(
        "{\"kiosk\": {\"idle_reset_seconds\": 10, \"idle_countdown_seconds\": 20}}",
    ))
    .unwrap();
    assert_eq!(
        (
            shortest.kiosk.idle_reset_seconds,
            shortest.kiosk.idle_countdown_seconds
        ),
        (10, 20)
    );
    let problems = |json: &str| match interpret_config(ok(json)) {
        Err(LoadError::Invalid { problems, .. }) => problems
            .into_iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect::<Vec<_>>(),
        other => panic!("expected Invalid for {json}, got {other:?}"),
    };
    assert_eq!(
        problems("{\"kiosk\": {\"idle_countdown_seconds\": 19}}"),
        ["$.kiosk.idle_countdown_seconds: är 19; ange ett antal sekunder från 20 till 300"]
    );
    assert_eq!(
        problems("{\"kiosk\": {\"idle_reset_seconds\": 5, \"idle_countdown_seconds\": 301}}"),
        [
            "$.kiosk.idle_reset_seconds: är 5; ange ett antal sekunder från 10 till 3600",
            "$.kiosk.idle_countdown_seconds: är 301; ange ett antal sekunder från 20 till 300",
        ]
    );
    // Not a whole number of seconds: the parser names the field (with `json-paths`) or
    // its line and column (the app in the browser).
    let negative = problems("{\"kiosk\": {\"idle_countdown_seconds\": -1}}");
    if cfg!(feature = "json-paths") {
        assert!(
            negative[0].starts_with("$.kiosk.idle_countdown_seconds"),
            "{negative:?}"
        );
    } else {
        assert!(
            negative[0].starts_with("$: ogiltigt värde: ")
                && negative[0].contains("på rad 1 kolumn 39"),
            "{negative:?}"
        );
    }
}

#[test]
fn load_state_exposes_the_data_only_when_ready() {
    assert_eq!(LoadState::<AppData>::Loading.data(), None);
    let data = Arc::new(interpret_responses(ok(PLAN_JSON), ok(PARTNERS_JSON)).unwrap());
    assert_eq!(LoadState::Ready(data.clone()).data(), Some(data));
}

/// The app's two steps: the plan and the settings first, the directory when needed.
#[test]
fn the_site_loads_without_the_directory_and_the_directory_joins_it_later() {
    let site = interpret_site(ok(PLAN_JSON), ok(CONFIG_JSON)).expect("bundled plan and config");
    assert_eq!(site.plan.activities().len(), 12);
    assert_eq!(site.config, interpret_config(ok(CONFIG_JSON)).unwrap());
    let data = interpret_partners(&site, ok(PARTNERS_JSON)).expect("bundled directory");
    assert!(
        Arc::ptr_eq(&data.plan, &site.plan),
        "the plan is shared, not parsed again"
    );
    assert_eq!(data.config, site.config);
    assert_eq!(
        data,
        AppData {
            config: site.config.clone(),
            ..interpret_responses(ok(PLAN_JSON), ok(PARTNERS_JSON)).unwrap()
        }
    );

    // No config.json: the defaults. A broken plan is reported before a broken config.
    let missing = FileResponse {
        status: 404,
        body: String::new(),
    };
    let site_without_config = interpret_site(ok(PLAN_JSON), missing.clone()).unwrap();
    assert_eq!(site_without_config.config, AppConfig::default());
    assert!(matches!(
        interpret_site(ok("{"), ok("{")),
        Err(LoadError::Invalid { file, .. }) if file == PLAN_FILE
    ));
    assert!(matches!(
        interpret_site(ok(PLAN_JSON), ok("{")),
        Err(LoadError::Invalid { file, .. }) if file == CONFIG_FILE
    ));

    // The directory's own errors name it.
    assert_eq!(
        interpret_partners(&site, missing),
        Err(LoadError::Http {
            file: PARTNERS_FILE.into(),
            status: 404
        })
    );
    let unknown_focus_area = PARTNERS_JSON.replacen("\"fa-1\"", "\"fa-9\"", 1);
    assert!(matches!(
        interpret_partners(&site, ok(&unknown_focus_area)),
        Err(LoadError::Invalid { file, .. }) if file == PARTNERS_FILE
    ));
}

#[test]
fn the_accessibility_contact_is_optional_and_checked_like_any_link() {
    let bundled = interpret_config(ok(CONFIG_JSON)).unwrap();
    assert_eq!(bundled.accessibility.report_to, None);
    let mailto = interpret_config(ok(
        r#"{"accessibility": {"report_to": {"label": {"sv": "Skriv till oss"}, "url": "mailto:a@example.se"}}}"#,
    ))
    .unwrap();
    let report_to = mailto.accessibility.report_to.expect("the contact is kept");
    assert_eq!(report_to.url, "mailto:a@example.se");
    match interpret_config(ok(
        r#"{"accessibility": {"report_to": {"label": {"sv": ""}, "url": "javascript:alert(1)"}}}"#,
    )) {
        Err(LoadError::Invalid { problems, .. }) => {
            let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
            assert!(
                paths.contains(&"$.accessibility.report_to.url"),
                "{paths:?}"
            );
            assert!(
                paths
                    .iter()
                    .any(|p| p.starts_with("$.accessibility.report_to.label")),
                "{paths:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}
