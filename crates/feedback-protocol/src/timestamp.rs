//! `created_at`: RFC 3339 timestamps, read and written with a few lines of calendar
//! arithmetic instead of a date library (which the browser build does not want).
//!
//! ```
//! use feedback_protocol::{normalise_created_at, rfc3339_utc, TimestampError};
//!
//! // The collector stores every timestamp in UTC, so stored values sort as text.
//! assert_eq!(
//!     normalise_created_at("2026-11-26T16:20:00.250+01:00"),
//!     Ok("2026-11-26T15:20:00.25Z".to_owned())
//! );
//! // Outside 1970..=2999 (UTC) is refused, whatever the offset.
//! assert_eq!(
//!     normalise_created_at("9999-12-31T23:59:59-01:00"),
//!     Err(TimestampError::OutOfRange)
//! );
//! // The app writes its clock (`Date.now()`) the same way.
//! assert_eq!(rfc3339_utc(1_795_706_400_000), "2026-11-26T15:20:00Z");
//! ```
//!
//! # The accepted range: UTC years 1970 to 2999
//!
//! - **From 1970-01-01T00:00:00Z**, the Unix epoch. The app's clock is milliseconds since
//!   the epoch, so it can never write anything earlier, and a kiosk whose clock battery
//!   died and reset it to 1970 still gets its yes/no counted (the collector records its
//!   own `received_at` as well). Anything earlier was not written by the app.
//! - **Up to 2999-12-31T23:59:59.999999999Z.** Nearly a thousand years of slack for a
//!   wrong clock, and far enough inside four-digit years that no offset (at most ±23:59)
//!   can push an accepted value to a year RFC 3339 cannot write. The year 10000 is what
//!   once crashed the collector.
//!
//! # What is accepted
//!
//! RFC 3339's `date-time`: `YYYY-MM-DD`, then `T`, `t` or a space (the RFC allows a space
//! "for readability"), `hh:mm:ss`, optionally `.` and 1 to 9 digits, then `Z`, `z` or
//! `±hh:mm` (hours at most 23). Dates must exist (no 30 February). A leap second
//! (`:60`) is accepted only where one can occur, at 23:59:60 UTC on the last day of a
//! month, and is stored as 23:59:59.999999999. This is what the collector accepted with
//! the `time` crate, except that a separator other than `T`, `t` or space and more than 9
//! fractional digits (finer than a nanosecond, which would be silently cut) are refused.

use std::fmt;

/// The earliest UTC year accepted in `created_at`.
pub const MIN_CREATED_AT_YEAR: u32 = 1970;
/// The latest UTC year accepted in `created_at`.
pub const MAX_CREATED_AT_YEAR: u32 = 2999;

/// Seconds since the epoch of the first accepted instant (1970-01-01T00:00:00Z).
const MIN_SECS: i64 = days_from_civil(MIN_CREATED_AT_YEAR as i64, 1, 1) * 86_400;
/// Seconds since the epoch of the last accepted whole second (2999-12-31T23:59:59Z).
const MAX_SECS: i64 = days_from_civil(MAX_CREATED_AT_YEAR as i64 + 1, 1, 1) * 86_400 - 1;

/// The last millisecond in the accepted range, 2999-12-31T23:59:59.999Z, as milliseconds
/// since the Unix epoch. [`rfc3339_utc`] clamps a later clock to it.
pub const MAX_CREATED_AT_MS: u64 = MAX_SECS as u64 * 1000 + 999;

/// The longest `created_at` accepted, in bytes:
/// `2026-11-26T15:20:00.123456789+01:00`.
pub const MAX_CREATED_AT_CHARS: usize = 35;

/// Why a `created_at` was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampError {
    /// Not an RFC 3339 date-time (or a date or time that does not exist).
    Malformed,
    /// Well formed, but before 1970 or after 2999 once converted to UTC.
    OutOfRange,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimestampError::Malformed => {
                f.write_str("must be an RFC 3339 timestamp such as 2026-11-26T15:20:00Z")
            }
            TimestampError::OutOfRange => write!(
                f,
                "must lie between the years {MIN_CREATED_AT_YEAR} and {MAX_CREATED_AT_YEAR} in UTC"
            ),
        }
    }
}

impl std::error::Error for TimestampError {}

/// Parses an RFC 3339 timestamp (see the module docs), checks that it lies in
/// 1970..=2999 in UTC, and writes it back in UTC: `YYYY-MM-DDThh:mm:ss[.f]Z`, where the
/// fraction keeps its significant digits only (`.250` becomes `.25`, `.000` disappears).
///
/// Total for any input: every failure is an error value, never a panic.
pub fn normalise_created_at(s: &str) -> Result<String, TimestampError> {
    let t = DateTime::parse(s.as_bytes()).ok_or(TimestampError::Malformed)?;
    // Local wall time minus the offset is UTC. All terms are small: no overflow.
    let local = days_from_civil(i64::from(t.year), t.month, t.day) * 86_400
        + i64::from(t.hour) * 3_600
        + i64::from(t.minute) * 60
        + i64::from(t.second);
    let utc = local - i64::from(t.offset_secs);
    let (date, second_of_day) = split_secs(utc).ok_or(TimestampError::OutOfRange)?;
    // A leap second is real only as the last second of a month in UTC.
    if t.leap_second && !(second_of_day == 86_399 && date.2 == days_in_month(date.0, date.1)) {
        return Err(TimestampError::Malformed);
    }
    Ok(format_utc(date, second_of_day, t.nanos))
}

/// Formats milliseconds since the Unix epoch (`Date.now()`) as RFC 3339 UTC with whole
/// seconds, e.g. `1_795_706_400_000` → `"2026-11-26T15:20:00Z"`. Milliseconds are
/// truncated, not rounded. A clock after [`MAX_CREATED_AT_MS`] gives
/// `"2999-12-31T23:59:59Z"`, so even a broken clock produces a `created_at` the collector
/// accepts (see the module docs for the range).
pub fn rfc3339_utc(now_ms: u64) -> String {
    let secs = now_ms.min(MAX_CREATED_AT_MS) / 1000;
    // In range by the clamp above; the fallback only keeps this total.
    let (date, second_of_day) = split_secs(secs as i64).unwrap_or(((1970, 1, 1), 0));
    format_utc(date, second_of_day, 0)
}

/// Splits seconds since the epoch into a civil UTC date and the second of that day, or
/// `None` outside the accepted range.
fn split_secs(secs: i64) -> Option<((u32, u32, u32), u32)> {
    if !(MIN_SECS..=MAX_SECS).contains(&secs) {
        return None;
    }
    // Non-negative and below 2^36 here, so the conversions are exact.
    let secs = secs as u64;
    let date = civil_from_days(secs / 86_400);
    Some((date, (secs % 86_400) as u32))
}

fn format_utc((year, month, day): (u32, u32, u32), second_of_day: u32, nanos: u32) -> String {
    let mut out = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    );
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// The parts of an RFC 3339 date-time, each checked against its own range.
struct DateTime {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    /// 0..=59; a leap second is stored as 59 with `leap_second` set.
    second: u32,
    nanos: u32,
    leap_second: bool,
    /// Local time minus UTC, in seconds.
    offset_secs: i32,
}

impl DateTime {
    fn parse(input: &[u8]) -> Option<DateTime> {
        let mut p = Cursor { rest: input };
        let year = p.digits(4)?;
        p.literal(b'-')?;
        let month = p.digits(2)?;
        p.literal(b'-')?;
        let day = p.digits(2)?;
        if !matches!(p.next()?, b'T' | b't' | b' ') {
            return None;
        }
        let hour = p.digits(2)?;
        p.literal(b':')?;
        let minute = p.digits(2)?;
        p.literal(b':')?;
        let mut second = p.digits(2)?;

        let mut nanos = 0;
        if p.rest.first() == Some(&b'.') {
            p.rest = &p.rest[1..];
            let mut count = 0;
            while let Some(d) = p.rest.first().copied().filter(u8::is_ascii_digit) {
                if count == 9 {
                    return None;
                }
                nanos = nanos * 10 + u32::from(d - b'0');
                count += 1;
                p.rest = &p.rest[1..];
            }
            if count == 0 {
                return None;
            }
            nanos *= 10u32.pow(9 - count);
        }

        let offset_secs = match p.next()? {
            b'Z' | b'z' => 0,
            sign @ (b'+' | b'-') => {
                let hours = p.digits(2)?;
                p.literal(b':')?;
                let minutes = p.digits(2)?;
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let secs = (hours * 3600 + minutes * 60) as i32;
                if sign == b'-' {
                    -secs
                } else {
                    secs
                }
            }
            _ => return None,
        };
        if !p.rest.is_empty() {
            return None;
        }

        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour <= 23
            && minute <= 59
            && second <= 60;
        if !valid {
            return None;
        }
        // As the `time` crate did: a leap second stands for the last nanosecond before it.
        let leap_second = second == 60;
        if leap_second {
            second = 59;
            nanos = 999_999_999;
        }
        Some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanos,
            leap_second,
            offset_secs,
        })
    }
}

/// Reads a byte string from the front; every step returns `None` instead of running off
/// the end.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    fn literal(&mut self, expected: u8) -> Option<()> {
        (self.next()? == expected).then_some(())
    }

    /// Exactly `n` ASCII digits (n ≤ 4, so the value fits easily).
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut value = 0;
        for _ in 0..n {
            let d = self.next()?;
            if !d.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(d - b'0');
        }
        Some(value)
    }
}

fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Days in `month` (1–12) of `year` in the proleptic Gregorian calendar; 0 for a month
/// that does not exist.
pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given date (negative before it), by Howard Hinnant's
/// `days_from_civil` (proleptic Gregorian calendar). `month` is 1–12, `day` 1–31.
pub(crate) const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from 1 March, so that the leap day falls at the end of a year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400; // 400-year eras
    let yoe = y - era * 400; // 0..=399
    let mp = if month > 2 { month - 3 } else { month + 9 } as i64; // month from March
    let doy = (153 * mp + 2) / 5 + day as i64 - 1; // day of year from 1 March
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // day of era
    era * 146_097 + doe - 719_468
}

/// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01, by Howard
/// Hinnant's `civil_from_days`. `days` is at most a few million here, so the result
/// fits a `u32`.
pub(crate) fn civil_from_days(days: u64) -> (u32, u32, u32) {
    // Shift the epoch to 0000-03-01, so that leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z / 146_097; // 400-year eras
    let doe = z % 146_097; // day of era, 0..=146_096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from 1 March, 0..=365
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year as u32, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that each of `values` is refused with `error`.
    fn assert_refused(values: &[&str], error: TimestampError) {
        for value in values {
            assert_eq!(normalise_created_at(value), Err(error), "{value:?}");
        }
    }

    #[test]
    fn the_range_constants_are_what_the_docs_say() {
        assert_eq!(MIN_SECS, 0);
        assert_eq!(rfc3339_utc(MAX_CREATED_AT_MS), "2999-12-31T23:59:59Z");
        assert_eq!(
            rfc3339_utc(MAX_CREATED_AT_MS - 1000),
            "2999-12-31T23:59:58Z"
        );
        assert_eq!(
            normalise_created_at("3000-01-01T00:00:00Z"),
            Err(TimestampError::OutOfRange)
        );
        assert_eq!(
            "2026-11-26T15:20:00.123456789+01:00".len(),
            MAX_CREATED_AT_CHARS
        );
    }

    #[test]
    fn rfc3339_epoch() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(999), "1970-01-01T00:00:00Z"); // truncated, not rounded
        assert_eq!(rfc3339_utc(1000), "1970-01-01T00:00:01Z");
        assert_eq!(rfc3339_utc(86_399_999), "1970-01-01T23:59:59Z");
        assert_eq!(rfc3339_utc(86_400_000), "1970-01-02T00:00:00Z");
    }

    #[test]
    fn rfc3339_meeting_day() {
        assert_eq!(rfc3339_utc(1_795_706_400_000), "2026-11-26T15:20:00Z");
        assert_eq!(rfc3339_utc(1_795_706_400_999), "2026-11-26T15:20:00Z");
    }

    #[test]
    fn rfc3339_leap_years() {
        // An ordinary leap day.
        assert_eq!(rfc3339_utc(1_709_210_096_000), "2024-02-29T12:34:56Z");
        // The day after it is 1 March.
        assert_eq!(
            rfc3339_utc(1_709_210_096_000 + 86_400_000),
            "2024-03-01T12:34:56Z"
        );
        // 2000 is divisible by 400, so it is a leap year.
        assert_eq!(rfc3339_utc(951_868_799_000), "2000-02-29T23:59:59Z");
        // 2100 is divisible by 100 but not 400: 28 February is followed by 1 March.
        assert_eq!(rfc3339_utc(4_107_542_400_000), "2100-03-01T00:00:00Z");
        assert_eq!(rfc3339_utc(4_107_542_400_000 - 1), "2100-02-28T23:59:59Z");
        // The last second of a leap year is day 366.
        assert_eq!(rfc3339_utc(94_694_399_000), "1972-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(94_694_400_000), "1973-01-01T00:00:00Z");
    }

    #[test]
    fn civil_arithmetic_agrees_with_a_day_by_day_count() {
        // Walk every day of the accepted range with a naive calendar and compare both ways.
        let mut days: u64 = 0;
        for year in MIN_CREATED_AT_YEAR..=MAX_CREATED_AT_YEAR {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(civil_from_days(days), (year, month, day));
                    assert_eq!(
                        days_from_civil(i64::from(year), month, day),
                        days as i64,
                        "{year}-{month}-{day}"
                    );
                    days += 1;
                }
            }
        }
        assert_eq!(days as i64 * 86_400 - 1, MAX_SECS);
        // Before the epoch the count goes negative, also across year 0 (a leap year).
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(0, 3, 1) - days_from_civil(0, 2, 28), 2);
        assert_eq!(days_from_civil(0, 1, 1), -719_528);
    }

    #[test]
    fn rfc3339_clamps_far_future() {
        assert_eq!(rfc3339_utc(MAX_CREATED_AT_MS + 1), "2999-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(u64::MAX), "2999-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(MAX_CREATED_AT_MS - 999), "2999-12-31T23:59:59Z");
    }

    #[test]
    fn offsets_and_fractions_are_normalised_to_utc() {
        let cases = [
            ("2026-11-26T15:20:00Z", "2026-11-26T15:20:00Z"),
            ("2026-11-26t15:20:00z", "2026-11-26T15:20:00Z"),
            ("2026-11-26 15:20:00Z", "2026-11-26T15:20:00Z"),
            ("2026-11-26T16:20:00.250+01:00", "2026-11-26T15:20:00.25Z"),
            ("2026-11-26T15:20:00.000Z", "2026-11-26T15:20:00Z"),
            (
                "2026-11-26T15:20:00.123456789Z",
                "2026-11-26T15:20:00.123456789Z",
            ),
            ("2026-11-26T15:20:00.1Z", "2026-11-26T15:20:00.1Z"),
            ("2026-11-26T15:20:00-00:00", "2026-11-26T15:20:00Z"),
            // Across midnight, month, year and leap day, both ways.
            ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
            ("2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00Z"),
            ("2024-02-28T23:00:00-23:59", "2024-02-29T22:59:00Z"),
            ("2024-03-01T00:00:00+00:01", "2024-02-29T23:59:00Z"),
            ("2023-03-01T00:00:00+00:01", "2023-02-28T23:59:00Z"),
            // Edges of the range.
            ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
            ("1970-01-01T01:00:00+01:00", "1970-01-01T00:00:00Z"),
            (
                "2999-12-31T23:59:59.999999999Z",
                "2999-12-31T23:59:59.999999999Z",
            ),
            ("3000-01-01T00:59:59+01:00", "2999-12-31T23:59:59Z"),
        ];
        for (input, stored) in cases {
            assert_eq!(
                normalise_created_at(input).as_deref(),
                Ok(stored),
                "{input}"
            );
        }
    }

    #[test]
    fn leap_seconds_only_where_they_can_be() {
        assert_eq!(
            normalise_created_at("2016-12-31T23:59:60Z").as_deref(),
            Ok("2016-12-31T23:59:59.999999999Z")
        );
        // The same instant written in another offset.
        assert_eq!(
            normalise_created_at("2017-01-01T00:59:60.5+01:00").as_deref(),
            Ok("2016-12-31T23:59:59.999999999Z")
        );
        assert_eq!(
            normalise_created_at("2016-06-30T23:59:60Z").as_deref(),
            Ok("2016-06-30T23:59:59.999999999Z")
        );
        assert_refused(
            &[
                "2016-12-30T23:59:60Z",
                "2016-12-31T23:58:60Z",
                "2016-12-31T23:59:60+01:00",
                "2016-12-31T23:59:61Z",
            ],
            TimestampError::Malformed,
        );
    }

    #[test]
    fn malformed_timestamps_are_refused() {
        assert_refused(
            &[
                "",
                "2026",
                "2026-11-26",
                "2026-11-26T15:20:00",
                "2026-11-26T15:20Z",
                "2026-11-26 15:20:00",
                "2026-11-26X15:20:00Z",
                "2026-11-26T15:20:00.Z",
                "2026-11-26T15:20:00.1234567890Z",
                "2026-11-26T15:20:00+01",
                "2026-11-26T15:20:00+0100",
                "2026-11-26T15:20:00+24:00",
                "2026-11-26T15:20:00+01:60",
                "2026-11-26T15:20:00Z ",
                " 2026-11-26T15:20:00Z",
                "2026-11-26T15:20:00ZZ",
                "2026-13-26T15:20:00Z",
                "2026-00-26T15:20:00Z",
                "2026-11-00T15:20:00Z",
                "2026-11-31T15:20:00Z",
                "2025-02-29T15:20:00Z",
                "2100-02-29T15:20:00Z",
                "2026-11-26T24:00:00Z",
                "2026-11-26T15:60:00Z",
                "+2026-11-26T15:20:00Z",
                "-2026-11-26T15:20:00Z",
                "20261-11-26T15:20:00Z",
                "2026-1-26T15:20:00Z",
                "２０２６-11-26T15:20:00Z",
                "2026-11-26T15:20:00\u{2212}01:00",
                "2026-11-26\u{e9}15:20:00Z",
                "yesterday",
                "1764170400",
            ],
            TimestampError::Malformed,
        );
    }

    #[test]
    fn out_of_range_timestamps_are_refused_whatever_the_offset() {
        assert_refused(
            &[
                "9999-12-31T23:59:59-01:00", // the year 10000 in UTC: this once aborted
                "9999-12-31T23:59:59Z",
                "3000-01-01T00:00:00Z",
                "2999-12-31T23:59:59-00:01",
                "1969-12-31T23:59:59.999999999Z",
                "1970-01-01T00:59:59+01:00",
                "0000-01-01T00:00:00Z",
                "0000-01-01T00:00:00+23:59",
            ],
            TimestampError::OutOfRange,
        );
    }
}
