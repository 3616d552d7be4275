//! Pathdesk's records as FHIR R4 resources, following the UK Core profiles: a patient as `Patient`, a consultant as
//! `Practitioner`, a clinic session as `Schedule` and each of its slots as `Slot`, an appointment as `Appointment`,
//! and a pathway both as the referral (`ServiceRequest`) and as the episode with its waiting-time clocks
//! (`EpisodeOfCare`). Built with fhirbolt's typed R4 model, so every element a resource must have is there.

use chrono::{NaiveDate, NaiveTime};
use fhirbolt::model::r4::resources::{
    Appointment as FhirAppointment, AppointmentParticipant, EpisodeOfCare, Patient as FhirPatient, Practitioner,
    Schedule, ServiceRequest, Slot as FhirSlot,
};
use fhirbolt::model::r4::types::{
    Address, CodeableConcept, Coding, ContactPoint, Extension, ExtensionValue, HumanName, Identifier, Meta, Period,
    Reference,
};
use pathdesk_core::calendar::uk_offset_hours;
use pathdesk_core::model::{
    Appointment, AppointmentStatus, ClinicList, ClinicSession, Consultant, Pathway, Patient, Priority, SessionStatus,
    Sex, SlotType,
};
use pathdesk_core::pathway::{PathwayClocks, Standard};

/// The NHS number's identifier system.
pub const NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// The hospital number's (this trust's own; no national system).
pub const HOSPITAL_NUMBER: &str = "urn:pathdesk:id:hospital-number";
/// Pathdesk's own extension: one waiting-time clock of a pathway (nested: standard, start, running, days, deadline
/// and, once stopped, end).
pub const CLOCK_EXTENSION: &str = "urn:pathdesk:fhir:StructureDefinition:waiting-time-clock";
/// The clock standards' code system (`rtt`, `cwt28`, `cwt31`, `cwt62`).
pub const STANDARD_SYSTEM: &str = "urn:pathdesk:fhir:CodeSystem:waiting-time-standard";

/// The UK Core profile of `resource_type`.
pub fn profile(resource_type: &str) -> String {
    format!("https://fhir.hl7.org.uk/StructureDefinition/UKCore-{resource_type}")
}

fn meta(resource_type: &str) -> Option<Box<Meta>> {
    Some(Box::new(Meta { profile: vec![profile(resource_type).into()], ..Default::default() }))
}

fn reference(resource_type: &str, id: &str) -> Reference {
    Reference { reference: Some(format!("{resource_type}/{id}").into()), ..Default::default() }
}

fn reference_named(resource_type: &str, id: &str, display: String) -> Reference {
    Reference { display: Some(display.into()), ..reference(resource_type, id) }
}

fn identifier(system: &str, value: &str) -> Identifier {
    Identifier { system: Some(system.into()), value: Some(value.into()), ..Default::default() }
}

fn text(words: &str) -> CodeableConcept {
    CodeableConcept { text: Some(words.into()), ..Default::default() }
}

fn coded(system: &str, code: &str, display: &str) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: Some(system.into()),
            code: Some(code.into()),
            display: Some(display.into()),
            ..Default::default()
        }],
        text: Some(display.into()),
        ..Default::default()
    }
}

/// A UK clock time on `date` as a FHIR instant: "2026-12-08T09:00:00+00:00" (+01:00 in British Summer Time).
pub fn instant(date: NaiveDate, time: NaiveTime) -> String {
    let offset = uk_offset_hours(date.and_time(time));
    format!("{date}T{}+0{offset}:00", time.format("%H:%M:%S"))
}

pub fn patient(patient: &Patient) -> FhirPatient {
    let gender = patient.sex.map(|sex| match sex {
        Sex::Female => "female",
        Sex::Male => "male",
        Sex::Indeterminate => "other",
        Sex::NotKnown => "unknown",
    });
    let mut telecom = Vec::new();
    for (system, value) in [("phone", &patient.phone), ("email", &patient.email)] {
        if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            telecom.push(ContactPoint { system: Some(system.into()), value: Some(value.into()), ..Default::default() });
        }
    }
    let address = (!patient.address.is_empty() || patient.postcode.is_some())
        .then(|| Address {
            r#use: Some("home".into()),
            line: patient.address.iter().map(|line| line.as_str().into()).collect(),
            postal_code: patient.postcode.as_deref().map(Into::into),
            ..Default::default()
        })
        .into_iter()
        .collect();
    FhirPatient {
        id: Some(patient.id.as_str().into()),
        meta: meta("Patient"),
        identifier: vec![
            identifier(NHS_NUMBER, &patient.nhs_number),
            identifier(HOSPITAL_NUMBER, &patient.hospital_number),
        ],
        name: vec![HumanName {
            r#use: Some("official".into()),
            family: Some(patient.family_name.as_str().into()),
            given: vec![patient.given_name.as_str().into()],
            ..Default::default()
        }],
        telecom,
        gender: gender.map(Into::into),
        birth_date: Some(patient.date_of_birth.to_string().into()),
        address,
        general_practitioner: patient
            .gp_practice
            .as_deref()
            .map(|practice| Reference { display: Some(practice.into()), ..Default::default() })
            .into_iter()
            .collect(),
        ..Default::default()
    }
}

pub fn practitioner(consultant: &Consultant) -> Practitioner {
    Practitioner {
        id: Some(consultant.id.as_str().into()),
        meta: meta("Practitioner"),
        active: Some(true.into()),
        name: vec![HumanName { text: Some(consultant.name.as_str().into()), ..Default::default() }],
        ..Default::default()
    }
}

/// A clinic session as the schedule its slots belong to: the consultant, the day and hours, and whether it runs.
pub fn schedule(session: &ClinicSession, consultant: Option<&Consultant>) -> Schedule {
    let state = match &session.status {
        SessionStatus::Scheduled => None,
        SessionStatus::Cancelled { reason } => Some(format!("Cancelled: {reason}")),
        SessionStatus::Reduced { reason } => Some(format!("Reduced: {reason}")),
    };
    Schedule {
        id: Some(session.id.as_str().into()),
        meta: meta("Schedule"),
        active: Some((!matches!(session.status, SessionStatus::Cancelled { .. })).into()),
        service_type: vec![text(&session.name)],
        actor: vec![practitioner_reference(&session.consultant_id, consultant)],
        planning_horizon: Some(Box::new(Period {
            start: Some(instant(session.date, session.start).into()),
            end: Some(instant(session.date, session.end).into()),
            ..Default::default()
        })),
        comment: Some(state.map_or_else(|| session.location.clone(), |s| format!("{}. {s}", session.location)).into()),
        ..Default::default()
    }
}

fn practitioner_reference(id: &str, consultant: Option<&Consultant>) -> Reference {
    match consultant {
        Some(consultant) => reference_named("Practitioner", id, consultant.name.clone()),
        None => reference("Practitioner", id),
    }
}

/// Each slot of `session`: free while it has a place, busy when full, busy-unavailable when the clinic is
/// cancelled.
pub fn slots(session: &ClinicSession, list: Option<&ClinicList>) -> Vec<FhirSlot> {
    session
        .slots
        .iter()
        .map(|slot| {
            let taken = list.map_or(0, |list| list.places.iter().filter(|p| p.slot_id == slot.id).count());
            let status = if matches!(session.status, SessionStatus::Cancelled { .. }) {
                "busy-unavailable"
            } else if taken as u32 >= slot.capacity {
                "busy"
            } else {
                "free"
            };
            let end = slot.start + chrono::Duration::minutes(i64::from(slot.minutes));
            FhirSlot {
                id: Some(slot.id.as_str().into()),
                meta: meta("Slot"),
                service_type: vec![text(&session.name)],
                appointment_type: Some(Box::new(slot_kind(slot.slot_type))),
                schedule: Box::new(reference("Schedule", &session.id)),
                status: status.into(),
                start: instant(session.date, slot.start).into(),
                end: instant(session.date, end).into(),
                overbooked: Some((taken as u32 > slot.capacity).into()),
                comment: Some(format!("{} of {} places booked", taken, slot.capacity).into()),
                ..Default::default()
            }
        })
        .collect()
}

/// The kind of appointment (HL7 v2 table 0276: ROUTINE for a first appointment or a procedure, FOLLOWUP).
fn slot_kind(slot_type: SlotType) -> CodeableConcept {
    let system = "http://terminology.hl7.org/CodeSystem/v2-0276";
    match slot_type {
        SlotType::New => coded(system, "ROUTINE", "Routine appointment"),
        SlotType::FollowUp => coded(system, "FOLLOWUP", "A follow up visit from a previous appointment"),
        SlotType::Procedure => coded(system, "ROUTINE", "Routine appointment"),
    }
}

/// An appointment: when, the slot, the referral it is for, the patient and consultant, and how it went.
pub fn appointment(appointment: &Appointment, session: Option<&ClinicSession>) -> FhirAppointment {
    let status = match appointment.status {
        AppointmentStatus::Booked => "booked",
        AppointmentStatus::Arrived => "arrived",
        AppointmentStatus::Seen => "fulfilled",
        AppointmentStatus::DidNotAttend => "noshow",
        AppointmentStatus::CancelledByPatient | AppointmentStatus::CancelledByHospital => "cancelled",
    };
    let minutes =
        session.and_then(|s| s.slots.iter().find(|slot| slot.id == appointment.slot_id)).map(|slot| slot.minutes);
    let end = minutes.map(|m| instant(appointment.date, appointment.start + chrono::Duration::minutes(i64::from(m))));
    let cancelled_by = match appointment.status {
        AppointmentStatus::CancelledByPatient => Some("pat"),
        AppointmentStatus::CancelledByHospital => Some("prov"),
        _ => None,
    };
    let cancelation_reason = cancelled_by.map(|by| {
        let mut reason = coded(
            "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason",
            by,
            if by == "pat" { "Patient" } else { "Provider" },
        );
        if let Some(cancelled) = &appointment.cancelled {
            reason.text = Some(cancelled.reason.as_str().into());
        }
        Box::new(reason)
    });
    let mut participant = vec![AppointmentParticipant {
        actor: Some(Box::new(reference("Patient", &appointment.patient_id))),
        status: "accepted".into(),
        ..Default::default()
    }];
    if let Some(session) = session {
        participant.push(AppointmentParticipant {
            actor: Some(Box::new(reference("Practitioner", &session.consultant_id))),
            status: "accepted".into(),
            ..Default::default()
        });
    }
    FhirAppointment {
        id: Some(appointment.id.as_str().into()),
        meta: meta("Appointment"),
        status: status.into(),
        cancelation_reason,
        service_type: session.map(|s| text(&s.name)).into_iter().collect(),
        appointment_type: Some(Box::new(slot_kind(appointment.slot_type))),
        description: session.map(|s| format!("{}, {}", s.name, s.location).into()),
        start: Some(instant(appointment.date, appointment.start).into()),
        end: end.map(Into::into),
        minutes_duration: minutes.map(Into::into),
        slot: vec![reference("Slot", &appointment.slot_id)],
        created: Some(appointment.booked_on.to_string().into()),
        based_on: vec![reference("ServiceRequest", &appointment.pathway_id)],
        participant,
        ..Default::default()
    }
}

/// The date a pathway's referral was received (its first event).
pub fn referred_on(pathway: &Pathway) -> Option<NaiveDate> {
    pathway.events.first().and_then(|event| event.date)
}

/// The pathway as its referral: to whom, how urgent, from where, and whether it is still being acted on.
pub fn service_request(pathway: &Pathway, as_of: NaiveDate, specialty: Option<&str>) -> ServiceRequest {
    let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, as_of);
    let running = clocks.rtt.running() || clocks.cancer_clocks().any(|clock| !clock.ended());
    let priority = match pathway.priority {
        Priority::Routine => "routine",
        Priority::Urgent => "urgent",
        Priority::UrgentSuspectedCancer => "asap",
    };
    ServiceRequest {
        id: Some(pathway.id.as_str().into()),
        meta: meta("ServiceRequest"),
        status: (if running { "active" } else { "completed" }).into(),
        intent: "order".into(),
        category: vec![coded("http://snomed.info/sct", "3457005", "Patient referral")],
        priority: Some(priority.into()),
        code: Some(Box::new(text(&format!(
            "Referral to {} ({})",
            specialty.unwrap_or(&pathway.specialty_id),
            pathway.priority.label().to_lowercase()
        )))),
        subject: Box::new(reference("Patient", &pathway.patient_id)),
        authored_on: referred_on(pathway).map(|date| date.to_string().into()),
        requester: Some(Box::new(Reference { display: Some(pathway.source.label().into()), ..Default::default() })),
        performer: vec![reference("Practitioner", &pathway.consultant_id)],
        ..Default::default()
    }
}

/// The pathway as an episode of care, with each of its waiting-time clocks (RTT, and on a cancer pathway the
/// 28, 31 and 62-day clocks) as worked out on `as_of`, in Pathdesk's clock extension.
pub fn episode_of_care(pathway: &Pathway, as_of: NaiveDate) -> EpisodeOfCare {
    let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, as_of);
    let running = clocks.rtt.running() || clocks.cancer_clocks().any(|clock| !clock.ended());
    let mut extension = Vec::new();
    if let Some(start) = clocks.rtt.start() {
        extension.push(clock_extension(
            Standard::Rtt,
            start,
            clocks.rtt.stopped_on(),
            clocks.rtt.days().unwrap_or(0),
            clocks.rtt.deadline_18w(),
        ));
    }
    for clock in clocks.cancer_clocks() {
        extension.push(clock_extension(
            Standard::of_cancer(clock.standard),
            clock.start,
            clock.end,
            clock.days,
            Some(clock.deadline),
        ));
    }
    let start = clocks.rtt.start().or_else(|| referred_on(pathway));
    let end = (!running)
        .then(|| clocks.rtt.stopped_on().into_iter().chain(clocks.cancer_clocks().filter_map(|c| c.end)).max());
    EpisodeOfCare {
        id: Some(pathway.id.as_str().into()),
        meta: meta("EpisodeOfCare"),
        extension,
        status: (if running { "active" } else { "finished" }).into(),
        r#type: vec![text(if pathway.cancer {
            "Cancer pathway (also measured against the 28, 31 and 62-day standards)"
        } else {
            "Referral to treatment pathway"
        })],
        patient: Box::new(reference("Patient", &pathway.patient_id)),
        period: Some(Box::new(Period {
            start: start.map(|d| d.to_string().into()),
            end: end.flatten().map(|d| d.to_string().into()),
            ..Default::default()
        })),
        referral_request: vec![reference("ServiceRequest", &pathway.id)],
        care_manager: Some(Box::new(reference("Practitioner", &pathway.consultant_id))),
        ..Default::default()
    }
}

fn clock_extension(
    standard: Standard,
    start: NaiveDate,
    end: Option<NaiveDate>,
    days: i64,
    deadline: Option<NaiveDate>,
) -> Extension {
    let part =
        |url: &str, value: ExtensionValue| Extension { url: url.to_string(), value: Some(value), ..Default::default() };
    let mut parts = vec![
        part(
            "standard",
            ExtensionValue::Coding(Box::new(Coding {
                system: Some(STANDARD_SYSTEM.into()),
                code: Some(standard.word().into()),
                display: Some(standard.label().into()),
                ..Default::default()
            })),
        ),
        part("start", ExtensionValue::Date(start.to_string().into())),
        part("running", ExtensionValue::Boolean(end.is_none().into())),
        part("days", ExtensionValue::Integer((days.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32).into())),
    ];
    if let Some(deadline) = deadline {
        parts.push(part("deadline", ExtensionValue::Date(deadline.to_string().into())));
    }
    if let Some(end) = end {
        parts.push(part("end", ExtensionValue::Date(end.to_string().into())));
    }
    Extension { url: CLOCK_EXTENSION.to_string(), extension: parts, ..Default::default() }
}
