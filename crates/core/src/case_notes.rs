//! Case-notes tracking: where each patient's paper notes are (a location, who holds them, since when), the clinics
//! they are requested for, and every movement. One record per patient (its id is the patient's), written by the
//! commands that move and request notes, so the history travels with it to every desk.
//!
//! Notes are "here" for a clinic when their location is the clinic's location. [`needed_not_here`] lists, for the
//! clinics of a day, the booked patients whose notes are elsewhere or never located: the medical records team's
//! pull list for clinic preparation.

use chrono::NaiveDate;
use serde::Serialize;

use crate::from_map::from_map;

/// Where notes are when nobody has recorded a movement: the trust's medical records library.
pub const LIBRARY: &str = "Medical records library";

/// The most movements kept on one patient's record (the oldest go first): years of a busy patient's history.
pub const MOVEMENTS_KEPT: usize = 200;

/// A patient's paper case notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseNotes {
    /// The patient's id.
    pub id: String,
    pub patient_id: String,
    pub location: String,
    /// The person holding them there, when one does (a secretary, a consultant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Since when they have been there.
    pub since: NaiveDate,
    /// Clinics they are wanted for, from the request until the clinic's day has passed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<NotesRequest>,
    /// Every movement, oldest first (the last [`MOVEMENTS_KEPT`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub movements: Vec<NotesMovement>,
}

from_map!(CaseNotes { id, patient_id, location, holder = default, since, requests = default, movements = default });

/// Notes wanted for a clinic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotesRequest {
    pub session_id: String,
    /// The clinic's day.
    pub date: NaiveDate,
    /// Where the clinic is held: where the notes must be.
    pub location: String,
    pub requested_on: NaiveDate,
    pub by: String,
}

from_map!(NotesRequest { session_id, date, location, requested_on, by });

/// One movement of the notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotesMovement {
    pub on: NaiveDate,
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Who recorded it.
    pub by: String,
    /// Recorded by scanning the patient's hospital number (rather than chosen by hand).
    #[serde(default)]
    pub scanned: bool,
}

from_map!(NotesMovement { on, from, to, holder = default, by, scanned = default });

impl CaseNotes {
    /// The notes of a patient with nothing recorded yet: in the library, since `on`.
    pub fn in_library(patient_id: &str, on: NaiveDate) -> Self {
        CaseNotes {
            id: patient_id.to_string(),
            patient_id: patient_id.to_string(),
            location: LIBRARY.to_string(),
            holder: None,
            since: on,
            requests: Vec::new(),
            movements: Vec::new(),
        }
    }

    /// Moved to `location` (held by `holder`) on `on`, recorded by `by`.
    pub fn moved(&mut self, location: &str, holder: Option<&str>, on: NaiveDate, by: &str, scanned: bool) {
        self.movements.push(NotesMovement {
            on,
            from: self.location.clone(),
            to: location.to_string(),
            holder: holder.map(str::to_string),
            by: by.to_string(),
            scanned,
        });
        if self.movements.len() > MOVEMENTS_KEPT {
            let extra = self.movements.len() - MOVEMENTS_KEPT;
            self.movements.drain(..extra);
        }
        self.location = location.to_string();
        self.holder = holder.map(str::to_string);
        self.since = on;
    }

    /// At the clinic's `location`.
    pub fn is_at(&self, location: &str) -> bool {
        same_place(&self.location, location)
    }

    /// Requests for clinics on or after `today` (the ones still to prepare for).
    pub fn open_requests(&self, today: NaiveDate) -> impl Iterator<Item = &NotesRequest> {
        self.requests.iter().filter(move |request| request.date >= today)
    }
}

/// Two locations typed by different people are the same place when they differ only in case and spacing.
pub fn same_place(a: &str, b: &str) -> bool {
    let words = |text: &str| text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

/// Where a booked patient's notes stand for one clinic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotesStanding {
    /// At the clinic's location.
    Here,
    /// Somewhere else: (location, holder).
    Elsewhere(String, Option<String>),
    /// Never recorded: presumed in the library, not located.
    NotLocated,
}

impl NotesStanding {
    pub fn of(notes: Option<&CaseNotes>, clinic_location: &str) -> Self {
        match notes {
            Some(notes) if notes.is_at(clinic_location) => NotesStanding::Here,
            Some(notes) => NotesStanding::Elsewhere(notes.location.clone(), notes.holder.clone()),
            None => NotesStanding::NotLocated,
        }
    }

    /// "Here", "With R. Hughes, Urology secretaries' office", "Not located (presumed in the library)".
    pub fn words(&self) -> String {
        match self {
            NotesStanding::Here => "Here".to_string(),
            NotesStanding::Elsewhere(location, Some(holder)) => format!("With {holder}, {location}"),
            NotesStanding::Elsewhere(location, None) => location.clone(),
            NotesStanding::NotLocated => format!("Not located (presumed in the {})", LIBRARY.to_lowercase()),
        }
    }
}

/// One patient of a clinic whose notes are not at the clinic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesToFetch {
    pub session_id: String,
    pub patient_id: String,
    pub standing: NotesStanding,
    /// Requested for this clinic.
    pub requested: bool,
}

/// For the clinics of one day (`clinics`: session id and location) and the patients booked into each, the notes
/// needed and not at the clinic, clinic by clinic in the order given, patients in the order given.
pub fn needed_not_here<'a>(
    clinics: impl IntoIterator<Item = (&'a str, &'a str, Vec<&'a str>)>,
    notes_of: impl Fn(&str) -> Option<&'a CaseNotes>,
) -> Vec<NotesToFetch> {
    let mut wanted = Vec::new();
    for (session_id, location, patients) in clinics {
        for patient_id in patients {
            let notes = notes_of(patient_id);
            let standing = NotesStanding::of(notes, location);
            if standing == NotesStanding::Here {
                continue;
            }
            let requested = notes.is_some_and(|notes| notes.requests.iter().any(|r| r.session_id == session_id));
            wanted.push(NotesToFetch {
                session_id: session_id.to_string(),
                patient_id: patient_id.to_string(),
                standing,
                requested,
            });
        }
    }
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_move_keeps_where_from_who_and_when() {
        let mut notes = CaseNotes::in_library("p-1", d("2026-11-01"));
        notes.moved("Urology secretaries' office", Some("R. Hughes"), d("2026-12-01"), "R. Hughes", false);
        notes.moved("Outpatients clinic 3", None, d("2026-12-07"), "A. Porter", true);
        assert_eq!(
            (notes.location.as_str(), notes.holder.as_deref(), notes.since),
            ("Outpatients clinic 3", None, d("2026-12-07"))
        );
        assert_eq!(notes.movements.len(), 2);
        assert_eq!(notes.movements[0].from, LIBRARY);
        assert_eq!(notes.movements[1].from, "Urology secretaries' office");
        assert!(notes.movements[1].scanned);
        assert!(notes.is_at("  outpatients   Clinic 3 "));
    }

    #[test]
    fn the_history_keeps_the_latest_movements() {
        let mut notes = CaseNotes::in_library("p-1", d("2026-01-01"));
        for step in 0..(MOVEMENTS_KEPT + 5) {
            notes.moved(&format!("Place {step}"), None, d("2026-06-01"), "A. Porter", false);
        }
        assert_eq!(notes.movements.len(), MOVEMENTS_KEPT);
        assert_eq!(notes.movements.last().unwrap().to, format!("Place {}", MOVEMENTS_KEPT + 4));
    }

    #[test]
    fn the_pull_list_has_the_notes_not_at_each_clinic() {
        let mut here = CaseNotes::in_library("p-here", d("2026-11-01"));
        here.moved("Outpatients A", None, d("2026-12-07"), "A. Porter", true);
        let mut held = CaseNotes::in_library("p-held", d("2026-11-01"));
        held.moved("Secretaries' office", Some("R. Hughes"), d("2026-12-02"), "R. Hughes", false);
        held.requests.push(NotesRequest {
            session_id: "s-1".into(),
            date: d("2026-12-08"),
            location: "Outpatients A".into(),
            requested_on: d("2026-12-07"),
            by: "L. Nowak".into(),
        });
        let all = [here, held];
        let notes_of = |id: &str| all.iter().find(|n| n.patient_id == id);
        let wanted = needed_not_here([("s-1", "Outpatients A", vec!["p-here", "p-held", "p-never"])], notes_of);
        assert_eq!(
            wanted,
            [
                NotesToFetch {
                    session_id: "s-1".into(),
                    patient_id: "p-held".into(),
                    standing: NotesStanding::Elsewhere("Secretaries' office".into(), Some("R. Hughes".into())),
                    requested: true,
                },
                NotesToFetch {
                    session_id: "s-1".into(),
                    patient_id: "p-never".into(),
                    standing: NotesStanding::NotLocated,
                    requested: false,
                },
            ]
        );
        assert_eq!(wanted[0].standing.words(), "With R. Hughes, Secretaries' office");
    }
}
