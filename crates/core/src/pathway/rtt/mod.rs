//! Referral to treatment (18 weeks): a pathway's events become a sequence of RTT periods (never two at once).
//! Rules: `pathway-rules.md` §1. Clock starts §1.2, stops §1.3, DNAs §1.4; no pauses (§1.7).
//!
//! `RttTracker` walks the events once, keeping only the latest and the previous period, so the PTL can evaluate
//! a whole waiting list without allocating. `rtt_periods` gives every period (for the case evaluator and screens).

use chrono::NaiveDate;

use crate::pathway::event::{AdmissionPurpose, CancerRoute, EventKind, Initiator, PathwayEvent, ReferralSource};
use crate::pathway::policy;
use crate::pathway::wait::RttWait;

mod notes;

#[cfg(test)]
mod tests;

pub use super::rtt_status::RttStatus;
pub use notes::{RttNote, RttNotes};

/// How an RTT period's clock started (§1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStartReason {
    /// Referral received by the provider (rule 1), or a re-referral (rule 3c).
    ReferralReceived,
    /// e-RS: the patient converted the UBRN (booked), or the referral reached the ASI worklist.
    ErsBooked,
    /// Interface or assessment service received the GP referral (the acute provider keeps that date).
    InterfaceService,
    /// Transfer in: the original clock start from the IPT minimum data set.
    InterProviderTransfer,
    /// Self-referral ratified by a care professional (rule 2).
    SelfReferral,
    /// Second side of a bilateral procedure, fit and ready (rule 3a).
    BilateralSecondSide,
    /// Substantively new or different treatment (rule 3b).
    SubstantivelyNewTreatment,
    /// Decision to treat after active monitoring (rule 3d).
    AfterActiveMonitoring,
    /// Patient contacted the trust to rebook after a nullified first DNA (rule 3e).
    PatientRebooked,
    /// Clinician decided to re-offer after a nullified first DNA (rule 3e).
    ClinicianReoffered,
    /// Consultant-to-consultant referral for a separate condition (new pathway, status 12).
    NewCondition,
    /// Patient decided to go ahead after declining treatment.
    PatientProceeded,
}

impl ClockStartReason {
    /// The reason as a word for the case format and logs, e.g. "after_active_monitoring".
    pub fn as_str(self) -> &'static str {
        use ClockStartReason::*;
        match self {
            ReferralReceived => "referral_received",
            ErsBooked => "ers_booked",
            InterfaceService => "interface_service",
            InterProviderTransfer => "inter_provider_transfer",
            SelfReferral => "self_referral",
            BilateralSecondSide => "bilateral_second_side",
            SubstantivelyNewTreatment => "substantively_new_treatment",
            AfterActiveMonitoring => "after_active_monitoring",
            PatientRebooked => "patient_rebooked",
            ClinicianReoffered => "clinician_reoffered",
            NewCondition => "new_condition",
            PatientProceeded => "patient_proceeded",
        }
    }
}

/// How and when an RTT period's clock stopped (§1.3, §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockStop {
    pub date: NaiveDate,
    pub status: RttStatus,
    /// For a DNA-discharge stop: the DNA date and the discharge date (both shown, §1.4).
    pub dna_on: Option<NaiveDate>,
    pub discharged_on: Option<NaiveDate>,
    /// For a death: the date of death and the date the hospital was told.
    pub died_on: Option<NaiveDate>,
    pub hospital_informed_on: Option<NaiveDate>,
}

impl ClockStop {
    fn on(date: NaiveDate, status: RttStatus) -> Self {
        ClockStop { date, status, dna_on: None, discharged_on: None, died_on: None, hospital_informed_on: None }
    }
}

/// One RTT period: a clock start and, once stopped, its stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RttPeriod {
    pub start: NaiveDate,
    pub start_reason: ClockStartReason,
    /// Status of the first activity in the period (10, 11 or 12), once there has been one.
    pub first_activity: Option<RttStatus>,
    pub stop: Option<ClockStop>,
    /// A first-appointment DNA (status 33): removed from both numerator and denominator, never reported.
    pub nullified: bool,
}

impl RttPeriod {
    pub fn is_running(&self) -> bool {
        self.stop.is_none()
    }

    /// The wait of this period: to its stop, or to `as_of` while running.
    pub fn wait(&self, as_of: NaiveDate) -> RttWait {
        let end = self.stop.map_or(as_of, |stop| stop.date);
        RttWait::new(self.start, end)
    }
}

/// A DNA of a later appointment, waiting to see whether the patient is rebooked or discharged.
#[derive(Debug, Clone, Copy)]
struct PendingDna {
    on: NaiveDate,
    clearly_communicated: bool,
    first: bool,
}

/// Walks a pathway's events in order and keeps the latest RTT period (and the one before).
#[derive(Debug, Clone, Default)]
pub struct RttTracker {
    current: Option<RttPeriod>,
    previous: Option<RttPeriod>,
    periods_started: u32,
    notes: RttNotes,
    referral_received_on: Option<NaiveDate>,
    ers_created_on: Option<NaiveDate>,
    unratified_self_referral_on: Option<NaiveDate>,
    transfer_start: Option<NaiveDate>,
    two_week_wait: bool,
    attended_in_period: bool,
    pending_dna: Option<PendingDna>,
    declined_reasonable_offers: u32,
    died_on: Option<NaiveDate>,
    /// An admission of the running period whose purpose was not recorded: an admitted first definitive treatment
    /// that follows may have been given in it (see `policy::admitted_treatment_stop_date`).
    admitted_on: Option<NaiveDate>,
}

impl RttTracker {
    pub fn new() -> Self {
        Self::default()
    }

    /// The latest period: running, stopped or nullified.
    pub fn current(&self) -> Option<&RttPeriod> {
        self.current.as_ref()
    }

    /// The period before the latest one.
    pub fn previous(&self) -> Option<&RttPeriod> {
        self.previous.as_ref()
    }

    pub fn notes(&self) -> RttNotes {
        let mut notes = self.notes;
        if self.waiting_for_ers_booking() {
            notes.add(RttNote::WaitingForErsBooking);
        }
        notes
    }

    /// The date a referral was first received on this pathway.
    pub fn referral_received_on(&self) -> Option<NaiveDate> {
        self.referral_received_on
    }

    /// Has the current period had an attendance (so a DNA now is not of the first appointment)?
    pub fn attended_in_period(&self) -> bool {
        self.attended_in_period
    }

    /// Recorded death date, if any.
    pub fn died_on(&self) -> Option<NaiveDate> {
        self.died_on
    }

    /// Is an e-Referral waiting for the patient to book?
    pub fn waiting_for_ers_booking(&self) -> bool {
        self.ers_created_on.is_some() && self.current.is_none()
    }

    /// The running period, if the clock is running.
    pub fn running(&self) -> Option<&RttPeriod> {
        self.current.as_ref().filter(|p| p.is_running())
    }

    /// Applies one event; returns the period it displaced, if it started a new one.
    pub fn apply(&mut self, event: &PathwayEvent) -> Option<RttPeriod> {
        let date = event.date?;
        use EventKind::*;
        match &event.kind {
            ReferralReceived(referral) => {
                if self.referral_received_on.is_none() {
                    self.referral_received_on = Some(date);
                }
                if matches!(referral.route, Some(CancerRoute::UrgentSuspectedCancer)) {
                    self.two_week_wait = true;
                }
                self.referral(
                    date,
                    referral.source.as_ref(),
                    referral.ratified_by_care_professional,
                    referral.iptamds_rtt_start,
                )
            }
            ErsReferralCreated { .. } => {
                if self.current.is_none() && self.ers_created_on.is_none() {
                    self.ers_created_on = Some(date);
                }
                None
            }
            UbrnConverted {} => {
                if self.current.is_none() {
                    self.referral_received_on.get_or_insert(date);
                    return self.start(date, ClockStartReason::ErsBooked, None);
                }
                None
            }
            OutpatientAttended { .. } => {
                if self.nullified() {
                    self.notes.add(RttNote::RebookingDateNotRecorded);
                    let displaced = self.start(date, ClockStartReason::PatientRebooked, None);
                    self.activity();
                    return displaced;
                }
                self.activity();
                self.attended_in_period = true;
                self.pending_dna = None;
                None
            }
            DecisionToAdmit {} => {
                self.activity();
                None
            }
            DecisionToTreat(decision) => {
                let stopped = self.current.is_some_and(|p| !p.is_running());
                let on_active_monitoring =
                    self.stopped_with(&[RttStatus::ActiveMonitoringByPatient, RttStatus::ActiveMonitoringByClinician]);
                if stopped && (decision.after_active_monitoring == Some(true) || on_active_monitoring) {
                    let displaced = self.start(
                        date,
                        ClockStartReason::AfterActiveMonitoring,
                        Some(RttStatus::FirstActivityAfterActiveMonitoring),
                    );
                    return displaced;
                }
                if stopped && decision.substantively_new_treatment == Some(true) {
                    return self.start(
                        date,
                        ClockStartReason::SubstantivelyNewTreatment,
                        Some(RttStatus::FirstActivity),
                    );
                }
                self.activity();
                None
            }
            Admitted(admission) => {
                let treated = matches!(admission.purpose, Some(AdmissionPurpose::FirstDefinitiveTreatment))
                    && admission.procedure_done != Some(false)
                    && admission.cancelled_by.is_none();
                if self.running().is_some() {
                    self.activity();
                    if treated {
                        self.stop(ClockStop::on(date, RttStatus::FirstDefinitiveTreatment));
                    } else {
                        self.notes.add(RttNote::AdmissionDidNotStopClock);
                        let purpose_unknown = admission.purpose.is_none()
                            && admission.procedure_done != Some(false)
                            && admission.cancelled_by.is_none();
                        self.admitted_on = purpose_unknown.then_some(date);
                    }
                }
                None
            }
            FirstDefinitiveTreatment(treatment) => {
                if self.running().is_some() {
                    self.activity();
                    let stop_on =
                        policy::admitted_treatment_stop_date(treatment.setting.as_ref(), self.admitted_on, date);
                    self.stop(ClockStop::on(stop_on, RttStatus::FirstDefinitiveTreatment));
                }
                None
            }
            AppointmentDna { first, clearly_communicated } => {
                self.dna(date, *first, policy::dna_was_clearly_communicated(*clearly_communicated));
                None
            }
            AppointmentRebookedByProvider {} => {
                self.pending_dna = None;
                None
            }
            PatientContactsToRebook {} => {
                if self.nullified() {
                    return self.start(date, ClockStartReason::PatientRebooked, None);
                }
                None
            }
            ClinicianDecidesReoffer {} => {
                if self.nullified() {
                    return self.start(date, ClockStartReason::ClinicianReoffered, None);
                }
                None
            }
            ClinicianReviewsAndDischargesToGp { applies_to_dna_on, per_published_dna_policy } => {
                self.discharge(date, *applies_to_dna_on, *per_published_dna_policy);
                None
            }
            PatientCancelled { .. } => None,
            TciOfferDeclined { notice_days, .. } => {
                if notice_days.is_none_or(|d| i64::from(d) >= policy::REASONABLE_OFFER_NOTICE_DAYS) {
                    self.declined_reasonable_offers += 1;
                    if self.declined_reasonable_offers >= 2 && self.running().is_some() {
                        self.notes.add(RttNote::TwoDeclinedReasonableOffers);
                    }
                }
                None
            }
            ThinkingTimeAgreed { days } => {
                if days.is_some_and(|d| i64::from(d) > policy::THINKING_TIME_REVIEW_DAYS) {
                    self.notes.add(RttNote::ThinkingTimeNeedsConversation);
                }
                None
            }
            ActiveMonitoringStart(monitoring) => {
                let status = match monitoring.initiated_by {
                    Some(Initiator::Patient) => RttStatus::ActiveMonitoringByPatient,
                    _ => RttStatus::ActiveMonitoringByClinician,
                };
                if self.running().is_some() {
                    self.activity();
                    self.stop(ClockStop::on(date, status));
                }
                None
            }
            PatientDecidesToProceed {} => {
                const ACTIVE_MONITORING: [RttStatus; 2] =
                    [RttStatus::ActiveMonitoringByPatient, RttStatus::ActiveMonitoringByClinician];
                if self.stopped_with(&ACTIVE_MONITORING) {
                    return self.start(
                        date,
                        ClockStartReason::AfterActiveMonitoring,
                        Some(RttStatus::FirstActivityAfterActiveMonitoring),
                    );
                }
                if policy::PROCEEDING_AFTER_DECLINE_STARTS_NEW_CLOCK
                    && self.stopped_with(&[RttStatus::PatientDeclinedTreatment])
                {
                    return self.start(date, ClockStartReason::PatientProceeded, Some(RttStatus::FirstActivity));
                }
                None
            }
            DecisionNotToTreat { communicated_to_patient } => {
                self.stop_if_communicated(date, *communicated_to_patient, RttStatus::DecisionNotToTreat);
                None
            }
            PatientDeclinesAllTreatment { communicated } => {
                self.stop_if_communicated(date, *communicated, RttStatus::PatientDeclinedTreatment);
                None
            }
            InterProviderTransferSent(transfer) => {
                if let Some(start) = transfer.iptamds_rtt_start {
                    self.transfer_start = Some(start);
                }
                None
            }
            FitAndReadySecondBilateral {} => {
                if self.current.is_some_and(|p| !p.is_running()) {
                    return self.start(date, ClockStartReason::BilateralSecondSide, None);
                }
                None
            }
            AddedToTransplantList { matched_transplant, communicated_to_patient } => {
                self.running()?;
                if !policy::transplant_list_is_matched(*matched_transplant) {
                    self.notes.add(RttNote::UnmatchedTransplantListStopsAtAdmission);
                    return None;
                }
                self.stop_if_communicated(date, *communicated_to_patient, RttStatus::DecisionNotToTreat);
                None
            }
            PatientDied {} => {
                self.died_on.get_or_insert(date);
                if self.running().is_some() {
                    let mut stop = ClockStop::on(policy::death_stop_date(date, None), RttStatus::PatientDied);
                    stop.died_on = Some(date);
                    self.stop(stop);
                }
                None
            }
            HospitalInformedOfDeath {} => {
                if let Some(period) = self.current.as_mut() {
                    match period.stop.as_mut() {
                        Some(stop) if stop.status == RttStatus::PatientDied && stop.hospital_informed_on.is_none() => {
                            stop.hospital_informed_on = Some(date);
                            stop.date = policy::death_stop_date(stop.died_on.unwrap_or(stop.date), Some(date));
                        }
                        Some(_) => {}
                        None => {
                            let died_on = self.died_on.unwrap_or(date);
                            let mut stop =
                                ClockStop::on(policy::death_stop_date(died_on, Some(date)), RttStatus::PatientDied);
                            stop.hospital_informed_on = Some(date);
                            stop.died_on = self.died_on;
                            self.stop(stop);
                        }
                    }
                }
                None
            }
            ConsultantReferralNewCondition(referral) => {
                // Referred to another provider: its clock starts when that provider receives the referral.
                if self.current.is_none() && referral.same_provider != Some(false) {
                    self.referral_received_on.get_or_insert(date);
                    return self.start(
                        date,
                        ClockStartReason::NewCondition,
                        Some(RttStatus::FirstActivityNewCondition),
                    );
                }
                None
            }
            FirstSeen {} => {
                self.activity();
                self.attended_in_period = true;
                self.pending_dna = None;
                None
            }
            TreatmentStart(_) => {
                if self.running().is_some() {
                    self.activity();
                    self.stop(ClockStop::on(date, RttStatus::FirstDefinitiveTreatment));
                }
                None
            }
            ConsultantUpgrade {}
            | OutcomeCommunicated { .. }
            | EarliestClinicallyAppropriateDateSet { .. }
            | AdmissionOfferDeclined { .. }
            | InterProviderTransferReceived(_)
            | ClinicAttended {}
            | RequestReceived {}
            | Triaged { .. } => None,
        }
    }

    fn started_by_referral(&self) -> bool {
        use ClockStartReason::*;
        self.current.is_some_and(|p| {
            matches!(
                p.start_reason,
                ReferralReceived
                    | ErsBooked
                    | InterfaceService
                    | InterProviderTransfer
                    | SelfReferral
                    | PatientRebooked
                    | ClinicianReoffered
                    | NewCondition
            )
        })
    }

    fn nullified(&self) -> bool {
        self.current.is_some_and(|p| p.nullified)
    }

    fn stopped_with(&self, statuses: &[RttStatus]) -> bool {
        self.current.is_some_and(|p| !p.nullified && p.stop.is_some_and(|s| statuses.contains(&s.status)))
    }

    fn referral(
        &mut self,
        date: NaiveDate,
        source: Option<&ReferralSource>,
        ratified: Option<bool>,
        iptamds_start: Option<NaiveDate>,
    ) -> Option<RttPeriod> {
        if self.running().is_some() {
            // The same referral arriving at the next service (interface service, transfer in, e-RS receipt):
            // the clock keeps its original start.
            return None;
        }
        match source {
            Some(ReferralSource::SelfReferral) if !policy::self_referral_ratified(ratified) => {
                self.unratified_self_referral_on.get_or_insert(date);
                self.notes.add(RttNote::SelfReferralAwaitingRatification);
                None
            }
            Some(ReferralSource::SelfReferral) => {
                let start = self.unratified_self_referral_on.take().unwrap_or(date);
                self.start(start, ClockStartReason::SelfReferral, None)
            }
            Some(ReferralSource::InterProviderTransfer) => {
                let start = iptamds_start.or(self.transfer_start).unwrap_or_else(|| {
                    self.notes.add(RttNote::TransferStartNotKnown);
                    date
                });
                self.start(start, ClockStartReason::InterProviderTransfer, None)
            }
            Some(ReferralSource::InterfaceService) => self.start(date, ClockStartReason::InterfaceService, None),
            _ => self.start(date, ClockStartReason::ReferralReceived, None),
        }
    }

    fn start(&mut self, date: NaiveDate, reason: ClockStartReason, first: Option<RttStatus>) -> Option<RttPeriod> {
        let period =
            RttPeriod { start: date, start_reason: reason, first_activity: first, stop: None, nullified: false };
        self.periods_started += 1;
        self.attended_in_period = false;
        self.pending_dna = None;
        self.declined_reasonable_offers = 0;
        self.admitted_on = None;
        let displaced = self.current.replace(period);
        if displaced.is_some() {
            self.previous = displaced;
        }
        displaced
    }

    fn stop(&mut self, stop: ClockStop) {
        if let Some(period) = self.current.as_mut().filter(|p| p.is_running()) {
            period.stop = Some(stop);
            self.pending_dna = None;
            self.admitted_on = None;
        }
    }

    /// Marks the first activity of a running period (status 10 unless the start set 11 or 12).
    fn activity(&mut self) {
        if let Some(period) = self.current.as_mut().filter(|p| p.is_running()) {
            period.first_activity.get_or_insert(RttStatus::FirstActivity);
        }
    }

    fn stop_if_communicated(&mut self, date: NaiveDate, communicated: Option<bool>, status: RttStatus) {
        if self.running().is_none() {
            return;
        }
        if policy::communicated(communicated) {
            self.activity();
            self.stop(ClockStop::on(date, status));
        } else {
            self.notes.add(RttNote::DecisionNotYetCommunicated);
        }
    }

    fn dna(&mut self, date: NaiveDate, first: Option<bool>, clearly_communicated: bool) {
        if self.running().is_none() {
            return;
        }
        // Unless the event says, a DNA is of the first appointment when nothing has been attended since a
        // referral-type clock start (a clock restarted by a decision to treat has no "first appointment").
        let first = first.unwrap_or_else(|| !self.attended_in_period && self.started_by_referral());
        if first && clearly_communicated && !(self.two_week_wait && policy::TWO_WEEK_WAIT_FIRST_DNA_NEEDS_DISCHARGE) {
            self.stop(ClockStop::on(date, RttStatus::DidNotAttendFirstActivity));
            if let Some(period) = self.current.as_mut() {
                period.nullified = true;
            }
            return;
        }
        if first && !clearly_communicated {
            self.notes.add(RttNote::FirstDnaNotClearlyCommunicated);
        } else if first {
            self.notes.add(RttNote::TwoWeekWaitFirstDnaNeedsClinicalDecision);
        }
        self.pending_dna = Some(PendingDna { on: date, clearly_communicated, first });
    }

    fn discharge(&mut self, date: NaiveDate, applies_to_dna_on: Option<NaiveDate>, per_policy: Option<bool>) {
        if let Some(period) = self.current.as_mut().filter(|p| p.nullified) {
            // Discharged after the first-appointment DNA that nullified the clock: shown with the stop.
            if let Some(stop) = period.stop.as_mut() {
                stop.dna_on.get_or_insert(stop.date);
                stop.discharged_on.get_or_insert(date);
            }
            return;
        }
        if self.running().is_none() {
            return;
        }
        let dna = match (applies_to_dna_on, self.pending_dna) {
            (Some(on), Some(pending)) if pending.on == on => Some(pending),
            (Some(on), _) => Some(PendingDna { on, clearly_communicated: true, first: false }),
            (None, pending) => pending,
        };
        let Some(dna) = dna else {
            // A discharge back to primary care with no DNA behind it (rule 5a).
            self.stop(ClockStop::on(date, policy::DISCHARGE_TO_GP_STATUS));
            return;
        };
        if !policy::dna_discharge_stops_clock(dna.clearly_communicated, per_policy) {
            self.notes.add(RttNote::DnaDischargeConditionsNotMet);
            return;
        }
        let (status, nullified) = if dna.first {
            // Two-week-wait first DNA followed by a clinician's discharge: the period ends and, being the first
            // appointment, is excluded from measurement (Data Dictionary, §1.4).
            (RttStatus::DidNotAttendFirstActivity, true)
        } else {
            (policy::DNA_DISCHARGE_STATUS, false)
        };
        let mut stop = ClockStop::on(policy::dna_discharge_stop_date(dna.on, date), status);
        stop.dna_on = Some(dna.on);
        stop.discharged_on = Some(date);
        self.stop(stop);
        if let Some(period) = self.current.as_mut() {
            period.nullified = nullified;
        }
    }
}
