//! The demo trust's fixed set-up: three specialties, eight consultants, their weekly clinic templates and the
//! medical secretaries who type their letters. All names are fictional.

use chrono::NaiveTime;

use crate::model::{ClinicTemplate, Consultant, SlotType, Specialty, TemplateSlot, Weekday};

/// A specialty, with what the demo needs to know about its referrals.
#[derive(Debug, Clone)]
pub(crate) struct SpecialtyProfile {
    pub specialty: Specialty,
    /// Short tag used in ids ("uro").
    pub tag: &'static str,
    /// Share of all referrals, in percent.
    pub referral_share: u32,
    /// Share of this specialty's referrals that are urgent suspected cancer, in percent.
    pub cancer_percent: u32,
    /// Share that are urgent (not cancer), in percent.
    pub urgent_percent: u32,
    /// The secretaries who work for this specialty's consultants, by consultant number (1-based, wrapping).
    pub secretaries: &'static [&'static str],
}

/// What a clinic is for; decides its slot layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClinicKind {
    /// New patients first, then follow-ups.
    General,
    /// Follow-ups only; a few double-booked (capacity 2) slots.
    FollowUp,
    /// A procedure list (flexible cystoscopy, minor skin surgery).
    Procedures,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HalfDay {
    Morning,
    Afternoon,
}

impl HalfDay {
    pub(crate) fn tag(self) -> &'static str {
        match self {
            HalfDay::Morning => "am",
            HalfDay::Afternoon => "pm",
        }
    }

    fn hours(self) -> (NaiveTime, NaiveTime) {
        match self {
            HalfDay::Morning => (time(9, 0), time(12, 30)),
            HalfDay::Afternoon => (time(13, 30), time(17, 0)),
        }
    }
}

/// A template with the demo's own labels (half day, kind) kept beside the record.
#[derive(Debug, Clone)]
pub(crate) struct TemplatePlan {
    pub template: ClinicTemplate,
    pub half_day: HalfDay,
}

pub(crate) struct Trust {
    pub specialties: Vec<SpecialtyProfile>,
    pub consultants: Vec<Consultant>,
    /// For each consultant (same order): the index of their specialty in `specialties`.
    pub consultant_specialty: Vec<usize>,
    pub templates: Vec<TemplatePlan>,
}

/// The booking co-ordinator who validates pathways and rebooks; and reception, who check patients in.
pub(crate) const BOOKING_TEAM: &str = "L. Nowak (Booking team)";
pub(crate) const RECEPTION: &str = "Reception (Outpatients)";

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("clinic times are real times")
}

fn specialties() -> Vec<SpecialtyProfile> {
    let specialty = |tag: &str, code: &str, name: &str| Specialty {
        id: format!("spec-{tag}"),
        code: code.to_string(),
        name: name.to_string(),
    };
    vec![
        SpecialtyProfile {
            specialty: specialty("uro", "101", "Urology"),
            tag: "uro",
            referral_share: 40,
            cancer_percent: 14,
            urgent_percent: 16,
            secretaries: &["S. Patel (Urology)", "S. Patel (Urology)", "R. Hughes (Urology)"],
        },
        SpecialtyProfile {
            specialty: specialty("card", "320", "Cardiology"),
            tag: "card",
            referral_share: 30,
            cancer_percent: 0,
            urgent_percent: 28,
            secretaries: &["J. Okafor (Cardiology)"],
        },
        SpecialtyProfile {
            specialty: specialty("derm", "330", "Dermatology"),
            tag: "derm",
            referral_share: 30,
            cancer_percent: 14,
            urgent_percent: 17,
            secretaries: &["M. Walsh (Dermatology)"],
        },
    ]
}

/// (specialty index, name) for each consultant; numbered within their specialty in this order.
const CONSULTANTS: [(usize, &str); 8] = [
    (0, "Mr Alistair Penrose"),
    (0, "Ms Nadia Farrant"),
    (0, "Mr Kofi Mensah-Lane"),
    (1, "Dr Helena Voss"),
    (1, "Dr Rajiv Menon-Clarke"),
    (1, "Dr Siobhan Darcy"),
    (2, "Dr Eleanor Whitcombe"),
    (2, "Dr Tomasz Wierzbicki"),
];

/// (consultant index, weekday, half day, kind): each consultant runs 1 to 3 clinics a week.
const WEEKLY_CLINICS: [(usize, Weekday, HalfDay, ClinicKind); 18] = [
    (0, Weekday::Monday, HalfDay::Morning, ClinicKind::General),
    (0, Weekday::Wednesday, HalfDay::Afternoon, ClinicKind::Procedures),
    (0, Weekday::Thursday, HalfDay::Morning, ClinicKind::General),
    (1, Weekday::Tuesday, HalfDay::Morning, ClinicKind::General),
    (1, Weekday::Friday, HalfDay::Morning, ClinicKind::Procedures),
    (2, Weekday::Wednesday, HalfDay::Morning, ClinicKind::General),
    (2, Weekday::Thursday, HalfDay::Afternoon, ClinicKind::General),
    (3, Weekday::Monday, HalfDay::Afternoon, ClinicKind::General),
    (3, Weekday::Thursday, HalfDay::Morning, ClinicKind::General),
    (4, Weekday::Tuesday, HalfDay::Afternoon, ClinicKind::General),
    (4, Weekday::Friday, HalfDay::Morning, ClinicKind::FollowUp),
    (5, Weekday::Wednesday, HalfDay::Morning, ClinicKind::General),
    (5, Weekday::Friday, HalfDay::Afternoon, ClinicKind::General),
    (6, Weekday::Monday, HalfDay::Morning, ClinicKind::General),
    (6, Weekday::Tuesday, HalfDay::Afternoon, ClinicKind::Procedures),
    (6, Weekday::Thursday, HalfDay::Afternoon, ClinicKind::General),
    (7, Weekday::Wednesday, HalfDay::Afternoon, ClinicKind::General),
    (7, Weekday::Friday, HalfDay::Morning, ClinicKind::General),
];

/// (type, minutes, count, capacity) runs making up a clinic, in time order.
fn slot_layout(specialty_tag: &str, kind: ClinicKind) -> &'static [(SlotType, u32, u32, u32)] {
    match (specialty_tag, kind) {
        ("uro", ClinicKind::General) => &[(SlotType::New, 30, 4, 1), (SlotType::FollowUp, 15, 6, 1)],
        ("card", ClinicKind::General) => &[(SlotType::New, 30, 3, 1), (SlotType::FollowUp, 15, 8, 1)],
        ("derm", ClinicKind::General) => &[(SlotType::New, 20, 6, 1), (SlotType::FollowUp, 10, 9, 1)],
        ("uro", ClinicKind::Procedures) => &[(SlotType::Procedure, 40, 5, 1)],
        (_, ClinicKind::Procedures) => &[(SlotType::Procedure, 45, 4, 1)],
        (_, ClinicKind::FollowUp) => &[(SlotType::FollowUp, 15, 10, 1), (SlotType::FollowUp, 15, 4, 2)],
        (_, ClinicKind::General) => &[(SlotType::New, 30, 3, 1), (SlotType::FollowUp, 15, 8, 1)],
    }
}

/// "Urology clinic (Mr Penrose)": how clinic lists name a clinic.
fn clinic_title(specialty: &str, kind: ClinicKind, consultant: &str) -> String {
    match kind {
        ClinicKind::General => format!("{specialty} clinic ({consultant})"),
        ClinicKind::FollowUp => format!("{specialty} follow-up clinic ({consultant})"),
        ClinicKind::Procedures if specialty == "Urology" => format!("Flexible cystoscopy list ({consultant})"),
        ClinicKind::Procedures => format!("Minor skin surgery list ({consultant})"),
    }
}

fn location(specialty_tag: &str, kind: ClinicKind, consultant_number: usize) -> String {
    match (specialty_tag, kind) {
        ("uro", ClinicKind::Procedures) => "Day Procedures Unit, Room 2".to_string(),
        (_, ClinicKind::Procedures) => "Dermatology Minor Ops, Room 1".to_string(),
        ("uro", _) => format!("Outpatients A, Room {}", consultant_number + 1),
        ("card", _) => format!("Outpatients B, Room {}", consultant_number + 3),
        _ => format!("Outpatients C, Room {}", consultant_number),
    }
}

/// "Mr Alistair Penrose" -> "Mr Penrose".
pub(crate) fn short_name(full_name: &str) -> String {
    let words: Vec<&str> = full_name.split(' ').collect();
    match (words.first(), words.last()) {
        (Some(title), Some(surname)) if words.len() > 2 => format!("{title} {surname}"),
        _ => full_name.to_string(),
    }
}

fn weekday_tag(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

impl Trust {
    pub(crate) fn new() -> Self {
        let specialties = specialties();
        let mut consultants = Vec::new();
        let mut consultant_specialty = Vec::new();
        let mut numbers = Vec::new();
        for &(specialty_index, name) in &CONSULTANTS {
            let profile = &specialties[specialty_index];
            let number = consultant_specialty.iter().filter(|&&s| s == specialty_index).count() + 1;
            consultants.push(Consultant::new(
                format!("con-{}-{number}", profile.tag),
                name.to_string(),
                profile.specialty.id.clone(),
            ));
            consultant_specialty.push(specialty_index);
            numbers.push(number);
        }

        let templates = WEEKLY_CLINICS
            .iter()
            .map(|&(consultant_index, weekday, half_day, kind)| {
                let consultant = &consultants[consultant_index];
                let profile = &specialties[consultant_specialty[consultant_index]];
                let short_name = short_name(&consultant.name);
                let (start, end) = half_day.hours();
                let mut slots = Vec::new();
                let mut slot_start = start;
                for &(slot_type, minutes, count, capacity) in slot_layout(profile.tag, kind) {
                    for _ in 0..count {
                        slots.push(TemplateSlot { slot_type, start: slot_start, minutes, capacity });
                        slot_start += chrono::Duration::minutes(i64::from(minutes));
                    }
                }
                TemplatePlan {
                    template: ClinicTemplate {
                        id: format!("tpl-{}-{}-{}", consultant.id, weekday_tag(weekday), half_day.tag()),
                        consultant_id: consultant.id.clone(),
                        specialty_id: profile.specialty.id.clone(),
                        name: clinic_title(&profile.specialty.name, kind, &short_name),
                        weekday,
                        start,
                        end,
                        location: location(profile.tag, kind, numbers[consultant_index]),
                        slots,
                        version: 1,
                    },
                    half_day,
                }
            })
            .collect();
        let mut trust = Trust { specialties, consultants, consultant_specialty, templates };
        // Each consultant's named secretary: the one who types their letters.
        for index in 0..trust.consultants.len() {
            trust.consultants[index].secretary = Some(trust.secretary_of(index).to_string());
        }
        trust
    }

    /// The consultants (indices) of one specialty.
    pub(crate) fn consultants_of(&self, specialty_index: usize) -> Vec<usize> {
        (0..self.consultants.len()).filter(|&c| self.consultant_specialty[c] == specialty_index).collect()
    }

    /// The secretary who types this consultant's letters.
    pub(crate) fn secretary_of(&self, consultant_index: usize) -> &'static str {
        let profile = &self.specialties[self.consultant_specialty[consultant_index]];
        let number = self
            .consultants_of(self.consultant_specialty[consultant_index])
            .iter()
            .position(|&c| c == consultant_index)
            .unwrap_or(0);
        profile.secretaries[number % profile.secretaries.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clinic_fits_inside_its_half_day() {
        let trust = Trust::new();
        for plan in &trust.templates {
            let template = &plan.template;
            let last = template.slots.last().expect("every clinic has slots");
            let finish = last.start + chrono::Duration::minutes(i64::from(last.minutes));
            assert!(finish <= template.end, "{} runs past {}", template.id, template.end);
        }
    }

    #[test]
    fn each_consultant_runs_one_to_three_clinics_a_week() {
        let trust = Trust::new();
        for consultant in &trust.consultants {
            let count = trust.templates.iter().filter(|t| t.template.consultant_id == consultant.id).count();
            assert!((1..=3).contains(&count), "{} has {count} clinics a week", consultant.id);
        }
    }
}
