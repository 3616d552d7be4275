//! Writes a planned referral as a `Pathway` record whose events use the shared case format's vocabulary
//! (`/work/shared/pathway-examples.md`): each event is built as JSON and read into `PathwayEvent`, so the demo
//! depends only on that format, not on how the engine types it.

use chrono::{Days, NaiveDate};
use serde::Deserialize;
use serde_json::{json, Value};

use super::patients::patient_id;
use super::referrals::{Referral, Setting, Stage, Visit};
use super::trust::Trust;
use crate::model::{Pathway, Priority, ReferralSource};
use crate::outcome::{AdmissionListing, IntendedManagement, PreOp, PreOpStatus, SurgicalPriority};
use crate::pathway::{PathwayEvent, RttClock};
use crate::tasks::validation::ValidationMilestone;
use crate::validation::{PathwayValidation, ValidationOutcome};

/// Events on the same day keep this order (a referral before anything else, a decision before treatment).
fn same_day_order(kind: &str) -> u8 {
    match kind {
        "referral_received" => 0,
        "triaged" => 1,
        "patient_cancelled" => 1,
        "appointment_dna" => 2,
        "patient_contacts_to_rebook" => 3,
        "outpatient_attended" | "first_seen" => 4,
        "outcome_communicated" => 5,
        "decision_to_treat" | "active_monitoring_start" | "decision_not_to_treat" => 6,
        _ => 7,
    }
}

/// One event in the case format, with its date and same-day order kept beside it for sorting.
fn event(date: NaiveDate, kind: &str, attributes: Value) -> (NaiveDate, u8, Value) {
    let mut event = json!({ "date": date, "type": kind });
    if let (Some(event), Value::Object(attributes)) = (event.as_object_mut(), attributes) {
        event.extend(attributes);
    }
    (date, same_day_order(kind), event)
}

/// The day the consultant triaged the referral, or `None` while it still waits: referrals of the last three days,
/// and one in ten of those of the week before (overdue), unless something has happened on them since.
fn triaged_on(referral: &Referral, consultant: &str, today: NaiveDate) -> Option<(NaiveDate, u8, Value)> {
    let received = referral.referred_on;
    let next = referral
        .visits
        .iter()
        .map(|(date, _)| *date)
        .chain([referral.seen_on, referral.outcome_on, referral.decided_on, referral.treated_on].into_iter().flatten())
        .min();
    let age = (today - received).num_days();
    if next.is_none() && (age <= 3 || (age <= 10 && referral.patient.is_multiple_of(10))) {
        return None;
    }
    let on = (received + Days::new(1 + referral.patient as u64 % 2)).min(next.unwrap_or(today)).min(today);
    Some(event(on, "triaged", json!({ "decision": "accepted", "by": consultant })))
}

/// The procedure a decision to treat lists the patient for, by specialty.
fn procedure(tag: &str, patient: usize) -> &'static str {
    let names: &[&str] = match tag {
        "uro" => &["Flexible cystoscopy", "Transurethral resection of bladder tumour", "Ureteroscopy"],
        "card" => &["Coronary angiography", "Pacemaker implant", "Electrical cardioversion"],
        _ => &["Excision of skin lesion", "Mohs micrographic surgery", "Punch biopsy"],
    };
    names[patient % names.len()]
}

/// The referral's events in date order.
fn event_log(referral: &Referral, consultant: &str, today: NaiveDate) -> Vec<Value> {
    let mut events = Vec::with_capacity(7);
    events.push(event(
        referral.referred_on,
        "referral_received",
        match (referral.cancer, referral.source) {
            (true, _) => json!({ "source": "gp", "route": "urgent_suspected_cancer" }),
            (false, ReferralSource::ERs) => json!({ "source": "gp", "via": "ers" }),
            (false, _) => json!({ "source": "gp" }),
        },
    ));
    events.extend(triaged_on(referral, consultant, today));
    for &(date, visit) in &referral.visits {
        events.push(match visit {
            Visit::PatientCancelled { appointment_date, first } => {
                event(date, "patient_cancelled", json!({ "appointment_date": appointment_date, "first": first }))
            }
            Visit::DidNotAttend { first } => {
                event(date, "appointment_dna", json!({ "first": first, "clearly_communicated": true }))
            }
            Visit::PatientContactsToRebook => event(date, "patient_contacts_to_rebook", json!({})),
            Visit::FollowUpAttended => event(date, "outpatient_attended", json!({ "first": false })),
        });
    }
    if let Some(seen) = referral.seen_on {
        events.push(match referral.cancer {
            true => event(seen, "first_seen", json!({})),
            false => event(seen, "outpatient_attended", json!({ "first": true })),
        });
    }
    if let Some(told) = referral.outcome_on {
        let outcome = if referral.cancer_found { "cancer_diagnosed" } else { "cancer_ruled_out" };
        events.push(event(told, "outcome_communicated", json!({ "outcome": outcome })));
    }
    if let Some(decided) = referral.decided_on {
        events.push(match referral.stage {
            Stage::ActiveMonitoring => {
                let by = if referral.monitoring_asked_for_by_patient { "patient" } else { "clinician" };
                event(decided, "active_monitoring_start", json!({ "initiated_by": by }))
            }
            Stage::Discharged => event(decided, "decision_not_to_treat", json!({ "communicated_to_patient": true })),
            _ if referral.cancer => event(decided, "decision_to_treat", json!({ "treatment_stage": "first" })),
            _ => event(decided, "decision_to_treat", json!({})),
        });
    }
    if let Some(treated) = referral.treated_on {
        let setting = match referral.setting {
            Setting::Admitted => "admitted",
            Setting::Outpatient => "outpatient",
        };
        events.push(match referral.cancer {
            true => event(treated, "first_definitive_treatment", json!({ "setting": setting, "modality": "surgery" })),
            false => event(treated, "first_definitive_treatment", json!({ "setting": setting })),
        });
    }
    events.sort_by_key(|&(date, order, _)| (date, order));
    events.into_iter().map(|(_, _, event)| event).collect()
}

pub(crate) fn pathway(referral: &Referral, trust: &Trust, today: NaiveDate) -> Pathway {
    let consultant = &trust.consultants[referral.consultant];
    let events = event_log(referral, &consultant.name, today)
        .into_iter()
        .map(|event| {
            PathwayEvent::deserialize(&event).unwrap_or_else(|error| {
                panic!("demo event {event} no longer reads as a PathwayEvent ({error}): update demo/events.rs")
            })
        })
        .collect::<Vec<_>>();
    let validations = validations(&events, &referral.id, today);
    Pathway {
        id: referral.id.clone(),
        patient_id: patient_id(referral.patient),
        specialty_id: trust.specialties[referral.specialty].specialty.id.clone(),
        consultant_id: trust.consultants[referral.consultant].id.clone(),
        priority: referral.priority,
        source: referral.source,
        cancer: referral.cancer,
        events,
        follow_up_due: follow_up_due(referral),
        listed: listed(referral, trust.specialties[referral.specialty].tag, today),
        validations,
    }
}

/// The waiting-list validations a trust would already have recorded: two in three of those waiting past a milestone
/// were validated some days after they passed it (the rest are on the validation worklist). None in the week
/// before the demo's date, so a pathway passing a milestone this week still gets its validation task.
fn validations(events: &[PathwayEvent], referral_id: &str, today: NaiveDate) -> Vec<PathwayValidation> {
    let clock = RttClock::compute(events, today);
    let (Some(start), Some(days)) = (clock.start(), clock.days()) else { return Vec::new() };
    let Some(milestone) = clock.running().then(|| ValidationMilestone::passed(days.max(0) as u32)).flatten() else {
        return Vec::new();
    };
    let seed = referral_id.bytes().fold(7u32, |hash, byte| hash.wrapping_mul(31).wrapping_add(u32::from(byte)));
    if seed % 3 == 0 {
        return Vec::new();
    }
    let after = 7 * u64::from(milestone.weeks()) + 1 + u64::from(seed % 21);
    let Some(on) = start.checked_add_days(Days::new(after)).filter(|on| *on < today - Days::new(7)) else {
        return Vec::new();
    };
    vec![PathwayValidation {
        on,
        by: super::trust::BOOKING_TEAM.to_string(),
        outcome: ValidationOutcome::ClockCorrect,
        weeks: Some(((on - start).num_days() / 7) as u32),
        removal: None,
        note: None,
    }]
}

/// A decision to treat not yet carried out puts the patient on the admitted list: mostly day cases; cancer P2,
/// urgent P3, routine P3 or P4.
fn listed(referral: &Referral, tag: &str, today: NaiveDate) -> Option<Box<AdmissionListing>> {
    let decided = referral.decided_on.filter(|_| referral.stage == Stage::AwaitingTreatment)?;
    let priority = match referral.priority {
        Priority::UrgentSuspectedCancer => SurgicalPriority::P2,
        Priority::Urgent => SurgicalPriority::P3,
        Priority::Routine if referral.patient.is_multiple_of(3) => SurgicalPriority::P3,
        Priority::Routine => SurgicalPriority::P4,
    };
    let inpatient = referral.patient.is_multiple_of(4);
    let mut listing = AdmissionListing::new(
        procedure(tag, referral.patient).to_string(),
        if inpatient { IntendedManagement::Inpatient } else { IntendedManagement::DayCase },
        priority,
        decided,
        Some(if inpatient { 120 } else { 30 + 15 * (referral.patient as u32 % 3) }),
    );
    // Half have had their pre-operative assessment; a few are booked for one.
    listing.pre_op = match referral.patient % 4 {
        0 | 1 => Some(PreOp { status: PreOpStatus::Passed, on: decided.max(today - Days::new(3)).min(today) }),
        2 => Some(PreOp { status: PreOpStatus::Booked, on: today + Days::new(7 + referral.patient as u64 % 14) }),
        _ => None,
    };
    Some(Box::new(listing))
}

/// A third of the patients treated or on active monitoring are due a follow-up six weeks after the treatment or
/// the decision: they wait on the waiting list as follow-ups.
fn follow_up_due(referral: &Referral) -> Option<NaiveDate> {
    let after = match referral.stage {
        Stage::Treated => referral.treated_on,
        Stage::ActiveMonitoring => referral.decided_on,
        _ => None,
    }?;
    referral.patient.is_multiple_of(3).then(|| after + Days::new(42))
}
