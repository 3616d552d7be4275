//! The demo's diaries beyond clinics and its leave: each consultant has an admin session and a departmental
//! meeting this week and next; two consultants have leave asked for and waiting for a team lead (one with less
//! than six weeks' notice); and one secretary is on leave today, so "Who is in today" has work to cover.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use crate::diary::{DiaryItem, DiaryItemKind, LeaveKind, LeaveRequest, RequestStatus, StaffLeave};
use crate::model::Consultant;
use crate::record::Record;

fn at(hour: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()
}

pub(crate) fn records(consultants: &[Consultant], today: NaiveDate) -> Vec<Record> {
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let mut records = Vec::new();
    for (index, consultant) in consultants.iter().enumerate() {
        for week in 0..2u64 {
            let day = |offset: u64| monday + Days::new(7 * week + offset);
            records.push(Record::DiaryItem(DiaryItem {
                id: format!("diary-{}-admin-{week}", consultant.id),
                consultant_id: consultant.id.clone(),
                item_kind: DiaryItemKind::Admin,
                title: "Results and letters".to_string(),
                date: day(1 + index as u64 % 3),
                start: at(14),
                end: at(17),
                location: None,
                cancelled: false,
            }));
            records.push(Record::DiaryItem(DiaryItem {
                id: format!("diary-{}-meeting-{week}", consultant.id),
                consultant_id: consultant.id.clone(),
                item_kind: if week == 0 { DiaryItemKind::Meeting } else { DiaryItemKind::Teaching },
                title: if week == 0 { "Departmental governance meeting" } else { "Registrar teaching" }.to_string(),
                date: day(4),
                start: at(8),
                end: at(9),
                location: Some("Education centre".to_string()),
                cancelled: false,
            }));
        }
    }
    for (consultant, weeks_ahead, kind) in
        consultants.iter().take(2).zip([(4u64, LeaveKind::Study), (10, LeaveKind::Annual)]).map(|(c, (w, k))| (c, w, k))
    {
        let from = monday + Days::new(7 * weeks_ahead);
        records.push(Record::LeaveRequest(LeaveRequest {
            id: format!("leave-request-{}", consultant.id),
            consultant_id: consultant.id.clone(),
            leave_kind: kind,
            from,
            to: from + Days::new(4),
            note: (kind == LeaveKind::Study).then(|| "Specialty conference".to_string()),
            requested_on: today - Days::new(1),
            requested_by: consultant.secretary.clone().unwrap_or_else(|| "L. Nowak (Booking team)".to_string()),
            status: RequestStatus::Requested,
            decided_on: None,
            decided_by: None,
            decline_reason: None,
        }));
    }
    if let Some(secretary) = consultants.iter().find_map(|c| c.secretary.clone()) {
        records.push(Record::StaffLeave(StaffLeave {
            id: "staff-leave-demo".to_string(),
            person: secretary,
            from: today,
            to: today + Days::new(2),
            reason: "Annual leave".to_string(),
            recorded_on: today - Days::new(20),
            recorded_by: "T. Lead (Team lead)".to_string(),
        }));
    }
    records
}
