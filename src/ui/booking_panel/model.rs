//! What the booking co-ordinator's screens show, worked out from the records: who is waiting (most urgent first,
//! then by breach date), which free slots to offer, and whether an offer gives reasonable notice. No I/O.

use chrono::{Days, NaiveDate, NaiveTime};
use pathdesk_core::booking::{
    assess_offer, next_free_slot, BookingPolicy, ClinicScope, OfferAssessment, SlotBookings, SlotSearch,
};
use pathdesk_core::model::{Appointment, ClinicSession, Pathway, SessionStatus, SlotType};
use pathdesk_core::pathway::EventKind;
use pathdesk_core::ptl::PtlRow;
use pathdesk_core::sorting;

/// A row of the waiting list.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingRow {
    pub row: PtlRow,
    /// New for a first appointment, follow-up after the first attendance.
    pub slot_type: SlotType,
    /// The date the clinic wants a follow-up by, when it asked for one.
    pub follow_up_due: Option<NaiveDate>,
}

impl WaitingRow {
    /// The date the list is ordered by within a priority: the breach date of a running clock, else the date a
    /// follow-up is due by.
    pub fn due(&self) -> Option<NaiveDate> {
        self.row.rtt.as_ref().filter(|clock| clock.running).map(|clock| clock.breach_date).or(self.follow_up_due)
    }
}

/// Who the waiting list shows: pathways with no appointment to come whose clock still runs (or has none yet), and
/// follow-ups the clinic asked for (clock running or not), ordered by priority (urgent suspected cancer, urgent,
/// routine) and then by breach date or, without a running clock, the follow-up's due date (earliest first).
pub fn waiting_rows(rows: Vec<PtlRow>, pathways: &[Pathway]) -> Vec<WaitingRow> {
    let mut waiting: Vec<WaitingRow> = rows
        .into_iter()
        .filter(|row| row.next_booked.is_none())
        .filter_map(|row| {
            let pathway = pathways.iter().find(|p| p.id == row.pathway_id);
            let follow_up_due = pathway.and_then(|p| p.follow_up_due);
            let clock_waiting = row.rtt.as_ref().is_none_or(|clock| clock.running);
            if !clock_waiting && follow_up_due.is_none() {
                return None;
            }
            let slot_type = pathway.map(next_slot_type).unwrap_or(SlotType::New);
            Some(WaitingRow { row, slot_type, follow_up_due })
        })
        .collect();
    sorting::sort_by(&mut waiting, |a, b| {
        let (da, db) = (a.due(), b.due());
        // A pathway with no date to keep goes after those with one.
        a.row
            .priority
            .cmp(&b.row.priority)
            .then_with(|| da.is_none().cmp(&db.is_none()))
            .then_with(|| da.cmp(&db))
            .then_with(|| a.row.pathway_id.cmp(&b.row.pathway_id))
    });
    waiting
}

/// Keep the rows of a specialty and a consultant (empty = any).
pub fn filter_rows(rows: &[WaitingRow], specialty_id: &str, consultant_id: &str) -> Vec<WaitingRow> {
    rows.iter()
        .filter(|w| specialty_id.is_empty() || w.row.specialty_id == specialty_id)
        .filter(|w| consultant_id.is_empty() || w.row.consultant_id == consultant_id)
        .cloned()
        .collect()
}

/// The slot type a pathway's next appointment needs: New until its first outpatient attendance, then follow-up.
pub fn next_slot_type(pathway: &Pathway) -> SlotType {
    if pathway.events.iter().any(|e| matches!(e.kind, EventKind::OutpatientAttended { .. })) {
        SlotType::FollowUp
    } else {
        SlotType::New
    }
}

/// A free slot as the booking panel offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotChoice {
    pub session_id: String,
    pub slot_id: String,
    pub clinic: String,
    pub location: String,
    pub consultant_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub free_places: u32,
}

/// The first date a reasonable offer made on `today` can be for.
pub fn earliest_reasonable(policy: &BookingPolicy, today: NaiveDate) -> NaiveDate {
    today + Days::new(policy.reasonable_notice_days.max(0) as u64)
}

/// Free slots of `slot_type` from `earliest`: first the core's next free slot with the pathway's consultant (or,
/// when they have none, in the specialty), then up to `more` further free slots in the specialty, in date order.
pub fn free_slots(
    sessions: &[ClinicSession],
    appointments: &[Appointment],
    pathway: &Pathway,
    slot_type: SlotType,
    earliest: NaiveDate,
    more: usize,
) -> Vec<SlotChoice> {
    let bookings = SlotBookings::new(appointments);
    let consultant =
        SlotSearch { slot_type, scope: ClinicScope::Consultant(&pathway.consultant_id), earliest, latest: None };
    let specialty = SlotSearch { scope: ClinicScope::Specialty(&pathway.specialty_id), ..consultant };
    let first =
        next_free_slot(sessions, &bookings, &consultant).or_else(|| next_free_slot(sessions, &bookings, &specialty));
    let choice = |session: &ClinicSession, slot_id: &str, start: NaiveTime, free_places: u32| SlotChoice {
        session_id: session.id.clone(),
        slot_id: slot_id.to_string(),
        clinic: session.name.clone(),
        location: session.location.clone(),
        consultant_id: session.consultant_id.clone(),
        date: session.date,
        start,
        free_places,
    };
    let mut found: Vec<SlotChoice> =
        first.iter().map(|free| choice(free.session, &free.slot.id, free.slot.start, free.free_places)).collect();
    let mut others: Vec<SlotChoice> = sessions
        .iter()
        .filter(|s| s.date >= earliest && s.specialty_id == pathway.specialty_id)
        .filter(|s| !matches!(s.status, SessionStatus::Cancelled { .. }))
        .flat_map(|s| {
            let bookings = &bookings;
            s.slots
                .iter()
                .filter(move |slot| slot.slot_type == slot_type && bookings.free_places(slot) > 0)
                .map(move |slot| choice(s, &slot.id, slot.start, bookings.free_places(slot)))
        })
        .filter(|c| !found.iter().any(|f| f.slot_id == c.slot_id && f.session_id == c.session_id))
        .collect();
    sorting::sort_by(&mut others, |a, b| {
        (a.date, a.start, &a.session_id, &a.slot_id).cmp(&(b.date, b.start, &b.session_id, &b.slot_id))
    });
    found.extend(others.into_iter().take(more));
    found
}

/// How an offer made today for `date` stands against the notice rule (the same words the core refuses with).
pub fn notice_for(
    policy: &BookingPolicy,
    today: NaiveDate,
    date: NaiveDate,
    accepted_earlier: bool,
) -> Option<OfferAssessment> {
    assess_offer(policy, today, date, accepted_earlier).ok()
}
