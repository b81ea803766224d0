//! "Hjälpte informationen dig?" at the end of every view.
//!
//! Ja thanks the visitor at once. Nej is recorded at once too (so it counts
//! even if they leave), then offers an optional comment, which is sent as a
//! replacement of that answer. The visitor can change their answer; each view
//! gets one answer per visit ([`VisitAnswers`]).

use crate::browser::clock::now_ms;
use crate::browser::focus::focus_next_frame;
use crate::feedback_outbox::{new_payload_id, Outbox};
use crate::i18n::{t, t_string, use_i18n};
use leptos::html;
use leptos::prelude::*;
use plan_core::feedback::{
    comment_chars, comment_from_input, Answer, FeedbackPayload, VisitAnswers, MAX_COMMENT_CHARS,
};

/// The answers of this visit (page load), shared by every widget.
#[derive(Clone, Copy)]
pub struct VisitFeedback(StoredValue<VisitAnswers>);

/// Provides an empty set of answers for a new visit to every widget below.
pub fn provide_visit_feedback() -> VisitFeedback {
    let visit = VisitFeedback(StoredValue::new(VisitAnswers::new()));
    provide_context(visit);
    visit
}

impl VisitFeedback {
    /// Forgets every answer: the next visitor at a kiosk starts afresh.
    pub fn clear(&self) {
        self.0.update_value(VisitAnswers::clear);
    }
}

/// Where the widget is in its short conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Asking,
    Thanked,
    AskingComment { opened_at_ms: u64 },
}

/// The feedback question for the view `content_id`.
#[component]
pub fn FeedbackWidget(
    /// Which view is asked about: `plan`, a focus area id, `explore`.
    #[prop(into)]
    content_id: String,
) -> impl IntoView {
    let Some(outbox) = use_context::<Outbox>() else {
        // Feedback is switched off in config.json.
        return ().into_any();
    };
    let i18n = use_i18n();
    let visit = expect_context::<VisitFeedback>();
    let navigator = crate::navigation::use_navigator();
    let content = StoredValue::new(content_id.clone());
    let previous = visit
        .0
        .with_value(|v| v.current(&content_id).map(|(answer, _)| answer));
    let chosen = RwSignal::new(previous);
    let stage = RwSignal::new(if previous.is_some() {
        Stage::Thanked
    } else {
        Stage::Asking
    });
    let comment = RwSignal::new(String::new());
    let honeypot = RwSignal::new(String::new());
    let thanks_ref = NodeRef::<html::P>::new();
    let comment_ref = NodeRef::<html::Textarea>::new();

    let outbox_for_send = outbox.clone();
    let send = move |answer: Answer, comment_text: Option<String>, elapsed_ms: Option<u64>| {
        let id = new_payload_id();
        let content_id = content.get_value();
        let replaces = visit
            .0
            .try_update_value(|v| v.answer(&content_id, answer, &id))
            .flatten();
        let mode = navigator
            .with(|state| state.mode)
            .unwrap_or_else(crate::modes::detect_mode);
        outbox_for_send.submit(FeedbackPayload {
            id,
            content_id,
            answer,
            comment: comment_text,
            lang: crate::language::lang_of(i18n.get_locale_untracked())
                .code()
                .into(),
            mode: mode.code().into(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            created_at: plan_core::feedback::rfc3339_utc(now_ms()),
            replaces,
            elapsed_ms,
            website: honeypot.get_untracked(),
        });
    };
    let send = StoredValue::new(send);

    let focus_thanks = move || focus_next_frame(thanks_ref);
    let answer_yes = move |_| {
        chosen.set(Some(Answer::Yes));
        stage.set(Stage::Thanked);
        send.with_value(|send| send(Answer::Yes, None, None));
        focus_thanks();
    };
    let answer_no = move |_| {
        chosen.set(Some(Answer::No));
        stage.set(Stage::AskingComment {
            opened_at_ms: now_ms(),
        });
        send.with_value(|send| send(Answer::No, None, None));
        focus_next_frame(comment_ref);
    };
    let send_comment = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Stage::AskingComment { opened_at_ms } = stage.get_untracked() else {
            return;
        };
        // The field enforces the limit; an over-long paste is cut rather than lost.
        let text: String = comment
            .get_untracked()
            .chars()
            .take(MAX_COMMENT_CHARS)
            .collect();
        if let Ok(Some(text)) = comment_from_input(&text) {
            let elapsed = now_ms().saturating_sub(opened_at_ms);
            send.with_value(|send| send(Answer::No, Some(text), Some(elapsed)));
        }
        comment.set(String::new());
        stage.set(Stage::Thanked);
        focus_thanks();
    };
    let skip_comment = move |_| {
        comment.set(String::new());
        stage.set(Stage::Thanked);
        focus_thanks();
    };
    let heading_id = format!("feedback-heading-{content_id}");
    let labelled_by = heading_id.clone();
    let comment_id = format!("feedback-comment-{content_id}");
    let count_id = format!("feedback-count-{content_id}");
    let privacy_id = format!("feedback-privacy-{content_id}");
    let honeypot_id = format!("feedback-website-{content_id}");
    let ids = StoredValue::new((comment_id, count_id, privacy_id, honeypot_id));
    let pressed = move |answer: Answer| move || (chosen.get() == Some(answer)).to_string();

    view! {
        <section class="feedback" aria-labelledby=labelled_by>
            <h2 id=heading_id class="feedback__question">{t!(i18n, feedback_question)}</h2>
            <div class="feedback__answers">
                <button type="button" class="button feedback__answer" aria-pressed=pressed(Answer::Yes) on:click=answer_yes>
                    {t!(i18n, feedback_yes)}
                </button>
                <button type="button" class="button feedback__answer" aria-pressed=pressed(Answer::No) on:click=answer_no>
                    {t!(i18n, feedback_no)}
                </button>
            </div>
            {move || matches!(stage.get(), Stage::AskingComment { .. }).then(|| {
                let (comment_id, count_id, privacy_id, honeypot_id) = ids.get_value();
                view! {
                <form class="feedback__comment" on:submit=send_comment>
                    <label for=comment_id.clone() class="feedback__label">{t!(i18n, feedback_comment_label)}</label>
                    <p id=privacy_id.clone() class="feedback__privacy">{t!(i18n, feedback_privacy)}</p>
                    <textarea
                        id=comment_id.clone()
                        node_ref=comment_ref
                        rows="4"
                        maxlength=MAX_COMMENT_CHARS.to_string()
                        aria-describedby=format!("{privacy_id} {count_id}")
                        prop:value=move || comment.get()
                        on:input=move |event| comment.set(event_target_value(&event))
                    ></textarea>
                    <p id=count_id.clone() class="feedback__count">
                        {move || t_string!(i18n, feedback_count, used = comment.with(|c| comment_chars(c)), max = MAX_COMMENT_CHARS).to_string()}
                    </p>
                    // A field people never see or reach; automated senders tend to fill it in.
                    <div class="feedback__trap" aria-hidden="true">
                        <label for=honeypot_id.clone()>"Website"</label>
                        <input id=honeypot_id type="text" tabindex="-1" autocomplete="off" prop:value=move || honeypot.get() on:input=move |event| honeypot.set(event_target_value(&event)) />
                    </div>
                    <div class="feedback__actions">
                        <button type="submit" class="button">{t!(i18n, feedback_send)}</button>
                        <button type="button" class="button button--secondary" on:click=skip_comment>{t!(i18n, feedback_skip)}</button>
                    </div>
                </form>
                }
            })}
            <p class="feedback__thanks" tabindex="-1" node_ref=thanks_ref role="status">
                {move || (stage.get() == Stage::Thanked).then(|| t_string!(i18n, feedback_thanks))}
            </p>
        </section>
    }
    .into_any()
}
