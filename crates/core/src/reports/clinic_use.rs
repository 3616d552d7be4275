//! Clinic use and vacancies: for each clinic and week of a period, the places the clinics offered, how many were
//! booked and how many are still free, the patients who did not attend and the appointments cancelled (by the
//! patient or the hospital), and the clinics cancelled outright. A clinic is the sessions of one name (the
//! template's: "Mr Okafor urology new patients").
//!
//! Counted as the clinic list counts them: a place is one patient in a slot (a slot of capacity 2 is 2 places); a
//! booked, arrived, seen or did-not-attend appointment holds its place; a cancelled one gives it back; a walk-in
//! seen as an extra holds none. A cancelled clinic offers no places.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{percent, week_commencing, Period};
use crate::model::{Appointment, AppointmentStatus, ClinicSession, SessionStatus, EXTRA_SLOT_ID};
use crate::spreadsheet::CsvLine;

/// One clinic's week (or, with an empty name, the period's totals).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClinicWeek {
    /// The Monday.
    pub week: Option<NaiveDate>,
    pub clinic: String,
    /// Sessions held or still to come (not cancelled).
    pub sessions: u32,
    pub sessions_cancelled: u32,
    pub places: u32,
    /// Places held by an appointment (booked, arrived, seen or did not attend).
    pub booked: u32,
    pub did_not_attend: u32,
    pub cancelled_by_patient: u32,
    pub cancelled_by_hospital: u32,
}

impl ClinicWeek {
    /// Places no appointment holds.
    pub fn free(&self) -> u32 {
        self.places.saturating_sub(self.booked)
    }

    /// Booked places as a share of the places, in per cent.
    pub fn used(&self) -> Option<f64> {
        percent(self.booked.min(self.places), self.places)
    }

    fn add(&mut self, other: &ClinicWeek) {
        self.sessions += other.sessions;
        self.sessions_cancelled += other.sessions_cancelled;
        self.places += other.places;
        self.booked += other.booked;
        self.did_not_attend += other.did_not_attend;
        self.cancelled_by_patient += other.cancelled_by_patient;
        self.cancelled_by_hospital += other.cancelled_by_hospital;
    }
}

/// Each clinic's weeks in `period`, by week then clinic, and the period's totals.
pub fn clinic_use(
    sessions: &[ClinicSession],
    appointments: &[Appointment],
    period: Period,
) -> (Vec<ClinicWeek>, ClinicWeek) {
    let in_period: HashMap<&str, &ClinicSession> =
        sessions.iter().filter(|s| period.contains(s.date)).map(|s| (s.id.as_str(), s)).collect();
    let mut rows: BTreeMap<(NaiveDate, String), ClinicWeek> = BTreeMap::new();
    for session in in_period.values() {
        let entry = row(&mut rows, session);
        if matches!(session.status, SessionStatus::Cancelled { .. }) {
            entry.sessions_cancelled += 1;
        } else {
            entry.sessions += 1;
            entry.places += session.slots.iter().map(|slot| slot.capacity).sum::<u32>();
        }
    }
    for appointment in appointments {
        let Some(session) = in_period.get(appointment.session_id.as_str()) else { continue };
        let entry = row(&mut rows, session);
        match appointment.status {
            AppointmentStatus::CancelledByPatient => entry.cancelled_by_patient += 1,
            AppointmentStatus::CancelledByHospital => entry.cancelled_by_hospital += 1,
            status => {
                if appointment.slot_id != EXTRA_SLOT_ID {
                    entry.booked += 1;
                }
                if status == AppointmentStatus::DidNotAttend {
                    entry.did_not_attend += 1;
                }
            }
        }
    }
    let rows: Vec<ClinicWeek> = rows.into_values().collect();
    let mut totals = ClinicWeek::default();
    for row in &rows {
        totals.add(row);
    }
    (rows, totals)
}

/// The row of `session`'s clinic and week, added when it is the first.
fn row<'a>(rows: &'a mut BTreeMap<(NaiveDate, String), ClinicWeek>, session: &ClinicSession) -> &'a mut ClinicWeek {
    let week = week_commencing(session.date);
    rows.entry((week, session.name.clone())).or_insert_with(|| ClinicWeek {
        week: Some(week),
        clinic: session.name.clone(),
        ..ClinicWeek::default()
    })
}

/// The column headings, as on screen.
pub const COLUMNS: [&str; 11] = [
    "Week commencing",
    "Clinic",
    "Clinics held",
    "Clinics cancelled",
    "Places",
    "Booked",
    "Free",
    "Booked %",
    "Did not attend",
    "Cancelled by patient",
    "Cancelled by hospital",
];

/// The report as a CSV file for Excel: a row per clinic and week, then the period's total.
pub fn csv(rows: &[ClinicWeek], totals: &ClinicWeek) -> String {
    let mut out = super::csv_headed(&COLUMNS);
    for row in rows.iter().chain([totals]) {
        let mut line = CsvLine::new(&mut out);
        line.date(row.week);
        line.text(if row.week.is_some() { &row.clinic } else { "All clinics" });
        for count in [row.sessions, row.sessions_cancelled, row.places, row.booked, row.free()] {
            line.number(Some(i64::from(count)));
        }
        line.percent(row.used());
        for count in [row.did_not_attend, row.cancelled_by_patient, row.cancelled_by_hospital] {
            line.number(Some(i64::from(count)));
        }
        line.end();
    }
    out
}

/// "clinic-use-2026-11-09-to-2027-01-03.csv".
pub fn csv_file_name(period: Period) -> String {
    format!("clinic-use-{}.csv", period.file_part())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Slot, SlotType};
    use chrono::NaiveTime;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn session(id: &str, name: &str, date: &str, places: &[u32], status: SessionStatus) -> ClinicSession {
        ClinicSession {
            id: id.into(),
            template_id: None,
            consultant_id: "c".into(),
            specialty_id: "s".into(),
            name: name.into(),
            date: d(date),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            location: "OPD".into(),
            status,
            slots: places
                .iter()
                .enumerate()
                .map(|(i, &capacity)| Slot {
                    id: format!("{id}-{i}"),
                    slot_type: SlotType::New,
                    start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    minutes: 20,
                    capacity,
                })
                .collect(),
        }
    }

    fn appointment(id: &str, session: &ClinicSession, slot: &str, status: AppointmentStatus) -> Appointment {
        Appointment {
            id: id.into(),
            patient_id: format!("p-{id}"),
            pathway_id: format!("pw-{id}"),
            session_id: session.id.clone(),
            slot_id: slot.into(),
            date: session.date,
            start: session.start,
            slot_type: SlotType::New,
            status,
            booked_on: session.date,
            outcome: None,
            cancelled: None,
        }
    }

    #[test]
    fn places_booked_free_did_not_attend_and_cancelled_by_clinic_and_week() {
        use AppointmentStatus::*;
        let monday = session("a", "Urology new", "2026-11-30", &[1, 2, 1], SessionStatus::Scheduled);
        let thursday = session("b", "Urology new", "2026-12-03", &[1, 1], SessionStatus::Scheduled);
        let next_week = session("c", "Urology new", "2026-12-07", &[1, 1], SessionStatus::Scheduled);
        let cancelled =
            session("d", "Skin follow-up", "2026-12-01", &[1, 1], SessionStatus::Cancelled { reason: "Leave".into() });
        let outside = session("e", "Urology new", "2026-12-14", &[1], SessionStatus::Scheduled);
        let appointments = [
            appointment("1", &monday, "a-0", Seen),
            appointment("2", &monday, "a-1", DidNotAttend),
            appointment("3", &monday, "a-1", CancelledByPatient),
            appointment("4", &monday, EXTRA_SLOT_ID, Seen), // a walk-in: no place
            appointment("5", &thursday, "b-0", Booked),
            appointment("6", &next_week, "c-0", Arrived),
            appointment("7", &cancelled, "d-0", CancelledByHospital),
            appointment("8", &outside, "e-0", Booked),
        ];
        let sessions = [monday, thursday, next_week, cancelled, outside];
        let period = Period::new(d("2026-11-30"), d("2026-12-13")).unwrap();
        let (rows, totals) = clinic_use(&sessions, &appointments, period);
        let summary: Vec<_> = rows
            .iter()
            .map(|r| {
                let week = r.week.unwrap().to_string();
                (week, r.clinic.as_str(), r.sessions, r.sessions_cancelled, r.places, r.booked, r.free())
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("2026-11-30".to_string(), "Skin follow-up", 0, 1, 0, 0, 0),
                ("2026-11-30".to_string(), "Urology new", 2, 0, 6, 3, 3),
                ("2026-12-07".to_string(), "Urology new", 1, 0, 2, 1, 1),
            ]
        );
        assert_eq!((rows[1].did_not_attend, rows[1].cancelled_by_patient, rows[1].cancelled_by_hospital), (1, 1, 0));
        assert_eq!(rows[0].cancelled_by_hospital, 1);
        assert_eq!(rows[1].used(), Some(50.0));
        assert_eq!((totals.places, totals.booked, totals.free(), totals.sessions_cancelled), (8, 4, 4, 1));
        let text = csv(&rows, &totals);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(lines[2], "30/11/2026,Urology new,2,0,6,3,3,50.0,1,1,0");
        assert_eq!(lines[4], ",All clinics,3,1,8,4,4,50.0,1,1,1");
    }
}
