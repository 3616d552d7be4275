//! Can this event be added to this pathway's log? Refuses what cannot be true (a future date, a date before the
//! last event) and what makes no sense in the pathway's current state, saying what is wrong and what to do.

use chrono::NaiveDate;

use super::event::{AdmissionPurpose, EventKind, PathwayEvent, ReferralSource, TreatmentStage};
use super::rtt::{RttStatus, RttTracker};
use crate::calendar::uk_date;

/// Checks that `new` can be appended to `existing` (in date order) on `today`.
pub fn check_new_event(existing: &[PathwayEvent], new: &PathwayEvent, today: NaiveDate) -> Result<(), String> {
    let what = new.label();
    let Some(date) = new.date() else {
        return Err(format!("{what}: enter the date it happened."));
    };
    if date > today {
        return Err(format!(
            "{what} is dated {}, which is after today ({}). Record events on or after the day they happen.",
            uk_date(date),
            uk_date(today)
        ));
    }
    if let Some(last) = existing.iter().rev().find_map(PathwayEvent::date) {
        if date < last {
            return Err(format!(
                "{what} is dated {}, before the last event on this pathway ({}). Events are recorded in order: \
                 check the date, or ask a pathway validator to correct the earlier event.",
                uk_date(date),
                uk_date(last)
            ));
        }
    }
    let mut tracker = RttTracker::new();
    let mut cancer = CancerState::default();
    for event in existing {
        tracker.apply(event);
        cancer.apply(event);
    }
    check_state(&tracker, &cancer, new, &what)
}

/// What has already happened on the cancer side, for refusing repeats.
#[derive(Default)]
struct CancerState {
    first_seen: Option<NaiveDate>,
    outcome: Option<NaiveDate>,
    upgraded: Option<NaiveDate>,
    first_treatment: Option<NaiveDate>,
    died: Option<NaiveDate>,
}

impl CancerState {
    fn apply(&mut self, event: &PathwayEvent) {
        let Some(date) = event.date else { return };
        match &event.kind {
            EventKind::FirstSeen {} => self.first_seen = self.first_seen.or(Some(date)),
            EventKind::OutcomeCommunicated { .. } => self.outcome = self.outcome.or(Some(date)),
            EventKind::ConsultantUpgrade {} => self.upgraded = self.upgraded.or(Some(date)),
            EventKind::FirstDefinitiveTreatment(_) => self.first_treatment = self.first_treatment.or(Some(date)),
            EventKind::TreatmentStart(t) if t.treatment_stage != Some(TreatmentStage::Subsequent) => {
                self.first_treatment = self.first_treatment.or(Some(date))
            }
            EventKind::PatientDied {} | EventKind::HospitalInformedOfDeath {} => self.died = self.died.or(Some(date)),
            _ => {}
        }
    }
}

fn check_state(tracker: &RttTracker, cancer: &CancerState, new: &PathwayEvent, what: &str) -> Result<(), String> {
    use EventKind::*;
    let refuse = |reason: String| Err(format!("{what} cannot be recorded: {reason}"));
    let running = tracker.running().is_some();
    let latest = tracker.current();
    let stop = latest.and_then(|p| p.stop);
    let referred = tracker.referral_received_on().is_some() || latest.is_some();
    let on_active_monitoring = !running
        && stop.is_some_and(|s| {
            matches!(s.status, RttStatus::ActiveMonitoringByPatient | RttStatus::ActiveMonitoringByClinician)
        });

    if let Some(died) = cancer.died.or(tracker.died_on()) {
        if !matches!(new.kind, HospitalInformedOfDeath {}) {
            return refuse(format!("the patient died ({}). No further pathway events can follow.", uk_date(died)));
        }
    }
    let stopped_reason = || match stop {
        Some(stop) => format!(
            "the waiting time clock stopped on {} ({}).",
            uk_date(stop.date),
            stop.status.meaning().to_lowercase()
        ),
        None => "no waiting time clock is running.".to_string(),
    };

    match &new.kind {
        ReferralReceived(referral) => {
            let onward = matches!(
                referral.source,
                Some(ReferralSource::InterfaceService | ReferralSource::InterProviderTransfer)
            );
            if let Some(first) = tracker.referral_received_on().filter(|_| !onward) {
                return refuse(format!(
                    "this pathway already has a referral received on {}. A new referral for another condition, \
                     or a re-referral after the clock stopped, is a new pathway: add it from the patient's record.",
                    uk_date(first)
                ));
            }
            Ok(())
        }
        ErsReferralCreated { .. } | UbrnConverted {} if referred && latest.is_some() => {
            refuse("the referral has already been received and its clock started.".to_string())
        }
        ErsReferralCreated { .. } | UbrnConverted {} => Ok(()),
        ClinicAttended {}
        | RequestReceived {}
        | Triaged { .. }
        | PatientCancelled { .. }
        | ThinkingTimeAgreed { .. } => Ok(()),
        _ if !referred => {
            refuse("no referral has been recorded on this pathway yet. Record the referral first.".into())
        }
        AppointmentDna { first: Some(true), .. } | OutpatientAttended { first: Some(true) }
            if tracker.attended_in_period() =>
        {
            refuse(
                "the patient has already attended a first appointment on this waiting time. Record it as a \
                 follow-up (not first) appointment."
                    .to_string(),
            )
        }
        FirstSeen {} if cancer.first_seen.is_some() => {
            refuse(format!("the patient was already first seen on {}.", uk_date(cancer.first_seen.unwrap_or_default())))
        }
        OutcomeCommunicated { .. } if cancer.outcome.is_some() => refuse(format!(
            "a diagnosis outcome was already told to the patient on {}. Record a correction with a pathway validator.",
            uk_date(cancer.outcome.unwrap_or_default())
        )),
        ConsultantUpgrade {} if cancer.upgraded.is_some() => refuse("the pathway was already upgraded.".to_string()),
        FirstDefinitiveTreatment(_) if cancer.first_treatment.is_some() || !running => refuse(format!(
            "{} For a later treatment record \"treatment started\" (subsequent); for a substantively new \
             treatment, first record the decision to treat marked as substantively new.",
            match cancer.first_treatment {
                Some(on) => format!("first definitive treatment was already recorded on {}.", uk_date(on)),
                None => stopped_reason(),
            }
        )),
        TreatmentStart(started)
            if started.treatment_stage != Some(TreatmentStage::Subsequent) && cancer.first_treatment.is_some() =>
        {
            refuse(format!(
                "first treatment was already recorded on {}. Mark this treatment as subsequent.",
                uk_date(cancer.first_treatment.unwrap_or_default())
            ))
        }
        // Follow-up appointments, admissions for tests and later treatment decisions still happen after the
        // clock stops (outside RTT); what only makes sense on a running clock is refused.
        Admitted(_) if !running && is_treatment_admission(&new.kind) => refuse(format!(
            "{} Start a new clock first if there is one (decision to treat after active monitoring, a \
             substantively new treatment).",
            stopped_reason()
        )),
        AppointmentDna { first: Some(true), .. }
        | ActiveMonitoringStart(_)
        | DecisionNotToTreat { .. }
        | PatientDeclinesAllTreatment { .. }
        | AddedToTransplantList { .. }
        | ClinicianReviewsAndDischargesToGp { .. }
        | InterProviderTransferSent(_)
            if !running =>
        {
            refuse(format!(
                "{} Start a new clock first if there is one (decision to treat after active monitoring, a \
                 substantively new treatment, the patient rebooking after a DNA).",
                stopped_reason()
            ))
        }
        DecisionToTreat(decision) if decision.after_active_monitoring == Some(true) && !on_active_monitoring => refuse(
            "the patient is not on active monitoring. Record an ordinary decision to treat (not \"after active \
                 monitoring\")."
                .into(),
        ),
        PatientContactsToRebook {} | ClinicianDecidesReoffer {} if !latest.is_some_and(|p| p.nullified) && !running => {
            refuse(stopped_reason())
        }
        FitAndReadySecondBilateral {} if running => refuse(
            "the clock for the first side is still running. The second side's clock starts only after the first \
             side has been treated."
                .to_string(),
        ),
        PatientDied {} if cancer.died.is_some() => refuse("the death is already recorded.".to_string()),
        _ => Ok(()),
    }
}

fn is_treatment_admission(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Admitted(a) if a.purpose == Some(AdmissionPurpose::FirstDefinitiveTreatment))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(json: &str) -> PathwayEvent {
        serde_json::from_str(json).unwrap()
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn referral() -> PathwayEvent {
        ev(r#"{"date":"2025-01-06","type":"referral_received","source":"gp"}"#)
    }

    #[test]
    fn refuses_future_dates_and_dates_before_the_last_event() {
        let today = d("2025-02-01");
        let err = check_new_event(&[], &ev(r#"{"date":"2025-02-02","type":"referral_received"}"#), today);
        assert!(err.unwrap_err().contains("after today (1 Feb 2025)"));
        let err = check_new_event(&[referral()], &ev(r#"{"date":"2025-01-05","type":"first_seen"}"#), today);
        assert!(err.unwrap_err().contains("before the last event on this pathway (6 Jan 2025)"));
        assert!(check_new_event(&[referral()], &ev(r#"{"date":"2025-01-06","type":"first_seen"}"#), today).is_ok());
    }

    #[test]
    fn refuses_a_second_referral_but_not_a_transfer_in() {
        let today = d("2025-03-01");
        let err = check_new_event(&[referral()], &ev(r#"{"date":"2025-02-01","type":"referral_received"}"#), today);
        assert!(err.unwrap_err().contains("already has a referral received on 6 Jan 2025"));
        let transfer = ev(r#"{"date":"2025-02-01","type":"referral_received","source":"inter_provider_transfer"}"#);
        assert!(check_new_event(&[referral()], &transfer, today).is_ok());
    }

    #[test]
    fn refuses_treatment_after_the_clock_stopped() {
        let events = vec![referral(), ev(r#"{"date":"2025-02-01","type":"first_definitive_treatment"}"#)];
        let err = check_new_event(
            &events,
            &ev(r#"{"date":"2025-02-10","type":"first_definitive_treatment"}"#),
            d("2025-03-01"),
        )
        .unwrap_err();
        assert!(err.contains("already recorded on 1 Feb 2025"), "{err}");
        let events = vec![referral(), ev(r#"{"date":"2025-02-01","type":"active_monitoring_start"}"#)];
        let err = check_new_event(
            &events,
            &ev(r#"{"date":"2025-02-10","type":"admitted","purpose":"first_definitive_treatment"}"#),
            d("2025-03-01"),
        )
        .unwrap_err();
        assert!(err.contains("stopped on 1 Feb 2025"), "{err}");
    }

    #[test]
    fn follow_ups_after_treatment_are_accepted_but_stops_are_not() {
        let today = d("2025-06-01");
        let treated = vec![referral(), ev(r#"{"date":"2025-02-01","type":"first_definitive_treatment"}"#)];
        for ok in [
            r#"{"date":"2025-03-01","type":"outpatient_attended"}"#,
            r#"{"date":"2025-03-01","type":"appointment_dna","first":false,"clearly_communicated":true}"#,
            r#"{"date":"2025-03-01","type":"decision_to_admit"}"#,
            r#"{"date":"2025-03-01","type":"admitted","purpose":"diagnostic_only"}"#,
            r#"{"date":"2025-03-01","type":"treatment_start","treatment_stage":"subsequent"}"#,
        ] {
            assert!(check_new_event(&treated, &ev(ok), today).is_ok(), "{ok}");
        }
        for refused in [
            r#"{"date":"2025-03-01","type":"active_monitoring_start"}"#,
            r#"{"date":"2025-03-01","type":"decision_not_to_treat"}"#,
            r#"{"date":"2025-03-01","type":"admitted","purpose":"first_definitive_treatment"}"#,
            r#"{"date":"2025-03-01","type":"appointment_dna","first":true}"#,
        ] {
            let err = check_new_event(&treated, &ev(refused), today).unwrap_err();
            assert!(err.contains("stopped on 1 Feb 2025"), "{refused}: {err}");
        }
    }

    #[test]
    fn refuses_first_appointment_dna_after_a_first_attendance() {
        let events = vec![referral(), ev(r#"{"date":"2025-02-01","type":"outpatient_attended","first":true}"#)];
        let err = check_new_event(
            &events,
            &ev(r#"{"date":"2025-03-01","type":"appointment_dna","first":true}"#),
            d("2025-03-01"),
        )
        .unwrap_err();
        assert!(err.contains("already attended a first appointment"), "{err}");
        let follow_up = ev(r#"{"date":"2025-03-01","type":"appointment_dna","first":false}"#);
        assert!(check_new_event(&events, &follow_up, d("2025-03-01")).is_ok());
    }

    #[test]
    fn decision_to_treat_after_active_monitoring_only_on_active_monitoring() {
        let today = d("2025-06-01");
        let attended = vec![referral(), ev(r#"{"date":"2025-02-01","type":"outpatient_attended","first":true}"#)];
        let plain = ev(r#"{"date":"2025-02-03","type":"decision_to_treat"}"#);
        assert!(check_new_event(&attended, &plain, today).is_ok());
        let after_monitoring = ev(r#"{"date":"2025-05-01","type":"decision_to_treat","after_active_monitoring":true}"#);
        let err = check_new_event(&attended, &after_monitoring, today).unwrap_err();
        assert!(err.contains("not on active monitoring"), "{err}");
        let mut monitored = attended.clone();
        monitored.push(ev(r#"{"date":"2025-02-01","type":"active_monitoring_start","initiated_by":"clinician"}"#));
        assert!(check_new_event(&monitored, &after_monitoring, today).is_ok());
        assert!(check_new_event(&monitored, &plain, today).is_ok());
    }

    #[test]
    fn requires_a_referral_first_and_accepts_rebooking_after_nullified_dna() {
        let today = d("2025-03-01");
        let err = check_new_event(&[], &ev(r#"{"date":"2025-02-01","type":"first_seen"}"#), today).unwrap_err();
        assert!(err.contains("Record the referral first"), "{err}");
        let events = vec![
            referral(),
            ev(r#"{"date":"2025-02-01","type":"appointment_dna","first":true,"clearly_communicated":true}"#),
        ];
        assert!(check_new_event(&events, &ev(r#"{"date":"2025-02-03","type":"patient_contacts_to_rebook"}"#), today)
            .is_ok());
        let err = check_new_event(&events, &ev(r#"{"date":"2025-02-03","type":"active_monitoring_start"}"#), today)
            .unwrap_err();
        assert!(err.contains("did not attend first appointment"), "{err}");
    }
}
