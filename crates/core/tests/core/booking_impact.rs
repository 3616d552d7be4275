//! Consultant leave, cancelling or reducing a clinic, and the ranked impact list with suggested slots.

use chrono::{Days, NaiveDate, NaiveTime};
use pathdesk_core::booking::{
    apply_session_change, cancel_session, leave_impact, reduce_session, session_change_impact, BookingPolicy,
    ClinicsSearched, ImpactError, Leave, LeaveError, PathwayWait, SessionChange, SessionChangeError,
    SessionChangeImpact, ESCALATE,
};
use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, Priority, SessionStatus, Slot, SlotType};
use pathdesk_core::pathway::{Deadline, Standard};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// Today at the desk: Monday 23 Nov 2026.
fn today() -> NaiveDate {
    date(2026, 11, 23)
}

fn session(
    id: &str,
    consultant: &str,
    specialty: &str,
    on: NaiveDate,
    slots: &[(SlotType, u32, u32, u32)],
) -> ClinicSession {
    ClinicSession {
        id: id.into(),
        template_id: None,
        consultant_id: consultant.into(),
        specialty_id: specialty.into(),
        name: format!("Urology clinic ({consultant})"),
        date: on,
        start: time(9, 0),
        end: time(13, 0),
        location: "Outpatients A".into(),
        status: SessionStatus::Scheduled,
        slots: slots
            .iter()
            .map(|&(slot_type, h, m, capacity)| Slot {
                id: format!("{id}-{h:02}{m:02}"),
                slot_type,
                start: time(h, m),
                minutes: 30,
                capacity,
            })
            .collect(),
    }
}

fn booked(patient: &str, session: &ClinicSession, slot_id: &str, status: AppointmentStatus) -> Appointment {
    let slot = session.slots.iter().find(|slot| slot.id == slot_id).expect("slot in session");
    Appointment {
        id: format!("appt-{patient}"),
        patient_id: format!("pat-{patient}"),
        pathway_id: format!("pw-{patient}"),
        session_id: session.id.clone(),
        slot_id: slot_id.into(),
        date: session.date,
        start: slot.start,
        slot_type: slot.slot_type,
        status,
        booked_on: date(2026, 10, 1),
        outcome: None,
        cancelled: None,
    }
}

fn wait(patient: &str, priority: Priority, clock_start: Option<NaiveDate>, deadline: Option<Deadline>) -> PathwayWait {
    PathwayWait {
        pathway_id: format!("pw-{patient}"),
        patient_id: format!("pat-{patient}"),
        patient_name: format!("PATIENT, {patient}"),
        priority,
        clock_start,
        next_deadline: deadline,
        procedure_minutes: None,
    }
}

fn rtt_by(date: NaiveDate) -> Option<Deadline> {
    Some(Deadline { standard: Standard::Rtt, date })
}

fn fds_by(date: NaiveDate) -> Option<Deadline> {
    Some(Deadline { standard: Standard::Cwt28, date })
}

use SlotType::{FollowUp, New};

/// Ms A's Monday clinic on 7 Dec 2026 (two weeks away) is the one being changed. Elsewhere in urology: Ms A on
/// 14 Dec (one free new slot) and 1 Feb 2027 (free), Mr B on 30 Nov (one free) and 9 Dec (two free, one taken);
/// a free dermatology slot that must never be suggested to a urology patient.
struct Diary {
    sessions: Vec<ClinicSession>,
    appointments: Vec<Appointment>,
    waits: Vec<PathwayWait>,
}

fn diary() -> Diary {
    let changed = session(
        "a-1207",
        "con-a",
        "uro",
        date(2026, 12, 7),
        &[(New, 9, 0, 1), (New, 9, 30, 1), (New, 10, 0, 1), (New, 10, 30, 1), (New, 11, 0, 2), (FollowUp, 11, 30, 2)],
    );
    let a_later = session("a-1214", "con-a", "uro", date(2026, 12, 14), &[(New, 9, 0, 1), (New, 9, 30, 1)]);
    let a_feb = session("a-0201", "con-a", "uro", date(2027, 2, 1), &[(New, 9, 0, 3)]);
    let b_soon = session("b-1130", "con-b", "uro", date(2026, 11, 30), &[(New, 14, 0, 1)]);
    let b_later = session("b-1209", "con-b", "uro", date(2026, 12, 9), &[(New, 9, 0, 1), (New, 9, 30, 2)]);
    let derm = session("d-1124", "con-d", "derm", date(2026, 11, 24), &[(New, 9, 0, 5)]);
    let appointments = vec![
        booked("p1", &changed, "a-1207-0900", AppointmentStatus::Booked),
        booked("p2", &changed, "a-1207-0930", AppointmentStatus::Booked),
        booked("p3", &changed, "a-1207-1000", AppointmentStatus::Booked),
        booked("p4", &changed, "a-1207-1030", AppointmentStatus::Booked),
        booked("p5", &changed, "a-1207-1100", AppointmentStatus::Booked),
        booked("x-cancelled", &changed, "a-1207-1100", AppointmentStatus::CancelledByPatient),
        booked("p6", &changed, "a-1207-1130", AppointmentStatus::Booked),
        booked("x-full", &a_later, "a-1214-0930", AppointmentStatus::Booked),
        booked("x-b", &b_later, "b-1209-0930", AppointmentStatus::Booked),
    ];
    let waits = vec![
        // Routine, 18 weeks up on 5 Jan 2027, clock started 1 Sep.
        wait("p1", Priority::Routine, Some(date(2026, 9, 1)), rtt_by(date(2027, 1, 5))),
        // Urgent suspected cancer: the 28-day Faster Diagnosis date is 7 Dec.
        wait("p2", Priority::UrgentSuspectedCancer, Some(date(2026, 11, 9)), fds_by(date(2026, 12, 7))),
        wait("p3", Priority::Urgent, Some(date(2026, 10, 1)), rtt_by(date(2026, 12, 19))),
        // Routine, 18 weeks up on 5 Dec: the nearest deadline of all.
        wait("p4", Priority::Routine, Some(date(2026, 8, 1)), rtt_by(date(2026, 12, 5))),
        // Same deadline as p1 but waiting a day longer.
        wait("p5", Priority::Routine, Some(date(2026, 8, 31)), rtt_by(date(2027, 1, 5))),
        // A follow-up after the clock stopped: no deadline.
        wait("p6", Priority::Routine, None, None),
    ];
    Diary { sessions: vec![a_feb, changed, b_later, derm, a_later, b_soon], appointments, waits }
}

fn cancel() -> SessionChange {
    SessionChange::Cancel { reason: "Consultant annual leave".into() }
}

fn impact_of<'a>(diary: &'a Diary, change: &SessionChange) -> SessionChangeImpact<'a> {
    session_change_impact(
        &BookingPolicy::default(),
        "a-1207",
        change,
        ClinicsSearched { sessions: &diary.sessions, appointments: &diary.appointments, lists: &[] },
        &diary.waits,
        today(),
    )
    .unwrap()
}

fn patients(impact: &SessionChangeImpact<'_>) -> Vec<String> {
    impact.patients.iter().map(|p| p.wait.patient_id.clone()).collect()
}

fn suggested(impact: &SessionChangeImpact<'_>, patient: &str) -> Option<String> {
    let affected = impact.patients.iter().find(|p| p.wait.patient_id == patient).expect("patient in impact list");
    affected.alternative.map(|alt| alt.slot.slot.id.clone())
}

fn affected<'i>(impact: &'i SessionChangeImpact<'_>, patient: &str) -> &'i pathdesk_core::booking::AffectedPatient<'i> {
    impact.patients.iter().find(|p| p.wait.patient_id == patient).expect("patient in impact list")
}

#[test]
fn impact_list_ranks_by_next_deadline_then_priority_then_longest_wait() {
    let diary = diary();
    let impact = impact_of(&diary, &cancel());
    // p4's 18 weeks (5 Dec) come before p2's 28 days (7 Dec); p5 and p1 share 5 Jan, p5 has waited longer.
    assert_eq!(patients(&impact), vec!["pat-p4", "pat-p2", "pat-p3", "pat-p5", "pat-p1", "pat-p6"]);

    // On the same deadline, urgent suspected cancer comes before routine.
    let mut diary = diary;
    diary.waits[1].next_deadline = fds_by(date(2027, 1, 5));
    let impact = impact_of(&diary, &cancel());
    assert_eq!(patients(&impact), vec!["pat-p4", "pat-p3", "pat-p2", "pat-p5", "pat-p1", "pat-p6"]);
}

#[test]
fn impact_list_suggests_same_consultant_first_then_specialty_within_the_next_deadline() {
    let diary = diary();
    let impact = impact_of(&diary, &cancel());
    // p4: nothing with Ms A by 5 Dec, so Mr B's 30 Nov slot.
    assert_eq!(suggested(&impact, "pat-p4").as_deref(), Some("b-1130-1400"));
    assert!(!affected(&impact, "pat-p4").alternative.unwrap().same_consultant);
    // Urgent: Ms A's free slot on 14 Dec is within 19 Dec.
    assert_eq!(suggested(&impact, "pat-p3").as_deref(), Some("a-1214-0900"));
    assert!(affected(&impact, "pat-p3").alternative.unwrap().same_consultant);
    // p5: Ms A has nothing left by 5 Jan; Mr B's 9 Dec 09:30 has a place.
    assert_eq!(suggested(&impact, "pat-p5").as_deref(), Some("b-1209-0930"));
    for patient in ["pat-p4", "pat-p3", "pat-p5"] {
        let p = affected(&impact, patient);
        assert!(!p.escalate, "{patient}");
        let offered = p.alternative.unwrap().slot.session.date;
        assert!(offered <= p.wait.next_deadline.unwrap().date, "{patient} offered {offered} after the deadline");
    }
    // Dermatology's free slot, and the clinic being cancelled, are never suggested.
    for patient in &impact.patients {
        if let Some(alt) = patient.alternative {
            assert_eq!(alt.slot.session.specialty_id, "uro");
            assert_ne!(alt.slot.session.id, "a-1207");
        }
    }
}

#[test]
fn a_patient_who_cannot_be_kept_within_the_deadline_is_offered_the_earliest_slot_and_escalated() {
    let diary = diary();
    let impact = impact_of(&diary, &cancel());
    // p2's 28 days are up on 7 Dec and the 30 Nov slot went to p4: the earliest left is Mr B's 9 Dec, marked.
    let p2 = affected(&impact, "pat-p2");
    assert!(p2.escalate);
    assert_eq!(suggested(&impact, "pat-p2").as_deref(), Some("b-1209-0900"));
    assert_eq!(
        p2.advice,
        format!(
            "No free New slot within the 28-day Faster Diagnosis by 7 Dec 2026 (in 14 days). The earliest is the 09:00 \
             slot on 9 Dec 2026 in Urology clinic (con-b), with another consultant in the specialty. {ESCALATE} It is \
             less than 21 days away: the patient must agree to the short notice."
        )
    );
    // p1: nothing by 5 Jan once the others have their places; Ms A's 1 Feb clinic is the earliest.
    let p1 = affected(&impact, "pat-p1");
    assert!(p1.escalate);
    assert_eq!(suggested(&impact, "pat-p1").as_deref(), Some("a-0201-0900"));
    assert!(p1.alternative.unwrap().same_consultant);
    assert_eq!(ESCALATE, "Cannot be kept within target — escalate to your manager.");
    assert_eq!(impact.escalations(), 2);

    // No deadline, no slot: not an escalation, but the co-ordinator is told what to do.
    let p6 = affected(&impact, "pat-p6");
    assert!(!p6.escalate);
    assert!(p6.advice.starts_with("No free Follow-up slot in the clinics searched."), "{}", p6.advice);
}

#[test]
fn a_slot_on_the_deadline_day_is_in_time_and_the_day_after_is_not() {
    let mut diary = diary();
    // p4's deadline on 30 Nov: Mr B's 30 Nov slot keeps it.
    diary.waits[3].next_deadline = rtt_by(date(2026, 11, 30));
    let impact = impact_of(&diary, &cancel());
    assert_eq!(suggested(&impact, "pat-p4").as_deref(), Some("b-1130-1400"));
    assert!(!affected(&impact, "pat-p4").escalate);

    // A day earlier it does not, though it is still the earliest there is.
    let mut diary = self::diary();
    diary.waits[3].next_deadline = rtt_by(date(2026, 11, 29));
    let impact = impact_of(&diary, &cancel());
    assert!(affected(&impact, "pat-p4").escalate);
    assert_eq!(suggested(&impact, "pat-p4").as_deref(), Some("b-1130-1400"));
}

#[test]
fn impact_shows_weeks_waited_short_notice_and_a_summary() {
    let diary = diary();
    let impact = impact_of(&diary, &cancel());
    let p1 = affected(&impact, "pat-p1");
    // 1 Sep to 23 Nov 2026 = 83 days = 11 completed weeks.
    assert_eq!(p1.weeks_waited, Some(11));
    assert_eq!(affected(&impact, "pat-p6").weeks_waited, None);
    assert_eq!(impact.notice_days, 14);
    assert!(impact.short_notice);
    assert_eq!(
        impact.summary,
        "6 patients affected; 3 can be offered another slot in time. 2 cannot be kept within their next deadline: \
         escalate to your manager. Short notice: the clinic is 14 days away, less than the 6 weeks expected."
    );
    assert_eq!(
        affected(&impact, "pat-p4").advice,
        "Offer the 14:00 New slot on 30 Nov 2026 in Urology clinic (con-b), with another consultant in the specialty. It is less \
         than 21 days away: the patient must agree to the short notice."
    );
}

#[test]
fn only_booked_appointments_in_the_removed_slots_are_affected_by_a_reduction() {
    let mut diary = diary();
    // p1's 09:00 slot and p3's 10:00 slot go; 09:30 (p2) and the rest stay.
    diary.appointments[1].status = AppointmentStatus::CancelledByHospital; // p2 moved already: 09:30 is free.
    let change = SessionChange::Reduce {
        removed_slot_ids: vec!["a-1207-0900".into(), "a-1207-1000".into()],
        reason: "Consultant needed at the cancer MDT".into(),
    };
    let impact = impact_of(&diary, &change);
    assert_eq!(patients(&impact), vec!["pat-p3", "pat-p1"]);
    // The most urgent gets the freed 09:30 place in the same (reduced) clinic; removed slots are never offered.
    assert_eq!(suggested(&impact, "pat-p3").as_deref(), Some("a-1207-0930"));
    // Then the second place of the 11:00 slot (one booked, one cancelled by the patient).
    assert_eq!(suggested(&impact, "pat-p1").as_deref(), Some("a-1207-1100"));
}

#[test]
fn impact_refuses_unknown_sessions_missing_waits_and_invalid_changes() {
    let diary = diary();
    let policy = BookingPolicy::default();
    let run = |session_id: &str, change: &SessionChange, waits: &[PathwayWait], today: NaiveDate| {
        session_change_impact(
            &policy,
            session_id,
            change,
            ClinicsSearched { sessions: &diary.sessions, appointments: &diary.appointments, lists: &[] },
            waits,
            today,
        )
        .map(|impact| impact.patients.len())
    };
    assert!(matches!(run("nope", &cancel(), &diary.waits, today()), Err(ImpactError::SessionNotFound { .. })));
    let error = run("a-1207", &cancel(), &diary.waits[1..], today()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The waiting-time details of pathway pw-p1 (patient pat-p1) are not loaded. Reload the clinic and try again."
    );
    let error = run("a-1207", &cancel(), &diary.waits, date(2026, 12, 8)).unwrap_err();
    assert!(matches!(error, ImpactError::Change(SessionChangeError::InThePast { .. })), "{error:?}");
    let no_reason = SessionChange::Cancel { reason: "  ".into() };
    assert!(matches!(
        run("a-1207", &no_reason, &diary.waits, today()),
        Err(ImpactError::Change(SessionChangeError::NoReason))
    ));
}

#[test]
fn cancelling_and_reducing_a_session() {
    let diary = diary();
    let clinic = diary.sessions.iter().find(|s| s.id == "a-1207").unwrap();

    let cancelled = cancel_session(clinic, " Consultant annual leave ", today()).unwrap();
    assert_eq!(cancelled.status, SessionStatus::Cancelled { reason: "Consultant annual leave".into() });
    assert_eq!(cancelled.slots, clinic.slots);
    let again = cancel_session(&cancelled, "Leave", today()).unwrap_err();
    assert_eq!(again.to_string(), "Urology clinic (con-a) on 7 Dec 2026 is already cancelled. Nothing to change.");

    let reduced =
        reduce_session(clinic, &["a-1207-1100".into(), "a-1207-1130".into()], "Room needed", today()).unwrap();
    assert_eq!(reduced.status, SessionStatus::Reduced { reason: "Room needed".into() });
    assert_eq!(reduced.slots.len(), 4);
    assert!(reduced.slots.iter().all(|slot| slot.id != "a-1207-1100" && slot.id != "a-1207-1130"));

    assert_eq!(reduce_session(clinic, &[], "Room needed", today()), Err(SessionChangeError::NoSlotsChosen));
    assert_eq!(
        reduce_session(clinic, &["a-1207-1500".into()], "Room needed", today()),
        Err(SessionChangeError::UnknownSlot { slot_id: "a-1207-1500".into() })
    );
    let every: Vec<String> = clinic.slots.iter().map(|slot| slot.id.clone()).collect();
    assert_eq!(reduce_session(clinic, &every, "Room needed", today()), Err(SessionChangeError::EverySlotRemoved));
    let today_is_fine = apply_session_change(clinic, &cancel(), clinic.date);
    assert!(today_is_fine.is_ok(), "a clinic can be cancelled on its own day");
}

fn leave(from: NaiveDate, to: NaiveDate, recorded_on: NaiveDate) -> Leave {
    Leave { id: "leave-1".into(), consultant_id: "con-a".into(), from, to, reason: "Annual leave".into(), recorded_on }
}

#[test]
fn leave_lists_the_consultants_sessions_it_touches() {
    let mut diary = diary();
    // Ms A's 14 Dec clinic is already cancelled: nothing more to do for it.
    let cancelled = diary.sessions.iter_mut().find(|s| s.id == "a-1214").unwrap();
    cancelled.status = SessionStatus::Cancelled { reason: "Training day".into() };
    let policy = BookingPolicy::default();
    let away = leave(date(2026, 12, 7), date(2027, 2, 1), date(2026, 11, 23));
    let impact = leave_impact(&policy, &away, &diary.sessions).unwrap();
    let ids: Vec<&str> = impact.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["a-1207", "a-0201"], "in date order, last day included, other consultants untouched");
    assert_eq!(impact.notice_days, 14);
    assert!(impact.short_notice);
    assert!(impact.message.starts_with("Short notice: the leave starts 14 days after it was recorded, less than the 6 weeks expected. 2 clinics must be cancelled or covered."), "{}", impact.message);
}

#[test]
fn six_weeks_notice_is_enough_and_a_day_less_is_short() {
    let diary = diary();
    let policy = BookingPolicy::default();
    let from = date(2026, 12, 7);
    let six_weeks = leave(from, from, from - Days::new(42));
    let impact = leave_impact(&policy, &six_weeks, &diary.sessions).unwrap();
    assert!(!impact.short_notice);
    assert_eq!(impact.message, "1 clinic must be cancelled or covered.");
    let a_day_less = leave(from, from, from - Days::new(41));
    assert!(leave_impact(&policy, &a_day_less, &diary.sessions).unwrap().short_notice);
}

#[test]
fn leave_with_dates_backwards_or_no_reason_is_refused() {
    let diary = diary();
    let policy = BookingPolicy::default();
    let backwards = leave(date(2026, 12, 7), date(2026, 12, 6), today());
    assert_eq!(
        leave_impact(&policy, &backwards, &diary.sessions).unwrap_err().to_string(),
        "The leave ends (6 Dec 2026) before it starts (7 Dec 2026). Check the dates."
    );
    let mut no_reason = leave(date(2026, 12, 7), date(2026, 12, 7), today());
    no_reason.reason = " ".into();
    assert_eq!(leave_impact(&policy, &no_reason, &diary.sessions), Err(LeaveError::NoReason));
}

#[test]
fn a_tracking_list_row_gives_the_wait_only_while_its_clock_runs() {
    use pathdesk_core::model::{Pathway, ReferralSource};
    use pathdesk_core::ptl::{PtlRow, PtlRttClock};
    let pathway = Pathway {
        id: "pw-1".into(),
        patient_id: "p-1".into(),
        specialty_id: "uro".into(),
        consultant_id: "con-1".into(),
        priority: Priority::Urgent,
        source: ReferralSource::Gp,
        cancer: false,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
        events: vec![],
    };
    // A clock built by the engine: referred 1 Sep, nothing since; its 18 weeks are its next deadline.
    let referred: Vec<pathdesk_core::pathway::PathwayEvent> = serde_json::from_value(
        serde_json::json!([{"date": "2026-09-01", "type": "referral_received", "source": "gp"}]),
    )
    .unwrap();
    let clocks = pathdesk_core::pathway::PathwayClocks::compute(&referred, false, today());
    let running = PtlRow::without_patient_record(&pathway).with_clocks(&clocks);
    let wait = PathwayWait::from_row(&running);
    assert_eq!((wait.pathway_id.as_str(), wait.patient_id.as_str()), ("pw-1", "p-1"));
    assert_eq!(wait.priority, Priority::Urgent);
    assert_eq!(wait.clock_start, Some(date(2026, 9, 1)));
    assert_eq!(wait.next_deadline, rtt_by(date(2026, 9, 1) + Days::new(126)));
    // A follow-up after the clock stopped has no deadline to keep within.
    let stopped =
        PtlRow::without_patient_record(&pathway).with_rtt(PtlRttClock::stopped(date(2026, 9, 1), date(2026, 10, 1)));
    let wait = PathwayWait::from_row(&stopped);
    assert_eq!((wait.clock_start, wait.next_deadline), (None, None));
}

#[test]
fn a_procedure_is_offered_only_a_list_with_its_minutes_left_counting_the_others_planned() {
    use pathdesk_core::model::{ClinicList, ListedPlace};
    let procedure = |h| (SlotType::Procedure, h, 0, 4);
    // A 4-hour list (240 minutes) being cancelled, and two later lists of the same consultant.
    let changed = session("list-1", "c1", "uro", date(2026, 12, 7), &[procedure(9)]);
    let full = session("list-2", "c1", "uro", date(2026, 12, 8), &[procedure(9)]);
    let roomy = session("list-3", "c1", "uro", date(2026, 12, 9), &[procedure(9)]);
    let appointments = vec![
        booked("a", &changed, "list-1-0900", AppointmentStatus::Booked),
        booked("b", &changed, "list-1-0900", AppointmentStatus::Booked),
    ];
    // The 8 Dec list already has 160 minutes booked; the 9 Dec list is empty.
    let mut taken = ClinicList::new("list-2");
    taken.places.push(ListedPlace {
        slot_id: "list-2-0900".into(),
        appointment_id: "x".into(),
        patient_id: "pat-x".into(),
        minutes: Some(160),
    });
    let lists = [taken];
    let mut waits = vec![wait("a", Priority::Urgent, None, None), wait("b", Priority::Routine, None, None)];
    waits[0].procedure_minutes = Some(120); // 160 + 120 > 240: not on 8 Dec
    waits[1].procedure_minutes = Some(150); // 120 + 150 > 240 on 9 Dec once a is planned there: nothing left
    let sessions = [changed, full, roomy];
    let impact = session_change_impact(
        &BookingPolicy::default(),
        "list-1",
        &SessionChange::Cancel { reason: "Theatre closed".into() },
        ClinicsSearched { sessions: &sessions, appointments: &appointments, lists: &lists },
        &waits,
        today(),
    )
    .unwrap();
    let offered: Vec<(String, Option<String>)> = impact
        .patients
        .iter()
        .map(|p| (p.wait.patient_id.clone(), p.alternative.map(|a| a.slot.session.id.clone())))
        .collect();
    assert_eq!(
        offered,
        [("pat-a".to_string(), Some("list-3".to_string())), ("pat-b".to_string(), None)],
        "a goes where 120 minutes are left; b does not fit after a"
    );
    // Without their procedures' minutes known, the first free places are offered as before.
    let unknown = [wait("a", Priority::Urgent, None, None), wait("b", Priority::Routine, None, None)];
    let impact = session_change_impact(
        &BookingPolicy::default(),
        "list-1",
        &SessionChange::Cancel { reason: "Theatre closed".into() },
        ClinicsSearched { sessions: &sessions, appointments: &appointments, lists: &lists },
        &unknown,
        today(),
    )
    .unwrap();
    assert!(impact.patients.iter().all(|p| p.alternative.is_some_and(|a| a.slot.session.id == "list-2")));
}
