//! Consultants' diary items and leave requests, and the team's own leave (see `crate::diary`).

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::records::key;
use super::{checked_text, short_text, Act, CommandContext, RecordSource, Rejection};
use crate::booking::Leave;
use crate::calendar::uk_date;
use crate::diary::{DiaryItem, DiaryItemKind, LeaveKind, LeaveRequest, RequestStatus, StaffLeave};
use crate::from_map::from_map;
use crate::limits::{LOCATION_CHARS, NAME_CHARS};
use crate::record::{Record, RecordKey, RecordKind};

fn dates_in_order(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<(), Rejection> {
    if to < from {
        return Err(Rejection::invalid(format!(
            "The last day ({}) is before the first ({}): enter the last day on or after the first.",
            uk_date(to),
            uk_date(from)
        )));
    }
    if from < today {
        return Err(Rejection::invalid(format!(
            "The first day ({}) has passed: enter leave still to come.",
            uk_date(from)
        )));
    }
    Ok(())
}

/// Put a meeting, MDT, admin or teaching session in a consultant's diary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddDiaryItem {
    pub item_id: String,
    pub consultant_id: String,
    pub kind: DiaryItemKind,
    pub title: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

from_map!(AddDiaryItem { item_id, consultant_id, kind, title, date, start, end, location = default });

impl Act for AddDiaryItem {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::DiaryItem, &self.item_id), key(RecordKind::Consultant, &self.consultant_id)]
    }

    fn describe(&self) -> String {
        format!("Add {} to a consultant's diary", self.kind.label().to_lowercase())
    }

    fn apply(&self, _ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        super::records::consultant(records, &self.consultant_id)?;
        if records.record(&key(RecordKind::DiaryItem, &self.item_id)).is_some() {
            return Err(Rejection::conflict("This diary item is already saved."));
        }
        if self.end <= self.start {
            return Err(Rejection::invalid("The end time is not after the start time: enter when it ends."));
        }
        let location = match self.location.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(location) => Some(short_text(location, "location", LOCATION_CHARS)?),
            None => None,
        };
        Ok(vec![Record::DiaryItem(DiaryItem {
            id: self.item_id.clone(),
            consultant_id: self.consultant_id.clone(),
            item_kind: self.kind,
            title: short_text(&self.title, "title", NAME_CHARS)?,
            date: self.date,
            start: self.start,
            end: self.end,
            location,
            cancelled: false,
        })])
    }
}

/// Take an item out of a consultant's diary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelDiaryItem {
    pub item_id: String,
}

from_map!(CancelDiaryItem { item_id });

impl Act for CancelDiaryItem {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::DiaryItem, &self.item_id)]
    }

    fn describe(&self) -> String {
        "Take an item out of a consultant's diary".to_string()
    }

    fn apply(&self, _ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        match records.record(&key(RecordKind::DiaryItem, &self.item_id)) {
            Some(Record::DiaryItem(item)) if !item.cancelled => {
                Ok(vec![Record::DiaryItem(DiaryItem { cancelled: true, ..item.clone() })])
            }
            Some(Record::DiaryItem(_)) => Err(Rejection::conflict("This item is already out of the diary.")),
            _ => Err(Rejection::not_found("This diary item is not on this desk: sync, then try again.")),
        }
    }
}

/// Ask for leave for a consultant: a team lead then approves or declines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestLeave {
    pub request_id: String,
    pub consultant_id: String,
    pub kind: LeaveKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The consultant's requests the desk knew of, so one overlapping them is refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_requests: Vec<String>,
}

from_map!(RequestLeave { request_id, consultant_id, kind, from, to, note = default, known_requests = default });

impl Act for RequestLeave {
    fn reads(&self) -> Vec<RecordKey> {
        let mut keys =
            vec![key(RecordKind::LeaveRequest, &self.request_id), key(RecordKind::Consultant, &self.consultant_id)];
        keys.extend(self.known_requests.iter().map(|id| key(RecordKind::LeaveRequest, id)));
        keys
    }

    fn describe(&self) -> String {
        format!("Ask for {} for a consultant", self.kind.label().to_lowercase())
    }

    fn typed_text(&self) -> Option<String> {
        self.note.clone()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        super::records::consultant(records, &self.consultant_id)?;
        if records.record(&key(RecordKind::LeaveRequest, &self.request_id)).is_some() {
            return Err(Rejection::conflict("This leave request is already saved."));
        }
        dates_in_order(self.from, self.to, ctx.today)?;
        for id in &self.known_requests {
            if let Some(Record::LeaveRequest(other)) = records.record(&key(RecordKind::LeaveRequest, id)) {
                if other.consultant_id == self.consultant_id
                    && other.status != RequestStatus::Declined
                    && other.overlaps(self.from, self.to)
                {
                    return Err(Rejection::conflict(format!(
                        "This overlaps {} already asked for, {} to {}: change the dates.",
                        other.leave_kind.label().to_lowercase(),
                        uk_date(other.from),
                        uk_date(other.to)
                    )));
                }
            }
        }
        let note = match self.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(note) => Some(checked_text(note, "note")?),
            None => None,
        };
        Ok(vec![Record::LeaveRequest(LeaveRequest {
            id: self.request_id.clone(),
            consultant_id: self.consultant_id.clone(),
            leave_kind: self.kind,
            from: self.from,
            to: self.to,
            note,
            requested_on: ctx.today,
            requested_by: ctx.author.clone(),
            status: RequestStatus::Requested,
            decided_on: None,
            decided_by: None,
            decline_reason: None,
        })])
    }
}

/// A team lead's decision on a leave request. Approved, it is recorded as the consultant's leave (as "record leave"
/// does, with notice from the day it was asked for): their slots are blocked and its clinics listed to cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecideLeave {
    pub request_id: String,
    pub approve: bool,
    /// The consultant the request is for, as the desk saw it.
    pub consultant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
}

from_map!(DecideLeave { request_id, approve, consultant_id, decline_reason = default });

impl Act for DecideLeave {
    fn reads(&self) -> Vec<RecordKey> {
        vec![
            key(RecordKind::LeaveRequest, &self.request_id),
            key(RecordKind::Leave, &self.request_id),
            key(RecordKind::Consultant, &self.consultant_id),
            super::records::trust_settings_key(),
        ]
    }

    fn describe(&self) -> String {
        if self.approve {
            "Approve a leave request".to_string()
        } else {
            "Decline a leave request".to_string()
        }
    }

    fn typed_text(&self) -> Option<String> {
        self.decline_reason.clone()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut request = match records.record(&key(RecordKind::LeaveRequest, &self.request_id)) {
            Some(Record::LeaveRequest(request)) => request.clone(),
            _ => return Err(Rejection::not_found("This leave request is not on this desk: sync, then try again.")),
        };
        if request.status != RequestStatus::Requested {
            return Err(Rejection::conflict(format!(
                "This request was already {} by {}.",
                request.status.label().to_lowercase(),
                request.decided_by.clone().unwrap_or_default()
            )));
        }
        if request.consultant_id != self.consultant_id {
            return Err(Rejection::conflict("This request is for another consultant: reload the page."));
        }
        request.decided_on = Some(ctx.today);
        request.decided_by = Some(ctx.author.clone());
        if !self.approve {
            let reason = self.decline_reason.as_deref().unwrap_or_default();
            request.decline_reason = Some(checked_text(reason, "reason for declining")?);
            request.status = RequestStatus::Declined;
            return Ok(vec![Record::LeaveRequest(request)]);
        }
        if request.to < ctx.today {
            return Err(Rejection::invalid("This leave has already passed: decline it, or ask for it again."));
        }
        request.status = RequestStatus::Approved;
        let reason = match &request.note {
            Some(note) => format!("{}: {note}", request.leave_kind.label()),
            None => request.leave_kind.label().to_string(),
        };
        let leave = Leave {
            id: request.id.clone(),
            consultant_id: request.consultant_id.clone(),
            from: request.from,
            to: request.to,
            reason,
            recorded_on: ctx.today,
        };
        let mut written = super::clinics::record_leave(ctx, records, &leave)?;
        // Notice runs from the day the leave was asked for.
        for record in &mut written {
            if let Record::Leave(leave) = record {
                leave.recorded_on = request.requested_on;
            }
        }
        written.push(Record::LeaveRequest(request));
        Ok(written)
    }
}

/// Record a team member's own leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordStaffLeave {
    pub leave_id: String,
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

from_map!(RecordStaffLeave { leave_id, person, from, to, reason });

impl Act for RecordStaffLeave {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::StaffLeave, &self.leave_id)]
    }

    fn describe(&self) -> String {
        "Record a team member's leave".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        if records.record(&key(RecordKind::StaffLeave, &self.leave_id)).is_some() {
            return Err(Rejection::conflict("This leave is already recorded."));
        }
        if self.to < self.from {
            return Err(Rejection::invalid(
                "The last day is before the first: enter the last day on or after the first.",
            ));
        }
        Ok(vec![Record::StaffLeave(StaffLeave {
            id: self.leave_id.clone(),
            person: short_text(&self.person, "person", NAME_CHARS)?,
            from: self.from,
            to: self.to,
            reason: short_text(&self.reason, "reason", NAME_CHARS)?,
            recorded_on: ctx.today,
            recorded_by: ctx.author.clone(),
        })])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Consultant;
    use std::collections::HashMap;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn ctx(author: &str) -> CommandContext {
        CommandContext { today: d("2026-12-07"), author: author.into() }
    }

    fn apply(
        command: impl Act,
        author: &str,
        records: &mut HashMap<RecordKey, Record>,
    ) -> Result<Vec<Record>, Rejection> {
        let written = command.apply(&ctx(author), records)?;
        for record in &written {
            records.insert(record.key(), record.clone());
        }
        Ok(written)
    }

    fn held() -> HashMap<RecordKey, Record> {
        let consultant = Record::Consultant(Consultant::new("con-1", "Ms Rivers", "spec-uro"));
        [(consultant.key(), consultant)].into()
    }

    fn ask(id: &str, from: &str, to: &str, known: &[&str]) -> RequestLeave {
        RequestLeave {
            request_id: id.into(),
            consultant_id: "con-1".into(),
            kind: LeaveKind::Study,
            from: d(from),
            to: d(to),
            note: Some("Conference".into()),
            known_requests: known.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn an_approved_request_becomes_the_consultants_leave_with_notice_from_the_request() {
        let mut records = held();
        apply(ask("lr-1", "2027-01-11", "2027-01-15", &[]), "R. Hughes (Urology)", &mut records).unwrap();
        let overlapping = apply(ask("lr-2", "2027-01-15", "2027-01-20", &["lr-1"]), "R. Hughes", &mut records);
        assert!(overlapping.unwrap_err().message.contains("overlaps study leave already asked for"));
        assert!(apply(ask("lr-3", "2027-01-20", "2027-01-19", &[]), "R. Hughes", &mut records).is_err());
        assert!(apply(ask("lr-4", "2026-12-01", "2026-12-02", &[]), "R. Hughes", &mut records)
            .unwrap_err()
            .message
            .contains("has passed"));

        let approve = DecideLeave {
            request_id: "lr-1".into(),
            approve: true,
            consultant_id: "con-1".into(),
            decline_reason: None,
        };
        let written = apply(approve.clone(), "T. Lead", &mut records).unwrap();
        let Some(Record::Leave(leave)) = written.iter().find(|r| matches!(r, Record::Leave(_))) else {
            panic!("{written:?}")
        };
        assert_eq!((leave.from, leave.to, leave.recorded_on), (d("2027-01-11"), d("2027-01-15"), d("2026-12-07")));
        assert_eq!(leave.reason, "Study leave: Conference");
        let Some(Record::Consultant(consultant)) = written.iter().find(|r| matches!(r, Record::Consultant(_))) else {
            panic!()
        };
        assert_eq!(consultant.leave.len(), 1, "kept on the consultant, so bookings into their clinics are refused");
        let Some(Record::LeaveRequest(request)) = written.iter().find(|r| matches!(r, Record::LeaveRequest(_))) else {
            panic!()
        };
        assert_eq!((request.status, request.decided_by.as_deref()), (RequestStatus::Approved, Some("T. Lead")));
        assert!(apply(approve, "T. Lead", &mut records).unwrap_err().message.contains("already approved by T. Lead"));
    }

    #[test]
    fn a_decline_says_why_and_frees_the_dates() {
        let mut records = held();
        apply(ask("lr-1", "2027-01-11", "2027-01-15", &[]), "R. Hughes", &mut records).unwrap();
        let decline = DecideLeave {
            request_id: "lr-1".into(),
            approve: false,
            consultant_id: "con-1".into(),
            decline_reason: None,
        };
        assert!(apply(decline.clone(), "T. Lead", &mut records).unwrap_err().message.contains("reason for declining"));
        let decline = DecideLeave { decline_reason: Some("Two consultants already away".into()), ..decline };
        let written = apply(decline, "T. Lead", &mut records).unwrap();
        assert_eq!(written.len(), 1, "no leave recorded");
        apply(ask("lr-2", "2027-01-12", "2027-01-13", &["lr-1"]), "R. Hughes", &mut records)
            .expect("the declined dates are free");
    }
}
