//! Feedback (work in progress).
