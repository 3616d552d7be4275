//! The audit: every command accepted or refused, sign-ins and patients opened, with user, device, time and
//! outcome; searched and exported by administrators only.

use crate::common::*;
use axum::http::{header, Method, StatusCode};
use pathdesk_core::access::{AuditPage, Role};
use pathdesk_server::db::seed;

async fn commands_sign_ins_and_opened_patients_are_audited(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1"), patient("p2")]).await.unwrap();
    let lead = user_session(&server.database, "auditlead", Role::TeamLead, None).await;
    let viewer = user_session(&server.database, "auditviewer", Role::ReadOnly, None).await;
    let push = |id: &str, patient: &str| {
        serde_json::to_string(&push_request(&format!("pc-{id}"), vec![add_note(id, 1, patient, "Audited note")]))
            .unwrap()
    };
    let (status, _) = json_as(&server.raw, &lead, Method::POST, "/api/sync/push", Some(&push("a1", "p1"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = json_as(&server.raw, &viewer, Method::POST, "/api/sync/push", Some(&push("a2", "p2"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) =
        json_as(&server.raw, &lead, Method::POST, "/api/audit/patient-opened", Some(r#"{"patient_id":"p2"}"#)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) =
        json_as(&server.raw, &lead, Method::POST, "/api/audit/patient-opened", Some(r#"{"patient_id":"p404"}"#)).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found", "no patient p404");
    create_user(&server.database, "signer", Role::Receptionist, None).await;
    let sign_in = |password: &str| serde_json::json!({"username": "signer", "password": password}).to_string();
    post_json(&server.raw, "/api/session", &sign_in("wrong password")).await;
    post_json(&server.raw, "/api/session", &sign_in(TEST_PASSWORD)).await;

    // Only an administrator reads the audit.
    let (status, body) = json_as(&server.raw, &lead, Method::GET, "/api/audit", None).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden", "administrator");

    let page = |query: &str| {
        let uri = format!("/api/audit{query}");
        async move {
            let (status, body) = get_json(&server.app, &uri).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            serde_json::from_value::<AuditPage>(body).unwrap()
        }
    };
    let mut lead_entries = page("?user=auditlead").await.entries;
    assert_eq!(lead_entries.len(), 3, "{lead_entries:?}");
    // The team lead's try at reading the audit is itself in it.
    let tried = lead_entries.remove(0);
    assert_eq!((tried.action.as_str(), tried.outcome.as_str()), ("request", "refused"));
    assert_eq!(tried.detail.as_deref(), Some("administrators_only: GET /api/audit"));
    assert_eq!(lead_entries[0].action, "patient_opened", "newest first");
    assert_eq!(lead_entries[0].patient_id.as_deref(), Some("p2"));
    assert_eq!(lead_entries[1].action, "add_patient_note");
    assert_eq!(lead_entries[1].outcome, "applied");
    assert_eq!(lead_entries[1].device.as_deref(), Some("pc-a1"));
    assert_eq!(lead_entries[1].patient_id.as_deref(), Some("p1"));
    assert!(
        lead_entries[1].at.starts_with(&chrono::Utc::now().date_naive().to_string()),
        "server UTC time: {}",
        lead_entries[1].at
    );

    let refused = page("?user=auditviewer").await.entries;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].outcome, "rejected");
    assert!(refused[0].detail.as_deref().unwrap_or_default().contains("read-only"), "{refused:?}");

    let p2 = page("?patient=p2").await.entries;
    assert_eq!(p2.len(), 2, "the refused note and the opening: {p2:?}");
    let sign_ins = page("?user=signer").await.entries;
    let outcomes: Vec<&str> = sign_ins.iter().map(|entry| entry.outcome.as_str()).collect();
    assert_eq!(outcomes, ["signed_in", "failed"]);

    let day = today();
    assert_eq!(page(&format!("?from={day}&to={day}&user=auditlead")).await.entries.len(), 3);
    let tomorrow = day.succ_opt().unwrap();
    assert!(page(&format!("?from={tomorrow}")).await.entries.is_empty());
    let yesterday = day.pred_opt().unwrap();
    assert!(page(&format!("?to={yesterday}")).await.entries.is_empty());

    let (status, headers, body) = send(&server.app, get("/api/audit?user=auditlead&format=csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"pathdesk-audit-"), "{disposition}");
    let csv = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "\u{feff}time_utc,username,device,action,patient_id,outcome,detail");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[1].contains(",auditlead,,request,,refused,administrators_only: GET /api/audit"), "{csv}");
    assert!(lines[2].contains(",auditlead,,patient_opened,p2,opened,"), "{csv}");
    assert!(lines[3].contains(",auditlead,pc-a1,add_patient_note,p1,applied,"), "{csv}");
}

async fn other_services_patients_cannot_be_marked_opened(server: &TestServer) {
    use pathdesk_server::demo;
    demo::seed_demo_data_if_empty(&server.database, demo::demo_options(today(), 20)).await.unwrap();
    let derm_only = user_session(&server.database, "derm", Role::MedicalSecretary, Some(&["spec-derm"])).await;
    let (status, body) = json_as(&server.raw, &derm_only, Method::GET, "/api/sync/pull?limit=2000", None).await;
    assert_eq!(status, StatusCode::OK);
    let mine: Vec<String> = body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|change| change["record"]["kind"] == "patient")
        .map(|change| change["record"]["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!mine.is_empty());
    let (status, all) = get_json(&server.app, "/api/sync/pull?limit=2000").await;
    assert_eq!(status, StatusCode::OK);
    let other = all["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|change| change["record"]["kind"] == "patient")
        .map(|change| change["record"]["id"].as_str().unwrap().to_string())
        .find(|id| !mine.contains(id))
        .expect("a patient outside dermatology");
    let opened = |id: &str| serde_json::json!({ "patient_id": id }).to_string();
    let (status, _) =
        json_as(&server.raw, &derm_only, Method::POST, "/api/audit/patient-opened", Some(&opened(&mine[0]))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) =
        json_as(&server.raw, &derm_only, Method::POST, "/api/audit/patient-opened", Some(&opened(&other))).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found", "in your services");
}

on_each_database!(
    commands_sign_ins_and_opened_patients_are_audited,
    other_services_patients_cannot_be_marked_opened,
    a_cancelled_clinic_is_audited_against_every_patient_in_it_with_what_was_done,
    refusals_new_accounts_lockouts_and_exports_are_audited,
);

/// Not only commands: requests refused before any handler (another site, no anti-forgery token, not an
/// administrator), sign-ins while locked out, another person's device, pushes refused as a whole, accounts made
/// and audit exports all leave a line.
async fn refusals_new_accounts_lockouts_and_exports_are_audited(server: &TestServer) {
    use axum::body::Body;
    use axum::http::Request;
    let lead = user_session(&server.database, "probelead", Role::TeamLead, None).await;
    let entries = |query: String| async move {
        let (status, body) = get_json(&server.app, &format!("/api/audit?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value::<AuditPage>(body).unwrap().entries
    };
    let has = |list: &[pathdesk_core::access::AuditEntry], action: &str, outcome: &str, words: &str| {
        list.iter().any(|e| {
            e.action == action && e.outcome == outcome && e.detail.as_deref().unwrap_or_default().contains(words)
        })
    };

    // A team lead on an administrator's screen, and a change without the anti-forgery token.
    let (status, _) = json_as(&server.raw, &lead, Method::GET, "/api/users", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let no_token = Request::post("/api/audit/patient-opened")
        .header(header::COOKIE, lead.cookie.as_str())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"patient_id":"p1"}"#))
        .unwrap();
    assert_eq!(send(&server.raw, no_token).await.0, StatusCode::FORBIDDEN);
    let lead_lines = entries("user=probelead".into()).await;
    assert!(has(&lead_lines, "request", "refused", "administrators_only: GET /api/users"), "{lead_lines:?}");
    assert!(has(&lead_lines, "request", "refused", "anti_forgery_token: POST /api/audit/patient-opened"));

    // A page on another site trying to sign in.
    let other_site = Request::post("/api/session")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::HOST, "pathdesk.test")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"username":"probelead","password":"guess"}"#))
        .unwrap();
    assert_eq!(send(&server.raw, other_site).await.0, StatusCode::FORBIDDEN);
    let anonymous = entries("user=%28not%20signed%20in%29".into()).await;
    assert!(has(&anonymous, "request", "refused", "other_site: POST /api/session from https://evil.example"));

    // Signing in while locked out after wrong passwords.
    create_user(&server.database, "lockme", Role::Receptionist, None).await;
    let sign_in = |password: &str| serde_json::json!({"username": "lockme", "password": password}).to_string();
    for _ in 0..6 {
        post_json(&server.raw, "/api/session", &sign_in("wrong password")).await;
    }
    let (status, _) = post_json(&server.raw, "/api/session", &sign_in(TEST_PASSWORD)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(has(&entries("user=lockme".into()).await, "sign_in", "locked_out", "after repeated wrong passwords"));

    // Another person's device, and a push out of order.
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let note = |id: &str, seq: u64, desk: &str| {
        serde_json::to_string(&push_request(desk, vec![add_note(id, seq, "p1", "Probe")])).unwrap()
    };
    let (status, _) =
        json_as(&server.raw, &lead, Method::POST, "/api/sync/push", Some(&note("n1", 1, "lead-desk"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server.push(&serde_json::from_str(&note("n2", 1, "lead-desk")).unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the administrator is another person");
    let (status, _) =
        json_as(&server.raw, &lead, Method::POST, "/api/sync/push", Some(&note("n3", 5, "lead-desk"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let pushes = entries("user=probelead".into()).await;
    assert!(has(&pushes, "push", "refused", "sequence_gap"), "{pushes:?}");
    let admin_lines = entries(format!("user={}", TEST_ADMIN_NAME.split(' ').next().unwrap())).await;
    let device = admin_lines.iter().filter(|e| e.action == "sync" && e.outcome == "refused").count();
    assert_eq!(device, 1, "audited once: {admin_lines:?}");

    // An administrator makes an account, then exports the audit.
    let new_user = r#"{"username":"newrecep","name":"New Receptionist","role":"receptionist","services":[],"password":"kettle harbour violet"}"#;
    let (status, body) = post_json(&server.app, "/api/users", new_user).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _, _) = send(&server.app, get("/api/audit?format=csv&user=probelead")).await;
    assert_eq!(status, StatusCode::OK);
    let admin_lines = entries(format!("user={}", TEST_ADMIN_NAME.split(' ').next().unwrap())).await;
    assert!(has(&admin_lines, "user_created", "created", "newrecep (Receptionist)"), "{admin_lines:?}");
    assert!(has(&admin_lines, "audit_exported", "exported", "user=probelead"), "{admin_lines:?}");
}

/// A clinic cancelled with two patients booked: the audit finds it by either patient, saying what was done.
async fn a_cancelled_clinic_is_audited_against_every_patient_in_it_with_what_was_done(server: &TestServer) {
    use chrono::{Days, NaiveTime};
    use pathdesk_core::command::{CancelSession, Command};
    use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, SessionStatus, Slot, SlotType};
    use pathdesk_core::record::Record;
    let day = today() + Days::new(60);
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let session = ClinicSession {
        id: "ses-1".into(),
        template_id: None,
        consultant_id: "con-1".into(),
        specialty_id: "spec-uro".into(),
        name: "Urology new patients".into(),
        date: day,
        start: at(9),
        end: at(12),
        location: "Outpatients B".into(),
        status: SessionStatus::Scheduled,
        slots: vec![Slot { id: "slot-1".into(), slot_type: SlotType::New, start: at(9), minutes: 20, capacity: 2 }],
    };
    let booked = |n: u32| Appointment {
        id: format!("ap-{n}"),
        patient_id: format!("p{n}"),
        pathway_id: format!("pw{n}"),
        session_id: "ses-1".into(),
        slot_id: "slot-1".into(),
        date: day,
        start: at(9),
        slot_type: SlotType::New,
        status: AppointmentStatus::Booked,
        booked_on: today(),
        outcome: None,
        cancelled: None,
    };
    let records = vec![
        patient("p1"),
        patient("p2"),
        Record::ClinicSession(session),
        Record::Appointment(booked(1)),
        Record::Appointment(booked(2)),
    ];
    seed::seed(&server.database, records).await.unwrap();
    let cancel = Command::CancelSession(CancelSession {
        session_id: "ses-1".into(),
        reason: "Consultant on leave".into(),
        appointment_ids: vec!["ap-1".into(), "ap-2".into()],
        pathway_ids: vec![],
    });
    let mut envelope = add_note("cx", 1, "p1", "unused");
    envelope.command = cancel;
    let (status, body) = server.push(&push_request("desk-1", vec![envelope])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"][0]["outcome"], "applied", "{body}");
    for patient in ["p1", "p2"] {
        let (status, body) = get_json(&server.app, &format!("/api/audit?patient={patient}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let entries = serde_json::from_value::<AuditPage>(body).unwrap().entries;
        let cancelled: Vec<_> = entries.iter().filter(|entry| entry.action == "cancel_session").collect();
        assert_eq!(cancelled.len(), 1, "{patient}: {entries:?}");
        assert_eq!(cancelled[0].detail.as_deref(), Some("Cancel a clinic: Consultant on leave"));
    }
}
