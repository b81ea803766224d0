//! Property tests of the data validator and of the paths that read data files
//! (`data_source` in the app, the `validate-data` tool): arbitrary bytes,
//! JSON-like text and the bundled files with mutated fields never panic, and
//! always give either a valid model or a list of well-formed problems.

mod common;

use common::{bundled_plan, CONFIG_JSON, PARTNERS_JSON, PLAN_JSON};
use plan_core::data_source::{
    interpret_config, interpret_plan_response, interpret_responses, FileResponse, LoadError,
};
use plan_core::model::raw::RawPlan;
use plan_core::validate::{
    parse_config, parse_partners, parse_plan, validate_file, validate_partners, validate_plan,
    DataFileKind, Problem,
};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};
#[cfg(feature = "json-paths")]
use std::process::Command;

/// `cases` cases, without writing failures to files beside the tests (a
/// failure prints its minimal input; it becomes a plain regression test).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ------------------------------------------------------------ checks

/// A problem names the file, a JSON path from the root and a message, each
/// one line of bounded length: `validate-data` prints one problem per line,
/// and a hostile file must not flood or forge that output.
fn assert_well_formed(file: &str, problems: &[Problem]) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty(), "an error without problems");
    for problem in problems {
        prop_assert_eq!(&problem.file, file);
        prop_assert!(problem.path.starts_with('$'), "path {:?}", problem.path);
        prop_assert!(!problem.message.trim().is_empty(), "empty message");
        for text in [&problem.path, &problem.message] {
            prop_assert!(
                !text.chars().any(char::is_control),
                "control character in {:?}",
                text
            );
            prop_assert!(
                text.chars().count() <= 4_000,
                "{} characters in {:?}…",
                text.chars().count(),
                text.chars().take(200).collect::<String>()
            );
        }
    }
    Ok(())
}

/// Reads `text` as each kind of file, the way the app and `validate-data` do.
fn check_every_reader(text: &str) -> Result<(), TestCaseError> {
    match parse_plan("plan.json", text) {
        Ok(plan) => prop_assert!(validate_plan("plan.json", &RawPlan::from(&plan)).is_empty()),
        Err(problems) => assert_well_formed("plan.json", &problems)?,
    }
    match parse_partners("partners.json", text, bundled_plan()) {
        Ok(directory) => {
            prop_assert!(validate_partners(
                "partners.json",
                &directory.to_raw(bundled_plan()),
                bundled_plan()
            )
            .is_empty())
        }
        Err(problems) => assert_well_formed("partners.json", &problems)?,
    }
    match parse_config("config.json", text) {
        Ok(_) => {}
        Err(problems) => assert_well_formed("config.json", &problems)?,
    }
    for kind in DataFileKind::ALL {
        for plan in [None, Some(bundled_plan())] {
            let problems = validate_file(kind, kind.file_name(), text, plan);
            if !problems.is_empty() {
                assert_well_formed(kind.file_name(), &problems)?;
            }
        }
    }
    Ok(())
}

/// Checks what the app's loader makes of one answer: data or settings, an
/// HTTP error with the status, or well-formed problems.
fn check_loaded<T>(status: u16, result: Result<T, LoadError>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) => prop_assert!((200..300).contains(&status) || status == 404),
        Err(LoadError::Invalid { file, problems }) => assert_well_formed(&file, &problems)?,
        Err(LoadError::Http { status: seen, .. }) => prop_assert_eq!(seen, status),
        Err(other) => prop_assert!(false, "unexpected {:?}", other),
    }
    Ok(())
}

fn answer(status: u16, body: &str) -> FileResponse {
    FileResponse {
        status,
        body: body.to_string(),
    }
}

// ------------------------------------------------------------ strategies

/// Field names of all three formats, so mutations hit real fields as often
/// as unknown ones.
const FIELD_NAMES: &[&str] = &[
    "format_version",
    "id",
    "title",
    "owner",
    "goal",
    "process",
    "decided_on",
    "updated_on",
    "source",
    "tags",
    "focus_areas",
    "activities",
    "partnership",
    "contacts",
    "number",
    "focus_area",
    "text",
    "label",
    "url",
    "name",
    "paragraphs",
    "role",
    "sv",
    "en",
    "de",
    "sectors",
    "municipalities",
    "partners",
    "example",
    "sector",
    "municipality",
    "description",
    "website",
    "contact",
    "contact_people",
    "feedback",
    "enabled",
    "endpoint",
    "kiosk",
    "idle_reset_seconds",
    "idle_countdown_seconds",
    "embed",
    "allowed_parent_origins",
];

/// Strings an editor (or an attacker) might put in a field.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "", " ", "\u{0}", "a\tb", "line\nbreak", "\r", "\u{1b}[31mred", "\u{202e}gnp.exe",
            "fa-1", "fa-2", "public-sector", "orebro", "networks", "FA-1", "fa--1", "-fa", "fa_1",
            "2021-12-07", "2021-02-29", "2024-02-29", "0000-00-00", "9999-12-31", "2021-13-01",
            "21-12-07", "javascript:alert(1)", "https://", "https://example.se/", "http:x",
            "mailto:a@b.se", "mailto:@", "tel:+46191234567", "tel:12", "data:text/html,x",
            "api/feedback", "//evil.example", "\u{feff}", "🌍", "\u{fffd}", "å\u{308}",
            "https://www.example.se", "http://localhost:8080", "HTTPS://X.SE", "https://x.se:443",
        ])
        .prop_map(String::from),
        3 => any::<String>(),
        1 => (prop::sample::select(vec!["x", "å", "\u{0}", "-", "🌍"]), 60usize..6_000)
            .prop_map(|(piece, n)| piece.repeat(n)),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u32>().prop_map(Value::from),
        prop::sample::select(vec![
            0i64,
            1,
            -1,
            10,
            3600,
            3601,
            4_294_967_295,
            4_294_967_296
        ])
        .prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        any::<f64>().prop_map(|x| Number::from_f64(x).map_or(Value::Null, Value::Number)),
    ]
}

/// Any JSON value, with keys and strings that matter to the formats.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            3 => prop::sample::select(FIELD_NAMES.to_vec()).prop_map(String::from),
            1 => hostile_string(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One change to a file's JSON tree, at the node chosen by `at`.
#[derive(Clone, Debug)]
enum Mutation {
    /// Put another value in place of the node.
    Replace { at: usize, with: Value },
    /// Remove the node from its parent.
    Remove { at: usize },
    /// Add a field (known or unknown) to an object node.
    AddField {
        at: usize,
        key: String,
        value: Value,
    },
    /// Append a copy of an array's first element (duplicate ids, repeated references).
    DuplicateFirst { at: usize },
    /// Put the node inside a one-element list.
    WrapInList { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        4 => (at, json_value()).prop_map(|(at, with)| Mutation::Replace { at, with }),
        2 => at.prop_map(|at| Mutation::Remove { at }),
        2 => (
            at,
            prop_oneof![
                3 => prop::sample::select(FIELD_NAMES.to_vec()).prop_map(String::from),
                1 => hostile_string(),
            ],
            json_value()
        )
            .prop_map(|(at, key, value)| Mutation::AddField { at, key, value }),
        1 => at.prop_map(|at| Mutation::DuplicateFirst { at }),
        1 => at.prop_map(|at| Mutation::WrapInList { at }),
    ]
}

/// Every JSON pointer in `value`, the root (`""`) first.
fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{here}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn apply(root: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    pointers(root, String::new(), &mut all);
    let pick = |at: usize| all[at % all.len()].clone();
    match mutation {
        Mutation::Replace { at, with } => {
            if let Some(node) = root.pointer_mut(&pick(*at)) {
                *node = with.clone();
            }
        }
        Mutation::Remove { at } => {
            let pointer = pick(*at);
            let Some((parent, last)) = pointer.rsplit_once('/') else {
                return; // the root itself stays
            };
            let last = last.replace("~1", "/").replace("~0", "~");
            match root.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&last);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
        Mutation::AddField { at, key, value } => {
            if let Some(Value::Object(map)) = root.pointer_mut(&pick(*at)) {
                map.insert(key.clone(), value.clone());
            }
        }
        Mutation::DuplicateFirst { at } => {
            if let Some(Value::Array(items)) = root.pointer_mut(&pick(*at)) {
                if let Some(first) = items.first().cloned() {
                    items.push(first);
                }
            }
        }
        Mutation::WrapInList { at } => {
            if let Some(node) = root.pointer_mut(&pick(*at)) {
                *node = Value::Array(vec![node.take()]);
            }
        }
    }
}

/// A bundled file after a few mutations, as pretty or compact JSON text.
fn mutated(bundled: &'static str) -> impl Strategy<Value = String> {
    (prop::collection::vec(mutation(), 1..6), any::<bool>()).prop_map(move |(mutations, pretty)| {
        let mut root: Value = serde_json::from_str(bundled).expect("bundled file is JSON");
        for m in &mutations {
            apply(&mut root, m);
        }
        if pretty {
            serde_json::to_string_pretty(&root)
        } else {
            serde_json::to_string(&root)
        }
        .expect("a JSON value serialises")
    })
}

/// Text made of JSON tokens in any order: syntax errors of every kind, and
/// numbers and escapes that a `Value` cannot hold.
fn json_like_text() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "\"id\"",
        "\"sv\"",
        "\"format_version\"",
        "\"x\"",
        "1",
        "-1",
        "1e999",
        "-0",
        "0.5",
        "18446744073709551616",
        "99999999999999999999999",
        "true",
        "false",
        "null",
        "nul",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "\"\\uDC00\\uD800\"",
        "\"\\x\"",
        "\"\u{0}\"",
        " ",
        "\n",
        "\u{feff}",
        "//",
        "/*",
        "NaN",
        "Infinity",
        "'",
        "\"focus_areas\"",
        "\"partners\"",
        "\"title\"",
        "\"activities\"",
    ]);
    (
        prop::sample::select(vec!["", "{", "\u{feff}{", " [", "\u{feff}"]),
        prop::collection::vec(token, 0..60),
    )
        .prop_map(|(start, tokens)| format!("{start}{}", tokens.concat()))
}

/// Deeply nested lists or objects, at the root or under a field.
fn deep_nesting() -> impl Strategy<Value = String> {
    (
        1usize..50_000,
        prop::sample::select(vec![("[", "]"), ("{\"a\":", "}"), ("{\"sv\":[", "]}")]),
        prop::sample::select(vec![
            ("", ""),
            ("{\"id\":", "}"),
            ("{\"unknown\":", "}"),
            ("{\"focus_areas\":[{\"title\":", "}]}"),
        ]),
        any::<bool>(),
    )
        .prop_map(|(depth, (open, close), (before, after), closed)| {
            let closing = if closed {
                close.repeat(depth)
            } else {
                String::new()
            };
            format!("{before}{}1{closing}{after}", open.repeat(depth))
        })
}

// ------------------------------------------------------------ properties

proptest! {
    #![proptest_config(config(1000))]

    /// Any bytes, read the way a browser or `read_to_string` would.
    #[test]
    fn arbitrary_bytes_give_problems_not_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        check_every_reader(&text)?;
    }

    /// Text made of JSON tokens.
    #[test]
    fn json_like_text_gives_problems_not_panics(text in json_like_text()) {
        check_every_reader(&text)?;
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// The bundled plan with mutated fields: a valid plan or problems, and a
    /// plan that passes is one the loader can build a catalog from.
    #[test]
    fn mutated_plans_give_a_plan_or_problems(text in mutated(PLAN_JSON), status in prop::sample::select(vec![200u16, 404, 500])) {
        match parse_plan("plan.json", &text) {
            Ok(plan) => prop_assert!(validate_plan("plan.json", &RawPlan::from(&plan)).is_empty()),
            Err(problems) => assert_well_formed("plan.json", &problems)?,
        }
        check_loaded(status, interpret_plan_response("data/plan.json", status, &text))?;
        // A plan that passes must give a catalog with the bundled directory.
        check_loaded(status, interpret_responses(answer(status, &text), answer(200, PARTNERS_JSON)))?;
    }

}

proptest! {
    // The directory is the largest file; fewer cases keep the run short.
    #![proptest_config(config(250))]

    /// The bundled partner directory with mutated fields, checked against the bundled plan.
    #[test]
    fn mutated_partner_directories_give_a_directory_or_problems(text in mutated(PARTNERS_JSON)) {
        match parse_partners("partners.json", &text, bundled_plan()) {
            Ok(directory) => prop_assert!(
                validate_partners("partners.json", &directory.to_raw(bundled_plan()), bundled_plan()).is_empty()
            ),
            Err(problems) => assert_well_formed("partners.json", &problems)?,
        }
        check_loaded(200, interpret_responses(answer(200, PLAN_JSON), answer(200, &text)))?;
    }

}

proptest! {
    #![proptest_config(config(500))]

    /// The bundled settings with mutated fields.
    #[test]
    fn mutated_configs_give_settings_or_problems(text in mutated(CONFIG_JSON)) {
        if let Err(problems) = parse_config("config.json", &text) {
            assert_well_formed("config.json", &problems)?;
        }
        check_loaded(200, interpret_config(answer(200, &text)))?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Nesting far deeper than any data file: a problem, not a stack overflow.
    #[test]
    fn deep_nesting_gives_problems_not_a_stack_overflow(text in deep_nesting()) {
        check_every_reader(&text)?;
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// The `validate-data` tool on files of arbitrary bytes: it exits with
    /// 0, 1 or 2 and prints problems, never a panic.
    #[cfg(feature = "json-paths")]
    #[test]
    fn validate_data_reports_arbitrary_files(
        plan in prop_oneof![Just(PLAN_JSON.as_bytes().to_vec()), prop::collection::vec(any::<u8>(), 0..300)],
        partners in prop::collection::vec(any::<u8>(), 0..300),
        config_bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let dir = std::env::temp_dir().join(format!(
            "validator-props-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let files = [("plan.json", &plan), ("partners.json", &partners), ("config.json", &config_bytes)];
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).expect("temp file");
        }
        let output = Command::new(env!("CARGO_BIN_EXE_validate-data"))
            .args(files.map(|(name, _)| dir.join(name)))
            .output()
            .expect("validate-data runs");
        let _ = std::fs::remove_dir_all(&dir);
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
        prop_assert!(
            matches!(output.status.code(), Some(0..=2)),
            "exit {:?}; stderr {}",
            output.status.code(),
            stderr
        );
    }
}
