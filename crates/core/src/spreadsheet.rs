//! CSV files that open cleanly in Excel on a trust PC: the one writer for every export (the PTL, the audit).
//!
//! - UTF-8 with a byte-order mark ([`BYTE_ORDER_MARK`]), so Excel reads accented names correctly;
//! - CRLF line endings and RFC 4180 quoting (a field with a comma, quote, line break or edge space is quoted,
//!   quotes doubled);
//! - formula-injection guard: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
//!   `'`, so Excel shows it instead of running it (OWASP "CSV injection");
//! - UK dates, dd/mm/yyyy.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

/// Starts every file, so Excel reads it as UTF-8.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// Writes one CSV line field by field; [`CsvLine::end`] closes it with CRLF.
pub struct CsvLine<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> CsvLine<'a> {
    pub fn new(out: &'a mut String) -> Self {
        CsvLine { out, first: true }
    }

    fn separator(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// Text from people or records: guarded against formulas, quoted when needed.
    pub fn text(&mut self, value: &str) {
        self.separator();
        let needs_quotes = value.contains(['"', ',', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ');
        self.write(value, needs_quotes);
    }

    /// Text always in quotes (NHS numbers: makes plain that the spaces belong to the value).
    pub fn quoted_text(&mut self, value: &str) {
        self.separator();
        self.write(value, true);
    }

    fn write(&mut self, value: &str, needs_quotes: bool) {
        if needs_quotes {
            self.out.push('"');
        }
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            self.out.push('\'');
        }
        for c in value.chars() {
            if c == '"' {
                self.out.push('"');
            }
            self.out.push(c);
        }
        if needs_quotes {
            self.out.push('"');
        }
    }

    /// A number worked out by Pathdesk: written as a number so Excel can sum and sort it.
    pub fn number(&mut self, value: Option<i64>) {
        self.separator();
        if let Some(value) = value {
            let _ = write!(self.out, "{value}");
        }
    }

    /// A share in per cent to one decimal place ("12.5"), or an empty cell when there was nothing to share.
    pub fn percent(&mut self, value: Option<f64>) {
        self.separator();
        if let Some(value) = value {
            let _ = write!(self.out, "{value:.1}");
        }
    }

    /// dd/mm/yyyy, or an empty cell.
    pub fn date(&mut self, value: Option<NaiveDate>) {
        self.separator();
        if let Some(date) = value {
            let _ = write!(self.out, "{:02}/{:02}/{:04}", date.day(), date.month(), date.year());
        }
    }

    pub fn empty(&mut self) {
        self.separator();
    }

    pub fn end(self) {
        self.out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &str) -> String {
        let mut out = String::new();
        CsvLine::new(&mut out).text(value);
        out
    }

    #[test]
    fn fields_are_quoted_only_when_needed_and_quotes_doubled() {
        assert_eq!(field("SMITH, Mary"), "\"SMITH, Mary\"");
        assert_eq!(field("Mr \"Joe\" Bloggs"), "\"Mr \"\"Joe\"\" Bloggs\"");
        assert_eq!(field("line one\nline two"), "\"line one\nline two\"");
        assert_eq!(field(" padded"), "\" padded\"");
        assert_eq!(field("Urology"), "Urology");
        assert_eq!(field(""), "");
    }

    #[test]
    fn formula_like_text_is_defused() {
        assert_eq!(field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(field("+44 20"), "'+44 20");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tcmd"), "'\tcmd");
        assert_eq!(field("\rcmd"), "\"'\rcmd\"");
        assert_eq!(field("O'Brien = 1"), "O'Brien = 1", "only a leading character triggers the guard");
    }

    #[test]
    fn a_line_joins_its_cells_and_ends_with_crlf() {
        let mut out = String::new();
        let mut line = CsvLine::new(&mut out);
        line.text("a");
        line.number(Some(-3));
        line.date(NaiveDate::from_ymd_opt(2026, 1, 5));
        line.empty();
        line.quoted_text("999 000 0018");
        line.end();
        assert_eq!(out, "a,-3,05/01/2026,,\"999 000 0018\"\r\n");
    }
}
