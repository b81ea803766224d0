//! Search (work in progress).
