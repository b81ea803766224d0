//! Property tests of what the app reads from an embedding page: any text, and
//! any JSON shaped like a hello, gives a message whose theme keeps to the
//! whitelist, or a reason; never a panic. Likewise for the parent origins in
//! `config.json`. And the frame's height settles, whatever the content does.

use plan_core::embed::{
    check_parent_origin, parse_colour, parse_host_message, HeightReport, HeightReporter,
    HostMessage, Rgb, Theme, MIN_CONTRAST,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// What the app may set from a theme: names, `#rrggbb` colours that keep
/// text readable, lengths in px or rem; and reasons fit for one console line.
fn assert_within_whitelist(result: Result<HostMessage, String>) -> Result<(), TestCaseError> {
    let (theme, rejected) = match result {
        Ok(HostMessage::Hello { theme, rejected }) => (theme, rejected),
        Err(reason) => {
            prop_assert!(!reason.is_empty());
            prop_assert!(!reason.chars().any(char::is_control), "{:?}", reason);
            prop_assert!(reason.chars().count() <= 300, "{:?}", reason);
            return Ok(());
        }
    };
    for reason in &rejected {
        prop_assert!(reason.starts_with("theme."), "{:?}", reason);
        prop_assert!(!reason.chars().any(char::is_control), "{:?}", reason);
        prop_assert!(reason.chars().count() <= 300, "{:?}", reason);
    }
    let Theme {
        font,
        accent,
        background,
        radius,
    } = &theme;
    if let Some(font) = font {
        prop_assert!(
            !font.is_empty()
                && font
                    .chars()
                    .all(|c| c.is_alphanumeric() || " -_,\"'".contains(c)),
            "font {:?}",
            font
        );
    }
    let white = Rgb(255, 255, 255);
    if let Some(background) = background {
        prop_assert!(background.contrast(Rgb(0x4a, 0x4a, 0x4a)) >= MIN_CONTRAST);
    }
    if let Some(accent) = accent {
        prop_assert!(accent.contrast(white) >= MIN_CONTRAST);
        prop_assert!(accent.contrast(background.unwrap_or(white)) >= MIN_CONTRAST);
    }
    if let Some(radius) = radius {
        let number = radius
            .strip_suffix("px")
            .or_else(|| radius.strip_suffix("rem"));
        prop_assert!(
            number.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.')),
            "radius {:?}",
            radius
        );
    }
    for (name, value) in theme.custom_properties() {
        prop_assert!(name.starts_with("--pe-"));
        if let Some(value) = value {
            prop_assert!(
                !value.contains([';', '{', '}', '(', ')', '\\', '/', ':']),
                "{:?}",
                value
            );
        }
    }
    Ok(())
}

/// Theme values near and far from valid ones.
fn theme_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "#004a80", "#fff", "#FFFDF8", "#000", "rgb(0, 74, 128)", "rgb(0 0 0)", "rgb(255,255,255)",
            "#ffbf00", "red", "transparent", "rgba(0,0,0,.5)", "hsl(0 0% 0%)", "#12345", "#1234567",
            "8px", "0.5rem", "33px", "2.01rem", "-1px", "1e3px", "calc(1px)", "var(--x)",
            "Georgia, serif", "\"Open Sans\", sans-serif", "'A'", "inherit", "a;b", "a}b", "url(x)",
            "expression(alert(1))", "\\66 oo", "", " ", "\u{0}", "\u{202e}", "🌍",
        ])
        .prop_map(|text| Value::String(text.into())),
        3 => any::<String>().prop_map(Value::String),
        2 => "(#[0-9a-fA-F]{0,7}|rgb\\([0-9 ,]{0,14}\\)|[0-9.]{0,6}(px|rem|em|%)?|[A-Za-z\"' ,_-]{0,30})"
            .prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => Just(Value::Bool(true)),
    ]
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec!["type", "version", "theme", "font", "accent", "background", "radius"])
            .prop_map(String::from),
        1 => prop::sample::select(vec!["height", "__proto__", "constructor", "Font", ""]).prop_map(String::from),
        1 => any::<String>(),
    ]
}

/// Objects shaped like a hello, with fields missing, extra or of the wrong kind.
fn hello_like() -> impl Strategy<Value = Value> {
    let theme = prop::collection::vec((field_name(), theme_value()), 0..6)
        .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>()));
    let kind = prop_oneof![
        6 => Just(Value::from("plan-explorer:hello")),
        1 => Just(Value::from("plan-explorer:height")),
        1 => theme_value(),
    ];
    let version = prop_oneof![
        6 => Just(Value::from(1)),
        1 => prop_oneof![Just(Value::from(0)), Just(Value::from(2)), Just(Value::from("1")), Just(Value::from(1.0)), Just(Value::from(-1))],
    ];
    (
        kind,
        version,
        prop::option::of(prop_oneof![4 => theme, 1 => theme_value()]),
        prop::option::of((field_name(), theme_value())),
    )
        .prop_map(|(kind, version, theme, extra)| {
            let mut message = Map::new();
            message.insert("type".into(), kind);
            message.insert("version".into(), version);
            if let Some(theme) = theme {
                message.insert("theme".into(), theme);
            }
            if let Some((name, value)) = extra {
                message.insert(name, value);
            }
            Value::Object(message)
        })
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn any_text_gives_a_whitelisted_theme_or_a_reason(text in any::<String>()) {
        assert_within_whitelist(parse_host_message(&text))?;
    }

    #[test]
    fn any_hello_like_message_gives_a_whitelisted_theme_or_a_reason(message in hello_like()) {
        assert_within_whitelist(parse_host_message(&message.to_string()))?;
    }

    #[test]
    fn every_colour_reads_the_same_in_each_form(r in any::<u8>(), g in any::<u8>(), b in any::<u8>()) {
        let colour = Rgb(r, g, b);
        for text in [
            colour.to_css(),
            colour.to_css().to_uppercase(),
            format!("rgb({r}, {g}, {b})"),
            format!("rgb({r} {g} {b})"),
        ] {
            prop_assert_eq!(parse_colour(&text), Ok(colour));
        }
        let contrast = colour.contrast(Rgb(255, 255, 255));
        prop_assert!((1.0..=21.0).contains(&contrast));
    }

    #[test]
    fn an_accepted_parent_origin_is_one_a_browser_could_write(origin in prop_oneof![
        any::<String>(),
        "(https?|HTTPS|ftp)://[a-zA-Z0-9.*@-]{0,20}(:[0-9+]{0,6})?(/[a-z]{0,3})?",
        "http://(localhost|127\\.0\\.0\\.1)(:[0-9]{0,6})?",
    ]) {
        if check_parent_origin(&origin).is_ok() {
            let (scheme, rest) = origin.split_once("://").unwrap();
            let host = rest.split(':').next().unwrap();
            prop_assert!(
                scheme == "https" || (scheme == "http" && matches!(host, "localhost" | "127.0.0.1")),
                "{:?}",
                origin
            );
            prop_assert!(!rest.contains(['/', '?', '#', '@', '*', ' ']), "{:?}", origin);
            prop_assert!(origin.is_ascii() && origin == origin.to_lowercase(), "{:?}", origin);
            let default_port = if scheme == "https" { ":443" } else { ":80" };
            prop_assert!(!origin.ends_with(default_port), "{:?}", origin);
        } else {
            let reason = check_parent_origin(&origin).unwrap_err();
            prop_assert!(!reason.chars().any(char::is_control), "{:?}", reason);
        }
    }
}

/// The host script applying every posted height to the frame, with content
/// that is `ratio_percent`% of the frame's height plus `fixed` pixels (a
/// header above `100vh` is 100% plus the header). Returns how many heights
/// were posted before the loop settled, within `limit` rounds. With `twice`,
/// each measurement is reported twice (the observer and the resize event).
fn posts_until_settled(
    ratio_percent: u32,
    fixed: u32,
    first_frame: u32,
    twice: bool,
    limit: usize,
) -> Option<usize> {
    let content_for =
        |frame: u32| (u64::from(frame) * u64::from(ratio_percent)).div_ceil(100) as u32 + fixed;
    let mut reporter = HeightReporter::default();
    let mut frame = first_frame;
    let mut posts = 0;
    for _ in 0..limit {
        let report = reporter.measured(content_for(frame), frame);
        if twice {
            // The second report of the same measurement changes nothing.
            assert_eq!(
                reporter.measured(content_for(frame), frame),
                HeightReport::Unchanged
            );
        }
        match report {
            HeightReport::Post(height) => {
                posts += 1;
                frame = height;
            }
            HeightReport::Unchanged | HeightReport::FollowsFrame => return Some(posts),
        }
    }
    None
}

proptest! {
    #![proptest_config(config(1_000))]

    /// Content sized by the frame (100%, 150%, 200% of it, plus a header)
    /// grows the frame at most twice, never without end.
    #[test]
    fn content_sized_by_the_frame_does_not_grow_it_without_end(
        ratio in prop::sample::select(vec![100_u32, 101, 150, 200]),
        fixed in 1_u32..2_000,
        first_frame in 0_u32..5_000,
        twice in any::<bool>(),
    ) {
        let posts = posts_until_settled(ratio, fixed, first_frame, twice, 1_000);
        prop_assert!(matches!(posts, Some(n) if n <= 3), "{:?} posts", posts);
    }

    /// Content that only partly follows the frame (60vh) settles by itself.
    #[test]
    fn content_partly_sized_by_the_frame_settles(
        ratio in 0_u32..100,
        fixed in 0_u32..2_000,
        first_frame in 0_u32..5_000,
        twice in any::<bool>(),
    ) {
        prop_assert!(posts_until_settled(ratio, fixed, first_frame, twice, 1_000).is_some());
    }

    /// Whatever the measurements, a post is the content's height, never 0, and
    /// never the height just posted.
    #[test]
    fn posts_are_content_heights_and_never_repeat(
        measurements in prop::collection::vec((0_u32..3_000, 0_u32..3_000), 0..60)
    ) {
        let mut reporter = HeightReporter::default();
        let mut last_post = None;
        for (content, frame) in measurements {
            if let HeightReport::Post(height) = reporter.measured(content, frame) {
                prop_assert_eq!(height, content);
                prop_assert!(height > 0);
                prop_assert_ne!(Some(height), last_post);
                last_post = Some(height);
            }
        }
    }
}
