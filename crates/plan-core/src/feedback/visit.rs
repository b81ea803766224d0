//! The widget's rule "one answer per view per visit, and the visitor can change it".

use super::payload::Answer;
use std::collections::BTreeMap;

/// The answers given during one visit: for each view (`content_id`), the latest answer
/// and its payload id.
///
/// A visit is one page load: keep this in memory (e.g. in a Leptos context), not in
/// storage, so a reload — or the next visitor at a kiosk after the idle reset — starts
/// afresh. When the visitor answers a view again (changes "Ja" to "Nej", or adds a
/// comment), [`answer`](Self::answer) returns the earlier id, which the new payload
/// carries as `replaces`; the collector then keeps only the latest answer per visit and
/// view, and the queue can swap it in place if the earlier one was never sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitAnswers {
    answers: BTreeMap<String, (Answer, String)>,
}

impl VisitAnswers {
    /// No answers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `new_answer` with payload id `new_id` for the view `content_id`, and
    /// returns what the new payload's `replaces` must be:
    ///
    /// - `None` for the first answer to this view in this visit;
    /// - `Some(previous_id)` when the view was answered before (whether or not the
    ///   answer itself changed: a second "Nej", now with a comment, also replaces the
    ///   first); the new answer becomes the current one;
    /// - `None`, changing nothing, when `new_id` is already the current id for this
    ///   view (a repeated call for the same payload; the queue reports it as a
    ///   duplicate).
    pub fn answer(&mut self, content_id: &str, new_answer: Answer, new_id: &str) -> Option<String> {
        match self.answers.get_mut(content_id) {
            Some((_, current_id)) if current_id == new_id => None,
            Some((answer, current_id)) => {
                *answer = new_answer;
                Some(std::mem::replace(current_id, new_id.to_owned()))
            }
            None => {
                self.answers
                    .insert(content_id.to_owned(), (new_answer, new_id.to_owned()));
                None
            }
        }
    }

    /// The current answer and payload id for a view, if it was answered in this visit
    /// (the widget shows it as chosen).
    pub fn current(&self, content_id: &str) -> Option<(Answer, &str)> {
        self.answers
            .get(content_id)
            .map(|(answer, id)| (*answer, id.as_str()))
    }

    /// How many views have been answered in this visit.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether no view has been answered in this visit.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// Forgets every answer: the next visit starts (e.g. a kiosk's idle reset).
    pub fn clear(&mut self) {
        self.answers.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_answer_replaces_nothing() {
        let mut visit = VisitAnswers::new();
        assert!(visit.is_empty());
        assert_eq!(visit.answer("plan", Answer::Yes, "a"), None);
        assert_eq!(visit.current("plan"), Some((Answer::Yes, "a")));
        assert_eq!(visit.len(), 1);
    }

    #[test]
    fn changing_an_answer_replaces_the_previous_id() {
        let mut visit = VisitAnswers::new();
        visit.answer("plan", Answer::Yes, "a");
        assert_eq!(visit.answer("plan", Answer::No, "b"), Some("a".into()));
        assert_eq!(visit.current("plan"), Some((Answer::No, "b")));
        // Changing again replaces the latest id, not the first.
        assert_eq!(visit.answer("plan", Answer::Yes, "c"), Some("b".into()));
        assert_eq!(visit.current("plan"), Some((Answer::Yes, "c")));
        assert_eq!(visit.len(), 1);
    }

    #[test]
    fn same_answer_again_still_replaces() {
        // "Nej" and then "Nej" with a comment: the second one supersedes the first.
        let mut visit = VisitAnswers::new();
        visit.answer("fa-2", Answer::No, "a");
        assert_eq!(visit.answer("fa-2", Answer::No, "b"), Some("a".into()));
    }

    #[test]
    fn repeated_id_is_a_no_op() {
        let mut visit = VisitAnswers::new();
        visit.answer("plan", Answer::Yes, "a");
        assert_eq!(visit.answer("plan", Answer::Yes, "a"), None);
        assert_eq!(visit.current("plan"), Some((Answer::Yes, "a")));
    }

    #[test]
    fn views_are_independent_and_clear_starts_a_new_visit() {
        let mut visit = VisitAnswers::new();
        assert_eq!(visit.answer("plan", Answer::Yes, "a"), None);
        assert_eq!(visit.answer("fa-1", Answer::No, "b"), None);
        assert_eq!(visit.answer("plan", Answer::No, "c"), Some("a".into()));
        assert_eq!(visit.current("fa-1"), Some((Answer::No, "b")));
        assert_eq!(visit.current("partners"), None);
        visit.clear();
        assert_eq!(visit.current("plan"), None);
        assert_eq!(visit.answer("plan", Answer::Yes, "d"), None);
    }
}
