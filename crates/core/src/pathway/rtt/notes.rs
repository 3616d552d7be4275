//! Things staff should look at on a pathway, found while working out its RTT clock.

/// Things staff should look at, found while evaluating (kept as bits: no allocation on the PTL's hot path).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RttNotes(u32);

/// One thing to look at on a pathway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RttNote {
    FirstDnaNotClearlyCommunicated,
    TwoWeekWaitFirstDnaNeedsClinicalDecision,
    DnaDischargeConditionsNotMet,
    SelfReferralAwaitingRatification,
    WaitingForErsBooking,
    DecisionNotYetCommunicated,
    TwoDeclinedReasonableOffers,
    ThinkingTimeNeedsConversation,
    RebookingDateNotRecorded,
    TransferStartNotKnown,
    UnmatchedTransplantListStopsAtAdmission,
    AdmissionDidNotStopClock,
}

const ALL_NOTES: [RttNote; 12] = [
    RttNote::FirstDnaNotClearlyCommunicated,
    RttNote::TwoWeekWaitFirstDnaNeedsClinicalDecision,
    RttNote::DnaDischargeConditionsNotMet,
    RttNote::SelfReferralAwaitingRatification,
    RttNote::WaitingForErsBooking,
    RttNote::DecisionNotYetCommunicated,
    RttNote::TwoDeclinedReasonableOffers,
    RttNote::ThinkingTimeNeedsConversation,
    RttNote::RebookingDateNotRecorded,
    RttNote::TransferStartNotKnown,
    RttNote::UnmatchedTransplantListStopsAtAdmission,
    RttNote::AdmissionDidNotStopClock,
];

impl RttNote {
    pub fn text(self) -> &'static str {
        use RttNote::*;
        match self {
            FirstDnaNotClearlyCommunicated => {
                "First appointment DNA but the appointment was not shown to be clearly communicated: the clock runs on"
            }
            TwoWeekWaitFirstDnaNeedsClinicalDecision => {
                "Two-week-wait first appointment DNA: the clock runs on unless a clinician decides to discharge"
            }
            DnaDischargeConditionsNotMet => {
                "Discharge after a DNA without a clearly communicated appointment or outside the published DNA \
                 policy: the clock has not stopped; ask the clinician to review"
            }
            SelfReferralAwaitingRatification => {
                "Self-referral not yet ratified by a care professional: no clock until it is"
            }
            WaitingForErsBooking => "e-Referral created: the clock starts when the patient books (UBRN converted)",
            DecisionNotYetCommunicated => {
                "A decision was recorded but not yet told to the patient: the clock stops when it is"
            }
            TwoDeclinedReasonableOffers => {
                "Two reasonable dates declined: the clinician may agree active monitoring with the patient \
                 (never an automatic discharge)"
            }
            ThinkingTimeNeedsConversation => {
                "Thinking time of more than 14 days: agree next steps with the patient (active monitoring if longer)"
            }
            RebookingDateNotRecorded => {
                "Attendance after a nullified DNA without a rebooking date: the new clock starts at the attendance"
            }
            TransferStartNotKnown => {
                "Transfer in without the original clock start (IPT minimum data set): using the date received"
            }
            UnmatchedTransplantListStopsAtAdmission => {
                "Unmatched transplant list: the clock stops at admission, not at listing"
            }
            AdmissionDidNotStopClock => {
                "Admission without definitive treatment (diagnostic, cancelled or not done): the clock runs on"
            }
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl RttNotes {
    pub fn add(&mut self, note: RttNote) {
        self.0 |= note.bit();
    }
    pub fn contains(self, note: RttNote) -> bool {
        self.0 & note.bit() != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = RttNote> {
        ALL_NOTES.into_iter().filter(move |n| self.contains(*n))
    }
}
