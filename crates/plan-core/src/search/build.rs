//! Stage 1, indexing: the documents' words become a sorted dictionary with
//! each word's documents, plus the side tables that turn every kind of match
//! into a binary search instead of a scan: one- and two-letter word starts,
//! stems, word endings for compound words, and words by length for typos.
//!
//! Built once per data set and language. `bench-search` on the 2-core
//! development machine: under 1 ms for the 56 real documents, about 250 ms
//! for 20,000.

use super::stem::WordStemmer;
use super::{
    text, SearchDocument, SearchIndex, SearchOptions, MAX_COMPOUND_START, MAX_FUZZY_WORD_CHARS,
    MIN_COMPOUND_CHARS,
};
use crate::model::Lang;
use std::collections::HashMap;

/// Documents beyond this many are not indexed (the posting packs the document in 30 bits).
const MAX_DOCUMENTS: usize = 1 << 30;

/// A different word of the indexed text, in the dictionary sorted by
/// (folded form, lower-case form).
#[derive(Clone)]
pub(super) struct Term {
    /// Lower case, composed.
    pub(super) exact: Box<str>,
    /// `exact` without accents (`ö` → `o`), char for char.
    pub(super) folded: Box<str>,
    /// Where its folded chars start in [`SearchIndex::folded_chars`].
    pub(super) chars_at: u32,
    /// Its length in chars.
    pub(super) len: u32,
}

/// One word in a field of a document.
#[derive(Clone, Copy)]
pub(super) struct Occurrence {
    /// Index of the field in its document.
    pub(super) field: u32,
    pub(super) term: u32,
    /// Byte range in the field's text.
    pub(super) start: u32,
    pub(super) end: u32,
    /// Whether the `i`-th char of the term is the `i`-th char of the text and
    /// has as many bytes (no composed accents, no lower case that changes the
    /// length): then byte offsets in the term are byte offsets in the text.
    pub(super) simple: bool,
}

/// A document that contains a word (or word start), with the highest weight
/// of the fields it is in: `doc << 2 | field weight`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Posting(u32);

impl Posting {
    fn new(doc: usize, weight: u32) -> Self {
        Posting(((doc as u32) << 2) | weight)
    }

    pub(super) fn doc(self) -> usize {
        (self.0 >> 2) as usize
    }

    pub(super) fn weight(self) -> u32 {
        self.0 & 3
    }
}

/// One or two first letters of words, with the documents that have a longer
/// word starting with them.
#[derive(Clone)]
pub(super) struct ShortPrefix {
    pub(super) exact: Box<str>,
    pub(super) folded: Box<str>,
}

/// A word's folded form from the `char_pos`-th char (at `byte_pos`) on.
#[derive(Clone, Copy)]
pub(super) struct Suffix {
    pub(super) term: u32,
    pub(super) char_pos: u32,
    pub(super) byte_pos: u32,
}

impl SearchIndex {
    /// Indexes `docs`. Hits refer to documents by their index in `docs`.
    /// With [`SearchOptions::swedish_stemming`], Swedish analysis (stemmer
    /// and stop words); without, words as they are. For English or German
    /// text, use [`SearchIndex::build_for_lang`].
    pub fn build(docs: &[SearchDocument], options: SearchOptions) -> SearchIndex {
        Self::build_with(
            docs,
            options,
            options.swedish_stemming.then_some(Lang::Sv),
            false,
        )
    }

    /// Indexes `docs` written in `lang`, with that language's analysis: its
    /// stemmer, its stop words and, for German, `ä`/`ö`/`ü`/`ß` written out
    /// (`ae`, `oe`, `ue`, `ss`), with [`SearchOptions::for_lang`]. A query
    /// word's stem also matches the start of compound words here
    /// (`föreningar` finds `föreningsstöden`).
    pub fn build_for_lang(docs: &[SearchDocument], lang: Lang) -> SearchIndex {
        Self::build_with(docs, SearchOptions::for_lang(lang), Some(lang), true)
    }

    fn build_with(
        docs: &[SearchDocument],
        options: SearchOptions,
        language: Option<Lang>,
        stem_starts_compounds: bool,
    ) -> SearchIndex {
        let docs = &docs[..docs.len().min(MAX_DOCUMENTS - 1)];
        let mut read = DocumentWords::read(docs, language == Some(Lang::De));
        let dictionary = Dictionary::sort(read.words, read.postings, &mut read.occurrences);
        let terms = dictionary.terms;
        let (short_prefixes, short_at, short_postings) =
            short_prefix_lists(&terms, &dictionary.postings);
        let (posting_at, postings) = flatten_postings(dictionary.postings);
        let (stems, folded_stems) = match language {
            Some(lang) => stem_lists(&terms, &WordStemmer::new(lang)),
            None => (Vec::new(), Vec::new()),
        };
        SearchIndex {
            options,
            language,
            stem_starts_compounds,
            documents: docs.len(),
            suffixes: compound_suffixes(&terms),
            by_length: terms_by_length(&terms),
            terms,
            folded_chars: dictionary.folded_chars,
            posting_at,
            postings,
            short_prefixes,
            short_at,
            short_postings,
            stems,
            folded_stems,
            field_at: read.field_at,
            fields: read.fields,
            occurrence_at: read.occurrence_at,
            occurrences: read.occurrences,
        }
    }
}

/// Every word of the documents as read, before the dictionary is sorted:
/// words are numbered in the order they first appear.
struct DocumentWords {
    /// The different words, lower case and composed.
    words: Vec<String>,
    /// Per word, its documents (ascending) with the best field weight.
    postings: Vec<Vec<Posting>>,
    /// As [`SearchIndex::field_at`] and the fields it points into.
    field_at: Vec<u32>,
    fields: Vec<Box<str>>,
    /// As [`SearchIndex::occurrence_at`], with words by their reading number.
    occurrence_at: Vec<u32>,
    occurrences: Vec<Occurrence>,
}

impl DocumentWords {
    /// Tokenises every field of every document, in order (German letters
    /// written out if `german`).
    fn read(docs: &[SearchDocument], german: bool) -> Self {
        let mut read = DocumentWords {
            words: Vec::new(),
            postings: Vec::new(),
            field_at: vec![0],
            fields: Vec::new(),
            occurrence_at: vec![0],
            occurrences: Vec::new(),
        };
        let mut ids: HashMap<String, u32> = HashMap::new();
        for (doc, document) in docs.iter().enumerate() {
            for (field_index, (field, text)) in document.fields.iter().enumerate() {
                read.fields.push(Box::<str>::from(text.as_str()));
                text::for_each_word(text, german, |start, end, word, map| {
                    // Offsets are u32: text beyond 4 GiB in one field is left out.
                    let (Ok(start32), Ok(end32)) = (u32::try_from(start), u32::try_from(end))
                    else {
                        return;
                    };
                    let term = read.number(&mut ids, word);
                    read.occurrences.push(Occurrence {
                        field: field_index as u32,
                        term,
                        start: start32,
                        end: end32,
                        simple: is_simple(word, &text[start..end], start, map),
                    });
                    add_posting(
                        &mut read.postings[term as usize],
                        Posting::new(doc, field.weight()),
                    );
                });
            }
            read.field_at.push(read.fields.len() as u32);
            read.occurrence_at.push(read.occurrences.len() as u32);
        }
        read
    }

    /// The reading number of `word`, given it if it is new.
    fn number(&mut self, ids: &mut HashMap<String, u32>, word: &str) -> u32 {
        if let Some(&id) = ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        self.postings.push(Vec::new());
        id
    }
}

/// Whether `word` (the normalised form of `original`, which starts at byte
/// `start` of its text, with `map` from the tokeniser) has the same chars at
/// the same byte offsets as `original`; see [`Occurrence::simple`].
fn is_simple(word: &str, original: &str, start: usize, map: &[(usize, usize)]) -> bool {
    word.len() == original.len()
        && map.len() == original.chars().count()
        && map
            .iter()
            .zip(original.char_indices())
            .zip(word.chars())
            .all(|((&(from, to), (at, c)), lower)| {
                from == start + at && to == from + c.len_utf8() && lower.len_utf8() == c.len_utf8()
            })
}

/// Adds a document to a word's postings, which are read in document order:
/// a second field of the same document only raises its weight.
fn add_posting(postings: &mut Vec<Posting>, posting: Posting) {
    match postings.last_mut() {
        Some(last) if last.doc() == posting.doc() => *last = (*last).max(posting),
        _ => postings.push(posting),
    }
}

/// The dictionary sorted by (folded, exact), so that the words starting with
/// a query word, with or without accents, are one range of it.
struct Dictionary {
    terms: Vec<Term>,
    /// As [`SearchIndex::folded_chars`].
    folded_chars: Vec<char>,
    /// Per term, its documents, as in [`DocumentWords::postings`].
    postings: Vec<Vec<Posting>>,
}

impl Dictionary {
    /// Sorts the words read and renumbers the occurrences to match.
    fn sort(
        words: Vec<String>,
        mut postings: Vec<Vec<Posting>>,
        occurrences: &mut [Occurrence],
    ) -> Self {
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
        for occurrence in occurrences {
            occurrence.term = renumber[occurrence.term as usize];
        }
        let mut dictionary = Dictionary {
            terms: Vec::with_capacity(words.len()),
            folded_chars: Vec::new(),
            postings: Vec::with_capacity(words.len()),
        };
        for &old in &order {
            let old = old as usize;
            let chars_at = dictionary.folded_chars.len() as u32;
            dictionary.folded_chars.extend(folded[old].chars());
            dictionary.terms.push(Term {
                exact: words[old].as_str().into(),
                folded: folded[old].as_str().into(),
                chars_at,
                len: dictionary.folded_chars.len() as u32 - chars_at,
            });
            dictionary.postings.push(std::mem::take(&mut postings[old]));
        }
        dictionary
    }
}

/// Every one- and two-char start of a longer word, sorted by (folded,
/// exact), with the documents of all the words it starts, flattened as by
/// [`flatten_postings`]. A one- or two-letter query, which matches most
/// words, then merges a few lists instead of thousands.
fn short_prefix_lists(
    terms: &[Term],
    postings: &[Vec<Posting>],
) -> (Vec<ShortPrefix>, Vec<u32>, Vec<Posting>) {
    let mut by_start: HashMap<&str, Vec<Posting>> = HashMap::new();
    for (term, postings) in terms.iter().zip(postings) {
        for (chars, (at, c)) in term.exact.char_indices().take(2).enumerate() {
            if chars + 1 < term.len as usize {
                let key = &term.exact[..at + c.len_utf8()];
                by_start.entry(key).or_default().extend_from_slice(postings);
            }
        }
    }
    let mut starts: Vec<(ShortPrefix, Vec<Posting>)> = by_start
        .into_iter()
        .map(|(key, postings)| {
            let prefix = ShortPrefix {
                exact: key.into(),
                folded: text::fold(key).into_boxed_str(),
            };
            (prefix, postings)
        })
        .collect();
    starts.sort_unstable_by(|(a, _), (b, _)| (&a.folded, &a.exact).cmp(&(&b.folded, &b.exact)));
    let (prefixes, lists): (Vec<ShortPrefix>, Vec<Vec<Posting>>) = starts.into_iter().unzip();
    let (at, flat) = flatten_postings(lists);
    (prefixes, at, flat)
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

/// (stem, term) pairs, sorted, as in [`SearchIndex::stems`].
type StemList = Vec<(Box<str>, u32)>;

/// (stem, term) and (folded stem, term), each sorted, so that a query
/// word's stem is one binary search away from its words.
fn stem_lists(terms: &[Term], stemmer: &WordStemmer) -> (StemList, StemList) {
    let mut stems = Vec::with_capacity(terms.len());
    let mut folded_stems = Vec::with_capacity(terms.len());
    for (id, term) in terms.iter().enumerate() {
        let stem = stemmer.stem(&term.exact);
        folded_stems.push((text::fold(&stem).into_boxed_str(), id as u32));
        stems.push((Box::<str>::from(stem.as_ref()), id as u32));
    }
    stems.sort_unstable();
    folded_stems.sort_unstable();
    (stems, folded_stems)
}

/// Every folded word from its second char on (up to [`MAX_COMPOUND_START`],
/// and long enough to hold a compound query), sorted: a query word inside a
/// compound (`företag` in `socialföretag`) is the start of one of them.
fn compound_suffixes(terms: &[Term]) -> Vec<Suffix> {
    let mut suffixes = Vec::new();
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
    }
    let suffix_text = |s: &Suffix| &terms[s.term as usize].folded[s.byte_pos as usize..];
    suffixes.sort_unstable_by(|a, b| suffix_text(a).cmp(suffix_text(b)).then(a.term.cmp(&b.term)));
    suffixes
}

/// The terms of each folded length (up to [`MAX_FUZZY_WORD_CHARS`]): a word
/// one typo away from a query word is at most one char longer or shorter.
fn terms_by_length(terms: &[Term]) -> Vec<Vec<u32>> {
    let mut by_length: Vec<Vec<u32>> = Vec::new();
    for (id, term) in terms.iter().enumerate() {
        let len = term.len as usize;
        if len <= MAX_FUZZY_WORD_CHARS {
            if by_length.len() <= len {
                by_length.resize(len + 1, Vec::new());
            }
            by_length[len].push(id as u32);
        }
    }
    by_length
}
