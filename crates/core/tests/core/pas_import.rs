//! Importing a PAS extract: a generated referrals file with planted errors (each found on its row and column,
//! nothing else refused), the plan applied through the desks' own commands, the same file planned again (nothing
//! to change), a changed row (a new postcode: the patient's details change), and the pathway events file.

use std::collections::HashMap;

use chrono::NaiveDate;
use pathdesk_core::command::{Command, CommandContext};
use pathdesk_core::model::{Consultant, Specialty};
use pathdesk_core::pas_import::{pathway_id, patient_id, plan, Existing, ImportKind, Plan, Row};
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::record::{Record, RecordKey};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

const TODAY: &str = "2026-12-07";

fn trust() -> Vec<Record> {
    vec![
        Record::Specialty(Specialty { id: "spec-uro".into(), code: "101".into(), name: "Urology".into() }),
        Record::Specialty(Specialty { id: "spec-derm".into(), code: "330".into(), name: "Dermatology".into() }),
        Record::Consultant(Consultant::new("con-uro", "Mr Okafor", "spec-uro")),
        Record::Consultant(Consultant::new("con-derm", "Dr Rivers", "spec-derm")),
    ]
}

/// A valid test NHS number (999 range) for `n`.
fn nhs(n: u32) -> String {
    (0..)
        .map(|k| format!("999{:07}", n * 100 + k))
        .find(|candidate| pathdesk_core::nhs_number::is_valid_nhs_number(candidate))
        .unwrap()
}

/// A row of the referrals layout from (column, value) pairs over a good default.
fn referral_row(number: usize, i: u32, changes: &[(&str, &str)]) -> Row {
    let nhs = nhs(i);
    let mut values: HashMap<&str, String> = [
        ("PAS patient ID", format!("PAS{i:06}")),
        ("NHS number", nhs),
        ("Hospital number", format!("RX{i:07}")),
        ("Family name", "TESTPATIENT".to_string()),
        ("Given name", format!("Pat{i}")),
        ("Date of birth", "14/02/1961".to_string()),
        ("Sex", "F".to_string()),
        ("Postcode", "LS1 4AB".to_string()),
        ("PAS referral ID", format!("REF{i:06}")),
        ("Referral received", "01/10/2026".to_string()),
        ("Priority", if i.is_multiple_of(3) { "Urgent suspected cancer" } else { "Routine" }.to_string()),
        ("Specialty", "101".to_string()),
        ("Consultant", "Mr Okafor".to_string()),
    ]
    .into_iter()
    .collect();
    for (column, value) in changes {
        values.insert(column, value.to_string());
    }
    let cells =
        ImportKind::Referrals.columns().iter().map(|c| values.get(c.name).cloned().unwrap_or_default()).collect();
    Row { number, cells }
}

fn event_row(number: usize, referral: &str, on: &str, event: &str) -> Row {
    Row { number, cells: vec![referral.to_string(), on.to_string(), event.to_string(), String::new()] }
}

/// Applies every command of the plan as a desk would (only the records each command reads), keeping what it writes.
fn apply(plan: &Plan, records: &mut HashMap<RecordKey, Record>) {
    let ctx = CommandContext { today: date(TODAY), author: "PAS import".into() };
    for command in plan.rows.iter().flat_map(|row| &row.commands) {
        let loaded: HashMap<RecordKey, Record> =
            command.reads().into_iter().filter_map(|key| records.get(&key).map(|r| (key, r.clone()))).collect();
        let written = command.apply(&ctx, &loaded).unwrap_or_else(|e| panic!("{} refused: {e}", command.name()));
        for record in written {
            records.insert(record.key(), record);
        }
    }
}

#[test]
fn planted_errors_are_found_on_their_rows_and_a_second_import_changes_nothing() {
    let mut rows: Vec<Row> = (0..40u32).map(|i| referral_row(i as usize + 2, i, &[])).collect();
    // Planted: (row, column) each should be refused at.
    rows[3] = referral_row(5, 3, &[("NHS number", "9990000019")]);
    rows[7] = referral_row(9, 7, &[("Consultant", "Dr Nobody")]);
    rows[11] = referral_row(13, 11, &[("Referral received", "01/01/1950")]);
    rows[15] = referral_row(17, 15, &[("PAS referral ID", "REF000002")]); // row 4's referral again
    rows[19] = referral_row(21, 19, &[("Referral received", "31/02/2026")]);
    rows[23] = referral_row(25, 23, &[("Consultant", "Dr Rivers")]); // dermatology, in urology
    rows[27] = referral_row(29, 27, &[("Priority", "Soonish")]);
    rows[31] = referral_row(33, 31, &[("NHS number", &nhs(30))]); // row 32's patient number, another PAS id
                                                                  // A second referral of a patient already in the file: added to them.
    rows.push(referral_row(
        42,
        5,
        &[("PAS referral ID", "REF900005"), ("Specialty", "Dermatology"), ("Consultant", "Dr Rivers")],
    ));
    let existing = Existing::of(trust());
    let first = plan(ImportKind::Referrals, &rows, &existing, date(TODAY));
    let found: Vec<(usize, &str)> = first.problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(
        found,
        [
            (5, "NHS number"),
            (9, "Consultant"),
            (13, "Referral received"),
            (17, "PAS referral ID"),
            (21, "Referral received"),
            (25, "Consultant"),
            (29, "Priority"),
            (33, "NHS number"),
        ],
        "{:#?}",
        first.problems
    );
    assert!(first.problems[0].message.contains("Modulus 11"), "{}", first.problems[0].message);
    assert!(first.problems[1].message.contains("no consultant \"Dr Nobody\""));
    assert!(first.problems[2].message.contains("before the patient was born"));
    assert!(first.problems[3].message.contains("also on row 4"));
    assert_eq!(first.counts(), [33, 0, 0], "32 patients registered with their referral, one referral added");
    let added = first.rows.iter().find(|r| r.row == 42).unwrap();
    assert!(matches!(added.commands.as_slice(), [Command::AddReferral(_)]));

    let mut records: HashMap<RecordKey, Record> = trust().into_iter().map(|r| (r.key(), r)).collect();
    apply(&first, &mut records);
    let pathway = match &records[&RecordKey::new(pathdesk_core::record::RecordKind::Pathway, pathway_id("REF000000"))] {
        Record::Pathway(p) => p.clone(),
        other => panic!("{other:?}"),
    };
    let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, date(TODAY));
    assert_eq!(clocks.rtt.start(), Some(date("2026-10-01")), "the clock starts on the day the referral was received");
    assert!(
        pathway.cancer && clocks.faster_diagnosis.is_some(),
        "an urgent suspected cancer referral's 28-day clock runs"
    );

    // The same file again: every good row unchanged, no command.
    let existing = Existing::of(records.values().cloned());
    let again = plan(ImportKind::Referrals, &rows, &existing, date(TODAY));
    assert_eq!(again.counts(), [0, 0, 33]);
    assert!(again.rows.iter().all(|r| r.commands.is_empty()));
    assert_eq!(again.problems.len(), 8, "the bad rows are still bad");

    // A row changed in the PAS: the patient's details are updated through "change details".
    let moved = [referral_row(2, 0, &[("Postcode", "LS2 9JT"), ("Family name", "TESTPATIENT-SMITH")])];
    let changed = plan(ImportKind::Referrals, &moved, &existing, date(TODAY));
    assert_eq!(changed.counts(), [0, 1, 0]);
    let Command::ChangePatientDetails(change) = &changed.rows[0].commands[0] else { panic!("{changed:?}") };
    assert_eq!(change.patient_id, patient_id("PAS000000"));
    assert_eq!(change.changes.postcode.as_deref(), Some("LS2 9JT"));
    assert_eq!(change.changes.family_name.as_deref(), Some("TESTPATIENT-SMITH"));
    assert_eq!(change.changes.date_of_birth, None, "only what changed");
    // A referral's consultant changed in the PAS is refused: changed in Pathdesk, where its history is kept.
    let other = [referral_row(2, 1, &[("Specialty", "330"), ("Consultant", "Dr Rivers")])];
    let refused = plan(ImportKind::Referrals, &other, &existing, date(TODAY));
    assert_eq!((refused.problems[0].row, refused.problems[0].column.as_str()), (2, "Consultant"));

    // The pathway events file: new events recorded, one already there unchanged, one out of order refused.
    let events = [
        event_row(2, "REF000001", "20/10/2026", "first_seen"),
        event_row(3, "REF000001", "03/11/2026", "Decision to treat"),
        event_row(4, "REF000001", "20/10/2026", "first_seen"),
        event_row(5, "REF000002", "20/09/2026", "Outpatient attended"),
        event_row(6, "REF999999", "20/10/2026", "first_seen"),
        event_row(7, "REF000004", "20/10/2026", "Tea and biscuits"),
    ];
    let existing = Existing::of(records.values().cloned());
    let events_plan = plan(ImportKind::Events, &events, &existing, date(TODAY));
    let found: Vec<(usize, &str)> = events_plan.problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(found, [(5, "Event date"), (6, "PAS referral ID"), (7, "Event")], "{:#?}", events_plan.problems);
    assert_eq!(events_plan.counts(), [2, 0, 1], "row 4 repeats row 2");
    apply(&events_plan, &mut records);
    let existing = Existing::of(records.values().cloned());
    assert_eq!(plan(ImportKind::Events, &events, &existing, date(TODAY)).counts(), [0, 0, 3], "imported once");
}

fn row_of(kind: ImportKind, number: usize, values: &[(&str, &str)]) -> Row {
    let cells = kind
        .columns()
        .iter()
        .map(|c| values.iter().find(|(name, _)| *name == c.name).map_or(String::new(), |(_, v)| v.to_string()))
        .collect();
    Row { number, cells }
}

#[test]
fn clinics_come_whole_and_appointments_take_their_places() {
    // Two referrals in Pathdesk first.
    let referrals: Vec<Row> = (0..2u32).map(|i| referral_row(i as usize + 2, i, &[])).collect();
    let mut records: HashMap<RecordKey, Record> = trust().into_iter().map(|r| (r.key(), r)).collect();
    apply(&plan(ImportKind::Referrals, &referrals, &Existing::of(trust()), date(TODAY)), &mut records);

    let slot = |n: usize, clinic: &str, start: &str, kind: &str, places: &str| {
        row_of(
            ImportKind::Clinics,
            n,
            &[
                ("PAS clinic ID", clinic),
                ("Clinic name", "Urology new patients"),
                ("Consultant", "Mr Okafor"),
                ("Date", "14/12/2026"),
                ("Location", "Outpatients B"),
                ("Slot start", start),
                ("Slot minutes", "20"),
                ("Slot type", kind),
                ("Places", places),
            ],
        )
    };
    let clinics = [
        slot(2, "CLN-A", "09:00", "New", "1"),
        slot(3, "CLN-B", "09:00", "Lunch", "1"),
        slot(4, "CLN-A", "09:20", "Follow-up", "2"),
        slot(5, "CLN-B", "09:20", "New", "1"),
        slot(6, "CLN-C", "10:00", "New", "1"),
        slot(7, "CLN-C", "10:00", "New", "1"),
    ];
    let first = plan(ImportKind::Clinics, &clinics, &Existing::of(records.values().cloned()), date(TODAY));
    let found: Vec<(usize, &str)> = first.problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(found, [(3, "Slot type"), (5, ""), (6, ""), (7, "Slot start")], "{:#?}", first.problems);
    assert!(first.problems[1].message.contains("Left out with its clinic: row 3"));
    assert_eq!(first.counts(), [2, 0, 0], "clinic A's two rows");
    let Command::AddClinicSession(added) = &first.rows[0].commands[0] else { panic!("{first:?}") };
    assert_eq!((added.session.slots.len(), added.session.start, added.session.end), (2, time("09:00"), time("09:40")));
    apply(&first, &mut records);
    assert_eq!(
        plan(ImportKind::Clinics, &clinics[..1], &Existing::of(records.values().cloned()), date(TODAY)).problems.len(),
        1,
        "a clinic's slots changed in the PAS are refused"
    );
    assert_eq!(
        plan(
            ImportKind::Clinics,
            &[clinics[0].clone(), clinics[2].clone()],
            &Existing::of(records.values().cloned()),
            date(TODAY)
        )
        .counts(),
        [0, 0, 2]
    );

    let appointment = |n: usize, id: &str, referral: &str, clinic: &str, start: &str, status: &str| {
        row_of(
            ImportKind::Appointments,
            n,
            &[
                ("PAS appointment ID", id),
                ("PAS referral ID", referral),
                ("PAS clinic ID", clinic),
                ("Slot start", start),
                ("Status", status),
                ("Booked on", "20/11/2026"),
                ("Cancellation reason", if status.starts_with("Cancelled") { "Consultant off sick" } else { "" }),
            ],
        )
    };
    let appointments = [
        appointment(2, "APT-1", "REF000000", "CLN-A", "09:00", "Booked"),
        appointment(3, "APT-2", "REF000001", "CLN-A", "09:00", "Booked"), // the slot's one place is taken
        appointment(4, "APT-3", "REF000001", "CLN-A", "09:20", "Cancelled by hospital"),
        appointment(5, "APT-4", "REF000001", "CLN-A", "09:40", "Booked"), // no such slot
        appointment(6, "APT-5", "REF000001", "CLN-B", "09:20", "Booked"), // clinic B was left out
    ];
    let booked = plan(ImportKind::Appointments, &appointments, &Existing::of(records.values().cloned()), date(TODAY));
    let found: Vec<(usize, &str)> = booked.problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(found, [(3, "Slot start"), (5, "Slot start"), (6, "PAS clinic ID")], "{:#?}", booked.problems);
    assert_eq!(booked.counts(), [2, 0, 0]);
    apply(&booked, &mut records);
    let session = pathdesk_core::pas_import::clinic_session_id("CLN-A");
    let Record::ClinicList(list) =
        &records[&RecordKey::new(pathdesk_core::record::RecordKind::ClinicList, session.as_str())]
    else {
        panic!()
    };
    assert_eq!(list.places.len(), 1, "the booked one holds its place; the cancelled one does not");
    let cancelled = pathdesk_core::pas_import::appointment_id("APT-3");
    let Record::Appointment(a) =
        &records[&RecordKey::new(pathdesk_core::record::RecordKind::Appointment, cancelled.as_str())]
    else {
        panic!()
    };
    assert_eq!(a.cancelled.as_ref().map(|c| c.reason.as_str()), Some("Consultant off sick"));
    let again =
        plan(ImportKind::Appointments, &appointments[..1], &Existing::of(records.values().cloned()), date(TODAY));
    assert_eq!(again.counts(), [0, 0, 1], "imported once");
}

fn time(text: &str) -> chrono::NaiveTime {
    pathdesk_core::calendar::parse_hhmm(text).unwrap()
}
