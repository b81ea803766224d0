//! Search over activities, focus areas and partner organisations: a plain,
//! synchronous index with no DOM, built once and queried on every keystroke.
//!
//! ## Usage
//!
//! ```
//! use plan_core::search::{highlight_segments, Field, MatchKind, SearchDocument, SearchIndex, SearchOptions};
//! use plan_core::model::Lang;
//!
//! // One document per thing the visitor can find, in the visitor's language.
//! let docs = vec![
//!     SearchDocument::new()
//!         .with(Field::Title, "Öka kunskapen om upphandling och annan samverkan")
//!         .with(Field::Tags, "Upphandling")
//!         .with(Field::Tags, "Kunskap"),
//!     SearchDocument::new()
//!         .with(Field::Title, "Arbeta för att stärka och utveckla sociala företag")
//!         .with(Field::Description, "Socialföretag i Örebro län"),
//! ];
//!
//! // Build once, when the data or the language changes (Swedish stemming only for Swedish).
//! let index = SearchIndex::build(&docs, SearchOptions::for_lang(Lang::Sv));
//!
//! // Query on every keystroke: the last word counts as a prefix while it is typed.
//! let hits = index.query("upphandl");
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].doc, 0);
//!
//! // Every word must match (AND); a typo, a missing å/ä/ö, part of a compound word all count.
//! assert_eq!(index.query("företag orebro")[0].doc, 1);
//!
//! // Highlight matched words as text, never as HTML, with the byte ranges of the hit.
//! let hit = &index.query("sociala företag")[0];
//! let found = &hit.matches[0];
//! let (_, text) = &docs[hit.doc].fields[found.field_index];
//! assert_eq!(found.kind, MatchKind::Exact);
//! assert_eq!(
//!     highlight_segments(text, &found.ranges),
//!     [("Arbeta för att stärka och utveckla ", false), ("sociala", true), (" ", false), ("företag", true)],
//! );
//!
//! // An empty or blank query finds nothing; the view shows everything instead.
//! assert!(index.query("   ").is_empty());
//!
//! // With many documents, ask for the hits the view shows, and the total:
//! // only those hits pay for their highlights.
//! let top = index.query_top("s", 1);
//! assert_eq!((top.total, top.hits.len()), (2, 1));
//!
//! // Or, to filter the hits further (by facets, say) before showing a few:
//! // rank them all without highlights, then highlight the ones shown.
//! let ranked = index.rank("s");
//! let shown: Vec<usize> = ranked.iter().take(1).map(|hit| hit.doc).collect();
//! assert_eq!(index.highlight("s", &shown)[0], index.query("s")[0].matches);
//! ```
//!
//! In the app's views (`src/components/highlighted.rs`), each piece becomes
//! either plain text or a `<mark>` around plain text, so no document text is
//! ever parsed as HTML:
//!
//! ```
//! use plan_core::search::highlight_segments;
//! let pieces = highlight_segments("Sociala företag", &[8..16]); // byte ranges
//! assert_eq!(pieces, vec![("Sociala ", false), ("företag", true)]);
//! ```
//!
//! ## What matches
//!
//! Text is split into words at anything that is not a letter or digit
//! (punctuation, spaces, emoji, control characters); combining accents stay in
//! their word and are composed where possible (`e` + U+0301 is `é`). Words are
//! compared in Unicode lower case. A query word matches a document word as, from
//! strongest to weakest ([`MatchKind`]):
//!
//! | kind | when | weight |
//! |------|------|--------|
//! | [`Exact`](MatchKind::Exact) | the same word | 10 |
//! | [`Stem`](MatchKind::Stem) | the same Swedish stem (`nätverket` ~ `nätverk`), if [`SearchOptions::swedish_stemming`] and the query word has 3+ letters | 8 |
//! | [`Prefix`](MatchKind::Prefix) | the document word starts with the query word; always for the last query word, for earlier ones if they have 3+ letters | 6 |
//! | [`Compound`](MatchKind::Compound) | the query word (4+ letters) is inside the document word (`företag` in `socialföretag`) | 5 |
//! | [`Folded`](MatchKind::Folded) | one of the above, once the query's plain letters are allowed to stand for accented ones (`orebro` ~ `Örebro`); the reverse is not allowed: `år` never matches `ar` | 4 |
//! | [`Fuzzy`](MatchKind::Fuzzy) | one typo (a letter added, missing, wrong, or two swapped) in a query word of 5+ letters, ignoring accents; for the last word also against the start of longer words | 3 |
//!
//! `å`, `ä` and `ö` are letters of their own: typed, they must match exactly;
//! left out (`o` for `ö`), they still find the word, as the weaker `Folded` kind.
//! (In a query word of 5+ letters, one wrong accent is also one typo: `Örebro`
//! finds `Orebro` as a `Fuzzy` match.)
//!
//! ## Ranking
//!
//! Several query words combine with AND: a document is a hit only if every
//! word matches somewhere in it. Its score is
//!
//! ```text
//! score = Σ over query words of  max over the document's matching words of  kind weight × field weight
//! ```
//!
//! with the kind weights above and the field weights of [`Field::weight`]
//! (title 3, tags 2, description 1). So for the same kind of match a title
//! beats a tag, which beats a description. Hits are sorted by score, highest
//! first, and equal scores by document order (lower index first): the same
//! input always gives the same output.
//!
//! ## Limits
//!
//! * An empty query, or one with no letters or digits (only spaces,
//!   punctuation or emoji), finds nothing: the caller decides what to show then
//!   (usually everything).
//! * Only the first [`SearchOptions::max_query_chars`] chars of a query are
//!   read, and its first [`SearchOptions::max_query_terms`] different words;
//!   words after that are ignored.
//! * Compound matches are looked for at the first 64 chars of a document word;
//!   a document word longer than 255 chars is never matched with a typo.
//! * Text beyond 4 GiB in one field, and documents beyond the 2³⁰th, are not indexed.
//!
//! ## Cost
//!
//! [`SearchIndex::build`] takes about 2 ms for the real data (about 60
//! documents) and about 0.4 s for 20,000 documents. A keystroke is a few
//! binary searches in a sorted dictionary (exact words, prefixes, folded
//! forms), one in a sorted table of word endings (compound words), one in the
//! sorted stems, a scan of the words of about the same length (typos) and a
//! merge of the matching words' document lists; one- and two-letter prefixes,
//! which match most words, have document lists of their own. Highlights cost
//! the most (every word of every hit is looked at), so [`SearchIndex::query_top`]
//! and [`SearchIndex::rank`] + [`SearchIndex::highlight`] work them out for the
//! shown hits only: about a millisecond per keystroke on 20,000 documents,
//! where [`SearchIndex::query`] needs tens of milliseconds for a one-letter
//! query that matches nearly all of them (`cargo run --release -p search-bench --bin bench-search`).

mod stem;
mod text;

/// The benchmark's synthetic documents, for the tests here: the one generator
/// lives in the `search-bench` crate, outside the app.
#[cfg(test)]
#[path = "../../../../benches/search/src/synthetic.rs"]
mod synthetic;

use crate::model::Lang;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use stem::SwedishStemmer;

/// Query words shorter than this are not stemmed.
const MIN_STEM_CHARS: usize = 3;
/// Query words before the last one are prefixes only if they are this long.
const MIN_EARLY_PREFIX_CHARS: usize = 3;
/// Query words shorter than this are not looked for inside compound words.
const MIN_COMPOUND_CHARS: usize = 4;
/// Query words shorter than this get no typo tolerance.
const MIN_FUZZY_CHARS: usize = 5;
/// Compound matches start at most this many chars into a document word.
const MAX_COMPOUND_START: usize = 64;
/// Document words longer than this are left out of the typo scan.
const MAX_FUZZY_WORD_CHARS: usize = 255;

/// The kind of field a text is; it decides how much a match there counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The name of the thing: an activity's text, a focus area's heading, an
    /// organisation's name. Weight 3.
    Title,
    /// A tag or other short label (topic, sector, municipality). Weight 2.
    Tags,
    /// Longer running text. Weight 1.
    Description,
}

impl Field {
    /// How much a match in this field counts: title 3, tags 2, description 1.
    pub const fn weight(self) -> u32 {
        match self {
            Field::Title => 3,
            Field::Tags => 2,
            Field::Description => 1,
        }
    }
}

/// How a query word matched a document word, strongest first.
/// See the table in the [module documentation](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// The same word. Weight 10.
    Exact,
    /// The same Swedish stem: `nätverket` finds `nätverk`. Weight 8.
    Stem,
    /// The document word starts with the query word: `upphandl` finds `upphandling`. Weight 6.
    Prefix,
    /// The query word is inside the document word: `företag` finds `socialföretag`. Weight 5.
    Compound,
    /// A match once the query's plain letters stand for accented ones:
    /// `orebro` finds `Örebro`. Weight 4.
    Folded,
    /// One typo: `upphandlng` finds `upphandling`. Weight 3.
    Fuzzy,
}

impl MatchKind {
    /// How much this kind of match counts: 10, 8, 6, 5, 4, 3 from `Exact` to `Fuzzy`.
    pub const fn weight(self) -> u32 {
        match self {
            MatchKind::Exact => 10,
            MatchKind::Stem => 8,
            MatchKind::Prefix => 6,
            MatchKind::Compound => 5,
            MatchKind::Folded => 4,
            MatchKind::Fuzzy => 3,
        }
    }
}

/// One searchable thing (an activity, a focus area, an organisation): its
/// texts, each with the kind of field it is. A kind may appear several times,
/// for example one [`Field::Tags`] entry per tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchDocument {
    /// The texts, in the order the caller wants them back in [`FieldMatch::field_index`].
    pub fields: Vec<(Field, String)>,
}

impl SearchDocument {
    /// A document with no fields yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The document with one more field.
    pub fn with(mut self, field: Field, text: impl Into<String>) -> Self {
        self.fields.push((field, text.into()));
        self
    }
}

/// How an index matches; [`Default`] is right for Swedish, see [`SearchOptions::for_lang`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Match words by their Swedish stem (Snowball, via `pagefind_stem`, which
    /// this module teaches to remove the definite `-et` too: `nätverket` ~
    /// `nätverk`). Right for Swedish text only: turn it off for English and German.
    pub swedish_stemming: bool,
    /// Tolerate one typo in query words of 5 or more letters.
    pub typo_tolerance: bool,
    /// Only this many chars at the start of a query are read (default 200).
    pub max_query_chars: usize,
    /// Only this many different words of a query are used (default 16).
    pub max_query_terms: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            swedish_stemming: true,
            typo_tolerance: true,
            max_query_chars: 200,
            max_query_terms: 16,
        }
    }
}

impl SearchOptions {
    /// The options for documents in `lang`: Swedish stemming for Swedish only.
    pub fn for_lang(lang: Lang) -> Self {
        Self {
            swedish_stemming: lang == Lang::Sv,
            ..Self::default()
        }
    }
}

/// One document that matched every query word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    /// Index of the document in the slice given to [`SearchIndex::build`].
    pub doc: usize,
    /// The score the hits are sorted by; see "Ranking" in the [module documentation](self).
    pub score: u32,
    /// The fields with matched words, by ascending `field_index`.
    pub matches: Vec<FieldMatch>,
}

/// The matched words of one field of a hit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMatch {
    /// Index of the field in that document's [`SearchDocument::fields`].
    pub field_index: usize,
    /// Byte ranges of the matched text in the field's original text: on char
    /// boundaries, sorted, not overlapping (touching ranges are joined). Every
    /// occurrence of a matching word is included, not just the best one. A
    /// prefix or compound match covers only the matched part of the word.
    pub ranges: Vec<Range<usize>>,
    /// The strongest kind of match in this field.
    pub kind: MatchKind,
}

/// The best hits of a query and how many there are in all; see [`SearchIndex::query_top`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopHits {
    /// How many documents match the query.
    pub total: usize,
    /// The best of them, best first, with their highlights.
    pub hits: Vec<SearchHit>,
}

/// A document that matches a query, without highlights; see [`SearchIndex::rank`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RankedDoc {
    /// Index of the document in the slice given to [`SearchIndex::build`].
    pub doc: usize,
    /// Its score, as in [`SearchHit::score`].
    pub score: u32,
}

/// Sizes of an index, for benchmarks and curiosity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexStats {
    /// Documents indexed.
    pub documents: usize,
    /// Fields of all documents.
    pub fields: usize,
    /// Different words.
    pub terms: usize,
    /// Words in all fields, counting repeats.
    pub occurrences: usize,
    /// (word, document) pairs.
    pub postings: usize,
    /// (one- or two-letter word start, document) pairs, for fast short prefixes.
    pub short_prefix_postings: usize,
    /// Entries in the table used for compound matches.
    pub suffixes: usize,
}

/// A different word of the indexed text, in the dictionary sorted by
/// (folded form, lower-case form).
#[derive(Clone)]
struct Term {
    /// Lower case, composed.
    exact: Box<str>,
    /// `exact` without accents (`ö` → `o`), char for char.
    folded: Box<str>,
    /// Where its folded chars start in [`SearchIndex::folded_chars`].
    chars_at: u32,
    /// Its length in chars.
    len: u32,
}

/// One word in a field of a document.
#[derive(Clone, Copy)]
struct Occurrence {
    /// Index of the field in its document.
    field: u32,
    term: u32,
    /// Byte range in the field's text.
    start: u32,
    end: u32,
    /// Whether the `i`-th char of the term is the `i`-th char of the text and
    /// has as many bytes (no composed accents, no lower case that changes the
    /// length): then byte offsets in the term are byte offsets in the text.
    simple: bool,
}

/// A document that contains a word (or word start), with the highest weight
/// of the fields it is in: `doc << 2 | field weight`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting(u32);

/// Documents beyond this many are not indexed (the posting packs the document in 30 bits).
const MAX_DOCUMENTS: usize = 1 << 30;

impl Posting {
    fn new(doc: usize, weight: u32) -> Self {
        Posting(((doc as u32) << 2) | weight)
    }

    fn doc(self) -> usize {
        (self.0 >> 2) as usize
    }

    fn weight(self) -> u32 {
        self.0 & 3
    }
}

/// One or two first letters of words, with the documents that have a longer
/// word starting with them.
#[derive(Clone)]
struct ShortPrefix {
    exact: Box<str>,
    folded: Box<str>,
}

/// A word's folded form from the `char_pos`-th char (at `byte_pos`) on.
#[derive(Clone, Copy)]
struct Suffix {
    term: u32,
    char_pos: u32,
    byte_pos: u32,
}

/// A document word that a query word matches, and which of its chars.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    term: u32,
    kind: MatchKind,
    /// The matched chars of the word.
    from: u32,
    to: u32,
    /// The same as bytes of the word, once worked out for highlighting.
    bytes: (u32, u32),
}

/// A query word.
struct QueryTerm {
    text: String,
    folded: String,
    folded_chars: Vec<char>,
    /// Whether longer words starting with it match.
    prefix: bool,
}

/// The search index: build it once with [`SearchIndex::build`], then call
/// [`SearchIndex::query`] or [`SearchIndex::query_top`] as often as needed.
/// Immutable after building, so it can be shared freely.
#[derive(Clone)]
pub struct SearchIndex {
    options: SearchOptions,
    documents: usize,
    /// The dictionary, sorted by (folded, exact): prefix ranges by binary search.
    terms: Vec<Term>,
    /// The folded chars of every term, for the typo scan.
    folded_chars: Vec<char>,
    /// `postings[posting_at[t]..posting_at[t + 1]]` are term `t`'s documents, ascending.
    posting_at: Vec<u32>,
    postings: Vec<Posting>,
    /// Every one- and two-char start of a longer word, sorted by (folded, exact),
    /// with its documents in `short_postings`, like `terms` and `postings`.
    short_prefixes: Vec<ShortPrefix>,
    short_at: Vec<u32>,
    short_postings: Vec<Posting>,
    /// (Swedish stem, term), sorted; empty without stemming.
    stems: Vec<(Box<str>, u32)>,
    /// (folded Swedish stem, term), sorted; empty without stemming.
    folded_stems: Vec<(Box<str>, u32)>,
    /// Every suffix of every folded term from the second char on, sorted.
    suffixes: Vec<Suffix>,
    /// Terms by folded length in chars, for the typo scan.
    by_length: Vec<Vec<u32>>,
    /// `fields[field_at[d]..field_at[d + 1]]` are document `d`'s fields.
    field_at: Vec<u32>,
    fields: Vec<Box<str>>,
    /// `occurrences[occurrence_at[d]..occurrence_at[d + 1]]` are document `d`'s
    /// words, by field and position.
    occurrence_at: Vec<u32>,
    occurrences: Vec<Occurrence>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("options", &self.options)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// Turns per-key lists of postings into one sorted list with offsets,
/// keeping one posting per document with the highest weight.
fn flatten_postings(lists: Vec<Vec<Posting>>) -> (Vec<u32>, Vec<Posting>) {
    let mut at = Vec::with_capacity(lists.len() + 1);
    at.push(0u32);
    let mut flat = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    for mut list in lists {
        // Sorted by document, then weight: the last posting of a document is its best.
        list.sort_unstable();
        for (i, posting) in list.iter().enumerate() {
            if list
                .get(i + 1)
                .is_none_or(|next| next.doc() != posting.doc())
            {
                flat.push(*posting);
            }
        }
        at.push(flat.len() as u32);
    }
    (at, flat)
}

impl SearchIndex {
    /// Indexes `docs`. Hits refer to documents by their index in `docs`.
    pub fn build(docs: &[SearchDocument], options: SearchOptions) -> SearchIndex {
        let docs = &docs[..docs.len().min(MAX_DOCUMENTS - 1)];
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut field_at = vec![0u32];
        let mut fields = Vec::new();
        let mut occurrence_at = vec![0u32];
        let mut occurrences = Vec::new();
        // Per (temporary) term, its documents with field weights.
        let mut per_term: Vec<Vec<Posting>> = Vec::new();
        for (doc, document) in docs.iter().enumerate() {
            for (field_index, (field, text)) in document.fields.iter().enumerate() {
                fields.push(Box::<str>::from(text.as_str()));
                text::for_each_token(text, |start, end, word, map| {
                    let (Ok(start32), Ok(end32)) = (u32::try_from(start), u32::try_from(end))
                    else {
                        return;
                    };
                    let term = match ids.get(word) {
                        Some(&id) => id,
                        None => {
                            let id = words.len() as u32;
                            ids.insert(word.to_string(), id);
                            words.push(word.to_string());
                            per_term.push(Vec::new());
                            id
                        }
                    };
                    let original = &text[start..end];
                    let simple = word.len() == original.len()
                        && map.len() == original.chars().count()
                        && map
                            .iter()
                            .zip(original.char_indices())
                            .zip(word.chars())
                            .all(|((&(from, to), (at, c)), lower)| {
                                from == start + at
                                    && to == from + c.len_utf8()
                                    && lower.len_utf8() == c.len_utf8()
                            });
                    occurrences.push(Occurrence {
                        field: field_index as u32,
                        term,
                        start: start32,
                        end: end32,
                        simple,
                    });
                    let postings = &mut per_term[term as usize];
                    let posting = Posting::new(doc, field.weight());
                    match postings.last_mut() {
                        Some(last) if last.doc() == doc => *last = (*last).max(posting),
                        _ => postings.push(posting),
                    }
                });
            }
            field_at.push(fields.len() as u32);
            occurrence_at.push(occurrences.len() as u32);
        }
        drop(ids);

        // The dictionary, sorted by (folded, exact); renumber the occurrences.
        let folded: Vec<String> = words.iter().map(|w| text::fold(w)).collect();
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            (&folded[a], &words[a]).cmp(&(&folded[b], &words[b]))
        });
        let mut renumber = vec![0u32; words.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        for occurrence in &mut occurrences {
            occurrence.term = renumber[occurrence.term as usize];
        }
        let mut terms = Vec::with_capacity(words.len());
        let mut folded_chars = Vec::new();
        let mut sorted_postings = Vec::with_capacity(words.len());
        for &old in &order {
            let old = old as usize;
            let chars_at = folded_chars.len() as u32;
            folded_chars.extend(folded[old].chars());
            terms.push(Term {
                exact: words[old].as_str().into(),
                folded: folded[old].as_str().into(),
                chars_at,
                len: folded_chars.len() as u32 - chars_at,
            });
            sorted_postings.push(std::mem::take(&mut per_term[old]));
        }
        drop(per_term);

        // One- and two-char starts of longer words, with their documents.
        let mut short: HashMap<&str, Vec<Posting>> = HashMap::new();
        for (term, postings) in terms.iter().zip(&sorted_postings) {
            for (chars, (at, c)) in term.exact.char_indices().take(2).enumerate() {
                if chars + 1 < term.len as usize {
                    let key = &term.exact[..at + c.len_utf8()];
                    short.entry(key).or_default().extend_from_slice(postings);
                }
            }
        }
        let mut short: Vec<(ShortPrefix, Vec<Posting>)> = short
            .into_iter()
            .map(|(key, postings)| {
                let prefix = ShortPrefix {
                    exact: key.into(),
                    folded: text::fold(key).into_boxed_str(),
                };
                (prefix, postings)
            })
            .collect();
        short.sort_unstable_by(|(a, _), (b, _)| (&a.folded, &a.exact).cmp(&(&b.folded, &b.exact)));
        let (short_prefixes, short_lists): (Vec<ShortPrefix>, Vec<Vec<Posting>>) =
            short.into_iter().unzip();
        let (short_at, short_postings) = flatten_postings(short_lists);
        let (posting_at, postings) = flatten_postings(sorted_postings);

        // Stems.
        let mut stems = Vec::new();
        let mut folded_stems = Vec::new();
        if options.swedish_stemming {
            let stemmer = SwedishStemmer::new();
            for (id, term) in terms.iter().enumerate() {
                let stem = stemmer.stem(&term.exact);
                folded_stems.push((text::fold(&stem).into_boxed_str(), id as u32));
                stems.push((Box::<str>::from(stem.as_ref()), id as u32));
            }
            stems.sort_unstable();
            folded_stems.sort_unstable();
        }

        // Suffixes for compound matches, and lengths for the typo scan.
        let mut suffixes = Vec::new();
        let mut by_length: Vec<Vec<u32>> = Vec::new();
        for (id, term) in terms.iter().enumerate() {
            let len = term.len as usize;
            for (char_pos, (byte_pos, _)) in term.folded.char_indices().enumerate().skip(1) {
                if char_pos > MAX_COMPOUND_START || char_pos + MIN_COMPOUND_CHARS > len {
                    break;
                }
                suffixes.push(Suffix {
                    term: id as u32,
                    char_pos: char_pos as u32,
                    byte_pos: byte_pos as u32,
                });
            }
            if len <= MAX_FUZZY_WORD_CHARS {
                if by_length.len() <= len {
                    by_length.resize(len + 1, Vec::new());
                }
                by_length[len].push(id as u32);
            }
        }
        let suffix_text = |s: &Suffix| &terms[s.term as usize].folded[s.byte_pos as usize..];
        suffixes
            .sort_unstable_by(|a, b| suffix_text(a).cmp(suffix_text(b)).then(a.term.cmp(&b.term)));

        SearchIndex {
            options,
            documents: docs.len(),
            terms,
            folded_chars,
            posting_at,
            postings,
            short_prefixes,
            short_at,
            short_postings,
            stems,
            folded_stems,
            suffixes,
            by_length,
            field_at,
            fields,
            occurrence_at,
            occurrences,
        }
    }

    /// The number of documents indexed.
    pub fn len(&self) -> usize {
        self.documents
    }

    /// Whether no documents were indexed.
    pub fn is_empty(&self) -> bool {
        self.documents == 0
    }

    /// The options the index was built with.
    pub fn options(&self) -> SearchOptions {
        self.options
    }

    /// Sizes of the index.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            documents: self.len(),
            fields: self.fields.len(),
            terms: self.terms.len(),
            occurrences: self.occurrences.len(),
            postings: self.postings.len(),
            short_prefix_postings: self.short_postings.len(),
            suffixes: self.suffixes.len(),
        }
    }

    /// Every document that matches every word of `query`, best first, with
    /// the byte ranges to highlight. An empty query, or one with no letters or
    /// digits, gives no hits. Never panics, whatever the input.
    ///
    /// Highlights are worked out for every hit, which costs time when there
    /// are thousands of them; a view that shows only the first few should use
    /// [`SearchIndex::query_top`].
    pub fn query(&self, query: &str) -> Vec<SearchHit> {
        self.query_top(query, usize::MAX).hits
    }

    /// The `limit` best hits of `query` (as [`SearchIndex::query`] would rank
    /// them), with their highlights, and the number of all hits. The cost of
    /// highlighting is paid for these hits only.
    pub fn query_top(&self, query: &str, limit: usize) -> TopHits {
        let Some(prepared) = self.prepare(query) else {
            return TopHits::default();
        };
        let (mut alive, total) = self.score(&prepared);
        let count = alive.len();
        if limit == 0 || count == 0 {
            return TopHits {
                total: count,
                hits: Vec::new(),
            };
        }
        // Rank: score, then document order. Only the best `limit` are sorted.
        let rank = |a: &u32, b: &u32| total[*b as usize].cmp(&total[*a as usize]).then(a.cmp(b));
        if limit < count {
            alive.select_nth_unstable_by(limit - 1, rank);
            alive.truncate(limit);
        }
        alive.sort_unstable_by(rank);
        let highlighter = self.highlighter(prepared);
        let hits = alive
            .into_iter()
            .map(|doc| SearchHit {
                doc: doc as usize,
                score: total[doc as usize],
                matches: highlighter.field_matches(self, doc as usize),
            })
            .collect();
        TopHits { total: count, hits }
    }

    /// Every document that matches `query`, ranked as by [`SearchIndex::query`],
    /// without highlights: the cheap first step when the caller filters the
    /// hits further (by facets, say) before showing some of them. Get the
    /// highlights of the shown ones with [`SearchIndex::highlight`].
    pub fn rank(&self, query: &str) -> Vec<RankedDoc> {
        let Some(prepared) = self.prepare(query) else {
            return Vec::new();
        };
        let (alive, total) = self.score(&prepared);
        // Highest score first, ties in document order. Sorting one packed key
        // per hit is several times faster than comparing through `total`.
        let mut keys: Vec<u64> = alive
            .into_iter()
            .map(|doc| (u64::from(u32::MAX - total[doc as usize]) << 32) | u64::from(doc))
            .collect();
        keys.sort_unstable();
        keys.into_iter()
            .map(|key| {
                let doc = key as u32;
                RankedDoc {
                    doc: doc as usize,
                    score: total[doc as usize],
                }
            })
            .collect()
    }

    /// The highlights of `query` in each of `docs`, in the same order: what
    /// [`SearchHit::matches`] would be. A document that is not a hit gets the
    /// words that match anyway (or none); an index out of range gets none.
    pub fn highlight(&self, query: &str, docs: &[usize]) -> Vec<Vec<FieldMatch>> {
        let Some(prepared) = self.prepare(query) else {
            return vec![Vec::new(); docs.len()];
        };
        let highlighter = self.highlighter(prepared);
        docs.iter()
            .map(|&doc| {
                if doc < self.documents {
                    highlighter.field_matches(self, doc)
                } else {
                    Vec::new()
                }
            })
            .collect()
    }

    /// The query's words and the document words each one matches; `None`
    /// if nothing can match.
    fn prepare(&self, query: &str) -> Option<Vec<(QueryTerm, Vec<Candidate>)>> {
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

    /// The documents that match every query word (in no order) and the
    /// score of every document: per query word the best (kind × field)
    /// weight, summed over the words.
    fn score(&self, prepared: &[(QueryTerm, Vec<Candidate>)]) -> (Vec<u32>, Vec<u32>) {
        let mut total = vec![0u32; self.documents];
        let mut best = vec![0u8; self.documents];
        let mut touched: Vec<u32> = Vec::new();
        let mut alive: Vec<u32> = Vec::new();
        for (i, (term, candidates)) in prepared.iter().enumerate() {
            self.score_term(term, candidates, &mut best, &mut touched);
            if i == 0 {
                alive = std::mem::take(&mut touched);
                for &doc in &alive {
                    total[doc as usize] = u32::from(best[doc as usize]);
                }
            } else {
                alive.retain(|&doc| best[doc as usize] > 0);
                for &doc in &alive {
                    total[doc as usize] += u32::from(best[doc as usize]);
                }
            }
            for &doc in alive.iter().chain(&touched) {
                best[doc as usize] = 0;
            }
            touched.clear();
            if alive.is_empty() {
                break;
            }
        }
        (alive, total)
    }

    /// What highlighting needs: every matched (word, chars) pair, by word.
    fn highlighter(&self, prepared: Vec<(QueryTerm, Vec<Candidate>)>) -> Highlighter {
        let mut all: Vec<Candidate> = prepared.into_iter().flat_map(|(_, c)| c).collect();
        all.sort_unstable_by(|a, b| {
            (a.term, a.from, a.to, b.kind.weight()).cmp(&(b.term, b.from, b.to, a.kind.weight()))
        });
        all.dedup_by(|later, kept| {
            later.term == kept.term && later.from == kept.from && later.to == kept.to
        });
        for candidate in &mut all {
            let exact = &self.terms[candidate.term as usize].exact;
            let byte = |char_pos: u32| {
                exact
                    .char_indices()
                    .nth(char_pos as usize)
                    .map_or(exact.len(), |(at, _)| at) as u32
            };
            candidate.bytes = (byte(candidate.from), byte(candidate.to));
        }
        let mut first = vec![u32::MAX; self.terms.len()];
        for (at, candidate) in all.iter().enumerate().rev() {
            first[candidate.term as usize] = at as u32;
        }
        Highlighter { all, first }
    }

    /// Records in `best` each document's best weight for one query word, and
    /// in `touched` the documents that had none before.
    fn score_term(
        &self,
        term: &QueryTerm,
        candidates: &[Candidate],
        best: &mut [u8],
        touched: &mut Vec<u32>,
    ) {
        let mut add = |postings: &[Posting], kind: MatchKind| {
            let kind_weight = kind.weight();
            for &posting in postings {
                let slot = &mut best[posting.doc()];
                if *slot == 0 {
                    touched.push(posting.doc() as u32);
                }
                // At most 10 × 3: fits a byte.
                *slot = (*slot).max((kind_weight * posting.weight()) as u8);
            }
        };
        let n = term.folded_chars.len();
        if term.prefix && n <= 2 {
            // A short prefix matches many words: use the lists per word start.
            // Only whole words (exact or folded) need their own postings then.
            for candidate in candidates {
                if self.terms[candidate.term as usize].len as usize == n {
                    add(self.postings_of(candidate.term), candidate.kind);
                }
            }
            let start = self
                .short_prefixes
                .partition_point(|p| *p.folded < *term.folded);
            for (id, prefix) in self.short_prefixes.iter().enumerate().skip(start) {
                if *prefix.folded != *term.folded {
                    break;
                }
                let kind = if *prefix.exact == *term.text {
                    MatchKind::Prefix
                } else if text::accepts_all(&term.text, prefix.exact.chars()) {
                    MatchKind::Folded
                } else {
                    continue;
                };
                let range = self.short_at[id] as usize..self.short_at[id + 1] as usize;
                add(&self.short_postings[range], kind);
            }
        } else {
            for group in candidates.chunk_by(|a, b| a.term == b.term) {
                // Sorted strongest first within a term.
                add(self.postings_of(group[0].term), group[0].kind);
            }
        }
    }

    fn postings_of(&self, term: u32) -> &[Posting] {
        let term = term as usize;
        &self.postings[self.posting_at[term] as usize..self.posting_at[term + 1] as usize]
    }

    fn term_folded_chars(&self, term: &Term) -> &[char] {
        let at = term.chars_at as usize;
        &self.folded_chars[at..at + term.len as usize]
    }

    /// The query's words, lower case, without repeats, with their prefix flags.
    fn parse_query(&self, query: &str) -> Vec<QueryTerm> {
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
        let whole = |term: u32, kind: MatchKind, len: u32| Candidate {
            term,
            kind,
            from: 0,
            to: len,
            bytes: (0, 0),
        };

        // Exact, prefix and folded: a range of the sorted dictionary. Words
        // equal to the query (folded) come first, longer ones after them.
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
            out.push(Candidate {
                term: id as u32,
                kind,
                from: 0,
                to: n as u32,
                bytes: (0, 0),
            });
        }

        // Stems.
        if let Some(stemmer) = stemmer.filter(|_| n >= MIN_STEM_CHARS) {
            let stem = stemmer.stem(&query.text);
            if !stem.is_empty() {
                for &(_, id) in equal_range(&self.stems, &stem) {
                    out.push(whole(id, MatchKind::Stem, self.terms[id as usize].len));
                }
                if query.folded == query.text {
                    for &(_, id) in equal_range(&self.folded_stems, &text::fold(&stem)) {
                        out.push(whole(id, MatchKind::Folded, self.terms[id as usize].len));
                    }
                }
            }
        }

        // Inside compound words.
        if n >= MIN_COMPOUND_CHARS {
            let suffix_text =
                |s: &Suffix| &self.terms[s.term as usize].folded[s.byte_pos as usize..];
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
                out.push(Candidate {
                    term: suffix.term,
                    kind,
                    from: suffix.char_pos,
                    to: suffix.char_pos + n as u32,
                    bytes: (0, 0),
                });
            }
        }

        // One typo, ignoring accents: words of about the same length, and for a
        // prefix, the start of longer words that begin with the same letter.
        if self.options.typo_tolerance && n >= MIN_FUZZY_CHARS {
            for len in n - 1..=n + 1 {
                for &id in self.by_length.get(len).map_or(&[][..], Vec::as_slice) {
                    let term = &self.terms[id as usize];
                    if text::within_one_edit(&query.folded_chars, self.term_folded_chars(term)) {
                        out.push(whole(id, MatchKind::Fuzzy, term.len));
                    }
                }
            }
            if query.prefix {
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
                        out.push(Candidate {
                            term: id as u32,
                            kind: MatchKind::Fuzzy,
                            from: 0,
                            to: len as u32,
                            bytes: (0, 0),
                        });
                    }
                }
            }
        }

        out.sort_unstable_by(|a, b| {
            (a.term, b.kind.weight(), a.from, a.to).cmp(&(b.term, a.kind.weight(), b.from, b.to))
        });
        out
    }
}

/// The matched words of a query, ready to find in documents.
struct Highlighter {
    /// Every (word, matched chars) pair, sorted by word.
    all: Vec<Candidate>,
    /// Per word of the dictionary, its first entry in `all`, or `u32::MAX`.
    first: Vec<u32>,
}

impl Highlighter {
    /// The highlights of one document: its occurrences of matched words, by field.
    fn field_matches(&self, index: &SearchIndex, doc: usize) -> Vec<FieldMatch> {
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
                let range = byte_range(&fields[field_index], occurrence, term, candidate);
                match matches.last_mut() {
                    Some(last) if last.field_index == field_index => {
                        last.ranges.push(range);
                        if candidate.kind.weight() > last.kind.weight() {
                            last.kind = candidate.kind;
                        }
                    }
                    _ => matches.push(FieldMatch {
                        field_index,
                        ranges: vec![range],
                        kind: candidate.kind,
                    }),
                }
            }
        }
        for found in &mut matches {
            merge_ranges(&mut found.ranges);
        }
        matches
    }
}

/// The entries of a sorted (key, term) list whose key is `key`.
fn equal_range<'a>(list: &'a [(Box<str>, u32)], key: &str) -> &'a [(Box<str>, u32)] {
    let start = list.partition_point(|(k, _)| &**k < key);
    let len = list[start..].partition_point(|(k, _)| &**k == key);
    &list[start..start + len]
}

/// The bytes of `field_text` that `candidate` matched in `occurrence`.
fn byte_range(
    field_text: &str,
    occurrence: &Occurrence,
    term: &Term,
    candidate: &Candidate,
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
    text::for_each_token(word, |_, _, _, map| {
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

#[cfg(test)]
mod tests;
