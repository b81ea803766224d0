//! Partners from a spreadsheet: the region's editors keep their lists in Excel, so
//! `partners.json`'s organisations can also come as CSV saved from Excel ("CSV UTF-8"),
//! `;`-separated (a file saved with `,` is read too), one organisation a row under a header
//! row with the columns of [`COLUMNS`]. The sectors and municipalities, with their labels in
//! three languages, stay in `partners.json`: a row names them by id or by label, and the
//! conversion writes the id.
//!
//! The people named for an organisation (`contact_people`) are not in the list: they are kept
//! from `partners.json` for the organisation with the same id.
//!
//! The conversion only reads the table; the directory it gives is then checked by the
//! validator like any `partners.json` (`validate::parse_partners`), whose problems name a
//! partner as `$.partners[i]`; [`check_partners_csv`] adds the row of the file it came from.
//! The columns are documented in `public/data/README.md`.
//!
//! ```
//! use plan_core::model::raw::RawPartnerDirectory;
//! use plan_core::partners_csv::partners_from_csv;
//! let base: RawPartnerDirectory =
//!     serde_json::from_str(include_str!("../../../public/data/partners.json")).unwrap();
//! let csv = "id;namn;exempel;sektor;kommun;insatsomraden;amnen;beskrivning_sv;beskrivning_en;beskrivning_de;webbplats;kontakt_sv;kontakt_en;kontakt_de;kontakt_adress\n\
//!            nora-forening;Nora förening;ja;Civilsamhälle;Nora;fa-3;networks;Ett exempel.;;;;;;;\n";
//! let directory = partners_from_csv("partners.csv", csv.as_bytes(), &base).unwrap();
//! assert_eq!(directory.partners.len(), 1);
//! assert_eq!(directory.partners[0].sector, "civil-society");
//! assert_eq!(directory.sectors, base.sectors);
//! ```

use crate::model::raw::{RawChoice, RawPartner, RawPartnerDirectory};
use crate::model::{ContactPoint, LocalizedText};
use crate::validate::Problem;

/// The header row, in this order. A file may leave out the optional columns (every one but
/// `id`, `namn`, `sektor` and `kommun`) and order them as it likes; it may not add others.
pub const COLUMNS: [&str; 15] = [
    "id",
    "namn",
    "exempel",
    "sektor",
    "kommun",
    "insatsomraden",
    "amnen",
    "beskrivning_sv",
    "beskrivning_en",
    "beskrivning_de",
    "webbplats",
    "kontakt_sv",
    "kontakt_en",
    "kontakt_de",
    "kontakt_adress",
];

/// The columns every file must have.
const REQUIRED: [&str; 4] = ["id", "namn", "sektor", "kommun"];

/// The CSV `bytes` as a partner directory: `base`'s format version, sectors and
/// municipalities, with the file's organisations as its partners. `Err` with every problem
/// of the table itself (not UTF-8, a missing or unknown column, a row of the wrong length, a
/// yes/no that is neither); what the organisations say is left to the validator.
pub fn partners_from_csv(
    file: &str,
    bytes: &[u8],
    base: &RawPartnerDirectory,
) -> Result<RawPartnerDirectory, Vec<Problem>> {
    read_list(file, bytes, base).map(|(directory, _)| directory)
}

/// [`partners_from_csv`], with the line of the file each partner came from (the header is
/// line 1; empty rows and line breaks inside quotes are counted as the file has them).
fn read_list(
    file: &str,
    bytes: &[u8],
    base: &RawPartnerDirectory,
) -> Result<(RawPartnerDirectory, Vec<u64>), Vec<Problem>> {
    let problem = |path: String, message: String| Problem {
        file: file.to_string(),
        path,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|error| {
        vec![problem(
            format!("byte {}", error.valid_up_to() + 1),
            "är inte UTF-8: spara i Excel med filformatet \"CSV UTF-8\"".into(),
        )]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or_default();
    // Excel writes the list separator of its language: `;` in Swedish, `,` in English.
    let delimiter = if !header_line.contains(';') && header_line.contains(',') {
        b','
    } else {
        b';'
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());

    let header: Vec<String> = match reader.headers() {
        Ok(header) => header
            .iter()
            .map(|name| name.trim().to_lowercase())
            .collect(),
        Err(error) => return Err(vec![problem("rad 1".into(), error.to_string())]),
    };
    let mut problems = Vec::new();
    for (position, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(problem(
                format!("rad 1, kolumn {}", position + 1),
                format!(
                    "\"{}\" är ingen kolumn i organisationslistan; använd: {}",
                    crate::model::shorten_for_message(name),
                    COLUMNS.join(", ")
                ),
            ));
        } else if header[..position].contains(name) {
            problems.push(problem(
                format!("rad 1, kolumn {}", position + 1),
                format!("\"{name}\" står två gånger"),
            ));
        }
    }
    for required in REQUIRED {
        if !header.iter().any(|name| name == required) {
            problems.push(problem(
                "rad 1".into(),
                format!("kolumnen \"{required}\" saknas"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let column = |name: &str| header.iter().position(|h| h == name);
    let columns: Vec<Option<usize>> = COLUMNS.iter().map(|name| column(name)).collect();

    let mut partners = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let row = match &record {
            Ok(record) => record.position().map_or(0, |at| at.line()),
            Err(error) => error.position().map_or(0, |at| at.line()),
        };
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(problem(format!("rad {row}"), error.to_string()));
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            // Excel leaves empty rows below a table: they are no organisation.
            continue;
        }
        if record.len() > header.len() {
            problems.push(problem(
                format!("rad {row}"),
                format!(
                    "har {} celler men rubrikraden har {}; en cell innehåller ett \"{}\" som inte står inom citattecken",
                    record.len(),
                    header.len(),
                    delimiter as char
                ),
            ));
            continue;
        }
        let cell = |name: &str| -> String {
            let at = COLUMNS
                .iter()
                .position(|c| *c == name)
                .and_then(|i| columns[i]);
            at.and_then(|i| record.get(i))
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let optional = |name: &str| Some(cell(name)).filter(|value| !value.is_empty());
        let example = match cell("exempel").to_lowercase().as_str() {
            "" | "nej" | "no" | "nein" | "false" | "0" => false,
            "ja" | "yes" | "x" | "true" | "1" => true,
            other => {
                problems.push(problem(
                    format!("rad {row}, kolumn exempel"),
                    format!(
                        "\"{}\" är varken ja eller nej; skriv ja eller lämna tomt",
                        crate::model::shorten_for_message(other)
                    ),
                ));
                false
            }
        };
        let contact = optional("kontakt_adress").map(|url| ContactPoint {
            label: LocalizedText {
                sv: cell("kontakt_sv"),
                en: optional("kontakt_en"),
                de: optional("kontakt_de"),
            },
            url,
        });
        lines.push(row);
        partners.push(RawPartner {
            id: cell("id"),
            name: cell("namn"),
            example,
            sector: choice_id(&cell("sektor"), &base.sectors),
            municipality: choice_id(&cell("kommun"), &base.municipalities),
            focus_areas: list(&cell("insatsomraden")),
            description: LocalizedText {
                sv: cell("beskrivning_sv"),
                en: optional("beskrivning_en"),
                de: optional("beskrivning_de"),
            },
            website: optional("webbplats"),
            contact,
            // Not in the list: kept from `partners.json` for the same id.
            contact_people: base
                .partners
                .iter()
                .find(|known| known.id == cell("id"))
                .map(|known| known.contact_people.clone())
                .unwrap_or_default(),
            tags: list(&cell("amnen")),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let directory = RawPartnerDirectory {
        format_version: base.format_version,
        sectors: base.sectors.clone(),
        municipalities: base.municipalities.clone(),
        partners,
    };
    Ok((directory, lines))
}

/// The id of the choice `written` names, by id or by its label in any language (case and
/// surrounding spaces aside); else `written` itself, which the validator then reports with
/// the ids it knows.
fn choice_id(written: &str, choices: &[RawChoice]) -> String {
    let wanted = written.trim().to_lowercase();
    choices
        .iter()
        .find(|choice| {
            let label = &choice.label;
            [
                Some(&choice.id),
                Some(&label.sv),
                label.en.as_ref(),
                label.de.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|name| name.trim().to_lowercase() == wanted)
        })
        .map(|choice| choice.id.clone())
        .unwrap_or_else(|| written.trim().to_string())
}

/// A cell listing ids, separated by commas or spaces.
fn list(cell: &str) -> Vec<String> {
    cell.split([',', ' '])
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect()
}

/// The CSV `bytes` converted (over `base`'s vocabularies) and checked against `plan` like any
/// `partners.json`: the file's JSON, ready to publish, or every problem, the validator's
/// with the CSV row they come from.
pub fn check_partners_csv(
    file: &str,
    bytes: &[u8],
    base: &RawPartnerDirectory,
    plan: &crate::model::Plan,
) -> Result<String, Vec<Problem>> {
    let (directory, lines) = read_list(file, bytes, base)?;
    let json = serde_json::to_string_pretty(&directory).expect("a directory serialises") + "\n";
    crate::validate::parse_partners(file, &json, plan)
        .map(|_| json)
        .map_err(|problems| {
            problems
                .into_iter()
                .map(|problem| with_row(problem, &lines))
                .collect()
        })
}

/// A validator's problem at `$.partners[i]…`, with the row of the CSV file it is on.
fn with_row(mut problem: Problem, lines: &[u64]) -> Problem {
    let index = problem
        .path
        .strip_prefix("$.partners[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(digits, _)| digits.parse::<usize>().ok());
    if let Some(line) = index.and_then(|index| lines.get(index)) {
        problem.message = format!("{} (rad {line} i filen)", problem.message);
    }
    problem
}
