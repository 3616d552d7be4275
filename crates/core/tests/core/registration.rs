//! Patients in: registering a patient with their referral, the checks at each field, duplicates, changing details
//! field by field, and the clocks a new referral starts (through the pathway engine, from its events).

use std::collections::HashMap;

use chrono::NaiveDate;
use pathdesk_core::command::RejectionCode;
use pathdesk_core::command::{
    AddReferral, ChangePatientDetails, Command, CommandContext, DetailsChange, RegisterPatient,
};
use pathdesk_core::model::{Consultant, Patient, Priority, ReferralSource};
use pathdesk_core::pathway::event::CancerRoute;
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::registration::{
    check_patient, is_uk_postcode, new_hospital_number, new_patient_id, possible_duplicates, DuplicateReason,
    NewReferral,
};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn ctx() -> CommandContext {
    CommandContext { today: date("2026-12-07"), author: "B. Coordinator".into() }
}

fn trust() -> HashMap<RecordKey, Record> {
    let urology = Record::Consultant(Consultant::new("con-uro", "Mr Stone", "uro"));
    [(urology.key(), urology)].into_iter().collect()
}

fn patient(nhs: &str) -> Patient {
    Patient {
        id: new_patient_id(nhs),
        hospital_number: new_hospital_number(nhs),
        gp_practice: Some("Example Street Surgery".into()),
        postcode: Some(" ls1 4ab ".into()),
        ..crate::fixtures::patient("x", " Newcome ")
    }
    .with_nhs(nhs)
}

trait WithNhs {
    fn with_nhs(self, nhs: &str) -> Patient;
}

impl WithNhs for Patient {
    fn with_nhs(self, nhs: &str) -> Patient {
        Patient { nhs_number: nhs.into(), ..self }
    }
}

fn referral(patient_id: &str, priority: Priority) -> NewReferral {
    NewReferral {
        pathway_id: format!("pathway-of-{patient_id}"),
        patient_id: patient_id.into(),
        received_on: date("2026-12-01"),
        source: ReferralSource::Gp,
        ubrn: None,
        original_clock_start: None,
        priority,
        cancer_route: (priority == Priority::UrgentSuspectedCancer).then_some(CancerRoute::UrgentSuspectedCancer),
        specialty_id: "uro".into(),
        consultant_id: "con-uro".into(),
        reason: "Visible haematuria".into(),
    }
}

fn apply(
    command: impl Into<Command>,
    records: &mut HashMap<RecordKey, Record>,
) -> Result<Vec<Record>, pathdesk_core::command::Rejection> {
    let written = command.into().apply(&ctx(), records)?;
    for record in &written {
        records.insert(record.key(), record.clone());
    }
    Ok(written)
}

#[test]
fn registering_a_patient_with_an_urgent_suspected_cancer_referral_starts_every_clock_from_the_referral() {
    let mut records = trust();
    let new = patient("9990001235");
    let written = apply(
        RegisterPatient {
            patient: Box::new(new.clone()),
            referral: Box::new(referral(&new.id, Priority::UrgentSuspectedCancer)),
            not_duplicates: vec![],
        },
        &mut records,
    )
    .unwrap();
    let [Record::Patient(stored), Record::Pathway(pathway)] = written.as_slice() else { panic!("{written:?}") };
    assert_eq!((stored.family_name.as_str(), stored.postcode.as_deref()), ("Newcome", Some("LS1 4AB")), "tidied");
    assert!(pathway.cancer);
    let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, date("2026-12-07"));
    assert_eq!(clocks.rtt.start(), Some(date("2026-12-01")), "the RTT clock starts on the day it was received");
    let fds = clocks.faster_diagnosis.expect("the 28-day clock runs");
    assert_eq!(fds.deadline, date("2026-12-29"));
    assert!(clocks.referral_to_treatment.is_some(), "and the 62-day clock");
}

#[test]
fn the_same_nhs_number_twice_is_refused_naming_who_has_it() {
    let mut records = trust();
    let new = patient("9990001235");
    apply(
        RegisterPatient {
            patient: Box::new(new.clone()),
            referral: Box::new(referral(&new.id, Priority::Routine)),
            not_duplicates: vec![],
        },
        &mut records,
    )
    .unwrap();
    let again = RegisterPatient {
        patient: Box::new(Patient { given_name: "Another".into(), ..new.clone() }),
        referral: Box::new(NewReferral { pathway_id: "other".into(), ..referral(&new.id, Priority::Routine) }),
        not_duplicates: vec![],
    };
    let refusal = apply(again, &mut records).unwrap_err();
    assert_eq!(refusal.code, RejectionCode::Conflict);
    assert!(refusal.message.contains("999 000 1235 is already registered to NEWCOME, Ada"), "{}", refusal.message);
}

#[test]
fn bad_details_and_a_future_referral_are_refused_with_every_reason() {
    let mut records = trust();
    let mut bad = patient("9990001234");
    bad.date_of_birth = date("2027-01-01");
    bad.email = Some("not an email".into());
    let mut early = referral(&bad.id, Priority::Routine);
    early.received_on = date("2026-12-25");
    let refusal = apply(
        RegisterPatient { patient: Box::new(bad), referral: Box::new(early), not_duplicates: vec![] },
        &mut records,
    )
    .unwrap_err();
    for words in [
        "fails the Modulus 11 check",
        "Date of birth must be today or in the past",
        "email address",
        "date received must be today or in the past",
    ] {
        assert!(refusal.message.contains(words), "{words}: {}", refusal.message);
    }
    assert!(records.values().all(|r| !matches!(r, Record::Patient(_))), "nothing written");
}

#[test]
fn check_patient_names_each_field() {
    let mut p = patient("123");
    p.family_name = " ".into();
    p.postcode = Some("LS1".into());
    p.phone = Some("12".into());
    let fields: Vec<&str> = check_patient(&p, date("2026-12-07")).iter().map(|problem| problem.field).collect();
    assert_eq!(fields, ["nhs-number", "family-name", "postcode", "phone"]);
    assert!(is_uk_postcode("EC1A 1BB") && is_uk_postcode("m11ae") && is_uk_postcode("B33 8TH"));
    assert!(!is_uk_postcode("1AA 1AA") && !is_uk_postcode("LS1 4A") && !is_uk_postcode("LS1 ABB"));
}

#[test]
fn possible_duplicates_are_found_by_nhs_number_or_by_name_and_date_of_birth() {
    let registered = vec![
        Patient { id: "a".into(), ..patient("9434765919") },
        Patient { id: "b".into(), family_name: "NEWCOME".into(), ..patient("9990001243") },
        Patient { id: "c".into(), family_name: "Other".into(), ..patient("9990001251") },
    ];
    let candidate = Patient { family_name: "Newcome".into(), ..patient("943 476 5919") };
    let found: Vec<(&str, DuplicateReason)> =
        possible_duplicates(&registered, &candidate).into_iter().map(|(p, why)| (p.id.as_str(), why)).collect();
    assert_eq!(found, [("a", DuplicateReason::SameNhsNumber), ("b", DuplicateReason::SameNameAndDateOfBirth)]);
}

#[test]
fn an_e_referral_needs_its_ubrn_and_a_transfer_its_original_clock_start() {
    let mut records = trust();
    let new = patient("9990001235");
    records.insert(Record::Patient(new.clone()).key(), Record::Patient(new.clone()));
    let mut ers = referral(&new.id, Priority::Routine);
    ers.source = ReferralSource::ERs;
    let refusal = apply(AddReferral { referral: Box::new(ers.clone()) }, &mut records).unwrap_err();
    assert!(refusal.message.contains("12-digit UBRN"), "{}", refusal.message);
    ers.ubrn = Some("0000 1234 5678".into());
    let written = apply(AddReferral { referral: Box::new(ers) }, &mut records).unwrap();
    let Record::Pathway(pathway) = &written[0] else { panic!() };
    assert!(
        matches!(&pathway.events[0].kind, pathdesk_core::pathway::EventKind::ErsReferralCreated { ubrn: Some(u) } if &**u == "000012345678")
    );

    let mut transfer = referral(&new.id, Priority::Urgent);
    transfer.pathway_id = "transferred".into();
    transfer.source = ReferralSource::InterProviderTransfer;
    assert!(apply(AddReferral { referral: Box::new(transfer.clone()) }, &mut records)
        .unwrap_err()
        .message
        .contains("IPTAMDS"));
    transfer.original_clock_start = Some(date("2026-10-02"));
    let written = apply(AddReferral { referral: Box::new(transfer) }, &mut records).unwrap();
    let Record::Pathway(pathway) = &written[0] else { panic!() };
    let clocks = PathwayClocks::compute(&pathway.events, false, date("2026-12-07"));
    assert_eq!(clocks.rtt.start(), Some(date("2026-10-02")), "the clock carries on from the first provider");
}

#[test]
fn two_desks_changing_different_details_both_keep_their_change() {
    let mut records = trust();
    let new = patient("9990001235");
    records.insert(Record::Patient(new.clone()).key(), Record::Patient(new.clone()));
    let phone = ChangePatientDetails {
        patient_id: new.id.clone(),
        changes: Box::new(DetailsChange { phone: Some("0113 496 0001".into()), ..DetailsChange::default() }),
    };
    let address = ChangePatientDetails {
        patient_id: new.id.clone(),
        changes: Box::new(DetailsChange {
            address: Some(vec!["2 New Road".into(), "Testbury".into()]),
            postcode: Some("ls2 9jt".into()),
            ..DetailsChange::default()
        }),
    };
    // Made offline on two desks from the same record; the server applies them in the order they arrive.
    apply(phone, &mut records).unwrap();
    let written = apply(address, &mut records).unwrap();
    let Record::Patient(now) = &written[0] else { panic!() };
    assert_eq!(now.phone.as_deref(), Some("0113 496 0001"), "the first desk's change is kept");
    assert_eq!((now.address.len(), now.postcode.as_deref()), (2, Some("LS2 9JT")), "and the second's");
    let cleared = ChangePatientDetails {
        patient_id: new.id.clone(),
        changes: Box::new(DetailsChange { phone: Some(" ".into()), ..DetailsChange::default() }),
    };
    let written = apply(cleared, &mut records).unwrap();
    let Record::Patient(now) = &written[0] else { panic!() };
    assert_eq!(now.phone, None, "an empty text clears it");
    let nothing = ChangePatientDetails { patient_id: new.id.clone(), changes: Box::default() };
    assert!(apply(nothing, &mut records).unwrap_err().message.contains("Nothing was changed"));
}
