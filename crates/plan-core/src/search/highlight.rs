//! Stage 4, highlighting: where the matched words are in a hit's texts, as
//! byte ranges ([`FieldMatch`]), and [`highlight_segments`], which cuts a text
//! at those ranges for the view.
//!
//! The costliest stage, since every word of every hit is looked at: the API
//! runs it for the shown hits only ([`SearchIndex::query_top`],
//! [`SearchIndex::highlight`]). `bench-search` at 20,000 documents: at most
//! about 0.5 ms a keystroke that way, against up to about 15 ms for
//! [`SearchIndex::query`], which highlights every hit of a one-letter query.

use super::build::{Occurrence, Term};
use super::candidates::{Candidate, PreparedQuery};
use super::{text, FieldMatch, MatchKind, SearchIndex};
use std::ops::Range;

/// The matched words of a query, ready to find in documents.
pub(super) struct Highlighter {
    /// Every (word, matched chars) pair, sorted by word, with its strongest kind.
    all: Vec<Candidate>,
    /// Per word of the dictionary, its first entry in `all`, or `u32::MAX`.
    first: Vec<u32>,
}

impl Highlighter {
    /// What highlighting `prepared` needs: every matched (word, chars) pair, by word.
    pub(super) fn new(index: &SearchIndex, prepared: PreparedQuery) -> Self {
        let mut all = strongest_per_matched_chars(prepared);
        for candidate in &mut all {
            candidate.bytes = char_range_as_bytes(&index.terms[candidate.term as usize], candidate);
        }
        let mut first = vec![u32::MAX; index.terms.len()];
        for (at, candidate) in all.iter().enumerate().rev() {
            first[candidate.term as usize] = at as u32;
        }
        Highlighter { all, first }
    }

    /// The highlights of one document: its occurrences of matched words, by field.
    pub(super) fn field_matches(&self, index: &SearchIndex, doc: usize) -> Vec<FieldMatch> {
        let occurrences = &index.occurrences
            [index.occurrence_at[doc] as usize..index.occurrence_at[doc + 1] as usize];
        let fields = &index.fields[index.field_at[doc] as usize..index.field_at[doc + 1] as usize];
        let mut matches: Vec<FieldMatch> = Vec::new();
        for occurrence in occurrences {
            let at = self.first[occurrence.term as usize];
            if at == u32::MAX {
                continue;
            }
            let field_index = occurrence.field as usize;
            let term = &index.terms[occurrence.term as usize];
            for candidate in self.all[at as usize..]
                .iter()
                .take_while(|c| c.term == occurrence.term)
            {
                let range = byte_range(
                    &fields[field_index],
                    occurrence,
                    term,
                    candidate,
                    index.writes_out_german(),
                );
                add_range(&mut matches, field_index, range, candidate.kind);
            }
        }
        for found in &mut matches {
            merge_ranges(&mut found.ranges);
        }
        matches
    }
}

/// The candidates of all query words, one per (word, matched chars) with the
/// strongest kind, sorted by word.
fn strongest_per_matched_chars(prepared: PreparedQuery) -> Vec<Candidate> {
    let mut all: Vec<Candidate> = prepared.into_iter().flat_map(|(_, c)| c).collect();
    all.sort_unstable_by(|a, b| {
        (a.term, a.from, a.to, b.kind.weight()).cmp(&(b.term, b.from, b.to, a.kind.weight()))
    });
    all.dedup_by(|later, kept| {
        later.term == kept.term && later.from == kept.from && later.to == kept.to
    });
    all
}

/// The candidate's matched chars as byte offsets in the term.
fn char_range_as_bytes(term: &Term, candidate: &Candidate) -> (u32, u32) {
    let exact = &term.exact;
    let byte = |char_pos: u32| {
        exact
            .char_indices()
            .nth(char_pos as usize)
            .map_or(exact.len(), |(at, _)| at) as u32
    };
    (byte(candidate.from), byte(candidate.to))
}

/// Adds a matched range to the document's matches; occurrences come by
/// field, so a field's ranges gather in the last entry.
fn add_range(
    matches: &mut Vec<FieldMatch>,
    field_index: usize,
    range: Range<usize>,
    kind: MatchKind,
) {
    match matches.last_mut() {
        Some(last) if last.field_index == field_index => {
            last.ranges.push(range);
            if kind.weight() > last.kind.weight() {
                last.kind = kind;
            }
        }
        _ => matches.push(FieldMatch {
            field_index,
            ranges: vec![range],
            kind,
        }),
    }
}

/// The bytes of `field_text` that `candidate` matched in `occurrence`.
fn byte_range(
    field_text: &str,
    occurrence: &Occurrence,
    term: &Term,
    candidate: &Candidate,
    german: bool,
) -> Range<usize> {
    let (start, end) = (occurrence.start as usize, occurrence.end as usize);
    let (from, to) = (candidate.from as usize, candidate.to as usize);
    if (from == 0 && to >= term.len as usize) || from >= to {
        return start..end;
    }
    if occurrence.simple {
        // The term's bytes are the word's bytes: no need to read the text.
        let (first, last) = candidate.bytes;
        return start + first as usize..(start + last as usize).min(end);
    }
    let Some(word) = field_text.get(start..end) else {
        return start..end;
    };
    let mut range = start..end;
    let mut first = true;
    text::for_each_word(word, german, |_, _, _, map| {
        if first && to <= map.len() {
            range = start + map[from].0..start + map[to - 1].1;
        }
        first = false;
    });
    range
}

/// Sorts ranges and joins the ones that overlap or touch.
fn merge_ranges(ranges: &mut Vec<Range<usize>>) {
    if ranges.len() < 2 {
        return;
    }
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut kept = 0;
    for i in 1..ranges.len() {
        if ranges[i].start <= ranges[kept].end {
            ranges[kept].end = ranges[kept].end.max(ranges[i].end);
        } else {
            kept += 1;
            ranges[kept] = ranges[i].clone();
        }
    }
    ranges.truncate(kept + 1);
}

/// Splits `text` into pieces for the view: `(piece, highlighted)`, in order,
/// which together are exactly `text`. `ranges` are byte ranges such as
/// [`FieldMatch::ranges`]; they may be in any order or overlap. A range
/// outside the text is cut to it, and one that splits a char is widened to
/// the whole char, so this never panics. An empty text gives no pieces.
///
/// ```
/// use plan_core::search::highlight_segments;
/// assert_eq!(
///     highlight_segments("Sociala företag", &[8..16]),
///     [("Sociala ", false), ("företag", true)],
/// );
/// ```
pub fn highlight_segments<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<(&'a str, bool)> {
    let mut clean: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| floor_boundary(text, r.start)..ceil_boundary(text, r.end))
        .filter(|r| r.start < r.end)
        .collect();
    merge_ranges(&mut clean);
    let mut pieces = Vec::with_capacity(clean.len() * 2 + 1);
    let mut at = 0;
    for range in clean {
        if range.start > at {
            pieces.push((&text[at..range.start], false));
        }
        pieces.push((&text[range.start..range.end], true));
        at = range.end;
    }
    if at < text.len() {
        pieces.push((&text[at..], false));
    }
    pieces
}

/// The char boundary at or before `at`, within the text.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The char boundary at or after `at`, within the text.
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
