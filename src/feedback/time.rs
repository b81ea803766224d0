//! Timestamps for `created_at`, computed from a millisecond clock value without
//! `std::time` (which does not exist in the browser build).

/// The last millisecond RFC 3339 can express with a four-digit year:
/// 9999-12-31T23:59:59.999Z.
pub const MAX_RFC3339_MS: u64 = 253_402_300_799_999;

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC with whole seconds, e.g.
/// `1_795_706_400_000` → `"2026-11-26T15:20:00Z"`. Milliseconds are truncated, not
/// rounded. Values after [`MAX_RFC3339_MS`] give `"9999-12-31T23:59:59Z"` (a broken clock
/// must not produce an unparseable date).
///
/// Uses Howard Hinnant's `civil_from_days` algorithm (proleptic Gregorian calendar).
pub fn rfc3339_utc(now_ms: u64) -> String {
    let secs = now_ms.min(MAX_RFC3339_MS) / 1000;
    let days = secs / 86_400;
    let second_of_day = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
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
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rfc3339_agrees_with_a_day_by_day_count() {
        // Walk every day from 1970 to 2100 with a naive calendar and compare.
        let mut days: u64 = 0;
        for year in 1970..2101u64 {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let lengths = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            for (month, length) in lengths.iter().enumerate() {
                for day in 1..=*length {
                    assert_eq!(civil_from_days(days), (year, month as u64 + 1, day));
                    days += 1;
                }
            }
        }
    }

    #[test]
    fn rfc3339_clamps_far_future() {
        assert_eq!(rfc3339_utc(MAX_RFC3339_MS), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(MAX_RFC3339_MS + 1), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(u64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(MAX_RFC3339_MS - 999), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(MAX_RFC3339_MS - 1000), "9999-12-31T23:59:58Z");
    }
}
