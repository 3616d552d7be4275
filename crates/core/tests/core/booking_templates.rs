//! Clinic templates: validation, the version compare-and-set, and generating dated sessions.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate, NaiveTime};
use pathdesk_core::booking::{
    apply_template_edit, check_template_version, generate_sessions, session_id, slot_id, validate_template,
    GenerateError, TemplateEditError, TemplateProblem,
};
use pathdesk_core::command::{Rejection, RejectionCode};
use pathdesk_core::model::{ClinicTemplate, SessionStatus, SlotType, TemplateSlot, Weekday};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn line(slot_type: SlotType, h: u32, m: u32, minutes: u32, capacity: u32) -> TemplateSlot {
    TemplateSlot { slot_type, start: time(h, m), minutes, capacity }
}

/// Monday morning urology: 09:00-12:00, three new, two follow-up (one seeing two patients), one procedure.
fn monday_urology() -> ClinicTemplate {
    ClinicTemplate {
        id: "tpl-uro-mon-am".into(),
        consultant_id: "con-okafor".into(),
        specialty_id: "spec-uro".into(),
        name: "Urology (Ms Okafor) Monday AM".into(),
        weekday: Weekday::Monday,
        start: time(9, 0),
        end: time(12, 0),
        location: "Outpatients B, room 4".into(),
        slots: vec![
            line(SlotType::FollowUp, 10, 30, 15, 2),
            line(SlotType::New, 9, 0, 30, 1),
            line(SlotType::New, 9, 30, 30, 1),
            line(SlotType::New, 10, 0, 30, 1),
            line(SlotType::FollowUp, 10, 45, 15, 1),
            line(SlotType::Procedure, 11, 0, 60, 1),
        ],
        version: 3,
    }
}

fn problems(template: &ClinicTemplate) -> Vec<TemplateProblem> {
    validate_template(template).err().map(|problems| problems.0).unwrap_or_default()
}

#[test]
fn a_well_formed_template_is_valid() {
    assert_eq!(validate_template(&monday_urology()), Ok(()));
}

#[test]
fn a_slot_may_end_exactly_when_the_clinic_ends_and_the_next_may_start_when_the_last_ends() {
    // 11:00 + 60 minutes = 12:00 = clinic end; 09:30 starts as 09:00 (30 min) ends: both fine (checked above),
    // and a minute more is not.
    let mut template = monday_urology();
    template.slots[5].minutes = 61;
    assert_eq!(
        problems(&template),
        vec![TemplateProblem::EndsAfterClinic { slot_start: time(11, 0), minutes: 61, clinic_end: time(12, 0) }]
    );
}

#[test]
fn clinic_must_end_after_it_starts() {
    let mut template = monday_urology();
    template.end = time(9, 0);
    let found = problems(&template);
    assert!(found.contains(&TemplateProblem::EndNotAfterStart { start: time(9, 0), end: time(9, 0) }));
    let message = validate_template(&template).unwrap_err().to_string();
    assert!(message.starts_with("The clinic ends at 09:00, which is not after it starts at 09:00."), "{message}");
}

#[test]
fn empty_template_zero_minutes_and_zero_capacity_are_refused() {
    let mut template = monday_urology();
    template.slots.clear();
    assert_eq!(problems(&template), vec![TemplateProblem::NoSlots]);

    let mut template = monday_urology();
    template.slots[1].minutes = 0;
    template.slots[2].capacity = 0;
    let found = problems(&template);
    assert!(found.contains(&TemplateProblem::ZeroMinutes { start: time(9, 0) }), "{found:?}");
    assert!(found.contains(&TemplateProblem::ZeroCapacity { start: time(9, 30) }), "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn slots_outside_the_clinic_are_refused() {
    let mut template = monday_urology();
    template.slots.push(line(SlotType::New, 8, 30, 30, 1));
    template.slots.push(line(SlotType::FollowUp, 12, 0, 15, 1));
    let found = problems(&template);
    assert_eq!(
        found,
        vec![
            TemplateProblem::StartsBeforeClinic { slot_start: time(8, 30), clinic_start: time(9, 0) },
            TemplateProblem::EndsAfterClinic { slot_start: time(12, 0), minutes: 15, clinic_end: time(12, 0) },
        ]
    );
}

#[test]
fn a_slot_running_past_midnight_does_not_wrap_round() {
    let mut template = monday_urology();
    template.start = time(18, 0);
    template.end = time(23, 30);
    template.slots = vec![line(SlotType::New, 23, 0, 90, 1)];
    assert_eq!(
        problems(&template),
        vec![TemplateProblem::EndsAfterClinic { slot_start: time(23, 0), minutes: 90, clinic_end: time(23, 30) }]
    );
}

#[test]
fn overlapping_slots_are_refused_even_when_not_next_to_each_other() {
    let mut template = monday_urology();
    // A 09:00 new slot of 90 minutes covers 09:30 and 10:00.
    template.slots[1].minutes = 90;
    let found = problems(&template);
    assert_eq!(
        found,
        vec![
            TemplateProblem::Overlap { earlier_start: time(9, 0), earlier_minutes: 90, later_start: time(9, 30) },
            TemplateProblem::Overlap { earlier_start: time(9, 0), earlier_minutes: 90, later_start: time(10, 0) },
        ]
    );
    let message = found[0].to_string();
    assert_eq!(message, "The 09:30 slot overlaps the 09:00 slot, which runs for 90 minutes. Move one of them.");
}

#[test]
fn two_slots_at_the_same_time_overlap() {
    let mut template = monday_urology();
    template.slots.push(line(SlotType::FollowUp, 9, 0, 15, 1));
    assert_eq!(problems(&template).len(), 1);
}

#[test]
fn version_compare_and_set_says_what_happened_and_what_to_do() {
    assert_eq!(check_template_version(4, 4), Ok(()));
    let changed = check_template_version(5, 4).unwrap_err();
    assert_eq!(
        changed.to_string(),
        "This template was changed since you opened it (version 5, you had 4). Reload it and make your change again."
    );
    let rejection: Rejection = changed.into();
    assert_eq!(rejection.code, RejectionCode::Conflict);
}

#[test]
fn template_edit_bumps_the_version_only_over_the_version_opened() {
    let current = monday_urology();
    let mut edited = current.clone();
    edited.location = "Outpatients C, room 1".into();
    let saved = apply_template_edit(&current, &edited, 3).unwrap();
    assert_eq!(saved.version, 4);
    assert_eq!(saved.location, "Outpatients C, room 1");

    // Someone else saved version 4 meanwhile: this person's edit of version 3 is refused.
    let error = apply_template_edit(&saved, &edited, 3).unwrap_err();
    assert!(matches!(error, TemplateEditError::Changed(_)), "{error:?}");

    let mut broken = saved.clone();
    broken.slots[0].capacity = 0;
    let error = apply_template_edit(&saved, &broken, 4).unwrap_err();
    assert!(matches!(error, TemplateEditError::Invalid(_)), "{error:?}");
    assert_eq!(Rejection::from(error).code, RejectionCode::Invalid);
}

#[test]
fn sessions_fall_on_the_template_weekday_skipping_non_working_days() {
    let template = monday_urology();
    // Thu 17 Dec 2026 to Wed 13 Jan 2027: Mondays 21 Dec, 28 Dec (bank holiday), 4 Jan, 11 Jan.
    let holidays: HashSet<NaiveDate> = [date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)].into();
    let generated = generate_sessions(&template, date(2026, 12, 17), date(2027, 1, 13), &holidays).unwrap();
    let dates: Vec<NaiveDate> = generated.sessions.iter().map(|s| s.date).collect();
    assert_eq!(dates, vec![date(2026, 12, 21), date(2027, 1, 4), date(2027, 1, 11)]);
    assert_eq!(generated.skipped, vec![date(2026, 12, 28)]);
    for session in &generated.sessions {
        assert_eq!(session.date.weekday(), chrono::Weekday::Mon);
        assert_eq!(session.status, SessionStatus::Scheduled);
        assert_eq!(session.template_id.as_deref(), Some("tpl-uro-mon-am"));
        assert_eq!(session.consultant_id, "con-okafor");
        assert_eq!(session.slots.len(), 6);
        let starts: Vec<NaiveTime> = session.slots.iter().map(|slot| slot.start).collect();
        let mut sorted = starts.clone();
        sorted.sort();
        assert_eq!(starts, sorted, "slots in time order");
    }
    let first = &generated.sessions[0];
    assert_eq!(first.slots[0].slot_type, SlotType::New);
    assert_eq!(first.slots[3].capacity, 2, "the 10:30 follow-up sees two");
}

#[test]
fn generating_twice_gives_the_same_ids() {
    let template = monday_urology();
    let none = HashSet::new();
    let a = generate_sessions(&template, date(2027, 1, 4), date(2027, 1, 4), &none).unwrap();
    let b = generate_sessions(&template, date(2027, 1, 1), date(2027, 1, 10), &none).unwrap();
    assert_eq!(a.sessions, b.sessions);
    let session = &a.sessions[0];
    assert_eq!(session.id, session_id("tpl-uro-mon-am", date(2027, 1, 4)));
    assert_eq!(session.id, "ses-tpl-uro-mon-am-2027-01-04");
    assert_eq!(session.slots[0].id, slot_id("tpl-uro-mon-am", date(2027, 1, 4), time(9, 0)));
    assert_eq!(session.slots[0].id, "slot-tpl-uro-mon-am-2027-01-04-0900");
    let ids: HashSet<&str> = session.slots.iter().map(|slot| slot.id.as_str()).collect();
    assert_eq!(ids.len(), session.slots.len(), "slot ids unique within the session");
}

#[test]
fn a_range_with_no_template_weekday_makes_no_sessions() {
    let generated = generate_sessions(&monday_urology(), date(2027, 1, 5), date(2027, 1, 10), &HashSet::new()).unwrap();
    assert!(generated.sessions.is_empty());
}

#[test]
fn generation_refuses_bad_ranges_and_invalid_templates() {
    let template = monday_urology();
    let none = HashSet::new();
    let error = generate_sessions(&template, date(2027, 1, 10), date(2027, 1, 4), &none).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The last date (4 Jan 2027) is before the first date (10 Jan 2027). Choose a last date on or after the first date."
    );
    assert!(matches!(
        generate_sessions(&template, date(2027, 1, 1), date(2030, 1, 1), &none),
        Err(GenerateError::RangeTooLong { .. })
    ));
    let mut broken = template.clone();
    broken.slots[0].minutes = 0;
    let error = generate_sessions(&broken, date(2027, 1, 1), date(2027, 2, 1), &none).unwrap_err();
    assert!(matches!(error, GenerateError::Template(_)));
    assert!(error.to_string().contains("0 minutes long"), "{error}");
}

#[test]
fn clinics_are_kept_26_weeks_ahead_skipping_bank_holidays_leave_and_what_exists() {
    use pathdesk_core::booking::horizon::sessions_to_make;
    use std::collections::HashSet;
    let today = date(2026, 12, 7);
    let made = sessions_to_make(&[monday_urology()], &HashSet::new(), &[], today, 26);
    let dates: Vec<NaiveDate> = made.iter().map(|s| s.date).collect();
    // Every Monday from 7 Dec 2026 to 7 Jun 2027 (27) but the bank holidays 28 Dec, 29 Mar, 3 May and 31 May.
    assert_eq!(dates.len(), 23, "{dates:?}");
    assert_eq!((dates[0], *dates.last().unwrap()), (today, date(2027, 6, 7)));
    for holiday in [date(2026, 12, 28), date(2027, 3, 29), date(2027, 5, 3), date(2027, 5, 31)] {
        assert!(!dates.contains(&holiday), "{holiday} is a bank holiday");
    }
    // Made again: nothing new (a session that exists may have been booked, reduced or cancelled: it is kept).
    let existing: HashSet<String> = made.iter().map(|s| s.id.clone()).collect();
    assert!(sessions_to_make(&[monday_urology()], &existing, &[], today, 26).is_empty());
    // A longer horizon makes only the weeks beyond.
    let more = sessions_to_make(&[monday_urology()], &existing, &[], today, 30);
    assert_eq!(
        more.iter().map(|s| s.date).collect::<Vec<_>>(),
        [date(2027, 6, 14), date(2027, 6, 21), date(2027, 6, 28), date(2027, 7, 5)]
    );
    // The consultant's recorded leave: no clinic made in it.
    let away = pathdesk_core::booking::Leave {
        id: "l1".into(),
        consultant_id: "con-okafor".into(),
        from: date(2027, 1, 4),
        to: date(2027, 1, 15),
        reason: "Annual leave".into(),
        recorded_on: date(2026, 11, 1),
    };
    let with_leave = sessions_to_make(&[monday_urology()], &HashSet::new(), std::slice::from_ref(&away), today, 26);
    assert_eq!(with_leave.len(), 21);
    assert!(with_leave.iter().all(|s| !away.covers(&s.consultant_id, s.date)));
}
