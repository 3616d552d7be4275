//! Declined offers: after the trust's number of declined reasonable offers (2 by default) the pathway is flagged
//! for a clinical review.
//!
//! The app never discharges a patient, nor stops a clock, because offers were declined: "It is not acceptable to
//! discharge someone to the GP simply because they want to wait" (rules §1.6, §5.2). Active monitoring or
//! discharge is a clinician's decision, agreed with the patient, recorded as a pathway event.

use chrono::NaiveDate;

use super::display::uk_date;
use super::offer::Offer;
use super::policy::BookingPolicy;
use crate::pathway::{PathwayEvent, RttClock};
use crate::sorting;

/// After a first declined date, the second date should be within 6 weeks of it (rules §1.6, S1 §8.3).
pub const SECOND_OFFER_WITHIN_DAYS: u64 = 42;

/// Where a pathway stands on declined offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclinedOffersReview<'a> {
    /// Declined reasonable offers, in the order they were offered.
    pub declined_reasonable: Vec<&'a Offer>,
    /// Declined offers that gave too little notice: they do not count.
    pub declined_short_notice: usize,
    /// Ask the responsible clinician to review the pathway (never an automatic discharge).
    pub clinical_review_needed: bool,
    /// What to do next, for the booking co-ordinator.
    pub message: String,
}

/// The offers made in the pathway's current waiting period (since its RTT clock started; all of them when no clock
/// has started): only these count towards a clinical review.
pub fn offers_in_current_period(offers: &[Offer], events: &[PathwayEvent], today: NaiveDate) -> Vec<Offer> {
    let clock_start = RttClock::compute(events, today).start();
    offers.iter().filter(|offer| clock_start.is_none_or(|start| offer.offered_on >= start)).cloned().collect()
}

/// Reviews the offers of one pathway's current waiting period (pass only offers made since its clock started).
pub fn review_declined_offers<'a>(policy: &BookingPolicy, offers: &'a [Offer]) -> DeclinedOffersReview<'a> {
    let mut declined_reasonable: Vec<&Offer> =
        offers.iter().filter(|offer| offer.declined && offer.reasonable).collect();
    sorting::sort_by_key(&mut declined_reasonable, |offer| (offer.offered_on, offer.appointment_date));
    // The same date declined twice (recorded again, or from two desks) is one declined offer.
    let mut dates_seen = Vec::new();
    declined_reasonable.retain(|offer| {
        let first_time = !dates_seen.contains(&offer.appointment_date);
        dates_seen.push(offer.appointment_date);
        first_time
    });
    let declined_short_notice = offers.iter().filter(|offer| offer.declined && !offer.reasonable).count();
    let count = declined_reasonable.len();
    let threshold = policy.declined_offers_before_review.max(1) as usize;
    let clinical_review_needed = count >= threshold;

    let mut message = if clinical_review_needed {
        format!(
            "{count} reasonable offers declined ({}): clinical review needed. Ask the responsible clinician to review \
             the pathway with the patient. Do not discharge the patient: discharge or active monitoring is a \
             clinician's decision, agreed with the patient.",
            list_dates(&declined_reasonable)
        )
    } else if count == 0 {
        "No reasonable offers declined.".to_string()
    } else {
        let first = declined_reasonable[0].appointment_date;
        let next = if count == 1 {
            format!("Offer a second date within 6 weeks of the first, by {}.", uk_date(second_offer_by(first)))
        } else {
            "Offer another reasonable date.".to_string()
        };
        format!(
            "{count} reasonable {} declined ({}); a clinical review is needed after {threshold}. {next}",
            if count == 1 { "offer" } else { "offers" },
            list_dates(&declined_reasonable)
        )
    };
    if declined_short_notice > 0 {
        message.push_str(&format!(
            " {declined_short_notice} declined {} gave too little notice and {} not count.",
            if declined_short_notice == 1 { "offer" } else { "offers" },
            if declined_short_notice == 1 { "does" } else { "do" },
        ));
    }
    DeclinedOffersReview { declined_reasonable, declined_short_notice, clinical_review_needed, message }
}

fn list_dates(offers: &[&Offer]) -> String {
    let dates: Vec<String> = offers.iter().map(|offer| uk_date(offer.appointment_date)).collect();
    format!("dates {}", dates.join(", "))
}

/// The last date for the second offer after a first declined date (the last date there is, for a date at the end
/// of the calendar: never a panic).
pub fn second_offer_by(first_declined_date: NaiveDate) -> NaiveDate {
    crate::calendar::add_days(first_declined_date, SECOND_OFFER_WITHIN_DAYS)
}
