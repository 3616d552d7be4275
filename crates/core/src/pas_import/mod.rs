//! Importing a PAS extract: the column layouts (with a template of two example rows), each row checked with the
//! reason for every problem (row number, column, what is wrong and what to do), and the plan: for each good row,
//! whether it is new, changed or unchanged, and the commands that make it so. The commands are the ones the desks
//! send (register a patient, change their details, add a referral, record a pathway event), so the clocks, the
//! audit and the service rules follow as for anything typed in. Rows are matched to Pathdesk's records by the
//! PAS's own ids, so importing the same file again changes nothing.
//!
//! Reading the file (its encoding, the CSV itself) is the server's; this module takes the rows as text cells.

mod appointments;
mod clinics;
mod events;
mod referrals;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::command::Command;
use crate::command::RecordSource;
use crate::from_map::from_map;
use crate::model::{Consultant, Pathway, Patient, Specialty};
use crate::record::{Record, RecordKey, RecordKind};
use crate::spreadsheet::{CsvLine, BYTE_ORDER_MARK};

pub use appointments::appointment_id;
pub use clinics::{session_id as clinic_session_id, slot_id as clinic_slot_id};
pub use events::EVENT_TYPES;

/// The files a PAS extract comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// A row per referral, with the patient's details.
    Referrals,
    /// A row per pathway event of a referral already imported.
    Events,
    /// A row per slot of a clinic session.
    Clinics,
    /// A row per appointment of an imported referral in an imported clinic.
    Appointments,
}

/// One column of a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    /// What it holds, for the README and the screen.
    pub about: &'static str,
    /// The two example rows' values.
    pub examples: [&'static str; 2],
}

const fn column(name: &'static str, required: bool, about: &'static str, examples: [&'static str; 2]) -> Column {
    Column { name, required, about, examples }
}

impl ImportKind {
    /// In the order a trust imports them: the referrals, their events, the clinics, then the appointments in them.
    pub const ALL: [ImportKind; 4] =
        [ImportKind::Referrals, ImportKind::Events, ImportKind::Clinics, ImportKind::Appointments];

    /// As in addresses and the API (`referrals`, `events`).
    pub fn word(self) -> &'static str {
        match self {
            ImportKind::Referrals => "referrals",
            ImportKind::Events => "events",
            ImportKind::Clinics => "clinics",
            ImportKind::Appointments => "appointments",
        }
    }

    pub fn from_word(word: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|kind| kind.word() == word)
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Referrals => "Referrals, with their patients",
            ImportKind::Events => "Pathway events of imported referrals",
            ImportKind::Clinics => "Clinic sessions, a row per slot",
            ImportKind::Appointments => "Appointments of imported referrals in imported clinics",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Referrals => referrals::COLUMNS,
            ImportKind::Events => events::COLUMNS,
            ImportKind::Clinics => clinics::COLUMNS,
            ImportKind::Appointments => appointments::COLUMNS,
        }
    }

    /// A CSV file with the header and two example rows (synthetic: test NHS numbers), for Excel.
    pub fn template(self) -> String {
        let mut out = String::from(BYTE_ORDER_MARK);
        for row in 0..3 {
            let mut line = CsvLine::new(&mut out);
            for column in self.columns() {
                line.text(if row == 0 { column.name } else { column.examples[row - 1] });
            }
            line.end();
        }
        out
    }

    /// "pathdesk-import-referrals-template.csv".
    pub fn template_file_name(self) -> String {
        format!("pathdesk-import-{}-template.csv", self.word())
    }
}

/// One row of the file: its number as Excel shows it (the header is row 1) and its cells in the layout's column
/// order (empty where the file has no such column or the cell is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    fn cell(&self, kind: ImportKind, name: &str) -> &str {
        let index = kind.columns().iter().position(|c| c.name == name).expect("a column of the layout");
        self.cells.get(index).map_or("", |cell| cell.trim())
    }
}

/// Where each of the layout's columns is in the file's header (`None`: not there), or what is wrong with the header:
/// a required column missing, a column the layout does not have, or one named twice.
pub fn read_header(kind: ImportKind, header: &[String]) -> Result<Vec<Option<usize>>, String> {
    let names: Vec<String> = header.iter().map(|name| name.trim().trim_start_matches('\u{feff}').to_string()).collect();
    for (i, name) in names.iter().enumerate() {
        if !kind.columns().iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
            return Err(format!(
                "The file has a column \"{name}\" that a {} file does not have. Use the template's headings: {}.",
                kind.word(),
                kind.columns().iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
            ));
        }
        if names[..i].iter().any(|earlier| earlier.eq_ignore_ascii_case(name)) {
            return Err(format!("The column \"{name}\" is in the file twice: keep one."));
        }
    }
    let missing: Vec<&str> = kind
        .columns()
        .iter()
        .filter(|c| c.required && !names.iter().any(|n| n.eq_ignore_ascii_case(c.name)))
        .map(|c| c.name)
        .collect();
    if !missing.is_empty() {
        return Err(format!("The file has no column {}: add it, as in the template.", missing.join(", ")));
    }
    Ok(kind.columns().iter().map(|c| names.iter().position(|n| n.eq_ignore_ascii_case(c.name))).collect())
}

/// What is wrong with one cell (or the row, when `column` is empty), and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub message: String,
}

from_map!(RowProblem { row, column, message });

/// `POST /api/imports/check`: what the file would do, and every problem (nothing is written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub kind: String,
    /// Rows read (not counting the headings and empty lines).
    pub rows: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub problems: Vec<RowProblem>,
}

from_map!(CheckReport { kind, rows, new, changed, unchanged, problems });

/// An import as the app follows it (`GET /api/imports/{id}`, and the latest in `GET /api/imports`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportStatus {
    pub id: String,
    pub kind: String,
    pub file_name: String,
    pub created_at: String,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub total_rows: u64,
    pub done_rows: u64,
    /// Rows left out because the check found a problem with them.
    pub skip_rows: Vec<usize>,
    /// New, changed and unchanged rows, as the check planned them.
    pub counts: Vec<usize>,
    /// Rows refused while importing (their records changed after the check).
    pub problems: Vec<RowProblem>,
    pub message: Option<String>,
    pub finished_at: Option<String>,
}

from_map!(ImportStatus {
    id, kind, file_name, created_at, status, total_rows, done_rows, skip_rows, counts, problems, message = default,
    finished_at = default,
});

impl RowProblem {
    fn new(row: usize, column: &str, message: impl Into<String>) -> RowProblem {
        RowProblem { row, column: column.to_string(), message: message.into() }
    }
}

/// The row errors as a CSV file for Excel (row, column, problem).
pub fn problems_csv(problems: &[RowProblem]) -> String {
    let mut out = String::from(BYTE_ORDER_MARK);
    let mut line = CsvLine::new(&mut out);
    for heading in ["Row", "Column", "Problem"] {
        line.text(heading);
    }
    line.end();
    for problem in problems {
        let mut line = CsvLine::new(&mut out);
        line.number(Some(problem.row as i64));
        line.text(&problem.column);
        line.text(&problem.message);
        line.end();
    }
    out
}

/// What a good row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowChange {
    New,
    Changed,
    Unchanged,
}

/// A good row and the commands that bring Pathdesk in line with it (none when unchanged).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRow {
    pub row: usize,
    pub change: RowChange,
    pub commands: Vec<Command>,
}

/// The plan for a file: each good row's change, and every problem of the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub rows: Vec<PlannedRow>,
    pub problems: Vec<RowProblem>,
}

impl Plan {
    /// How many rows are new, changed and unchanged.
    pub fn counts(&self) -> [usize; 3] {
        let count = |change| self.rows.iter().filter(|row| row.change == change).count();
        [count(RowChange::New), count(RowChange::Changed), count(RowChange::Unchanged)]
    }
}

/// What Pathdesk holds, as the plan reads it, kept up to date as an import writes.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// Patients and pathways, by key (a command run on them reads them here).
    records: HashMap<RecordKey, Record>,
    by_nhs_number: HashMap<String, String>,
    consultants: Vec<Consultant>,
    specialties: Vec<Specialty>,
}

impl RecordSource for Existing {
    fn record(&self, key: &RecordKey) -> Option<&Record> {
        self.records.get(key)
    }
}

impl Existing {
    /// From the trust's patients, pathways, consultants, specialties, clinic sessions, clinic lists and appointments
    /// (other records are left out).
    pub fn of(records: impl IntoIterator<Item = Record>) -> Existing {
        let mut existing = Existing::default();
        for record in records {
            existing.note(record);
        }
        existing
    }

    /// A record written since: the plan of the next rows sees it.
    pub fn note(&mut self, record: Record) {
        match record {
            Record::Patient(patient) => {
                self.by_nhs_number.insert(patient.nhs_number.clone(), patient.id.clone());
                self.records.insert(record_key(RecordKind::Patient, &patient.id), Record::Patient(patient));
            }
            Record::Pathway(pathway) => {
                self.records.insert(record_key(RecordKind::Pathway, &pathway.id), Record::Pathway(pathway));
            }
            Record::Consultant(consultant) => {
                self.consultants.retain(|c| c.id != consultant.id);
                self.records
                    .insert(record_key(RecordKind::Consultant, &consultant.id), Record::Consultant(consultant.clone()));
                self.consultants.push(consultant);
            }
            Record::Specialty(specialty) => {
                self.specialties.retain(|s| s.id != specialty.id);
                self.specialties.push(specialty);
            }
            record @ (Record::ClinicSession(_) | Record::ClinicList(_) | Record::Appointment(_)) => {
                self.records.insert(record.key(), record);
            }
            _ => {}
        }
    }

    fn patient(&self, id: &str) -> Option<&Patient> {
        match self.records.get(&record_key(RecordKind::Patient, id)) {
            Some(Record::Patient(patient)) => Some(patient),
            _ => None,
        }
    }

    fn pathway(&self, id: &str) -> Option<&Pathway> {
        match self.records.get(&record_key(RecordKind::Pathway, id)) {
            Some(Record::Pathway(pathway)) => Some(pathway),
            _ => None,
        }
    }

    fn patient_with_nhs_number(&self, nhs_number: &str) -> Option<&Patient> {
        self.by_nhs_number.get(nhs_number).and_then(|id| self.patient(id))
    }
}

fn record_key(kind: RecordKind, id: &str) -> RecordKey {
    RecordKey::new(kind, id)
}

/// The id Pathdesk gives a patient imported with PAS patient id `pas_id`.
pub fn patient_id(pas_id: &str) -> String {
    format!("pas-patient-{pas_id}")
}

/// The id Pathdesk gives a pathway imported with PAS referral id `pas_id`.
pub fn pathway_id(pas_id: &str) -> String {
    format!("pas-referral-{pas_id}")
}

/// A PAS id as Pathdesk can keep it in its own ids: letters, digits, `-`, `.` and `/`, up to 40.
fn check_pas_id(row: usize, column: &str, value: &str) -> Result<String, RowProblem> {
    let ok = !value.is_empty()
        && value.chars().count() <= 40
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/'));
    if ok {
        Ok(value.replace('/', "."))
    } else if value.is_empty() {
        Err(RowProblem::new(row, column, format!("Enter the {column}: every row needs one")))
    } else {
        Err(RowProblem::new(
            row,
            column,
            format!("\"{value}\" is not a PAS id Pathdesk can keep: use up to 40 letters, digits, - . or /"),
        ))
    }
}

/// A UK date in a cell: 27/03/2026 (or 27/3/2026, or 2026-03-27 as some extracts write it).
fn read_date(row: usize, column: &str, value: &str) -> Result<NaiveDate, RowProblem> {
    if let Ok(date) = value.parse::<NaiveDate>() {
        return Ok(date);
    }
    let parts: Vec<&str> = value.split('/').collect();
    let problem = || {
        RowProblem::new(
            row,
            column,
            if value.is_empty() {
                format!("Enter the {}, like 27/03/2026", column.to_lowercase())
            } else {
                format!("\"{value}\" is not a date: write it day/month/year, like 27/03/2026")
            },
        )
    };
    match parts.as_slice() {
        [day, month, year] if year.len() == 4 => {
            crate::calendar::typed_date(day, month, year, column).map_err(|_| problem())
        }
        _ => Err(problem()),
    }
}

/// The plan for `rows` of a `kind` file on `today`, against what Pathdesk holds.
pub fn plan(kind: ImportKind, rows: &[Row], existing: &Existing, today: NaiveDate) -> Plan {
    match kind {
        ImportKind::Referrals => referrals::plan(rows, existing, today),
        ImportKind::Events => events::plan(rows, existing, today),
        ImportKind::Clinics => clinics::plan(rows, existing, today),
        ImportKind::Appointments => appointments::plan(rows, existing, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_must_have_the_required_columns_and_no_others() {
        let header = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let all: Vec<&str> = ImportKind::Events.columns().iter().map(|c| c.name).collect();
        let places = read_header(ImportKind::Events, &header(&all)).unwrap();
        assert_eq!(places, (0..all.len()).map(Some).collect::<Vec<_>>());
        let shuffled = read_header(ImportKind::Events, &header(&["Event", "pas referral id", "Event date"])).unwrap();
        assert_eq!(&shuffled[..3], [Some(1), Some(2), Some(0)], "in any order and any case; the note is optional");
        assert!(read_header(ImportKind::Events, &header(&["Event", "Event date"]))
            .unwrap_err()
            .contains("PAS referral ID"));
        assert!(read_header(ImportKind::Events, &header(&["PAS referral ID", "Event date", "Event", "Colour"]))
            .unwrap_err()
            .contains("\"Colour\""));
        assert!(read_header(ImportKind::Events, &header(&["Event", "Event", "PAS referral ID", "Event date"]))
            .unwrap_err()
            .contains("twice"));
    }

    #[test]
    fn dates_are_read_the_uk_way() {
        assert_eq!(read_date(2, "Date", "27/03/2026"), Ok("2026-03-27".parse().unwrap()));
        assert_eq!(read_date(2, "Date", "7/3/2026"), Ok("2026-03-07".parse().unwrap()));
        assert_eq!(read_date(2, "Date", "2026-03-27"), Ok("2026-03-27".parse().unwrap()));
        for bad in ["03/27/2026", "31/02/2026", "27-03-2026", "27/03/26", ""] {
            assert!(read_date(2, "Date", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_template_has_the_header_and_two_example_rows() {
        for kind in ImportKind::ALL {
            let text = kind.template();
            let lines: Vec<&str> = text.trim_start_matches('\u{feff}').trim_end().split("\r\n").collect();
            assert_eq!(lines.len(), 3, "{kind:?}");
            assert_eq!(lines[0], kind.columns().iter().map(|c| c.name).collect::<Vec<_>>().join(","));
        }
    }
}
