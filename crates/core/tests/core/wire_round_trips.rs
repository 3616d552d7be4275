//! The enums read by hand (not serde's derive, for the app's size) read back exactly what they write, and refuse a
//! kind they do not know with serde's own words.

use chrono::{NaiveDate, NaiveTime};
use pathdesk_core::booking::SessionChange;
use pathdesk_core::command::{NeedsRebooking, Rejection, RejectionCode, RejectionDetails};
use pathdesk_core::model::{SessionStatus, SlotType};
use pathdesk_core::sync::{CommandResult, Outcome};
use pathdesk_core::tasks::field::FieldValue;
use pathdesk_core::tasks::TaskStatus;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
}

#[test]
fn hand_read_enums_read_back_what_they_write() {
    round_trip(SessionStatus::Scheduled);
    round_trip(SessionStatus::Cancelled { reason: "Consultant unwell".into() });
    round_trip(SessionStatus::Reduced { reason: "Room needed".into() });
    round_trip(SessionChange::Cancel { reason: "Leave".into() });
    round_trip(SessionChange::Reduce { removed_slot_ids: vec!["s1".into()], reason: "Leave".into() });
    let rebook = NeedsRebooking {
        appointment_id: "a1".into(),
        patient_id: "p1".into(),
        pathway_id: "w1".into(),
        session_id: "s1".into(),
        slot_id: "t1".into(),
        consultant_id: "c1".into(),
        specialty_id: "uro".into(),
        slot_type: SlotType::New,
        clinic: "Urology".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        start: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
    };
    let refused = Rejection {
        code: RejectionCode::Conflict,
        message: "Slot taken".into(),
        details: Some(Box::new(RejectionDetails::NeedsRebooking(rebook))),
    };
    for outcome in [Outcome::Applied, Outcome::Merged, Outcome::Rejected { rejection: refused }] {
        round_trip(outcome.clone());
        round_trip(CommandResult { id: "c1".into(), seq: 7, outcome });
    }
    for value in [
        FieldValue::Title("Call back".into()),
        FieldValue::Assignee("S. Patel".into()),
        FieldValue::Due(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()),
        FieldValue::Consultant(None),
        FieldValue::Patient(Some("p1".into())),
        FieldValue::Status(TaskStatus::Done),
    ] {
        round_trip(value);
    }
}

#[test]
fn an_unknown_kind_is_refused_in_serde_s_words() {
    let status = serde_json::from_str::<SessionStatus>(r#"{"state": "postponed"}"#).unwrap_err().to_string();
    assert!(status.starts_with("unknown variant `postponed`"), "{status}");
    let result = serde_json::from_str::<CommandResult>(r#"{"id": "c", "seq": 1, "outcome": "rejected"}"#);
    assert!(result.unwrap_err().to_string().contains("missing field `rejection`"));
    let field = serde_json::from_str::<FieldValue>(r#"{"field": "due", "value": "soon"}"#);
    assert!(field.is_err());
}

#[test]
fn a_command_is_read_with_its_type_anywhere_in_the_object() {
    use pathdesk_core::command::Command;
    let first = r#"{"type":"add_patient_note","note_id":"n1","patient_id":"p1","text":"Phoned"}"#;
    let last = r#"{"note_id":"n1","patient_id":"p1","text":"Phoned","type":"add_patient_note"}"#;
    let read = serde_json::from_str::<Command>(first).unwrap();
    assert_eq!(serde_json::from_str::<Command>(last).unwrap(), read);
    assert_eq!(serde_json::to_string(&read).unwrap(), first, "written with its type first");
    let unknown = serde_json::from_str::<Command>(r#"{"type":"fly","x":1}"#).unwrap_err().to_string();
    assert!(unknown.starts_with("unknown variant `fly`, expected one of `add_patient_note`"), "{unknown}");
    let missing = serde_json::from_str::<Command>(r#"{"note_id":"n1"}"#).unwrap_err().to_string();
    assert!(missing.contains("missing field `type`"), "{missing}");
}
