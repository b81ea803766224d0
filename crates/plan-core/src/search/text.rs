//! Text normalisation for search: tokens, lower case, composed letters,
//! German letters written out, stop words, folding of accents, and the
//! one-edit test used for typo tolerance.
//!
//! The same function tokenises documents and queries, so both sides always
//! agree on what a word is.

use crate::model::Lang;

/// Splits `text` into words and calls `on_token(start, end, normalized, map)`
/// for each one, in order.
///
/// * A word is a run of alphanumeric characters (`char::is_alphanumeric`),
///   plus any combining marks that follow one of them. Everything else
///   (spaces, punctuation, emoji, control characters such as NUL) separates
///   words.
/// * `start..end` is the word's byte range in `text`, on char boundaries.
/// * `normalized` is the word in lower case (Unicode-aware), with a letter
///   followed by a combining accent composed into one letter where this module
///   knows the pair (`e` + U+0301 → `é`, `o` + U+0308 → `ö`, `a` + U+030A → `å`, …).
/// * `map[i]` is the byte range in `text` that the `i`-th char of
///   `normalized` comes from; a lower-case expansion (`İ` → `i̇`) gives several
///   chars the same range, a composed letter covers base and mark.
pub(crate) fn for_each_token(
    text: &str,
    mut on_token: impl FnMut(usize, usize, &str, &[(usize, usize)]),
) {
    let mut normalized = String::new();
    let mut map: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if start.is_some() && is_combining_mark(c) {
            push_mark(&mut normalized, &mut map, c, at, end);
        } else if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(at);
            }
            push_lower(&mut normalized, &mut map, c, at, end);
        } else if let Some(begin) = start.take() {
            on_token(begin, at, &normalized, &map);
            normalized.clear();
            map.clear();
        }
    }
    if let Some(begin) = start {
        on_token(begin, text.len(), &normalized, &map);
    }
}

/// As [`for_each_token`], but with German's letters written out when
/// `german` (`ä` → `ae`, `ö` → `oe`, `ü` → `ue`, `ß` → `ss`), so that a word
/// typed either way is the same word. Both chars of a written-out letter map
/// to the letter's bytes.
pub(crate) fn for_each_word(
    text: &str,
    german: bool,
    mut on_token: impl FnMut(usize, usize, &str, &[(usize, usize)]),
) {
    if !german {
        return for_each_token(text, on_token);
    }
    let mut written_out = String::new();
    let mut written_map: Vec<(usize, usize)> = Vec::new();
    for_each_token(text, |start, end, word, map| {
        if !word.contains(['ä', 'ö', 'ü', 'ß']) {
            return on_token(start, end, word, map);
        }
        written_out.clear();
        written_map.clear();
        for (c, &bytes) in word.chars().zip(map) {
            let pair = match c {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ß' => "ss",
                _ => {
                    written_out.push(c);
                    written_map.push(bytes);
                    continue;
                }
            };
            written_out.push_str(pair);
            written_map.extend([bytes, bytes]);
        }
        on_token(start, end, &written_out, &written_map);
    });
}

/// Words that say little about what a visitor looks for, per language, as
/// [`for_each_word`] gives them (German letters written out). A query drops
/// them unless they are all it has.
pub(crate) fn is_stop_word(lang: Lang, word: &str) -> bool {
    const SWEDISH: &[&str] = &[
        "att", "av", "de", "den", "det", "en", "ett", "från", "för", "hos", "i", "inom", "kring",
        "med", "mellan", "och", "om", "på", "samt", "som", "till", "vid", "är",
    ];
    const ENGLISH: &[&str] = &[
        "a", "about", "an", "and", "are", "as", "at", "between", "by", "for", "from", "in", "into",
        "is", "of", "on", "or", "our", "that", "the", "this", "to", "with", "within",
    ];
    const GERMAN: &[&str] = &[
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "das",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "fuer",
        "im",
        "in",
        "innerhalb",
        "ist",
        "mit",
        "oder",
        "sind",
        "ueber",
        "und",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "zwischen",
    ];
    let list = match lang {
        Lang::Sv => SWEDISH,
        Lang::En => ENGLISH,
        Lang::De => GERMAN,
    };
    list.contains(&word)
}

fn push_lower(out: &mut String, map: &mut Vec<(usize, usize)>, c: char, at: usize, end: usize) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        map.push((at, end));
    } else {
        for lower in c.to_lowercase() {
            out.push(lower);
            map.push((at, end));
        }
    }
}

fn push_mark(out: &mut String, map: &mut Vec<(usize, usize)>, mark: char, at: usize, end: usize) {
    if let Some(base) = out.chars().next_back() {
        if let Some(composed) = compose(base, mark) {
            out.pop();
            out.push(composed);
            if let Some(last) = map.last_mut() {
                last.1 = end;
            }
            return;
        }
    }
    out.push(mark);
    map.push((at, end));
}

/// Combining marks (the common blocks), which continue a word instead of ending it.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// A lower-case Latin letter and a combining accent, as one letter.
fn compose(base: char, mark: char) -> Option<char> {
    let composed = match (base, mark) {
        ('a', '\u{0300}') => 'à',
        ('a', '\u{0301}') => 'á',
        ('a', '\u{0302}') => 'â',
        ('a', '\u{0303}') => 'ã',
        ('a', '\u{0308}') => 'ä',
        ('a', '\u{030A}') => 'å',
        ('e', '\u{0300}') => 'è',
        ('e', '\u{0301}') => 'é',
        ('e', '\u{0302}') => 'ê',
        ('e', '\u{0308}') => 'ë',
        ('i', '\u{0300}') => 'ì',
        ('i', '\u{0301}') => 'í',
        ('i', '\u{0302}') => 'î',
        ('i', '\u{0308}') => 'ï',
        ('o', '\u{0300}') => 'ò',
        ('o', '\u{0301}') => 'ó',
        ('o', '\u{0302}') => 'ô',
        ('o', '\u{0303}') => 'õ',
        ('o', '\u{0308}') => 'ö',
        ('u', '\u{0300}') => 'ù',
        ('u', '\u{0301}') => 'ú',
        ('u', '\u{0302}') => 'û',
        ('u', '\u{0308}') => 'ü',
        ('y', '\u{0301}') => 'ý',
        ('y', '\u{0308}') => 'ÿ',
        ('n', '\u{0303}') => 'ñ',
        ('c', '\u{0327}') => 'ç',
        _ => return None,
    };
    Some(composed)
}

/// The letter without its accent (`ö` → `o`, `å` → `a`, `é` → `e`); any other
/// char is returned as it is. Always one char for one char, so positions in a
/// word and in its folded form agree.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

/// The folded form of a normalized word.
pub(crate) fn fold(word: &str) -> String {
    word.chars().map(fold_char).collect()
}

/// Whether the query letter `q` accepts the document letter `t`: the same
/// letter, or `q` typed without an accent that `t` has (`o` accepts `ö`, but
/// `ö` does not accept `o`: a visitor who types `å` means `å`).
pub(crate) fn accepts(q: char, t: char) -> bool {
    q == t || (fold_char(q) == q && fold_char(t) == q)
}

/// Whether every char of `query` accepts the char at the same position of `word`.
/// `word` must have at least as many chars as `query`.
pub(crate) fn accepts_all(query: &str, word: impl Iterator<Item = char>) -> bool {
    let mut word = word;
    query
        .chars()
        .all(|q| word.next().is_some_and(|t| accepts(q, t)))
}

/// Whether `a` and `b` are at most one edit apart: one char inserted, deleted,
/// replaced, or two neighbouring chars swapped (optimal string alignment
/// distance ≤ 1). Runs in linear time.
pub(crate) fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let common = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if common == short.len() {
        // Equal, or `long` has one extra char at the end.
        return true;
    }
    if short.len() == long.len() {
        // One replacement, or one swap of neighbours.
        let rest = common + 1;
        short[rest..] == long[rest..]
            || (rest < short.len()
                && short[common] == long[rest]
                && short[rest] == long[common]
                && short[rest + 1..] == long[rest + 1..])
    } else {
        // One char of `long` left out.
        short[common..] == long[common + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for_each_token(text, |start, end, word, map| {
            assert_eq!(word.chars().count(), map.len());
            out.push((start, end, word.to_string()));
        });
        out
    }

    #[test]
    fn tokens_are_lower_case_and_split_on_punctuation() {
        let found = tokens("Region Örebro län's nätverk—och <script>");
        let words: Vec<&str> = found.iter().map(|t| t.2.as_str()).collect();
        assert_eq!(
            words,
            ["region", "örebro", "län", "s", "nätverk", "och", "script"]
        );
        assert_eq!(found[1].0..found[1].1, 7..14);
    }

    #[test]
    fn combining_marks_compose_and_stay_in_the_word() {
        let found = tokens("Cafe\u{301} O\u{308}rebro");
        assert_eq!(found[0].2, "café");
        assert_eq!(found[0].1, "Cafe\u{301}".len());
        assert_eq!(found[1].2, "örebro");
        // A mark the table does not know is kept; a leading mark is a separator.
        assert_eq!(tokens("x\u{35C}y")[0].2, "x\u{35C}y");
        assert_eq!(tokens("\u{301}ab")[0].2, "ab");
    }

    #[test]
    fn german_letters_are_written_out() {
        let mut words = Vec::new();
        for_each_word(
            "Öffentliche Straße, Müller",
            true,
            |start, end, word, map| {
                assert_eq!(word.chars().count(), map.len());
                words.push((start, end, word.to_string(), map[1]));
            },
        );
        assert_eq!(words[0].2, "oeffentliche");
        assert_eq!(words[0].3, (0, 2), "both chars of oe map to Ö");
        assert_eq!(words[1].2, "strasse");
        assert_eq!(words[2].2, "mueller");
        let mut swedish = Vec::new();
        for_each_word("Örebro", false, |_, _, word, _| {
            swedish.push(word.to_string())
        });
        assert_eq!(swedish, ["örebro"]);
        assert!(is_stop_word(Lang::De, "fuer") && !is_stop_word(Lang::De, "netzwerke"));
        assert!(is_stop_word(Lang::En, "of") && is_stop_word(Lang::Sv, "och"));
    }

    #[test]
    fn folding_is_one_char_for_one_char() {
        assert_eq!(fold("örebro"), "orebro");
        assert_eq!(fold("hällefors"), "hallefors");
        assert!(accepts('o', 'ö'));
        assert!(!accepts('ö', 'o'));
        assert!(!accepts('a', 'b'));
    }

    #[test]
    fn one_edit() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let yes = [
            ("upphandlng", "upphandling"),
            ("upphandling", "upphandlnig"),
            ("natverk", "natvork"),
            ("abc", "abc"),
            ("abcd", "abc"),
            ("bacd", "abcd"),
        ];
        for (a, b) in yes {
            assert!(within_one_edit(&chars(a), &chars(b)), "{a} {b}");
            assert!(within_one_edit(&chars(b), &chars(a)), "{b} {a}");
        }
        let no = [
            ("upphandl", "upphandling"),
            ("abcd", "badc"),
            ("abcd", "axyd"),
        ];
        for (a, b) in no {
            assert!(!within_one_edit(&chars(a), &chars(b)), "{a} {b}");
        }
    }
}
