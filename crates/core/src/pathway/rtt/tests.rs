//! One test (or more) per RTT rule, through the tracker.

use super::*;
use crate::pathway::rtt_periods;

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn ev(date: &str, mut json: serde_json::Value) -> PathwayEvent {
    json["date"] = serde_json::Value::String(date.to_string());
    serde_json::from_value(json).unwrap()
}

fn gp(date: &str) -> PathwayEvent {
    ev(date, serde_json::json!({"type": "referral_received", "source": "gp"}))
}

fn latest(events: &[PathwayEvent]) -> RttPeriod {
    *rtt_periods(events).0.last().expect("a period")
}

#[test]
fn clearly_communicated_first_dna_nullifies_and_rebooking_starts_afresh() {
    let events = vec![
        gp("2025-03-03"),
        ev("2025-04-07", serde_json::json!({"type": "appointment_dna", "first": true, "clearly_communicated": true})),
    ];
    let nullified = latest(&events);
    assert!(nullified.nullified);
    assert_eq!(
        nullified.stop.map(|s| (s.date, s.status)),
        Some((d("2025-04-07"), RttStatus::DidNotAttendFirstActivity))
    );
    let mut rebooked = events.clone();
    rebooked.push(ev("2025-04-22", serde_json::json!({"type": "patient_contacts_to_rebook"})));
    let (periods, _) = rtt_periods(&rebooked);
    assert_eq!(periods.len(), 2);
    assert_eq!((periods[1].start, periods[1].start_reason), (d("2025-04-22"), ClockStartReason::PatientRebooked));
    assert!(periods[1].is_running() && !periods[1].nullified);
}

#[test]
fn first_dna_without_proof_of_communication_keeps_the_clock() {
    let events =
        vec![gp("2025-03-03"), ev("2025-04-07", serde_json::json!({"type": "appointment_dna", "first": true}))];
    let (periods, notes) = rtt_periods(&events);
    assert_eq!(periods.len(), 1);
    assert!(periods[0].is_running());
    assert!(notes.contains(RttNote::FirstDnaNotClearlyCommunicated));
}

#[test]
fn later_dna_discharge_stops_on_the_dna_date_and_keeps_the_discharge_date() {
    let events = vec![
        gp("2025-03-03"),
        ev("2025-03-24", serde_json::json!({"type": "outpatient_attended", "first": true})),
        ev("2025-05-19", serde_json::json!({"type": "appointment_dna", "clearly_communicated": true})),
        ev(
            "2025-05-27",
            serde_json::json!({"type": "clinician_reviews_and_discharges_to_gp",
            "per_published_dna_policy": true}),
        ),
    ];
    let stop = latest(&events).stop.unwrap();
    assert_eq!(
        (stop.date, stop.dna_on, stop.discharged_on),
        (d("2025-05-19"), Some(d("2025-05-19")), Some(d("2025-05-27")))
    );
    assert_eq!(stop.status, policy::DNA_DISCHARGE_STATUS);
}

#[test]
fn active_monitoring_stops_and_a_decision_to_treat_starts_a_new_clock_at_zero() {
    let events = vec![
        gp("2025-01-13"),
        ev("2025-02-10", serde_json::json!({"type": "active_monitoring_start", "initiated_by": "clinician"})),
        ev("2025-05-12", serde_json::json!({"type": "outpatient_attended"})),
        ev("2025-11-17", serde_json::json!({"type": "decision_to_treat", "after_active_monitoring": true})),
    ];
    let (periods, _) = rtt_periods(&events);
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0].stop.unwrap().status, RttStatus::ActiveMonitoringByClinician);
    assert_eq!(periods[1].start, d("2025-11-17"));
    assert_eq!(periods[1].first_activity, Some(RttStatus::FirstActivityAfterActiveMonitoring));
    // A DNA on the new clock is not a first-appointment DNA unless recorded so: the clock keeps running.
    let mut with_dna = events.clone();
    with_dna.push(ev("2025-12-01", serde_json::json!({"type": "appointment_dna", "clearly_communicated": true})));
    assert!(latest(&with_dna).is_running());
}

#[test]
fn transfer_in_keeps_the_original_start() {
    let events = vec![
        ev("2025-01-02", serde_json::json!({"type": "referral_received", "source": "gp", "provider": "A"})),
        ev(
            "2025-01-27",
            serde_json::json!({"type": "inter_provider_transfer_sent", "from": "A", "to": "B",
            "iptamds_rtt_start": "2025-01-02"}),
        ),
        ev("2025-01-28", serde_json::json!({"type": "referral_received", "source": "inter_provider_transfer"})),
    ];
    assert_eq!(latest(&events).start, d("2025-01-02"));
    // Seen from the receiving provider alone, the IPT minimum data set's start is used.
    let at_b = vec![ev(
        "2025-01-28",
        serde_json::json!({"type": "referral_received",
        "source": "inter_provider_transfer", "iptamds_rtt_start": "2025-01-02"}),
    )];
    assert_eq!(latest(&at_b).start, d("2025-01-02"));
}

#[test]
fn admissions_stop_the_clock_only_when_they_treat() {
    let admitted = |json| vec![gp("2025-01-06"), ev("2025-02-10", json)];
    for not_treating in [
        serde_json::json!({"type": "admitted", "purpose": "diagnostic_only"}),
        serde_json::json!({"type": "admitted", "purpose": "first_definitive_treatment", "procedure_done": false}),
        serde_json::json!({"type": "admitted", "purpose": "first_definitive_treatment", "cancelled_by": "provider"}),
    ] {
        assert!(latest(&admitted(not_treating)).is_running());
    }
    let treated = latest(&admitted(serde_json::json!({"type": "admitted", "purpose": "first_definitive_treatment"})));
    assert_eq!(treated.stop.map(|s| (s.date, s.status)), Some((d("2025-02-10"), RttStatus::FirstDefinitiveTreatment)));
}

#[test]
fn non_treatment_stops_carry_their_status() {
    for (json, status) in [
        (serde_json::json!({"type": "decision_not_to_treat"}), RttStatus::DecisionNotToTreat),
        (serde_json::json!({"type": "patient_declines_all_treatment"}), RttStatus::PatientDeclinedTreatment),
        (serde_json::json!({"type": "patient_died"}), RttStatus::PatientDied),
        (
            serde_json::json!({"type": "added_to_transplant_list", "matched_transplant": true}),
            RttStatus::DecisionNotToTreat,
        ),
        (
            serde_json::json!({"type": "active_monitoring_start", "initiated_by": "patient"}),
            RttStatus::ActiveMonitoringByPatient,
        ),
    ] {
        let period = latest(&[gp("2025-01-06"), ev("2025-02-10", json.clone())]);
        assert_eq!(period.stop.map(|s| (s.date, s.status)), Some((d("2025-02-10"), status)), "{json}");
    }
}

#[test]
fn cancellations_declines_and_thinking_time_never_stop_or_pause() {
    let events = vec![
        gp("2025-01-06"),
        ev("2025-01-20", serde_json::json!({"type": "patient_cancelled", "first": true})),
        ev("2025-02-20", serde_json::json!({"type": "tci_offer_declined", "notice_days": 28})),
        ev("2025-03-01", serde_json::json!({"type": "tci_offer_declined", "notice_days": 30})),
        ev("2025-03-02", serde_json::json!({"type": "thinking_time_agreed", "days": 21})),
    ];
    let (periods, notes) = rtt_periods(&events);
    assert_eq!(periods.len(), 1);
    assert!(periods[0].is_running() && periods[0].start == d("2025-01-06"));
    assert!(notes.contains(RttNote::TwoDeclinedReasonableOffers));
    assert!(notes.contains(RttNote::ThinkingTimeNeedsConversation));
}
