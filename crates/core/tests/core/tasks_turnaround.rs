//! Letter turnaround figures over a period with Christmas 2025 and Easter 2026 in it, worked out by hand.

use chrono::NaiveDate;
use pathdesk_core::tasks::letters::{LetterLog, LetterSettings, LetterStage};
use pathdesk_core::tasks::turnaround::{turnaround, ClinicPeriod, LetterForTurnaround, Turnaround, TurnaroundError};
use pathdesk_core::tasks::{Task, TaskKind};

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn letter(id: &str, secretary: &str, consultant: &str, clinic: &str, sent: Option<&str>) -> LetterForTurnaround {
    LetterForTurnaround {
        letter_id: id.to_string(),
        secretary: secretary.to_string(),
        consultant_id: consultant.to_string(),
        clinic_date: d(clinic),
        sent_on: sent.map(d),
    }
}

fn letters() -> Vec<LetterForTurnaround> {
    vec![
        // Mon 22 Dec 2025 -> Wed 31 Dec: exactly 5 working days (25, 26 Dec skipped): within.
        letter("L1", "R. Ahmed", "C1", "2025-12-22", Some("2025-12-31")),
        // -> Fri 2 Jan 2026: 6 (1 Jan skipped): late.
        letter("L2", "R. Ahmed", "C1", "2025-12-22", Some("2026-01-02")),
        // Wed 1 Apr 2026 -> Fri 10 Apr: 5 (Good Friday 3 Apr and Easter Monday 6 Apr skipped): within.
        letter("L3", "R. Ahmed", "C2", "2026-04-01", Some("2026-04-10")),
        // -> Mon 13 Apr: 6: late.
        letter("L4", "M. Evans", "C2", "2026-04-01", Some("2026-04-13")),
        // Thu 9 Apr, not sent: due Thu 16 Apr, overdue on 20 Apr.
        letter("L5", "M. Evans", "C1", "2026-04-09", None),
        // Fri 17 Apr, not sent: due Fri 24 Apr, not overdue yet.
        letter("L6", "M. Evans", "C1", "2026-04-17", None),
        // A Saturday clinic, letter sent the same day: 0 working days.
        letter("L7", "M. Evans", "C2", "2025-12-13", Some("2025-12-13")),
        // Before the period: not counted at all.
        letter("L8", "R. Ahmed", "C1", "2025-11-28", Some("2025-12-19")),
        // Sent after the report's date: still to send on 20 Apr (due Tue 21 Apr, so not overdue).
        letter("L9", "R. Ahmed", "C2", "2026-04-14", Some("2026-04-21")),
    ]
}

fn report(as_of: &str) -> Turnaround {
    let period = ClinicPeriod { first: d("2025-12-01"), last: d("2026-04-30") };
    turnaround(&letters(), period, d(as_of), &LetterSettings::default()).unwrap()
}

fn figures(rows: &[(String, pathdesk_core::tasks::turnaround::TurnaroundFigures)], key: &str) -> String {
    let (_, f) = rows.iter().find(|(name, _)| name == key).unwrap();
    format!(
        "{} letters, {} sent, {} within ({}), median {}, {} not sent, {} overdue",
        f.letters,
        f.sent,
        f.sent_within_standard,
        f.within_standard(),
        f.median_working_days().map_or("-".to_string(), |m| m.to_string()),
        f.not_sent,
        f.overdue
    )
}

#[test]
fn whole_team() {
    let report = report("2026-04-20");
    let all = &report.all;
    assert_eq!((all.letters, all.sent, all.sent_within_standard, all.not_sent, all.overdue), (8, 5, 3, 3, 1));
    assert_eq!(all.within_standard().to_string(), "60.0%");
    // 0, 5, 5, 6, 6.
    assert_eq!(all.median_working_days().unwrap().to_string(), "5");
}

#[test]
fn per_secretary() {
    let report = report("2026-04-20");
    let names: Vec<&str> = report.by_secretary.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["M. Evans", "R. Ahmed"]);
    assert_eq!(
        figures(&report.by_secretary, "R. Ahmed"),
        "4 letters, 3 sent, 2 within (66.7%), median 5, 1 not sent, 0 overdue"
    );
    // Sent after 6 and 0 working days: the median is 3.
    assert_eq!(
        figures(&report.by_secretary, "M. Evans"),
        "4 letters, 2 sent, 1 within (50.0%), median 3, 2 not sent, 1 overdue"
    );
}

#[test]
fn per_consultant() {
    let report = report("2026-04-20");
    assert_eq!(
        figures(&report.by_consultant, "C1"),
        "4 letters, 2 sent, 1 within (50.0%), median 5.5, 2 not sent, 1 overdue"
    );
    assert_eq!(
        figures(&report.by_consultant, "C2"),
        "4 letters, 3 sent, 2 within (66.7%), median 5, 1 not sent, 0 overdue"
    );
}

#[test]
fn overdue_starts_the_day_after_the_due_date() {
    // L5 is due Thu 16 Apr 2026.
    assert_eq!(report("2026-04-16").all.overdue, 0);
    assert_eq!(report("2026-04-17").all.overdue, 1);
}

#[test]
fn a_later_report_counts_the_letter_sent_since() {
    let report = report("2026-04-21");
    assert_eq!(report.all.sent, 6);
    // L9: Tue 14 Apr -> Tue 21 Apr is 5 working days: within.
    assert_eq!(report.all.sent_within_standard, 4);
    assert_eq!(report.all.within_standard().to_string(), "66.7%");
}

#[test]
fn a_stricter_standard_changes_the_figures() {
    let period = ClinicPeriod { first: d("2025-12-01"), last: d("2026-04-30") };
    let three = LetterSettings { turnaround_working_days: 3, ..LetterSettings::default() };
    let report = turnaround(&letters(), period, d("2026-04-20"), &three).unwrap();
    // Only the same-day letter is within 3 working days. Now L9 (due Fri 17 Apr) is overdue as well as L5
    // (due Tue 14 Apr); L6 (due Wed 22 Apr) is not yet.
    assert_eq!(report.all.sent_within_standard, 1);
    assert_eq!(report.all.overdue, 2);
    assert_eq!(report.standard_working_days, 3);
}

#[test]
fn nothing_in_the_period() {
    let period = ClinicPeriod { first: d("2026-06-01"), last: d("2026-06-30") };
    let report = turnaround(&letters(), period, d("2026-07-01"), &LetterSettings::default()).unwrap();
    assert_eq!(report.all.letters, 0);
    assert_eq!(report.all.within_standard().to_string(), "no letters");
    assert_eq!(report.all.median_working_days(), None);
    assert!(report.by_secretary.is_empty());
}

#[test]
fn bad_data_is_reported_with_the_letter() {
    let period = ClinicPeriod { first: d("2024-01-01"), last: d("2028-12-31") };
    let settings = LetterSettings::default();
    let early = [letter("L1", "R. Ahmed", "C1", "2026-03-10", Some("2026-03-09"))];
    let err = turnaround(&early, period, d("2026-04-01"), &settings).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Letter L1 is recorded as sent on 9 Mar 2026 but its clinic was on 10 Mar 2026: correct the sent date."
    );
    let beyond = [letter("L2", "R. Ahmed", "C1", "2028-12-28", None)];
    let err = turnaround(&beyond, period, d("2028-12-29"), &settings).unwrap_err();
    assert!(matches!(err, TurnaroundError::DueDate { .. }));
    assert!(err.to_string().starts_with("Letter L2: Cannot set a due date"), "{err}");
    let backwards = ClinicPeriod { first: d("2026-04-30"), last: d("2026-04-01") };
    let err = turnaround(&[], backwards, d("2026-05-01"), &settings).unwrap_err();
    assert_eq!(err.to_string(), "The period ends (1 Apr 2026) before it starts (30 Apr 2026): swap the dates.");
}

#[test]
fn moving_a_letter_through_its_workflow_changes_the_figure() {
    let today = d("2025-12-31");
    let mut task = Task::new_open("letter-A1", TaskKind::ClinicLetter, "Clinic letter", "Team inbox", d("2025-12-31"));
    task.consultant_id = Some("C1".to_string());
    let mut log = LetterLog::new(d("2025-12-22"));
    let period = ClinicPeriod { first: d("2025-12-22"), last: d("2025-12-22") };
    let settings = LetterSettings::default();
    let figure = |log: &LetterLog| {
        let letter = LetterForTurnaround::from_task(&task, log);
        turnaround(&[letter], period, today, &settings).unwrap()
    };
    let before = figure(&log);
    assert_eq!((before.all.sent, before.all.not_sent), (0, 1));
    assert_eq!(before.by_secretary[0].0, "Team inbox");
    log.advance(LetterStage::Dictated, "Dr A. Khan", d("2025-12-22"), today).unwrap();
    log.advance(LetterStage::Typed, "R. Ahmed", d("2025-12-23"), today).unwrap();
    log.advance(LetterStage::Checked, "Dr A. Khan", d("2025-12-30"), today).unwrap();
    log.advance(LetterStage::Sent, "R. Ahmed", d("2025-12-31"), today).unwrap();
    let after = figure(&log);
    assert_eq!((after.all.sent, after.all.sent_within_standard, after.all.not_sent), (1, 1, 0));
    // The typist's figure, not the task's inbox.
    assert_eq!(after.by_secretary[0].0, "R. Ahmed");
    assert_eq!(after.all.within_standard().to_string(), "100.0%");
}
