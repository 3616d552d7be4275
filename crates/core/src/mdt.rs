//! Multidisciplinary team (MDT) meetings: one per tumour site (a service) and date, with the fast-track patients
//! listed for discussion and, once the meeting has sat, its decision for each. A decision writes the pathway events
//! it means (the diagnosis told, the decision to treat, the referral on), so the cancer clocks follow, and makes a
//! task for the next step ([`MdtDecision`]).
//!
//! `ptl::mdt_suggestions` reads the cancer PTL: the patients of the tumour site whose cancer clocks run and who are not yet
//! listed, soonest next deadline first, so the MDT co-ordinator lists those who need discussing before it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::from_map::{from_map, words};

/// An MDT meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MdtMeeting {
    pub id: String,
    /// The tumour site's service.
    pub specialty_id: String,
    /// "Urology cancer MDT".
    pub name: String,
    pub date: NaiveDate,
    pub location: String,
    /// The patients listed for discussion, in the order listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patients: Vec<MdtListing>,
}

from_map!(MdtMeeting { id, specialty_id, name, date, location, patients = default });

/// A patient listed for discussion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MdtListing {
    pub pathway_id: String,
    pub patient_id: String,
    pub listed_on: NaiveDate,
    pub listed_by: String,
    /// What the team is asked ("Review CT: staging?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<MdtOutcome>,
}

from_map!(MdtListing { pathway_id, patient_id, listed_on, listed_by, question = default, outcome = default });

/// What the MDT decided for a patient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MdtOutcome {
    pub decision: MdtDecision,
    /// Where they are referred on to (for [`MdtDecision::ReferOn`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refer_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_on: NaiveDate,
    pub recorded_by: String,
    /// The task made for the next step.
    pub task_id: String,
}

from_map!(MdtOutcome { decision, refer_to = default, note = default, recorded_on, recorded_by, task_id });

/// The MDT's decision for one patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MdtDecision {
    /// Cancer ruled out: the diagnosis is told (the 28-day clock ends), a letter to the patient and GP follows.
    CancerRuledOut,
    /// Cancer diagnosed, treatment here: the diagnosis told and the decision to treat (the 31-day clock starts);
    /// the booking team books the first treatment.
    TreatHere,
    /// Cancer diagnosed, referred on to another provider for treatment.
    ReferOn,
    /// More tests before a decision: nothing recorded on the clocks; the tests are booked.
    MoreTests,
}

words!(MdtDecision {
    CancerRuledOut = "cancer_ruled_out",
    TreatHere = "treat_here",
    ReferOn = "refer_on",
    MoreTests = "more_tests",
});

impl MdtDecision {
    pub const ALL: [MdtDecision; 4] =
        [MdtDecision::CancerRuledOut, MdtDecision::TreatHere, MdtDecision::ReferOn, MdtDecision::MoreTests];

    pub fn label(self) -> &'static str {
        match self {
            MdtDecision::CancerRuledOut => "Cancer ruled out",
            MdtDecision::TreatHere => "Cancer diagnosed: treat here",
            MdtDecision::ReferOn => "Cancer diagnosed: refer on for treatment",
            MdtDecision::MoreTests => "More tests before a decision",
        }
    }
}

impl MdtMeeting {
    pub fn listing(&self, pathway_id: &str) -> Option<&MdtListing> {
        self.patients.iter().find(|listing| listing.pathway_id == pathway_id)
    }
}

/// The id of the task an MDT decision makes: one per meeting and pathway.
pub fn mdt_task_id(meeting_id: &str, pathway_id: &str) -> String {
    format!("mdt-{meeting_id}-{pathway_id}")
}
