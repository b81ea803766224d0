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
use super::stem::WordStemmer;
use super::{
    text, MatchKind, SearchIndex, MAX_COMPOUND_PARTS, MAX_SPLIT_CHARS, MIN_COMPOUND_CHARS,
    MIN_EARLY_PREFIX_CHARS, MIN_FUZZY_CHARS, MIN_PART_CHARS, MIN_SPLIT_CHARS, MIN_STEM_CHARS,
    MIN_STEM_START_CHARS,
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

/// A query as the index reads it: its words (stop words dropped, compounds
/// split) with their matches, and the words as shown to the visitor if a
/// compound was split.
pub(super) struct AnalysedQuery {
    pub(super) terms: PreparedQuery,
    pub(super) interpreted: Option<String>,
}

impl SearchIndex {
    /// The query's words and the document words each one matches; `None`
    /// if nothing can match.
    pub(super) fn prepare(&self, query: &str) -> Option<PreparedQuery> {
        let analysed = self.analyse(query);
        if analysed.terms.is_empty()
            || self.is_empty()
            || analysed.terms.iter().any(|(_, c)| c.is_empty())
        {
            return None;
        }
        Some(analysed.terms)
    }

    /// The query's words as matched: lower case, without repeats or stop
    /// words, compounds split, with their prefix flags (for the tests'
    /// reference scorer).
    #[cfg(test)]
    pub(super) fn parse_query(&self, query: &str) -> Vec<QueryTerm> {
        self.analyse(query)
            .terms
            .into_iter()
            .map(|(term, _)| term)
            .collect()
    }

    /// Reads the query: its words and their candidates. A word of
    /// [`MIN_SPLIT_CHARS`]+ letters that matches nothing is split into the
    /// fewest known parts, if it can be (`socialföretag` → `social företag`).
    pub(super) fn analyse(&self, query: &str) -> AnalysedQuery {
        let words = self.query_words(query);
        let stemmer = self.language.map(WordStemmer::new);
        let mut analysed = AnalysedQuery {
            terms: Vec::with_capacity(words.len()),
            interpreted: None,
        };
        let mut shown: Vec<String> = Vec::with_capacity(words.len());
        for word in words {
            let candidates = self.candidates(&word, stemmer.as_ref());
            let parts = if candidates.is_empty() {
                self.split_compound(&word)
            } else {
                None
            };
            let Some(parts) = parts else {
                shown.push(word.text.clone());
                analysed.terms.push((word, candidates));
                continue;
            };
            for part in parts {
                shown.push(part.text.clone());
                if analysed.terms.iter().all(|(t, _)| t.text != part.text) {
                    let candidates = self.candidates(&part, stemmer.as_ref());
                    analysed.terms.push((part, candidates));
                }
            }
            analysed.interpreted = Some(String::new());
        }
        if analysed.interpreted.is_some() {
            analysed.interpreted = Some(shown.join(" "));
        }
        analysed
    }

    /// The query's words, lower case, without repeats, with their prefix
    /// flags; stop words are left out unless they are all there is.
    fn query_words(&self, query: &str) -> Vec<QueryTerm> {
        let cut = query
            .char_indices()
            .nth(self.options.max_query_chars)
            .map_or(query.len(), |(at, _)| at);
        let mut words: Vec<String> = Vec::new();
        text::for_each_word(&query[..cut], self.writes_out_german(), |_, _, word, _| {
            if words.iter().all(|w| w != word) {
                words.push(word.to_string());
            }
        });
        if let Some(lang) = self.language {
            if words.iter().any(|w| !text::is_stop_word(lang, w)) {
                words.retain(|w| !text::is_stop_word(lang, w));
            }
        }
        words.truncate(self.options.max_query_terms);
        // The last word is still being typed; earlier ones are prefixes only if long enough.
        let count = words.len();
        words
            .into_iter()
            .enumerate()
            .map(|(i, word)| {
                let folded = text::fold(&word);
                let folded_chars: Vec<char> = folded.chars().collect();
                QueryTerm {
                    prefix: i + 1 == count || folded_chars.len() >= MIN_EARLY_PREFIX_CHARS,
                    text: word,
                    folded,
                    folded_chars,
                }
            })
            .collect()
    }

    /// The fewest parts (at most [`MAX_COMPOUND_PARTS`], each of
    /// [`MIN_PART_CHARS`]+ letters) that `word` is made of, each a word of the
    /// index, a stem of one, either followed by a linking `s` (left out of
    /// the part), or, for the last part of a word being typed, the start of one. `None` if there
    /// are none or the word is not [`MIN_SPLIT_CHARS`] to
    /// [`MAX_SPLIT_CHARS`] letters long. At most about 700 lookups.
    fn split_compound(&self, word: &QueryTerm) -> Option<Vec<QueryTerm>> {
        let chars = &word.folded_chars;
        let n = chars.len();
        if !(MIN_SPLIT_CHARS..=MAX_SPLIT_CHARS).contains(&n) {
            return None;
        }
        // fewest[end] = (parts, start of the last part, its chars without a
        // linking `s`) for the first `end` chars.
        let mut fewest: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
        fewest[0] = Some((0, 0, 0));
        let mut part = String::new();
        for end in MIN_PART_CHARS..=n {
            for start in 0..=end - MIN_PART_CHARS {
                let Some((parts, _, _)) = fewest[start] else {
                    continue;
                };
                if parts >= MAX_COMPOUND_PARTS
                    || (start == 0 && end == n)
                    || fewest[end].is_some_and(|(best, _, _)| best <= parts + 1)
                {
                    continue;
                }
                part.clear();
                part.extend(&chars[start..end]);
                if let Some(kept) = self.known_part_chars(&part, end == n && word.prefix) {
                    fewest[end] = Some((parts + 1, start, kept));
                }
            }
        }
        fewest[n]?;
        let text: Vec<char> = word.text.chars().collect();
        let mut parts = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start, kept) = fewest[end]?;
            let folded_chars = chars[start..start + kept].to_vec();
            parts.push(QueryTerm {
                text: text[start..start + kept].iter().collect(),
                folded: folded_chars.iter().collect(),
                folded_chars,
                prefix: true,
            });
            end = start;
        }
        parts.reverse();
        Some(parts)
    }

    /// Whether a folded part of a compound is a word of the index or the stem
    /// of one, maybe followed by a linking `s`, or (`prefix`) starts one: its
    /// length in chars without the linking `s`, or `None`.
    fn known_part_chars(&self, part: &str, prefix: bool) -> Option<usize> {
        let known = |part: &str| {
            let at = self.terms.partition_point(|t| *t.folded < *part);
            let starts = self
                .terms
                .get(at)
                .is_some_and(|t| t.folded.starts_with(part));
            (starts && (prefix || *self.terms[at].folded == *part))
                || !equal_range(&self.folded_stems, part).is_empty()
        };
        let chars = part.chars().count();
        if known(part) {
            return Some(chars);
        }
        part.strip_suffix('s')
            .filter(|base| chars > MIN_PART_CHARS && known(base))
            .map(|_| chars - 1)
    }

    /// Every document word that `query` matches, sorted by term, strongest kind first.
    fn candidates(&self, query: &QueryTerm, stemmer: Option<&WordStemmer>) -> Vec<Candidate> {
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
    fn stem_matches(&self, query: &QueryTerm, stemmer: &WordStemmer, out: &mut Vec<Candidate>) {
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
        if self.stem_starts_compounds {
            self.stem_start_matches(query, &stem, out);
        }
    }

    /// Compound words that start with the query word's stem, when the stem
    /// is shorter than the word: `föreningar` (stem `förening`) finds
    /// `föreningsstöden`, `soziale` finds `Sozialunternehmen`.
    fn stem_start_matches(&self, query: &QueryTerm, stem: &str, out: &mut Vec<Candidate>) {
        let stem_chars = stem.chars().count();
        if stem_chars < MIN_STEM_START_CHARS || stem_chars >= query.folded_chars.len() {
            return;
        }
        let folded_stem = text::fold(stem);
        let start = self.terms.partition_point(|t| *t.folded < *folded_stem);
        for (id, term) in self.terms.iter().enumerate().skip(start) {
            if !term.folded.starts_with(folded_stem.as_str()) {
                break;
            }
            if term.len as usize <= stem_chars {
                continue;
            }
            let kind = if term.exact.starts_with(stem) {
                MatchKind::Compound
            } else if text::accepts_all(stem, term.exact.chars()) {
                MatchKind::Folded
            } else {
                continue;
            };
            out.push(Candidate::chars(id as u32, kind, 0, stem_chars as u32));
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
