//! Leave recorded before consultants' records carried it is added to them once at start-up, so a booking that
//! names the clinic's consultant is checked against all of it: refused on the server with the leave and what to do.

use crate::common::*;
use chrono::{Days, NaiveTime};
use pathdesk_core::booking::Leave;
use pathdesk_core::command::{BookAppointment, Command, RejectionCode};
use pathdesk_core::model::{
    ClinicSession, Consultant, Pathway, Priority, ReferralSource, SessionStatus, Slot, SlotType,
};
use pathdesk_core::record::Record;
use pathdesk_core::sync::Outcome;
use pathdesk_server::db::seed;
use pathdesk_server::leave::keep_leave_on_consultants;

on_each_database!(leave_recorded_before_is_checked_once_added);

async fn leave_recorded_before_is_checked_once_added(server: &TestServer) {
    let clinic_day = today() + Days::new(35);
    let referral: pathdesk_core::pathway::PathwayEvent = serde_json::from_value(serde_json::json!(
        {"date": (today() - Days::new(20)).to_string(), "type": "referral_received", "source": "gp"}
    ))
    .unwrap();
    let seeded = vec![
        Record::Consultant(Consultant::new("C1", "Ms Okafor", "S1")),
        Record::Leave(Leave {
            id: "leave-old".into(),
            consultant_id: "C1".into(),
            from: clinic_day - Days::new(2),
            to: clinic_day + Days::new(2),
            reason: "Study leave".into(),
            recorded_on: today() - Days::new(60),
        }),
        Record::ClinicSession(ClinicSession {
            id: "ses-1".into(),
            template_id: None,
            consultant_id: "C1".into(),
            specialty_id: "S1".into(),
            name: "Urology (Ms Okafor)".into(),
            date: clinic_day,
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            location: "Outpatients B".into(),
            status: SessionStatus::Scheduled,
            slots: vec![Slot {
                id: "slot-1".into(),
                slot_type: SlotType::New,
                start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                minutes: 30,
                capacity: 1,
            }],
        }),
        patient("P1"),
        Record::Pathway(Pathway {
            id: "pw-1".into(),
            patient_id: "P1".into(),
            specialty_id: "S1".into(),
            consultant_id: "C1".into(),
            priority: Priority::Routine,
            source: ReferralSource::Gp,
            cancer: false,
            events: vec![referral],
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        }),
    ];
    seed::seed(&server.database, seeded).await.unwrap();

    assert_eq!(keep_leave_on_consultants(&server.database).await.unwrap(), 1, "the consultant gains the leave");
    assert_eq!(keep_leave_on_consultants(&server.database).await.unwrap(), 0, "and only once");
    let consultant = server.pull_all(100).await.into_iter().find_map(|c| match c.record {
        Record::Consultant(consultant) => Some(consultant),
        _ => None,
    });
    assert!(consultant.unwrap().away_on(clinic_day).is_some(), "desks pull the consultant with their leave");

    let book = Command::BookAppointment(BookAppointment {
        appointment_id: "appt-1".into(),
        pathway_id: "pw-1".into(),
        session_id: "ses-1".into(),
        slot_id: "slot-1".into(),
        offered_on: today(),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: Some("C1".into()),
    });
    let envelope = pathdesk_core::sync::CommandEnvelope {
        id: "b1".into(),
        seq: 1,
        issued_on: today(),
        author: "J. Booker".into(),
        command: book,
    };
    let (status, body) = server.push(&push_request("desk-1", vec![envelope])).await;
    assert_eq!(status, axum::http::StatusCode::OK, "{body}");
    let response: pathdesk_core::sync::PushResponse = serde_json::from_value(body).unwrap();
    match &response.results[0].outcome {
        Outcome::Rejected { rejection } => {
            assert_eq!(rejection.code, RejectionCode::Invalid);
            assert!(rejection.message.contains("Ms Okafor is on leave (Study leave)"), "{}", rejection.message);
        }
        other => panic!("a booking in the consultant's leave must be refused, got {other:?}"),
    }
}
