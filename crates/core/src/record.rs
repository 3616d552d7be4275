//! `Record`: any one of Pathdesk's records, tagged with its kind, as stored and synced.

use crate::from_map::from_map;
use crate::from_map::words;
use serde::{Deserialize, Serialize};

use crate::booking::Leave;
use crate::model::{
    Appointment, ClinicList, ClinicSession, ClinicTemplate, Consultant, Pathway, PathwayOffers, Patient, PatientNote,
    Specialty,
};
use crate::tasks::Task;

/// The kinds of record, one store each in the browser and one kind in the server's record table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Specialty,
    Consultant,
    Patient,
    PatientNote,
    Pathway,
    ClinicTemplate,
    ClinicSession,
    Appointment,
    Task,
    Leave,
    PathwayOffers,
    ClinicList,
    TrustSettings,
    CaseNotes,
    MdtMeeting,
    DiaryItem,
    LeaveRequest,
    StaffLeave,
}

words!(RecordKind { Specialty = "specialty", Consultant = "consultant", Patient = "patient", PatientNote = "patient_note", Pathway = "pathway", ClinicTemplate = "clinic_template", ClinicSession = "clinic_session", Appointment = "appointment", Task = "task", Leave = "leave", PathwayOffers = "pathway_offers", ClinicList = "clinic_list", TrustSettings = "trust_settings", CaseNotes = "case_notes", MdtMeeting = "mdt_meeting", DiaryItem = "diary_item", LeaveRequest = "leave_request", StaffLeave = "staff_leave" });

impl RecordKind {
    /// Every kind, in the order they were added (new kinds go at the end: the browser's schema upgrades create
    /// their stores by position, see the app's `store::schema`).
    pub const ALL: [RecordKind; 18] = [
        RecordKind::Specialty,
        RecordKind::Consultant,
        RecordKind::Patient,
        RecordKind::PatientNote,
        RecordKind::Pathway,
        RecordKind::ClinicTemplate,
        RecordKind::ClinicSession,
        RecordKind::Appointment,
        RecordKind::Task,
        RecordKind::Leave,
        RecordKind::PathwayOffers,
        RecordKind::ClinicList,
        RecordKind::TrustSettings,
        RecordKind::CaseNotes,
        RecordKind::MdtMeeting,
        RecordKind::DiaryItem,
        RecordKind::LeaveRequest,
        RecordKind::StaffLeave,
    ];

    /// Every kind's name, in the order of `ALL`.
    pub const NAMES: [&'static str; 18] = {
        let mut names = [""; 18];
        let mut i = 0;
        while i < names.len() {
            names[i] = RecordKind::ALL[i].as_str();
            i += 1;
        }
        names
    };

    /// The name used for the browser's object store and the server's `kind` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            RecordKind::Specialty => "specialty",
            RecordKind::Consultant => "consultant",
            RecordKind::Patient => "patient",
            RecordKind::PatientNote => "patient_note",
            RecordKind::Pathway => "pathway",
            RecordKind::ClinicTemplate => "clinic_template",
            RecordKind::ClinicSession => "clinic_session",
            RecordKind::Appointment => "appointment",
            RecordKind::Task => "task",
            RecordKind::Leave => "leave",
            RecordKind::PathwayOffers => "pathway_offers",
            RecordKind::ClinicList => "clinic_list",
            RecordKind::TrustSettings => "trust_settings",
            RecordKind::CaseNotes => "case_notes",
            RecordKind::MdtMeeting => "mdt_meeting",
            RecordKind::DiaryItem => "diary_item",
            RecordKind::LeaveRequest => "leave_request",
            RecordKind::StaffLeave => "staff_leave",
        }
    }

    pub fn parse(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// Identifies one record: its kind and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RecordKey {
    pub kind: RecordKind,
    pub id: String,
}

from_map!(RecordKey { kind, id });

impl RecordKey {
    pub fn new(kind: RecordKind, id: impl Into<String>) -> Self {
        RecordKey { kind, id: id.into() }
    }
}

/// Declares `Record` from one list of its kinds: the enum, `kind`, `id` and a `RecordOf` for each record struct,
/// so a new kind of record is added in one place. Each variant's name is its `RecordKind`.
macro_rules! records {
    ($($(#[$doc:meta])* $variant:ident($record:ty)),* $(,)?) => {
        /// One stored record of any kind, as the device's store, commands and sync carry it.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Record {
            $($(#[$doc])* $variant($record),)*
        }

        impl $crate::from_map::Tagged for Record {
            const TAG: &'static str = "kind";
            const EXPECTING: &'static str = "a record, with its kind";
            fn read_kind<'de, A: serde::de::MapAccess<'de>>(kind: &str, map: A) -> Result<Self, A::Error> {
                use $crate::from_map::FromFields;
                match RecordKind::parse(kind) {
                    $(Some(RecordKind::$variant) => <$record>::from_fields(map).map(Record::$variant),)*
                    None => Err(<A::Error as serde::de::Error>::unknown_variant(kind, &RecordKind::NAMES)),
                }
            }
        }

        impl<'de> Deserialize<'de> for Record {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::from_map::deserialize_tagged(deserializer)
            }
        }

        impl Record {
            pub fn kind(&self) -> RecordKind {
                match self {
                    $(Record::$variant(_) => RecordKind::$variant,)*
                }
            }

            pub fn id(&self) -> &str {
                match self {
                    $(Record::$variant(r) => &r.id,)*
                }
            }
        }

        $(impl RecordOf for $record {
            fn from_record(record: Record) -> Option<Self> {
                match record {
                    Record::$variant(inner) => Some(inner),
                    _ => None,
                }
            }
        })*
    };
}

records!(
    Specialty(Specialty),
    Consultant(Consultant),
    Patient(Patient),
    PatientNote(PatientNote),
    Pathway(Pathway),
    ClinicTemplate(ClinicTemplate),
    ClinicSession(ClinicSession),
    Appointment(Appointment),
    Task(Task),
    /// A consultant's leave.
    Leave(Leave),
    /// The offers made on a pathway.
    PathwayOffers(PathwayOffers),
    /// Who is booked into a clinic session.
    ClinicList(ClinicList),
    /// The trust's settings (one record).
    TrustSettings(crate::settings::TrustSettings),
    /// Where a patient's paper case notes are, and their movements.
    CaseNotes(crate::case_notes::CaseNotes),
    /// A tumour site's MDT meeting with the patients listed and its decisions.
    MdtMeeting(crate::mdt::MdtMeeting),
    /// A consultant's meeting, admin or teaching session.
    DiaryItem(crate::diary::DiaryItem),
    /// Leave asked for by or for a consultant, and the lead's decision.
    LeaveRequest(crate::diary::LeaveRequest),
    /// A team member's own leave.
    StaffLeave(crate::diary::StaffLeave),
);

impl Record {
    pub fn key(&self) -> RecordKey {
        RecordKey::new(self.kind(), self.id())
    }

    /// The patient this record is about, if any: used to index notes and appointments by patient.
    pub fn patient_id(&self) -> Option<&str> {
        match self {
            Record::Patient(r) => Some(&r.id),
            Record::PatientNote(r) => Some(&r.patient_id),
            Record::Pathway(r) => Some(&r.patient_id),
            Record::Appointment(r) => Some(&r.patient_id),
            Record::Task(r) => r.patient_id.as_deref(),
            Record::PathwayOffers(r) => Some(&r.patient_id),
            Record::CaseNotes(r) => Some(&r.patient_id),
            Record::Specialty(_)
            | Record::Consultant(_)
            | Record::ClinicTemplate(_)
            | Record::ClinicSession(_)
            | Record::Leave(_)
            | Record::ClinicList(_)
            | Record::TrustSettings(_)
            | Record::MdtMeeting(_)
            | Record::DiaryItem(_)
            | Record::LeaveRequest(_)
            | Record::StaffLeave(_) => None,
        }
    }
}

/// A record's own struct, taken back out of a [`Record`] of its kind (`None` for a record of another kind).
pub trait RecordOf: Sized {
    fn from_record(record: Record) -> Option<Self>;
}

#[cfg(test)]
mod record_json_tests {
    use super::*;
    use crate::model::Consultant;

    #[test]
    fn a_record_reads_back_from_its_json_text_and_through_a_json_value() {
        let record = Record::Consultant(Consultant::new("con-1", "Ms A. Example", "uro"));
        let text = serde_json::to_string(&record).unwrap();
        assert!(text.contains(r#""kind":"consultant""#), "{text}");
        assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), record);
        let value = serde_json::to_value(&record).unwrap();
        assert_eq!(serde_json::from_value::<Record>(value).unwrap(), record);
        // The kind key may come anywhere in the object.
        let later = r#"{"id":"con-1","name":"Ms A. Example","specialty_id":"uro","kind":"consultant"}"#;
        assert_eq!(serde_json::from_str::<Record>(later).unwrap(), record);
    }

    #[test]
    fn records_with_a_kind_of_their_own_keep_one_kind_key_and_read_back() {
        use crate::diary::{DiaryItem, DiaryItemKind, LeaveKind, LeaveRequest, RequestStatus, StaffLeave};
        use chrono::{NaiveDate, NaiveTime};
        let d = |text: &str| text.parse::<NaiveDate>().unwrap();
        let item = DiaryItem {
            id: "di".into(),
            consultant_id: "c".into(),
            item_kind: DiaryItemKind::Teaching,
            title: "Registrar teaching".into(),
            date: d("2026-12-09"),
            start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            location: None,
            cancelled: false,
        };
        let leave = StaffLeave {
            id: "sl".into(),
            person: "R. Hughes".into(),
            from: d("2026-12-07"),
            to: d("2026-12-09"),
            reason: "Annual leave".into(),
            recorded_on: d("2026-11-01"),
            recorded_by: "T. Lead".into(),
        };
        let requested = LeaveRequest {
            id: "lr-1".into(),
            consultant_id: "c".into(),
            leave_kind: LeaveKind::Study,
            from: d("2027-01-18"),
            to: d("2027-01-22"),
            note: None,
            requested_on: d("2026-12-07"),
            requested_by: "R. Hughes".into(),
            status: RequestStatus::Requested,
            decided_on: None,
            decided_by: None,
            decline_reason: None,
        };
        for record in [Record::DiaryItem(item), Record::StaffLeave(leave), Record::LeaveRequest(requested)] {
            let text = serde_json::to_string(&record).unwrap();
            assert_eq!(text.matches("\"kind\"").count(), 1, "one kind, the record's: {text}");
            assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), record);
        }
    }

    #[test]
    fn an_unknown_or_missing_kind_or_a_bad_field_is_an_error_that_says_which() {
        let unknown = serde_json::from_str::<Record>(r#"{"kind":"spaceship","id":"x"}"#).unwrap_err().to_string();
        assert!(unknown.contains("unknown variant `spaceship`"), "{unknown}");
        let missing = serde_json::from_str::<Record>(r#"{"id":"x"}"#).unwrap_err().to_string();
        assert!(missing.contains("missing field `kind`"), "{missing}");
        let bad = serde_json::from_str::<Record>(r#"{"kind":"consultant","id":"x"}"#).unwrap_err().to_string();
        assert!(bad.contains("missing field `name`"), "{bad}");
        assert!(serde_json::from_str::<Record>("[1, 2]").is_err());
    }
}
