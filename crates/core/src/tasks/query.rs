//! A patient query logged by a secretary: who asked, by phone or email, about what. Its call-back or reply date is
//! the task's due date, counted in working days with the bank holiday calendar.

use crate::from_map::from_map;
use crate::from_map::words;
use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{add_working_days, CalendarError, Region};

/// How the patient (or someone for them) got in touch, and so how they expect the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryChannel {
    Phone,
    Email,
}

words!(QueryChannel { Phone = "phone", Email = "email" });

impl QueryChannel {
    pub fn label(self) -> &'static str {
        match self {
            QueryChannel::Phone => "Phone",
            QueryChannel::Email => "Email",
        }
    }

    /// What is due: a call back for a phone query, a reply for an email.
    pub fn answer(self) -> &'static str {
        match self {
            QueryChannel::Phone => "Call back",
            QueryChannel::Email => "Reply",
        }
    }
}

/// Who asked, how, about what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatientQuery {
    pub channel: QueryChannel,
    /// The caller or sender ("the patient", "Mrs Jones, daughter").
    pub who: String,
    pub about: String,
}

from_map!(PatientQuery { channel, who, about });

impl PatientQuery {
    /// The task title: "Call back Mrs Jones about transport".
    pub fn title(&self) -> String {
        format!("{} {} about {}", self.channel.answer(), self.who.trim(), self.about.trim())
    }
}

/// The call-back or reply date: `working_days` working days after the query was logged.
pub fn query_due(logged_on: NaiveDate, working_days: u32, region: Region) -> Result<NaiveDate, CalendarError> {
    add_working_days(logged_on, working_days, region)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_query_logged_on_christmas_eve_is_due_after_the_bank_holidays() {
        // Wed 24 Dec 2025 + 2 working days: (25, 26, weekend) Mon 29, Tue 30.
        assert_eq!(query_due(d("2025-12-24"), 2, Region::EnglandAndWales).unwrap(), d("2025-12-30"));
    }

    #[test]
    fn a_date_outside_the_calendar_is_an_error_not_a_guess() {
        let err = query_due(d("2090-03-01"), 2, Region::EnglandAndWales).unwrap_err();
        assert!(matches!(err, CalendarError::OutsideData { .. }), "{err}");
        assert!(err.to_string().starts_with("No bank holiday data for 2090-03-02"), "{err}");
    }

    #[test]
    fn titles_say_what_is_due() {
        let query = PatientQuery { channel: QueryChannel::Email, who: " Mrs Jones ".into(), about: "parking ".into() };
        assert_eq!(query.title(), "Reply Mrs Jones about parking");
    }
}
