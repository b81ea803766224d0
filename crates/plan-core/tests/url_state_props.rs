//! Property tests of the URL-state parser: whatever a stranger puts in the
//! address (broken percent-encoding, huge values, repeated keys, unknown
//! facets), `UrlState::from_query` gives a state within the parser's limits,
//! never a panic, and every state it can give survives a round trip through
//! `to_query`.

use plan_core::facet::Facet;
use plan_core::filter::Selection;
use plan_core::model::Lang;
use plan_core::url_state::{percent_decode, percent_encode, AppMode, UrlState, View};
use proptest::prelude::*;

/// The parser's documented limits (`MAX_QUERY_CHARS`, `MAX_VALUES_PER_FACET`
/// and the id rule in `src/url_state.rs`), restated here as the contract.
const MAX_QUERY_CHARS: usize = 200;
const MAX_VALUES_PER_FACET: usize = 50;
const MAX_ID_BYTES: usize = 64;

fn is_plain_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_ID_BYTES
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks every limit a parsed state must keep, whatever the input was.
fn assert_within_limits(state: &UrlState) -> Result<(), TestCaseError> {
    prop_assert!(state.query.chars().count() <= MAX_QUERY_CHARS);
    if let View::FocusArea(id) = &state.view {
        prop_assert!(is_plain_id(id), "focus area id {id:?}");
    }
    for facet in Facet::ALL {
        let values = state.selection.values(facet);
        prop_assert!(
            values.len() <= MAX_VALUES_PER_FACET,
            "{facet:?} has {} values",
            values.len()
        );
        for value in values {
            prop_assert!(is_plain_id(value), "{facet:?} value {value:?}");
        }
    }
    Ok(())
}

// ------------------------------------------------------------ strategies

/// Keys the parser knows, keys it does not, and near misses.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "view", "id", "q", "lang", "mode", "fa", "sector", "municipality", "tag",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec![
            "", "VIEW", "Tag", "tag ", "facet", "topic", "%74ag", "q[]", "__proto__", "?q",
        ])
        .prop_map(String::from),
        1 => prop::collection::vec(any::<char>(), 0..12).prop_map(|chars| chars
            .into_iter()
            .filter(|c| !matches!(c, '&' | '='))
            .collect()),
    ]
}

/// Values that look like what the app writes, and values that do not.
fn value() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        3 => plain_id(),
        1 => prop::sample::select(vec![
            "explore", "overview", "results", "accessibility", "preview", "focus-area", "plan", "kiosk", "embedded", "standalone",
            "sv", "en-GB", "de_DE", "xx",
        ])
        .prop_map(String::from),
        // Broken and valid percent-escapes, including invalid UTF-8 and NUL.
        2 => prop::sample::select(vec![
            "%", "%4", "%zz", "%%", "%C3", "%C3%96", "%E2%28%A1", "%FF%FE", "%00", "%2C", "%26",
            "%3D", "%0A", "%ED%A0%80", "+", ",", ",,", " ", "%25", "%c3%a4",
        ])
        .prop_map(String::from),
        2 => any::<String>(),
    ];
    prop::collection::vec(fragment, 0..5).prop_map(|parts| parts.concat())
}

/// A query string built from pairs, with `?`, empty pairs and keys without `=`.
fn structured_query() -> impl Strategy<Value = String> {
    let pair = prop_oneof![
        6 => (key(), value()).prop_map(|(k, v)| format!("{k}={v}")),
        1 => key(),
        1 => Just(String::new()),
        1 => (key(), value(), value()).prop_map(|(k, a, b)| format!("{k}={a}={b}")),
    ];
    (any::<bool>(), prop::collection::vec(pair, 0..16)).prop_map(|(question_mark, pairs)| {
        let joined = pairs.join("&");
        if question_mark {
            format!("?{joined}")
        } else {
            joined
        }
    })
}

/// One parameter repeated many times, or one huge value.
fn oversized_query() -> impl Strategy<Value = String> {
    prop_oneof![
        // The same facet key again and again, each with many ids.
        (
            prop::sample::select(vec!["fa", "sector", "municipality", "tag", "q", "view"]),
            1usize..400,
            1usize..80,
        )
            .prop_map(|(key, repeats, per_key)| {
                (0..repeats)
                    .map(|r| {
                        let ids: Vec<String> = (0..per_key).map(|i| format!("v-{r}-{i}")).collect();
                        format!("{key}={}", ids.join(","))
                    })
                    .collect::<Vec<_>>()
                    .join("&")
            }),
        // A huge value made of a repeated piece, escapes included.
        (
            key(),
            prop::sample::select(vec!["a", "%C3%A4", "%", "%zz", "x,", "🌍", "%F0%9F", "+"]),
            1_000usize..200_000,
        )
            .prop_map(|(key, piece, repeats)| format!("?{key}={}", piece.repeat(repeats))),
    ]
}

/// An id as the data uses them; mostly short, sometimes at the 64-byte limit.
fn plain_id() -> impl Strategy<Value = String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-";
    let length = prop_oneof![8 => 1usize..12, 1 => Just(MAX_ID_BYTES)];
    length
        .prop_flat_map(|n| prop::collection::vec(prop::sample::select(ALPHABET), n))
        .prop_map(|bytes| bytes.into_iter().map(char::from).collect())
}

/// Any state the app can be in and write to the address.
fn valid_state() -> impl Strategy<Value = UrlState> {
    let view = prop_oneof![
        Just(View::Plan),
        Just(View::Explore),
        Just(View::Overview),
        Just(View::Results),
        Just(View::Accessibility),
        Just(View::Preview),
        plain_id().prop_map(View::FocusArea),
    ];
    let query = prop::collection::vec(any::<char>(), 0..=MAX_QUERY_CHARS)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    // Mostly a few values, sometimes exactly the limit.
    let ids = || {
        prop_oneof![
            6 => prop::collection::btree_set(plain_id(), 0..4),
            1 => prop::collection::btree_set(plain_id(), MAX_VALUES_PER_FACET),
        ]
    };
    let selection =
        (ids(), ids(), ids(), ids()).prop_map(|(focus_areas, sectors, municipalities, tags)| {
            Selection::from_values([focus_areas, sectors, municipalities, tags])
        });
    let lang = prop::option::of(prop::sample::select(Lang::ALL.to_vec()));
    let mode = prop::option::of(prop::sample::select(vec![
        AppMode::Standalone,
        AppMode::Embedded,
        AppMode::Kiosk,
    ]));
    (view, query, selection, lang, mode).prop_map(|(view, query, selection, lang, mode)| UrlState {
        view,
        query,
        selection,
        lang,
        mode,
    })
}

// ------------------------------------------------------------ properties

/// `cases` cases, without writing failures to files beside the tests (a
/// failure prints its minimal input; it becomes a plain regression test).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(1500))]

    /// Any text at all: no panic, limits kept, and the state is a fixed point
    /// of writing and reading the address.
    #[test]
    fn arbitrary_text_gives_a_state_within_limits(input in any::<String>()) {
        let state = UrlState::from_query(&input);
        assert_within_limits(&state)?;
        prop_assert_eq!(UrlState::from_query(&state.to_query()), state);
    }

    /// Query strings made of real and unknown keys with broken values.
    #[test]
    fn hostile_query_strings_give_a_state_within_limits(input in structured_query()) {
        let state = UrlState::from_query(&input);
        assert_within_limits(&state)?;
        prop_assert_eq!(UrlState::from_query(&state.to_query()), state);
    }

    /// Every valid state reads back as itself, and the address it writes
    /// holds no character that would end or split a query value.
    #[test]
    fn valid_states_round_trip(state in valid_state()) {
        let query = state.to_query();
        prop_assert!(
            query.is_empty() || query.starts_with('?'),
            "{}", query
        );
        prop_assert!(
            query
                .chars()
                .skip(1)
                .all(|c| c.is_ascii_alphanumeric() || "-_.~,+%=&".contains(c)),
            "unexpected character in {}", query
        );
        prop_assert_eq!(UrlState::from_query(&query), state);
    }

    /// Percent-coding is lossless for any text, and decoding never fails.
    #[test]
    fn percent_coding_round_trips(text in any::<String>(), junk in value()) {
        prop_assert_eq!(percent_decode(&percent_encode(&text)), text);
        let _ = percent_decode(&junk);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Repeated keys and huge values stay within the limits and are quick.
    #[test]
    fn oversized_queries_stay_within_limits(input in oversized_query()) {
        let started = std::time::Instant::now();
        let state = UrlState::from_query(&input);
        assert_within_limits(&state)?;
        prop_assert_eq!(UrlState::from_query(&state.to_query()), state);
        prop_assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{} bytes took {:?}", input.len(), started.elapsed()
        );
    }
}

// ------------------------------------------------------ plain regressions

/// A facet key repeated in the address must not add more than the per-facet
/// limit: the limit used to apply to each occurrence of the key separately.
#[test]
fn a_repeated_facet_key_keeps_the_per_facet_limit() {
    let query = (0..10)
        .map(|r| {
            let ids: Vec<String> = (0..20).map(|i| format!("t-{r}-{i}")).collect();
            format!("tag={}", ids.join(","))
        })
        .collect::<Vec<_>>()
        .join("&");
    let state = UrlState::from_query(&query);
    assert_eq!(
        state.selection.values(Facet::Tag).len(),
        MAX_VALUES_PER_FACET
    );
    assert_eq!(UrlState::from_query(&state.to_query()), state);
}
