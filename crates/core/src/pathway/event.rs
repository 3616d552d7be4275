//! One event in a pathway's log, typed: parsed once from the case-format JSON
//! (`{"date": "2025-01-06", "type": "referral_received", "source": "gp", ...}`) so the clocks never look at text.

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::text_enum::text_enum;

text_enum! {
    /// Who sent the referral (`source`).
    ReferralSource {
        Gp = "gp",
        SelfReferral = "self" | "self_referral",
        InterfaceService = "interface_service",
        InterProviderTransfer = "inter_provider_transfer",
        ConsultantToConsultant = "consultant",
        Screening = "screening",
    }
}

text_enum! {
    /// The cancer referral route (`route`).
    CancerRoute {
        UrgentSuspectedCancer = "urgent_suspected_cancer" | "two_week_wait",
        BreastSymptomatic = "breast_symptomatic",
        Screening = "screening",
        Routine = "routine",
        Urgent = "urgent",
    }
}

text_enum! {
    /// Why a patient was admitted (`purpose`).
    AdmissionPurpose {
        DiagnosticOnly = "diagnostic_only",
        FirstDefinitiveTreatment = "first_definitive_treatment",
        PreTreatment = "pre_treatment",
        PreOperativeAssessment = "pre_op_assessment",
    }
}

text_enum! {
    /// Where a treatment was given (`setting`).
    TreatmentSetting {
        Admitted = "admitted" | "inpatient" | "day_case",
        Outpatient = "outpatient" | "non_admitted",
    }
}

text_enum! {
    /// Who started active monitoring (`initiated_by`).
    Initiator {
        Patient = "patient",
        Clinician = "clinician",
    }
}

text_enum! {
    /// What the patient was told at the end of the faster diagnosis pathway (`outcome`).
    DiagnosisOutcome {
        CancerDiagnosed = "cancer_diagnosed",
        CancerRuledOut = "cancer_ruled_out",
    }
}

text_enum! {
    /// What the clinician decided when they triaged a referral (`decision` of `triaged`).
    TriageDecision {
        /// Accepted onto the consultant's list, at the priority the pathway now has.
        Accepted = "accepted",
        /// Accepted straight to a test, before any clinic appointment.
        StraightToTest = "straight_to_test",
        /// Returned to the GP with advice: no hospital appointment.
        ReturnedToGp = "returned_to_gp",
        /// Sent on to another consultant or service, who triages it again.
        Redirected = "redirected",
    }
}

text_enum! {
    /// First or subsequent cancer treatment (`treatment_stage`).
    TreatmentStage {
        First = "first",
        Subsequent = "subsequent",
    }
}

/// One event in a pathway's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathwayEvent {
    /// The day it happened (for a decision: the day it was made and told to the patient).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(flatten)]
    pub kind: EventKind,
    /// In case files: which of a patient's concurrent pathways the event belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pathway: Option<Box<str>>,
    /// Free text kept with the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Box<str>>,
}

/// Attributes of `referral_received`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Referral {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ReferralSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// How it arrived: "paper", "ers", ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<CancerRoute>,
    /// Screening programme (breast, bowel, cervical, lung).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratified_by_care_professional: Option<bool>,
    /// For a transfer in: the original clock start carried in the IPT minimum data set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iptamds_rtt_start: Option<NaiveDate>,
}

from_map!(Referral {
    source = default, provider = default, via = default, route = default, programme = default, specialty = default,
    ratified_by_care_professional = default, iptamds_rtt_start = default,
});

/// Attributes of `decision_to_treat`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TreatmentDecision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_active_monitoring: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substantively_new_treatment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment_stage: Option<TreatmentStage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
}

from_map!(TreatmentDecision {
    after_active_monitoring = default, substantively_new_treatment = default, treatment = default,
    treatment_stage = default, modality = default,
});

/// Attributes of `admitted`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Admission {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<AdmissionPurpose>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_done: Option<bool>,
    /// "provider" when the hospital cancelled the procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

from_map!(Admission { purpose = default, procedure_done = default, cancelled_by = default, reason = default });

/// Attributes of `first_definitive_treatment`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Treatment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<TreatmentSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
}

from_map!(Treatment { setting = default, modality = default, provider = default });

/// Attributes of `active_monitoring_start`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActiveMonitoring {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiated_by: Option<Initiator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

from_map!(ActiveMonitoring { initiated_by = default, reason = default });

/// Attributes of `inter_provider_transfer_sent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TransferOut {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iptamds_rtt_start: Option<NaiveDate>,
}

from_map!(TransferOut { from = default, to = default, iptamds_rtt_start = default });

/// Attributes of `inter_provider_transfer_received`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TransferIn {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

from_map!(TransferIn { from = default, to = default });

/// Attributes of `consultant_referral_new_condition`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NewConditionReferral {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_pathway: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_specialty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_provider: Option<bool>,
}

from_map!(NewConditionReferral { new_pathway = default, to_specialty = default, same_provider = default });

/// Attributes of `treatment_start`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TreatmentStarted {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment_stage: Option<TreatmentStage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
}

from_map!(TreatmentStarted { treatment_stage = default, modality = default });

/// What happened, with the attributes each kind of event carries (all optional: the rules say what a
/// missing one means, see `policy`). Variants with several text attributes keep them boxed, so an event stays
/// small in the browser's memory (the PTL holds every event of every pathway).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    ReferralReceived(Box<Referral>),
    ErsReferralCreated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ubrn: Option<Box<str>>,
    },
    UbrnConverted {},
    OutpatientAttended {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first: Option<bool>,
    },
    DecisionToAdmit {},
    DecisionToTreat(Box<TreatmentDecision>),
    Admitted(Box<Admission>),
    FirstDefinitiveTreatment(Box<Treatment>),
    AppointmentDna {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        clearly_communicated: Option<bool>,
    },
    AppointmentRebookedByProvider {},
    PatientContactsToRebook {},
    ClinicianDecidesReoffer {},
    ClinicianReviewsAndDischargesToGp {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        applies_to_dna_on: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per_published_dna_policy: Option<bool>,
    },
    PatientCancelled {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        appointment_date: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first: Option<bool>,
    },
    TciOfferDeclined {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offered_date: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notice_days: Option<i32>,
    },
    ThinkingTimeAgreed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<i32>,
    },
    ActiveMonitoringStart(Box<ActiveMonitoring>),
    PatientDecidesToProceed {},
    DecisionNotToTreat {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        communicated_to_patient: Option<bool>,
    },
    PatientDeclinesAllTreatment {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        communicated: Option<bool>,
    },
    InterProviderTransferSent(Box<TransferOut>),
    FitAndReadySecondBilateral {},
    AddedToTransplantList {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        matched_transplant: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        communicated_to_patient: Option<bool>,
    },
    PatientDied {},
    HospitalInformedOfDeath {},
    ConsultantReferralNewCondition(Box<NewConditionReferral>),
    // Cancer pathway events.
    ConsultantUpgrade {},
    FirstSeen {},
    OutcomeCommunicated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<DiagnosisOutcome>,
    },
    EarliestClinicallyAppropriateDateSet {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ecad: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<Box<str>>,
    },
    AdmissionOfferDeclined {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offered_date: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        patient_available_from: Option<NaiveDate>,
    },
    InterProviderTransferReceived(Box<TransferIn>),
    TreatmentStart(Box<TreatmentStarted>),
    // Events that only start working-day counts (letters, triage).
    ClinicAttended {},
    RequestReceived {},
    Triaged {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decision: Option<TriageDecision>,
        /// The clinician who made the decision, as the secretary records it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<Box<str>>,
    },
}

/// Every `type` a pathway event may have, as written in the case format.
pub const EVENT_TYPES: &[&str] = &[
    "referral_received",
    "ers_referral_created",
    "ubrn_converted",
    "outpatient_attended",
    "decision_to_admit",
    "decision_to_treat",
    "admitted",
    "first_definitive_treatment",
    "appointment_dna",
    "appointment_rebooked_by_provider",
    "patient_contacts_to_rebook",
    "clinician_decides_reoffer",
    "clinician_reviews_and_discharges_to_gp",
    "patient_cancelled",
    "tci_offer_declined",
    "thinking_time_agreed",
    "active_monitoring_start",
    "patient_decides_to_proceed",
    "decision_not_to_treat",
    "patient_declines_all_treatment",
    "inter_provider_transfer_sent",
    "fit_and_ready_second_bilateral",
    "added_to_transplant_list",
    "patient_died",
    "hospital_informed_of_death",
    "consultant_referral_new_condition",
    "consultant_upgrade",
    "first_seen",
    "outcome_communicated",
    "earliest_clinically_appropriate_date_set",
    "admission_offer_declined",
    "inter_provider_transfer_received",
    "treatment_start",
    "clinic_attended",
    "request_received",
    "triaged",
];

impl<'de> Deserialize<'de> for PathwayEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde_json::Value;
        let mut map = serde_json::Map::<String, Value>::deserialize(deserializer)?;
        let kind_text = match map.get("type") {
            Some(Value::String(text)) => text.clone(),
            Some(other) => {
                return Err(D::Error::custom(format!("a pathway event's \"type\" must be text, not {other}")));
            }
            None => return Err(D::Error::custom("a pathway event has no \"type\": say what happened")),
        };
        if !EVENT_TYPES.contains(&kind_text.as_str()) {
            return Err(D::Error::custom(format!(
                "unknown pathway event type \"{kind_text}\"; the known types are: {}",
                EVENT_TYPES.join(", ")
            )));
        }
        let date = match map.remove("date") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.parse::<NaiveDate>().map_err(|_| {
                D::Error::custom(format!("{kind_text} event: date \"{text}\" is not a date like 2025-01-31"))
            })?),
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "{kind_text} event: date must be text like 2025-01-31, not {other}"
                )));
            }
        };
        let pathway = optional_text(&mut map, "pathway", &kind_text).map_err(D::Error::custom)?.map(Into::into);
        let note = optional_text(&mut map, "note", &kind_text).map_err(D::Error::custom)?.map(Into::into);
        let kind =
            EventKind::read(&kind_text, &map).map_err(|e| D::Error::custom(format!("{kind_text} event: {e}")))?;
        Ok(PathwayEvent { date, kind, pathway, note })
    }
}

impl EventKind {
    /// The event `type_name` with its attributes read from `map` (attributes it does not know are ignored; a missing
    /// or null one is `None`). Written out rather than derived: serde's tagged-enum code for these 40 kinds was the
    /// largest function in the app.
    fn read(type_name: &str, map: &serde_json::Map<String, serde_json::Value>) -> Result<EventKind, String> {
        use EventKind as K;
        let value = || serde_json::Value::Object(map.clone());
        fn boxed<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<Box<T>, String> {
            serde_json::from_value(value).map(Box::new).map_err(|e| e.to_string())
        }
        let f = |key: &'static str| Field { map, key };
        Ok(match type_name {
            "referral_received" => K::ReferralReceived(boxed(value())?),
            "ers_referral_created" => K::ErsReferralCreated { ubrn: f("ubrn").get()? },
            "ubrn_converted" => K::UbrnConverted {},
            "outpatient_attended" => K::OutpatientAttended { first: f("first").get()? },
            "decision_to_admit" => K::DecisionToAdmit {},
            "decision_to_treat" => K::DecisionToTreat(boxed(value())?),
            "admitted" => K::Admitted(boxed(value())?),
            "first_definitive_treatment" => K::FirstDefinitiveTreatment(boxed(value())?),
            "appointment_dna" => {
                K::AppointmentDna { first: f("first").get()?, clearly_communicated: f("clearly_communicated").get()? }
            }
            "appointment_rebooked_by_provider" => K::AppointmentRebookedByProvider {},
            "patient_contacts_to_rebook" => K::PatientContactsToRebook {},
            "clinician_decides_reoffer" => K::ClinicianDecidesReoffer {},
            "clinician_reviews_and_discharges_to_gp" => K::ClinicianReviewsAndDischargesToGp {
                applies_to_dna_on: f("applies_to_dna_on").get()?,
                per_published_dna_policy: f("per_published_dna_policy").get()?,
            },
            "patient_cancelled" => {
                K::PatientCancelled { appointment_date: f("appointment_date").get()?, first: f("first").get()? }
            }
            "tci_offer_declined" => {
                K::TciOfferDeclined { offered_date: f("offered_date").get()?, notice_days: f("notice_days").get()? }
            }
            "thinking_time_agreed" => K::ThinkingTimeAgreed { days: f("days").get()? },
            "active_monitoring_start" => K::ActiveMonitoringStart(boxed(value())?),
            "patient_decides_to_proceed" => K::PatientDecidesToProceed {},
            "decision_not_to_treat" => {
                K::DecisionNotToTreat { communicated_to_patient: f("communicated_to_patient").get()? }
            }
            "patient_declines_all_treatment" => {
                K::PatientDeclinesAllTreatment { communicated: f("communicated").get()? }
            }
            "inter_provider_transfer_sent" => K::InterProviderTransferSent(boxed(value())?),
            "fit_and_ready_second_bilateral" => K::FitAndReadySecondBilateral {},
            "added_to_transplant_list" => K::AddedToTransplantList {
                matched_transplant: f("matched_transplant").get()?,
                communicated_to_patient: f("communicated_to_patient").get()?,
            },
            "patient_died" => K::PatientDied {},
            "hospital_informed_of_death" => K::HospitalInformedOfDeath {},
            "consultant_referral_new_condition" => K::ConsultantReferralNewCondition(boxed(value())?),
            "consultant_upgrade" => K::ConsultantUpgrade {},
            "first_seen" => K::FirstSeen {},
            "outcome_communicated" => K::OutcomeCommunicated { outcome: f("outcome").get()? },
            "earliest_clinically_appropriate_date_set" => {
                K::EarliestClinicallyAppropriateDateSet { ecad: f("ecad").get()?, reason: f("reason").get()? }
            }
            "admission_offer_declined" => K::AdmissionOfferDeclined {
                offered_date: f("offered_date").get()?,
                patient_available_from: f("patient_available_from").get()?,
            },
            "inter_provider_transfer_received" => K::InterProviderTransferReceived(boxed(value())?),
            "treatment_start" => K::TreatmentStart(boxed(value())?),
            "clinic_attended" => K::ClinicAttended {},
            "request_received" => K::RequestReceived {},
            "triaged" => K::Triaged { decision: f("decision").get()?, by: f("by").get()? },
            other => return Err(format!("unknown pathway event type \"{other}\"")),
        })
    }
}

/// One optional attribute of an event: absent or null is `None`, anything else must read as the type asked for.
struct Field<'m> {
    map: &'m serde_json::Map<String, serde_json::Value>,
    key: &'static str,
}

impl Field<'_> {
    fn get<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, String> {
        match self.map.get(self.key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(value) => T::deserialize(value).map(Some).map_err(|e| format!("{}: {e}", self.key)),
        }
    }
}

fn optional_text(
    map: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    kind: &str,
) -> Result<Option<String>, String> {
    match map.remove(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) => Ok(Some(text)),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("{kind} event: \"{key}\" must be text, not {other}")),
    }
}

impl PathwayEvent {
    /// An event of `kind` on `date`, with no pathway tag or note.
    pub fn new(date: NaiveDate, kind: EventKind) -> Self {
        PathwayEvent { date: Some(date), kind, pathway: None, note: None }
    }

    /// The day it happened.
    pub fn date(&self) -> Option<NaiveDate> {
        self.date
    }

    /// The `type` word of the case format, e.g. "referral_received".
    pub fn type_name(&self) -> &'static str {
        self.kind.type_name()
    }

    /// A label for staff, e.g. "First outpatient attendance".
    pub fn label(&self) -> String {
        use EventKind::*;
        let text = match &self.kind {
            ReferralReceived(r) if r.source == Some(ReferralSource::InterProviderTransfer) => {
                "Referral received (transfer from another provider)"
            }
            ReferralReceived(r) if r.source == Some(ReferralSource::SelfReferral) => "Self-referral received",
            ReferralReceived(_) => "Referral received",
            ErsReferralCreated { .. } => "e-Referral created",
            UbrnConverted {} => "e-Referral booked (UBRN converted)",
            OutpatientAttended { first: Some(true) } => "First outpatient attendance",
            OutpatientAttended { .. } => "Outpatient attendance",
            DecisionToAdmit {} => "Decision to admit",
            DecisionToTreat(d) if d.after_active_monitoring == Some(true) => {
                "Decision to treat after active monitoring"
            }
            DecisionToTreat(d) if d.substantively_new_treatment == Some(true) => {
                "Decision to start a substantively new treatment"
            }
            DecisionToTreat(d) if d.treatment_stage == Some(TreatmentStage::Subsequent) => {
                "Decision to treat (subsequent treatment)"
            }
            DecisionToTreat(_) => "Decision to treat",
            Admitted(a) if a.purpose == Some(AdmissionPurpose::DiagnosticOnly) => "Admitted for diagnostics",
            Admitted(_) => "Admitted",
            FirstDefinitiveTreatment(_) => "First definitive treatment",
            AppointmentDna { first: Some(true), .. } => "Did not attend first appointment",
            AppointmentDna { .. } => "Did not attend appointment",
            AppointmentRebookedByProvider {} => "Appointment rebooked by the hospital",
            PatientContactsToRebook {} => "Patient contacted us to rebook",
            ClinicianDecidesReoffer {} => "Clinician decided to offer another appointment",
            ClinicianReviewsAndDischargesToGp { .. } => "Clinician reviewed and discharged to GP",
            PatientCancelled { .. } => "Patient cancelled appointment",
            TciOfferDeclined { .. } => "Patient declined admission date offered",
            ThinkingTimeAgreed { .. } => "Thinking time agreed",
            ActiveMonitoringStart(m) if m.initiated_by == Some(Initiator::Patient) => {
                "Active monitoring started (patient's choice)"
            }
            ActiveMonitoringStart(_) => "Active monitoring started",
            PatientDecidesToProceed {} => "Patient decided to go ahead",
            DecisionNotToTreat { .. } => "Decision not to treat",
            PatientDeclinesAllTreatment { .. } => "Patient declined treatment",
            InterProviderTransferSent(_) => "Transferred to another provider",
            FitAndReadySecondBilateral {} => "Fit and ready for the second side",
            AddedToTransplantList { .. } => "Added to transplant list",
            PatientDied {} => "Patient died",
            HospitalInformedOfDeath {} => "Hospital informed of patient's death",
            ConsultantReferralNewCondition(_) => "Referred to another consultant (new condition)",
            ConsultantUpgrade {} => "Upgraded to the cancer pathway by a consultant",
            FirstSeen {} => "First seen",
            OutcomeCommunicated { outcome: Some(DiagnosisOutcome::CancerDiagnosed) } => "Told: cancer diagnosed",
            OutcomeCommunicated { outcome: Some(DiagnosisOutcome::CancerRuledOut) } => "Told: cancer ruled out",
            OutcomeCommunicated { .. } => "Diagnosis outcome told to patient",
            EarliestClinicallyAppropriateDateSet { .. } => "Earliest clinically appropriate date set",
            AdmissionOfferDeclined { .. } => "Patient declined admission offer",
            InterProviderTransferReceived(_) => "Transfer received from another provider",
            TreatmentStart(t) if t.treatment_stage == Some(TreatmentStage::Subsequent) => {
                "Subsequent treatment started"
            }
            TreatmentStart(_) => "Treatment started",
            ClinicAttended {} => "Clinic attended",
            RequestReceived {} => "Request received",
            Triaged { decision: Some(TriageDecision::Accepted), .. } => "Referral triaged: accepted",
            Triaged { decision: Some(TriageDecision::StraightToTest), .. } => "Referral triaged: straight to test",
            Triaged { decision: Some(TriageDecision::ReturnedToGp), .. } => {
                "Referral triaged: returned to the GP with advice"
            }
            Triaged { decision: Some(TriageDecision::Redirected), .. } => {
                "Referral triaged: sent to another consultant"
            }
            Triaged { .. } => "Referral triaged",
        };
        text.to_string()
    }
}

impl EventKind {
    /// The `type` word of the case format.
    pub fn type_name(&self) -> &'static str {
        use EventKind::*;
        match self {
            ReferralReceived(_) => "referral_received",
            ErsReferralCreated { .. } => "ers_referral_created",
            UbrnConverted {} => "ubrn_converted",
            OutpatientAttended { .. } => "outpatient_attended",
            DecisionToAdmit {} => "decision_to_admit",
            DecisionToTreat(_) => "decision_to_treat",
            Admitted(_) => "admitted",
            FirstDefinitiveTreatment(_) => "first_definitive_treatment",
            AppointmentDna { .. } => "appointment_dna",
            AppointmentRebookedByProvider {} => "appointment_rebooked_by_provider",
            PatientContactsToRebook {} => "patient_contacts_to_rebook",
            ClinicianDecidesReoffer {} => "clinician_decides_reoffer",
            ClinicianReviewsAndDischargesToGp { .. } => "clinician_reviews_and_discharges_to_gp",
            PatientCancelled { .. } => "patient_cancelled",
            TciOfferDeclined { .. } => "tci_offer_declined",
            ThinkingTimeAgreed { .. } => "thinking_time_agreed",
            ActiveMonitoringStart(_) => "active_monitoring_start",
            PatientDecidesToProceed {} => "patient_decides_to_proceed",
            DecisionNotToTreat { .. } => "decision_not_to_treat",
            PatientDeclinesAllTreatment { .. } => "patient_declines_all_treatment",
            InterProviderTransferSent(_) => "inter_provider_transfer_sent",
            FitAndReadySecondBilateral {} => "fit_and_ready_second_bilateral",
            AddedToTransplantList { .. } => "added_to_transplant_list",
            PatientDied {} => "patient_died",
            HospitalInformedOfDeath {} => "hospital_informed_of_death",
            ConsultantReferralNewCondition(_) => "consultant_referral_new_condition",
            ConsultantUpgrade {} => "consultant_upgrade",
            FirstSeen {} => "first_seen",
            OutcomeCommunicated { .. } => "outcome_communicated",
            EarliestClinicallyAppropriateDateSet { .. } => "earliest_clinically_appropriate_date_set",
            AdmissionOfferDeclined { .. } => "admission_offer_declined",
            InterProviderTransferReceived(_) => "inter_provider_transfer_received",
            TreatmentStart(_) => "treatment_start",
            ClinicAttended {} => "clinic_attended",
            RequestReceived {} => "request_received",
            Triaged { .. } => "triaged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<PathwayEvent, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn parses_typed_attributes_and_ignores_unknown_ones() {
        let event = parse(r#"{"date":"2025-01-06","type":"referral_received","source":"gp","colour":"blue"}"#).unwrap();
        assert_eq!(event.date(), NaiveDate::from_ymd_opt(2025, 1, 6));
        match event.kind {
            EventKind::ReferralReceived(ref r) if r.source == Some(ReferralSource::Gp) => {}
            other => panic!("parsed as {other:?}"),
        }
        let back = serde_json::to_value(&event).unwrap();
        assert_eq!(back, serde_json::json!({"date":"2025-01-06","type":"referral_received","source":"gp"}));
    }

    #[test]
    fn unknown_type_is_a_clear_error() {
        let err = parse(r#"{"date":"2025-01-06","type":"teleported"}"#).unwrap_err();
        assert!(err.contains("unknown pathway event type \"teleported\""), "{err}");
        assert!(err.contains("referral_received"), "{err}");
    }

    #[test]
    fn bad_date_and_bad_attribute_say_which_event() {
        let err = parse(r#"{"date":"06/01/2025","type":"first_seen"}"#).unwrap_err();
        assert!(err.contains("first_seen event") && err.contains("06/01/2025"), "{err}");
        let err = parse(r#"{"date":"2025-01-06","type":"appointment_dna","first":"yes"}"#).unwrap_err();
        assert!(err.contains("appointment_dna event") && err.contains("first: invalid type"), "{err}");
        let err = parse(r#"{"date":"2025-01-06","type":"referral_received","source":7}"#).unwrap_err();
        assert!(err.contains("referral_received event"), "{err}");
    }

    #[test]
    fn unknown_words_round_trip() {
        let json = serde_json::json!({"date":"2025-01-06","type":"referral_received","source":"optician"});
        let event: PathwayEvent = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&event).unwrap(), json);
    }

    #[test]
    fn every_type_name_is_listed_and_parses() {
        for name in EVENT_TYPES {
            let event = parse(&format!(r#"{{"date":"2025-01-06","type":"{name}"}}"#)).unwrap();
            assert_eq!(event.type_name(), *name);
            assert!(!event.label().is_empty());
        }
    }

    #[test]
    fn first_attendance_label() {
        let event = parse(r#"{"date":"2025-01-06","type":"outpatient_attended","first":true}"#).unwrap();
        assert_eq!(event.label(), "First outpatient attendance");
    }
}
