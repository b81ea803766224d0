//! The staff view's data: the collector's summary and comments, and the
//! geometry of the bar chart. Pure, no DOM.
//!
//! ```
//! use plan_core::results::{FeedbackSummary, chart_rows};
//! let summary: FeedbackSummary = serde_json::from_str(
//!     r#"{"generated_at": "2026-11-26T15:00:00Z", "views": [{"content_id": "plan", "yes": 3, "no": 1, "helpful_share": 0.75}]}"#,
//! ).unwrap();
//! let rows = chart_rows(&summary, 300);
//! assert_eq!(rows[0].yes_width, 225);
//! ```

use crate::model::Lang;
use crate::model::Plan;
pub use feedback_protocol::{QueryError, StaffFilter};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// `GET <endpoint>/summary`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct FeedbackSummary {
    /// When the collector made the summary (RFC 3339).
    #[serde(default)]
    pub generated_at: String,
    /// One row per view that has answers.
    #[serde(default)]
    pub views: Vec<ViewSummary>,
    /// Answers per ISO week, oldest first, empty weeks included.
    #[serde(default)]
    pub weeks: Vec<WeekSummary>,
}

/// `GET <endpoint>/summary`: the answers received in one ISO week (UTC).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct WeekSummary {
    /// `2026-W49`.
    pub week: String,
    /// Its Monday, `2026-11-30`.
    #[serde(default)]
    pub monday: String,
    /// How many answers.
    pub answers: u64,
}

impl WeekSummary {
    /// The week's number alone (`49` of `2026-W49`), for a short label.
    pub fn number(&self) -> &str {
        let number = self.week.rsplit_once("-W").map_or("", |(_, n)| n);
        number.strip_prefix('0').unwrap_or(number)
    }
}

/// Fewer answers than this and a view's share says little: the staff view says so.
pub const MIN_RELIABLE_ANSWERS: u64 = 10;

/// The answers for one view.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ViewSummary {
    /// Which view (`plan`, a focus area id, `explore`).
    pub content_id: String,
    /// "Ja" answers.
    pub yes: u64,
    /// "Nej" answers.
    pub no: u64,
}

impl ViewSummary {
    /// Share of "Ja" among all answers, 0 to 1 (0 without answers).
    pub fn helpful_share(&self) -> f64 {
        let total = self.yes + self.no;
        if total == 0 {
            0.0
        } else {
            self.yes as f64 / total as f64
        }
    }

    /// The share as a whole percentage, for text.
    pub fn helpful_percent(&self) -> u32 {
        (self.helpful_share() * 100.0).round() as u32
    }

    /// All answers.
    pub fn total(&self) -> u64 {
        self.yes.saturating_add(self.no)
    }

    /// Whether there are enough answers ([`MIN_RELIABLE_ANSWERS`]) for the share to mean
    /// something.
    pub fn is_reliable(&self) -> bool {
        self.total() >= MIN_RELIABLE_ANSWERS
    }
}

/// `GET <endpoint>/comments`: one comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct FeedbackComment {
    /// The answer's id: unique, so it keys the list.
    #[serde(default)]
    pub id: String,
    /// Which view.
    pub content_id: String,
    /// `yes` or `no`.
    pub answer: String,
    /// The comment, shown as text.
    pub comment: String,
    /// Language of the visitor's interface.
    #[serde(default)]
    pub lang: String,
    /// When the collector received it.
    #[serde(default)]
    pub received_at: String,
}

/// `GET <endpoint>/comments?limit=N&cursor=C`: one page of comments, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct CommentPage {
    /// The comments on this page.
    #[serde(default)]
    pub comments: Vec<FeedbackComment>,
    /// Where the next (older) page starts; `None` on the last page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Comments asked for per page: enough to read, few enough to show at once.
pub const COMMENTS_PAGE_SIZE: u32 = 50;

/// The comments read so far, page by page, and whether there are more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentList {
    /// Every comment read so far, newest first.
    pub items: Vec<FeedbackComment>,
    /// The cursor for the next page, if the collector has more.
    pub next_cursor: Option<String>,
}

impl CommentList {
    /// The list after its first page.
    pub fn first(page: CommentPage) -> CommentList {
        CommentList {
            items: page.comments,
            next_cursor: page.next_cursor,
        }
    }

    /// Adds the next page below the comments already read.
    pub fn push_page(&mut self, page: CommentPage) {
        self.items.extend(page.comments);
        self.next_cursor = page.next_cursor;
    }

    /// Whether a "load more" button has anything to load.
    pub fn has_more(&self) -> bool {
        self.next_cursor.is_some()
    }
}

/// One bar of the chart: widths of the "Ja" and "Nej" parts, in whole SVG units.
///
/// Whole numbers, not `f64`: an `f64` written into an attribute brings the standard
/// library's float formatting into the wasm (about 13 KB before compression, issue #10),
/// and a unit of a 400-unit bar is finer than a pixel on a phone.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartRow {
    /// Which view.
    pub content_id: String,
    /// Width of the "Ja" part.
    pub yes_width: u32,
    /// Width of the "Nej" part, after it.
    pub no_width: u32,
}

/// Bars as shares of `width`: every view's bar is full width, split by its
/// share of "Ja" (rounded to the nearest unit), so views with few and many
/// answers compare fairly; the counts are printed beside the bars and in the table.
pub fn chart_rows(summary: &FeedbackSummary, width: u32) -> Vec<ChartRow> {
    summary
        .views
        .iter()
        .map(|view| {
            // u128: the counts come from the collector's JSON and may be as large as u64 allows.
            let total = u128::from(view.yes) + u128::from(view.no);
            let yes = (u128::from(width) * u128::from(view.yes) + total / 2).checked_div(total);
            let (yes_width, no_width) = match yes {
                // yes ≤ total, so the share is at most `width` and fits.
                Some(yes) => {
                    let yes = u32::try_from(yes).unwrap_or(width).min(width);
                    (yes, width - yes)
                }
                None => (0, 0),
            };
            ChartRow {
                content_id: view.content_id.clone(),
                yes_width,
                no_width,
            }
        })
        .collect()
}

/// Which view a feedback `content_id` names, for a person's name of it; the view words it
/// in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewName {
    /// `plan`: the action plan, with its title.
    Plan {
        /// The plan's title in the asked language.
        title: String,
    },
    /// A focus area of the plan ("Insatsområde 2"), with its title.
    FocusArea {
        /// Its number.
        number: u32,
        /// Its title in the asked language.
        title: String,
    },
    /// `explore`: search and filters.
    Explore,
    /// `overview`.
    Overview,
    /// `accessibility`: the accessibility statement.
    Accessibility,
    /// Anything else, shown as its id (never dropped: every answer counts somewhere).
    Unknown(String),
}

/// The view a feedback `content_id` names; a focus area id the plan does not have is
/// [`ViewName::Unknown`].
pub fn view_name(plan: &Plan, content_id: &str, lang: Lang) -> ViewName {
    match content_id {
        "plan" => ViewName::Plan {
            title: plan.title().get(lang).to_string(),
        },
        "explore" => ViewName::Explore,
        "overview" => ViewName::Overview,
        "accessibility" => ViewName::Accessibility,
        id => match plan.focus_area_by_id(id) {
            Some(area) => {
                let area = plan.focus_area(area);
                ViewName::FocusArea {
                    number: area.number,
                    title: area.title.get(lang).to_string(),
                }
            }
            None => ViewName::Unknown(id.to_string()),
        },
    }
}

/// Heights of the weekly chart's bars in whole units, the largest week `height` tall and
/// the others in proportion (rounded; a week with any answers at least 1, so it shows).
pub fn week_bar_heights(weeks: &[WeekSummary], height: u32) -> Vec<u32> {
    let most = weeks.iter().map(|w| w.answers).max().unwrap_or(0);
    weeks
        .iter()
        .map(|w| {
            let scaled = (u128::from(height) * u128::from(w.answers) + u128::from(most) / 2)
                .checked_div(u128::from(most))
                .unwrap_or(0);
            let scaled = u32::try_from(scaled).unwrap_or(height).min(height);
            if w.answers > 0 {
                scaled.max(1)
            } else {
                0
            }
        })
        .collect()
}

/// A collector timestamp (`2026-12-02T10:15:00.123Z`, UTC) as a reader of `lang` writes
/// a date and time: "2 december 2026 kl. 10.15", "2 December 2026, 10:15",
/// "2. Dezember 2026, 10:15". The time stays UTC (the view says so). `None` for anything
/// that does not start with a date and a time, which the view then shows as it came.
pub fn format_received_at(timestamp: &str, lang: Lang) -> Option<String> {
    let day = feedback_protocol::Day::parse(timestamp.get(..10)?)?;
    let time = timestamp.get(10..16)?.as_bytes();
    let digit = |i: usize| time[i].is_ascii_digit();
    if time[0] != b'T' || time[3] != b':' || !(digit(1) && digit(2) && digit(4) && digit(5)) {
        return None;
    }
    let (hh, mm) = (&timestamp[11..13], &timestamp[14..16]);
    if hh > "23" || mm > "59" {
        return None;
    }
    let months: [&str; 12] = match lang {
        Lang::Sv => [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        Lang::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        Lang::De => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    };
    let month = months[day.month() as usize - 1];
    let (d, y) = (day.day(), day.year());
    Some(match lang {
        Lang::Sv => format!("{d} {month} {y} kl. {hh}.{mm}"),
        Lang::En => format!("{d} {month} {y}, {hh}:{mm}"),
        Lang::De => format!("{d}. {month} {y}, {hh}:{mm}"),
    })
}

/// The staff view's filter form as a [`StaffFilter`]: empty fields are "all"; the same
/// checks as the collector's, so what the view sends is what the server takes.
pub fn filter_from_form(
    from: &str,
    to: &str,
    lang: &str,
    mode: &str,
) -> Result<StaffFilter, QueryError> {
    let pairs: Vec<(String, String)> = [("from", from), ("to", to), ("lang", lang), ("mode", mode)]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| (key.to_string(), value.trim().to_string()))
        .collect();
    StaffFilter::from_pairs(&pairs)
}

/// `base` with the filter's parameters added after `?` or `&`.
fn with_filter(base: String, filter: &StaffFilter) -> String {
    let query = filter.to_query();
    if query.is_empty() {
        base
    } else if base.contains('?') {
        format!("{base}&{query}")
    } else {
        format!("{base}?{query}")
    }
}

/// The summary's address for `filter`.
pub fn filtered_summary_url(endpoint: &str, filter: &StaffFilter) -> String {
    with_filter(summary_url(endpoint), filter)
}

/// A page of comments within `filter` (a cursor is only good with the filter it came with).
pub fn filtered_comments_page_url(
    endpoint: &str,
    limit: u32,
    cursor: Option<&str>,
    filter: &StaffFilter,
) -> String {
    with_filter(comments_page_url(endpoint, limit, cursor), filter)
}

/// The CSV export's address for `filter`.
pub fn filtered_export_url(endpoint: &str, filter: &StaffFilter) -> String {
    with_filter(export_url(endpoint), filter)
}

/// The collector's addresses, from the configured `POST` endpoint.
pub fn summary_url(endpoint: &str) -> String {
    format!("{}/summary", endpoint.trim_end_matches('/'))
}

/// Where the comments are read, with a token.
pub fn comments_url(endpoint: &str) -> String {
    format!("{}/comments", endpoint.trim_end_matches('/'))
}

/// Where a page of comments is read, with a token: the first page without a cursor.
pub fn comments_page_url(endpoint: &str, limit: u32, cursor: Option<&str>) -> String {
    let mut url = format!("{}?limit={limit}", comments_url(endpoint));
    if let Some(cursor) = cursor {
        url.push_str("&cursor=");
        url.push_str(&query_escape(cursor));
    }
    url
}

/// Percent-encodes everything but unreserved characters, so any cursor is safe in a query.
fn query_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The file name for a downloaded export: the one in the collector's
/// `Content-Disposition: attachment; filename="…"` if it is a plain `.csv` name, else
/// `feedback.csv`.
pub fn export_file_name(content_disposition: Option<&str>) -> String {
    content_disposition
        .and_then(|v| v.split_once("filename=\""))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(name, _)| name)
        .filter(|name| {
            name.ends_with(".csv")
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .unwrap_or("feedback.csv")
        .to_string()
}

/// Where the CSV export is read, with a token.
pub fn export_url(endpoint: &str) -> String {
    format!("{}/export.csv", endpoint.trim_end_matches('/'))
}

/// Why a request to the collector gave nothing to show; the staff view says
/// each in words that tell the reader what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectorProblem {
    /// No answer at all (offline, blocked, server down).
    Unreachable,
    /// 401 or 403: the token is missing or wrong.
    Unauthorized,
    /// 503: the collector has no staff token configured.
    NotConfigured,
    /// Any other status that is not 2xx.
    Status(u16),
    /// A 2xx answer that is not the JSON the collector sends.
    Malformed,
}

/// What the collector's HTTP status means for the staff view.
pub fn check_collector_status(status: u16) -> Result<(), CollectorProblem> {
    match status {
        200..=299 => Ok(()),
        401 | 403 => Err(CollectorProblem::Unauthorized),
        503 => Err(CollectorProblem::NotConfigured),
        status => Err(CollectorProblem::Status(status)),
    }
}

/// Reads a JSON answer of the collector (a summary, a page of comments).
pub fn parse_collector_json<T: DeserializeOwned>(text: &str) -> Result<T, CollectorProblem> {
    serde_json::from_str(text).map_err(|_| CollectorProblem::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> FeedbackSummary {
        FeedbackSummary {
            generated_at: String::new(),
            weeks: Vec::new(),
            views: vec![
                ViewSummary {
                    content_id: "plan".into(),
                    yes: 3,
                    no: 1,
                },
                ViewSummary {
                    content_id: "fa-2".into(),
                    yes: 0,
                    no: 0,
                },
                ViewSummary {
                    content_id: "explore".into(),
                    yes: 0,
                    no: 5,
                },
            ],
        }
    }

    #[test]
    fn bars_split_the_full_width_by_share() {
        let rows = chart_rows(&summary(), 200);
        assert_eq!((rows[0].yes_width, rows[0].no_width), (150, 50));
        assert_eq!((rows[1].yes_width, rows[1].no_width), (0, 0));
        assert_eq!((rows[2].yes_width, rows[2].no_width), (0, 200));
    }

    #[test]
    fn bar_widths_round_to_the_nearest_unit_and_fill_the_bar() {
        let mut summary = summary();
        summary.views[0].yes = 2;
        summary.views[0].no = 1;
        summary.views[1].yes = u64::MAX;
        summary.views[1].no = u64::MAX;
        let rows = chart_rows(&summary, 400);
        // 2/3 of 400 is 266.67.
        assert_eq!((rows[0].yes_width, rows[0].no_width), (267, 133));
        assert_eq!((rows[1].yes_width, rows[1].no_width), (200, 200));
    }

    #[test]
    fn shares_and_percentages() {
        let views = summary().views;
        assert_eq!(views[0].helpful_percent(), 75);
        assert_eq!(views[1].helpful_share(), 0.0);
        assert_eq!(views[2].helpful_percent(), 0);
    }

    #[test]
    fn collector_addresses_follow_the_endpoint() {
        assert_eq!(summary_url("api/feedback"), "api/feedback/summary");
        assert_eq!(
            comments_url("https://x.example/api/feedback/"),
            "https://x.example/api/feedback/comments"
        );
        assert_eq!(export_url("api/feedback"), "api/feedback/export.csv");
    }

    #[test]
    fn comment_pages_are_asked_for_with_a_limit_and_an_escaped_cursor() {
        assert_eq!(
            comments_page_url("api/feedback/", 50, None),
            "api/feedback/comments?limit=50"
        );
        assert_eq!(
            comments_page_url("api/feedback", 50, Some("3a2f")),
            "api/feedback/comments?limit=50&cursor=3a2f"
        );
        assert_eq!(
            comments_page_url("api/feedback", 1, Some("a b&c=d")),
            "api/feedback/comments?limit=1&cursor=a%20b%26c%3Dd"
        );
    }

    #[test]
    fn pages_append_until_there_is_no_cursor() {
        let page = |texts: &[&str], next: Option<&str>| CommentPage {
            comments: texts
                .iter()
                .map(|t| FeedbackComment {
                    comment: t.to_string(),
                    ..FeedbackComment::default()
                })
                .collect(),
            next_cursor: next.map(str::to_string),
        };
        let first: CommentPage = serde_json::from_str(
            r#"{"comments":[{"id":"x","content_id":"plan","answer":"no","comment":"c","lang":"sv","mode":"standalone","created_at":"t","received_at":"t"}],"next_cursor":"ab"}"#,
        )
        .unwrap();
        let mut list = CommentList::first(first);
        assert!(list.has_more());
        list.push_page(page(&["b", "a"], None));
        let texts: Vec<&str> = list.items.iter().map(|c| c.comment.as_str()).collect();
        assert_eq!(texts, ["c", "b", "a"]);
        assert!(!list.has_more());
    }

    #[test]
    fn the_export_file_name_comes_from_the_collector_when_it_is_plain() {
        assert_eq!(
            export_file_name(Some("attachment; filename=\"feedback-2026-11-26.csv\"")),
            "feedback-2026-11-26.csv"
        );
        assert_eq!(export_file_name(None), "feedback.csv");
        assert_eq!(
            export_file_name(Some("attachment; filename=\"../../x.exe\"")),
            "feedback.csv"
        );
        assert_eq!(export_file_name(Some("inline")), "feedback.csv");
    }

    #[test]
    fn summary_json_from_the_collector_parses() {
        let parsed: FeedbackSummary = serde_json::from_str(
            r#"{"generated_at":"2026-11-26T15:00:00Z","views":[{"content_id":"fa-1","yes":2,"no":0,"helpful_share":1.0}]}"#,
        )
        .unwrap();
        assert_eq!(
            parsed.views[0],
            ViewSummary {
                content_id: "fa-1".into(),
                yes: 2,
                no: 0
            }
        );
    }

    #[test]
    fn collector_statuses_and_bodies_are_classified() {
        assert_eq!(check_collector_status(200), Ok(()));
        assert_eq!(check_collector_status(204), Ok(()));
        for (status, problem) in [
            (401, CollectorProblem::Unauthorized),
            (403, CollectorProblem::Unauthorized),
            (503, CollectorProblem::NotConfigured),
            (500, CollectorProblem::Status(500)),
            (404, CollectorProblem::Status(404)),
            (302, CollectorProblem::Status(302)),
        ] {
            assert_eq!(check_collector_status(status), Err(problem), "{status}");
        }
        let parsed: Result<FeedbackSummary, _> = parse_collector_json("<html>proxy error</html>");
        assert_eq!(parsed, Err(CollectorProblem::Malformed));
        let parsed: Result<FeedbackSummary, _> = parse_collector_json(r#"{"views": []}"#);
        assert!(parsed.is_ok(), "{parsed:?}");
    }

    #[test]
    fn dates_read_in_the_readers_language() {
        let at = "2026-12-02T10:15:00.123Z";
        assert_eq!(
            format_received_at(at, Lang::Sv).as_deref(),
            Some("2 december 2026 kl. 10.15")
        );
        assert_eq!(
            format_received_at(at, Lang::En).as_deref(),
            Some("2 December 2026, 10:15")
        );
        assert_eq!(
            format_received_at(at, Lang::De).as_deref(),
            Some("2. Dezember 2026, 10:15")
        );
        assert_eq!(
            format_received_at("2027-03-09T00:05:00Z", Lang::De).as_deref(),
            Some("9. März 2027, 00:05")
        );
        for bad in [
            "",
            "2026-12-02",
            "2026-12-02T1",
            "2026-13-02T10:15",
            "2026-12-02T24:00",
            "2026-12-02T10:60",
            "2026-12-02 10:15",
            "2026-12-02T1a:15",
            "ö026-12-02T10:15",
        ] {
            assert_eq!(format_received_at(bad, Lang::Sv), None, "{bad}");
        }
    }

    #[test]
    fn under_ten_answers_a_share_is_not_reliable() {
        let mut v = ViewSummary {
            content_id: "plan".into(),
            yes: 9,
            no: 0,
        };
        assert!(!v.is_reliable());
        v.no = 1;
        assert!(v.is_reliable());
        v.yes = u64::MAX;
        assert!(v.is_reliable());
    }

    #[test]
    fn weekly_bars_scale_to_the_busiest_week_in_whole_units() {
        let week = |answers| WeekSummary {
            week: "2026-W49".into(),
            monday: String::new(),
            answers,
        };
        // Rounded, but a week with answers never vanishes.
        assert_eq!(
            week_bar_heights(&[week(4), week(0), week(2), week(1), week(1000)], 100),
            [1, 0, 1, 1, 100]
        );
        assert_eq!(
            week_bar_heights(&[week(3), week(0), week(6)], 60),
            [30, 0, 60]
        );
        assert_eq!(week_bar_heights(&[week(0)], 60), [0]);
        assert_eq!(week_bar_heights(&[week(u64::MAX), week(1)], 60), [60, 1]);
        assert!(week_bar_heights(&[], 60).is_empty());
        assert_eq!(week(0).number(), "49");
        let early = WeekSummary {
            week: "2027-W01".into(),
            ..week(0)
        };
        assert_eq!(early.number(), "1");
    }

    #[test]
    fn the_filter_form_reads_like_the_collector_and_goes_into_every_address() {
        let all = filter_from_form("", " ", "", "").unwrap();
        assert_eq!(
            filtered_summary_url("api/feedback", &all),
            "api/feedback/summary"
        );
        let f = filter_from_form("2026-11-30", "2026-12-06", "sv", "kiosk").unwrap();
        assert_eq!(
            filtered_summary_url("api/feedback/", &f),
            "api/feedback/summary?from=2026-11-30&to=2026-12-06&lang=sv&mode=kiosk"
        );
        assert_eq!(
            filtered_comments_page_url("api/feedback", 50, Some("ab"), &f),
            "api/feedback/comments?limit=50&cursor=ab&from=2026-11-30&to=2026-12-06&lang=sv&mode=kiosk"
        );
        assert_eq!(
            filtered_export_url("api/feedback", &filter_from_form("", "", "de", "").unwrap()),
            "api/feedback/export.csv?lang=de"
        );
        assert!(filter_from_form("2026-12-07", "2026-12-06", "", "").is_err());
        assert!(filter_from_form("2026-02-30", "", "", "").is_err());
        assert!(filter_from_form("", "", "fi", "").is_err());
    }

    #[test]
    fn summaries_with_weeks_parse() {
        let parsed: FeedbackSummary = serde_json::from_str(
            r#"{"generated_at":"t","views":[],"weeks":[{"week":"2026-W49","monday":"2026-11-30","answers":3}]}"#,
        )
        .unwrap();
        assert_eq!(parsed.weeks[0].answers, 3);
        assert_eq!(parsed.weeks[0].monday, "2026-11-30");
    }
}
