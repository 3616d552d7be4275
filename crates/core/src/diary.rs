//! Consultants' diaries beyond clinics, their leave requests, and the team's own leave.
//!
//! - A [`DiaryItem`] is a consultant's meeting, MDT, admin or teaching session on a day.
//! - A [`LeaveRequest`] is annual or study leave asked for by or for a consultant; a team lead approves or declines
//!   it. Approved, it becomes the consultant's recorded leave (`booking::Leave`): their slots are blocked and the
//!   clinics it touches are listed to cancel or cover. Notice runs from the day it was asked for, against the
//!   trust's leave notice (six weeks by default).
//! - [`StaffLeave`] is a team member's own leave: the daily cover view shows who is in and whose work needs cover.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use crate::from_map::{from_map, words};

/// What a diary item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiaryItemKind {
    Meeting,
    Mdt,
    Admin,
    Teaching,
    Other,
}

words!(DiaryItemKind { Meeting = "meeting", Mdt = "mdt", Admin = "admin", Teaching = "teaching", Other = "other" });

impl DiaryItemKind {
    pub const ALL: [DiaryItemKind; 5] = [
        DiaryItemKind::Meeting,
        DiaryItemKind::Mdt,
        DiaryItemKind::Admin,
        DiaryItemKind::Teaching,
        DiaryItemKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DiaryItemKind::Meeting => "Meeting",
            DiaryItemKind::Mdt => "MDT",
            DiaryItemKind::Admin => "Admin session",
            DiaryItemKind::Teaching => "Teaching",
            DiaryItemKind::Other => "Other",
        }
    }
}

/// Something in a consultant's diary that is not a clinic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiaryItem {
    pub id: String,
    pub consultant_id: String,
    /// Not `kind`: a record's JSON carries its record kind under that name.
    pub item_kind: DiaryItemKind,
    pub title: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Taken out of the diary (kept, so every desk hears of it).
    #[serde(default)]
    pub cancelled: bool,
}

from_map!(DiaryItem { id, consultant_id, item_kind, title, date, start, end, location = default, cancelled = default });

/// Annual or study leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeaveKind {
    Annual,
    Study,
    Other,
}

words!(LeaveKind { Annual = "annual", Study = "study", Other = "other" });

impl LeaveKind {
    pub const ALL: [LeaveKind; 3] = [LeaveKind::Annual, LeaveKind::Study, LeaveKind::Other];

    pub fn label(self) -> &'static str {
        match self {
            LeaveKind::Annual => "Annual leave",
            LeaveKind::Study => "Study leave",
            LeaveKind::Other => "Other leave",
        }
    }
}

/// Where a leave request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    Requested,
    Approved,
    Declined,
}

words!(RequestStatus { Requested = "requested", Approved = "approved", Declined = "declined" });

impl RequestStatus {
    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Requested => "Waiting for a decision",
            RequestStatus::Approved => "Approved",
            RequestStatus::Declined => "Declined",
        }
    }
}

/// Leave asked for by or for a consultant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaveRequest {
    pub id: String,
    pub consultant_id: String,
    /// Not `kind`: a record's JSON carries its record kind under that name.
    pub leave_kind: LeaveKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub requested_on: NaiveDate,
    pub requested_by: String,
    pub status: RequestStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// Why it was declined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
}

from_map!(LeaveRequest {
    id, consultant_id, leave_kind, from, to, note = default, requested_on, requested_by, status, decided_on = default,
    decided_by = default, decline_reason = default,
});

impl LeaveRequest {
    /// Asked for with less than `notice_weeks` weeks' notice.
    pub fn short_notice(&self, notice_weeks: i64) -> bool {
        notice(self.requested_on, self.from, notice_weeks).0
    }

    /// See [`notice`].
    pub fn notice_words(&self, notice_weeks: i64) -> String {
        notice(self.requested_on, self.from, notice_weeks).1
    }

    /// The dates overlap `other`'s.
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from <= to && from <= self.to
    }
}

/// Leave asked for on `asked` from `first_day`, against `notice_weeks` weeks' notice: whether it is short, and in
/// words ("Asked 5 weeks ahead: less than the 6 weeks' notice the trust asks for").
pub fn notice(asked: NaiveDate, first_day: NaiveDate, notice_weeks: i64) -> (bool, String) {
    let days = (first_day - asked).num_days();
    let ahead = if days >= 14 { format!("{} weeks", days / 7) } else { format!("{days} days") };
    let short = days < notice_weeks * 7;
    let words = if short {
        format!("Asked {ahead} ahead: less than the {notice_weeks} weeks' notice the trust asks for")
    } else {
        format!("Asked {ahead} ahead: within the {notice_weeks} weeks' notice rule")
    };
    (short, words)
}

/// A team member's own leave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffLeave {
    pub id: String,
    /// As the team list names them ("R. Hughes (Urology)").
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
    pub recorded_on: NaiveDate,
    pub recorded_by: String,
}

from_map!(StaffLeave { id, person, from, to, reason, recorded_on, recorded_by });

impl StaffLeave {
    /// Away on `date` (first and last day included).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn request(asked: &str, from: &str) -> LeaveRequest {
        LeaveRequest {
            id: "lr-1".into(),
            consultant_id: "c".into(),
            leave_kind: LeaveKind::Annual,
            from: d(from),
            to: d(from),
            note: None,
            requested_on: d(asked),
            requested_by: "R. Hughes".into(),
            status: RequestStatus::Requested,
            decided_on: None,
            decided_by: None,
            decline_reason: None,
        }
    }

    #[test]
    fn six_weeks_notice_is_42_days_from_the_request() {
        let on_time = request("2026-12-07", "2027-01-18");
        assert!(!on_time.short_notice(6));
        assert_eq!(on_time.notice_words(6), "Asked 6 weeks ahead: within the 6 weeks' notice rule");
        let short = request("2026-12-07", "2027-01-17");
        assert!(short.short_notice(6));
        assert_eq!(short.notice_words(6), "Asked 5 weeks ahead: less than the 6 weeks' notice the trust asks for");
        assert_eq!(request("2026-12-07", "2026-12-10").notice_words(6).split(':').next(), Some("Asked 3 days ahead"));
    }

    #[test]
    fn staff_leave_covers_its_first_and_last_day() {
        let leave = StaffLeave {
            id: "sl".into(),
            person: "R. Hughes".into(),
            from: d("2026-12-07"),
            to: d("2026-12-09"),
            reason: "Annual leave".into(),
            recorded_on: d("2026-11-01"),
            recorded_by: "T. Lead".into(),
        };
        assert!(leave.covers(d("2026-12-07")) && leave.covers(d("2026-12-09")));
        assert!(!leave.covers(d("2026-12-06")) && !leave.covers(d("2026-12-10")));
    }
}
