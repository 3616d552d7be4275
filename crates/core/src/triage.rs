//! Triage: which referrals wait for a clinician to triage them, since when, and by when it is due.
//!
//! Read from the pathway's events alone, so every desk agrees: a referral waits for triage from the day it was
//! received (or redirected to another consultant) until a `triaged` event records the decision. Any later clinical
//! event (an attendance, a decision, a clock stop) also ends the wait: a pathway already moving was triaged, even
//! where the decision was never typed in (records brought over from another system).

use chrono::NaiveDate;

use crate::calendar::{add_working_days, working_days_between, Region};
use crate::model::Pathway;
use crate::pathway::event::TriageDecision;
use crate::pathway::EventKind;

/// Working days a consultant has to triage a referral: Calderdale and Huddersfield's access policy ("consultant
/// prioritises within 3 working days", `pathway-rules.md` §5.2); the most common local standard.
pub const TRIAGE_WORKING_DAYS: u32 = 3;

/// The day the pathway's referral started waiting for triage, if it still waits.
pub fn awaiting_triage_since(pathway: &Pathway) -> Option<NaiveDate> {
    let mut since = None;
    for event in &pathway.events {
        since = match &event.kind {
            EventKind::ReferralReceived(_) => event.date,
            EventKind::Triaged { decision: Some(TriageDecision::Redirected), .. } => event.date,
            // Steps that come before the clinician's triage and leave it waiting.
            EventKind::ErsReferralCreated { .. }
            | EventKind::UbrnConverted {}
            | EventKind::RequestReceived {}
            | EventKind::InterProviderTransferReceived(_)
            | EventKind::PatientCancelled { .. } => since,
            _ => None,
        };
    }
    since
}

/// One referral on a consultant's triage worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageWait {
    pub since: NaiveDate,
    /// Working days waited after `since`, to today.
    pub working_days: u32,
    /// The last working day for the decision.
    pub due: NaiveDate,
}

impl TriageWait {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        today > self.due
    }
}

/// How long `pathway` has waited for triage on `today`, if it waits.
pub fn triage_wait(pathway: &Pathway, today: NaiveDate) -> Option<TriageWait> {
    let since = awaiting_triage_since(pathway)?;
    let region = Region::EnglandAndWales;
    let working_days = working_days_between(since, today.max(since), region).unwrap_or(0);
    let due = add_working_days(since, TRIAGE_WORKING_DAYS, region)
        .unwrap_or_else(|_| crate::calendar::add_days(since, u64::from(TRIAGE_WORKING_DAYS)));
    Some(TriageWait { since, working_days, due })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Priority;
    use crate::pathway::PathwayEvent;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn pathway(events: &[(&str, &str)]) -> Pathway {
        let events = events
            .iter()
            .map(|(date, json)| {
                let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
                value["date"] = serde_json::json!(date);
                serde_json::from_value::<PathwayEvent>(value).unwrap()
            })
            .collect();
        Pathway {
            id: "p".into(),
            patient_id: "patient".into(),
            specialty_id: "s".into(),
            consultant_id: "c".into(),
            priority: Priority::Routine,
            source: crate::model::ReferralSource::Gp,
            cancer: false,
            events,
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        }
    }

    #[test]
    fn a_new_referral_waits_until_a_decision_is_recorded() {
        let mut p = pathway(&[("2026-12-01", r#"{"type":"referral_received","source":"gp"}"#)]);
        let wait = triage_wait(&p, d("2026-12-07")).unwrap();
        // Received Tuesday 1 December: Wed, Thu, Fri are the three working days; Monday 7th is the fourth.
        assert_eq!((wait.since, wait.due, wait.working_days), (d("2026-12-01"), d("2026-12-04"), 4));
        assert!(wait.overdue(d("2026-12-07")) && !wait.overdue(d("2026-12-04")));
        p.events.push(serde_json::from_str(r#"{"date":"2026-12-03","type":"triaged","decision":"accepted"}"#).unwrap());
        assert_eq!(awaiting_triage_since(&p), None);
    }

    #[test]
    fn a_redirected_referral_waits_again_from_the_redirection() {
        let p = pathway(&[
            ("2026-11-02", r#"{"type":"referral_received","source":"gp"}"#),
            ("2026-11-04", r#"{"type":"triaged","decision":"redirected","by":"Dr A"}"#),
        ]);
        assert_eq!(awaiting_triage_since(&p), Some(d("2026-11-04")));
    }

    #[test]
    fn clinical_activity_ends_the_wait_and_a_new_referral_starts_one() {
        let seen = pathway(&[
            ("2026-11-02", r#"{"type":"referral_received","source":"gp"}"#),
            ("2026-11-20", r#"{"type":"outpatient_attended","first":true}"#),
        ]);
        assert_eq!(awaiting_triage_since(&seen), None);
        let ers = pathway(&[
            ("2026-11-02", r#"{"type":"ers_referral_created","ubrn":"000012345678"}"#),
            ("2026-11-02", r#"{"type":"referral_received","source":"gp","via":"ers"}"#),
            ("2026-11-03", r#"{"type":"ubrn_converted"}"#),
        ]);
        assert_eq!(awaiting_triage_since(&ers), Some(d("2026-11-02")));
    }
}
