//! Consultant leave: the clinics it touches (each must be cancelled or covered) and whether it was given with
//! enough notice (6 weeks by default, rules §5.2 and §5.3).

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use super::display::{days, uk_date};
use super::policy::BookingPolicy;
use crate::model::{ClinicSession, SessionStatus};
use crate::rejection::Rejection;
use crate::sorting;

/// A consultant's absence, from the first to the last day away (both included).
/// (Not yet a model record: see the booking report for the recommended `Leave` record.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leave {
    pub id: String,
    pub consultant_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// "Annual leave", "Study leave", ...
    pub reason: String,
    /// The day the leave was recorded: notice runs from here.
    pub recorded_on: NaiveDate,
}

from_map!(Leave { id, consultant_id, from, to, reason, recorded_on });

impl Leave {
    /// Is the consultant away on `date`? (First and last day included.)
    pub fn covers(&self, consultant_id: &str, date: NaiveDate) -> bool {
        self.consultant_id == consultant_id && self.from <= date && date <= self.to
    }
}

/// The sessions whose consultant is not on recorded leave that day: the only ones to offer a patient.
pub fn without_leave(sessions: &[ClinicSession], leave: &[Leave]) -> Vec<ClinicSession> {
    sessions
        .iter()
        .filter(|session| !leave.iter().any(|away| away.covers(&session.consultant_id, session.date)))
        .cloned()
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeaveError {
    #[error("The leave ends ({}) before it starts ({}). Check the dates.", uk_date(*to), uk_date(*from))]
    EndsBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error("The reason for the leave is empty. Type a reason (for example \"Annual leave\").")]
    NoReason,
}

impl From<LeaveError> for Rejection {
    fn from(error: LeaveError) -> Self {
        Rejection::invalid(error.to_string())
    }
}

/// The clinics a leave touches and the notice given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveImpact<'a> {
    /// The consultant's sessions during the leave that are not already cancelled, in date and time order. Each
    /// must be cancelled or covered by another clinician.
    pub sessions: Vec<&'a ClinicSession>,
    /// First day of leave minus the day it was recorded.
    pub notice_days: i64,
    /// Less notice than the trust's leave notice.
    pub short_notice: bool,
    /// What it means for the booking team.
    pub message: String,
}

/// Lists the sessions `leave` touches and checks its notice against the policy.
pub fn leave_impact<'a>(
    policy: &BookingPolicy,
    leave: &Leave,
    sessions: &'a [ClinicSession],
) -> Result<LeaveImpact<'a>, LeaveError> {
    if leave.to < leave.from {
        return Err(LeaveError::EndsBeforeStart { from: leave.from, to: leave.to });
    }
    if leave.reason.trim().is_empty() {
        return Err(LeaveError::NoReason);
    }
    let mut touched: Vec<&ClinicSession> = sessions
        .iter()
        .filter(|session| {
            session.consultant_id == leave.consultant_id
                && session.date >= leave.from
                && session.date <= leave.to
                && !matches!(session.status, SessionStatus::Cancelled { .. })
        })
        .collect();
    sorting::sort_by(&mut touched, |a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
    let notice_days = (leave.from - leave.recorded_on).num_days();
    let short_notice = notice_days < policy.leave_notice_days();
    let clinics = match touched.len() {
        0 => "No clinics are affected.".to_string(),
        1 => "1 clinic must be cancelled or covered.".to_string(),
        n => format!("{n} clinics must be cancelled or covered."),
    };
    let message = if short_notice && !touched.is_empty() {
        format!(
            "Short notice: the leave starts {} after it was recorded, less than the {} weeks expected. {clinics} \
             Tell the service manager, and rebook patients by priority and breach date.",
            days(notice_days.max(0)),
            policy.leave_notice_weeks
        )
    } else if short_notice {
        format!(
            "Short notice: the leave starts {} after it was recorded, less than the {} weeks expected. {clinics}",
            days(notice_days.max(0)),
            policy.leave_notice_weeks
        )
    } else {
        clinics
    };
    Ok(LeaveImpact { sessions: touched, notice_days, short_notice, message })
}

/// The consultants whose record lacks some of their recorded leave (leave recorded before the consultant's record
/// carried it), with it added: what a server writes once so every booking is checked against all leave.
pub fn consultants_missing_leave(
    consultants: &[crate::model::Consultant],
    leave: &[Leave],
) -> Vec<crate::model::Consultant> {
    consultants
        .iter()
        .filter_map(|consultant| {
            let missing: Vec<&Leave> = leave
                .iter()
                .filter(|l| l.consultant_id == consultant.id && !consultant.leave.iter().any(|p| p.id == l.id))
                .collect();
            if missing.is_empty() {
                return None;
            }
            let mut updated = consultant.clone();
            updated.leave.extend(missing.into_iter().map(|l| crate::model::LeavePeriod {
                id: l.id.clone(),
                from: l.from,
                to: l.to,
                reason: l.reason.clone(),
            }));
            crate::sorting::sort_by_key(&mut updated.leave, |p| (p.from, p.id.clone()));
            Some(updated)
        })
        .collect()
}

#[cfg(test)]
mod consultant_leave_tests {
    use super::*;
    use crate::model::Consultant;

    #[test]
    fn leave_recorded_before_consultants_carried_it_is_added_once() {
        let d = |text: &str| text.parse::<NaiveDate>().unwrap();
        let leave = |id: &str, consultant: &str| Leave {
            id: id.into(),
            consultant_id: consultant.into(),
            from: d("2027-01-04"),
            to: d("2027-01-08"),
            reason: "Annual leave".into(),
            recorded_on: d("2026-11-01"),
        };
        let consultants = vec![Consultant::new("a", "Mr A", "uro"), Consultant::new("b", "Ms B", "uro")];
        let all = [leave("l1", "a"), leave("l2", "a")];
        let updated = consultants_missing_leave(&consultants, &all);
        assert_eq!(updated.len(), 1, "only the consultant with leave changes");
        assert_eq!(updated[0].leave.len(), 2);
        assert!(updated[0].away_on(d("2027-01-05")).is_some());
        assert!(consultants_missing_leave(&updated, &all).is_empty(), "nothing left to add the second time");
    }
}
