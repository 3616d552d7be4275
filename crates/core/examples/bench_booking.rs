//! Booking benchmarks: the next free slot over a specialty's 12 weeks, and the impact list for cancelling a clinic
//! of 20 patients. Run with `cargo run --release -p pathdesk-core --example bench_booking`.
//!
//! The data is synthetic: 10 consultants of one specialty, two clinics a week each (20 slots: 12 new, 8
//! follow-up, some seeing two), made from templates by the real session generator, with every new slot booked
//! except the last clinic's, so the search has to look at every slot (the worst case).

use std::collections::HashSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveTime};
use pathdesk_core::booking::{
    generate_sessions, next_free_slot, session_change_impact, BookingPolicy, ClinicScope, ClinicsSearched, PathwayWait,
    SessionChange, SlotBookings, SlotSearch,
};
use pathdesk_core::model::{
    Appointment, AppointmentStatus, ClinicSession, ClinicTemplate, Priority, SlotType, TemplateSlot, Weekday,
};

const CONSULTANTS: usize = 10;
const WEEKS: u64 = 12;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn template(consultant: usize, weekday: Weekday, morning: bool) -> ClinicTemplate {
    let first_hour = if morning { 8 } else { 13 };
    let slots = (0..20u32)
        .map(|n| TemplateSlot {
            slot_type: if n < 12 { SlotType::New } else { SlotType::FollowUp },
            start: NaiveTime::from_hms_opt(first_hour + n / 4, (n % 4) * 15, 0).unwrap(),
            minutes: 15,
            capacity: if n % 5 == 4 { 2 } else { 1 },
        })
        .collect();
    ClinicTemplate {
        id: format!("tpl-{consultant}-{weekday:?}-{}", if morning { "am" } else { "pm" }),
        consultant_id: format!("con-{consultant}"),
        specialty_id: "uro".into(),
        name: format!("Urology consultant {consultant}"),
        weekday,
        start: NaiveTime::from_hms_opt(first_hour, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(first_hour + 5, 0, 0).unwrap(),
        location: "Outpatients B".into(),
        slots,
        version: 1,
    }
}

/// A specialty's next 12 weeks of clinics, in date order.
pub fn specialty_sessions() -> Vec<ClinicSession> {
    const DAYS: [Weekday; 5] =
        [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday];
    let holidays: HashSet<NaiveDate> = [NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()].into();
    let last = today() + Days::new(WEEKS * 7 - 1);
    let mut sessions = Vec::new();
    for consultant in 0..CONSULTANTS {
        for (n, morning) in [(consultant, true), (consultant + 2, false)] {
            let template = template(consultant, DAYS[n % 5], morning);
            sessions.extend(generate_sessions(&template, today(), last, &holidays).unwrap().sessions);
        }
    }
    sessions.sort_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
    sessions
}

/// Every place of every new slot booked, except in the last clinic; follow-ups half booked.
pub fn appointments(sessions: &[ClinicSession]) -> Vec<Appointment> {
    let mut appointments = Vec::new();
    let last = sessions.len() - 1;
    for (index, session) in sessions.iter().enumerate() {
        for slot in &session.slots {
            let places = match slot.slot_type {
                SlotType::New if index == last => 0,
                SlotType::New => slot.capacity,
                _ => slot.capacity / 2,
            };
            for place in 0..places {
                let n = appointments.len();
                appointments.push(Appointment {
                    id: format!("appt-{n}"),
                    patient_id: format!("pat-{n}"),
                    pathway_id: format!("pw-{n}"),
                    session_id: session.id.clone(),
                    slot_id: slot.id.clone(),
                    date: session.date,
                    start: slot.start,
                    slot_type: slot.slot_type,
                    status: if place == 0 && n % 9 == 0 { AppointmentStatus::Seen } else { AppointmentStatus::Booked },
                    booked_on: today(),
                    outcome: None,
                    cancelled: None,
                });
            }
        }
    }
    appointments
}

/// A clinic two weeks out with 20 booked patients, and a third of the other new places freed so there is
/// somewhere to go.
pub fn impact_case(sessions: &[ClinicSession], appointments: &mut Vec<Appointment>) -> (String, Vec<PathwayWait>) {
    let target = sessions.iter().find(|s| s.date >= today() + Days::new(14)).unwrap();
    appointments.retain(|appointment| appointment.session_id != target.id);
    for (n, appointment) in appointments.iter_mut().enumerate() {
        if appointment.slot_type == SlotType::New && n % 3 == 0 {
            appointment.status = AppointmentStatus::CancelledByHospital;
        }
    }
    let places = target.slots.iter().flat_map(|slot| (0..slot.capacity).map(move |_| slot));
    let mut waits = Vec::new();
    for (k, slot) in places.take(20).enumerate() {
        let clock_start = today() - Days::new(20 + 5 * k as u64);
        let appointment = Appointment {
            id: format!("appt-target-{k}"),
            patient_id: format!("pat-target-{k}"),
            pathway_id: format!("pw-target-{k}"),
            session_id: target.id.clone(),
            slot_id: slot.id.clone(),
            date: target.date,
            start: slot.start,
            slot_type: slot.slot_type,
            status: AppointmentStatus::Booked,
            booked_on: today(),
            outcome: None,
            cancelled: None,
        };
        waits.push(PathwayWait {
            pathway_id: appointment.pathway_id.clone(),
            patient_id: appointment.patient_id.clone(),
            patient_name: format!("PATIENT, {k}"),
            priority: Priority::ALL[k % 3],
            clock_start: Some(clock_start),
            next_deadline: Some(pathdesk_core::pathway::Deadline {
                standard: pathdesk_core::pathway::Standard::Rtt,
                date: clock_start + Days::new(126),
            }),
            procedure_minutes: None,
        });
        appointments.push(appointment);
    }
    (target.id.clone(), waits)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn micros(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e6)
}

fn main() {
    let sessions = specialty_sessions();
    let appointments = appointments(&sessions);

    let build: Vec<Duration> = (0..50)
        .map(|_| {
            let start = Instant::now();
            black_box(SlotBookings::new(&appointments));
            start.elapsed()
        })
        .collect();
    println!(
        "booked-count index over {} appointments: {} µs (built once per screen)",
        appointments.len(),
        micros(median(build))
    );

    let bookings = SlotBookings::new(&appointments);
    let search =
        SlotSearch { slot_type: SlotType::New, scope: ClinicScope::Specialty("uro"), earliest: today(), latest: None };
    let found = next_free_slot(&sessions, &bookings, &search).expect("the last clinic has free new slots");
    assert_eq!(found.session.id, sessions.last().unwrap().id);
    let runs: Vec<Duration> = (0..500)
        .map(|_| {
            let start = Instant::now();
            black_box(next_free_slot(black_box(&sessions), &bookings, black_box(&search)));
            start.elapsed()
        })
        .collect();
    println!("next free slot over 12 weeks ({} sessions): {} µs (budget 10 ms)", sessions.len(), micros(median(runs)));

    let mut appointments = appointments;
    let (target, waits) = impact_case(&sessions, &mut appointments);
    let policy = BookingPolicy::default();
    let change = SessionChange::Cancel { reason: "Consultant annual leave".into() };
    let clinics = ClinicsSearched { sessions: &sessions, appointments: &appointments, lists: &[] };
    let impact = session_change_impact(&policy, &target, &change, clinics, &waits, today()).unwrap();
    assert_eq!(impact.patients.len(), 20);
    let runs: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            black_box(session_change_impact(&policy, &target, &change, clinics, &waits, today()).unwrap());
            start.elapsed()
        })
        .collect();
    println!(
        "impact list for a 20-patient session: {} µs (budget 50 ms; {} offered a slot, {} to escalate)",
        micros(median(runs)),
        impact.patients.iter().filter(|p| p.alternative.is_some()).count(),
        impact.escalations()
    );
}
