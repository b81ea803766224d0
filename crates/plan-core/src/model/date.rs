//! Calendar dates written as `YYYY-MM-DD` in the data files.

use std::fmt;

/// A real calendar date (the validator rejects `2021-02-30`).
///
/// ```
/// use plan_core::model::IsoDate;
/// let date = IsoDate::parse("2021-12-07").unwrap();
/// assert_eq!((date.year, date.month, date.day), (2021, 12, 7));
/// assert!(IsoDate::parse("2021-02-29").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoDate {
    /// Four-digit year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl IsoDate {
    /// Parses exactly `YYYY-MM-DD`; the error says what is wrong in words a
    /// person editing the file can act on.
    pub fn parse(text: &str) -> Result<IsoDate, String> {
        let shape_ok = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(format!(
                "\"{}\" är inget datum på formen YYYY-MM-DD (till exempel 2021-12-07)",
                crate::model::shorten_for_message(text)
            ));
        }
        // The shape check above guarantees these slices are ASCII digits.
        let year: u16 = text[0..4].parse().map_err(|_| "ogiltigt år".to_string())?;
        let month: u8 = text[5..7]
            .parse()
            .map_err(|_| "ogiltig månad".to_string())?;
        let day: u8 = text[8..10].parse().map_err(|_| "ogiltig dag".to_string())?;
        if !(1..=12).contains(&month) {
            return Err(format!(
                "\"{text}\" har månad {month}; en månad är 1 till 12"
            ));
        }
        let last_day = days_in_month(year, month);
        if day == 0 || day > last_day {
            return Err(format!(
                "\"{text}\" är inget riktigt datum: månad {month} år {year} har {last_day} dagar"
            ));
        }
        Ok(IsoDate { year, month, day })
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_dates_including_leap_days() {
        assert!(IsoDate::parse("2024-02-29").is_ok());
        assert!(IsoDate::parse("2000-02-29").is_ok());
        assert_eq!(
            IsoDate::parse("2022-11-29").unwrap().to_string(),
            "2022-11-29"
        );
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2021-02-29",
            "1900-02-29",
            "2021-04-31",
            "2021-13-01",
            "2021-00-10",
            "2021-12-00",
            "2021-1-07",
            "07/12/2021",
            "",
            "2021-12-07T00:00",
            "２０２１-12-07",
        ] {
            assert!(IsoDate::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn long_hostile_values_are_shortened_in_messages() {
        let hostile = format!("<script>{}</script>", "x".repeat(10_000));
        let message = IsoDate::parse(&hostile).unwrap_err();
        assert!(message.chars().count() < 200, "{message}");
    }
}
