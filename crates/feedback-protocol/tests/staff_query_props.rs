//! Property tests of the staff endpoints' query parser: it never panics, whatever the
//! query string; what the staff view writes the collector reads back unchanged; a value it
//! accepts is one of the allowed ones; a repeated filter key is always refused; and ISO
//! weeks agree with the `time` crate.

use feedback_protocol::*;
use proptest::prelude::*;
use time::{Date, Month};

fn any_day() -> impl Strategy<Value = Day> {
    (1970u32..=2999, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real day", |(y, m, d)| Day::new(y, m, d))
}

fn any_filter() -> impl Strategy<Value = StaffFilter> {
    let lang = prop::option::of(prop::sample::select(vec![Lang::Sv, Lang::En, Lang::De]));
    let mode = prop::option::of(prop::sample::select(vec![
        Mode::Standalone,
        Mode::Embedded,
        Mode::Kiosk,
    ]));
    (
        prop::option::of(any_day()),
        prop::option::of(any_day()),
        lang,
        mode,
    )
        .prop_map(|(a, b, lang, mode)| {
            // from ≤ to when both are set, as a filter the view sends.
            let (from, to) = match (a, b) {
                (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                other => other,
            };
            StaffFilter {
                from,
                to,
                lang,
                mode,
            }
        })
}

/// Query-ish text: the parser's special characters, the keys, and arbitrary bytes as %XX.
fn hostile_query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("from=".to_string()),
        Just("to=".to_string()),
        Just("lang=".to_string()),
        Just("mode=".to_string()),
        Just("&".to_string()),
        Just("=".to_string()),
        Just("+".to_string()),
        Just("%".to_string()),
        any::<u8>().prop_map(|b| format!("%{b:02X}")),
        "[0-9-]{1,12}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn what_the_view_writes_the_collector_reads(filter in any_filter()) {
        prop_assert_eq!(StaffFilter::from_query(&filter.to_query()), Ok(filter));
    }

    #[test]
    fn any_query_gets_a_verdict_and_accepted_values_are_allowed_ones(raw in hostile_query()) {
        if let Ok(f) = StaffFilter::from_query(&raw) {
            if let (Some(from), Some(to)) = (f.from, f.to) {
                prop_assert!(from <= to);
            }
            // Anything accepted writes back to the same filter.
            prop_assert_eq!(StaffFilter::from_query(&f.to_query()), Ok(f));
        }
    }

    #[test]
    fn any_string_at_all_gets_a_verdict(raw in "\\PC{0,300}") {
        let _ = StaffFilter::from_query(&raw);
    }

    #[test]
    fn a_repeated_filter_key_is_always_refused(
        filter in any_filter(),
        key in prop::sample::select(vec!["from", "to", "lang", "mode"]),
        value in "[a-z0-9-]{0,12}",
    ) {
        let mut raw = filter.to_query();
        raw.push_str(&format!("&{key}={value}&{key}={value}"));
        let err = StaffFilter::from_query(&raw).unwrap_err();
        prop_assert!(err.0.contains("more than once") || err.0.contains("must be"), "{}", err);
    }

    #[test]
    fn iso_weeks_agree_with_the_time_crate(day in any_day()) {
        let date = Date::from_calendar_date(
            day.year() as i32,
            Month::try_from(day.month() as u8).unwrap(),
            day.day() as u8,
        ).unwrap();
        let (year, week, _) = date.to_iso_week_date();
        let ours = day.iso_week();
        prop_assert_eq!((ours.year as i32, ours.week as u8), (year, week));
        let monday = date - time::Duration::days(date.weekday().number_days_from_monday().into());
        prop_assert_eq!(ours.monday.to_string(), monday.to_string());
    }
}
