//! Slots: places taken and free, whether a slot can take a booking, the next free slot, reasonable notice and
//! declined offers.

use chrono::{Days, NaiveDate, NaiveTime};
use pathdesk_core::booking::{
    assess_offer, next_free_slot, review_declined_offers, takes_the_slot, BookingPolicy, ClinicScope, Offer,
    OfferNotice, SlotBookings, SlotSearch, SlotUnavailable,
};
use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, SessionStatus, Slot, SlotType};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn slot(id: &str, slot_type: SlotType, h: u32, m: u32, capacity: u32) -> Slot {
    Slot { id: id.into(), slot_type, start: time(h, m), minutes: 15, capacity }
}

fn session(id: &str, consultant: &str, specialty: &str, on: NaiveDate, slots: Vec<Slot>) -> ClinicSession {
    ClinicSession {
        id: id.into(),
        template_id: None,
        consultant_id: consultant.into(),
        specialty_id: specialty.into(),
        name: format!("Clinic {id}"),
        date: on,
        start: time(9, 0),
        end: time(12, 0),
        location: "Outpatients A".into(),
        status: SessionStatus::Scheduled,
        slots,
    }
}

fn appointment(id: &str, session: &ClinicSession, slot_id: &str, status: AppointmentStatus) -> Appointment {
    let slot = session.slots.iter().find(|slot| slot.id == slot_id).expect("slot in session");
    Appointment {
        id: id.into(),
        patient_id: format!("pat-{id}"),
        pathway_id: format!("pw-{id}"),
        session_id: session.id.clone(),
        slot_id: slot_id.into(),
        date: session.date,
        start: slot.start,
        slot_type: slot.slot_type,
        status,
        booked_on: session.date - Days::new(30),
        outcome: None,
        cancelled: None,
    }
}

#[test]
fn which_appointments_hold_a_place() {
    use AppointmentStatus::*;
    for status in [Booked, Arrived, Seen, DidNotAttend] {
        assert!(takes_the_slot(status), "{status:?}");
    }
    for status in [CancelledByPatient, CancelledByHospital] {
        assert!(!takes_the_slot(status), "{status:?}");
    }
}

#[test]
fn a_capacity_two_slot_takes_two_then_is_full() {
    let clinic = session("s1", "con-a", "uro", date(2027, 1, 4), vec![slot("s1-0900", SlotType::FollowUp, 9, 0, 2)]);
    let none: Vec<Appointment> = vec![];
    assert_eq!(SlotBookings::new(&none).check_slot(&clinic, "s1-0900", SlotType::FollowUp), Ok(2));

    let one = vec![appointment("a1", &clinic, "s1-0900", AppointmentStatus::Booked)];
    let bookings = SlotBookings::new(&one);
    assert_eq!(bookings.booked("s1-0900"), 1);
    assert_eq!(bookings.check_slot(&clinic, "s1-0900", SlotType::FollowUp), Ok(1));

    let two = vec![
        appointment("a1", &clinic, "s1-0900", AppointmentStatus::Booked),
        appointment("a2", &clinic, "s1-0900", AppointmentStatus::Arrived),
    ];
    let bookings = SlotBookings::new(&two);
    assert_eq!(bookings.free_places(&clinic.slots[0]), 0);
    let full = bookings.check_slot(&clinic, "s1-0900", SlotType::FollowUp).unwrap_err();
    assert_eq!(full, SlotUnavailable::Full { start: time(9, 0), capacity: 2, booked: 2 });
    assert_eq!(full.to_string(), "The 09:00 slot is full (2 booked, 2 places). Choose another slot.");
}

#[test]
fn a_cancelled_appointment_frees_its_place() {
    let clinic = session("s1", "con-a", "uro", date(2027, 1, 4), vec![slot("s1-0900", SlotType::New, 9, 0, 1)]);
    let taken = vec![appointment("a1", &clinic, "s1-0900", AppointmentStatus::Booked)];
    assert!(SlotBookings::new(&taken).check_slot(&clinic, "s1-0900", SlotType::New).is_err());
    for cancelled in [AppointmentStatus::CancelledByPatient, AppointmentStatus::CancelledByHospital] {
        let freed = vec![appointment("a1", &clinic, "s1-0900", cancelled)];
        assert_eq!(SlotBookings::new(&freed).check_slot(&clinic, "s1-0900", SlotType::New), Ok(1));
    }
    // A did-not-attend still used the place: it is not given back.
    let dna = vec![appointment("a1", &clinic, "s1-0900", AppointmentStatus::DidNotAttend)];
    assert!(SlotBookings::new(&dna).check_slot(&clinic, "s1-0900", SlotType::New).is_err());
}

#[test]
fn an_overbooked_slot_has_no_free_places_rather_than_wrapping() {
    let clinic = session("s1", "con-a", "uro", date(2027, 1, 4), vec![slot("s1-0900", SlotType::New, 9, 0, 1)]);
    let over = vec![
        appointment("a1", &clinic, "s1-0900", AppointmentStatus::Booked),
        appointment("a2", &clinic, "s1-0900", AppointmentStatus::Booked),
    ];
    assert_eq!(SlotBookings::new(&over).free_places(&clinic.slots[0]), 0);
}

#[test]
fn a_slot_refuses_the_wrong_type_a_cancelled_clinic_and_a_removed_slot() {
    let mut clinic = session(
        "s1",
        "con-a",
        "uro",
        date(2027, 1, 4),
        vec![slot("s1-0900", SlotType::New, 9, 0, 1), slot("s1-0915", SlotType::FollowUp, 9, 15, 1)],
    );
    let none: Vec<Appointment> = vec![];
    let bookings = SlotBookings::new(&none);
    let wrong = bookings.check_slot(&clinic, "s1-0915", SlotType::New).unwrap_err();
    assert_eq!(wrong.to_string(), "The 09:15 slot is for Follow-up appointments, not New. Choose a New slot.");

    let missing = bookings.check_slot(&clinic, "s1-1000", SlotType::New).unwrap_err();
    assert!(matches!(missing, SlotUnavailable::NotInClinic { .. }), "{missing:?}");

    clinic.slots.truncate(1);
    clinic.status = SessionStatus::Reduced { reason: "Consultant at the cancer MDT".into() };
    let removed = bookings.check_slot(&clinic, "s1-0915", SlotType::FollowUp).unwrap_err();
    assert_eq!(
        removed.to_string(),
        "This slot was removed when Clinic s1 on 4 Jan 2027 was reduced (Consultant at the cancer MDT). \
         Choose another slot."
    );
    assert_eq!(bookings.check_slot(&clinic, "s1-0900", SlotType::New), Ok(1), "kept slots stay bookable");

    clinic.status = SessionStatus::Cancelled { reason: "Consultant annual leave".into() };
    let cancelled = bookings.check_slot(&clinic, "s1-0900", SlotType::New).unwrap_err();
    assert_eq!(
        cancelled.to_string(),
        "Clinic s1 on 4 Jan 2027 is cancelled (Consultant annual leave). Choose a slot in another clinic."
    );
}

/// Three weeks of urology: consultant A on Mondays, consultant B on Wednesdays; given out of date order.
fn three_weeks() -> Vec<ClinicSession> {
    let mut sessions = Vec::new();
    for week in (0..3u64).rev() {
        let monday = date(2027, 1, 4) + Days::new(week * 7);
        let wednesday = monday + Days::new(2);
        for (id, consultant, on) in [(format!("a{week}"), "con-a", monday), (format!("b{week}"), "con-b", wednesday)] {
            let slots = vec![
                slot(&format!("{id}-1000"), SlotType::New, 10, 0, 1),
                slot(&format!("{id}-0900"), SlotType::New, 9, 0, 1),
                slot(&format!("{id}-0930"), SlotType::FollowUp, 9, 30, 2),
            ];
            sessions.push(session(&id, consultant, "uro", on, slots));
        }
    }
    sessions.push(session("c0", "con-c", "derm", date(2027, 1, 4), vec![slot("c0-0800", SlotType::New, 8, 0, 1)]));
    sessions
}

fn search(slot_type: SlotType, scope: ClinicScope<'_>, earliest: NaiveDate) -> SlotSearch<'_> {
    SlotSearch { slot_type, scope, earliest, latest: None }
}

#[test]
fn next_free_slot_is_the_earliest_by_date_then_time() {
    let sessions = three_weeks();
    let none: Vec<Appointment> = vec![];
    let bookings = SlotBookings::new(&none);
    let found =
        next_free_slot(&sessions, &bookings, &search(SlotType::New, ClinicScope::Specialty("uro"), date(2027, 1, 1)))
            .unwrap();
    assert_eq!(found.slot.id, "a0-0900", "Monday 4 Jan, 09:00 comes before 10:00 and before dermatology");
    assert_eq!(found.free_places, 1);

    let found = next_free_slot(
        &sessions,
        &bookings,
        &search(SlotType::New, ClinicScope::Consultant("con-b"), date(2027, 1, 1)),
    )
    .unwrap();
    assert_eq!(found.slot.id, "b0-0900");

    let found =
        next_free_slot(&sessions, &bookings, &search(SlotType::New, ClinicScope::Specialty("uro"), date(2027, 1, 5)))
            .unwrap();
    assert_eq!(found.slot.id, "b0-0900", "earliest date respected");
}

#[test]
fn next_free_slot_skips_full_slots_cancelled_sessions_and_respects_the_latest_date() {
    let mut sessions = three_weeks();
    let a0 = sessions.iter().find(|s| s.id == "a0").unwrap().clone();
    let booked = vec![
        appointment("x1", &a0, "a0-0900", AppointmentStatus::Booked),
        appointment("x2", &a0, "a0-1000", AppointmentStatus::CancelledByPatient),
    ];
    let bookings = SlotBookings::new(&booked);
    let in_uro = search(SlotType::New, ClinicScope::Specialty("uro"), date(2027, 1, 4));
    assert_eq!(next_free_slot(&sessions, &bookings, &in_uro).unwrap().slot.id, "a0-1000", "cancelled one freed it");

    for session in sessions.iter_mut().filter(|s| s.id == "a0" || s.id == "b0") {
        session.status = SessionStatus::Cancelled { reason: "Leave".into() };
    }
    assert_eq!(next_free_slot(&sessions, &bookings, &in_uro).unwrap().slot.id, "a1-0900", "cancelled never offered");

    let before_week_two = SlotSearch { latest: Some(date(2027, 1, 10)), ..in_uro };
    assert_eq!(next_free_slot(&sessions, &bookings, &before_week_two), None);
    let on_the_monday = SlotSearch { latest: Some(date(2027, 1, 11)), ..in_uro };
    assert_eq!(next_free_slot(&sessions, &bookings, &on_the_monday).unwrap().slot.id, "a1-0900", "latest included");

    let procedure = search(SlotType::Procedure, ClinicScope::Specialty("uro"), date(2027, 1, 1));
    assert_eq!(next_free_slot(&sessions, &bookings, &procedure), None);
}

#[test]
fn a_slot_with_room_for_two_stays_free_after_one_booking() {
    let sessions = three_weeks();
    let a0 = sessions.iter().find(|s| s.id == "a0").unwrap().clone();
    let one = vec![appointment("x1", &a0, "a0-0930", AppointmentStatus::Seen)];
    let bookings = SlotBookings::new(&one);
    let follow_up = search(SlotType::FollowUp, ClinicScope::Consultant("con-a"), date(2027, 1, 1));
    let found = next_free_slot(&sessions, &bookings, &follow_up).unwrap();
    assert_eq!((found.slot.id.as_str(), found.free_places), ("a0-0930", 1));
}

#[test]
fn exactly_21_days_notice_is_reasonable_and_20_is_not_unless_accepted() {
    let policy = BookingPolicy::default();
    let offered = date(2026, 11, 20);

    let exact = assess_offer(&policy, offered, date(2026, 12, 11), false).unwrap();
    assert_eq!((exact.notice_days, exact.notice), (21, OfferNotice::Reasonable));
    assert!(exact.is_reasonable());
    assert_eq!(exact.message, "Reasonable offer: 21 days' notice (at least 21 days needed).");

    let short = assess_offer(&policy, offered, date(2026, 12, 10), false).unwrap();
    assert_eq!((short.notice_days, short.notice), (20, OfferNotice::ShortNotice));
    assert!(!short.is_reasonable());
    assert!(
        short.message.starts_with("Only 20 days' notice: a reasonable offer needs at least 21 days."),
        "{}",
        short.message
    );
    assert!(short.message.contains("Offer a date on or after 11 Dec 2026"), "{}", short.message);

    let accepted = assess_offer(&policy, offered, date(2026, 12, 10), true).unwrap();
    assert_eq!(accepted.notice, OfferNotice::ShortNoticeAccepted);
    assert!(accepted.is_reasonable());

    let same_day = assess_offer(&policy, offered, offered, true).unwrap();
    assert_eq!(same_day.notice_days, 0);
    assert!(same_day.is_reasonable());
}

#[test]
fn notice_follows_the_trust_setting() {
    let tameside = BookingPolicy { reasonable_notice_days: 14, ..BookingPolicy::default() };
    let offered = date(2026, 11, 20);
    assert!(assess_offer(&tameside, offered, date(2026, 12, 4), false).unwrap().is_reasonable());
    assert!(!assess_offer(&tameside, offered, date(2026, 12, 3), false).unwrap().is_reasonable());
}

#[test]
fn an_appointment_before_the_offer_is_refused() {
    let error = assess_offer(&BookingPolicy::default(), date(2026, 11, 20), date(2026, 11, 19), true).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The appointment date (19 Nov 2026) is before the date of the offer (20 Nov 2026). Check both dates."
    );
}

fn declined(policy: &BookingPolicy, id: &str, offered_on: NaiveDate, appointment_on: NaiveDate) -> Offer {
    let mut offer = Offer::new(policy, id, "pw-1", offered_on, appointment_on, false).unwrap();
    offer.declined = true;
    offer
}

#[test]
fn clinical_review_after_two_declined_reasonable_offers_only() {
    let policy = BookingPolicy::default();
    let first = declined(&policy, "o1", date(2026, 11, 2), date(2026, 11, 30));
    assert!(first.reasonable);
    let short = declined(&policy, "o2", date(2026, 12, 1), date(2026, 12, 8));
    assert!(!short.reasonable);

    let review = review_declined_offers(&policy, std::slice::from_ref(&first));
    assert!(!review.clinical_review_needed);
    assert_eq!(review.declined_reasonable.len(), 1);
    assert!(
        review.message.contains("Offer a second date within 6 weeks of the first, by 11 Jan 2027."),
        "{}",
        review.message
    );

    // A declined short-notice offer does not count towards the review.
    let offers = vec![first.clone(), short.clone()];
    let review = review_declined_offers(&policy, &offers);
    assert!(!review.clinical_review_needed, "{}", review.message);
    assert_eq!(review.declined_short_notice, 1);
    assert!(
        review.message.contains("1 declined offer gave too little notice and does not count."),
        "{}",
        review.message
    );

    let second = declined(&policy, "o3", date(2026, 12, 1), date(2026, 12, 22));
    let offers = vec![second, short, first];
    let review = review_declined_offers(&policy, &offers);
    assert!(review.clinical_review_needed);
    assert_eq!(review.declined_reasonable.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), vec!["o1", "o3"]);
    assert!(review
        .message
        .starts_with("2 reasonable offers declined (dates 30 Nov 2026, 22 Dec 2026): clinical review needed."));
    assert!(review.message.contains("Do not discharge the patient"), "{}", review.message);
}

#[test]
fn the_same_date_declined_twice_counts_once() {
    let policy = BookingPolicy::default();
    let first = declined(&policy, "o1", date(2026, 11, 2), date(2026, 11, 30));
    let again = declined(&policy, "o2", date(2026, 11, 3), date(2026, 11, 30));
    let offers = [first, again];
    let review = review_declined_offers(&policy, &offers);
    assert!(!review.clinical_review_needed, "{}", review.message);
    assert_eq!(review.declined_reasonable.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), vec!["o1"]);
}

#[test]
fn urgent_suspected_cancer_is_searched_from_today_and_others_from_reasonable_notice() {
    use pathdesk_core::model::Priority;
    let policy = BookingPolicy::default();
    let today = date(2026, 12, 1);
    assert_eq!(policy.search_from(Priority::UrgentSuspectedCancer, today), today);
    assert_eq!(policy.search_from(Priority::Urgent, today), date(2026, 12, 22));
    assert_eq!(policy.search_from(Priority::Routine, today), date(2026, 12, 22));
    let two_weeks = BookingPolicy { reasonable_notice_days: 14, ..policy };
    assert_eq!(two_weeks.search_from(Priority::Routine, today), date(2026, 12, 15));
}

#[test]
fn offers_not_declined_never_trigger_a_review() {
    let policy = BookingPolicy { declined_offers_before_review: 1, ..BookingPolicy::default() };
    let offer = Offer::new(&policy, "o1", "pw-1", date(2026, 11, 2), date(2026, 11, 30), false).unwrap();
    let offers = [offer.clone(), offer];
    let review = review_declined_offers(&policy, &offers);
    assert!(!review.clinical_review_needed);
    assert_eq!(review.message, "No reasonable offers declined.");
}
