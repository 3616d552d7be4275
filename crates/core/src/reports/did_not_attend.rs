//! Did-not-attend rates: of the outpatient appointments in a period that have happened (on or before the report's
//! date), the share the patient did not attend, by clinic and by first or follow-up appointment. An appointment
//! counts once the patient arrived, was seen or did not attend; one still only booked (its outcome not yet
//! recorded) or cancelled does not count. Procedure lists are not outpatient appointments and are left out.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{percent, Period};
use crate::model::{Appointment, AppointmentStatus, ClinicSession, SlotType};
use crate::spreadsheet::CsvLine;

/// Appointments attended and not attended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attendance {
    pub attended: u32,
    pub did_not_attend: u32,
}

impl Attendance {
    pub fn appointments(&self) -> u32 {
        self.attended + self.did_not_attend
    }

    /// The did-not-attend rate, in per cent.
    pub fn rate(&self) -> Option<f64> {
        percent(self.did_not_attend, self.appointments())
    }

    fn add(&mut self, other: Attendance) {
        self.attended += other.attended;
        self.did_not_attend += other.did_not_attend;
    }
}

/// One clinic's attendance (the clinic is empty for the totals).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DnaRow {
    pub clinic: String,
    pub first: Attendance,
    pub follow_up: Attendance,
}

impl DnaRow {
    pub fn all(&self) -> Attendance {
        let mut all = self.first;
        all.add(self.follow_up);
        all
    }
}

/// Each clinic's attendance in `period` up to `as_of`, the highest did-not-attend rate first (then by name), and
/// the totals.
pub fn did_not_attend_rates(
    sessions: &[ClinicSession],
    appointments: &[Appointment],
    period: Period,
    as_of: NaiveDate,
) -> (Vec<DnaRow>, DnaRow) {
    let names: HashMap<&str, &str> = sessions.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let mut rows: BTreeMap<&str, DnaRow> = BTreeMap::new();
    for appointment in appointments {
        if !period.contains(appointment.date) || appointment.date > as_of {
            continue;
        }
        let counted = match appointment.status {
            AppointmentStatus::Arrived | AppointmentStatus::Seen => Attendance { attended: 1, did_not_attend: 0 },
            AppointmentStatus::DidNotAttend => Attendance { attended: 0, did_not_attend: 1 },
            _ => continue,
        };
        let clinic = names.get(appointment.session_id.as_str()).copied().unwrap_or("Clinic not on this device");
        let row = rows.entry(clinic).or_insert_with(|| DnaRow { clinic: clinic.to_string(), ..DnaRow::default() });
        match appointment.slot_type {
            SlotType::New => row.first.add(counted),
            SlotType::FollowUp => row.follow_up.add(counted),
            SlotType::Procedure => {}
        }
    }
    let mut rows: Vec<DnaRow> = rows.into_values().filter(|row| row.all().appointments() > 0).collect();
    let mut totals = DnaRow::default();
    for row in &rows {
        totals.first.add(row.first);
        totals.follow_up.add(row.follow_up);
    }
    rows.sort_by(|a, b| {
        let rate = |row: &DnaRow| row.all().rate().unwrap_or(0.0);
        rate(b).total_cmp(&rate(a)).then_with(|| a.clinic.cmp(&b.clinic))
    });
    (rows, totals)
}

/// The column headings, as on screen.
pub const COLUMNS: [&str; 10] = [
    "Clinic",
    "First appointments",
    "First did not attend",
    "First DNA rate %",
    "Follow-up appointments",
    "Follow-up did not attend",
    "Follow-up DNA rate %",
    "All appointments",
    "All did not attend",
    "DNA rate %",
];

/// The report as a CSV file for Excel: a row per clinic, then the totals.
pub fn csv(rows: &[DnaRow], totals: &DnaRow) -> String {
    let mut out = super::csv_headed(&COLUMNS);
    for (name, row) in rows.iter().map(|row| (row.clinic.as_str(), row)).chain([("All clinics", totals)]) {
        let mut line = CsvLine::new(&mut out);
        line.text(name);
        for attendance in [row.first, row.follow_up, row.all()] {
            line.number(Some(i64::from(attendance.appointments())));
            line.number(Some(i64::from(attendance.did_not_attend)));
            line.percent(attendance.rate());
        }
        line.end();
    }
    out
}

/// "did-not-attend-2026-11-09-to-2027-01-03.csv".
pub fn csv_file_name(period: Period) -> String {
    format!("did-not-attend-{}.csv", period.file_part())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn session(id: &str, name: &str) -> ClinicSession {
        ClinicSession {
            id: id.into(),
            template_id: None,
            consultant_id: "c".into(),
            specialty_id: "s".into(),
            name: name.into(),
            date: d("2026-12-01"),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            location: "OPD".into(),
            status: crate::model::SessionStatus::Scheduled,
            slots: Vec::new(),
        }
    }

    fn seen(id: &str, session: &str, date: &str, slot_type: SlotType, status: AppointmentStatus) -> Appointment {
        Appointment {
            id: id.into(),
            patient_id: "p".into(),
            pathway_id: "pw".into(),
            session_id: session.into(),
            slot_id: "s".into(),
            date: d(date),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            slot_type,
            status,
            booked_on: d("2026-11-01"),
            outcome: None,
            cancelled: None,
        }
    }

    #[test]
    fn rates_by_clinic_and_by_first_or_follow_up_count_only_what_happened() {
        use AppointmentStatus::*;
        use SlotType::*;
        let sessions = [session("a", "Urology new"), session("b", "Skin review")];
        let appointments = [
            seen("1", "a", "2026-12-01", New, Seen),
            seen("2", "a", "2026-12-01", New, DidNotAttend),
            seen("3", "a", "2026-12-02", FollowUp, Arrived),
            seen("4", "a", "2026-12-02", FollowUp, Seen),
            seen("5", "a", "2026-12-02", FollowUp, CancelledByPatient), // not counted
            seen("6", "a", "2026-12-10", New, DidNotAttend),            // after the report's date
            seen("7", "b", "2026-12-03", FollowUp, DidNotAttend),
            seen("8", "b", "2026-12-03", FollowUp, Booked), // outcome not recorded yet
            seen("9", "b", "2026-12-03", Procedure, DidNotAttend), // a procedure list
            seen("10", "b", "2026-11-01", New, DidNotAttend), // before the period
        ];
        let period = Period::new(d("2026-11-30"), d("2026-12-13")).unwrap();
        let (rows, totals) = did_not_attend_rates(&sessions, &appointments, period, d("2026-12-05"));
        assert_eq!(rows.iter().map(|r| r.clinic.as_str()).collect::<Vec<_>>(), ["Skin review", "Urology new"]);
        assert_eq!(rows[0].follow_up, Attendance { attended: 0, did_not_attend: 1 });
        assert_eq!(rows[1].first, Attendance { attended: 1, did_not_attend: 1 });
        assert_eq!(rows[1].follow_up, Attendance { attended: 2, did_not_attend: 0 });
        assert_eq!(rows[1].all().rate(), Some(25.0));
        assert_eq!(totals.all(), Attendance { attended: 3, did_not_attend: 2 });
        let text = csv(&rows, &totals);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[2], "Urology new,2,1,50.0,2,0,0.0,4,1,25.0");
        assert_eq!(lines[3], "All clinics,2,1,50.0,3,1,33.3,5,2,40.0");
    }
}
