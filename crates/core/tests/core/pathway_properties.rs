//! Property tests over random pathway histories: the invariants the PTL and the booking screens rely on.

use chrono::{Days, NaiveDate};
use pathdesk_core::pathway::{check_new_event, rtt_periods, PathwayClocks, PathwayEvent, RttClockState};
use proptest::prelude::*;
use serde_json::json;

/// Every RTT event kind, with the attribute variations that change what the rules do.
fn kind(selector: u8, flag: bool) -> serde_json::Value {
    match selector % 24 {
        0 => json!({"type": "outpatient_attended", "first": flag}),
        1 => json!({"type": "appointment_dna", "first": flag, "clearly_communicated": true}),
        2 => json!({"type": "appointment_dna", "first": true, "clearly_communicated": flag}),
        3 => json!({"type": "patient_contacts_to_rebook"}),
        4 => json!({"type": "clinician_decides_reoffer"}),
        5 => json!({"type": "appointment_rebooked_by_provider"}),
        6 => json!({"type": "decision_to_admit"}),
        7 => json!({"type": "decision_to_treat", "after_active_monitoring": flag}),
        8 => json!({"type": "decision_to_treat", "substantively_new_treatment": flag}),
        9 => json!({"type": "admitted", "purpose": if flag { "first_definitive_treatment" } else { "diagnostic_only" },
                    "procedure_done": true}),
        10 => json!({"type": "first_definitive_treatment", "setting": "outpatient"}),
        11 => json!({"type": "active_monitoring_start", "initiated_by": if flag { "patient" } else { "clinician" }}),
        12 => json!({"type": "patient_decides_to_proceed"}),
        13 => json!({"type": "decision_not_to_treat", "communicated_to_patient": flag}),
        14 => json!({"type": "patient_declines_all_treatment", "communicated": true}),
        15 => json!({"type": "clinician_reviews_and_discharges_to_gp", "per_published_dna_policy": flag}),
        16 => json!({"type": "patient_cancelled", "first": flag}),
        17 => json!({"type": "tci_offer_declined", "notice_days": 28}),
        18 => json!({"type": "thinking_time_agreed", "days": 21}),
        19 => json!({"type": "fit_and_ready_second_bilateral"}),
        20 => json!({"type": "added_to_transplant_list", "matched_transplant": flag, "communicated_to_patient": true}),
        21 => json!({"type": "referral_received", "source": "gp"}),
        22 => json!({"type": "inter_provider_transfer_sent", "from": "A", "to": "B"}),
        _ => json!({"type": "hospital_informed_of_death"}),
    }
}

fn history(start_offset: u64, steps: &[(u64, u8, bool)]) -> Vec<PathwayEvent> {
    let mut date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(start_offset);
    let mut events = vec![event(date, json!({"type": "referral_received", "source": "gp"}))];
    for (gap, selector, flag) in steps {
        date = date + Days::new(*gap);
        events.push(event(date, kind(*selector, *flag)));
    }
    events
}

fn event(date: NaiveDate, mut value: serde_json::Value) -> PathwayEvent {
    value["date"] = json!(date.to_string());
    serde_json::from_value(value).expect("test event parses")
}

fn steps() -> impl Strategy<Value = Vec<(u64, u8, bool)>> {
    prop::collection::vec((0u64..60, any::<u8>(), any::<bool>()), 0..12)
}

proptest! {
    #[test]
    fn running_clocks_breach_on_day_127_and_count_days_from_the_start(
        start in 0u64..700, steps in steps(), census_after in 0u64..800,
    ) {
        let events = history(start, &steps);
        let as_of = events.last().unwrap().date().unwrap() + Days::new(census_after);
        let clocks = PathwayClocks::compute(&events, false, as_of);
        if clocks.rtt.running() {
            let start = clocks.rtt.start().unwrap();
            prop_assert_eq!(clocks.rtt.breach_date(), Some(start + Days::new(127)));
            prop_assert_eq!(clocks.rtt.deadline_18w(), Some(start + Days::new(126)));
            prop_assert_eq!(clocks.rtt.days(), Some((as_of - start).num_days()));
            prop_assert_eq!(clocks.rtt.within_18_weeks(), Some((as_of - start).num_days() <= 126));
        }
    }

    #[test]
    fn a_nullified_period_is_never_the_current_clock(start in 0u64..700, steps in steps()) {
        let events = history(start, &steps);
        let as_of = events.last().unwrap().date().unwrap();
        let clocks = PathwayClocks::compute(&events, false, as_of);
        prop_assert!(clocks.rtt.current.is_none_or(|p| !p.nullified));
        let (periods, _) = rtt_periods(&events);
        let latest_nullified = periods.last().is_some_and(|p| p.nullified);
        prop_assert_eq!(latest_nullified, clocks.rtt.state == RttClockState::Nullified);
        if latest_nullified {
            prop_assert!(clocks.rtt.wait.is_none() && clocks.rtt.days().is_none());
        }
    }

    #[test]
    fn rtt_periods_follow_one_another_and_never_overlap(start in 0u64..700, steps in steps()) {
        let events = history(start, &steps);
        let (periods, _) = rtt_periods(&events);
        for pair in periods.windows(2) {
            let stop = pair[0].stop.expect("only the latest period may still be running");
            prop_assert!(pair[0].start <= stop.date);
            prop_assert!(stop.date <= pair[1].start || pair[0].nullified);
        }
    }

    #[test]
    fn events_out_of_order_are_refused_with_a_reason(
        start in 0u64..700, steps in steps(), back in 1u64..400, selector in any::<u8>(), flag in any::<bool>(),
    ) {
        let events = history(start, &steps);
        let last = events.last().unwrap().date().unwrap();
        let new = event(last - Days::new(back), kind(selector, flag));
        let today = last + Days::new(30);
        let refusal = check_new_event(&events, &new, today).unwrap_err();
        prop_assert!(refusal.contains("before the last event on this pathway"), "{}", refusal);
    }

    #[test]
    fn future_events_are_refused(start in 0u64..700, steps in steps(), ahead in 1u64..60, selector in any::<u8>()) {
        let events = history(start, &steps);
        let today = events.last().unwrap().date().unwrap();
        let new = event(today + Days::new(ahead), kind(selector, true));
        let refusal = check_new_event(&events, &new, today).unwrap_err();
        prop_assert!(refusal.contains("after today"), "{}", refusal);
    }

    #[test]
    fn cancer_clocks_measure_end_minus_start_minus_adjustments(start in 0u64..700, gaps in prop::collection::vec(0u64..40, 3)) {
        let mut date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(start);
        let mut events = vec![event(date, json!({"type": "referral_received", "route": "urgent_suspected_cancer"}))];
        for (gap, kind) in gaps.iter().zip([
            json!({"type": "first_seen"}),
            json!({"type": "decision_to_treat"}),
            json!({"type": "first_definitive_treatment"}),
        ]) {
            date = date + Days::new(*gap);
            events.push(event(date, kind));
        }
        let clocks = PathwayClocks::compute(&events, true, date);
        for clock in clocks.cancer_clocks() {
            let end = clock.end.unwrap_or(date);
            prop_assert_eq!(clock.days, (end - clock.start).num_days() - clock.adjustment_days());
            prop_assert_eq!(clock.within_standard, clock.days <= clock.standard.days());
            prop_assert_eq!(clock.deadline, clock.start + Days::new((clock.adjustment_days() + clock.standard.days()) as u64));
        }
    }
}

/// Cancer and RTT events mixed, as an oncology pathway's log has them.
fn cancer_kind(selector: u8, flag: bool) -> serde_json::Value {
    match selector % 10 {
        0 => json!({"type": "first_seen"}),
        1 => {
            json!({"type": "outcome_communicated", "outcome": if flag { "cancer_diagnosed" } else { "cancer_ruled_out" }})
        }
        2 => json!({"type": "decision_to_treat", "treatment_stage": if flag { "first" } else { "subsequent" }}),
        3 => json!({"type": "first_definitive_treatment", "setting": if flag { "admitted" } else { "outpatient" }}),
        4 => json!({"type": "consultant_upgrade"}),
        5 => json!({"type": "earliest_clinically_appropriate_date_set", "ecad": "2024-06-01"}),
        6 => json!({"type": "appointment_dna", "first": true, "clearly_communicated": flag}),
        7 => json!({"type": "patient_contacts_to_rebook"}),
        8 => json!({"type": "treatment_start", "treatment_stage": "subsequent"}),
        _ => json!({"type": "outpatient_attended", "first": flag}),
    }
}

proptest! {
    /// Booking relies on this: the next deadline is the earliest of the running clocks' deadlines, every running
    /// clock is listed once, and a stopped or ended clock never is.
    #[test]
    fn the_next_deadline_is_never_later_than_any_running_clock(
        start in 0u64..700, urgent in any::<bool>(), steps in prop::collection::vec((0u64..40, any::<u8>(), any::<bool>()), 0..10),
        census_after in 0u64..200,
    ) {
        let mut date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(start);
        let route = if urgent { "urgent_suspected_cancer" } else { "routine" };
        let mut events = vec![event(date, json!({"type": "referral_received", "source": "gp", "route": route}))];
        for (gap, selector, flag) in &steps {
            date = date + Days::new(*gap);
            events.push(event(date, cancer_kind(*selector, *flag)));
        }
        let as_of = date + Days::new(census_after);
        let clocks = PathwayClocks::compute(&events, true, as_of);
        let deadlines = clocks.deadlines();
        let running_cancer = clocks.cancer_clocks().filter(|c| !c.ended()).count();
        let running_rtt = usize::from(clocks.rtt.state == RttClockState::Running);
        prop_assert_eq!(deadlines.len(), running_cancer + running_rtt);
        match clocks.next_deadline() {
            Some(next) => {
                for deadline in &deadlines {
                    prop_assert!(next.date <= deadline.date, "{:?} after {:?}", next, deadline);
                }
                for clock in clocks.cancer_clocks().filter(|c| !c.ended()) {
                    prop_assert!(next.date <= clock.deadline);
                }
                if clocks.rtt.state == RttClockState::Running {
                    prop_assert!(next.date <= clocks.rtt.deadline_18w().unwrap());
                }
            }
            None => prop_assert!(deadlines.is_empty()),
        }
    }
}
