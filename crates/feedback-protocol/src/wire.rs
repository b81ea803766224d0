//! [`FeedbackPayload`]: the answer as the app builds, queues, stores and sends it.

use crate::kinds::Answer;
use crate::rules::{check, comment_chars, Fields, PayloadProblem};
use crate::{MAX_BODY_BYTES, MAX_WEBSITE_CHARS, MIN_COMMENT_MS};
use serde::{Deserialize, Serialize};

/// One answer as the app queues, stores and sends it to the collector
/// (`POST /api/feedback`).
///
/// It serialises to exactly the collector's JSON: the field names below, `answer` as
/// `"yes"`/`"no"`, and `comment`, `replaces` and `elapsed_ms` left out when `None`.
/// `lang` and `mode` stay strings, so that a stored queue written by another version of the
/// app still loads and is checked by [`validate`](Self::validate) like everything else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackPayload {
    /// Client-made UUID (see [`uuid_v4_from_bytes`](crate::uuid_v4_from_bytes)); the
    /// collector's idempotency key.
    pub id: String,
    /// Which view the answer is about, e.g. `"plan"`, `"fa-2"`, `"partners"`; 1 to
    /// [`MAX_CONTENT_ID_CHARS`](crate::MAX_CONTENT_ID_CHARS) of `a-z 0-9 - : / . _`.
    pub content_id: String,
    /// Yes or no.
    pub answer: Answer,
    /// Optional free text, normally only with "no"; at most
    /// [`MAX_COMMENT_CHARS`](crate::MAX_COMMENT_CHARS) once trimmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The UI language, one of [`LANGS`](crate::LANGS).
    pub lang: String,
    /// The display mode, one of [`MODES`](crate::MODES).
    pub mode: String,
    /// The app's version, e.g. `env!("CARGO_PKG_VERSION")`; 1 to
    /// [`MAX_APP_VERSION_CHARS`](crate::MAX_APP_VERSION_CHARS) characters.
    pub app_version: String,
    /// When the visitor answered, RFC 3339 (see [`rfc3339_utc`](crate::rfc3339_utc) and
    /// the accepted range in [`normalise_created_at`](crate::normalise_created_at)).
    pub created_at: String,
    /// The id of an earlier answer (same view, same visit) that this one changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// Milliseconds from opening the comment field to sending (see [`MIN_COMMENT_MS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
    /// The honeypot field's value, normally `""`; always serialised.
    #[serde(default)]
    pub website: String,
}

impl FeedbackPayload {
    /// Applies the collector's rules. With the honeypot empty, this is `Ok` exactly when
    /// the collector would store the answer rather than refuse it with 400 or 413; with it
    /// filled, `Ok` still means the collector answers "stored" (and quietly drops it). The
    /// app's queue refuses invalid payloads on enqueue and drops them when loading
    /// storage, so it never holds an answer that would be thrown away on arrival.
    ///
    /// The rules are the ones [`parse`](crate::parse) runs, in the same order, then two
    /// that only the app needs: the honeypot is at most [`MAX_WEBSITE_CHARS`] (the
    /// collector discards a filled one whatever it holds) and the JSON is at most
    /// [`MAX_BODY_BYTES`] (the collector's body limit).
    ///
    /// A comment with a "yes" answer, a filled honeypot or a short `elapsed_ms` are all
    /// valid here: deciding what they mean is the collector's job.
    pub fn validate(&self) -> Result<(), PayloadProblem> {
        check(&Fields {
            id: &self.id,
            content_id: &self.content_id,
            answer: self.answer.as_str(),
            comment: self.comment.as_deref(),
            lang: &self.lang,
            mode: &self.mode,
            app_version: &self.app_version,
            created_at: &self.created_at,
            replaces: self.replaces.as_deref(),
        })?;
        if comment_chars(&self.website) > MAX_WEBSITE_CHARS {
            return Err(PayloadProblem::WebsiteTooLong);
        }
        let bytes = self.encoded_len();
        if bytes > MAX_BODY_BYTES {
            return Err(PayloadProblem::BodyTooLarge { bytes });
        }
        Ok(())
    }

    /// The size of the JSON body the app sends, counted without building it.
    fn encoded_len(&self) -> usize {
        let mut counter = ByteCounter(0);
        // Strings and integers always serialise; a failure would only be a broken writer,
        // and counting it as too large keeps this total.
        match serde_json::to_writer(&mut counter, self) {
            Ok(()) => counter.0,
            Err(_) => usize::MAX,
        }
    }
}

struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The anti-spam rule: the honeypot is filled in, or a comment came sooner than
/// [`MIN_COMMENT_MS`] after its field opened. A comment without `elapsed_ms` is not
/// counted as fast (the field is optional).
///
/// The collector applies this rule (discarding a honeypot answer, dropping a fast
/// comment); the client queues and sends such answers unchanged, so the decision is
/// made in one place. The widget may use this to decide, e.g., not to thank a bot.
pub fn looks_automated(payload: &FeedbackPayload) -> bool {
    !payload.website.is_empty()
        || (payload.comment.is_some()
            && payload
                .elapsed_ms
                .is_some_and(|elapsed| elapsed < MIN_COMMENT_MS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TimestampError, MAX_APP_VERSION_CHARS, MAX_COMMENT_CHARS};
    use serde_json::{json, Value};

    fn full_payload() -> FeedbackPayload {
        FeedbackPayload {
            id: "9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b".into(),
            content_id: "fa-2".into(),
            answer: Answer::No,
            comment: Some("Saknar kontaktuppgifter".into()),
            lang: "sv".into(),
            mode: "kiosk".into(),
            app_version: "0.1.0".into(),
            created_at: "2026-11-26T15:20:00Z".into(),
            replaces: Some("0b2d9c4e-1111-4222-8333-444455556666".into()),
            elapsed_ms: Some(5400),
            website: String::new(),
        }
    }

    fn minimal_payload() -> FeedbackPayload {
        FeedbackPayload {
            answer: Answer::Yes,
            comment: None,
            replaces: None,
            elapsed_ms: None,
            content_id: "plan".into(),
            ..full_payload()
        }
    }

    #[test]
    fn payload_json_has_exactly_the_collector_fields() {
        let value = serde_json::to_value(full_payload()).unwrap();
        assert_eq!(
            value,
            json!({
                "id": "9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b",
                "content_id": "fa-2",
                "answer": "no",
                "comment": "Saknar kontaktuppgifter",
                "lang": "sv",
                "mode": "kiosk",
                "app_version": "0.1.0",
                "created_at": "2026-11-26T15:20:00Z",
                "replaces": "0b2d9c4e-1111-4222-8333-444455556666",
                "elapsed_ms": 5400,
                "website": ""
            })
        );
    }

    #[test]
    fn payload_json_omits_comment_replaces_and_elapsed_when_none() {
        let value = serde_json::to_value(minimal_payload()).unwrap();
        assert_eq!(
            value,
            json!({
                "id": "9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b",
                "content_id": "plan",
                "answer": "yes",
                "lang": "sv",
                "mode": "kiosk",
                "app_version": "0.1.0",
                "created_at": "2026-11-26T15:20:00Z",
                "website": ""
            })
        );
        let object = value.as_object().unwrap();
        for absent in ["comment", "replaces", "elapsed_ms"] {
            assert!(!object.contains_key(absent), "{absent} must be omitted");
        }
        // `website` is always there, even when empty.
        assert_eq!(object.get("website"), Some(&Value::String(String::new())));
    }

    #[test]
    fn payload_json_round_trips() {
        for payload in [full_payload(), minimal_payload()] {
            let text = serde_json::to_string(&payload).unwrap();
            let back: FeedbackPayload = serde_json::from_str(&text).unwrap();
            assert_eq!(back, payload);
        }
    }

    #[test]
    fn encoded_len_is_the_length_of_the_json() {
        for payload in [full_payload(), minimal_payload()] {
            assert_eq!(
                payload.encoded_len(),
                serde_json::to_vec(&payload).unwrap().len()
            );
        }
    }

    #[test]
    fn validate_accepts_good_payloads_and_names_the_bad_field() {
        assert_eq!(full_payload().validate(), Ok(()));
        let mut longest = full_payload();
        longest.content_id = "c".repeat(100);
        longest.app_version = "v".repeat(MAX_APP_VERSION_CHARS);
        assert_eq!(longest.validate(), Ok(()));
        assert_eq!(minimal_payload().validate(), Ok(()));
        // UUIDs are case-insensitive, as at the collector.
        let mut upper = full_payload();
        upper.id = upper.id.to_ascii_uppercase();
        assert_eq!(upper.validate(), Ok(()));

        let bad = |edit: fn(&mut FeedbackPayload)| {
            let mut p = full_payload();
            edit(&mut p);
            p.validate().unwrap_err()
        };
        assert_eq!(
            bad(|p| p.id.clear()),
            PayloadProblem::NotUuid { field: "id" }
        );
        assert_eq!(
            bad(|p| p.id = "x".repeat(101)),
            PayloadProblem::NotUuid { field: "id" }
        );
        assert_eq!(
            bad(|p| p.id = "a b".into()),
            PayloadProblem::NotUuid { field: "id" }
        );
        assert_eq!(
            bad(|p| p.content_id = "fa\n2".into()),
            PayloadProblem::ContentIdCharacters
        );
        assert_eq!(
            bad(|p| p.content_id.clear()),
            PayloadProblem::Length {
                field: "content_id",
                max: 100
            }
        );
        assert_eq!(
            bad(|p| p.app_version.clear()),
            PayloadProblem::Length {
                field: "app_version",
                max: 32
            }
        );
        assert_eq!(
            bad(|p| p.created_at.clear()),
            PayloadProblem::CreatedAt(TimestampError::Malformed)
        );
        assert_eq!(
            bad(|p| p.created_at = "9999-12-31T23:59:59-01:00".into()),
            PayloadProblem::CreatedAt(TimestampError::OutOfRange)
        );
        assert_eq!(
            bad(|p| p.replaces = Some(String::new())),
            PayloadProblem::NotUuid { field: "replaces" }
        );
        assert_eq!(
            bad(|p| p.replaces = Some(p.id.clone())),
            PayloadProblem::ReplacesItself
        );
        assert_eq!(
            bad(|p| p.replaces = Some(p.id.to_ascii_uppercase())),
            PayloadProblem::ReplacesItself
        );
        assert_eq!(
            bad(|p| p.comment = Some("x".repeat(1001))),
            PayloadProblem::CommentTooLong { chars: 1001 }
        );
        assert_eq!(
            bad(|p| p.website = "w".repeat(201)),
            PayloadProblem::WebsiteTooLong
        );
        assert_eq!(bad(|p| p.lang = "fi".into()), PayloadProblem::UnknownLang);
        assert_eq!(bad(|p| p.mode = "tv".into()), PayloadProblem::UnknownMode);
        // Every problem has a message naming the field.
        assert!(PayloadProblem::UnknownMode.to_string().starts_with("mode:"));
    }

    #[test]
    fn the_drift_that_lost_answers_is_gone() {
        // Both were accepted by the app's old rules and refused (400) by the collector.
        let mut p = full_payload();
        p.content_id = "Plan".into();
        assert_eq!(p.validate(), Err(PayloadProblem::ContentIdCharacters));
        let mut p = full_payload();
        p.app_version = "9".repeat(MAX_APP_VERSION_CHARS + 1);
        assert_eq!(
            p.validate(),
            Err(PayloadProblem::Length {
                field: "app_version",
                max: MAX_APP_VERSION_CHARS
            })
        );
    }

    #[test]
    fn a_body_the_collector_would_not_read_is_refused() {
        // 1000 emoji are a valid comment by count but 4000 bytes: with the other fields,
        // more than the collector's 4096-byte body limit (413).
        let mut p = full_payload();
        p.comment = Some("👍".repeat(MAX_COMMENT_CHARS));
        let bytes = serde_json::to_vec(&p).unwrap().len();
        assert!(bytes > MAX_BODY_BYTES);
        assert_eq!(p.validate(), Err(PayloadProblem::BodyTooLarge { bytes }));
        // 1000 "ö" are 2000 bytes: fine.
        p.comment = Some("ö".repeat(MAX_COMMENT_CHARS));
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn looks_automated_applies_honeypot_and_min_comment_time() {
        let mut p = full_payload();
        p.elapsed_ms = Some(MIN_COMMENT_MS);
        assert!(!looks_automated(&p));
        p.elapsed_ms = Some(MIN_COMMENT_MS - 1);
        assert!(looks_automated(&p));
        p.elapsed_ms = None; // not measured: not counted as fast
        assert!(!looks_automated(&p));
        p.elapsed_ms = Some(10);
        p.comment = None; // plain yes/no needs no timing
        assert!(!looks_automated(&p));
        p.website = "http://spam.example".into();
        assert!(looks_automated(&p));
    }
}
