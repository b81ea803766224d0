//! CSV writing that is safe to open in a spreadsheet: the collector's export of the answers,
//! and the lists visitors download from the explore view (plan-core's `explore_csv`).
//!
//! The format: UTF-8 with a byte order mark, `,` between cells, CRLF after every record,
//! and RFC 4180 quoting: a cell that holds `,`, `;`, `"`, CR or LF is put in double quotes,
//! with inner quotes doubled. `;` is quoted too because spreadsheets set to a Swedish (or
//! German) locale split on `;` rather than `,`.
//!
//! Formula injection is neutralised as OWASP advises: a visitor's comment such as
//! `=HYPERLINK("http://evil.example", "klicka")` would otherwise run as a formula when staff
//! open the file in Excel or LibreOffice. A cell that begins with `=`, `+`, `-`, `@`, tab or
//! CR gets a leading `'`, which spreadsheets hide and which makes the cell text.
//!
//! Quoting alone does not protect a file that is opened with the other delimiter: a reader
//! splitting on the other one (`;` for a `,` file, `,` for a `;` file) treats a `"` in the
//! middle of a field as text, so it starts a new cell after every such delimiter and a new
//! row after every line break, even inside our quotes. So the same rule is applied there too:
//! after a `,`, `;`, CR or LF inside a cell, a formula trigger (or a `"` right before one)
//! also gets a `'`, and so does the end of a cell that ends in one of them. Read with either
//! delimiter, no cell of a file written with either then starts a formula.
//!
//! ```
//! let mut out = String::new();
//! spreadsheet_csv::push_record(&mut out, ["plan", "x;=1+1;y", "=SUM(A1)"]);
//! assert_eq!(out, "plan,\"x;'=1+1;y\",'=SUM(A1)\r\n");
//! ```

use std::borrow::Cow;

/// The UTF-8 byte order mark. Excel only reads a CSV file as UTF-8 (å, ä, ö) when it starts
/// with one; other CSV readers skip it.
pub const BOM: &str = "\u{feff}";

/// The delimiter between cells.
pub const DELIMITER: char = ',';

/// Characters that make a spreadsheet treat a cell as a formula (OWASP's list).
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Characters inside a cell after which a reader splitting on the other delimiter starts a
/// new cell or row.
const CELL_BREAKS: [char; 4] = [',', ';', '\r', '\n'];

/// Characters that put a cell in quotes.
const NEEDS_QUOTES: [char; 5] = [',', ';', '"', '\r', '\n'];

/// The text a cell holds once formula triggers are neutralised: a `'` before a formula
/// trigger (or a `"` followed by one) at the start of the cell and after every `;`, CR or LF
/// in it, and a `'` after a `;`, CR or LF that ends the cell (the closing quote after it
/// would start a cell of its own for a reader splitting on `;`). Spreadsheets show the text
/// and hide a leading apostrophe. Unquoted, unescaped: this is what a CSV reader gives back.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut at_cell_start = true;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let dangerous = at_cell_start
            && (FORMULA_TRIGGERS.contains(&c)
                || (c == '"'
                    && chars
                        .peek()
                        .is_some_and(|(_, n)| FORMULA_TRIGGERS.contains(n))));
        if dangerous {
            out.get_or_insert_with(|| value[..i].to_owned()).push('\'');
        }
        if let Some(out) = out.as_mut() {
            out.push(c);
        }
        at_cell_start = CELL_BREAKS.contains(&c);
    }
    if at_cell_start && !value.is_empty() {
        // The closing quote (and the CRLF after it) would come right after the break.
        out.get_or_insert_with(|| value.to_owned()).push('\'');
    }
    match out {
        Some(owned) => Cow::Owned(owned),
        None => Cow::Borrowed(value),
    }
}

/// Makes a cell safe: neutralised (see [`neutralise`]), then quoted if needed.
pub fn cell(value: &str) -> Cow<'_, str> {
    let neutralised = neutralise(value);
    if neutralised.contains(NEEDS_QUOTES) {
        Cow::Owned(format!("\"{}\"", neutralised.replace('"', "\"\"")))
    } else {
        neutralised
    }
}

/// Appends one record, terminated by CRLF, with [`DELIMITER`] between cells.
pub fn push_record<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    push_record_with(out, DELIMITER, cells);
}

/// Appends one record, terminated by CRLF, with `delimiter` (`,` or `;`) between cells. The
/// cells are as safe with either: both are quoted, and [`neutralise`] covers both readings.
pub fn push_record_with<'a>(
    out: &mut String,
    delimiter: char,
    cells: impl IntoIterator<Item = &'a str>,
) {
    debug_assert!(delimiter == ',' || delimiter == ';');
    for (i, value) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        out.push_str(&cell(value));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks [`cell`] on each `(value, written)` pair.
    fn assert_cells(cases: &[(&str, &str)]) {
        for (value, written) in cases {
            assert_eq!(cell(value), *written, "cell({value:?})");
        }
    }

    /// Checks [`neutralise`] on each `(value, neutralised)` pair.
    fn assert_neutralised(cases: &[(&str, &str)]) {
        for (value, neutralised) in cases {
            assert_eq!(neutralise(value), *neutralised, "neutralise({value:?})");
        }
    }

    #[test]
    fn plain_cells_are_left_alone() {
        assert_cells(&[
            ("plan", "plan"),
            ("Bra, tack", "\"Bra, tack\""),
            ("", ""),
            ("två ord", "två ord"),
        ]);
    }

    #[test]
    fn quotes_and_line_breaks_are_quoted() {
        assert_cells(&[
            ("sa \"hej\"", "\"sa \"\"hej\"\"\""),
            ("rad 1\nrad 2", "\"rad 1\nrad 2\""),
            ("rad 1\r\nrad 2", "\"rad 1\r\nrad 2\""),
        ]);
    }

    #[test]
    fn formula_triggers_get_an_apostrophe() {
        assert_cells(&[
            ("=1+1", "'=1+1"),
            ("+46 19 000 00", "'+46 19 000 00"),
            ("-2", "'-2"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            // Only the first character matters.
            ("a=b", "a=b"),
        ]);
    }

    #[test]
    fn a_formula_with_quotes_and_commas_is_neutralised_and_quoted() {
        assert_eq!(
            cell("=HYPERLINK(\"http://evil.example\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""
        );
    }

    #[test]
    fn semicolons_are_quoted_for_spreadsheets_that_split_on_them() {
        // Swedish Excel splits on `;`: unquoted, `=1+1` would become a cell of its own.
        assert_cells(&[
            ("x;=1+1;y", "\"x;'=1+1;y\""),
            ("1;=2", "\"1;'=2\""),
            (";", "\";'\""),
            ("a;b", "\"a;b\""),
        ]);
    }

    #[test]
    fn triggers_after_a_line_break_or_semicolon_inside_a_cell_are_neutralised() {
        assert_neutralised(&[
            ("rad ett\n=1+1", "rad ett\n'=1+1"),
            ("a\r\n-1", "a\r\n'-1"),
            ("a;\"=1\"", "a;'\"=1\""),
            ("a;;@x", "a;;'@x"),
            // A CR is both a trigger and a break.
            ("\r\r=", "'\r'\r'="),
            // Elsewhere a trigger is plain text.
            ("1+1=2, a-b @ c", "1+1=2, a-b @ c"),
            ("rad ett,\n\"rad två\"", "rad ett,\n\"rad två\""),
            ("Bra;", "Bra;'"),
            ("a\r\n", "a\r\n'"),
        ]);
        assert!(matches!(neutralise("helt vanlig"), Cow::Borrowed(_)));
    }

    #[test]
    fn records_end_in_crlf() {
        let mut out = String::new();
        push_record(&mut out, ["a", "b,c", "=d"]);
        push_record(&mut out, ["", ""]);
        assert_eq!(out, "a,\"b,c\",'=d\r\n,\r\n");
    }
}

/// Arbitrary cells, written and read back with the `csv` crate as a spreadsheet would.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Reads `text` back splitting on `delimiter`: quotes only count at a field's start, and
    /// records may have any length (as when a `,` file is opened with `;`).
    fn read_back(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .byte_records()
            .map(|r| {
                r.expect("the csv crate reads what we write")
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect()
            })
            .collect()
    }

    /// Cells: arbitrary Unicode, and strings made of the characters that matter here, so
    /// that the tricky combinations (`;=`, `\n"@`, `\r\r`) come up often.
    fn any_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            proptest::string::string_regex("[=+@;,\"' a\t\r\n-]{0,12}").expect("valid regex"),
        ]
    }

    /// Records of 2 to 5 cells (the `csv` crate skips an empty line, which is what a record
    /// of one empty cell looks like).
    fn any_table() -> impl Strategy<Value = Vec<Vec<String>>> {
        prop::collection::vec(prop::collection::vec(any_cell(), 2..=5), 1..=6)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn read_back_with_commas_gives_exactly_the_neutralised_cells(table in any_table()) {
            let mut text = String::new();
            for record in &table {
                push_record(&mut text, record.iter().map(String::as_str));
            }
            let expected: Vec<Vec<String>> = table
                .iter()
                .map(|r| r.iter().map(|c| neutralise(c).into_owned()).collect())
                .collect();
            prop_assert_eq!(read_back(&text, b','), expected);
        }

        #[test]
        fn no_cell_starts_a_formula_with_either_delimiter(table in any_table()) {
            // Written with either delimiter (the collector's `,`, a Swedish list's `;`), read
            // with either.
            for written in [',', ';'] {
                let mut text = String::new();
                for record in &table {
                    push_record_with(&mut text, written, record.iter().map(String::as_str));
                }
                for delimiter in [b',', b';'] {
                    for field in read_back(&text, delimiter).iter().flatten() {
                        prop_assert!(
                            !field.starts_with(FORMULA_TRIGGERS),
                            "written with {:?}, read with {:?}: {:?} in {:?}",
                            written, delimiter as char, field, text
                        );
                    }
                }
            }
        }

        #[test]
        fn neutralising_only_adds_apostrophes(value in any_cell()) {
            let n = neutralise(&value);
            prop_assert_eq!(n.replace('\'', ""), value.replace('\'', ""));
            prop_assert!(!n.starts_with(FORMULA_TRIGGERS));
        }
    }
}
