//! Stage 2, candidates: the query's words, and for each one every dictionary
//! word it matches, with the kind of match (the table in the module
//! documentation) and which of the word's chars matched.
//!
//! Each kind is a lookup in a table that [`SearchIndex::build`] sorted for
//! it: a binary search in the dictionary (exact words, prefixes, folded
//! forms), one in the sorted stems, one in the sorted word endings (compound
//! words), and a scan of the words of about the same length (typos). No
//! document is looked at here; `rank.rs` turns the candidates into documents.

use super::build::{Suffix, Term};
use super::stem::SwedishStemmer;
use super::{
    text, MatchKind, SearchIndex, MIN_COMPOUND_CHARS, MIN_EARLY_PREFIX_CHARS, MIN_FUZZY_CHARS,
    MIN_STEM_CHARS,
};

/// A query word.
pub(super) struct QueryTerm {
    /// Lower case, composed, as the tokeniser gives it.
    pub(super) text: String,
    pub(super) folded: String,
    pub(super) folded_chars: Vec<char>,
    /// Whether longer words starting with it match.
    pub(super) prefix: bool,
}

/// A document word that a query word matches, and which of its chars.
#[derive(Clone, Copy, Debug)]
pub(super) struct Candidate {
    pub(super) term: u32,
    pub(super) kind: MatchKind,
    /// The matched chars of the word.
    pub(super) from: u32,
    pub(super) to: u32,
    /// The same as bytes of the word, once worked out for highlighting.
    pub(super) bytes: (u32, u32),
}

impl Candidate {
    /// A match of the word's chars `from..to`.
    fn chars(term: u32, kind: MatchKind, from: u32, to: u32) -> Self {
        Candidate {
            term,
            kind,
            from,
            to,
            bytes: (0, 0),
        }
    }

    /// A match of the whole word, `len` chars long.
    fn whole(term: u32, kind: MatchKind, len: u32) -> Self {
        Self::chars(term, kind, 0, len)
    }
}

/// The query's words, each with the dictionary words it matches.
pub(super) type PreparedQuery = Vec<(QueryTerm, Vec<Candidate>)>;

impl SearchIndex {
    /// The query's words and the document words each one matches; `None`
    /// if nothing can match.
    pub(super) fn prepare(&self, query: &str) -> Option<PreparedQuery> {
        let terms = self.parse_query(query);
        if terms.is_empty() || self.is_empty() {
            return None;
        }
        let stemmer = self.options.swedish_stemming.then(SwedishStemmer::new);
        let mut prepared = Vec::with_capacity(terms.len());
        for term in terms {
            let candidates = self.candidates(&term, stemmer.as_ref());
            if candidates.is_empty() {
                return None;
            }
            prepared.push((term, candidates));
        }
        Some(prepared)
    }

    /// The query's words, lower case, without repeats, with their prefix flags.
    pub(super) fn parse_query(&self, query: &str) -> Vec<QueryTerm> {
        let cut = query
            .char_indices()
            .nth(self.options.max_query_chars)
            .map_or(query.len(), |(at, _)| at);
        let mut terms: Vec<QueryTerm> = Vec::new();
        text::for_each_token(&query[..cut], |_, _, word, _| {
            if terms.len() < self.options.max_query_terms && terms.iter().all(|t| t.text != word) {
                let folded = text::fold(word);
                terms.push(QueryTerm {
                    text: word.to_string(),
                    folded_chars: folded.chars().collect(),
                    folded,
                    prefix: false,
                });
            }
        });
        // The last word is still being typed; earlier ones are prefixes only if long enough.
        let count = terms.len();
        for (i, term) in terms.iter_mut().enumerate() {
            term.prefix = i + 1 == count || term.folded_chars.len() >= MIN_EARLY_PREFIX_CHARS;
        }
        terms
    }

    /// Every document word that `query` matches, sorted by term, strongest kind first.
    fn candidates(&self, query: &QueryTerm, stemmer: Option<&SwedishStemmer>) -> Vec<Candidate> {
        let mut out = Vec::new();
        let n = query.folded_chars.len();
        self.dictionary_matches(query, &mut out);
        if let Some(stemmer) = stemmer.filter(|_| n >= MIN_STEM_CHARS) {
            self.stem_matches(query, stemmer, &mut out);
        }
        if n >= MIN_COMPOUND_CHARS {
            self.compound_matches(query, &mut out);
        }
        if self.options.typo_tolerance && n >= MIN_FUZZY_CHARS {
            self.typo_matches(query, &mut out);
            if query.prefix {
                self.typo_prefix_matches(query, &mut out);
            }
        }
        out.sort_unstable_by(|a, b| {
            (a.term, b.kind.weight(), a.from, a.to).cmp(&(b.term, a.kind.weight(), b.from, b.to))
        });
        out
    }

    /// Exact, prefix and folded matches: a range of the sorted dictionary.
    /// Words equal to the query (folded) come first, longer ones after them.
    fn dictionary_matches(&self, query: &QueryTerm, out: &mut Vec<Candidate>) {
        let n = query.folded_chars.len();
        let start = self.terms.partition_point(|t| *t.folded < *query.folded);
        for (id, term) in self.terms.iter().enumerate().skip(start) {
            if !term.folded.starts_with(query.folded.as_str()) {
                break;
            }
            let complete = term.len as usize == n;
            if !complete && !query.prefix {
                break;
            }
            let kind = if *term.exact == *query.text {
                MatchKind::Exact
            } else if term.exact.starts_with(query.text.as_str()) {
                MatchKind::Prefix
            } else if text::accepts_all(&query.text, term.exact.chars()) {
                MatchKind::Folded
            } else {
                continue;
            };
            out.push(Candidate::chars(id as u32, kind, 0, n as u32));
        }
    }

    /// Words with the query's Swedish stem, and, for a query typed without
    /// accents, words whose stem folds to the query's.
    fn stem_matches(&self, query: &QueryTerm, stemmer: &SwedishStemmer, out: &mut Vec<Candidate>) {
        let stem = stemmer.stem(&query.text);
        if stem.is_empty() {
            return;
        }
        for &(_, id) in equal_range(&self.stems, &stem) {
            out.push(Candidate::whole(
                id,
                MatchKind::Stem,
                self.terms[id as usize].len,
            ));
        }
        if query.folded == query.text {
            for &(_, id) in equal_range(&self.folded_stems, &text::fold(&stem)) {
                out.push(Candidate::whole(
                    id,
                    MatchKind::Folded,
                    self.terms[id as usize].len,
                ));
            }
        }
    }

    /// The query inside compound words: the word endings that start with it.
    fn compound_matches(&self, query: &QueryTerm, out: &mut Vec<Candidate>) {
        let n = query.folded_chars.len();
        let suffix_text = |s: &Suffix| &self.terms[s.term as usize].folded[s.byte_pos as usize..];
        let start = self
            .suffixes
            .partition_point(|s| suffix_text(s) < query.folded.as_str());
        for suffix in &self.suffixes[start..] {
            if !suffix_text(suffix).starts_with(query.folded.as_str()) {
                break;
            }
            let term = &self.terms[suffix.term as usize];
            let chars = || term.exact.chars().skip(suffix.char_pos as usize);
            let kind = if chars().take(n).eq(query.text.chars()) {
                MatchKind::Compound
            } else if text::accepts_all(&query.text, chars()) {
                MatchKind::Folded
            } else {
                continue;
            };
            let from = suffix.char_pos;
            out.push(Candidate::chars(suffix.term, kind, from, from + n as u32));
        }
    }

    /// One typo, ignoring accents: the words of about the same length.
    fn typo_matches(&self, query: &QueryTerm, out: &mut Vec<Candidate>) {
        let n = query.folded_chars.len();
        for len in n - 1..=n + 1 {
            for &id in self.by_length.get(len).map_or(&[][..], Vec::as_slice) {
                let term = &self.terms[id as usize];
                if text::within_one_edit(&query.folded_chars, self.term_folded_chars(term)) {
                    out.push(Candidate::whole(id, MatchKind::Fuzzy, term.len));
                }
            }
        }
    }

    /// One typo in a word still being typed: the start of longer words that
    /// begin with the same letter.
    fn typo_prefix_matches(&self, query: &QueryTerm, out: &mut Vec<Candidate>) {
        let n = query.folded_chars.len();
        let first = &query.folded[..query.folded_chars[0].len_utf8()];
        let start = self.terms.partition_point(|t| *t.folded < *first);
        for (id, term) in self.terms.iter().enumerate().skip(start) {
            if !term.folded.starts_with(first) {
                break;
            }
            let chars = self.term_folded_chars(term);
            if chars.len() <= n + 1 {
                continue;
            }
            if let Some(len) = (n - 1..=n + 1)
                .find(|&len| text::within_one_edit(&query.folded_chars, &chars[..len]))
            {
                out.push(Candidate::chars(id as u32, MatchKind::Fuzzy, 0, len as u32));
            }
        }
    }

    fn term_folded_chars(&self, term: &Term) -> &[char] {
        let at = term.chars_at as usize;
        &self.folded_chars[at..at + term.len as usize]
    }
}

/// The entries of a sorted (key, term) list whose key is `key`.
fn equal_range<'a>(list: &'a [(Box<str>, u32)], key: &str) -> &'a [(Box<str>, u32)] {
    let start = list.partition_point(|(k, _)| &**k < key);
    let len = list[start..].partition_point(|(k, _)| &**k == key);
    &list[start..start + len]
}
