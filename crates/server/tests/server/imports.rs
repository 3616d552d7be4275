//! PAS extract imports on the demo trust: a generated referrals file with planted errors checked (every error on
//! its row and column, nothing written), imported (the patients and their clocks there, each command in the log
//! and the audit), imported again (nothing changes), stopped part-way and resumed (every row once), the files and
//! people refused with a reason.

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use pathdesk_core::access::Role;
use pathdesk_core::demo::pas_extract::{referrals_csv, ExtractOptions};
use pathdesk_core::model::{Consultant, Specialty};
use pathdesk_core::pas_import::{pathway_id, patient_id, ImportKind};
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::record::Record;
use pathdesk_server::db::imports as jobs;
use pathdesk_server::{demo, imports};

use crate::common::*;

async fn demo_trust(server: &TestServer) -> Vec<Record> {
    demo::seed_demo_data_if_empty(&server.database, demo::demo_options(today(), 40)).await.unwrap().unwrap();
    server.pull_all(2000).await.into_iter().map(|change| change.record).collect()
}

/// A generated extract of `rows` referrals for the trust's consultants.
fn extract(records: &[Record], rows: usize, seed: u64) -> String {
    let specialties: Vec<&Specialty> =
        records.iter().filter_map(|r| if let Record::Specialty(s) = r { Some(s) } else { None }).collect();
    let consultants: Vec<(String, String)> = records
        .iter()
        .filter_map(|r| if let Record::Consultant(c) = r { Some(c) } else { None })
        .map(|c: &Consultant| {
            let code = specialties.iter().find(|s| s.id == c.specialty_id).map(|s| s.code.clone()).unwrap();
            (c.name.clone(), code)
        })
        .collect();
    let avoid: HashSet<String> = records
        .iter()
        .filter_map(|r| if let Record::Patient(p) = r { Some(p.nhs_number.clone()) } else { None })
        .collect();
    referrals_csv(&ExtractOptions { rows, seed, consultants: &consultants, avoid: &avoid, today: today() })
}

/// Replaces the cell of `column` on data row `row` (as Excel numbers rows: the header is 1).
fn plant(text: &str, row: usize, column: &str, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = ImportKind::Referrals.columns().iter().position(|c| c.name == column).unwrap();
    let mut cells: Vec<String> = lines[row - 1].split(',').map(str::to_string).collect();
    cells[at] = value.to_string();
    lines[row - 1] = cells.join(",");
    lines.join("\r\n") + "\r\n"
}

async fn post_file(server: &TestServer, uri: &str, body: Vec<u8>) -> (StatusCode, serde_json::Value) {
    post_raw(&server.app, uri, "text/csv", body).await
}

async fn wait_until_done(server: &TestServer, id: &str) -> serde_json::Value {
    for _ in 0..600 {
        let (status, job) = get_json(&server.app, &format!("/api/imports/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if job["status"] != "running" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish");
}

async fn count_records(server: &TestServer) -> usize {
    let mut connection = server.database.pool().acquire().await.unwrap();
    pathdesk_server::db::records::count(&mut connection).await.unwrap() as usize
}

async fn a_checked_file_lists_every_planted_error_and_an_import_is_idempotent(server: &TestServer) {
    let records = demo_trust(server).await;
    let mut file = extract(&records, 60, 11);
    file = plant(&file, 5, "NHS number", "9990000019");
    file = plant(&file, 9, "Consultant", "Dr Nobody");
    file = plant(&file, 13, "Referral received", "01/01/1900");
    file = plant(&file, 17, "PAS referral ID", "REF0000001"); // row 3's referral again
    file = plant(&file, 21, "Date of birth", "30/02/1970");
    let before = count_records(server).await;
    let (status, report) = post_file(server, "/api/imports/check?kind=referrals", file.clone().into_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let found: Vec<(u64, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["column"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (5, "NHS number".to_string()),
            (9, "Consultant".to_string()),
            (13, "Referral received".to_string()),
            (17, "PAS referral ID".to_string()),
            (21, "Date of birth".to_string()),
        ],
        "{report}"
    );
    assert_eq!(report["rows"], 60);
    assert_eq!(report["new"], 55);
    assert_eq!(count_records(server).await, before, "a check writes nothing");

    // Import: the good rows, through the desks' commands, in the background.
    let (status, started) =
        post_file(server, "/api/imports?kind=referrals&file_name=extract.csv", file.clone().into_bytes()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let job = wait_until_done(server, started["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!((job["done_rows"].as_u64(), job["total_rows"].as_u64()), (Some(60), Some(60)));
    assert_eq!(job["skip_rows"], serde_json::json!([5, 9, 13, 17, 21]));
    let after: Vec<Record> = server.pull_all(2000).await.into_iter().map(|c| c.record).collect();
    let line = file.lines().nth(1).unwrap().split(',').map(str::to_string).collect::<Vec<_>>();
    let (pas_patient, pas_referral, received) = (&line[0], &line[8], &line[9]);
    let pathway = after
        .iter()
        .find_map(|r| match r {
            Record::Pathway(p) if p.id == pathway_id(pas_referral) => Some(p),
            _ => None,
        })
        .expect("the first row's referral is in Pathdesk");
    assert_eq!(pathway.patient_id, patient_id(pas_patient));
    let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, today());
    let [d, m, y]: [&str; 3] = received.split('/').collect::<Vec<_>>().try_into().unwrap();
    assert_eq!(clocks.rtt.start().map(|s| s.to_string()), Some(format!("{y}-{m}-{d}")), "the clock from the referral");
    let imported =
        after.iter().filter(|r| matches!(r, Record::Pathway(p) if p.id.starts_with("pas-referral-"))).count();
    assert_eq!(imported, 55);
    // Each command logged on the import's device, and audited as the person who imported.
    let (_, audit) = get_json(&server.app, &format!("/api/audit?patient={}", patient_id(pas_patient))).await;
    assert!(audit.to_string().contains("register_patient"), "{audit}");

    // The same file again: nothing to change.
    let records_now = count_records(server).await;
    let (_, again) = post_file(server, "/api/imports/check?kind=referrals", file.clone().into_bytes()).await;
    assert_eq!(
        (again["new"].as_u64(), again["changed"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(0), Some(55))
    );
    let (_, started) = post_file(server, "/api/imports?kind=referrals", file.clone().into_bytes()).await;
    let job = wait_until_done(server, started["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "done");
    assert_eq!(count_records(server).await, records_now, "a second import writes nothing");
}

async fn an_import_stopped_part_way_resumes_from_its_last_batch(server: &TestServer) {
    let records = demo_trust(server).await;
    let rows = imports::BATCH_ROWS * 2 + 100;
    let file = extract(&records, rows, 12);
    let today = today();
    let (text, checked) =
        imports::check(&server.database, ImportKind::Referrals, file.as_bytes(), today).await.unwrap();
    assert!(checked.plan.problems.is_empty(), "{:?}", &checked.plan.problems[..3.min(checked.plan.problems.len())]);
    // Started as the route starts it, but run here batch by batch instead of in the background.
    let lead_id = create_user(&server.database, "import-lead", Role::TeamLead, None).await;
    let mut connection = server.database.pool().acquire().await.unwrap();
    let lead = pathdesk_server::db::users::find_by_id(&mut connection, &lead_id).await.unwrap().unwrap();
    drop(connection);
    let id = "import-resume-test";
    pathdesk_server::push::check_device(&server.database, &lead, &format!("import-{id}")).await.unwrap();
    let mut connection = server.database.pool().acquire().await.unwrap();
    jobs::insert(
        &mut connection,
        &jobs::NewImport {
            id,
            kind: "referrals",
            file_name: "big.csv",
            contents: &text,
            user_id: &lead_id,
            created_at: "2026-12-08T00:00:00Z",
            total_rows: checked.rows.len(),
            skip_rows: &[],
            counts: checked.plan.counts(),
        },
    )
    .await
    .unwrap();
    drop(connection);
    imports::run_one(&server.database, id, 1).await.unwrap();
    let mut connection = server.database.pool().acquire().await.unwrap();
    let part = jobs::get(&mut connection, id).await.unwrap().unwrap();
    assert_eq!(
        (part.status.as_str(), part.done_rows),
        ("running", imports::BATCH_ROWS as i64),
        "one batch, then stopped"
    );
    drop(connection);
    // A stop in the middle of the second batch: its transaction never commits (as when the process is killed).
    {
        let mut transaction = server.database.begin_write().await.unwrap();
        sqlx::query("UPDATE imports SET done_rows = 999 WHERE id = $1")
            .bind(id)
            .execute(&mut *transaction)
            .await
            .unwrap();
        drop(transaction);
    }
    // Stopped by a fault: it says so, and Resume (a team lead's) carries it on from the last batch it finished, to
    // the end; an import that has not stopped has nothing to resume.
    let mut connection = server.database.pool().acquire().await.unwrap();
    jobs::finish(&mut connection, id, jobs::FAILED, Some("stopped for the test"), "2026-12-08T00:01:00Z")
        .await
        .unwrap();
    drop(connection);
    let (status, stopped) = get_json(&server.app, &format!("/api/imports/{id}")).await;
    assert_eq!((status, stopped["status"].as_str()), (StatusCode::OK, Some("failed")));
    let (status, resumed) =
        post_raw(&server.app, &format!("/api/imports/{id}/resume"), "application/json", Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "{resumed}");
    assert_eq!(resumed["status"], "running");
    let (status, again) =
        post_raw(&server.app, &format!("/api/imports/{id}/resume"), "application/json", Vec::new()).await;
    assert!(status == StatusCode::CONFLICT || again["status"] == "done", "{status} {again}");
    // The resumed import runs in the background (this process's one worker): wait for it.
    wait_until_done(server, id).await;
    imports::run_all(&server.database).await.unwrap();
    let mut connection = server.database.pool().acquire().await.unwrap();
    let done = jobs::get(&mut connection, id).await.unwrap().unwrap();
    assert_eq!((done.status.as_str(), done.done_rows as usize), ("done", rows));
    assert!(done.problems.is_empty(), "{:?}", done.problems);
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM command_log WHERE client_id = $1")
        .bind(format!("import-{id}"))
        .fetch_one(&mut *connection)
        .await
        .unwrap();
    let commands: usize = checked.plan.rows.iter().map(|r| r.commands.len()).sum();
    assert_eq!(logged as usize, commands, "every command once: none lost, none twice");
    let after: Vec<Record> = server.pull_all(2000).await.into_iter().map(|c| c.record).collect();
    let imported =
        after.iter().filter(|r| matches!(r, Record::Pathway(p) if p.id.starts_with("pas-referral-"))).count();
    assert_eq!(imported, rows);
}

async fn bad_files_and_people_are_refused_with_a_reason(server: &TestServer) {
    let records = demo_trust(server).await;
    let file = extract(&records, 5, 13);
    let before = count_records(server).await;
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(file.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    for (uri, body, status, words) in [
        ("/api/imports/check?kind=referrals", utf16, StatusCode::UNPROCESSABLE_ENTITY, "CSV UTF-8"),
        ("/api/imports/check?kind=referrals", Vec::new(), StatusCode::UNPROCESSABLE_ENTITY, "empty"),
        (
            "/api/imports/check?kind=referrals",
            b"Name,Shoe size\r\nA,9\r\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "\"Name\"",
        ),
        ("/api/imports/check?kind=patients", file.clone().into_bytes(), StatusCode::BAD_REQUEST, "kind=referrals"),
        (
            "/api/imports/check?kind=referrals",
            vec![b'x'; imports::MAX_FILE_BYTES + 1],
            StatusCode::PAYLOAD_TOO_LARGE,
            "over",
        ),
    ] {
        let (got, answer) = post_file(server, uri, body).await;
        assert_eq!(got, status, "{uri}: {answer}");
        assert!(answer["message"].as_str().unwrap().contains(words), "{answer}");
    }
    // Cut short mid-row: that row is said, the others are fine.
    let cut = &file[..file.trim_end().rfind(',').unwrap()];
    let (_, report) = post_file(server, "/api/imports/check?kind=referrals", cut.as_bytes().to_vec()).await;
    assert_eq!(report["problems"][0]["row"], 6, "{report}");
    assert!(report["problems"][0]["message"].as_str().unwrap().contains("cut short"));
    // Windows-1252 (Excel's "CSV (Comma delimited)"): an accented name arrives as typed.
    let accented = plant(&file, 2, "Given name", "Zoë");
    let latin: Vec<u8> = accented.chars().map(|c| if c == 'ë' { 0xEB } else { c as u8 }).collect();
    let (status, report) = post_file(server, "/api/imports/check?kind=referrals", latin).await;
    assert_eq!((status, report["new"].as_u64()), (StatusCode::OK, Some(5)), "{report}");
    // Only team leads and administrators.
    let secretary = user_session(&server.database, "import-secretary", Role::MedicalSecretary, None).await;
    let (status, _) = json_as(&server.raw, &secretary, Method::GET, "/api/imports", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The template: the layout's headings and two example rows.
    let (status, _, body) = send(&server.app, get("/api/imports/template?kind=referrals")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(String::from_utf8(body).unwrap().trim_start_matches('\u{feff}').trim_end().lines().count(), 3);
    assert_eq!(count_records(server).await, before, "nothing written by any of these");
}

async fn clinics_and_appointments_follow_their_referrals(server: &TestServer) {
    let records = demo_trust(server).await;
    let referrals = extract(&records, 6, 14);
    let (_, started) = post_file(server, "/api/imports?kind=referrals", referrals.clone().into_bytes()).await;
    assert_eq!(wait_until_done(server, started["id"].as_str().unwrap()).await["status"], "done");
    let consultant =
        records.iter().find_map(|r| if let Record::Consultant(c) = r { Some(c.name.clone()) } else { None }).unwrap();
    let on = (today() + chrono::Days::new(14)).format("%d/%m/%Y").to_string();
    let mut clinics =
        String::from("PAS clinic ID,Clinic name,Consultant,Date,Location,Slot start,Slot minutes,Slot type,Places\r\n");
    for (clinic, start, places) in [("C1", "09:00", 1), ("C1", "09:20", 1), ("C1", "09:40", 2), ("C2", "14:00", 1)] {
        clinics.push_str(&format!(
            "{clinic},Imported clinic {clinic},{consultant},{on},Outpatients B,{start},20,New,{places}\r\n"
        ));
    }
    let (status, report) = post_file(server, "/api/imports/check?kind=clinics", clinics.clone().into_bytes()).await;
    assert_eq!((status, report["new"].as_u64()), (StatusCode::OK, Some(4)), "{report}");
    let (_, started) = post_file(server, "/api/imports?kind=clinics", clinics.clone().into_bytes()).await;
    assert_eq!(wait_until_done(server, started["id"].as_str().unwrap()).await["status"], "done");
    // The referrals' PAS ids, in file order.
    let referral_ids: Vec<String> =
        referrals.lines().skip(1).map(|line| line.split(',').nth(8).unwrap().to_string()).collect();
    let mut appointments = String::from(
        "PAS appointment ID,PAS referral ID,PAS clinic ID,Slot start,Status,Booked on,Cancellation reason\r\n",
    );
    for (i, (start, status)) in
        [("09:00", "Booked"), ("09:00", "Booked"), ("09:40", "Booked"), ("09:40", "Cancelled by hospital")]
            .iter()
            .enumerate()
    {
        let reason = if status.starts_with("Cancelled") { "Room not available" } else { "" };
        appointments.push_str(&format!("APT{i},{},C1,{start},{status},,{reason}\r\n", referral_ids[i]));
    }
    let (_, report) =
        post_file(server, "/api/imports/check?kind=appointments", appointments.clone().into_bytes()).await;
    assert_eq!(report["new"], 3, "{report}");
    assert_eq!(report["problems"][0]["row"], 3, "the 09:00 slot has one place: {report}");
    let (_, started) = post_file(server, "/api/imports?kind=appointments", appointments.clone().into_bytes()).await;
    let job = wait_until_done(server, started["id"].as_str().unwrap()).await;
    assert_eq!((job["status"].as_str(), &job["problems"]), (Some("done"), &serde_json::json!([])), "{job}");
    let after: Vec<Record> = server.pull_all(2000).await.into_iter().map(|c| c.record).collect();
    let session_id = pathdesk_core::pas_import::clinic_session_id("C1");
    let session = after
        .iter()
        .find_map(|r| if let Record::ClinicSession(s) = r { (s.id == session_id).then_some(s) } else { None })
        .expect("the clinic");
    assert_eq!(session.slots.len(), 3);
    let list = after
        .iter()
        .find_map(|r| if let Record::ClinicList(l) = r { (l.id == session_id).then_some(l) } else { None })
        .expect("its list");
    assert_eq!(list.places.len(), 2, "two booked appointments hold places; the cancelled one does not");
    // The slot places the database keeps agree: a desk booking into the full 09:00 slot is refused.
    let waiting = after
        .iter()
        .find_map(|r| match r {
            Record::Pathway(p) if p.id == pathway_id(&referral_ids[5]) => Some(p.clone()),
            _ => None,
        })
        .unwrap();
    let book = pathdesk_core::command::BookAppointment {
        appointment_id: "desk-booking".into(),
        pathway_id: waiting.id.clone(),
        session_id: session_id.clone(),
        slot_id: pathdesk_core::pas_import::clinic_slot_id(
            &session_id,
            chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        ),
        offered_on: today(),
        patient_accepted_earlier_date: true,
        past_deadline_reason: Some("The patient's choice".into()),
        consultant_id: None,
    };
    let envelope = pathdesk_core::sync::CommandEnvelope {
        id: "desk-book-1".into(),
        seq: 1,
        issued_on: today(),
        author: "Desk".into(),
        command: book.into(),
    };
    let (status, answer) = server.push(&push_request("desk-after-import", vec![envelope])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["results"][0]["outcome"], "rejected", "the slot is full: {answer}");
    let (_, again) = post_file(server, "/api/imports/check?kind=appointments", appointments.into_bytes()).await;
    assert_eq!((again["new"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(3)), "imported once: {again}");
}

on_each_database!(
    a_checked_file_lists_every_planted_error_and_an_import_is_idempotent,
    an_import_stopped_part_way_resumes_from_its_last_batch,
    bad_files_and_people_are_refused_with_a_reason,
    clinics_and_appointments_follow_their_referrals,
);
