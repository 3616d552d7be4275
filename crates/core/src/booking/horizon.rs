//! Clinics far enough ahead: the sessions every template should have from today to the trust's horizon (26 weeks
//! unless changed) that do not exist yet, made by the server without anyone pressing a button. A session that
//! exists is never touched (it may be booked, reduced or cancelled); bank holidays and the consultant's recorded
//! leave are skipped; the ids come from the template and the date, so making them twice makes nothing new.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::generate::generate_sessions;
use super::leave::Leave;
use crate::calendar::{self, Region};
use crate::model::{ClinicSession, ClinicTemplate};

/// The sessions to make so every template has its clinics from `today` to `weeks` weeks on, leaving out those in
/// `existing` (session ids), bank holidays and `leave`. Stops at the end of the bank holiday calendar's data.
pub fn sessions_to_make(
    templates: &[ClinicTemplate],
    existing: &HashSet<String>,
    leave: &[Leave],
    today: NaiveDate,
    weeks: u32,
) -> Vec<ClinicSession> {
    let to = calendar::add_days(today, u64::from(weeks) * 7).min(calendar::DATA_UNTIL);
    if to < today {
        return Vec::new();
    }
    let bank_holidays: HashSet<NaiveDate> = today
        .iter_days()
        .take_while(|day| *day <= to)
        .filter(|day| calendar::bank_holiday(*day, Region::default()).ok().flatten().is_some())
        .collect();
    templates
        .iter()
        .filter_map(|template| generate_sessions(template, today, to, &bank_holidays).ok())
        .flat_map(|generated| generated.sessions)
        .filter(|session| !existing.contains(&session.id))
        .filter(|session| !leave.iter().any(|away| away.covers(&session.consultant_id, session.date)))
        .collect()
}
