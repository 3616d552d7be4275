//! Cancer waiting times from 1 Oct 2023: the 28-day Faster Diagnosis Standard, the 31-day decision-to-treat
//! standard and the 62-day referral-to-treatment standard, as three independent clocks (`pathway-rules.md` §2).
//! Calendar days, day 0 = clock start; measured wait = end - start - adjustments; met when <= the standard.
//!
//! `CancerFacts::collect` reads the events once (no allocation); each standard is then a small function of it.

use chrono::NaiveDate;

use super::event::{CancerRoute, DiagnosisOutcome, EventKind, PathwayEvent, TreatmentSetting, TreatmentStage};
use super::policy;
use crate::calendar::add_signed_days;

/// The three cancer standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancerStandard {
    /// 28-day Faster Diagnosis Standard: referral to diagnosis or ruling out.
    FasterDiagnosis,
    /// 31-day: decision to treat (or ECAD) to treatment.
    DecisionToTreatment,
    /// 62-day: referral (or consultant upgrade) to first definitive treatment.
    ReferralToTreatment,
}

impl CancerStandard {
    /// The most days the measured wait may be.
    pub fn days(self) -> i64 {
        match self {
            CancerStandard::FasterDiagnosis => 28,
            CancerStandard::DecisionToTreatment => 31,
            CancerStandard::ReferralToTreatment => 62,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CancerStandard::FasterDiagnosis => "28-day faster diagnosis",
            CancerStandard::DecisionToTreatment => "31-day decision to treatment",
            CancerStandard::ReferralToTreatment => "62-day referral to treatment",
        }
    }
}

/// The route that brought the patient onto a cancer standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CwtRoute {
    UrgentSuspectedCancer,
    BreastSymptomatic,
    Screening,
    ConsultantUpgrade,
    /// Any other route (routine, urgent non-cancer...): only the 31-day standard can apply.
    Other,
}

impl CwtRoute {
    pub fn as_str(self) -> &'static str {
        match self {
            CwtRoute::UrgentSuspectedCancer => "urgent_suspected_cancer",
            CwtRoute::BreastSymptomatic => "breast_symptomatic",
            CwtRoute::Screening => "screening",
            CwtRoute::ConsultantUpgrade => "consultant_upgrade",
            CwtRoute::Other => "other",
        }
    }

    fn from_referral(route: Option<&CancerRoute>) -> Self {
        match route {
            Some(CancerRoute::UrgentSuspectedCancer) => CwtRoute::UrgentSuspectedCancer,
            Some(CancerRoute::BreastSymptomatic) => CwtRoute::BreastSymptomatic,
            Some(CancerRoute::Screening) => CwtRoute::Screening,
            _ => CwtRoute::Other,
        }
    }

    /// Urgent suspected cancer, breast symptomatic and urgent screening referrals start FDS and 62-day clocks.
    fn starts_referral_clocks(self) -> bool {
        matches!(self, CwtRoute::UrgentSuspectedCancer | CwtRoute::BreastSymptomatic | CwtRoute::Screening)
    }
}

/// What a 31-day clock started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartBasis {
    /// Decision to treat (first treatment; subsequent without an ECAD).
    DecisionToTreat,
    /// Earliest clinically appropriate date (subsequent treatment).
    Ecad,
    /// Referral receipt (FDS, 62-day).
    Referral,
    /// Consultant upgrade date (62-day).
    ConsultantUpgrade,
}

impl StartBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            StartBasis::DecisionToTreat => "DTT",
            StartBasis::Ecad => "ECAD",
            StartBasis::Referral => "referral",
            StartBasis::ConsultantUpgrade => "consultant_upgrade",
        }
    }
}

/// Why a clock ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancerEndReason {
    CancerDiagnosed,
    CancerRuledOut,
    /// Outcome told, without saying which.
    OutcomeCommunicated,
    /// The FDS pathway ends at a decision to treat if that comes first.
    DecisionToTreat,
    TreatmentStarted,
}

impl CancerEndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CancerEndReason::CancerDiagnosed => "cancer_diagnosed",
            CancerEndReason::CancerRuledOut => "cancer_ruled_out",
            CancerEndReason::OutcomeCommunicated => "outcome_communicated",
            CancerEndReason::DecisionToTreat => "decision_to_treat",
            CancerEndReason::TreatmentStarted => "treatment_started",
        }
    }
}

/// Why a standard does not apply to a pathway (shown to staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotApplicable(pub &'static str);

/// One cancer standard's clock on one pathway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancerClock {
    pub standard: CancerStandard,
    pub route: CwtRoute,
    pub start: NaiveDate,
    pub start_basis: StartBasis,
    /// The day the clock ended (diagnosis told / treatment started), if it has.
    pub end: Option<NaiveDate>,
    pub end_reason: Option<CancerEndReason>,
    pub first_seen_adjustment_days: i64,
    pub treatment_adjustment_days: i64,
    /// end (or the census date while running) - start - adjustments.
    pub days: i64,
    /// Last compliant date: start + adjustments + standard.
    pub deadline: NaiveDate,
    /// Met (or, while running, still within) the standard.
    pub within_standard: bool,
    /// For the 62-day clock of a pathway handed to another provider.
    pub transfer: Option<TransferAllocation>,
}

impl CancerClock {
    pub fn adjustment_days(&self) -> i64 {
        self.first_seen_adjustment_days + self.treatment_adjustment_days
    }

    pub fn ended(&self) -> bool {
        self.end.is_some()
    }

    /// First breach date (deadline + 1).
    pub fn breach_date(&self) -> NaiveDate {
        add_signed_days(self.deadline, 1)
    }
}

/// A provider's share of one 62-day pathway (National Cancer Breach Allocation Guidance, day 38 / 24 days).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub numerator: f64,
    pub denominator: f64,
}

impl Eq for Share {}

const NONE: Share = Share { numerator: 0.0, denominator: 0.0 };

/// The 62-day inter-provider transfer measures and how the pathway is shared (§2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferAllocation {
    pub transferred_on: NaiveDate,
    /// transfer - start - first-seen adjustment.
    pub days_to_transfer: i64,
    pub transfer_by_day_38: bool,
    /// treatment - transfer - treatment adjustment, once treated.
    pub days_at_treating_provider: Option<i64>,
    pub treated_within_24_days: Option<bool>,
    /// Shares once treated: (referring provider, treating provider).
    pub shares: Option<(Share, Share)>,
}

/// One 31-day episode: a decision to treat (or ECAD) and the treatment that follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Episode<'a> {
    stage: TreatmentStage31,
    dtt_on: Option<NaiveDate>,
    ecad: Option<NaiveDate>,
    treated: Option<(NaiveDate, Option<&'a TreatmentSetting>)>,
    declined_days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TreatmentStage31 {
    First,
    Subsequent,
}

/// Everything the three standards need, read from the events in one pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct CancerFacts<'a> {
    referral_on: Option<NaiveDate>,
    route: Option<&'a CancerRoute>,
    upgrade_on: Option<NaiveDate>,
    first_seen_on: Option<NaiveDate>,
    first_dna_on: Option<NaiveDate>,
    rebooked_on: Option<NaiveDate>,
    outcome: Option<(NaiveDate, Option<&'a DiagnosisOutcome>)>,
    first_dtt_on: Option<NaiveDate>,
    first_treatment: Option<(NaiveDate, Option<&'a TreatmentSetting>)>,
    declined_before_first_treatment: i64,
    transfer: Option<(NaiveDate, Option<&'a str>, Option<&'a str>)>,
    treating_provider: Option<&'a str>,
    episode: Option<Episode<'a>>,
}

impl<'a> CancerFacts<'a> {
    /// Reads `events` (in date order) once.
    pub fn collect(events: &'a [PathwayEvent]) -> Self {
        let mut facts = CancerFacts::default();
        for event in events {
            facts.apply(event);
        }
        facts
    }

    /// Takes one more event into account.
    pub fn apply(&mut self, event: &'a PathwayEvent) {
        let Some(date) = event.date else { return };
        use EventKind::*;
        match &event.kind {
            ReferralReceived(referral) if self.referral_on.is_none() => {
                self.referral_on = Some(date);
                self.route = referral.route.as_ref();
            }
            ConsultantUpgrade {} => {
                self.upgrade_on.get_or_insert(date);
            }
            FirstSeen {} | OutpatientAttended { .. } => {
                self.first_seen_on.get_or_insert(date);
            }
            AppointmentDna { first, clearly_communicated } => {
                let first = first.unwrap_or(self.first_seen_on.is_none());
                if first && self.first_seen_on.is_none() && policy::cancer_dna_counts(*clearly_communicated) {
                    self.first_dna_on = Some(date);
                }
            }
            PatientContactsToRebook {} | ClinicianDecidesReoffer {}
                if self.first_dna_on.is_some() && self.first_seen_on.is_none() =>
            {
                self.rebooked_on = Some(date);
            }
            OutcomeCommunicated { outcome } if self.outcome.is_none() => {
                self.outcome = Some((date, outcome.as_ref()));
            }
            DecisionToTreat(decision) => {
                self.first_dtt_on.get_or_insert(date);
                let stage = match decision.treatment_stage {
                    Some(TreatmentStage::Subsequent) => TreatmentStage31::Subsequent,
                    Some(TreatmentStage::First) => TreatmentStage31::First,
                    _ if self.first_treatment.is_some() => TreatmentStage31::Subsequent,
                    _ => TreatmentStage31::First,
                };
                match self.episode.as_mut().filter(|e| e.treated.is_none() && e.dtt_on.is_none()) {
                    // An ECAD recorded just before the decision belongs to the same treatment.
                    Some(episode) => {
                        episode.dtt_on = Some(date);
                        episode.stage = stage;
                    }
                    None => {
                        self.episode =
                            Some(Episode { stage, dtt_on: Some(date), ecad: None, treated: None, declined_days: 0 })
                    }
                }
            }
            EarliestClinicallyAppropriateDateSet { ecad, .. } => {
                let ecad = ecad.unwrap_or(date);
                match self.episode.as_mut().filter(|e| e.treated.is_none()) {
                    Some(episode) => episode.ecad = Some(ecad),
                    None => {
                        self.episode = Some(Episode {
                            stage: TreatmentStage31::Subsequent,
                            dtt_on: None,
                            ecad: Some(ecad),
                            treated: None,
                            declined_days: 0,
                        })
                    }
                }
            }
            AdmissionOfferDeclined { offered_date, patient_available_from } => {
                let Some(available) = patient_available_from else { return };
                let days = policy::declined_admission_adjustment(offered_date.unwrap_or(date), *available);
                if self.first_treatment.is_none() {
                    self.declined_before_first_treatment += days;
                }
                if let Some(episode) = self.episode.as_mut().filter(|e| e.treated.is_none()) {
                    episode.declined_days += days;
                }
            }
            InterProviderTransferReceived(transfer) if self.transfer.is_none() => {
                self.transfer = Some((date, transfer.from.as_deref(), transfer.to.as_deref()));
            }
            FirstDefinitiveTreatment(treatment) => {
                self.treatment(date, treatment.setting.as_ref(), true);
                if self.treating_provider.is_none() {
                    self.treating_provider = treatment.provider.as_deref();
                }
            }
            TreatmentStart(started) => {
                let first = !matches!(started.treatment_stage, Some(TreatmentStage::Subsequent));
                self.treatment(date, None, first);
            }
            _ => {}
        }
    }

    fn treatment(&mut self, date: NaiveDate, setting: Option<&'a TreatmentSetting>, first: bool) {
        if first && self.first_treatment.is_none() {
            self.first_treatment = Some((date, setting));
        }
        match self.episode.as_mut() {
            Some(episode) if episode.treated.is_none() => episode.treated = Some((date, setting)),
            _ => {
                // A treatment with no decision recorded: an episode whose start is unknown.
                let stage = if first { TreatmentStage31::First } else { TreatmentStage31::Subsequent };
                self.episode =
                    Some(Episode { stage, dtt_on: None, ecad: None, treated: Some((date, setting)), declined_days: 0 });
            }
        }
    }

    /// Do the cancer standards apply: an urgent cancer route (urgent suspected cancer, breast symptomatic,
    /// screening), a consultant upgrade, or a cancer diagnosis?
    pub fn is_cancer_pathway(&self) -> bool {
        self.route().starts_referral_clocks()
            || self.upgrade_on.is_some()
            || matches!(self.outcome, Some((_, Some(DiagnosisOutcome::CancerDiagnosed))))
    }

    /// The referral route as recorded.
    pub fn route(&self) -> CwtRoute {
        CwtRoute::from_referral(self.route)
    }

    /// The referral route word as written ("routine", "urgent_suspected_cancer"...), if one was recorded.
    pub fn route_text(&self) -> Option<&'a str> {
        self.route.map(CancerRoute::as_str)
    }

    /// Days of first-seen DNA adjustment for a clock starting on `start` (0 without a rebooked DNA).
    fn first_seen_adjustment(&self, start: NaiveDate) -> i64 {
        match (self.first_dna_on, self.rebooked_on) {
            (Some(dna), Some(rebooked)) if dna >= start => policy::first_seen_dna_adjustment(start, dna, rebooked),
            _ => 0,
        }
    }

    /// 28-day Faster Diagnosis Standard.
    pub fn faster_diagnosis(&self, as_of: NaiveDate) -> Result<CancerClock, NotApplicable> {
        let route = self.route();
        if !route.starts_referral_clocks() {
            return Err(NotApplicable(
                "The 28-day faster diagnosis standard covers urgent suspected cancer, breast symptomatic and \
                 urgent screening referrals only (not consultant upgrades or routine referrals)",
            ));
        }
        let start = self.referral_on.ok_or(NotApplicable("No referral received date is recorded"))?;
        let by_outcome = self.outcome.map(|(on, outcome)| {
            let reason = match outcome {
                Some(DiagnosisOutcome::CancerDiagnosed) => CancerEndReason::CancerDiagnosed,
                Some(DiagnosisOutcome::CancerRuledOut) => CancerEndReason::CancerRuledOut,
                _ => CancerEndReason::OutcomeCommunicated,
            };
            (on, reason)
        });
        let by_dtt = self.first_dtt_on.map(|on| (on, CancerEndReason::DecisionToTreat));
        let end = match (by_outcome, by_dtt) {
            (Some(o), Some(d)) => Some(if d.0 < o.0 { d } else { o }),
            (o, d) => o.or(d),
        };
        let adjustment = self.first_seen_adjustment(start);
        Ok(clock(CancerStandard::FasterDiagnosis, route, start, StartBasis::Referral, end, adjustment, 0, as_of))
    }

    /// 62-day referral (or consultant upgrade) to first definitive treatment.
    pub fn referral_to_treatment(&self, as_of: NaiveDate) -> Result<CancerClock, NotApplicable> {
        let referral_route = self.route();
        let (route, start, basis) = match (self.referral_on, self.upgrade_on) {
            (Some(on), upgrade)
                if referral_route.starts_referral_clocks()
                    && (policy::UPGRADE_ONLY_FOR_NON_URGENT_ROUTES || upgrade.is_none()) =>
            {
                (referral_route, on, StartBasis::Referral)
            }
            (_, Some(upgraded)) => (CwtRoute::ConsultantUpgrade, upgraded, StartBasis::ConsultantUpgrade),
            _ => {
                return Err(NotApplicable(
                    "The 62-day standard starts at an urgent suspected cancer, breast symptomatic or urgent \
                     screening referral, or at a consultant upgrade; none is recorded",
                ))
            }
        };
        if policy::RULED_OUT_LEAVES_62_DAY_STANDARD
            && self.first_treatment.is_none()
            && matches!(self.outcome, Some((_, Some(DiagnosisOutcome::CancerRuledOut))))
        {
            return Err(NotApplicable(
                "Cancer was ruled out and no treatment is recorded: the patient has left the 62-day pathway",
            ));
        }
        let first_seen_adjustment = if basis == StartBasis::ConsultantUpgrade
            && !policy::upgrade_gets_first_seen_adjustment(start, self.first_seen_on)
        {
            0
        } else {
            self.first_seen_adjustment(start)
        };
        let treatment_adjustment = match self.first_treatment {
            Some((_, setting)) if !policy::treatment_adjustment_applies(setting) => 0,
            _ => self.declined_before_first_treatment,
        };
        let end = self.first_treatment.map(|(on, _)| (on, CancerEndReason::TreatmentStarted));
        let mut clock = clock(
            CancerStandard::ReferralToTreatment,
            route,
            start,
            basis,
            end,
            first_seen_adjustment,
            treatment_adjustment,
            as_of,
        );
        clock.transfer = self.transfer.map(|(transferred_on, _, _)| {
            let days_to_transfer = (transferred_on - start).num_days() - first_seen_adjustment;
            let by_38 = days_to_transfer <= policy::IPT_HANDOVER_DAY;
            let at_treating = end.map(|(treated, _)| (treated - transferred_on).num_days() - treatment_adjustment);
            let within_24 = at_treating.map(|days| days <= policy::IPT_TREATING_PROVIDER_DAYS);
            let shares = within_24.map(|within_24| allocate(clock.within_standard, by_38, within_24));
            TransferAllocation {
                transferred_on,
                days_to_transfer,
                transfer_by_day_38: by_38,
                days_at_treating_provider: at_treating,
                treated_within_24_days: within_24,
                shares,
            }
        });
        Ok(clock)
    }

    /// 31-day decision to treat (first treatment) or ECAD (subsequent treatment) to treatment: the latest episode.
    pub fn decision_to_treatment(&self, as_of: NaiveDate) -> Result<CancerClock, NotApplicable> {
        let episode = self.episode.ok_or(NotApplicable("No decision to treat or ECAD is recorded"))?;
        let (start, basis) = match (episode.stage, episode.ecad, episode.dtt_on) {
            (TreatmentStage31::Subsequent, Some(ecad), _) => (ecad, StartBasis::Ecad),
            (TreatmentStage31::Subsequent, None, Some(dtt)) if policy::SUBSEQUENT_WITHOUT_ECAD_USES_DTT => {
                (dtt, StartBasis::DecisionToTreat)
            }
            (TreatmentStage31::First, _, Some(dtt)) => (dtt, StartBasis::DecisionToTreat),
            _ => return Err(NotApplicable("The treatment has no decision to treat (or ECAD) recorded before it")),
        };
        let treatment_adjustment = match episode.treated {
            Some((_, setting)) if !policy::treatment_adjustment_applies(setting) => 0,
            _ => episode.declined_days,
        };
        let end = episode.treated.map(|(on, _)| (on, CancerEndReason::TreatmentStarted));
        let route = if self.upgrade_on.is_some() && !self.route().starts_referral_clocks() {
            CwtRoute::ConsultantUpgrade
        } else {
            self.route()
        };
        Ok(clock(CancerStandard::DecisionToTreatment, route, start, basis, end, 0, treatment_adjustment, as_of))
    }

    /// Is the latest 31-day episode for a subsequent treatment?
    pub fn latest_treatment_is_subsequent(&self) -> bool {
        self.episode.is_some_and(|e| e.stage == TreatmentStage31::Subsequent)
    }

    /// Referring and treating provider names for a transfer, as recorded.
    pub fn transfer_providers(&self) -> Option<(Option<&'a str>, Option<&'a str>)> {
        self.transfer.map(|(_, from, to)| (from, to.or(self.treating_provider)))
    }
}

#[allow(clippy::too_many_arguments)]
fn clock(
    standard: CancerStandard,
    route: CwtRoute,
    start: NaiveDate,
    start_basis: StartBasis,
    end: Option<(NaiveDate, CancerEndReason)>,
    first_seen_adjustment_days: i64,
    treatment_adjustment_days: i64,
    as_of: NaiveDate,
) -> CancerClock {
    let adjustments = first_seen_adjustment_days + treatment_adjustment_days;
    let end_date = end.map(|(on, _)| on);
    let days = (end_date.unwrap_or(as_of) - start).num_days() - adjustments;
    CancerClock {
        standard,
        route,
        start,
        start_basis,
        end: end_date,
        end_reason: end.map(|(_, reason)| reason),
        first_seen_adjustment_days,
        treatment_adjustment_days,
        days,
        deadline: add_signed_days(start, adjustments + standard.days()),
        within_standard: days <= standard.days(),
        transfer: None,
    }
}

/// The breach allocation table of §2.4: (referring provider's share, treating provider's share).
fn allocate(pathway_within_62: bool, transfer_by_38: bool, treated_within_24: bool) -> (Share, Share) {
    let half_met = Share { numerator: 0.5, denominator: 0.5 };
    let whole_met = Share { numerator: 1.0, denominator: 1.0 };
    let half_breach = Share { numerator: 0.0, denominator: 0.5 };
    let whole_breach = Share { numerator: 0.0, denominator: 1.0 };
    match (pathway_within_62, transfer_by_38, treated_within_24) {
        (true, true, _) => (half_met, half_met),
        (true, false, _) => (NONE, whole_met),
        (false, true, false) => (NONE, whole_breach),
        (false, false, true) => (whole_breach, NONE),
        // Breached although both providers met their own share (only possible with adjustments), or both missed.
        (false, _, _) => (half_breach, half_breach),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn ev(date: &str, json: serde_json::Value) -> PathwayEvent {
        let mut value = json;
        value["date"] = serde_json::Value::String(date.to_string());
        serde_json::from_value(value).unwrap()
    }

    fn usc(date: &str) -> PathwayEvent {
        ev(date, serde_json::json!({"type": "referral_received", "route": "urgent_suspected_cancer"}))
    }

    #[test]
    fn fds_ends_at_outcome_and_day_28_is_met() {
        let events = vec![
            usc("2025-02-03"),
            ev("2025-03-03", serde_json::json!({"type": "outcome_communicated", "outcome": "cancer_ruled_out"})),
        ];
        let fds = CancerFacts::collect(&events).faster_diagnosis(d("2025-03-10")).unwrap();
        assert_eq!((fds.days, fds.within_standard, fds.deadline), (28, true, d("2025-03-03")));
        assert_eq!(fds.end_reason, Some(CancerEndReason::CancerRuledOut));
    }

    #[test]
    fn ruling_cancer_out_takes_the_patient_off_the_62_day_pathway() {
        let ruled_out = vec![
            usc("2025-02-03"),
            ev("2025-02-12", serde_json::json!({"type": "first_seen"})),
            ev("2025-03-03", serde_json::json!({"type": "outcome_communicated", "outcome": "cancer_ruled_out"})),
        ];
        assert!(CancerFacts::collect(&ruled_out).referral_to_treatment(d("2025-06-01")).is_err());
        let diagnosed = vec![
            usc("2025-02-03"),
            ev("2025-03-03", serde_json::json!({"type": "outcome_communicated", "outcome": "cancer_diagnosed"})),
        ];
        let clock = CancerFacts::collect(&diagnosed).referral_to_treatment(d("2025-03-10")).unwrap();
        assert!(!clock.ended(), "a diagnosed patient waiting for treatment is still on the 62-day clock");
    }

    #[test]
    fn fds_ends_at_decision_to_treat_when_that_comes_first() {
        let events = vec![
            usc("2025-02-03"),
            ev("2025-02-20", serde_json::json!({"type": "decision_to_treat"})),
            ev("2025-03-10", serde_json::json!({"type": "outcome_communicated", "outcome": "cancer_diagnosed"})),
        ];
        let fds = CancerFacts::collect(&events).faster_diagnosis(d("2025-03-10")).unwrap();
        assert_eq!((fds.end, fds.days), (Some(d("2025-02-20")), 17));
        assert_eq!(fds.end_reason, Some(CancerEndReason::DecisionToTreat));
    }

    #[test]
    fn first_dna_adjusts_to_the_rebooking_date() {
        let events = vec![
            usc("2025-03-03"),
            ev("2025-03-10", serde_json::json!({"type": "appointment_dna", "first": true})),
            ev("2025-03-12", serde_json::json!({"type": "patient_contacts_to_rebook"})),
            ev("2025-03-17", serde_json::json!({"type": "first_seen"})),
            ev("2025-04-07", serde_json::json!({"type": "outcome_communicated", "outcome": "cancer_ruled_out"})),
        ];
        let fds = CancerFacts::collect(&events).faster_diagnosis(d("2025-04-07")).unwrap();
        assert_eq!(fds.first_seen_adjustment_days, 9);
        assert_eq!(fds.days, 35 - 9);
        assert_eq!(fds.deadline, d("2025-04-09"));
        assert!(fds.within_standard);
    }

    #[test]
    fn consultant_upgrade_is_not_in_fds_but_starts_62_day() {
        let events = vec![
            ev("2025-04-14", serde_json::json!({"type": "referral_received", "route": "routine"})),
            ev("2025-05-12", serde_json::json!({"type": "consultant_upgrade"})),
        ];
        let facts = CancerFacts::collect(&events);
        assert!(facts.faster_diagnosis(d("2025-06-01")).is_err());
        let day62 = facts.referral_to_treatment(d("2025-06-01")).unwrap();
        assert_eq!((day62.route, day62.start, day62.days), (CwtRoute::ConsultantUpgrade, d("2025-05-12"), 20));
        assert!(day62.end.is_none());
    }

    #[test]
    fn declined_admission_adjusts_62_and_31_day_but_not_outpatient_treatment() {
        let declined = serde_json::json!({"type": "admission_offer_declined", "offered_date": "2025-04-20",
            "patient_available_from": "2025-05-04"});
        let admitted = vec![
            usc("2025-03-05"),
            ev("2025-04-08", serde_json::json!({"type": "decision_to_treat"})),
            ev("2025-04-10", declined.clone()),
            ev("2025-05-20", serde_json::json!({"type": "first_definitive_treatment", "setting": "admitted"})),
        ];
        let facts = CancerFacts::collect(&admitted);
        let day62 = facts.referral_to_treatment(d("2025-05-20")).unwrap();
        assert_eq!((day62.treatment_adjustment_days, day62.days, day62.within_standard), (14, 62, true));
        let day31 = facts.decision_to_treatment(d("2025-05-20")).unwrap();
        assert_eq!((day31.treatment_adjustment_days, day31.days), (14, 42 - 14));

        let mut outpatient = admitted.clone();
        outpatient[3] =
            ev("2025-05-20", serde_json::json!({"type": "first_definitive_treatment", "setting": "outpatient"}));
        let day62 = CancerFacts::collect(&outpatient).referral_to_treatment(d("2025-05-20")).unwrap();
        assert_eq!((day62.treatment_adjustment_days, day62.days, day62.within_standard), (0, 76, false));
    }

    #[test]
    fn subsequent_treatment_runs_from_ecad() {
        let events = vec![
            ev("2025-06-02", serde_json::json!({"type": "decision_to_treat", "treatment_stage": "first"})),
            ev("2025-06-20", serde_json::json!({"type": "treatment_start", "treatment_stage": "first"})),
            ev("2025-07-01", serde_json::json!({"type": "decision_to_treat", "treatment_stage": "subsequent"})),
            ev(
                "2025-07-01",
                serde_json::json!({"type": "earliest_clinically_appropriate_date_set",
                "ecad": "2025-08-11"}),
            ),
            ev("2025-09-12", serde_json::json!({"type": "treatment_start", "treatment_stage": "subsequent"})),
        ];
        let day31 = CancerFacts::collect(&events).decision_to_treatment(d("2025-09-12")).unwrap();
        assert_eq!((day31.start_basis, day31.start, day31.days), (StartBasis::Ecad, d("2025-08-11"), 32));
        assert!(!day31.within_standard);
    }

    #[test]
    fn ecad_recorded_before_the_decision_still_counts() {
        let events = vec![
            ev(
                "2025-07-01",
                serde_json::json!({"type": "earliest_clinically_appropriate_date_set",
                "ecad": "2025-08-11"}),
            ),
            ev("2025-07-01", serde_json::json!({"type": "decision_to_treat", "treatment_stage": "subsequent"})),
            ev("2025-09-05", serde_json::json!({"type": "treatment_start", "treatment_stage": "subsequent"})),
        ];
        let day31 = CancerFacts::collect(&events).decision_to_treatment(d("2025-09-05")).unwrap();
        assert_eq!((day31.start_basis, day31.days, day31.within_standard), (StartBasis::Ecad, 25, true));
    }

    #[test]
    fn transfer_allocation_follows_the_table() {
        assert_eq!(allocate(true, true, false).0.denominator, 0.5);
        assert_eq!(allocate(true, false, true), (NONE, Share { numerator: 1.0, denominator: 1.0 }));
        assert_eq!(allocate(false, true, false), (NONE, Share { numerator: 0.0, denominator: 1.0 }));
        assert_eq!(allocate(false, false, true), (Share { numerator: 0.0, denominator: 1.0 }, NONE));
        assert_eq!(allocate(false, false, false).1, Share { numerator: 0.0, denominator: 0.5 });
    }

    #[test]
    fn transfer_days_are_measured_at_both_providers() {
        let events = vec![
            usc("2025-01-06"),
            ev("2025-02-20", serde_json::json!({"type": "inter_provider_transfer_received", "from": "A", "to": "B"})),
            ev("2025-03-10", serde_json::json!({"type": "first_definitive_treatment"})),
        ];
        let day62 = CancerFacts::collect(&events).referral_to_treatment(d("2025-03-10")).unwrap();
        let transfer = day62.transfer.unwrap();
        assert_eq!((transfer.days_to_transfer, transfer.transfer_by_day_38), (45, false));
        assert_eq!((transfer.days_at_treating_provider, transfer.treated_within_24_days), (Some(18), Some(true)));
        assert_eq!(day62.days, 63);
        assert_eq!(transfer.shares.unwrap().0, Share { numerator: 0.0, denominator: 1.0 });
    }
}
