//! The embedded mode's rules: which parent origins `config.json` may list,
//! and what the app makes of a message from the embedding page.

use plan_core::embed::{
    check_parent_origin, is_allowed_parent, parse_host_message, HostMessage, Rgb, Theme,
};
use plan_core::validate::parse_config;

fn problems_of(json: &str) -> Vec<String> {
    match parse_config("config.json", json) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn with_origins(origins: &[&str]) -> String {
    serde_json::json!({ "embed": { "allowed_parent_origins": origins } }).to_string()
}

#[test]
fn no_origins_by_default() {
    let config = parse_config("config.json", "{}").unwrap();
    assert!(config.embed.allowed_parent_origins.is_empty());
    let bundled = parse_config("config.json", include_str!("../../../public/config.json")).unwrap();
    assert!(bundled.embed.allowed_parent_origins.is_empty());
}

#[test]
fn origins_as_browsers_write_them_are_accepted() {
    let origins = [
        "https://www.regionorebrolan.se",
        "https://xn--rebro-jua.se",
        "https://cms.example.se:8443",
        "http://localhost",
        "http://localhost:8080",
        "http://127.0.0.1:41234",
        "https://127.0.0.1",
    ];
    assert_eq!(problems_of(&with_origins(&origins)), Vec::<String>::new());
    let config = parse_config("config.json", &with_origins(&origins)).unwrap();
    assert_eq!(config.embed.allowed_parent_origins, origins);
}

#[test]
fn every_unusable_origin_is_reported_with_what_to_write() {
    let cases = [
        (
            "https://www.example.se/",
            "slutar med /; en webbplats anges utan sökväg",
        ),
        (
            "https://www.example.se/plan",
            "har en sökväg; skriv bara adresstyp och värdnamn",
        ),
        ("https://www.example.se?x", "har en sökväg"),
        (
            "www.example.se",
            "är ingen webbplatsadress; skriv till exempel https://www.example.se",
        ),
        (
            "http://www.example.se",
            "använder http://, som bara är tillåtet för localhost och 127.0.0.1",
        ),
        (
            "HTTPS://www.example.se",
            "börjar inte med https:// i små bokstäver",
        ),
        ("ftp://www.example.se", "börjar inte med https://"),
        (
            "https://WWW.example.se",
            "har stora bokstäver; skriv värdnamnet med små bokstäver",
        ),
        ("https://örebro.se", "i sin xn---form"),
        ("https://*.example.se", "har ett jokertecken"),
        ("*", "har ett jokertecken"),
        ("null", "är ingen webbplatsadress"),
        ("https://", "saknar värdnamn"),
        ("https://www..se", "är inget värdnamn"),
        ("https://-x.se", "är inget värdnamn"),
        ("https://user@x.se", "är inget värdnamn"),
        (
            "https://www.example.se:443",
            "anger standardporten :443; utelämna den",
        ),
        ("http://localhost:80", "anger standardporten :80"),
        ("http://localhost:0", "en port är ett tal från 1 till 65535"),
        (
            "http://localhost:65536",
            "en port är ett tal från 1 till 65535",
        ),
        ("http://localhost:+80", "en port är ett tal"),
        ("http://localhost:", "en port är ett tal"),
        (" https://www.example.se", "innehåller mellanslag"),
        ("", "är ingen webbplatsadress"),
    ];
    for (origin, expected) in cases {
        let problems = problems_of(&with_origins(&[origin]));
        assert_eq!(problems.len(), 1, "{origin}: {problems:?}");
        assert!(
            problems[0].starts_with("config.json: $.embed.allowed_parent_origins[0]: "),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains(expected), "{origin}: {}", problems[0]);
        assert!(check_parent_origin(origin).is_err());
    }
}

#[test]
fn duplicates_wrong_types_and_too_many_origins_are_reported() {
    assert_eq!(
        problems_of(&with_origins(&[
            "https://a.se",
            "https://b.se",
            "https://a.se"
        ])),
        ["config.json: $.embed.allowed_parent_origins[2]: \"https://a.se\" står två gånger"]
    );
    let many: Vec<String> = (0..51).map(|i| format!("https://s{i}.se")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(
        problems_of(&with_origins(&many)),
        ["config.json: $.embed.allowed_parent_origins: listar 51 webbplatser; högst 50 är tillåtna"]
    );
    let wrong_type = problems_of(r#"{"embed": {"allowed_parent_origins": "https://a.se"}}"#);
    assert_eq!(wrong_type.len(), 1);
    let typo = problems_of(r#"{"embed": {"allowed_parent_origin": []}}"#);
    assert_eq!(typo.len(), 1);
    if cfg!(feature = "json-paths") {
        assert!(
            wrong_type[0].starts_with("config.json: $.embed.allowed_parent_origins: "),
            "{}",
            wrong_type[0]
        );
        assert!(
            typo[0].starts_with("config.json: $.embed.allowed_parent_origin: "),
            "{}",
            typo[0]
        );
    } else {
        // The app in the browser: line and column instead of the path.
        assert!(
            wrong_type[0].starts_with("config.json: $: värdet har fel typ: ")
                && wrong_type[0].contains(" på rad 1 kolumn "),
            "{}",
            wrong_type[0]
        );
        assert!(
            typo[0].starts_with("config.json: $: okänt fält")
                && typo[0].contains("`allowed_parent_origin`"),
            "{}",
            typo[0]
        );
    }
}

#[test]
fn only_an_exactly_listed_origin_is_allowed() {
    let allowed = vec![
        "https://www.example.se".to_string(),
        "http://127.0.0.1:5000".into(),
    ];
    assert!(is_allowed_parent(&allowed, "https://www.example.se"));
    assert!(is_allowed_parent(&allowed, "http://127.0.0.1:5000"));
    for other in [
        "https://example.se",
        "https://www.example.se.evil.example",
        "http://www.example.se",
        "http://127.0.0.1:5001",
        "null",
        "",
        "*",
    ] {
        assert!(!is_allowed_parent(&allowed, other), "{other}");
    }
    assert!(!is_allowed_parent(&[], "https://www.example.se"));
}

fn hello(theme: serde_json::Value) -> String {
    serde_json::json!({ "type": "plan-explorer:hello", "version": 1, "theme": theme }).to_string()
}

fn theme_of(text: &str) -> (Theme, Vec<String>) {
    match parse_host_message(text) {
        Ok(HostMessage::Hello { theme, rejected }) => (theme, rejected),
        Err(reason) => panic!("rejected: {reason}"),
    }
}

#[test]
fn a_hello_with_a_valid_theme_sets_each_property() {
    let (theme, rejected) = theme_of(&hello(serde_json::json!({
        "font": "\"Open Sans\",Arial,  sans-serif",
        "accent": "rgb(122, 31, 92)",
        "background": "#FFFDF8",
        "radius": "0.5rem",
    })));
    assert_eq!(rejected, Vec::<String>::new());
    assert_eq!(
        theme.custom_properties(),
        [
            (
                "--pe-font",
                Some("\"Open Sans\", Arial, sans-serif".to_string())
            ),
            ("--pe-accent", Some("#7a1f5c".to_string())),
            ("--pe-background", Some("#fffdf8".to_string())),
            ("--pe-radius", Some("0.5rem".to_string())),
        ]
    );
    // A hello without a theme removes an earlier one.
    let (theme, rejected) = theme_of(r#"{"type": "plan-explorer:hello", "version": 1}"#);
    assert!(rejected.is_empty());
    assert_eq!(theme, Theme::default());
    assert!(theme
        .custom_properties()
        .iter()
        .all(|(_, value)| value.is_none()));
}

#[test]
fn theme_values_outside_the_whitelist_are_dropped_with_a_reason() {
    let (theme, rejected) = theme_of(&hello(serde_json::json!({
        "font": "Arial; } body { display: none",
        "accent": "red",
        "background": "url(https://evil.example/x.png)",
        "radius": "calc(100vh)",
    })));
    assert_eq!(theme, Theme::default());
    let fields: Vec<&str> = rejected
        .iter()
        .map(|r| r.split(':').next().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "theme.font",
            "theme.background",
            "theme.accent",
            "theme.radius"
        ]
    );

    for bad_font in [
        "",
        "Arial,",
        "\"Open Sans",
        "'a\"",
        "\"\"",
        "var(--x)",
        "a\\62 c",
        "x/y",
        "inherit",
        "1Font",
        "a  b",
        "Arial;",
        "a:b",
    ] {
        let (theme, rejected) = theme_of(&hello(serde_json::json!({ "font": bad_font })));
        assert_eq!(theme.font, None, "{bad_font}");
        assert_eq!(rejected.len(), 1, "{bad_font}");
    }
    for bad_radius in [
        "8", "8 px", "-1px", "33px", "2.5rem", ".5rem", "1e1px", "8PX", "1.px", "50%",
    ] {
        let (theme, _) = theme_of(&hello(serde_json::json!({ "radius": bad_radius })));
        assert_eq!(theme.radius, None, "{bad_radius}");
    }
    for good_radius in ["0px", "32px", "2rem", "0.375rem", "4.5px"] {
        let (theme, _) = theme_of(&hello(serde_json::json!({ "radius": good_radius })));
        assert_eq!(theme.radius.as_deref(), Some(good_radius));
    }
}

#[test]
fn colours_that_would_make_text_unreadable_are_dropped() {
    // A pale accent: white text on it (the header, buttons) would be unreadable.
    let (theme, rejected) = theme_of(&hello(serde_json::json!({ "accent": "#ffbf00" })));
    assert_eq!(theme.accent, None);
    assert!(
        rejected[0].contains("gives white text too little contrast"),
        "{}",
        rejected[0]
    );
    // A dark background: the text would be unreadable.
    let (theme, rejected) = theme_of(&hello(serde_json::json!({ "background": "#333333" })));
    assert_eq!(theme.background, None);
    assert!(
        rejected[0].contains("gives the text too little contrast"),
        "{}",
        rejected[0]
    );
    // Each readable alone, but the accent must also be readable on that background.
    let (theme, rejected) = theme_of(&hello(serde_json::json!({
        "accent": "#6f6f6f",
        "background": "#bcbcbc",
    })));
    assert_eq!(theme.background, Some(Rgb(0xbc, 0xbc, 0xbc)));
    assert_eq!(theme.accent, None);
    assert!(
        rejected[0].starts_with("theme.accent: #6f6f6f gives the background too little contrast"),
        "{}",
        rejected[0]
    );
    // The ratio in tenths, and the rule's own figure.
    assert!(
        rejected[0].ends_with("(2.6:1, at least 4.5:1 is needed)"),
        "{}",
        rejected[0]
    );
    assert_eq!(plan_core::embed::MIN_CONTRAST, 4.5);
}

#[test]
fn messages_that_are_not_a_valid_hello_are_ignored_with_a_reason() {
    let cases = [
        ("", "not a JSON object"),
        ("null", "not an object"),
        ("\"plan-explorer:hello\"", "not an object"),
        ("[]", "not an object"),
        ("{}", "type is missing"),
        (
            r#"{"type": 1, "version": 1}"#,
            "type is missing or not a string",
        ),
        (
            r#"{"type": "plan-explorer:height", "version": 1, "height": 1}"#,
            "height is not a field",
        ),
        (
            r#"{"type": "plan-explorer:height", "version": 1}"#,
            "type is \"plan-explorer:height\"",
        ),
        (r#"{"type": "plan-explorer:hello"}"#, "version is missing"),
        (
            r#"{"type": "plan-explorer:hello", "version": 2}"#,
            "version is missing or not 1",
        ),
        (
            r#"{"type": "plan-explorer:hello", "version": "1"}"#,
            "version is missing or not 1",
        ),
        (
            r#"{"type": "plan-explorer:hello", "version": 1.5}"#,
            "version is missing or not 1",
        ),
        (
            r#"{"type": "plan-explorer:hello", "version": 1, "theme": "dark"}"#,
            "theme is not an object",
        ),
        (
            r##"{"type": "plan-explorer:hello", "version": 1, "theme": {"colour": "#fff"}}"##,
            "theme.colour is not a field",
        ),
        (
            r#"{"type": "plan-explorer:hello", "version": 1, "theme": {"accent": 5}}"#,
            "theme.accent is not a string",
        ),
        (
            r#"{"type": "plan-explorer:hello", "version": 1, "__proto__": {}}"#,
            "__proto__ is not a field",
        ),
    ];
    for (text, expected) in cases {
        let reason = parse_host_message(text).expect_err(text);
        assert!(reason.contains(expected), "{text}: {reason}");
    }
    let long = hello(serde_json::json!({ "font": "a".repeat(5_000) }));
    assert!(parse_host_message(&long)
        .unwrap_err()
        .contains("longer than"));
}

#[test]
fn heights_are_posted_when_they_change_and_again_after_a_hello() {
    use plan_core::embed::{HeightReport, HeightReporter};
    let mut reporter = HeightReporter::default();
    // No content yet.
    assert_eq!(reporter.measured(0, 640), HeightReport::Unchanged);
    assert_eq!(reporter.measured(300, 640), HeightReport::Post(300));
    // The host shrinks the frame to 300: the frame changed, the content did not.
    assert_eq!(reporter.measured(300, 300), HeightReport::Unchanged);
    assert_eq!(reporter.measured(2_400, 300), HeightReport::Post(2_400));
    assert_eq!(reporter.measured(2_400, 2_400), HeightReport::Unchanged);
    // The results narrow, then widen: down and up again.
    assert_eq!(reporter.measured(900, 2_400), HeightReport::Post(900));
    assert_eq!(reporter.measured(900, 900), HeightReport::Unchanged);
    assert_eq!(reporter.measured(2_400, 900), HeightReport::Post(2_400));
    // A hello: the same height again.
    reporter.forget_posted();
    assert_eq!(reporter.measured(2_400, 900), HeightReport::Post(2_400));
}

#[test]
fn content_that_grows_with_the_frame_does_not_grow_it_further() {
    use plan_core::embed::{HeightReport, HeightReporter};
    let mut reporter = HeightReporter::default();
    // A page whose main area is 100vh tall, under a 120 px header.
    assert_eq!(reporter.measured(760, 640), HeightReport::Post(760));
    assert_eq!(reporter.measured(880, 760), HeightReport::FollowsFrame);
    // A later change of the content alone is posted again (once).
    assert_eq!(reporter.measured(900, 760), HeightReport::Post(900));
    assert_eq!(reporter.measured(1_040, 900), HeightReport::FollowsFrame);
    // Growth by less than the frame grew (60vh) is posted: it settles.
    let mut reporter = HeightReporter::default();
    assert_eq!(reporter.measured(500, 400), HeightReport::Post(500));
    assert_eq!(reporter.measured(560, 500), HeightReport::Post(560));
}

#[test]
fn a_measurement_reported_twice_counts_once() {
    use plan_core::embed::{HeightReport, HeightReporter};
    let mut reporter = HeightReporter::default();
    assert_eq!(reporter.measured(760, 640), HeightReport::Post(760));
    // The frame grows to 760 and the 100vh content with it: the observer and
    // the resize event both measure it.
    assert_eq!(reporter.measured(880, 760), HeightReport::FollowsFrame);
    assert_eq!(reporter.measured(880, 760), HeightReport::Unchanged);
}

#[test]
fn content_that_grows_far_more_than_the_frame_is_posted() {
    use plan_core::embed::{HeightReport, HeightReporter};
    let mut reporter = HeightReporter::default();
    // The loading notice is posted, and while the host applies it the plan arrives:
    // the frame grew by 255 px, the content by thousands. That is the content's own
    // growth, not content sized by the frame.
    assert_eq!(reporter.measured(405, 150), HeightReport::Post(405));
    assert_eq!(reporter.measured(6_271, 405), HeightReport::Post(6_271));
    // Content of 200vh still does not grow the frame without end.
    let mut reporter = HeightReporter::default();
    assert_eq!(reporter.measured(1_280, 640), HeightReport::Post(1_280));
    assert_eq!(reporter.measured(2_560, 1_280), HeightReport::FollowsFrame);
}
