//! Stemming per language: `pagefind_stem`'s Snowball stemmers for Swedish,
//! English and German, plus, for Swedish, the definite ending `-et` that this
//! version of the algorithm leaves alone.
//!
//! `pagefind_stem` 1.0 implements the Snowball Swedish algorithm from before
//! Snowball 3.0, which keeps `-et` ("nätverket", "mötet", "samhället",
//! "företaget"), so the definite form of most neuter nouns never meets its
//! other forms (snowballstem/snowball#47). Snowball 3.0 removes `-et` under a
//! condition; [`SwedishStemmer::stem`] does much the same before handing the
//! word to the stemmer, and is a little more willing (it also removes `-et`
//! after two consonants, for "nätverket" → "nätverk").

use crate::model::Lang;
use pagefind_stem::{Algorithm, Stemmer};
use std::borrow::Cow;

/// Word ends that `-et` is part of, not a definite ending (Snowball 3.0's
/// list: "alfabet", "paket", "raket", "staket", "komet", "kvalitet",
/// "universitet", "aktivitet", …).
const KEEP_ET_AFTER: [&str; 21] = [
    "fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit", "nit",
    "pit", "rit", "sit", "tit", "uit", "ivit", "kvit", "xit",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'å' | 'ö')
}

/// Snowball's R1 for Swedish, in chars: after the first non-vowel that follows
/// a vowel, but at least 3 chars in; `None` if there is no such place.
fn r1(chars: &[char]) -> Option<usize> {
    let vowel = chars.iter().position(|&c| is_vowel(c))?;
    let consonant = vowel + chars[vowel..].iter().position(|&c| !is_vowel(c))?;
    Some((consonant + 1).max(3))
}

/// The Swedish stemmer used for documents and queries alike.
pub(crate) struct SwedishStemmer {
    inner: Stemmer,
}

impl SwedishStemmer {
    pub(crate) fn new() -> Self {
        Self {
            inner: Stemmer::create(Algorithm::Swedish),
        }
    }

    /// The stem of a lower-case word.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match strip_definite_et(word) {
            Some(base) => Cow::Owned(self.inner.stem(base).into_owned()),
            None => self.inner.stem(word),
        }
    }
}

/// The stemmer of one language, used for documents and queries alike.
pub(crate) enum WordStemmer {
    Swedish(SwedishStemmer),
    /// English or German, as Snowball has them.
    Snowball(Stemmer),
}

impl WordStemmer {
    /// The stemmer for `lang`.
    pub(crate) fn new(lang: Lang) -> Self {
        match lang {
            Lang::Sv => WordStemmer::Swedish(SwedishStemmer::new()),
            Lang::En => WordStemmer::Snowball(Stemmer::create(Algorithm::English)),
            Lang::De => WordStemmer::Snowball(Stemmer::create(Algorithm::German)),
        }
    }

    /// The stem of a lower-case word.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self {
            WordStemmer::Swedish(swedish) => swedish.stem(word),
            WordStemmer::Snowball(stemmer) => stemmer.stem(word),
        }
    }
}

/// `word` without a definite `-et` or `-ets`, if it has one.
fn strip_definite_et(word: &str) -> Option<&str> {
    let word = word.strip_suffix('s').unwrap_or(word);
    let base = word.strip_suffix("et")?;
    // The stemmer itself removes -het and -andet.
    if base.ends_with('h') || base.ends_with("and") {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let base_chars = chars.len() - 2;
    if base_chars < 3 || r1(&chars).is_none_or(|r1| base_chars < r1) {
        return None;
    }
    let last = chars[base_chars - 1];
    if is_vowel(last)
        || !last.is_alphabetic()
        || !chars[..base_chars - 1].iter().any(|&c| is_vowel(c))
    {
        return None;
    }
    if KEEP_ET_AFTER.iter().any(|end| base.ends_with(end)) {
        return None;
    }
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definite_et_meets_the_other_forms() {
        let stemmer = SwedishStemmer::new();
        let same = [
            ("nätverket", "nätverk"),
            ("nätverkets", "nätverken"),
            ("mötet", "möte"),
            ("samhället", "samhälle"),
            ("civilsamhällets", "civilsamhälle"),
            ("företaget", "företagen"),
            ("partnerskapet", "partnerskap"),
            ("området", "områden"),
            ("länet", "län"),
            ("deltagandet", "deltagande"),
            ("upphandlingen", "upphandling"),
            ("föreningar", "förening"),
        ];
        for (a, b) in same {
            assert_eq!(stemmer.stem(a), stemmer.stem(b), "{a} ~ {b}");
        }
        // Words where -et is not an ending keep it.
        for word in [
            "kvalitet",
            "universitet",
            "aktivitet",
            "paket",
            "alfabet",
            "det",
            "et",
        ] {
            assert!(stemmer.stem(word).ends_with("et"), "{word}");
        }
        for odd in ["", "s", "ets", "x\u{301}et", "ééééet", "123et"] {
            let _ = stemmer.stem(odd);
        }
    }

    #[test]
    fn english_and_german_meet_their_other_forms() {
        let english = WordStemmer::new(Lang::En);
        for (a, b) in [
            ("networking", "networks"),
            ("developing", "develop"),
            ("cooperating", "cooperation"),
            ("funded", "funding"),
            ("strengthening", "strengthen"),
        ] {
            assert_eq!(english.stem(a), english.stem(b), "{a} ~ {b}");
        }
        let german = WordStemmer::new(Lang::De);
        for (a, b) in [
            ("netzwerken", "netzwerke"),
            ("beschaffungen", "beschaffung"),
            ("internationaler", "internationale"),
            ("oeffentlichen", "oeffentliche"),
        ] {
            assert_eq!(german.stem(a), german.stem(b), "{a} ~ {b}");
        }
    }
}
