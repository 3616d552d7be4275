//! Finding a patient on the list by what the caller reads out: a name, an NHS number (with or without spaces) or
//! a hospital number. Keys are normalised once when the list is built, and the query once per search, so
//! searching 50,000 rows allocates nothing per row.

use super::row::PtlRow;
use crate::sorting;

/// Every row's search keys, normalised once and laid end to end (one string per kind of key), so a search is
/// one pass of a substring search over each string rather than 50,000 small searches.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchIndex {
    /// Lower case, apostrophes dropped, other punctuation as single spaces: "SMITH-JONES, Mary" -> "smith jones mary".
    names: KeyColumn,
    /// The NHS number's digits only.
    nhs_digits: KeyColumn,
    /// Lower case, no spaces or hyphens.
    hospital: KeyColumn,
}

impl SearchIndex {
    pub(crate) fn new(rows: &[PtlRow]) -> Self {
        let mut index = SearchIndex::default();
        for row in rows {
            index.names.push_with(|out| write_name_words(&row.patient_name, out));
            index.nhs_digits.push_with(|out| out.extend(row.nhs_number.chars().filter(char::is_ascii_digit)));
            index.hospital.push_with(|out| write_compact(&row.hospital_number, out));
        }
        index
    }
}

/// One kind of key for every row, each followed by a line feed (which no query contains, so a match never
/// runs from one row's key into the next).
#[derive(Debug, Clone, Default)]
struct KeyColumn {
    text: String,
    /// Byte offset where each row's key starts.
    starts: Vec<u32>,
    /// Some key holds a digit.
    has_digit: bool,
}

impl KeyColumn {
    /// Adds the next row's key, written straight into the column (no string per row).
    fn push_with(&mut self, write_key: impl FnOnce(&mut String)) {
        let start = self.text.len();
        self.starts.push(start as u32);
        write_key(&mut self.text);
        self.has_digit |= self.text[start..].bytes().any(|b| b.is_ascii_digit());
        self.text.push('\n');
    }

    /// Sets `hits[row]` for every row whose key contains `needle`.
    ///
    /// A plain byte loop over each key: query words are short and keys shorter, so this beats a general
    /// substring search, which pays a set-up cost per call (50,000 calls per column). Comparing bytes is exact
    /// for UTF-8: a valid needle cannot match starting inside another character.
    ///
    /// Only rows still `candidates` (when given) are looked at: later words of a query only check the rows
    /// that matched the earlier ones.
    fn mark(&self, needle: &str, hits: &mut [bool], candidates: Option<&[bool]>) {
        let text = self.text.as_bytes();
        let Some((&first, rest)) = needle.as_bytes().split_first() else { return };
        for (row, hit) in hits.iter_mut().enumerate() {
            if *hit || candidates.is_some_and(|candidates| !candidates[row]) {
                continue;
            }
            let start = self.starts[row] as usize;
            let end = self.starts.get(row + 1).map_or(text.len(), |&next| next as usize) - 1;
            let key = &text[start..end];
            if key.len() < needle.len() {
                continue;
            }
            let last_start = key.len() - needle.len();
            *hit = key[..=last_start]
                .iter()
                .enumerate()
                .any(|(i, &byte)| byte == first && key[i + 1..].iter().zip(rest).all(|(a, b)| a == b));
        }
    }
}

/// What was typed in the search box, normalised once.
///
/// A row matches when any of these holds:
/// - the query, ignoring spaces and hyphens, is all digits and appears in the NHS number ("943 476" finds
///   9434765919);
/// - the query, ignoring spaces and case, appears in the hospital number;
/// - every word of the query appears in the patient's name, NHS number or hospital number ("smith mar" finds
///   "SMITH, Mary"; the order of words does not matter).
///
/// An empty query matches every row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    typed: String,
    words: Vec<String>,
    compact: String,
    all_digits: bool,
}

impl SearchQuery {
    pub fn new(typed: &str) -> Self {
        let compact = compact(typed);
        let mut words: Vec<String> =
            name_words(typed).split(' ').filter(|word| !word.is_empty()).map(str::to_owned).collect();
        // Longest first: it usually narrows the rows most, and later words only check what is left.
        sorting::sort_by_key(&mut words, |word| std::cmp::Reverse(word.len()));
        let all_digits = !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit());
        SearchQuery { typed: typed.to_owned(), words, compact, all_digits }
    }

    /// The text as typed, for showing back in the box.
    pub fn typed(&self) -> &str {
        &self.typed
    }

    pub fn is_empty(&self) -> bool {
        self.compact.is_empty()
    }

    /// Which rows match, one flag per row of `index`; `None` when the query is empty (every row matches).
    pub(crate) fn matching_rows(&self, index: &SearchIndex) -> Option<Vec<bool>> {
        if self.is_empty() {
            return None;
        }
        let rows = index.names.starts.len();
        let mut hits = vec![false; rows];
        if self.all_digits {
            index.nhs_digits.mark(&self.compact, &mut hits, None);
        }
        index.hospital.mark(&self.compact, &mut hits, None);
        if let Some((first, rest)) = self.words.split_first() {
            // Rows that have every word so far; each later word only looks at these.
            let mut all_words = vec![false; rows];
            index.mark_word(first, &mut all_words, None);
            let mut this_word = vec![false; rows];
            for word in rest {
                this_word.fill(false);
                index.mark_word(word, &mut this_word, Some(&all_words));
                std::mem::swap(&mut all_words, &mut this_word);
            }
            hits.iter_mut().zip(&all_words).for_each(|(hit, all)| *hit |= *all);
        }
        Some(hits)
    }
}

impl SearchIndex {
    /// Rows where `word` appears in the name, NHS number or hospital number. A column is skipped when it cannot hold the word: the NHS column has only digits, and names only hold
    /// digits if one was typed into a name.
    fn mark_word(&self, word: &str, hits: &mut [bool], candidates: Option<&[bool]>) {
        let all_digits = word.bytes().all(|b| b.is_ascii_digit());
        if !all_digits || self.names.has_digit {
            self.names.mark(word, hits, candidates);
        }
        if all_digits {
            self.nhs_digits.mark(word, hits, candidates);
        }
        self.hospital.mark(word, hits, candidates);
    }
}

/// Lower case with spaces and hyphens removed: how NHS and hospital numbers are compared.
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    write_compact(text, &mut out);
    out
}

fn write_compact(text: &str, out: &mut String) {
    out.extend(text.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase));
}

/// Lower-case words separated by single spaces; apostrophes vanish so "O'Brien" and "OBrien" both give "obrien".
fn name_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    write_name_words(text, &mut out);
    out
}

fn write_name_words(text: &str, out: &mut String) {
    let mut wrote_any = false;
    let mut pending_space = false;
    for c in text.chars() {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && wrote_any {
                out.push(' ');
            }
            pending_space = false;
            wrote_any = true;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Priority;

    fn row(name: &str, nhs: &str, hospital: &str) -> PtlRow {
        PtlRow {
            pathway_id: "pw".into(),
            patient_id: "pt".into(),
            patient_name: name.into(),
            nhs_number: nhs.into(),
            hospital_number: hospital.into(),
            consultant_id: String::new(),
            consultant_name: String::new(),
            specialty_id: String::new(),
            specialty_name: String::new(),
            priority: Priority::Routine,
            cancer: false,
            rtt: None,
            next_booked: None,
            fds: None,
            day62: None,
            day31: None,
            next_deadline: None,
            admitted: false,
            validation: Default::default(),
        }
    }

    /// Which of `rows` the query finds, by position.
    fn found(query: &str, rows: &[PtlRow]) -> Vec<usize> {
        let index = SearchIndex::new(rows);
        match SearchQuery::new(query).matching_rows(&index) {
            None => (0..rows.len()).collect(),
            Some(hits) => hits.iter().enumerate().filter(|(_, hit)| **hit).map(|(i, _)| i).collect(),
        }
    }

    #[test]
    fn names_match_by_words_in_any_order_and_any_case() {
        let rows = [row("SMITH-JONES, Mary", "9434765919", "RX 100 200"), row("O'BRIEN, Sean", "4010232137", "X1")];
        assert_eq!(found("smith", &rows), [0]);
        assert_eq!(found("mary smith-jones", &rows), [0]);
        assert_eq!(found("  MAR   jon ", &rows), [0]);
        assert!(found("mary brown", &rows).is_empty());
        assert_eq!(found("o'brien", &rows), [1]);
        assert_eq!(found("obrien", &[row("O\u{2019}BRIEN, Sean", "4010232137", "X1")]), [0]);
    }

    #[test]
    fn nhs_numbers_match_with_or_without_spaces() {
        let rows = [row("SMITH, Mary", "9434765919", "RX100200"), row("JONES, Al", "4010232137", "RX9")];
        assert_eq!(found("943 476 5919", &rows), [0]);
        assert_eq!(found("9434765919", &rows), [0]);
        assert_eq!(found("943-476", &rows), [0]);
        assert!(found("943 476 5918", &rows).is_empty());
        assert_eq!(found("5919", &rows), [0], "the end of a number, as read off a letter");
    }

    #[test]
    fn a_match_never_runs_across_two_rows() {
        // "...5919" followed by "4010..." would contain "59194010" if keys ran together.
        let rows = [row("A, B", "9434765919", "X"), row("C, D", "4010232137", "Y")];
        assert!(found("59194010", &rows).is_empty());
        assert!(found("b c", &rows).is_empty(), "words from two different rows do not combine");
    }

    #[test]
    fn hospital_numbers_match_ignoring_spaces_and_case() {
        let rows = [row("SMITH, Mary", "9434765919", "RX100200"), row("JONES, Al", "4010232137", "RY9")];
        assert_eq!(found("rx 100", &rows), [0]);
        assert_eq!(found("RX100200", &rows), [0]);
        assert!(found("RX999", &rows).is_empty());
    }

    #[test]
    fn empty_query_matches_everything() {
        let query = SearchQuery::new("   ");
        assert!(query.is_empty());
        assert_eq!(found("  ", &[row("A, B", "1", "2"), row("C, D", "3", "4")]), [0, 1]);
    }
}
