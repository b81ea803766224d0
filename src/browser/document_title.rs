//! The browser tab's title.
//!
//! ```text
//! let title = Memo::new(move |_| format!("{plan} – {owner}"));
//! use_document_title(title);
//! ```

use leptos::prelude::*;

/// Keeps the document's title equal to `title` for as long as the current owner lives.
pub fn use_document_title(title: Memo<String>) {
    Effect::new(move |_| document().set_title(&title.read()));
}
