//! Reasonable notice: an offer is reasonable when the appointment is at least the trust's notice period (21 days
//! by default) after the offer is made, or earlier when the patient accepted the earlier date (rules §1.6, §5.1).

use crate::from_map::words;
use chrono::NaiveDate;

use super::display::{notice, uk_date};
use super::policy::BookingPolicy;
use crate::rejection::Rejection;

/// How an offer stands against the notice rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferNotice {
    /// At least the notice period.
    Reasonable,
    /// Less notice, but the patient accepted the earlier date: still a reasonable offer.
    ShortNoticeAccepted,
    /// Less notice and not accepted: if declined, it does not count as a declined reasonable offer.
    ShortNotice,
}

words!(OfferNotice { Reasonable = "reasonable", ShortNoticeAccepted = "short_notice_accepted", ShortNotice = "short_notice" });

/// The notice an offer gives and what it means for the booking co-ordinator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferAssessment {
    /// Appointment date minus the date of the offer.
    pub notice_days: i64,
    pub notice: OfferNotice,
    pub message: String,
}

impl OfferAssessment {
    pub fn is_reasonable(&self) -> bool {
        self.notice != OfferNotice::ShortNotice
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The appointment date ({}) is before the date of the offer ({}). Check both dates.", uk_date(*appointment_date), uk_date(*offered_on))]
pub struct OfferDateError {
    pub offered_on: NaiveDate,
    pub appointment_date: NaiveDate,
}

impl From<OfferDateError> for Rejection {
    fn from(error: OfferDateError) -> Self {
        Rejection::invalid(error.to_string())
    }
}

/// Classifies an offer made on `offered_on` for an appointment on `appointment_date`.
/// `patient_accepted_earlier_date` is the recorded fact that the patient agreed to a date at shorter notice.
pub fn assess_offer(
    policy: &BookingPolicy,
    offered_on: NaiveDate,
    appointment_date: NaiveDate,
    patient_accepted_earlier_date: bool,
) -> Result<OfferAssessment, OfferDateError> {
    if appointment_date < offered_on {
        return Err(OfferDateError { offered_on, appointment_date });
    }
    let notice_days = (appointment_date - offered_on).num_days();
    let needed = policy.reasonable_notice_days;
    let (notice, message) = if notice_days >= needed {
        (OfferNotice::Reasonable, format!("Reasonable offer: {} (at least {needed} days needed).", notice(notice_days)))
    } else if patient_accepted_earlier_date {
        (
            OfferNotice::ShortNoticeAccepted,
            format!(
                "{} is less than {needed} days, but the patient accepted the earlier date, so it is a reasonable \
                 offer.",
                notice(notice_days)
            ),
        )
    } else {
        let first_reasonable = crate::calendar::add_days(offered_on, needed.max(0) as u64);
        (
            OfferNotice::ShortNotice,
            format!(
                "Only {}: a reasonable offer needs at least {needed} days. Offer a date on or after {}, or record \
                 that the patient accepted this earlier date. If the patient declines it, it does not count as a \
                 declined reasonable offer.",
                notice(notice_days),
                uk_date(first_reasonable)
            ),
        )
    };
    Ok(OfferAssessment { notice_days, notice, message })
}

pub use crate::model::Offer;

impl Offer {
    /// Records a new offer (not declined), classifying its notice under `policy`.
    pub fn new(
        policy: &BookingPolicy,
        id: impl Into<String>,
        pathway_id: impl Into<String>,
        offered_on: NaiveDate,
        appointment_date: NaiveDate,
        patient_accepted_earlier_date: bool,
    ) -> Result<Offer, OfferDateError> {
        let assessment = assess_offer(policy, offered_on, appointment_date, patient_accepted_earlier_date)?;
        Ok(Offer {
            id: id.into(),
            pathway_id: pathway_id.into(),
            offered_on,
            appointment_date,
            patient_accepted_earlier_date,
            reasonable: assessment.is_reasonable(),
            declined: false,
        })
    }
}
