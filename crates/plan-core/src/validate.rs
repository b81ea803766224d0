//! Checks for the bundled data files: every problem, with file, JSON path and message.
//!
//! The region edits the JSON files by hand, so a mistake must be explained in
//! words a person can act on, and all mistakes must be listed at once.
//!
//! ```
//! use plan_core::validate::parse_plan;
//! let problems = parse_plan("plan.json", r#"{"format_version": 1, "titel": {}}"#).unwrap_err();
//! // An unknown field (a typo for "title") and the missing Swedish title are both reported;
//! // without the `json-paths` feature (the app) only the first, by line and column.
//! # #[cfg(feature = "json-paths")] {
//! assert!(problems.iter().any(|p| p.path == "$.titel"));
//! assert!(problems.iter().any(|p| p.path == "$.title.sv"));
//! # }
//! ```

use crate::embed::{check_parent_origin, MAX_PARENT_ORIGINS};
use crate::model::ids::IdIndex;
use crate::model::raw::{RawChoice, RawPartnerDirectory, RawPlan};
use crate::model::{
    shorten_for_message, shorten_to, AppConfig, FocusAreaIx, IsoDate, LocalizedText,
    MunicipalityIx, PartnerDirectory, Plan, SectorIx, TagIx, IDLE_COUNTDOWN_SECONDS,
    IDLE_RESET_SECONDS,
};
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::RangeInclusive;

/// The file format version this app reads.
pub const SUPPORTED_FORMAT_VERSION: u32 = 1;

/// Longest text a single field may hold; longer text is almost surely a paste gone wrong.
pub const MAX_TEXT_CHARS: usize = 5_000;

/// What a reference points at, for messages: the name of the thing and where
/// the valid ids are listed.
#[derive(Clone, Copy)]
struct Target {
    name: &'static str,
    listed_in: &'static str,
}

const FOCUS_AREA: Target = Target {
    name: "insatsområdet",
    listed_in: "$.focus_areas i plan.json",
};
const TAG: Target = Target {
    name: "ämnet",
    listed_in: "$.tags i plan.json",
};
const SECTOR: Target = Target {
    name: "sektorn",
    listed_in: "$.sectors",
};
const MUNICIPALITY: Target = Target {
    name: "kommunen",
    listed_in: "$.municipalities",
};

/// One thing wrong in a data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file's name, for example `plan.json`.
    pub file: String,
    /// Where in the file, as a JSON path such as `$.activities[3].text.sv`.
    pub path: String,
    /// What is wrong and, where it helps, what to write instead.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.path, self.message)
    }
}

/// Reads `plan.json` and checks it into a validated [`Plan`]. `file` names
/// the file in the messages.
pub fn parse_plan(file: &str, json: &str) -> Result<Plan, Vec<Problem>> {
    let (raw, problems) = parse_json::<RawPlan>(file, json)?;
    with_unknown_fields(problems, Plan::from_raw(file, raw))
}

/// A validated file, unless `parse_json` found unknown fields: those come
/// first in the list, then what validation found.
fn with_unknown_fields<T>(
    mut unknown_fields: Vec<Problem>,
    validated: Result<T, Vec<Problem>>,
) -> Result<T, Vec<Problem>> {
    match validated {
        Ok(value) if unknown_fields.is_empty() => Ok(value),
        Ok(_) => Err(unknown_fields),
        Err(problems) => {
            unknown_fields.extend(problems);
            Err(unknown_fields)
        }
    }
}

/// Deserialises JSON leniently and lists fields the format does not know
/// (usually typos, which would otherwise be ignored silently).
///
/// A JSON syntax error or a value of the wrong type stops parsing; it comes
/// back as the only problem, together with the unknown fields seen before it.
///
/// With the `json-paths` feature (editors' `validate-data`, native tests) such a problem
/// has its JSON path and every unknown field is listed. Without it (the app in the
/// browser, where the two crates that do this cost 7 KiB of brotli-compressed wasm) the
/// problem's path is `$`, its message gives serde_json's line and column and points at
/// `validate-data`, and the first unknown field stops parsing like a wrong type.
pub fn parse_json<T: DeserializeOwned>(
    file: &str,
    json: &str,
) -> Result<(T, Vec<Problem>), Vec<Problem>> {
    // Editors on Windows often save with a byte-order mark; browsers drop it too.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    // serde would read a JSON array as a struct, field by field; a data file is always an object.
    if json.trim_start().starts_with('[') {
        return Err(vec![Problem {
            file: file.to_string(),
            path: "$".into(),
            message: "värdet har fel typ: filen ska innehålla ett JSON-objekt som börjar med {, inte en lista".into(),
        }]);
    }
    parse_json_object(file, json)
}

/// What `validate-data` adds to a problem that the browser can only place by line and column.
#[cfg(not(feature = "json-paths"))]
const FOR_THE_JSON_PATH: &str =
    " (sökvägen i filen och alla fel på en gång ger: cargo run -p plan-core --bin validate-data)";

/// Without `json-paths`: serde_json alone, placing a problem by line and column.
#[cfg(not(feature = "json-paths"))]
fn parse_json_object<T: DeserializeOwned>(
    file: &str,
    json: &str,
) -> Result<(T, Vec<Problem>), Vec<Problem>> {
    // `from_str` also refuses anything after the top-level value.
    serde_json::from_str(json)
        .map(|value| (value, Vec::new()))
        .map_err(|error| {
            let mut problem = json_error_problem(file, ".", &error);
            problem.message.push_str(FOR_THE_JSON_PATH);
            vec![problem]
        })
}

/// With `json-paths`: every unknown field and the JSON path of what stopped parsing.
#[cfg(feature = "json-paths")]
fn parse_json_object<T: DeserializeOwned>(
    file: &str,
    json: &str,
) -> Result<(T, Vec<Problem>), Vec<Problem>> {
    let mut unknown_fields = Vec::new();
    let mut json_deserializer = serde_json::Deserializer::from_str(json);
    let mut note_unknown = |path: serde_ignored::Path<'_>| {
        unknown_fields.push(json_path_of_ignored(&path));
    };
    let tracking = serde_ignored::Deserializer::new(&mut json_deserializer, &mut note_unknown);
    let parsed: Result<T, Problem> = serde_path_to_error::deserialize(tracking).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        json_error_problem(file, &path, &inner)
    });
    // Anything after the top-level value (a second object, stray text) is a syntax error too.
    let parsed = parsed.and_then(|value| {
        json_deserializer
            .end()
            .map(|()| value)
            .map_err(|error| json_error_problem(file, ".", &error))
    });
    let mut problems: Vec<Problem> = unknown_fields
        .into_iter()
        .map(|path| Problem {
            file: file.to_string(),
            path,
            message: UNKNOWN_FIELD.into(),
        })
        .collect();
    match parsed {
        Ok(value) => Ok((value, problems)),
        Err(problem) => {
            problems.push(problem);
            Err(problems)
        }
    }
}

/// What to do about a field the format does not know.
const UNKNOWN_FIELD: &str =
    "okänt fält; jämför stavningen med formatbeskrivningen i public/data/README.md";

fn json_error_problem(file: &str, path: &str, error: &serde_json::Error) -> Problem {
    // Syntax errors have no meaningful JSON path; their message gives line and column instead.
    let path = if path == "." || error.is_syntax() || error.is_eof() {
        "$".to_string()
    } else {
        format!("$.{path}")
    };
    Problem {
        file: file.to_string(),
        path,
        message: describe_json_error(error),
    }
}

fn describe_json_error(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    // serde_json ends its text with " at line L column C"; that part is put back after
    // shortening, so that a long message (a list of expected fields) keeps its position.
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) if error.line() > 0 => &text[..at],
        _ => &text,
    };
    let position = if error.line() > 0 {
        format!(" på rad {} kolumn {}", error.line(), error.column())
    } else {
        String::new()
    };
    // serde's text quotes the offending value, which may be huge or hostile,
    // and names Rust types, which mean nothing to the people editing the file.
    let detail = shorten_to(text, 200)
        .replace(
            "struct LocalizedText",
            "ett objekt med texter som {\"sv\": \"…\"}",
        )
        .replace("expected struct ", "expected an object: ");
    let detail = in_swedish(&detail);
    match error.classify() {
        Category::Syntax => format!("filen är inte giltig JSON: {detail}{position}"),
        Category::Eof => {
            format!("filen tar slut för tidigt; troligen saknas en parentes eller ett citattecken{position}")
        }
        // Only without `json-paths`, where the data types refuse unknown fields themselves.
        Category::Data if detail.starts_with("okänt fält") => {
            format!("{UNKNOWN_FIELD}: {detail}{position}")
        }
        Category::Data if detail.starts_with("ogiltigt värde") => format!("{detail}{position}"),
        Category::Data => format!("värdet har fel typ: {detail}{position}"),
        Category::Io => format!("filen kunde inte läsas: {detail}{position}"),
    }
}

/// serde's and serde_json's words for what went wrong, in Swedish for the people editing
/// the files. Only the words between the quoted parts change: a value in `"…"` and a field or
/// number in `` `…` `` stay as written. A phrase not in this table stays in English, which
/// still says what is wrong.
fn in_swedish(detail: &str) -> String {
    // Longer phrases first: "key must be a string" before "a string".
    const PHRASES: [(&str, &str); 36] = [
        (
            "key must be a string",
            "nyckeln måste vara en text i citattecken",
        ),
        ("control character", "styrtecken"),
        ("found while parsing a string", "i en text"),
        ("EOF while parsing a list", "filen tog slut mitt i en lista"),
        (
            "EOF while parsing an object",
            "filen tog slut mitt i ett objekt",
        ),
        (
            "EOF while parsing a string",
            "filen tog slut mitt i en text",
        ),
        ("EOF while parsing a value", "filen tog slut före ett värde"),
        ("expected value", "förväntade ett värde"),
        ("expected ident", "förväntade true, false eller null"),
        ("trailing comma", "ett kommatecken för mycket före slutet"),
        ("trailing characters", "tecken efter slutet av objektet"),
        ("invalid escape", "ogiltig \\-sekvens"),
        ("invalid number", "ogiltigt tal"),
        ("number out of range", "talet är för stort"),
        ("invalid unicode code point", "ogiltigt Unicode-tecken"),
        ("recursion limit exceeded", "för djupt nästlad"),
        // The message already says "värdet har fel typ".
        ("invalid type: ", ""),
        ("invalid value: ", "ogiltigt värde: "),
        ("invalid length ", "fel längd "),
        ("expected an object: ", "förväntade ett objekt: "),
        ("unknown field ", "okänt fält "),
        ("expected one of ", "förväntade ett av "),
        ("there are no fields", "det finns inga fält"),
        ("missing field ", "fältet saknas: "),
        ("duplicate field ", "fältet står två gånger: "),
        ("a sequence", "en lista [ … ]"),
        ("a string", "en text"),
        ("a boolean", "true eller false"),
        ("u32", "ett heltal från 0 och uppåt"),
        ("string ", "texten "),
        ("integer ", "heltalet "),
        ("floating point ", "decimaltalet "),
        ("boolean ", "sanningsvärdet "),
        ("map, ", "ett objekt, "),
        (", expected ", ", förväntade "),
        (" or ", " eller "),
    ];
    let translate = |words: &str| {
        PHRASES
            .iter()
            .fold(words.to_string(), |text, (english, swedish)| {
                text.replace(english, swedish)
            })
    };
    // Split into the words between quotes (translated) and the quoted parts (kept).
    let mut out = String::with_capacity(detail.len());
    let mut words = String::new();
    let mut chars = detail.chars();
    while let Some(c) = chars.next() {
        if c != '"' && c != '`' {
            words.push(c);
            continue;
        }
        out.push_str(&translate(&words));
        words.clear();
        out.push(c);
        for inner in chars.by_ref() {
            out.push(inner);
            if inner == c {
                break;
            }
        }
    }
    out.push_str(&translate(&words));
    out
}

#[cfg(feature = "json-paths")]
fn json_path_of_ignored(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => "$".into(),
        Path::Seq { parent, index } => format!("{}[{index}]", json_path_of_ignored(parent)),
        // Keys come from the file: shorten and escape them so they cannot forge output lines.
        Path::Map { parent, key } => format!(
            "{}.{}",
            json_path_of_ignored(parent),
            shorten_for_message(key)
        ),
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => json_path_of_ignored(parent),
    }
}

/// Checks a deserialised plan and returns every problem found.
pub fn validate_plan(file: &str, plan: &RawPlan) -> Vec<Problem> {
    check_plan(file, plan).err().unwrap_or_default()
}

/// What checking a plan resolves, for [`Plan::from_raw`] to build from.
pub(crate) struct ResolvedPlan {
    pub decided_on: IsoDate,
    pub updated_on: IsoDate,
    /// Per activity, in file order: its focus area and its tags.
    pub activity_references: Vec<(FocusAreaIx, Vec<TagIx>)>,
}

/// Checks a deserialised plan: every problem found, or, if there is none,
/// its dates and references resolved.
pub(crate) fn check_plan(file: &str, plan: &RawPlan) -> Result<ResolvedPlan, Vec<Problem>> {
    let mut check = Checker::new(file);

    check.format_version(plan.format_version);
    check.id("$.id", &plan.id);
    check.required_text("$.title", &plan.title);
    check.required_text("$.owner", &plan.owner);
    check.required_text("$.goal", &plan.goal);
    for (i, paragraph) in plan.process.iter().enumerate() {
        check.required_text(&format!("$.process[{i}]"), paragraph);
    }
    let decided_on = check.date("$.decided_on", &plan.decided_on);
    let updated_on = check.date("$.updated_on", &plan.updated_on);
    if let Some(source) = &plan.source {
        check.required_text("$.source.label", &source.label);
        check.url("$.source.url", &source.url);
    }

    let mut seen_tag_ids = HashSet::new();
    for (i, tag) in plan.tags.iter().enumerate() {
        let path = format!("$.tags[{i}]");
        check.unique_id(&path, &tag.id, &mut seen_tag_ids);
        check.required_text(&format!("{path}.label"), &tag.label);
    }

    if plan.focus_areas.is_empty() {
        check.report(
            "$.focus_areas",
            "handlingsplanen behöver minst ett insatsområde",
        );
    }
    let mut ids = HashSet::new();
    let mut numbers = HashMap::new();
    for (i, area) in plan.focus_areas.iter().enumerate() {
        let path = format!("$.focus_areas[{i}]");
        check.unique_id(&path, &area.id, &mut ids);
        check.required_text(&format!("{path}.title"), &area.title);
        if area.number == 0 {
            check.report(
                format!("{path}.number"),
                "ska vara ett heltal från 1 och uppåt",
            );
        } else if let Some(first) = numbers.insert(area.number, i) {
            check.report(
                format!("{path}.number"),
                format!(
                    "{} används redan av $.focus_areas[{first}]; numren ska vara olika",
                    area.number
                ),
            );
        }
    }
    let focus_area_ids = KnownIds::new(plan.focus_areas.iter().map(|a| a.id.as_str()));
    let tag_ids = KnownIds::new(plan.tags.iter().map(|t| t.id.as_str()));

    let mut activity_references = Vec::with_capacity(plan.activities.len());
    for (i, activity) in plan.activities.iter().enumerate() {
        let path = format!("$.activities[{i}]");
        check.unique_id(&path, &activity.id, &mut ids);
        check.required_text(&format!("{path}.text"), &activity.text);
        let focus_area = check.reference(
            &format!("{path}.focus_area"),
            FOCUS_AREA,
            &activity.focus_area,
            &focus_area_ids,
        );
        let tags = check.references(&format!("{path}.tags"), TAG, &activity.tags, &tag_ids);
        activity_references.push(focus_area.zip(tags).map(|(area, tags)| {
            let tags = tags.into_iter().map(TagIx::new).collect();
            (FocusAreaIx::new(area), tags)
        }));
    }

    check.required_text("$.partnership.name", &plan.partnership.name);
    for (i, paragraph) in plan.partnership.paragraphs.iter().enumerate() {
        check.required_text(&format!("$.partnership.paragraphs[{i}]"), paragraph);
    }
    for (i, contact) in plan.contacts.iter().enumerate() {
        let path = format!("$.contacts[{i}]");
        check.unique_id(&path, &contact.id, &mut ids);
        check.required_plain_text(&format!("{path}.name"), &contact.name);
        check.required_text(&format!("{path}.role"), &contact.role);
    }
    check_corrections(&mut check, plan);

    let resolved = match (
        decided_on,
        updated_on,
        activity_references.into_iter().collect(),
    ) {
        (Some(decided_on), Some(updated_on), Some(activity_references)) => Some(ResolvedPlan {
            decided_on,
            updated_on,
            activity_references,
        }),
        _ => None,
    };
    check.finish(resolved)
}

/// Each correction names a focus area or activity whose Swedish text shows the corrected
/// words and no longer the source's: a correction undone, or one made elsewhere, is reported.
fn check_corrections(check: &mut Checker<'_>, plan: &RawPlan) {
    let swedish_text_of = |id: &str| {
        let areas = plan.focus_areas.iter().map(|area| (&area.id, &area.title));
        let activities = plan.activities.iter().map(|a| (&a.id, &a.text));
        areas
            .chain(activities)
            .find(|(entry, _)| entry.as_str() == id)
            .map(|(_, text)| text.sv.clone())
    };
    for (i, correction) in plan.corrections.iter().enumerate() {
        let path = format!("$.corrections[{i}]");
        check.required_plain_text(&format!("{path}.source"), &correction.source);
        check.required_plain_text(&format!("{path}.shown"), &correction.shown);
        if correction.source.trim() == correction.shown.trim() {
            check.report(&path, "source och shown är lika; en rättelse ändrar orden");
            continue;
        }
        let Some(text) = swedish_text_of(&correction.entry) else {
            check.report(
                format!("{path}.entry"),
                format!(
                    "\"{}\" är inte id för ett insatsområde eller en aktivitet i handlingsplanen",
                    correction.entry
                ),
            );
            continue;
        };
        if !correction.shown.trim().is_empty() && !text.contains(correction.shown.trim()) {
            check.report(
                format!("{path}.shown"),
                format!(
                    "den svenska texten i {} innehåller inte de här orden; rätta texten eller den här raden",
                    correction.entry
                ),
            );
        }
        if !correction.source.trim().is_empty() && text.contains(correction.source.trim()) {
            check.report(
                format!("{path}.source"),
                format!(
                    "den svenska texten i {} har fortfarande källans ordalydelse; för in rättelsen i texten",
                    correction.entry
                ),
            );
        }
    }
}

/// Reads `partners.json` and checks it into a validated [`PartnerDirectory`],
/// including its references into the (already validated) plan: focus areas and tags.
pub fn parse_partners(
    file: &str,
    json: &str,
    plan: &Plan,
) -> Result<PartnerDirectory, Vec<Problem>> {
    let (raw, problems) = parse_json::<RawPartnerDirectory>(file, json)?;
    with_unknown_fields(problems, PartnerDirectory::from_raw(file, raw, plan))
}

/// Checks a deserialised partner directory against the plan and returns every problem found.
pub fn validate_partners(file: &str, directory: &RawPartnerDirectory, plan: &Plan) -> Vec<Problem> {
    check_partners(file, directory, plan)
        .err()
        .unwrap_or_default()
}

/// What checking a partner resolves, for [`PartnerDirectory::from_raw`] to build from.
pub(crate) struct ResolvedPartner {
    pub sector: SectorIx,
    pub municipality: MunicipalityIx,
    pub focus_areas: Vec<FocusAreaIx>,
    pub tags: Vec<TagIx>,
}

/// Checks a deserialised partner directory against the plan: every problem
/// found, or, if there is none, each partner's references resolved, in file order.
pub(crate) fn check_partners(
    file: &str,
    directory: &RawPartnerDirectory,
    plan: &Plan,
) -> Result<Vec<ResolvedPartner>, Vec<Problem>> {
    let mut check = Checker::new(file);
    check.format_version(directory.format_version);
    check.vocabulary("$.sectors", &directory.sectors);
    check.vocabulary("$.municipalities", &directory.municipalities);
    let sector_ids = KnownIds::new(directory.sectors.iter().map(|c| c.id.as_str()));
    let municipality_ids = KnownIds::new(directory.municipalities.iter().map(|c| c.id.as_str()));
    let focus_area_ids = KnownIds::new(plan.focus_areas().iter().map(|a| a.id.as_str()));
    let tag_ids = KnownIds::new(plan.tags().iter().map(|t| t.id.as_str()));

    let mut ids = HashSet::new();
    let mut resolved = Vec::with_capacity(directory.partners.len());
    for (i, partner) in directory.partners.iter().enumerate() {
        let path = format!("$.partners[{i}]");
        check.unique_id(&path, &partner.id, &mut ids);
        check.required_plain_text(&format!("{path}.name"), &partner.name);
        let sector = check.reference(
            &format!("{path}.sector"),
            SECTOR,
            &partner.sector,
            &sector_ids,
        );
        let municipality = check.reference(
            &format!("{path}.municipality"),
            MUNICIPALITY,
            &partner.municipality,
            &municipality_ids,
        );
        let focus_areas = check.references(
            &format!("{path}.focus_areas"),
            FOCUS_AREA,
            &partner.focus_areas,
            &focus_area_ids,
        );
        let tags = check.references(&format!("{path}.tags"), TAG, &partner.tags, &tag_ids);
        resolved.push(match (sector, municipality, focus_areas, tags) {
            (Some(sector), Some(municipality), Some(focus_areas), Some(tags)) => {
                Some(ResolvedPartner {
                    sector: SectorIx::new(sector),
                    municipality: MunicipalityIx::new(municipality),
                    focus_areas: focus_areas.into_iter().map(FocusAreaIx::new).collect(),
                    tags: tags.into_iter().map(TagIx::new).collect(),
                })
            }
            _ => None,
        });
        check.required_text(&format!("{path}.description"), &partner.description);
        if let Some(website) = &partner.website {
            check.url(&format!("{path}.website"), website);
        }
        if let Some(contact) = &partner.contact {
            check.required_text(&format!("{path}.contact.label"), &contact.label);
            check.url(&format!("{path}.contact.url"), &contact.url);
        }
        for (j, person) in partner.contact_people.iter().enumerate() {
            let person_path = format!("{path}.contact_people[{j}]");
            check.required_plain_text(&format!("{person_path}.name"), &person.name);
            check.required_text(&format!("{person_path}.role"), &person.role);
        }
    }
    check.finish(resolved.into_iter().collect())
}

/// Reads `config.json` and checks it.
pub fn parse_config(file: &str, json: &str) -> Result<AppConfig, Vec<Problem>> {
    let (config, mut problems) = parse_json::<AppConfig>(file, json)?;
    let mut check = Checker::new(file);
    check.format_version(config.format_version);
    check.endpoint("$.feedback.endpoint", &config.feedback.endpoint);
    check.seconds(
        "$.kiosk.idle_reset_seconds",
        config.kiosk.idle_reset_seconds,
        IDLE_RESET_SECONDS,
    );
    check.seconds(
        "$.kiosk.idle_countdown_seconds",
        config.kiosk.idle_countdown_seconds,
        IDLE_COUNTDOWN_SECONDS,
    );
    check.parent_origins(
        "$.embed.allowed_parent_origins",
        &config.embed.allowed_parent_origins,
    );
    if let Some(report_to) = &config.accessibility.report_to {
        check.required_text("$.accessibility.report_to.label", &report_to.label);
        check.url("$.accessibility.report_to.url", &report_to.url);
    }
    problems.extend(check.problems);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// Checks that a link is safe to put in an `href`: only `https:`, `http:`,
/// `mailto:` and `tel:` links, with something after the scheme.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Err("är tom; skriv en hel adress, till exempel https://www.example.se/".into());
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "\"{}\" innehåller mellanslag eller styrtecken; ta bort dem",
            shorten(url)
        ));
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(format!(
            "\"{}\" saknar adresstyp; börja med https://, mailto: eller tel:",
            shorten(url)
        ));
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "http" => {
            let host = rest
                .strip_prefix("//")
                .map(|after| after.split(['/', '?', '#']).next().unwrap_or(""))
                .unwrap_or("");
            if host.is_empty() {
                Err(format!(
                    "\"{}\" saknar värdnamn; skriv till exempel https://www.example.se/",
                    shorten(url)
                ))
            } else {
                Ok(())
            }
        }
        "mailto" => match rest.split('?').next().unwrap_or("").split_once('@') {
            Some((user, domain)) if !user.is_empty() && domain.contains('.') => Ok(()),
            _ => Err(format!(
                "\"{}\" är ingen e-postadress; skriv till exempel mailto:info@example.se",
                shorten(url)
            )),
        },
        "tel" => {
            let digits = rest.chars().filter(char::is_ascii_digit).count();
            let allowed = rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.'));
            if allowed && digits >= 3 {
                Ok(())
            } else {
                Err(format!(
                    "\"{}\" är inget telefonnummer; skriv till exempel tel:+46191234567",
                    shorten(url)
                ))
            }
        }
        other => Err(format!(
            "använder adresstypen \"{}:\"; bara länkar med https:, http:, mailto: och tel: är tillåtna",
            shorten(other)
        )),
    }
}

/// Collects problems for one file; each check method reports and carries on.
struct Checker<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn new(file: &'a str) -> Self {
        Checker {
            file,
            problems: Vec::new(),
        }
    }

    /// The checked file's resolved contents, or every problem reported.
    ///
    /// A check that cannot resolve a value (a date, a reference) always
    /// reports why, so `None` never comes without a problem.
    fn finish<T>(mut self, resolved: Option<T>) -> Result<T, Vec<Problem>> {
        match resolved {
            Some(value) if self.problems.is_empty() => Ok(value),
            // Should a future check forget to say why, the editor still gets a message
            // rather than an empty list of problems.
            None if self.problems.is_empty() => {
                self.report(
                    "$",
                    "filen kunde inte läsas i sin helhet; kontrollera den med validate-data",
                );
                Err(self.problems)
            }
            _ => Err(self.problems),
        }
    }

    fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            path: path.into(),
            message: message.into(),
        });
    }

    /// Ids appear in links and page anchors, so they are kept simple.
    fn id(&mut self, path: &str, id: &str) -> bool {
        let valid = !id.is_empty()
            && id.len() <= 64
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !valid {
            let message = if id.is_empty() {
                "saknas; varje post behöver ett id, till exempel \"fa-1\"".to_string()
            } else {
                format!(
                    "\"{}\" är inget giltigt id; använd små bokstäver a–z, siffror och enstaka bindestreck, högst 64 tecken",
                    shorten(id)
                )
            };
            self.report(path, message);
        }
        valid
    }

    fn unique_id<'s>(&mut self, item_path: &str, id: &'s str, seen: &mut HashSet<&'s str>) {
        let path = format!("{item_path}.id");
        if self.id(&path, id) && !seen.insert(id) {
            self.report(
                path,
                format!("\"{id}\" används mer än en gång; varje id ska vara unikt"),
            );
        }
    }

    /// Every file says which version of its format it is written in.
    fn format_version(&mut self, version: u32) {
        if version != SUPPORTED_FORMAT_VERSION {
            self.report(
                "$.format_version",
                format!("är {version}, men appen läser formatversion {SUPPORTED_FORMAT_VERSION}"),
            );
        }
    }

    /// A list of choices (sectors, municipalities): unique ids, Swedish labels.
    fn vocabulary(&mut self, path: &str, choices: &[RawChoice]) {
        if choices.is_empty() {
            self.report(
                path,
                "listan är tom; organisationerna behöver minst ett värde att hänvisa till",
            );
        }
        let mut seen = HashSet::new();
        for (i, choice) in choices.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            self.unique_id(&item_path, &choice.id, &mut seen);
            self.required_text(&format!("{item_path}.label"), &choice.label);
        }
    }

    /// A single id that must be one of `known`: its position there, if it is.
    fn reference(
        &mut self,
        path: &str,
        target: Target,
        value: &str,
        known: &KnownIds<'_>,
    ) -> Option<usize> {
        let position = known.position(value);
        if position.is_none() {
            self.report(
                path,
                format!(
                    "hänvisar till {} \"{}\", som inte finns (det står inte i {}); använd något av: {}",
                    target.name,
                    shorten(value),
                    target.listed_in,
                    known.listing()
                ),
            );
        }
        position
    }

    /// A list of ids that must each be one of `known`, each listed once:
    /// their positions there, if they all are.
    fn references(
        &mut self,
        path: &str,
        target: Target,
        values: &[String],
        known: &KnownIds<'_>,
    ) -> Option<Vec<usize>> {
        let mut seen = HashSet::new();
        let mut positions = Vec::with_capacity(values.len());
        let mut all_resolved = true;
        for (j, value) in values.iter().enumerate() {
            let item_path = format!("{path}[{j}]");
            match self.reference(&item_path, target, value, known) {
                None => all_resolved = false,
                Some(_) if !seen.insert(value.as_str()) => {
                    self.report(
                        item_path,
                        format!("{} \"{value}\" står två gånger", target.name),
                    );
                    all_resolved = false;
                }
                Some(position) => positions.push(position),
            }
        }
        all_resolved.then_some(positions)
    }

    fn required_text(&mut self, path: &str, text: &LocalizedText) {
        self.required_plain_text(&format!("{path}.sv"), &text.sv);
        for (lang, translation) in [("en", &text.en), ("de", &text.de)] {
            if let Some(translation) = translation {
                self.text_content(&format!("{path}.{lang}"), translation);
            }
        }
    }

    fn required_plain_text(&mut self, path: &str, text: &str) {
        if text.trim().is_empty() {
            self.report(path, "saknas eller är tom; den här texten krävs");
        } else {
            self.text_content(path, text);
        }
    }

    fn text_content(&mut self, path: &str, text: &str) {
        if text.chars().any(|c| c.is_control() && c != '\n') {
            self.report(
                path,
                "innehåller styrtecken (till exempel tabb eller NUL); ta bort dem",
            );
        }
        let length = text.chars().count();
        if length > MAX_TEXT_CHARS {
            self.report(
                path,
                format!("är {length} tecken lång; högst {MAX_TEXT_CHARS} är tillåtna"),
            );
        }
    }

    fn date(&mut self, path: &str, value: &str) -> Option<IsoDate> {
        IsoDate::parse(value)
            .map_err(|message| self.report(path, message))
            .ok()
    }

    /// An API address: a relative path such as `api/feedback`, or an `http(s):` URL.
    fn endpoint(&mut self, path: &str, endpoint: &str) {
        let is_web_url = endpoint.starts_with("https://") || endpoint.starts_with("http://");
        if is_web_url {
            self.url(path, endpoint);
        } else if endpoint.is_empty()
            || endpoint.contains(':')
            || endpoint.starts_with("//")
            || endpoint
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            self.report(
                path,
                format!(
                    "\"{}\" är ingen användbar adress; skriv en sökväg som api/feedback eller en hel https://-adress",
                    shorten(endpoint)
                ),
            );
        }
    }

    /// A number of seconds that must lie within `allowed`.
    fn seconds(&mut self, path: &str, value: u32, allowed: RangeInclusive<u32>) {
        if !allowed.contains(&value) {
            self.report(
                path,
                format!(
                    "är {value}; ange ett antal sekunder från {} till {}",
                    allowed.start(),
                    allowed.end()
                ),
            );
        }
    }

    /// `embed.allowed_parent_origins`: origins as browsers write them, each once.
    fn parent_origins(&mut self, path: &str, origins: &[String]) {
        if origins.len() > MAX_PARENT_ORIGINS {
            self.report(
                path,
                format!(
                    "listar {} webbplatser; högst {MAX_PARENT_ORIGINS} är tillåtna",
                    origins.len()
                ),
            );
        }
        let mut seen = HashSet::new();
        for (i, origin) in origins.iter().enumerate() {
            let entry_path = format!("{path}[{i}]");
            if let Err(message) = check_parent_origin(origin) {
                self.report(entry_path, message);
            } else if !seen.insert(origin.as_str()) {
                self.report(
                    entry_path,
                    format!("\"{}\" står två gånger", shorten(origin)),
                );
            }
        }
    }

    fn url(&mut self, path: &str, url: &str) {
        if let Err(message) = check_url(url) {
            self.report(path, message);
        }
    }
}

fn shorten(text: &str) -> String {
    shorten_for_message(text)
}

/// The ids a reference may use: looked up by id, listed in file order.
struct KnownIds<'a> {
    in_file_order: Vec<&'a str>,
    positions: IdIndex,
}

impl<'a> KnownIds<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        let in_file_order: Vec<&str> = ids.collect();
        // A repeated id is reported where it is defined; references resolve to the first.
        let positions = IdIndex::new(in_file_order.iter().copied());
        KnownIds {
            in_file_order,
            positions,
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.positions.position(id)
    }

    /// The ids for a message, shortened so a hostile file cannot flood it.
    fn listing(&self) -> String {
        const MAX_LISTED: usize = 20;
        let mut list: Vec<String> = Vec::new();
        let mut listed = HashSet::new();
        for id in &self.in_file_order {
            if list.len() < MAX_LISTED && !listed.contains(*id) {
                let shown = shorten(id);
                listed.insert(shown.clone());
                list.push(shown);
            }
        }
        match self.in_file_order.len() {
            0 => "(inga är angivna)".into(),
            n if n > MAX_LISTED => format!("{} …", list.join(", ")),
            _ => list.join(", "),
        }
    }
}

/// The kinds of data file the app reads, recognised by file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFileKind {
    /// `plan.json`, the action plan.
    Plan,
    /// `partners.json`, the partner directory; its references are checked against `plan.json`.
    Partners,
    /// `config.json`, the runtime settings.
    Config,
}

impl DataFileKind {
    /// Every kind, for listing and for validating a whole folder.
    pub const ALL: [DataFileKind; 3] = [
        DataFileKind::Plan,
        DataFileKind::Partners,
        DataFileKind::Config,
    ];

    /// The file name the app loads for this kind.
    pub fn file_name(self) -> &'static str {
        match self {
            DataFileKind::Plan => "plan.json",
            DataFileKind::Partners => "partners.json",
            DataFileKind::Config => "config.json",
        }
    }

    /// Recognises a file by its name, wherever it lies.
    pub fn from_path(path: &std::path::Path) -> Option<DataFileKind> {
        let name = path.file_name()?.to_str()?;
        DataFileKind::ALL
            .into_iter()
            .find(|kind| kind.file_name() == name)
    }

    /// The known file names, for messages.
    pub fn names() -> String {
        DataFileKind::ALL.map(DataFileKind::file_name).join(", ")
    }
}

/// Validates one file of the given kind and returns every problem (none if it is valid).
///
/// `partners.json` refers to focus areas and tags in `plan.json`, so it needs
/// the valid plan; without one its references cannot be checked, which is
/// reported as a problem.
pub fn validate_file(
    kind: DataFileKind,
    file: &str,
    json: &str,
    plan: Option<&Plan>,
) -> Vec<Problem> {
    match (kind, plan) {
        (DataFileKind::Plan, _) => parse_plan(file, json).err().unwrap_or_default(),
        (DataFileKind::Config, _) => parse_config(file, json).err().unwrap_or_default(),
        (DataFileKind::Partners, Some(plan)) => parse_partners(file, json, plan).err().unwrap_or_default(),
        (DataFileKind::Partners, None) => vec![Problem {
            file: file.to_string(),
            path: "$".into(),
            message: "kan inte kontrolleras utan en giltig plan.json bredvid, eftersom den hänvisar till dess insatsområden och ämnen".into(),
        }],
    }
}
