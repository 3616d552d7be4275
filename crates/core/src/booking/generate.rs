//! Dated clinic sessions, with their slots, from a consultant's weekly template.
//!
//! Ids are derived from the template and the date, so generating the same weeks twice (on two desks, or again
//! after a sync) gives the same sessions and slots, never duplicates.

use crate::calendar::hhmm;
use std::collections::HashSet;

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::display::uk_date;
use super::template::{validate_template, TemplateProblems};
use crate::model::{ClinicSession, ClinicTemplate, SessionStatus, Slot};
use crate::rejection::Rejection;
use crate::sorting;

/// The longest range generated at once (two years): a typo in a year should not create thousands of clinics.
pub const MAX_GENERATION_DAYS: i64 = 731;

/// The id of the session a template gives on a date: `ses-{template id}-{YYYY-MM-DD}`.
pub fn session_id(template_id: &str, date: NaiveDate) -> String {
    format!("ses-{template_id}-{date}")
}

/// The id of the slot starting at `start` in that session: `slot-{template id}-{YYYY-MM-DD}-{HHMM}`.
/// Unique within a session because a valid template has no two slots starting together.
pub fn slot_id(template_id: &str, date: NaiveDate, start: NaiveTime) -> String {
    format!("slot-{template_id}-{date}-{}", hhmm(start).replace(':', ""))
}

/// The sessions made, and the dates the template's weekday fell on a non-working day (no clinic made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedSessions {
    pub sessions: Vec<ClinicSession>,
    pub skipped: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    #[error("The clinic template needs fixing before clinics can be made from it. {0}")]
    Template(TemplateProblems),
    #[error("The last date ({}) is before the first date ({}). Choose a last date on or after the first date.", uk_date(*to), uk_date(*from))]
    RangeBackwards { from: NaiveDate, to: NaiveDate },
    #[error("From {} to {} is more than two years of clinics. Choose a shorter range.", uk_date(*from), uk_date(*to))]
    RangeTooLong { from: NaiveDate, to: NaiveDate },
}

impl From<GenerateError> for Rejection {
    fn from(error: GenerateError) -> Self {
        Rejection::invalid(error.to_string())
    }
}

/// Makes one session for each date from `from` to `to` (both included) that falls on the template's weekday and
/// is not in `non_working` (bank holidays and other closures, from the calendar). Sessions come in date order,
/// each `Scheduled`, with its slots in time order.
pub fn generate_sessions(
    template: &ClinicTemplate,
    from: NaiveDate,
    to: NaiveDate,
    non_working: &HashSet<NaiveDate>,
) -> Result<GeneratedSessions, GenerateError> {
    validate_template(template).map_err(GenerateError::Template)?;
    if to < from {
        return Err(GenerateError::RangeBackwards { from, to });
    }
    if (to - from).num_days() > MAX_GENERATION_DAYS {
        return Err(GenerateError::RangeTooLong { from, to });
    }
    let weekday = template.weekday.to_chrono();
    let offset = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    let mut generated = GeneratedSessions { sessions: Vec::new(), skipped: Vec::new() };
    let mut date = crate::calendar::add_days(from, u64::from(offset));
    while date <= to {
        if non_working.contains(&date) {
            generated.skipped.push(date);
        } else {
            generated.sessions.push(session_on(template, date));
        }
        date = crate::calendar::add_days(date, 7);
    }
    Ok(generated)
}

fn session_on(template: &ClinicTemplate, date: NaiveDate) -> ClinicSession {
    let mut slots: Vec<Slot> = template
        .slots
        .iter()
        .map(|line| Slot {
            id: slot_id(&template.id, date, line.start),
            slot_type: line.slot_type,
            start: line.start,
            minutes: line.minutes,
            capacity: line.capacity,
        })
        .collect();
    sorting::sort_by_key(&mut slots, |slot| slot.start);
    ClinicSession {
        id: session_id(&template.id, date),
        template_id: Some(template.id.clone()),
        consultant_id: template.consultant_id.clone(),
        specialty_id: template.specialty_id.clone(),
        name: template.name.clone(),
        date,
        start: template.start,
        end: template.end,
        location: template.location.clone(),
        status: SessionStatus::Scheduled,
        slots,
    }
}
