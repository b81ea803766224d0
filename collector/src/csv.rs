//! CSV writing for the staff export, safe to open in a spreadsheet.
//!
//! RFC 4180 quoting (CRLF line ends, cells with `,` `"` CR or LF in double quotes, inner
//! quotes doubled), plus protection against formula injection: a visitor's comment such as
//! `=HYPERLINK("http://evil.example", "klicka")` would otherwise run as a formula when staff
//! open the file in Excel or LibreOffice.

use std::borrow::Cow;

/// The UTF-8 byte order mark. Excel only reads a CSV file as UTF-8 (å, ä, ö) when it starts
/// with one; other CSV readers skip it.
pub const BOM: &str = "\u{feff}";

/// Characters that make a spreadsheet treat a cell as a formula (OWASP's list).
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Makes a cell safe: a leading apostrophe if it could start a formula (spreadsheets show the
/// text and hide the apostrophe), then quotes if needed.
pub fn cell(value: &str) -> Cow<'_, str> {
    let neutralised: Cow<'_, str> = if value.starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    };
    if neutralised.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", neutralised.replace('"', "\"\"")))
    } else {
        neutralised
    }
}

/// Appends one record, terminated by CRLF.
pub fn push_record<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, value) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(value));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_are_left_alone() {
        assert_eq!(cell("plan"), "plan");
        assert_eq!(cell("Bra, tack"), "\"Bra, tack\"");
        assert_eq!(cell(""), "");
        assert_eq!(cell("två ord"), "två ord");
    }

    #[test]
    fn quotes_and_line_breaks_are_quoted() {
        assert_eq!(cell("sa \"hej\""), "\"sa \"\"hej\"\"\"");
        assert_eq!(cell("rad 1\nrad 2"), "\"rad 1\nrad 2\"");
        assert_eq!(cell("rad 1\r\nrad 2"), "\"rad 1\r\nrad 2\"");
    }

    #[test]
    fn formula_triggers_get_an_apostrophe() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+46 19 000 00"), "'+46 19 000 00");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1:A2)"), "'@SUM(A1:A2)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        // Only the first character matters.
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn a_formula_with_quotes_and_commas_is_neutralised_and_quoted() {
        assert_eq!(
            cell("=HYPERLINK(\"http://evil.example\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""
        );
    }

    #[test]
    fn records_end_in_crlf() {
        let mut out = String::new();
        push_record(&mut out, ["a", "b,c", "=d"]);
        push_record(&mut out, ["", ""]);
        assert_eq!(out, "a,\"b,c\",'=d\r\n,\r\n");
    }
}
