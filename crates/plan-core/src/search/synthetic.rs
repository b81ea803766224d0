//! A synthetic, deterministic data set for benchmarks: partner-like and
//! activity-like documents in Swedish-looking text about civil society, the
//! social economy and the municipalities of Örebro län.
//!
//! Compiled only for tests (`cargo test -p plan-core`) and with the
//! `synthetic` feature, which the benchmark crate (`benches/search`) turns on;
//! the app never does, so the product does not contain it.

use super::{Field, SearchDocument};

/// `partners` organisation-like documents (a name as [`Field::Title`], 2–4
/// [`Field::Tags`], a [`Field::Description`] of a few sentences), then
/// `activities` activity-like documents (a title, 1–3 tags, a description).
/// The same seed always gives the same documents, on every platform.
///
/// ```
/// use plan_core::search::synthetic::synthetic_documents;
/// let docs = synthetic_documents(7, 3, 2);
/// assert_eq!(docs.len(), 5);
/// assert_eq!(docs, synthetic_documents(7, 3, 2));
/// ```
pub fn synthetic_documents(seed: u64, partners: usize, activities: usize) -> Vec<SearchDocument> {
    let mut rng = SplitMix64(seed);
    let mut docs = Vec::with_capacity(partners + activities);
    for _ in 0..partners {
        docs.push(partner(&mut rng));
    }
    for _ in 0..activities {
        docs.push(activity(&mut rng));
    }
    docs
}

/// The splitmix64 generator: tiny, fast, and good enough for test data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

const MUNICIPALITIES: [&str; 12] = [
    "Örebro",
    "Karlskoga",
    "Kumla",
    "Lindesberg",
    "Hallsberg",
    "Askersund",
    "Degerfors",
    "Hällefors",
    "Laxå",
    "Lekeberg",
    "Ljusnarsberg",
    "Nora",
];

const ORGANISATION_KINDS: [&str; 14] = [
    "förening",
    "föreningen",
    "kooperativ",
    "kooperativet",
    "stiftelsen",
    "nätverket",
    "studieförbund",
    "idrottsförening",
    "hembygdsförening",
    "socialt företag",
    "ekonomisk förening",
    "byalag",
    "folkrörelse",
    "samverkansråd",
];

const NAME_PARTS: [&str; 24] = [
    "sol", "ek", "björk", "gran", "lind", "ros", "berg", "dal", "vik", "ås", "hag", "äng", "bäck",
    "sjö", "skog", "mo", "ström", "fors", "holm", "lund", "torp", "gård", "näs", "ö",
];

const NAME_ENDS: [&str; 10] = [
    "en", "gården", "backen", "dalen", "viken", "ängen", "backa", "torpet", "lyckan", "udden",
];

const THEMES: [&str; 24] = [
    "Integration",
    "Idrott",
    "Kultur",
    "Folkhälsa",
    "Ungdom",
    "Äldreomsorg",
    "Arbetsintegration",
    "Återbruk",
    "Landsbygd",
    "Demokrati",
    "Jämställdhet",
    "Mångfald",
    "Friluftsliv",
    "Musik",
    "Teater",
    "Stödboende",
    "Kvinnojour",
    "Läxhjälp",
    "Second hand",
    "Matbank",
    "Social innovation",
    "Hållbarhet",
    "Trygghet",
    "Fritid",
];

const TAGS: [&str; 22] = [
    "Kunskap",
    "Statistik",
    "Samhällsnytta",
    "Finansiering och stöd",
    "Sociala företag",
    "Upphandling",
    "Erfarenhetsutbyte",
    "Nätverk och mötesplatser",
    "Offentlig sektor",
    "Sektorsövergripande",
    "Internationellt",
    "Civilsamhälle",
    "Social ekonomi",
    "Idéburet offentligt partnerskap",
    "Arbetsmarknad",
    "Folkbildning",
    "Volontärer",
    "Barn och unga",
    "Äldre",
    "Nyanlända",
    "Landsbygdsutveckling",
    "Kultur",
];

const SUBJECTS: [&str; 14] = [
    "Föreningen",
    "Vi",
    "Organisationen",
    "Kooperativet",
    "Verksamheten",
    "Nätverket",
    "Stiftelsen",
    "Projektet",
    "Våra volontärer",
    "Medlemmarna",
    "Styrelsen",
    "Det sociala företaget",
    "Studieförbundet",
    "Partnerskapet",
];

const VERBS: [&str; 20] = [
    "arbetar med",
    "stärker",
    "utvecklar",
    "samordnar",
    "erbjuder",
    "stödjer",
    "driver",
    "skapar",
    "främjar",
    "samlar",
    "ordnar",
    "bidrar till",
    "deltar i",
    "leder",
    "bygger upp",
    "finansierar",
    "planerar",
    "genomför",
    "följer upp",
    "sprider kunskap om",
];

const OBJECTS: [&str; 40] = [
    "mötesplatser för unga",
    "arbetsträning för personer långt från arbetsmarknaden",
    "sociala innovationer",
    "samverkan med kommunen",
    "idéburet offentligt partnerskap",
    "upphandling med sociala hänsyn",
    "föreningsstöd och bidrag",
    "nätverket för sociala företag",
    "erfarenhetsutbyte mellan föreningar",
    "statistik om civilsamhällets omfattning",
    "kunskap om den sociala ekonomin",
    "integration av nyanlända",
    "läxhjälp och språkcaféer",
    "återbruk av möbler och kläder",
    "friluftsliv och naturupplevelser",
    "kulturarrangemang på landsbygden",
    "folkhälsa och fysisk aktivitet",
    "stöd till våldsutsatta kvinnor",
    "ideella insatser för äldre",
    "finansieringsformer för föreningslivet",
    "samhällsnytta och sociala värden",
    "demokratisk delaktighet",
    "internationella utbyten",
    "sektorsövergripande samarbeten",
    "kompetensutveckling för ideella ledare",
    "utbildningar i projektledning",
    "en matbank för hushåll med små marginaler",
    "arbetsintegrerande verksamhet",
    "lokala utvecklingsgrupper",
    "hembygdsgårdar och kulturmiljöer",
    "idrottsskolor för barn",
    "trygghetsvandringar i bostadsområden",
    "volontärer i vård och omsorg",
    "studiecirklar och folkbildning",
    "kooperativa boenden",
    "second hand-butiker",
    "digital delaktighet för seniorer",
    "ungdomars inflytande",
    "jämställdhet i föreningslivet",
    "mötesplatser mellan generationer",
];

const PLACES: [&str; 8] = [
    "i {m}",
    "i {m} kommun",
    "i hela Örebro län",
    "i {m} och {m}",
    "på landsbygden runt {m}",
    "i centrala {m}",
    "tillsammans med {m} kommun",
    "i regionen",
];

const ACTIVITY_VERBS: [&str; 12] = [
    "Öka kunskapen om",
    "Arbeta för att stärka",
    "Utveckla",
    "Stärka",
    "Öka",
    "Skapa",
    "Främja",
    "Sprida",
    "Kartlägga",
    "Samordna",
    "Följa upp",
    "Arbeta för att utveckla",
];

const ENDINGS: [&str; 8] = [
    ".",
    ".",
    ".",
    "!",
    ", året runt.",
    " sedan 1998.",
    " (i samarbete med Region Örebro län).",
    " – öppet för alla.",
];

fn municipality(rng: &mut SplitMix64) -> &'static str {
    rng.pick(&MUNICIPALITIES)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn place(rng: &mut SplitMix64) -> String {
    let template = rng.pick(&PLACES);
    let mut out = String::new();
    let mut parts = template.split("{m}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str(municipality(rng));
        out.push_str(part);
    }
    out
}

fn made_up_name(rng: &mut SplitMix64) -> String {
    let mut name = capitalize(rng.pick(&NAME_PARTS));
    if rng.between(0, 2) > 0 {
        name.push_str(rng.pick(&NAME_PARTS));
    }
    name.push_str(rng.pick(&NAME_ENDS));
    name
}

fn name(rng: &mut SplitMix64) -> String {
    match rng.between(0, 7) {
        0 => format!("Föreningen {}", made_up_name(rng)),
        1 => format!("{} {}", municipality(rng), rng.pick(&ORGANISATION_KINDS)),
        2 => format!("Stiftelsen {} i {}", made_up_name(rng), municipality(rng)),
        3 => format!(
            "{}s {}",
            municipality(rng),
            rng.pick(&THEMES).to_lowercase()
        ),
        4 => format!("{} {} ek. för.", made_up_name(rng), rng.pick(&THEMES)),
        5 => format!("{} – {}", rng.pick(&THEMES), made_up_name(rng)),
        6 => format!(
            "{}kooperativet {}",
            capitalize(rng.pick(&NAME_PARTS)),
            made_up_name(rng)
        ),
        _ => format!("{} {}", made_up_name(rng), rng.pick(&ORGANISATION_KINDS)),
    }
}

fn sentence(rng: &mut SplitMix64, subject: &str) -> String {
    format!(
        "{} {} {} {}{}",
        subject,
        rng.pick(&VERBS),
        rng.pick(&OBJECTS),
        place(rng),
        rng.pick(&ENDINGS)
    )
}

fn description(rng: &mut SplitMix64, sentences: usize) -> String {
    let mut text = String::new();
    for i in 0..sentences {
        if i > 0 {
            text.push(' ');
        }
        let subject = rng.pick(&SUBJECTS);
        text.push_str(&sentence(rng, subject));
    }
    text
}

/// `doc` with `low..=high` different tags.
fn tags(rng: &mut SplitMix64, doc: SearchDocument, low: usize, high: usize) -> SearchDocument {
    let mut doc = doc;
    let mut chosen: Vec<&str> = Vec::new();
    let count = rng.between(low, high);
    while chosen.len() < count {
        let tag = rng.pick(&TAGS);
        if !chosen.contains(&tag) {
            chosen.push(tag);
            doc = doc.with(Field::Tags, tag);
        }
    }
    doc
}

fn partner(rng: &mut SplitMix64) -> SearchDocument {
    let doc = SearchDocument::new().with(Field::Title, name(rng));
    let doc = tags(rng, doc, 2, 4);
    let sentences = rng.between(2, 4);
    doc.with(Field::Description, description(rng, sentences))
}

fn activity(rng: &mut SplitMix64) -> SearchDocument {
    let title = format!(
        "{} {} {}",
        rng.pick(&ACTIVITY_VERBS),
        rng.pick(&OBJECTS),
        place(rng)
    );
    let doc = SearchDocument::new().with(Field::Title, title);
    let doc = tags(rng, doc, 1, 3);
    let sentences = rng.between(1, 3);
    doc.with(Field::Description, description(rng, sentences))
}
