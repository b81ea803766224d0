//! Stage 3, ranking: from each query word's candidates to the documents that
//! have a match for every word, their scores (see "Ranking" in the module
//! documentation) and their order.
//!
//! A query word's documents are the merged document lists of its candidate
//! words. One- and two-letter prefixes match most words, so they use the
//! lists per word start that [`SearchIndex::build`] made instead. Per
//! document only a byte of "best weight so far" is kept for the current
//! word, and only the documents it touched are reset afterwards.

use super::build::Posting;
use super::candidates::{Candidate, QueryTerm};
use super::{text, MatchKind, RankedDoc, SearchIndex};

/// What a pair of query words standing close together adds to a hit's score:
/// as much as an exact match in a description.
const PROXIMITY_WEIGHT: u32 = 10;
/// The first this many hits of the explore step's ranking are ordered with
/// proximity exactly; hits that cannot reach them are not read for it.
const PROXIMITY_EXACT_RANKS: usize = 200;
/// Proximity is left out when more hits than this would have to be read for
/// it (thousands of hits with equal scores): it would cost milliseconds.
const PROXIMITY_MAX_READS: usize = 3000;
/// Query words at most this many words apart stand close (one stop word between).
const MAX_PROXIMITY_GAP: usize = 2;

/// The documents that match every query word, and their scores.
pub(super) struct Scores {
    /// The matching documents, in no order.
    hits: Vec<u32>,
    /// Per document of the index, its score; meaningful for `hits` only.
    total: Vec<u32>,
}

impl Scores {
    /// How many documents match.
    pub(super) fn count(&self) -> usize {
        self.hits.len()
    }

    /// The `limit` best hits: highest score first, ties in document order.
    /// Only those `limit` are sorted.
    pub(super) fn best_first(self, limit: usize) -> Vec<RankedDoc> {
        let Scores { mut hits, total } = self;
        let count = hits.len();
        if limit == 0 || count == 0 {
            return Vec::new();
        }
        let rank = |a: &u32, b: &u32| total[*b as usize].cmp(&total[*a as usize]).then(a.cmp(b));
        if limit < count {
            hits.select_nth_unstable_by(limit - 1, rank);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(rank);
        hits.into_iter()
            .map(|doc| RankedDoc {
                doc: doc as usize,
                score: total[doc as usize],
            })
            .collect()
    }

    /// Every hit in the order of [`Scores::best_first`].
    pub(super) fn all_best_first(self) -> Vec<RankedDoc> {
        let Scores { hits, total } = self;
        // Sorting one packed key (inverted score, document) per hit is several
        // times faster than comparing through `total`.
        let mut keys: Vec<u64> = hits
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
}

/// Per document, the best (kind × field) weight one query word has found in
/// it so far (0 for none; at most 10 × 3, so a byte), and the documents it
/// found first.
struct WordWeights {
    best: Vec<u8>,
    touched: Vec<u32>,
}

impl WordWeights {
    /// Records that the word matches these documents with this kind.
    fn add(&mut self, postings: &[Posting], kind: MatchKind) {
        let kind_weight = kind.weight();
        for &posting in postings {
            let slot = &mut self.best[posting.doc()];
            if *slot == 0 {
                self.touched.push(posting.doc() as u32);
            }
            *slot = (*slot).max((kind_weight * posting.weight()) as u8);
        }
    }

    /// Forgets the word, for the next one: clears the weights of `hits` and
    /// of the documents touched.
    fn reset(&mut self, hits: &[u32]) {
        for &doc in hits.iter().chain(&self.touched) {
            self.best[doc as usize] = 0;
        }
        self.touched.clear();
    }
}

impl SearchIndex {
    /// The documents that match every query word, and every document's
    /// score: per query word the best (kind × field) weight, summed.
    pub(super) fn score(&self, prepared: &[(QueryTerm, Vec<Candidate>)]) -> Scores {
        let mut scores = Scores {
            hits: Vec::new(),
            total: vec![0u32; self.documents],
        };
        let mut word = WordWeights {
            best: vec![0u8; self.documents],
            touched: Vec::new(),
        };
        for (i, (term, candidates)) in prepared.iter().enumerate() {
            self.weigh_word(term, candidates, &mut word);
            if i == 0 {
                // The first word's documents are the only ones that can match.
                scores.hits = std::mem::take(&mut word.touched);
                for &doc in &scores.hits {
                    scores.total[doc as usize] = u32::from(word.best[doc as usize]);
                }
            } else {
                scores.hits.retain(|&doc| word.best[doc as usize] > 0);
                for &doc in &scores.hits {
                    scores.total[doc as usize] += u32::from(word.best[doc as usize]);
                }
            }
            word.reset(&scores.hits);
            if scores.hits.is_empty() {
                break;
            }
        }
        scores
    }

    /// Records in `word` each document's best weight for one query word.
    fn weigh_word(&self, term: &QueryTerm, candidates: &[Candidate], word: &mut WordWeights) {
        if term.prefix && term.folded_chars.len() <= 2 {
            self.weigh_short_prefix(term, candidates, word);
        } else {
            for group in candidates.chunk_by(|a, b| a.term == b.term) {
                // Sorted strongest first within a term.
                word.add(self.postings_of(group[0].term), group[0].kind);
            }
        }
    }

    /// A one- or two-letter prefix matches many words: use the lists per word
    /// start. Only whole words (exact or folded) need their own postings then.
    fn weigh_short_prefix(
        &self,
        term: &QueryTerm,
        candidates: &[Candidate],
        word: &mut WordWeights,
    ) {
        let n = term.folded_chars.len();
        for candidate in candidates {
            if self.terms[candidate.term as usize].len as usize == n {
                word.add(self.postings_of(candidate.term), candidate.kind);
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
            word.add(&self.short_postings[range], kind);
        }
    }

    /// Adds to each hit's score [`PROXIMITY_WEIGHT`] for every pair of
    /// neighbouring query words (the first and second, the second and
    /// third, …) that stand in that order in one field, at most
    /// [`MAX_PROXIMITY_GAP`] words apart (`exchange of experience`), for the
    /// hits that can reach the first [`PROXIMITY_EXACT_RANKS`] places with it;
    /// not at all while a query word is a one- or two-letter prefix, or if
    /// more than [`PROXIMITY_MAX_READS`] hits would have to be read.
    /// Reads every word of those hits: for the explore step, not for
    /// [`SearchIndex::rank`].
    pub(super) fn add_proximity(
        &self,
        prepared: &[(QueryTerm, Vec<Candidate>)],
        scores: &mut Scores,
    ) {
        // A word of one or two letters still being typed says too little
        // about where it stands to be worth reading every hit for.
        if prepared.len() < 2
            || prepared
                .iter()
                .any(|(term, _)| term.prefix && term.folded_chars.len() <= 2)
        {
            return;
        }
        // Per dictionary word, the query words (bit i for the i-th) it matches.
        let mut matched_by = vec![0u32; self.terms.len()];
        for (i, (_, candidates)) in prepared.iter().enumerate().take(32) {
            for candidate in candidates {
                matched_by[candidate.term as usize] |= 1 << i;
            }
        }
        // Only hits that can reach the first PROXIMITY_EXACT_RANKS places with
        // the bonus are read: those places come out exactly as if every hit
        // were, at a fraction of the cost for a query with thousands of hits.
        let most_bonus = (prepared.len().min(32) as u32 - 1) * PROXIMITY_WEIGHT;
        let threshold = if scores.hits.len() > PROXIMITY_EXACT_RANKS {
            let mut base: Vec<u32> = scores
                .hits
                .iter()
                .map(|&d| scores.total[d as usize])
                .collect();
            let (_, nth, _) =
                base.select_nth_unstable_by(PROXIMITY_EXACT_RANKS - 1, |a, b| b.cmp(a));
            nth.saturating_sub(most_bonus)
        } else {
            0
        };
        let to_read = scores
            .hits
            .iter()
            .filter(|&&doc| scores.total[doc as usize] >= threshold)
            .count();
        if to_read > PROXIMITY_MAX_READS {
            return;
        }
        for &doc in &scores.hits {
            let doc = doc as usize;
            if scores.total[doc] < threshold {
                continue;
            }
            let words = &self.occurrences
                [self.occurrence_at[doc] as usize..self.occurrence_at[doc + 1] as usize];
            // Bit i: query words i and i + 1 stand close, in this order.
            let mut close_pairs = 0u32;
            for (at, word) in words.iter().enumerate() {
                let later = matched_by[word.term as usize];
                if later == 0 {
                    continue;
                }
                for earlier in words[at.saturating_sub(MAX_PROXIMITY_GAP)..at].iter().rev() {
                    if earlier.field != word.field {
                        break;
                    }
                    close_pairs |= matched_by[earlier.term as usize] & (later >> 1);
                }
            }
            scores.total[doc] += close_pairs.count_ones() * PROXIMITY_WEIGHT;
        }
    }

    fn postings_of(&self, term: u32) -> &[Posting] {
        let term = term as usize;
        &self.postings[self.posting_at[term] as usize..self.posting_at[term + 1] as usize]
    }
}
