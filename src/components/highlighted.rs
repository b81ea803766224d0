//! Text with search matches marked, built from text nodes and `<mark>`, never HTML.

use leptos::prelude::*;
use plan_core::search::highlight_segments;
use std::ops::Range;

/// `text` with the byte `ranges` wrapped in `<mark>`.
#[component]
pub fn Highlighted(text: String, ranges: Vec<Range<usize>>) -> impl IntoView {
    highlight_segments(&text, &ranges)
        .into_iter()
        .map(|(piece, matched)| {
            let piece = piece.to_string();
            if matched {
                view! { <mark>{piece}</mark> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}
