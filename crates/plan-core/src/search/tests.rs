//! One test (at least) per promised behaviour of the search engine.

use super::candidates::QueryTerm;
use super::synthetic::synthetic_documents;
use super::*;

fn docs(specs: &[&[(Field, &str)]]) -> Vec<SearchDocument> {
    specs
        .iter()
        .map(|fields| SearchDocument {
            fields: fields.iter().map(|(f, t)| (*f, t.to_string())).collect(),
        })
        .collect()
}

fn titles(texts: &[&str]) -> Vec<SearchDocument> {
    texts
        .iter()
        .map(|t| SearchDocument::new().with(Field::Title, *t))
        .collect()
}

fn index(docs: &[SearchDocument]) -> SearchIndex {
    SearchIndex::build(docs, SearchOptions::default())
}

fn found(index: &SearchIndex, query: &str) -> Vec<usize> {
    index.query(query).iter().map(|hit| hit.doc).collect()
}

/// The highlighted texts of the first match of the first hit for `query`.
fn highlighted(docs: &[SearchDocument], index: &SearchIndex, query: &str) -> Vec<String> {
    let hits = index.query(query);
    let hit = hits.first().expect("a hit");
    let m = &hit.matches[0];
    let text = &docs[hit.doc].fields[m.field_index].1;
    m.ranges
        .iter()
        .map(|r| text[r.clone()].to_string())
        .collect()
}

fn kind_of(index: &SearchIndex, query: &str, doc: usize) -> Option<MatchKind> {
    index
        .query(query)
        .into_iter()
        .find(|hit| hit.doc == doc)
        .map(|hit| hit.matches[0].kind)
}

#[test]
fn matching_is_case_insensitive_with_unicode_lower_case() {
    let docs = titles(&["Örebro län", "ÄLDRE OCH UNGA", "Ärenden"]);
    let index = index(&docs);
    assert_eq!(found(&index, "ÖREBRO"), [0]);
    assert_eq!(found(&index, "örebro"), [0]);
    assert_eq!(found(&index, "Äldre"), [1]);
    assert_eq!(kind_of(&index, "äLdRe", 1), Some(MatchKind::Exact));
    assert_eq!(highlighted(&docs, &index, "äldre"), ["ÄLDRE"]);
}

#[test]
fn swedish_stemming_finds_other_forms_of_a_word() {
    let docs = titles(&["Sektorsövergripande nätverk", "Föreningar i Kumla"]);
    let index = index(&docs);
    assert_eq!(found(&index, "nätverket"), [0]);
    assert_eq!(kind_of(&index, "nätverket", 0), Some(MatchKind::Stem));
    assert_eq!(highlighted(&docs, &index, "nätverket"), ["nätverk"]);
    assert_eq!(found(&index, "föreningen"), [1]);
    // Without accents it still finds the stem, as a folded match.
    assert_eq!(kind_of(&index, "natverket", 0), Some(MatchKind::Folded));

    let no_stemming = SearchOptions {
        swedish_stemming: false,
        typo_tolerance: false,
        ..SearchOptions::default()
    };
    let plain = SearchIndex::build(&docs, no_stemming);
    assert!(plain.query("nätverket").is_empty());
    assert_eq!(
        SearchOptions::for_lang(Lang::En),
        SearchOptions {
            swedish_stemming: false,
            ..SearchOptions::default()
        }
    );
    assert!(SearchOptions::for_lang(Lang::Sv).swedish_stemming);
    assert!(!SearchOptions::for_lang(Lang::De).swedish_stemming);
}

#[test]
fn the_last_query_word_is_a_prefix() {
    let docs = titles(&[
        "Öka kunskapen om upphandling",
        "Upphandlingsfrågor i Nora",
        "Sociala företag",
    ]);
    let index = index(&docs);
    assert_eq!(found(&index, "upphandl"), [0, 1]);
    assert_eq!(found(&index, "u"), [0, 1]);
    assert_eq!(kind_of(&index, "upphandl", 0), Some(MatchKind::Prefix));
    // Only the typed part is highlighted.
    assert_eq!(highlighted(&docs, &index, "upphandl"), ["upphandl"]);
    assert_eq!(highlighted(&docs, &index, "Upp"), ["upp"]);
}

#[test]
fn earlier_query_words_are_prefixes_from_three_letters() {
    let docs = titles(&["Öka kunskapen om upphandling", "Upphandling av tjänster"]);
    let index = index(&docs);
    assert_eq!(found(&index, "upph kunskap"), [0]);
    assert_eq!(found(&index, "kun upph"), [0]);
    // "up" is complete (not the last word) and too short to be a prefix.
    assert!(index.query("up kunskap").is_empty());
    // "av" is an exact word.
    assert_eq!(found(&index, "av tjä"), [1]);
}

#[test]
fn words_are_found_inside_compound_words() {
    let docs = titles(&[
        "Stöd till socialföretag",
        "Arbeta för att stärka sociala företag",
        "Företagsamhet",
        "Nätverk",
    ]);
    let index = index(&docs);
    let hits = index.query("företag");
    let order: Vec<usize> = hits.iter().map(|h| h.doc).collect();
    // Exact first, then prefix (företagsamhet), then compound (socialföretag).
    assert_eq!(order, [1, 2, 0]);
    assert_eq!(kind_of(&index, "företag", 0), Some(MatchKind::Compound));
    assert_eq!(kind_of(&index, "företag", 1), Some(MatchKind::Exact));
    assert_eq!(kind_of(&index, "företag", 2), Some(MatchKind::Prefix));
    assert_eq!(
        highlighted(&docs, &index, "socialföretag"),
        ["socialföretag"]
    );
    let hit = hits.iter().find(|h| h.doc == 0).unwrap();
    let text = &docs[0].fields[0].1;
    assert_eq!(&text[hit.matches[0].ranges[0].clone()], "företag");
    // Three letters are not enough for a match inside a word.
    assert!(index.query("tag").is_empty());
    // Without the accents it is still found, more weakly.
    assert_eq!(kind_of(&index, "foretag", 0), Some(MatchKind::Folded));
}

#[test]
fn one_typo_is_tolerated_in_words_of_five_letters_or_more() {
    let docs = titles(&["Öka kunskapen om upphandling", "Kumla kommun"]);
    let index = index(&docs);
    for typo in ["upphandlng", "upphnadling", "upphandlinng", "upphandlimg"] {
        assert_eq!(found(&index, typo), [0], "{typo}");
        assert_eq!(kind_of(&index, typo, 0), Some(MatchKind::Fuzzy), "{typo}");
    }
    assert_eq!(highlighted(&docs, &index, "upphandlng"), ["upphandling"]);
    // Two typos are too many; four-letter words get none.
    assert!(index.query("upphnadlng").is_empty());
    assert!(index.query("kula").is_empty());
    assert_eq!(found(&index, "kumal"), [1]);
    // While typing, a typo in the start of a longer word is tolerated too.
    assert_eq!(found(&index, "upphadnl"), [0]);
    assert_eq!(highlighted(&docs, &index, "upphadnl"), ["upphandl"]);

    let strict = SearchIndex::build(
        &docs,
        SearchOptions {
            typo_tolerance: false,
            ..SearchOptions::default()
        },
    );
    assert!(strict.query("upphandlng").is_empty());
}

#[test]
fn a_ring_a_umlaut_and_o_umlaut_are_letters_of_their_own() {
    let docs = titles(&["Ar och dagar", "Nytt år", "Örebro län", "Orebro bygg"]);
    let index = index(&docs);
    // Typed, å must be å.
    assert_eq!(found(&index, "år"), [1]);
    // Left out, it is found, but below the exact match.
    assert_eq!(found(&index, "ar"), [0, 1]);
    assert_eq!(kind_of(&index, "ar", 0), Some(MatchKind::Exact));
    assert_eq!(kind_of(&index, "ar", 1), Some(MatchKind::Folded));
    assert_eq!(found(&index, "orebro"), [3, 2]);
    assert_eq!(kind_of(&index, "orebro", 2), Some(MatchKind::Folded));
    // Typed with Ö, "Orebro" is one typo away: found, last.
    assert_eq!(found(&index, "Örebro"), [2, 3]);
    assert_eq!(kind_of(&index, "Örebro", 3), Some(MatchKind::Fuzzy));
    assert_eq!(highlighted(&docs, &index, "oreb"), ["Oreb"]);
    let hits = index.query("oreb");
    assert_eq!(hits[1].doc, 2);
    assert_eq!(
        &docs[2].fields[0].1[hits[1].matches[0].ranges[0].clone()],
        "Öreb"
    );
    assert_eq!(found(&index, "hallefors lan"), Vec::<usize>::new());
    assert_eq!(found(&index, "orebro lan"), [2]);
}

#[test]
fn several_query_words_must_all_match() {
    let docs = titles(&[
        "Sociala företag i Kumla",
        "Sociala företag i Nora",
        "Föreningar i Kumla",
    ]);
    let index = index(&docs);
    assert_eq!(found(&index, "sociala kumla"), [0]);
    assert_eq!(found(&index, "kumla sociala"), [0]);
    assert_eq!(found(&index, "sociala"), [0, 1]);
    assert!(index.query("sociala laxå").is_empty());
    // A repeated word counts once.
    assert_eq!(
        index.query("kumla kumla")[0].score,
        index.query("kumla")[0].score
    );
}

#[test]
fn a_title_match_outranks_a_tag_match_which_outranks_a_description_match() {
    let docs = docs(&[
        &[
            (Field::Title, "Nätverk"),
            (Field::Description, "Om upphandling"),
        ],
        &[(Field::Title, "Kunskap"), (Field::Tags, "Upphandling")],
        &[(Field::Title, "Upphandling"), (Field::Tags, "Statistik")],
    ]);
    let index = index(&docs);
    let hits = index.query("upphandling");
    let order: Vec<usize> = hits.iter().map(|h| h.doc).collect();
    assert_eq!(order, [2, 1, 0]);
    let scores: Vec<u32> = hits.iter().map(|h| h.score).collect();
    assert_eq!(scores, [30, 20, 10]);
    assert_eq!(hits[1].matches[0].field_index, 1);
    assert!(Field::Title.weight() > Field::Tags.weight());
    assert!(Field::Tags.weight() > Field::Description.weight());
}

#[test]
fn the_score_is_the_documented_sum_and_ties_keep_document_order() {
    let docs = docs(&[
        &[(Field::Title, "Nora"), (Field::Description, "Kumla")],
        &[(Field::Description, "Kumla och Nora")],
        &[(Field::Title, "Kumla"), (Field::Description, "Nora")],
        &[(Field::Title, "Kumla"), (Field::Tags, "Upphandlingar")],
    ]);
    let index = index(&docs);
    let hits = index.query("kumla nora");
    let summary: Vec<(usize, u32)> = hits.iter().map(|h| (h.doc, h.score)).collect();
    // Exact (10) × title (3) + exact (10) × description (1) = 40, for docs 0 and 2, in doc order.
    assert_eq!(summary, [(0, 40), (2, 40), (1, 20)]);
    // Prefix (6) × tag (2) + exact (10) × title (3).
    assert_eq!(index.query("kumla upphandl")[0].score, 6 * 2 + 10 * 3);
    let weights = [
        MatchKind::Exact,
        MatchKind::Stem,
        MatchKind::Prefix,
        MatchKind::Compound,
        MatchKind::Folded,
        MatchKind::Fuzzy,
    ]
    .map(MatchKind::weight);
    assert!(weights.windows(2).all(|w| w[0] > w[1]), "{weights:?}");
}

#[test]
fn the_same_input_gives_the_same_output() {
    let docs = synthetic_documents(11, 300, 300);
    let a = index(&docs);
    let b = index(&docs);
    for query in ["för", "sociala företag", "orebro", "upphandlng", "k"] {
        let first = a.query(query);
        assert!(!first.is_empty(), "{query}");
        assert_eq!(first, a.query(query));
        assert_eq!(first, b.query(query));
        assert!(first
            .windows(2)
            .all(|w| (w[0].score, std::cmp::Reverse(w[0].doc))
                > (w[1].score, std::cmp::Reverse(w[1].doc))));
    }
}

#[test]
fn match_ranges_are_correct_for_multi_byte_text() {
    let text = "Café\u{1F389} i Hällefors – e\u{301}lan för O\u{308}rebro 👩‍👩‍👧 Laxå";
    let docs = titles(&[text]);
    let index = index(&docs);
    let cases = [
        ("hällefors", "Hällefors"),
        ("halle", "Hälle"),
        ("cafe", "Café"),
        ("élan", "e\u{301}lan"),
        ("e\u{301}l", "e\u{301}l"),
        ("öre", "O\u{308}re"),
        ("laxå", "Laxå"),
        ("lax", "Lax"),
        ("efors", "efors"),
    ];
    for (query, expected) in cases {
        let hits = index.query(query);
        assert_eq!(hits.len(), 1, "{query}");
        let ranges = &hits[0].matches[0].ranges;
        let pieces: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces, [expected], "{query}");
        let segments = highlight_segments(text, ranges);
        assert_eq!(segments.concat_text(), text);
    }
    let hits = index.query("för hällefors");
    let ranges = &hits[0].matches[0].ranges;
    assert!(ranges.windows(2).all(|w| w[0].end < w[1].start));
    assert!(ranges
        .iter()
        .all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)));
}

trait ConcatText {
    fn concat_text(&self) -> String;
}

impl ConcatText for Vec<(&str, bool)> {
    fn concat_text(&self) -> String {
        self.iter().map(|(s, _)| *s).collect()
    }
}

#[test]
fn odd_and_hostile_queries_never_panic() {
    let docs = synthetic_documents(3, 50, 50);
    let index = index(&docs);
    let long = "upphandling ".repeat(900);
    let long_word = "ö".repeat(10_000);
    let queries = [
        "",
        " ",
        "\t\n  \r",
        &long,
        &long_word,
        "🎉",
        "👩‍👩‍👧",
        "e\u{301}",
        "\u{301}\u{301}\u{301}",
        ".*+?()[]{}|\\^$",
        "(upphandling)",
        "<script>alert(1)</script>",
        "\0",
        "nora\0kumla",
        "\u{FEFF}\u{200B}\u{202E}",
        "İstanbul ΣΟΦΊΑ ß ẞ ﬁ",
        "%s %n {0} ${x}",
    ];
    for query in queries {
        let hits = index.query(query);
        for hit in &hits {
            for m in &hit.matches {
                let text = &docs[hit.doc].fields[m.field_index].1;
                for r in &m.ranges {
                    assert!(text.get(r.clone()).is_some());
                }
            }
        }
    }
    assert!(index.query("").is_empty());
    assert!(index.query("   ").is_empty());
    assert!(index.query("🎉").is_empty());
    assert!(index.query(".*+?()[]{}|\\^$").is_empty());
    // Regex and HTML characters are separators: the words still match.
    assert_eq!(
        found(&index, "(nora)"),
        found(&index, "nora"),
        "punctuation is ignored"
    );
    assert_eq!(found(&index, "nora\0kumla"), found(&index, "nora kumla"));
    // A query is read up to 200 chars: the 10,000-char one is the same as its start.
    assert_eq!(index.query(&long), index.query(&long[..200]));

    let empty = SearchIndex::build(&[], SearchOptions::default());
    assert!(empty.is_empty());
    assert_eq!(empty.len(), 0);
    assert!(empty.query("nora").is_empty());
}

#[test]
fn odd_and_hostile_documents_never_panic() {
    let docs = titles(&[
        "",
        "\0\0",
        "<script>alert('x')</script>",
        &"a".repeat(20_000),
        "\u{301}e\u{301}\u{301}\u{20DD}",
        "İİİ ẞ ﬁ ΣΣ",
        "x\u{35C}y",
    ]);
    let index = index(&docs);
    assert_eq!(index.len(), 7);
    assert_eq!(found(&index, "script"), [2]);
    assert_eq!(found(&index, "aaaa"), [3]);
    assert_eq!(found(&index, "aaaaaaaa"), [3]);
    assert_eq!(found(&index, "i"), [5]);
    for query in ["é", "e", "i̇", "ss", "ß", "fi", "σσ", "x", "x\u{35C}y"] {
        for hit in index.query(query) {
            for m in &hit.matches {
                let text = &docs[hit.doc].fields[m.field_index].1;
                for r in &m.ranges {
                    assert!(text.get(r.clone()).is_some(), "{query}");
                }
            }
        }
    }
}

#[test]
fn punctuation_splits_words() {
    let docs = titles(&["Stöd/bidrag, föreningsstöd. Sektors-övergripande (IOP)"]);
    let index = index(&docs);
    assert_eq!(kind_of(&index, "bidrag", 0), Some(MatchKind::Exact));
    assert_eq!(kind_of(&index, "övergripande", 0), Some(MatchKind::Exact));
    assert_eq!(kind_of(&index, "iop", 0), Some(MatchKind::Exact));
    assert_eq!(highlighted(&docs, &index, "stöd"), ["Stöd", "stöd"]);
}

#[test]
fn every_occurrence_is_highlighted_in_every_field() {
    let docs = docs(&[&[
        (Field::Title, "Nora och Nora"),
        (Field::Tags, "Kultur"),
        (Field::Description, "I Nora finns nora-föreningar"),
    ]]);
    let index = index(&docs);
    let hit = &index.query("nora")[0];
    let fields: Vec<usize> = hit.matches.iter().map(|m| m.field_index).collect();
    assert_eq!(fields, [0, 2]);
    assert_eq!(hit.matches[0].ranges, [0..4, 9..13]);
    assert_eq!(hit.matches[1].ranges, [2..6, 13..17]);
}

#[test]
fn highlight_segments_cover_the_text_and_survive_bad_ranges() {
    let text = "Sociala företag i Örebro";
    assert_eq!(
        highlight_segments(text, &[8..16, 19..26]),
        [
            ("Sociala ", false),
            ("företag", true),
            (" i ", false),
            ("Örebro", true)
        ]
    );
    assert_eq!(highlight_segments(text, &[]), [(text, false)]);
    assert!(highlight_segments("", &[0..3, 5..9]).is_empty());
    // Unsorted, overlapping, touching, reversed, out of bounds, inside a char.
    #[allow(clippy::reversed_empty_ranges)]
    let odd = [18..19, 0..3, 2..7, 7..8, 9..10, 20..1000, 15..12];
    let pieces = highlight_segments(text, &odd);
    assert_eq!(pieces.concat_text(), text);
    assert_eq!(pieces[0], ("Sociala ", true));
    assert_eq!(pieces[1], ("f", false));
    assert_eq!(pieces[2], ("ö", true));
    assert!(pieces.last().unwrap().1);
}

#[test]
fn index_reports_its_size() {
    let docs = titles(&["Nora och Kumla", "Nora"]);
    let index = index(&docs);
    assert_eq!(index.len(), 2);
    assert!(!index.is_empty());
    let stats = index.stats();
    assert_eq!(stats.documents, 2);
    assert_eq!(stats.fields, 2);
    assert_eq!(stats.terms, 3);
    assert_eq!(stats.occurrences, 4);
    assert_eq!(stats.postings, 4);
    // n: 2 docs, no: 2, o: 1, oc: 1, k: 1, ku: 1.
    assert_eq!(stats.short_prefix_postings, 8);
    assert!(format!("{index:?}").contains("terms: 3"));
}

#[test]
fn query_top_gives_the_best_hits_and_the_total() {
    let docs = synthetic_documents(5, 300, 300);
    let index = index(&docs);
    for query in ["s", "för", "sociala företag", "orebro", "nora", "xyzzy", ""] {
        let all = index.query(query);
        for limit in [0, 1, 7, 50, 10_000] {
            let top = index.query_top(query, limit);
            assert_eq!(top.total, all.len(), "{query}");
            assert_eq!(top.hits[..], all[..limit.min(all.len())], "{query} {limit}");
        }
    }
}

/// One document word, prepared for the reference scorer.
struct RefWord {
    weight: u32,
    word: String,
    chars: Vec<char>,
    folded: Vec<char>,
    stem: String,
    folded_stem: String,
}

/// A slow scorer that follows the documented rules word by word, without
/// any of the index's shortcuts (sorted dictionary, short-prefix lists,
/// suffix table, length buckets).
fn reference_hits(index: &SearchIndex, words: &[Vec<RefWord>], query: &str) -> Vec<(usize, u32)> {
    use super::text::{accepts_all, fold, within_one_edit};
    let options = index.options();
    let stemmer = stem::SwedishStemmer::new();
    let terms = index.parse_query(query);
    if terms.is_empty() {
        return Vec::new();
    }
    let stems: Vec<(String, String)> = terms
        .iter()
        .map(|q| {
            let stem = stemmer.stem(&q.text).into_owned();
            let folded = fold(&stem);
            (stem, folded)
        })
        .collect();
    let weight = |(q, (stem, folded_stem)): (&QueryTerm, &(String, String)), w: &RefWord| -> u32 {
        let n = q.folded_chars.len();
        let (chars, folded) = (&w.chars, &w.folded);
        let len = chars.len();
        let mut best = 0;
        let mut offer = |kind: MatchKind| best = best.max(kind.weight());
        if w.word == q.text {
            offer(MatchKind::Exact);
        }
        if q.prefix && w.word.starts_with(&q.text) && len > n {
            offer(MatchKind::Prefix);
        }
        if (len == n || (q.prefix && len > n)) && accepts_all(&q.text, w.word.chars()) {
            offer(MatchKind::Folded);
        }
        if options.swedish_stemming && n >= MIN_STEM_CHARS {
            if !stem.is_empty() && w.stem == *stem {
                offer(MatchKind::Stem);
            }
            if !stem.is_empty() && q.text == q.folded && w.folded_stem == *folded_stem {
                offer(MatchKind::Folded);
            }
        }
        if n >= MIN_COMPOUND_CHARS {
            for p in 1..=MAX_COMPOUND_START.min(len.saturating_sub(n)) {
                if chars[p..p + n].iter().copied().eq(q.text.chars()) {
                    offer(MatchKind::Compound);
                } else if accepts_all(&q.text, chars[p..].iter().copied()) {
                    offer(MatchKind::Folded);
                }
            }
        }
        if options.typo_tolerance && n >= MIN_FUZZY_CHARS {
            if len <= MAX_FUZZY_WORD_CHARS && within_one_edit(&q.folded_chars, folded) {
                offer(MatchKind::Fuzzy);
            }
            if q.prefix
                && len > n + 1
                && folded[0] == q.folded_chars[0]
                && (n - 1..=n + 1).any(|k| within_one_edit(&q.folded_chars, &folded[..k]))
            {
                offer(MatchKind::Fuzzy);
            }
        }
        best
    };
    let mut hits: Vec<(usize, u32)> = words
        .iter()
        .enumerate()
        .filter_map(|(doc, doc_words)| {
            let mut score = 0;
            for term in terms.iter().zip(&stems) {
                let best = doc_words
                    .iter()
                    .map(|w| weight(term, w) * w.weight)
                    .max()
                    .unwrap_or(0);
                if best == 0 {
                    return None;
                }
                score += best;
            }
            Some((doc, score))
        })
        .collect();
    hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    hits
}

#[test]
fn the_index_agrees_with_a_word_by_word_reference() {
    let mut docs = synthetic_documents(9, 60, 60);
    docs.extend(titles(&[
        "Ar och år, Örebro och Orebro",
        "Socialföretag, sociala företag och företagande",
        "Nätverket, nätverken och nätverk",
        "Cafe\u{301} Ö\u{308}rebro İstanbul",
    ]));
    let stemmer = stem::SwedishStemmer::new();
    let words: Vec<Vec<RefWord>> = docs
        .iter()
        .map(|doc| {
            let mut out = Vec::new();
            for (field, text) in &doc.fields {
                text::for_each_token(text, |_, _, word, _| {
                    let stem = stemmer.stem(word).into_owned();
                    out.push(RefWord {
                        weight: field.weight(),
                        word: word.to_string(),
                        chars: word.chars().collect(),
                        folded: word.chars().map(text::fold_char).collect(),
                        folded_stem: text::fold(&stem),
                        stem,
                    })
                });
            }
            out
        })
        .collect();
    let mut queries: Vec<String> = Vec::new();
    let typed = [
        "sociala företag",
        "orebro lan",
        "upphandlng",
        "nätverket",
        "foretag",
        "år ar",
        "hallefors kommun",
        "samverkan med kommunen",
        "stöd",
        "cafe",
        "kumla idrott",
        "integratoin",
    ];
    for query in typed {
        for (at, c) in query.char_indices() {
            queries.push(query[..at + c.len_utf8()].to_string());
        }
    }
    // Some document words, as they are, without accents, and with a typo.
    for (i, word) in words.iter().flatten().enumerate().step_by(89) {
        queries.push(word.word.clone());
        queries.push(text::fold(&word.word));
        let mut chars: Vec<char> = word.word.chars().collect();
        let len = chars.len();
        if len > 3 {
            let at = 1 + i % (len - 2);
            chars.swap(at, at + 1);
        }
        queries.push(chars.into_iter().collect());
    }
    for options in [
        SearchOptions::default(),
        SearchOptions::for_lang(Lang::En),
        SearchOptions {
            typo_tolerance: false,
            ..SearchOptions::default()
        },
    ] {
        let index = SearchIndex::build(&docs, options);
        for query in &queries {
            let got: Vec<(usize, u32)> = index
                .query(query)
                .iter()
                .map(|hit| (hit.doc, hit.score))
                .collect();
            assert_eq!(
                got,
                reference_hits(&index, &words, query),
                "{query:?} {options:?}"
            );
        }
    }
}

#[test]
fn rank_and_highlight_agree_with_query() {
    let docs = synthetic_documents(6, 200, 200);
    let index = index(&docs);
    for query in [
        "s",
        "för",
        "sociala företag",
        "orebro kumla",
        "upphandlng",
        "",
        "🎉",
        "xyzzy",
    ] {
        let hits = index.query(query);
        let ranked = index.rank(query);
        let docs_and_scores: Vec<(usize, u32)> = hits.iter().map(|h| (h.doc, h.score)).collect();
        let ranked_pairs: Vec<(usize, u32)> = ranked.iter().map(|r| (r.doc, r.score)).collect();
        assert_eq!(ranked_pairs, docs_and_scores, "{query}");
        let shown: Vec<usize> = ranked.iter().map(|r| r.doc).collect();
        let highlights = index.highlight(query, &shown);
        let matches: Vec<Vec<FieldMatch>> = hits.into_iter().map(|h| h.matches).collect();
        assert_eq!(highlights, matches, "{query}");
    }
    // Documents out of range, or with nothing to highlight, get nothing.
    assert_eq!(
        index.highlight("nora", &[usize::MAX, 400, 10_000]),
        vec![Vec::new(); 3]
    );
    assert_eq!(index.highlight("", &[0, 1]), vec![Vec::new(); 2]);
}
