//! The trust's settings are a synced record the server's booking rules read: a trust that sets 14 days' reasonable
//! notice has a 15-day offer accepted, which the default 21 days refuses. Clinic templates use compare-and-set:
//! the second desk to save over the same version is refused with "changed since you opened it".

use crate::common::*;
use chrono::{Days, NaiveTime};
use pathdesk_core::command::{BookAppointment, SaveClinicTemplate, SaveTrustSettings};
use pathdesk_core::command::{Command, RejectionCode};
use pathdesk_core::model::{
    ClinicSession, ClinicTemplate, Pathway, Priority, ReferralSource, SessionStatus, Slot, SlotType, TemplateSlot,
    Weekday,
};
use pathdesk_core::pathway::event::{Referral, ReferralSource as EventSource};
use pathdesk_core::pathway::{EventKind, PathwayEvent};
use pathdesk_core::record::Record;
use pathdesk_core::settings::TrustSettings;
use pathdesk_core::sync::{CommandEnvelope, Outcome, PushResponse};
use pathdesk_server::db::seed;

on_each_database!(
    the_trusts_reasonable_notice_decides_on_the_server_too,
    a_stale_template_edit_from_a_second_desk_is_refused
);

fn envelope(id: &str, seq: u64, command: Command) -> CommandEnvelope {
    CommandEnvelope { id: id.to_string(), seq, issued_on: today(), author: "B. Coordinator".to_string(), command }
}

async fn push_one(server: &TestServer, desk: &str, command: CommandEnvelope) -> Outcome {
    let (status, body) = server.push(&push_request(desk, vec![command])).await;
    assert_eq!(status, axum::http::StatusCode::OK, "{body}");
    let mut response: PushResponse = serde_json::from_value(body).unwrap();
    response.results.remove(0).outcome
}

async fn seed_clinic_in_15_days(server: &TestServer) {
    let session = ClinicSession {
        id: "ses-15".to_string(),
        template_id: None,
        consultant_id: "con-1".to_string(),
        specialty_id: "spec-uro".to_string(),
        name: "Urology new patients".to_string(),
        date: today() + Days::new(15),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        location: "Outpatients B".to_string(),
        status: SessionStatus::Scheduled,
        slots: (0..2)
            .map(|n| Slot {
                id: format!("slot-{n}"),
                slot_type: SlotType::New,
                start: NaiveTime::from_hms_opt(9 + n, 0, 0).unwrap(),
                minutes: 20,
                capacity: 1,
            })
            .collect(),
    };
    let mut records = vec![Record::ClinicSession(session)];
    for n in 0..2 {
        records.push(patient(&format!("p{n}")));
        records.push(Record::Pathway(Pathway {
            id: format!("pw{n}"),
            patient_id: format!("p{n}"),
            specialty_id: "spec-uro".to_string(),
            consultant_id: "con-1".to_string(),
            priority: Priority::Routine,
            source: ReferralSource::Gp,
            cancer: false,
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
            events: vec![PathwayEvent::new(
                today() - Days::new(30),
                EventKind::ReferralReceived(Box::new(Referral {
                    source: Some(EventSource::Gp),
                    ..Referral::default()
                })),
            )],
        }));
    }
    seed::seed(&server.database, records).await.unwrap();
}

fn book(n: u32) -> Command {
    Command::BookAppointment(BookAppointment {
        appointment_id: format!("a{n}"),
        pathway_id: format!("pw{n}"),
        session_id: "ses-15".to_string(),
        slot_id: format!("slot-{n}"),
        offered_on: today(),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    })
}

async fn the_trusts_reasonable_notice_decides_on_the_server_too(server: &TestServer) {
    seed_clinic_in_15_days(server).await;
    // Default 21 days: an offer 15 days away is not reasonable without the patient's agreement.
    match push_one(server, "desk-a", envelope("c1", 1, book(0))).await {
        Outcome::Rejected { rejection } => assert!(rejection.message.contains("21"), "{}", rejection.message),
        other => panic!("expected a refusal under the default notice, got {other:?}"),
    }
    let mut settings = TrustSettings::default();
    settings.booking.reasonable_notice_days = 14;
    let saved = push_one(
        server,
        "desk-a",
        envelope("c2", 2, Command::SaveTrustSettings(SaveTrustSettings { settings: settings.clone() })),
    )
    .await;
    assert_eq!(saved, Outcome::Applied);
    assert_eq!(push_one(server, "desk-b", envelope("c3", 1, book(1))).await, Outcome::Applied);
    let pulled: Vec<TrustSettings> = server
        .pull_all(500)
        .await
        .into_iter()
        .filter_map(|change| match change.record {
            Record::TrustSettings(settings) => Some(settings),
            _ => None,
        })
        .collect();
    assert_eq!(pulled, vec![settings]);
    // Out-of-range settings are refused with the allowed range.
    let mut bad = TrustSettings::default();
    bad.booking.reasonable_notice_days = 90;
    match push_one(server, "desk-a", envelope("c4", 3, Command::SaveTrustSettings(SaveTrustSettings { settings: bad })))
        .await
    {
        Outcome::Rejected { rejection } => assert!(rejection.message.contains("between 0 and 31 days")),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn template(location: &str, version: u32) -> ClinicTemplate {
    ClinicTemplate {
        id: "tpl-1".to_string(),
        consultant_id: "con-1".to_string(),
        specialty_id: "spec-uro".to_string(),
        name: "Urology Monday".to_string(),
        weekday: Weekday::Monday,
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        location: location.to_string(),
        slots: vec![TemplateSlot {
            slot_type: SlotType::New,
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            minutes: 30,
            capacity: 1,
        }],
        version,
    }
}

async fn a_stale_template_edit_from_a_second_desk_is_refused(server: &TestServer) {
    let save = |location: &str, expected| {
        Command::SaveClinicTemplate(SaveClinicTemplate {
            template: template(location, expected),
            expected_version: expected,
        })
    };
    assert_eq!(push_one(server, "desk-a", envelope("t1", 1, save("Outpatients A", 0))).await, Outcome::Applied);
    // Both desks opened version 1; desk A saves first.
    assert_eq!(push_one(server, "desk-a", envelope("t2", 2, save("Outpatients B", 1))).await, Outcome::Applied);
    match push_one(server, "desk-b", envelope("t3", 1, save("Outpatients C", 1))).await {
        Outcome::Rejected { rejection } => {
            assert_eq!(rejection.code, RejectionCode::Conflict);
            assert!(rejection.message.contains("changed since you opened it"), "{}", rejection.message);
        }
        other => panic!("expected the stale edit to be refused, got {other:?}"),
    }
    let saved: Vec<ClinicTemplate> = server
        .pull_all(500)
        .await
        .into_iter()
        .filter_map(|change| match change.record {
            Record::ClinicTemplate(template) => Some(template),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1);
    assert_eq!((saved[0].location.as_str(), saved[0].version), ("Outpatients B", 2));
}
