//! The staff endpoints' filters (`from`, `to`, `lang`, `mode`) and the calendar they need:
//! days, ISO weeks and the weekly counts of the summary.
//!
//! One parser for both sides: the staff view writes a filter with
//! [`StaffFilter::to_query`], the collector reads the query string with
//! [`StaffFilter::from_query`], so the view can never send what the server refuses. The
//! server is strict (a bad, empty or repeated value is an error that says what to send,
//! never a guess), because a silently ignored filter would show staff the wrong figures.
//! Other parameters are left to the endpoint (`limit`, `cursor`) or ignored.
//!
//! ```
//! use feedback_protocol::{Day, Lang, StaffFilter};
//! let filter = StaffFilter::from_query("from=2026-11-30&lang=sv").unwrap();
//! assert_eq!(filter.from, Day::parse("2026-11-30"));
//! assert_eq!(filter.lang, Some(Lang::Sv));
//! assert_eq!(filter.to_query(), "from=2026-11-30&lang=sv");
//! assert!(StaffFilter::from_query("lang=sv&lang=en").is_err());
//! assert_eq!(Day::parse("2026-12-02").unwrap().iso_week().to_string(), "2026-W49");
//! ```

use crate::timestamp::{civil_from_days, days_from_civil, days_in_month};
use crate::{Lang, Mode, MAX_CREATED_AT_YEAR, MIN_CREATED_AT_YEAR};
use std::fmt;

/// A calendar day (proleptic Gregorian), written `YYYY-MM-DD`; years as answers can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: u32,
    month: u32,
    day: u32,
}

impl Day {
    /// The day, if it exists and its year is one an answer can carry (1970 to 2999).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Day> {
        let in_range = (MIN_CREATED_AT_YEAR..=MAX_CREATED_AT_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        in_range.then_some(Day { year, month, day })
    }

    /// Reads exactly `YYYY-MM-DD` (ten ASCII characters, a day that exists); anything else
    /// is `None`.
    pub fn parse(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(range)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Day::new(digits(0..4)?, digits(5..7)?, digits(8..10)?)
    }

    /// The year.
    pub fn year(self) -> u32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01.
    fn days(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The day `days` after 1970-01-01; a few days before it too (the Monday of 1970-W01
    /// is 1969-12-29), by counting from 400 years (one whole calendar cycle) later.
    fn from_days(days: i64) -> Day {
        const CYCLE_DAYS: i64 = 146_097;
        let (year, month, day) = civil_from_days((days + CYCLE_DAYS).unsigned_abs());
        Day {
            year: year - 400,
            month,
            day,
        }
    }

    /// The ISO 8601 week the day falls in (weeks start on Monday; week 1 holds the
    /// year's first Thursday), which is how Swedish calendars number weeks.
    pub fn iso_week(self) -> IsoWeek {
        let days = self.days();
        // 1970-01-01 was a Thursday: 0 = Monday … 6 = Sunday.
        let weekday = (days + 3).rem_euclid(7);
        let thursday = Day::from_days(days - weekday + 3);
        let first_of_year = days_from_civil(i64::from(thursday.year), 1, 1);
        let week = (thursday.days() - first_of_year) / 7 + 1;
        IsoWeek {
            year: thursday.year,
            week: week as u32,
            monday: Day::from_days(days - weekday),
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An ISO 8601 week, written `2026-W49`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    /// The week's year: that of its Thursday, so 2027-01-01 is in 2026-W53 and
    /// 2024-12-30 in 2025-W01.
    pub year: u32,
    /// 1 to 53.
    pub week: u32,
    /// Its first day.
    pub monday: Day,
}

impl IsoWeek {
    /// The week after this one.
    pub fn next(self) -> IsoWeek {
        Day::from_days(self.monday.days() + 7).iso_week()
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

/// Answers received in one ISO week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekCount {
    /// The week.
    pub week: IsoWeek,
    /// How many counted answers arrived in it.
    pub answers: u64,
}

/// Most weeks [`weekly_counts`] fills in (about 20 years): the span comes from stored
/// timestamps, and a stray far-off one must not make the summary huge.
pub const MAX_WEEKS: usize = 1100;

/// Sums answers per day into ISO weeks, from the first week with answers to the last,
/// weeks without answers included as 0, so that a chart of them reads as time. Days may
/// come in any order. Beyond [`MAX_WEEKS`] the latest weeks are kept.
pub fn weekly_counts(days: impl IntoIterator<Item = (Day, u64)>) -> Vec<WeekCount> {
    let mut per_week = std::collections::BTreeMap::<IsoWeek, u64>::new();
    for (day, answers) in days {
        let sum = per_week.entry(day.iso_week()).or_default();
        *sum = sum.saturating_add(answers);
    }
    let (Some((&first, _)), Some((&last, _))) =
        (per_week.first_key_value(), per_week.last_key_value())
    else {
        return Vec::new();
    };
    let span = (last.monday.days() - first.monday.days()) / 7 + 1;
    let skip = span.saturating_sub(MAX_WEEKS as i64).max(0);
    let mut week = Day::from_days(first.monday.days() + skip * 7).iso_week();
    let mut out = Vec::new();
    loop {
        out.push(WeekCount {
            week,
            answers: per_week.get(&week).copied().unwrap_or(0),
        });
        if week >= last {
            return out;
        }
        week = week.next();
    }
}

/// A query string the staff endpoints refuse; the message says what to send instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

/// Longest query string read, in bytes: a real one is under 100.
pub const MAX_QUERY_BYTES: usize = 2048;

/// Splits a query string (without the `?`) into decoded key–value pairs. `+` is a space;
/// a `%` not followed by two hex digits, or bytes that are not UTF-8 once decoded, are an
/// error rather than a replacement character, so no value is read as something it is not.
pub fn decode_query(raw: &str) -> Result<Vec<(String, String)>, QueryError> {
    if raw.len() > MAX_QUERY_BYTES {
        return Err(QueryError(format!(
            "the query string is longer than {MAX_QUERY_BYTES} bytes"
        )));
    }
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key =
                percent_decode(key).map_err(|why| QueryError(format!("a parameter name {why}")))?;
            let value = percent_decode(value).map_err(|why| QueryError(format!("{key} {why}")))?;
            Ok((key, value))
        })
        .collect()
}

/// Decodes `%XX` and `+`; the error says what is wrong, to follow a parameter's name.
fn percent_decode(text: &str) -> Result<String, &'static str> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(b) = rest.next() {
        bytes.push(match b {
            b'+' => b' ',
            b'%' => {
                let hex = |d: Option<u8>| d.and_then(|d| (d as char).to_digit(16));
                match (hex(rest.next()), hex(rest.next())) {
                    (Some(hi), Some(lo)) => (hi * 16 + lo) as u8,
                    _ => return Err("has a % that is not followed by two hex digits"),
                }
            }
            b => b,
        });
    }
    String::from_utf8(bytes).map_err(|_| "is not UTF-8 once %-decoded")
}

/// The value of `key` if it is given once; an error if it is given more than once (which
/// of two values was meant cannot be known).
pub fn single<'a>(pairs: &'a [(String, String)], key: &str) -> Result<Option<&'a str>, QueryError> {
    let mut found = pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str());
    let first = found.next();
    if found.next().is_some() {
        return Err(QueryError(format!(
            "{key} is given more than once; give it once"
        )));
    }
    Ok(first)
}

/// Which answers a staff endpoint counts, lists or exports. `None` is "all".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StaffFilter {
    /// Answers received on or after this day (UTC).
    pub from: Option<Day>,
    /// Answers received on or before this day (UTC).
    pub to: Option<Day>,
    /// Answers given in this interface language.
    pub lang: Option<Lang>,
    /// Answers given in this mode.
    pub mode: Option<Mode>,
}

impl StaffFilter {
    /// Reads the filter from a whole query string (other parameters are ignored).
    pub fn from_query(raw: &str) -> Result<StaffFilter, QueryError> {
        StaffFilter::from_pairs(&decode_query(raw)?)
    }

    /// Reads the filter from decoded pairs (other keys are ignored).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<StaffFilter, QueryError> {
        let day = |key: &str| -> Result<Option<Day>, QueryError> {
            single(pairs, key)?
                .map(|v| {
                    Day::parse(v).ok_or_else(|| {
                        QueryError(format!(
                            "{key} must be a date written YYYY-MM-DD, such as 2026-12-02, \
                             from {MIN_CREATED_AT_YEAR} to {MAX_CREATED_AT_YEAR}"
                        ))
                    })
                })
                .transpose()
        };
        let from = day("from")?;
        let to = day("to")?;
        let lang = single(pairs, "lang")?
            .map(|v| {
                Lang::from_wire(v)
                    .ok_or_else(|| QueryError("lang must be one of sv, en, de".into()))
            })
            .transpose()?;
        let mode = single(pairs, "mode")?
            .map(|v| {
                Mode::from_wire(v).ok_or_else(|| {
                    QueryError("mode must be one of standalone, embedded, kiosk".into())
                })
            })
            .transpose()?;
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(QueryError(format!(
                    "from ({from}) is after to ({to}); swap them"
                )));
            }
        }
        Ok(StaffFilter {
            from,
            to,
            lang,
            mode,
        })
    }

    /// The filter as query parameters (`from=…&lang=…`, in that order, only those set);
    /// empty for "all". Every value is plain ASCII that needs no escaping.
    pub fn to_query(&self) -> String {
        let params = [
            self.from.map(|d| format!("from={d}")),
            self.to.map(|d| format!("to={d}")),
            self.lang.map(|l| format!("lang={}", l.as_str())),
            self.mode.map(|m| format!("mode={}", m.as_str())),
        ];
        params.into_iter().flatten().collect::<Vec<_>>().join("&")
    }

    /// Bounds on the server's `received_at` (RFC 3339 UTC text, which sorts as time):
    /// at least the first, below the second.
    pub fn received_bounds(&self) -> (Option<String>, Option<String>) {
        (
            self.from.map(|d| format!("{d}T00:00:00")),
            // "T99" sorts after every time of that day and before the next day.
            self.to.map(|d| format!("{d}T99")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn days_are_exactly_yyyy_mm_dd() {
        assert_eq!(day("2026-12-02").to_string(), "2026-12-02");
        assert_eq!(day("2024-02-29").day(), 29);
        for bad in [
            "",
            "2026-12-2",
            "2026-13-01",
            "2026-02-29",
            "2026-00-10",
            "2026-12-00",
            "1969-12-31",
            "3000-01-01",
            "２０２６-12-02",
            "2026/12/02",
            "2026-12-02 ",
            "+026-12-02",
            "2026-1a-02",
            "20261202",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn iso_weeks_follow_the_standard_at_year_ends() {
        for (date, week, monday) in [
            ("2026-12-02", "2026-W49", "2026-11-30"),
            ("2026-01-01", "2026-W01", "2025-12-29"),
            ("2027-01-01", "2026-W53", "2026-12-28"),
            ("2027-01-04", "2027-W01", "2027-01-04"),
            ("2024-12-30", "2025-W01", "2024-12-30"),
            ("2021-01-03", "2020-W53", "2020-12-28"),
            ("2021-12-07", "2021-W49", "2021-12-06"),
            ("1970-01-01", "1970-W01", "1969-12-29"),
        ] {
            let w = day(date).iso_week();
            assert_eq!(w.to_string(), week, "{date}");
            // Monday of 1970-W01 is before the first day we accept; it still prints.
            assert_eq!(w.monday.to_string(), monday, "{date}");
        }
        assert_eq!(day("2026-12-28").iso_week().next().to_string(), "2027-W01");
    }

    #[test]
    fn weekly_counts_sum_days_and_fill_the_gaps() {
        let weeks = weekly_counts([
            (day("2026-12-02"), 2),
            (day("2026-11-16"), 1),
            (day("2026-12-06"), 3),
        ]);
        let shown: Vec<(String, u64)> = weeks
            .iter()
            .map(|w| (w.week.to_string(), w.answers))
            .collect();
        assert_eq!(
            shown,
            [
                ("2026-W47".to_string(), 1),
                ("2026-W48".to_string(), 0),
                ("2026-W49".to_string(), 5)
            ]
        );
        assert!(weekly_counts([]).is_empty());
        let far = weekly_counts([(day("1970-01-05"), 1), (day("2999-12-30"), 1)]);
        assert_eq!(far.len(), MAX_WEEKS);
        assert_eq!(far.last().unwrap().answers, 1);
    }

    #[test]
    fn a_filter_reads_each_parameter_strictly() {
        let f = StaffFilter::from_query("from=2026-11-01&to=2026-11-30&lang=de&mode=kiosk&limit=5")
            .unwrap();
        assert_eq!(
            f.to_query(),
            "from=2026-11-01&to=2026-11-30&lang=de&mode=kiosk"
        );
        assert_eq!(StaffFilter::from_query("").unwrap(), StaffFilter::default());
        for (bad, says) in [
            ("from=", "from must be a date"),
            ("to=2026-02-30", "to must be a date"),
            ("lang=SV", "lang must be one of"),
            ("lang=", "lang must be one of"),
            ("mode=app", "mode must be one of"),
            ("mode=kiosk&mode=kiosk", "given more than once"),
            ("from=2026-12-02&to=2026-12-01", "swap them"),
            ("lang=%ZZ", "two hex digits"),
            ("lang=%", "two hex digits"),
            ("lang=%FF%FE", "not UTF-8"),
            ("lang=sv'%20OR%201=1--", "lang must be one of"),
        ] {
            let err = StaffFilter::from_query(bad).unwrap_err();
            assert!(err.0.contains(says), "{bad}: {err}");
        }
        let huge = format!("lang={}", "s".repeat(MAX_QUERY_BYTES));
        assert!(StaffFilter::from_query(&huge)
            .unwrap_err()
            .0
            .contains("longer"));
    }

    #[test]
    fn bounds_take_whole_utc_days() {
        let f = StaffFilter::from_query("from=2026-12-01&to=2026-12-01").unwrap();
        let (lo, hi) = f.received_bounds();
        let (lo, hi) = (lo.unwrap(), hi.unwrap());
        for inside in ["2026-12-01T00:00:00.000Z", "2026-12-01T23:59:59.999Z"] {
            assert!(lo.as_str() <= inside && inside < hi.as_str(), "{inside}");
        }
        for outside in ["2026-11-30T23:59:59.999Z", "2026-12-02T00:00:00.000Z"] {
            assert!(
                !(lo.as_str() <= outside && outside < hi.as_str()),
                "{outside}"
            );
        }
    }
}
