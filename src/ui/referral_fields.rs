//! The referral's part of a form, shared by registering a patient and adding a referral: when it arrived and from
//! where, its priority and cancer route, the specialty and consultant, and why. Read and checked by core.

use chrono::NaiveDate;
use leptos::prelude::*;
use pathdesk_core::model::{Consultant, Priority, ReferralSource, Specialty};
use pathdesk_core::pathway::event::CancerRoute;
use pathdesk_core::registration::{check_referral, NewReferral};

use crate::ui::form::{Field, TypedDate};

const SOURCES: [(ReferralSource, &str); 6] = [
    (ReferralSource::Gp, "gp"),
    (ReferralSource::ERs, "ers"),
    (ReferralSource::ConsultantToConsultant, "consultant"),
    (ReferralSource::InterProviderTransfer, "transfer"),
    (ReferralSource::SelfReferral, "self"),
    (ReferralSource::Screening, "screening"),
];

const PRIORITIES: [(Priority, &str, &str); 3] = [
    (Priority::Routine, "routine", "Routine"),
    (Priority::Urgent, "urgent", "Urgent"),
    (Priority::UrgentSuspectedCancer, "usc", "Urgent suspected cancer"),
];

const ROUTES: [(CancerRoute, &str, &str); 3] = [
    (CancerRoute::UrgentSuspectedCancer, "usc", "Urgent suspected cancer"),
    (CancerRoute::BreastSymptomatic, "breast", "Breast symptomatic"),
    (CancerRoute::Screening, "screening", "Screening"),
];

/// What has been typed for the referral; kept outside the loaded data so a sync never clears it.
#[derive(Clone, Copy)]
pub struct ReferralDraft {
    pub received: TypedDate,
    pub source: RwSignal<String>,
    pub ubrn: RwSignal<String>,
    pub original_start: TypedDate,
    pub priority: RwSignal<String>,
    pub route: RwSignal<String>,
    pub specialty: RwSignal<String>,
    pub consultant: RwSignal<String>,
    pub reason: RwSignal<String>,
}

impl ReferralDraft {
    pub fn new() -> ReferralDraft {
        ReferralDraft {
            received: TypedDate::new(),
            source: RwSignal::new("gp".into()),
            ubrn: RwSignal::new(String::new()),
            original_start: TypedDate::new(),
            priority: RwSignal::new("routine".into()),
            route: RwSignal::new("usc".into()),
            specialty: RwSignal::new(String::new()),
            consultant: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
        }
    }

    /// The referral as typed, or every problem with it (field id, message) in the order of the form.
    pub fn read(
        &self,
        pathway_id: String,
        patient_id: String,
        born: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<NewReferral, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let received = self.received.read("Date received").map_err(|e| problems.push(("received-on".into(), e))).ok();
        let source =
            SOURCES.iter().find(|(_, code)| *code == self.source.get_untracked()).map_or(ReferralSource::Gp, |s| s.0);
        let original = (source == ReferralSource::InterProviderTransfer)
            .then(|| {
                self.original_start
                    .read("Original clock start")
                    .map_err(|e| problems.push(("original-clock-start".into(), e)))
                    .ok()
            })
            .flatten();
        let priority = PRIORITIES
            .iter()
            .find(|(_, code, _)| *code == self.priority.get_untracked())
            .map_or(Priority::Routine, |p| p.0);
        let route = (priority == Priority::UrgentSuspectedCancer)
            .then(|| ROUTES.iter().find(|(_, code, _)| *code == self.route.get_untracked()).map(|r| r.0.clone()))
            .flatten();
        let referral = NewReferral {
            pathway_id,
            patient_id,
            received_on: received.unwrap_or(today),
            source,
            ubrn: Some(self.ubrn.get_untracked()).filter(|u| !u.trim().is_empty()),
            original_clock_start: original,
            priority,
            cancer_route: route,
            specialty_id: self.specialty.get_untracked(),
            consultant_id: self.consultant.get_untracked(),
            reason: self.reason.get_untracked().trim().to_string(),
        };
        // A date that did not read has its problem already; the rest are checked on today's date in its place.
        let checked = check_referral(&referral, born.unwrap_or(NaiveDate::MIN), today);
        problems.extend(
            checked
                .into_iter()
                .filter(|p| received.is_some() || p.field != "received-on")
                .map(|p| (p.field.to_string(), p.message)),
        );
        if problems.is_empty() {
            Ok(referral)
        } else {
            let order = [
                "received-on",
                "source",
                "ubrn",
                "original-clock-start",
                "priority",
                "cancer-route",
                "specialty",
                "consultant",
                "reason",
            ];
            pathdesk_core::sorting::sort_by_key(&mut problems, |(field, _)| {
                order.iter().position(|f| f == field).unwrap_or(order.len())
            });
            Err(problems)
        }
    }
}

impl Default for ReferralDraft {
    fn default() -> Self {
        ReferralDraft::new()
    }
}

/// The referral's fields, for `Fields`.
pub fn referral_fields(
    draft: ReferralDraft,
    specialties: &[Specialty],
    consultants: Vec<Consultant>,
) -> Vec<(Field, Option<Signal<bool>>)> {
    if draft.specialty.get_untracked().is_empty() {
        if let Some(first) = specialties.first() {
            draft.specialty.set(first.id.clone());
        }
    }
    let specialty_options: Vec<(String, String)> = specialties.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
    let consultant_options = Signal::derive(move || {
        let specialty = draft.specialty.get();
        let mut options = vec![(String::new(), "Choose a consultant".to_string())];
        options
            .extend(consultants.iter().filter(|c| c.specialty_id == specialty).map(|c| (c.id.clone(), c.name.clone())));
        options
    });
    let codes = |list: &[(&str, &str)]| list.iter().map(|(c, w)| (c.to_string(), w.to_string())).collect::<Vec<_>>();
    let when = |code: &'static str, signal: RwSignal<String>| Some(Signal::derive(move || signal.get() == code));
    vec![
        (
            Field::Date {
                id: "received-on",
                legend: "Date received",
                hint: "The day the referral arrived, for example 7 12 2026",
                date: draft.received,
            },
            None,
        ),
        (Field::select("source", "Referred by", draft.source, codes(&SOURCES.map(|(s, c)| (c, s.label())))), None),
        (
            Field::numeric("ubrn", "UBRN", "The 12-digit e-Referral Service booking reference", draft.ubrn),
            when("ers", draft.source),
        ),
        (
            Field::Date {
                id: "original-clock-start",
                legend: "Original clock start",
                hint: "From the transfer's minimum data set (IPTAMDS): the clock carries on from it",
                date: draft.original_start,
            },
            when("transfer", draft.source),
        ),
        (Field::select("priority", "Priority", draft.priority, codes(&PRIORITIES.map(|(_, c, w)| (c, w)))), None),
        (
            Field::select("cancer-route", "Cancer route", draft.route, codes(&ROUTES.map(|(_, c, w)| (c, w)))),
            when("usc", draft.priority),
        ),
        (Field::select("specialty", "Specialty", draft.specialty, specialty_options), None),
        (Field::select("consultant", "Consultant", draft.consultant, consultant_options), None),
        (
            Field::wide(
                "reason",
                "Reason for referral",
                "As the referral letter says, for example \"Visible haematuria, 3 weeks\"",
                draft.reason,
            ),
            None,
        ),
    ]
}
