//! The clinics file: a row per slot of a clinic session, the session named by its PAS clinic ID. A clinic new to
//! Pathdesk is added with all its slots; one already imported with the same slots is unchanged; one whose slots
//! or day changed in the PAS is refused (it is changed in Pathdesk, which tells its booked patients). A clinic
//! with a bad row is left out whole, so no clinic arrives with slots missing.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};

use super::{
    check_pas_id, column, read_date, Column, Existing, ImportKind, Plan, PlannedRow, Row, RowChange, RowProblem,
};
use crate::command::{AddClinicSession, Command, RecordSource};
use crate::model::{ClinicSession, SessionStatus, Slot, SlotType};
use crate::record::{Record, RecordKind};

const KIND: ImportKind = ImportKind::Clinics;

pub(super) const COLUMNS: &[Column] = &[
    column("PAS clinic ID", true, "The clinic session's id in the PAS", ["CLN-2026-12-14-OKA", "CLN-2026-12-14-OKA"]),
    column("Clinic name", true, "", ["Urology new patients", "Urology new patients"]),
    column(
        "Consultant",
        true,
        "The consultant's name as Pathdesk has it, or their Pathdesk id",
        ["Mr Okafor", "Mr Okafor"],
    ),
    column("Date", true, "dd/mm/yyyy", ["14/12/2026", "14/12/2026"]),
    column("Location", false, "", ["Outpatients B", "Outpatients B"]),
    column("Slot start", true, "HH:MM, 24-hour", ["09:00", "09:20"]),
    column("Slot minutes", true, "The slot's length in minutes", ["20", "20"]),
    column("Slot type", true, "New, Follow-up or Procedure", ["New", "Follow-up"]),
    column("Places", false, "Patients the slot takes (1 when empty)", ["1", "2"]),
];

/// The id Pathdesk gives a clinic session imported with PAS clinic id `pas_id`.
pub fn session_id(pas_id: &str) -> String {
    format!("pas-clinic-{pas_id}")
}

/// The id of the slot starting at `start` in session `session_id`.
pub fn slot_id(session_id: &str, start: NaiveTime) -> String {
    format!("{session_id}-{}", start.format("%H%M"))
}

/// One good row, read.
struct Read {
    pas: String,
    name: String,
    consultant_id: String,
    specialty_id: String,
    date: NaiveDate,
    location: String,
    slot: Slot,
}

pub(super) fn read_time(row: usize, column: &str, value: &str) -> Result<NaiveTime, RowProblem> {
    crate::calendar::parse_hhmm(value).ok_or_else(|| {
        RowProblem::new(row, column, format!("\"{value}\" is not a time: write it on the 24-hour clock, like 09:30"))
    })
}

fn read(row: &Row, existing: &Existing) -> Result<Read, Vec<RowProblem>> {
    let n = row.number;
    let cell = |name: &str| row.cell(KIND, name);
    let mut problems = Vec::new();
    let pas = check_pas_id(n, "PAS clinic ID", cell("PAS clinic ID")).map_err(|p| problems.push(p)).ok();
    let date = read_date(n, "Date", cell("Date")).map_err(|p| problems.push(p)).ok();
    let start = read_time(n, "Slot start", cell("Slot start")).map_err(|p| problems.push(p)).ok();
    let minutes = cell("Slot minutes").parse::<u32>().ok().filter(|m| (5..=480).contains(m));
    if minutes.is_none() {
        problems.push(RowProblem::new(
            n,
            "Slot minutes",
            format!("\"{}\" is not a slot length: give the minutes, 5 to 480", cell("Slot minutes")),
        ));
    }
    let places = match cell("Places") {
        "" => Some(1),
        text => text.parse::<u32>().ok().filter(|p| (1..=20).contains(p)),
    };
    if places.is_none() {
        problems.push(RowProblem::new(
            n,
            "Places",
            format!("\"{}\" is not a number of places: give 1 to 20", cell("Places")),
        ));
    }
    let slot_type = match cell("Slot type").to_ascii_lowercase().replace(['-', ' '], "").as_str() {
        "new" => Some(SlotType::New),
        "followup" => Some(SlotType::FollowUp),
        "procedure" => Some(SlotType::Procedure),
        _ => {
            problems.push(RowProblem::new(
                n,
                "Slot type",
                format!("\"{}\" is not a slot type: use New, Follow-up or Procedure", cell("Slot type")),
            ));
            None
        }
    };
    let wanted = cell("Consultant");
    let consultant = existing.consultants.iter().find(|c| c.id == wanted || c.name.eq_ignore_ascii_case(wanted));
    if consultant.is_none() {
        problems.push(RowProblem::new(
            n,
            "Consultant",
            format!("There is no consultant \"{wanted}\" in Pathdesk: use the name as Settings lists it"),
        ));
    }
    if cell("Clinic name").is_empty() {
        problems.push(RowProblem::new(n, "Clinic name", "Enter the clinic's name"));
    }
    let (Some(pas), Some(date), Some(start), Some(minutes), Some(places), Some(slot_type), Some(consultant), true) =
        (pas, date, start, minutes, places, slot_type, consultant, problems.is_empty())
    else {
        return Err(problems);
    };
    let session = session_id(&pas);
    Ok(Read {
        name: cell("Clinic name").to_string(),
        consultant_id: consultant.id.clone(),
        specialty_id: consultant.specialty_id.clone(),
        date,
        location: cell("Location").to_string(),
        slot: Slot { id: slot_id(&session, start), slot_type, start, minutes, capacity: places },
        pas,
    })
}

pub(super) fn plan(rows: &[Row], existing: &Existing, _today: NaiveDate) -> Plan {
    let mut plan = Plan::default();
    // Each clinic's rows, in the order the file first names them.
    let mut order: Vec<String> = Vec::new();
    let mut clinics: HashMap<String, Vec<(usize, Read)>> = HashMap::new();
    let mut bad: HashMap<String, usize> = HashMap::new();
    for row in rows {
        match read(row, existing) {
            Ok(read) => {
                if !clinics.contains_key(&read.pas) {
                    order.push(read.pas.clone());
                }
                clinics.entry(read.pas.clone()).or_default().push((row.number, read));
            }
            Err(problems) => {
                let pas = row.cell(KIND, "PAS clinic ID").replace('/', ".");
                bad.entry(pas.clone()).or_insert(row.number);
                if !order.contains(&pas) {
                    order.push(pas);
                }
                plan.problems.extend(problems);
            }
        }
    }
    for pas in order {
        let rows = clinics.remove(&pas).unwrap_or_default();
        let Some((first_row, first)) = rows.first() else { continue };
        // Every row of a clinic names the same clinic, consultant and day, and each slot once.
        let mut problems = Vec::new();
        for (n, read) in &rows[1..] {
            for (differs, column) in [
                (read.name != first.name, "Clinic name"),
                (read.consultant_id != first.consultant_id, "Consultant"),
                (read.date != first.date, "Date"),
                (read.location != first.location, "Location"),
            ] {
                if differs {
                    problems.push(RowProblem::new(
                        *n,
                        column,
                        format!(
                            "Row {first_row} gives this clinic another {}: a clinic is one session",
                            column.to_lowercase()
                        ),
                    ));
                }
            }
        }
        for (i, (n, read)) in rows.iter().enumerate() {
            if let Some((other, _)) = rows[..i].iter().find(|(_, earlier)| earlier.slot.start == read.slot.start) {
                problems.push(RowProblem::new(
                    *n,
                    "Slot start",
                    format!("Row {other} has a slot at the same time in this clinic"),
                ));
            }
        }
        let left_out = bad.get(&pas).copied().or_else(|| problems.first().map(|p| p.row));
        let problem_rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
        plan.problems.extend(problems);
        if let Some(because) = left_out {
            for (n, _) in rows.iter().filter(|(n, _)| !problem_rows.contains(n)) {
                plan.problems.push(RowProblem::new(
                    *n,
                    "",
                    format!("Left out with its clinic: row {because} has a problem"),
                ));
            }
            continue;
        }
        let mut slots: Vec<Slot> = rows.iter().map(|(_, read)| read.slot.clone()).collect();
        slots.sort_by_key(|slot| slot.start);
        let start = slots[0].start;
        let end =
            slots.iter().map(|s| s.start + chrono::Duration::minutes(i64::from(s.minutes))).max().unwrap_or(start);
        let session = ClinicSession {
            id: session_id(&pas),
            template_id: None,
            consultant_id: first.consultant_id.clone(),
            specialty_id: first.specialty_id.clone(),
            name: first.name.clone(),
            date: first.date,
            start,
            end,
            location: first.location.clone(),
            status: SessionStatus::Scheduled,
            slots,
        };
        let numbers: Vec<usize> = rows.iter().map(|(n, _)| *n).collect();
        match existing.record(&crate::record::RecordKey::new(RecordKind::ClinicSession, session.id.as_str())) {
            Some(Record::ClinicSession(was)) => {
                let same = was.date == session.date
                    && was.consultant_id == session.consultant_id
                    && was.slots == session.slots;
                if same {
                    plan.rows.extend(numbers.into_iter().map(|row| PlannedRow {
                        row,
                        change: RowChange::Unchanged,
                        commands: Vec::new(),
                    }));
                } else {
                    for row in numbers {
                        plan.problems.push(RowProblem::new(row, "PAS clinic ID", "This clinic was imported with other slots or another day: change it in Pathdesk, which tells its booked patients"));
                    }
                }
            }
            _ => {
                let command = Command::AddClinicSession(AddClinicSession { session: Box::new(session) });
                for (i, row) in numbers.into_iter().enumerate() {
                    let commands = if i == 0 { vec![command.clone()] } else { Vec::new() };
                    plan.rows.push(PlannedRow { row, change: RowChange::New, commands });
                }
            }
        }
    }
    plan.problems.sort_by_key(|p| p.row);
    plan.rows.sort_by_key(|r| r.row);
    plan
}
