//! The FHIR R4 read API on the demo trust: every answer parses as R4 in fhirbolt's strict mode (no unknown
//! element, every required one there, the right type for each), and says what the records say: a patient found
//! by NHS number, their appointments by date, their referrals and pathways with the clocks the core works out,
//! clinic sessions and slots with the places booked, the CapabilityStatement, paging, the service rules, and an
//! OperationOutcome for every mistake.

use std::collections::HashMap;

use axum::http::{header, Method, StatusCode};
use fhirbolt::model::r4::Resource;
use pathdesk_core::access::Role;
use pathdesk_core::model::{
    Appointment, AppointmentStatus, ClinicList, ClinicSession, Pathway, Patient, SessionStatus,
};
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::record::Record;
use pathdesk_server::demo;

use crate::common::*;

const NHS: &str = "https://fhir.nhs.uk/Id/nhs-number";

/// A GET in `session`: the status, the content type and the body as JSON, after checking the body is FHIR R4.
async fn fhir(server: &TestServer, session: &Session, uri: &str) -> (StatusCode, serde_json::Value) {
    let (status, headers, body) = send(&server.raw, request_as(session, Method::GET, uri, None)).await;
    let text = String::from_utf8(body).expect("UTF-8");
    assert_eq!(
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("application/fhir+json; charset=utf-8"),
        "{uri}"
    );
    // Strict: an element R4 does not have, a missing required one or a wrong type fails here.
    fhirbolt::json::from_str::<Resource>(&text, None).unwrap_or_else(|e| panic!("{uri} is not FHIR R4: {e}\n{text}"));
    assert!(!text.contains("$invalid"), "{uri} left a required element empty: {text}");
    (status, serde_json::from_str(&text).unwrap())
}

fn entries(bundle: &serde_json::Value) -> Vec<&serde_json::Value> {
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "searchset");
    bundle["entry"].as_array().map(|e| e.iter().map(|entry| &entry["resource"]).collect()).unwrap_or_default()
}

fn records_of<T>(records: &[Record], pick: impl Fn(&Record) -> Option<&T>) -> Vec<&T> {
    records.iter().filter_map(pick).collect()
}

#[test]
fn the_check_is_strict_r4() {
    let parse = |text: &str| fhirbolt::json::from_str::<Resource>(text, None);
    assert!(parse(r#"{"resourceType":"Slot","schedule":{"reference":"Schedule/a"},"status":"free","start":"2026-12-08T09:00:00+00:00","end":"2026-12-08T09:20:00+00:00"}"#).is_ok());
    assert!(parse(r#"{"resourceType":"Patient","shoeSize":9}"#).is_err(), "an element R4 does not have");
    assert!(parse(r#"{"resourceType":"Patient","birthDate":19700101}"#).is_err(), "a number for a date");
    assert!(parse(r#"{"resourceType":"Bundle","type":"searchset","total":"two"}"#).is_err(), "text for a count");
}

async fn demo_trust(server: &TestServer) -> Vec<Record> {
    demo::seed_demo_data_if_empty(&server.database, demo::demo_options(today(), 40)).await.unwrap().unwrap();
    server.pull_all(2000).await.into_iter().map(|change| change.record).collect()
}

async fn the_api_answers_in_fhir_r4_what_the_records_say(server: &TestServer) {
    let records = demo_trust(server).await;
    let admin = &server.admin;
    let patients = records_of(&records, |r| if let Record::Patient(p) = r { Some(p) } else { None });
    let pathways = records_of(&records, |r| if let Record::Pathway(p) = r { Some(p) } else { None });
    let appointments = records_of(&records, |r| if let Record::Appointment(a) = r { Some(a) } else { None });
    let sessions = records_of(&records, |r| if let Record::ClinicSession(s) = r { Some(s) } else { None });
    let lists: HashMap<&str, &ClinicList> = records
        .iter()
        .filter_map(|r| if let Record::ClinicList(l) = r { Some((l.id.as_str(), l)) } else { None })
        .collect();

    // The CapabilityStatement names every type, its profile and its search parameters.
    let (status, statement) = fhir(server, admin, "/api/fhir/metadata").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(statement["resourceType"], "CapabilityStatement");
    assert_eq!(statement["fhirVersion"], "4.0.1");
    let types: Vec<&str> =
        statement["rest"][0]["resource"].as_array().unwrap().iter().map(|r| r["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["Patient", "Practitioner", "Schedule", "Slot", "Appointment", "ServiceRequest", "EpisodeOfCare"]
    );
    assert_eq!(
        statement["rest"][0]["resource"][0]["supportedProfile"][0],
        "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"
    );

    // A patient with appointments and more than one pathway, found by NHS number.
    let patient: &Patient = patients
        .iter()
        .copied()
        .find(|p| {
            pathways.iter().filter(|w| w.patient_id == p.id).count() >= 2
                && appointments.iter().filter(|a| a.patient_id == p.id).count() >= 2
        })
        .expect("the demo has a patient with two pathways and appointments");
    let (status, found) =
        fhir(server, admin, &format!("/api/fhir/Patient?identifier={NHS}|{}", patient.nhs_number)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["total"], 1);
    let resource = entries(&found)[0];
    assert_eq!(resource["id"], patient.id.as_str());
    assert_eq!(resource["identifier"][0]["system"], NHS);
    assert_eq!(resource["identifier"][0]["value"], patient.nhs_number.as_str());
    assert_eq!(resource["name"][0]["family"], patient.family_name.as_str());
    assert_eq!(resource["birthDate"], patient.date_of_birth.to_string());
    let (_, read) = fhir(server, admin, &format!("/api/fhir/Patient/{}", patient.id)).await;
    assert_eq!(&read, resource, "a read answers what the search found");

    // Their appointments, by NHS number, all and then from a date.
    let theirs: Vec<&&Appointment> = appointments.iter().filter(|a| a.patient_id == patient.id).collect();
    let uri = format!("/api/fhir/Appointment?patient:identifier={NHS}|{}", patient.nhs_number);
    let (_, bundle) = fhir(server, admin, &uri).await;
    assert_eq!(bundle["total"], theirs.len());
    for resource in entries(&bundle) {
        let appointment = theirs.iter().find(|a| resource["id"] == a.id.as_str()).expect("one of theirs");
        let expected = match appointment.status {
            AppointmentStatus::Booked => "booked",
            AppointmentStatus::Arrived => "arrived",
            AppointmentStatus::Seen => "fulfilled",
            AppointmentStatus::DidNotAttend => "noshow",
            _ => "cancelled",
        };
        assert_eq!(resource["status"], expected);
        assert!(resource["start"].as_str().unwrap().starts_with(&format!("{}T", appointment.date)));
        assert_eq!(resource["basedOn"][0]["reference"], format!("ServiceRequest/{}", appointment.pathway_id));
        assert_eq!(resource["participant"][0]["actor"]["reference"], format!("Patient/{}", patient.id));
    }
    let from = theirs.iter().map(|a| a.date).max().unwrap();
    let (_, later) = fhir(server, admin, &format!("{uri}&date=ge{from}")).await;
    assert_eq!(later["total"], theirs.iter().filter(|a| a.date >= from).count());

    // Their referrals and pathways, with the clocks as the core works them out today.
    let their_pathways: Vec<&&Pathway> = pathways.iter().filter(|p| p.patient_id == patient.id).collect();
    let (_, requests) = fhir(server, admin, &format!("/api/fhir/ServiceRequest?patient=Patient/{}", patient.id)).await;
    assert_eq!(requests["total"], their_pathways.len());
    assert!(entries(&requests).iter().all(|r| r["subject"]["reference"] == format!("Patient/{}", patient.id)));
    let (_, episodes) = fhir(server, admin, &format!("/api/fhir/EpisodeOfCare?patient=Patient/{}", patient.id)).await;
    assert_eq!(episodes["total"], their_pathways.len());
    for episode in entries(&episodes) {
        let pathway = their_pathways.iter().find(|p| episode["id"] == p.id.as_str()).unwrap();
        let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, today());
        let clock =
            |standard: &str| {
                episode["extension"].as_array().into_iter().flatten().find(|e| {
                    e["extension"].as_array().unwrap().iter().any(|part| part["valueCoding"]["code"] == standard)
                })
            };
        let part = |clock: &serde_json::Value, url: &str| {
            clock["extension"].as_array().unwrap().iter().find(|p| p["url"] == url).cloned().unwrap_or_default()
        };
        match clocks.rtt.start() {
            Some(start) => {
                let rtt = clock("rtt").expect("the RTT clock");
                assert_eq!(part(rtt, "start")["valueDate"], start.to_string());
                assert_eq!(part(rtt, "days")["valueInteger"], clocks.rtt.days().unwrap());
                assert_eq!(part(rtt, "running")["valueBoolean"], clocks.rtt.running());
            }
            None => assert!(clock("rtt").is_none()),
        }
        assert_eq!(clock("cwt62").is_some(), clocks.referral_to_treatment.is_some());
        let running = clocks.rtt.running() || clocks.cancer_clocks().any(|c| !c.ended());
        assert_eq!(episode["status"], if running { "active" } else { "finished" });
    }

    // A clinic session as a Schedule, and its slots free or busy as the clinic list has them.
    let session: &ClinicSession = sessions
        .iter()
        .copied()
        .find(|s| {
            s.status == SessionStatus::Scheduled && lists.get(s.id.as_str()).is_some_and(|l| !l.places.is_empty())
        })
        .expect("a booked clinic");
    let (_, schedules) = fhir(
        server,
        admin,
        &format!("/api/fhir/Schedule?actor=Practitioner/{}&date={}", session.consultant_id, session.date),
    )
    .await;
    assert!(entries(&schedules).iter().any(|s| s["id"] == session.id.as_str()));
    let (_, slots) = fhir(server, admin, &format!("/api/fhir/Slot?schedule=Schedule/{}", session.id)).await;
    assert_eq!(slots["total"], session.slots.len());
    for slot in &session.slots {
        let taken = lists[session.id.as_str()].places.iter().filter(|p| p.slot_id == slot.id).count() as u32;
        let resource = entries(&slots).into_iter().find(|r| r["id"] == slot.id.as_str()).unwrap();
        assert_eq!(resource["status"], if taken >= slot.capacity { "busy" } else { "free" }, "{}", slot.id);
        assert_eq!(resource["schedule"]["reference"], format!("Schedule/{}", session.id));
    }
    let (status, one) = fhir(server, admin, &format!("/api/fhir/Slot/{}", session.slots[0].id)).await;
    assert_eq!((status, &one["id"]), (StatusCode::OK, &serde_json::json!(session.slots[0].id)));
    let (_, free) = fhir(server, admin, &format!("/api/fhir/Slot?schedule=Schedule/{}&status=free", session.id)).await;
    assert!(entries(&free).iter().all(|s| s["status"] == "free"));
    let (status, consultant) = fhir(server, admin, &format!("/api/fhir/Practitioner/{}", session.consultant_id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(consultant["resourceType"], "Practitioner");

    // Paging: two at a time, the next link gives the rest, nothing twice.
    let (_, first) = fhir(server, admin, "/api/fhir/Practitioner?_count=2").await;
    let total = first["total"].as_u64().unwrap() as usize;
    assert!(total > 2);
    let mut seen: Vec<String> = entries(&first).iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    let mut next = first["link"].as_array().unwrap().iter().find(|l| l["relation"] == "next").cloned();
    while let Some(link) = next {
        let url = link["url"].as_str().unwrap();
        let path = &url[url.find("/api/fhir").unwrap()..];
        let (_, page) = fhir(server, admin, path).await;
        seen.extend(entries(&page).iter().map(|r| r["id"].as_str().unwrap().to_string()));
        next = page["link"].as_array().unwrap().iter().find(|l| l["relation"] == "next").cloned();
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (total, total));
}

async fn a_reader_sees_only_their_services_and_mistakes_get_an_operation_outcome(server: &TestServer) {
    let records = demo_trust(server).await;
    let pathways = records_of(&records, |r| if let Record::Pathway(p) = r { Some(p) } else { None });
    let patients = records_of(&records, |r| if let Record::Patient(p) = r { Some(p) } else { None });
    // A patient seen in one service only, and a reader in another.
    let patient = patients
        .iter()
        .find(|p| {
            let services: std::collections::BTreeSet<&str> =
                pathways.iter().filter(|w| w.patient_id == p.id).map(|w| w.specialty_id.as_str()).collect();
            services.len() == 1
        })
        .unwrap();
    let theirs = pathways.iter().find(|w| w.patient_id == patient.id).unwrap().specialty_id.clone();
    let other = pathways.iter().map(|w| w.specialty_id.as_str()).find(|s| *s != theirs).unwrap().to_string();
    let outsider = user_session(&server.database, "fhir-outsider", Role::BookingCoordinator, Some(&[&other])).await;
    let insider = user_session(&server.database, "fhir-insider", Role::BookingCoordinator, Some(&[&theirs])).await;
    let search = format!("/api/fhir/Patient?identifier={}", patient.nhs_number);
    let (_, hidden) = fhir(server, &outsider, &search).await;
    assert_eq!(hidden["total"], 0, "not in their services");
    let (status, not_found) = fhir(server, &outsider, &format!("/api/fhir/Patient/{}", patient.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(not_found["resourceType"], "OperationOutcome");
    let (_, episodes) =
        fhir(server, &outsider, &format!("/api/fhir/EpisodeOfCare?patient=Patient/{}", patient.id)).await;
    assert_eq!(episodes["total"], 0);
    let (_, shown) = fhir(server, &insider, &search).await;
    assert_eq!(shown["total"], 1, "in their service");

    // Without a session: signed out, as for the rest of the API.
    let (status, _, _) = send(&server.raw, get("/api/fhir/Patient")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Each mistake: a 4xx OperationOutcome saying what to send.
    for (uri, expected, words) in [
        ("/api/fhir/Observation", StatusCode::NOT_FOUND, "not a resource type served here"),
        ("/api/fhir/Patient?family=Smith", StatusCode::BAD_REQUEST, "cannot be searched by \"family\""),
        ("/api/fhir/Patient?identifier=123", StatusCode::BAD_REQUEST, "10 digits"),
        ("/api/fhir/Appointment?date=2026-02-30", StatusCode::BAD_REQUEST, "YYYY-MM-DD"),
        ("/api/fhir/Appointment?date=sa2026-12-01", StatusCode::BAD_REQUEST, "not supported"),
        ("/api/fhir/Slot?_count=5000", StatusCode::BAD_REQUEST, "from 1 to 1000"),
        ("/api/fhir/Patient?_format=xml", StatusCode::BAD_REQUEST, "JSON only"),
        ("/api/fhir/Patient/no%20such", StatusCode::BAD_REQUEST, "not a Patient id"),
        ("/api/fhir/Patient/unknown-id", StatusCode::NOT_FOUND, "no Patient unknown-id"),
        ("/api/fhir/Patient?%zz=1", StatusCode::BAD_REQUEST, "cannot be searched by"),
    ] {
        let (status, answer) = fhir(server, &server.admin, uri).await;
        assert_eq!(status, expected, "{uri}: {answer}");
        assert_eq!(answer["resourceType"], "OperationOutcome", "{uri}");
        let diagnostics = answer["issue"][0]["diagnostics"].as_str().unwrap();
        assert!(diagnostics.contains(words), "{uri}: {diagnostics}");
    }
}

on_each_database!(
    the_api_answers_in_fhir_r4_what_the_records_say,
    a_reader_sees_only_their_services_and_mistakes_get_an_operation_outcome,
);
