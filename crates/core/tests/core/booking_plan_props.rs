//! Property: whatever the clinics, bookings and patients, a rebooking plan never puts a slot over capacity, and
//! every suggestion is one the co-ordinator may actually offer.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveTime};
use pathdesk_core::booking::{
    session_change_impact, BookingPolicy, ClinicsSearched, PathwayWait, SessionChange, SlotBookings,
};
use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, Priority, SessionStatus, Slot, SlotType};
use pathdesk_core::pathway::{Deadline, Standard};
use proptest::prelude::*;

const STATUSES: [AppointmentStatus; 6] = [
    AppointmentStatus::Booked,
    AppointmentStatus::Booked,
    AppointmentStatus::Arrived,
    AppointmentStatus::DidNotAttend,
    AppointmentStatus::CancelledByPatient,
    AppointmentStatus::CancelledByHospital,
];

/// One generated slot: new or follow-up, capacity, how many appointments it has, the status of each.
type SlotSpec = (bool, u32, Vec<usize>);
/// One generated session: consultant, days from today, cancelled, slots.
type SessionSpec = (usize, u64, bool, Vec<SlotSpec>);
/// One patient's pathway: priority, days to breach (none = no target), days waited.
type WaitSpec = (usize, Option<u64>, u64);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn slot_spec() -> impl Strategy<Value = SlotSpec> {
    (any::<bool>(), 1..=3u32, prop::collection::vec(0..STATUSES.len(), 0..=4))
}

fn session_spec() -> impl Strategy<Value = SessionSpec> {
    (0..3usize, 0..50u64, prop::bool::weighted(0.15), prop::collection::vec(slot_spec(), 1..6))
}

fn wait_spec() -> impl Strategy<Value = WaitSpec> {
    (0..3usize, prop::option::weighted(0.8, 0..70u64), 0..200u64)
}

struct World {
    sessions: Vec<ClinicSession>,
    appointments: Vec<Appointment>,
    waits: Vec<PathwayWait>,
}

fn build(specs: &[SessionSpec], wait_specs: &[WaitSpec]) -> World {
    let mut sessions = Vec::new();
    let mut appointments = Vec::new();
    let mut waits = Vec::new();
    for (index, (consultant, offset, cancelled, slots)) in specs.iter().enumerate() {
        let id = format!("ses-{index}");
        // The first session is the one being changed: in the future and not cancelled.
        let date = today() + Days::new(if index == 0 { 1 + offset } else { *offset });
        let mut session = ClinicSession {
            id: id.clone(),
            template_id: None,
            consultant_id: format!("con-{consultant}"),
            specialty_id: "uro".into(),
            name: format!("Clinic {index}"),
            date,
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            location: "Outpatients".into(),
            status: if *cancelled && index > 0 {
                SessionStatus::Cancelled { reason: "Leave".into() }
            } else {
                SessionStatus::Scheduled
            },
            slots: Vec::new(),
        };
        for (number, (is_new, capacity, statuses)) in slots.iter().enumerate() {
            let slot = Slot {
                id: format!("{id}-slot-{number}"),
                slot_type: if *is_new { SlotType::New } else { SlotType::FollowUp },
                start: NaiveTime::from_hms_opt(9 + number as u32, 0, 0).unwrap(),
                minutes: 30,
                capacity: *capacity,
            };
            for (place, status) in statuses.iter().enumerate() {
                let n = appointments.len();
                let (priority, breach, waited) = wait_specs[n % wait_specs.len()];
                let pathway_id = format!("pw-{n}");
                appointments.push(Appointment {
                    id: format!("appt-{id}-{number}-{place}"),
                    patient_id: format!("pat-{n}"),
                    pathway_id: pathway_id.clone(),
                    session_id: id.clone(),
                    slot_id: slot.id.clone(),
                    date,
                    start: slot.start,
                    slot_type: slot.slot_type,
                    status: STATUSES[*status],
                    booked_on: today(),
                    outcome: None,
                    cancelled: None,
                });
                waits.push(PathwayWait {
                    pathway_id,
                    patient_id: format!("pat-{n}"),
                    patient_name: format!("PATIENT, {n}"),
                    priority: Priority::ALL[priority],
                    clock_start: breach.map(|_| today() - Days::new(waited)),
                    // Urgent suspected cancer: the 28-day date; others: 18 weeks.
                    next_deadline: breach.map(|days| Deadline {
                        standard: if priority == 0 { Standard::Cwt28 } else { Standard::Rtt },
                        date: today() + Days::new(days),
                    }),
                    procedure_minutes: None,
                });
            }
            session.slots.push(slot);
        }
        sessions.push(session);
    }
    World { sessions, appointments, waits }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_rebooking_plan_never_books_a_slot_over_capacity(
        specs in prop::collection::vec(session_spec(), 1..10),
        wait_specs in prop::collection::vec(wait_spec(), 1..20),
        reduce in any::<bool>(),
        removed_mask in prop::collection::vec(any::<bool>(), 6),
    ) {
        let world = build(&specs, &wait_specs);
        let changed = &world.sessions[0];
        let removed: Vec<String> = changed
            .slots
            .iter()
            .enumerate()
            .filter(|(i, _)| removed_mask[*i])
            .map(|(_, slot)| slot.id.clone())
            .collect();
        let change = if reduce && !removed.is_empty() && removed.len() < changed.slots.len() {
            SessionChange::Reduce { removed_slot_ids: removed, reason: "Room needed".into() }
        } else {
            SessionChange::Cancel { reason: "Leave".into() }
        };
        let impact = session_change_impact(
            &BookingPolicy::default(),
            &changed.id,
            &change,
            ClinicsSearched { sessions: &world.sessions, appointments: &world.appointments, lists: &[] },
            &world.waits,
            today(),
        )
        .unwrap();

        // Everyone booked in a removed slot is on the list, once.
        let expected = world
            .appointments
            .iter()
            .filter(|a| a.session_id == changed.id && a.status == AppointmentStatus::Booked && change.removes(&a.slot_id))
            .count();
        prop_assert_eq!(impact.patients.len(), expected);

        // No slot over capacity: places already taken plus places the plan promises.
        let bookings = SlotBookings::new(&world.appointments);
        let mut planned: HashMap<&str, u32> = HashMap::new();
        for patient in &impact.patients {
            if let Some(alt) = patient.alternative {
                *planned.entry(alt.slot.slot.id.as_str()).or_insert(0) += 1;
            }
        }
        for session in &world.sessions {
            for slot in &session.slots {
                let promised = planned.get(slot.id.as_str()).copied().unwrap_or(0);
                if promised > 0 {
                    prop_assert!(
                        bookings.booked(&slot.id) + promised <= slot.capacity,
                        "slot {} has {} booked + {} planned > {}", slot.id, bookings.booked(&slot.id), promised, slot.capacity
                    );
                }
            }
        }

        // Can `patient` have `slot` of `session` (the right type, not removed, not cancelled, after today), and is
        // a place still free in it once the whole plan is counted?
        let free_for = |patient: &pathdesk_core::booking::AffectedPatient<'_>, session: &ClinicSession, slot: &Slot| {
            !matches!(session.status, SessionStatus::Cancelled { .. })
                && session.date > today()
                && slot.slot_type == patient.appointment.slot_type
                && !(session.id == changed.id && change.removes(&slot.id))
                && session.specialty_id == changed.specialty_id
                && bookings.free_places(slot).saturating_sub(planned.get(slot.id.as_str()).copied().unwrap_or(0)) > 0
        };
        for (rank, patient) in impact.patients.iter().enumerate() {
            let deadline = patient.wait.next_deadline.map(|d| d.date);
            match patient.alternative {
                Some(alt) => {
                    let session = alt.slot.session;
                    prop_assert_eq!(alt.slot.slot.slot_type, patient.appointment.slot_type);
                    let cancelled = matches!(session.status, SessionStatus::Cancelled { .. });
                    prop_assert!(!cancelled, "cancelled session {} suggested", session.id);
                    prop_assert!(!(session.id == changed.id && change.removes(&alt.slot.slot.id)));
                    prop_assert!(session.date > today());
                    prop_assert_eq!(alt.same_consultant, session.consultant_id == changed.consultant_id);
                    // A suggestion past the next deadline (a cancer date included) always comes with an escalation.
                    if deadline.is_some_and(|deadline| session.date > deadline) {
                        prop_assert!(patient.escalate, "{} offered past its deadline without escalation", patient.wait.pathway_id);
                    }
                    if patient.escalate {
                        prop_assert!(deadline.is_some_and(|deadline| session.date > deadline));
                    }
                }
                None => prop_assert_eq!(patient.escalate, deadline.is_some()),
            }
            // Nothing in time was missed: when escalated or offered nothing, every slot by the deadline is full.
            if patient.escalate || patient.alternative.is_none() {
                for session in &world.sessions {
                    if deadline.is_some_and(|deadline| session.date > deadline) {
                        continue;
                    }
                    for slot in &session.slots {
                        prop_assert!(!free_for(patient, session, slot), "{} was free in time", slot.id);
                    }
                }
            }
            // Ranked: next deadline first (none last), then priority.
            if rank > 0 {
                let before = impact.patients[rank - 1].wait;
                let this = patient.wait;
                let key = |w: &PathwayWait| (w.next_deadline.map_or((1, None), |d| (0, Some(d.date))), w.priority);
                prop_assert!(key(before) <= key(this));
            }
        }
    }
}
