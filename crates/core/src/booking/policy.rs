//! The trust's booking settings. Every default comes from `pathway-rules.md`; a trust may change any of them.

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

/// The longest reasonable-notice period accepted: longer notice would eat a quarter of the 18-week wait.
pub const MAX_NOTICE_DAYS: i64 = 31;
/// The longest leave notice accepted.
pub const MAX_LEAVE_NOTICE_WEEKS: i64 = 26;

/// A trust setting out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookingPolicyError {
    #[error("Reasonable notice of {0} days is not allowed: enter between 0 and {MAX_NOTICE_DAYS} days (the national rule is 21).")]
    NoticeDays(i64),
    #[error(
        "Leave notice of {0} weeks is not allowed: enter between 0 and {MAX_LEAVE_NOTICE_WEEKS} weeks (6 is usual)."
    )]
    LeaveWeeks(i64),
    #[error("Declined offers before a clinical review must be at least 1 (2 is usual).")]
    DeclinedOffers,
}

/// Booking settings a trust sets once (Trust settings screen) and every booking rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BookingPolicy {
    /// Days between making an offer and the appointment for the offer to be reasonable.
    /// Default 21: "three or more weeks after the offer is made" (rules §1.6, S1 §13 fn 15; §5.1). Tameside uses
    /// two weeks (§5.2), hence a setting.
    pub reasonable_notice_days: i64,
    /// Weeks of notice expected before consultant leave, or before a clinic is cancelled or reduced.
    /// Default 6: "6 weeks' notice for clinic cancellations or reductions" (rules §5.2 CHFT S16, §5.3).
    pub leave_notice_weeks: i64,
    /// Declined reasonable offers after which the pathway is flagged for a clinical review.
    /// Default 2: "If the second is also declined, the clinician may ... start active monitoring" (rules §1.6,
    /// §5.1). The flag asks for a review; the app never discharges (rules §5.2, S1 §4.4.2.1, §8.1).
    pub declined_offers_before_review: u32,
}

from_map!(BookingPolicy { reasonable_notice_days, leave_notice_weeks, declined_offers_before_review });

impl Default for BookingPolicy {
    fn default() -> Self {
        BookingPolicy { reasonable_notice_days: 21, leave_notice_weeks: 6, declined_offers_before_review: 2 }
    }
}

impl BookingPolicy {
    /// The first date to look for a slot from, on `today`, for a referral of `priority`: urgent suspected cancer
    /// from today (the 28-day clock does not wait for notice; the patient accepting short notice is recorded when
    /// they do), others from the reasonable notice date.
    pub fn search_from(&self, priority: crate::model::Priority, today: NaiveDate) -> NaiveDate {
        match priority {
            crate::model::Priority::UrgentSuspectedCancer => today,
            _ => crate::calendar::add_days(today, self.reasonable_notice_days.max(0) as u64),
        }
    }

    /// Checks settings typed on the trust settings screen.
    pub fn validate(&self) -> Result<(), BookingPolicyError> {
        if !(0..=MAX_NOTICE_DAYS).contains(&self.reasonable_notice_days) {
            return Err(BookingPolicyError::NoticeDays(self.reasonable_notice_days));
        }
        if !(0..=MAX_LEAVE_NOTICE_WEEKS).contains(&self.leave_notice_weeks) {
            return Err(BookingPolicyError::LeaveWeeks(self.leave_notice_weeks));
        }
        if self.declined_offers_before_review == 0 {
            return Err(BookingPolicyError::DeclinedOffers);
        }
        Ok(())
    }

    /// The leave and clinic-change notice in days.
    pub fn leave_notice_days(&self) -> i64 {
        self.leave_notice_weeks * 7
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_rules_reference() {
        let policy = BookingPolicy::default();
        assert_eq!(policy.reasonable_notice_days, 21);
        assert_eq!(policy.leave_notice_weeks, 6);
        assert_eq!(policy.leave_notice_days(), 42);
        assert_eq!(policy.declined_offers_before_review, 2);
        assert_eq!(policy.validate(), Ok(()));
    }

    #[test]
    fn settings_out_of_range_are_refused_with_the_allowed_range() {
        let policy = BookingPolicy { reasonable_notice_days: -1, ..BookingPolicy::default() };
        assert_eq!(
            policy.validate().unwrap_err().to_string(),
            "Reasonable notice of -1 days is not allowed: enter between 0 and 31 days (the national rule is 21)."
        );
        let policy = BookingPolicy { reasonable_notice_days: 14, ..BookingPolicy::default() };
        assert_eq!(policy.validate(), Ok(()));
        let policy = BookingPolicy { leave_notice_weeks: 27, ..BookingPolicy::default() };
        assert_eq!(policy.validate(), Err(BookingPolicyError::LeaveWeeks(27)));
        let policy = BookingPolicy { declined_offers_before_review: 0, ..BookingPolicy::default() };
        assert_eq!(policy.validate(), Err(BookingPolicyError::DeclinedOffers));
    }
}
