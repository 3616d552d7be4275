//! The clinic template form as typed: text fields turned into a template, with a message for each field that
//! cannot be read, then the core's own checks (end before start, overlapping slots, zero capacity...). No I/O.

use pathdesk_core::booking::validate_template;
use pathdesk_core::calendar::hhmm;
use pathdesk_core::model::{ClinicTemplate, SlotType, TemplateSlot, Weekday};

/// The days a weekly clinic can be on, as the form lists them.
pub const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "Monday"),
    (Weekday::Tuesday, "Tuesday"),
    (Weekday::Wednesday, "Wednesday"),
    (Weekday::Thursday, "Thursday"),
    (Weekday::Friday, "Friday"),
    (Weekday::Saturday, "Saturday"),
    (Weekday::Sunday, "Sunday"),
];

/// The slot types, as the form lists them (value, label).
pub const SLOT_TYPES: [(SlotType, &str); 3] =
    [(SlotType::New, "new"), (SlotType::FollowUp, "follow_up"), (SlotType::Procedure, "procedure")];

pub fn weekday_label(day: Weekday) -> &'static str {
    pathdesk_core::calendar::weekday_name(day.to_chrono())
}

pub fn weekday_from(label: &str) -> Weekday {
    WEEKDAYS.iter().find(|(_, l)| *l == label).map(|(d, _)| *d).unwrap_or(Weekday::Monday)
}

pub fn slot_type_value(slot_type: SlotType) -> &'static str {
    SLOT_TYPES.iter().find(|(t, _)| *t == slot_type).map(|(_, v)| *v).unwrap_or("new")
}

pub fn slot_type_from(value: &str) -> SlotType {
    SLOT_TYPES.iter().find(|(_, v)| *v == value).map(|(t, _)| *t).unwrap_or(SlotType::New)
}

/// One slot row as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlotDraft {
    pub slot_type: String,
    pub start: String,
    pub minutes: String,
    pub capacity: String,
}

/// The whole form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateDraft {
    pub id: String,
    pub consultant_id: String,
    pub specialty_id: String,
    pub name: String,
    pub weekday: String,
    pub start: String,
    pub end: String,
    pub location: String,
    pub slots: Vec<SlotDraft>,
    /// The version the person opened (0: a new template).
    pub version: u32,
}

impl TemplateDraft {
    /// A new template for a consultant: a morning clinic with three new and two follow-up slots to edit.
    pub fn new_for(id: String, consultant_id: &str, specialty_id: &str, consultant_name: &str) -> TemplateDraft {
        let slot = |slot_type: &str, start: &str, minutes: &str| SlotDraft {
            slot_type: slot_type.into(),
            start: start.into(),
            minutes: minutes.into(),
            capacity: "1".into(),
        };
        TemplateDraft {
            id,
            consultant_id: consultant_id.into(),
            specialty_id: specialty_id.into(),
            name: format!("{consultant_name} clinic"),
            weekday: "Monday".into(),
            start: "09:00".into(),
            end: "12:00".into(),
            location: String::new(),
            slots: vec![
                slot("new", "09:00", "30"),
                slot("new", "09:30", "30"),
                slot("new", "10:00", "30"),
                slot("follow_up", "10:30", "15"),
                slot("follow_up", "10:45", "15"),
            ],
            version: 0,
        }
    }

    pub fn from_template(template: &ClinicTemplate) -> TemplateDraft {
        TemplateDraft {
            id: template.id.clone(),
            consultant_id: template.consultant_id.clone(),
            specialty_id: template.specialty_id.clone(),
            name: template.name.clone(),
            weekday: weekday_label(template.weekday).into(),
            start: hhmm(template.start),
            end: hhmm(template.end),
            location: template.location.clone(),
            slots: template
                .slots
                .iter()
                .map(|slot| SlotDraft {
                    slot_type: slot_type_value(slot.slot_type).into(),
                    start: hhmm(slot.start),
                    minutes: slot.minutes.to_string(),
                    capacity: slot.capacity.to_string(),
                })
                .collect(),
            version: template.version,
        }
    }

    /// The template to save, or every problem with what was typed (form fields first, then the core's rules).
    pub fn to_template(&self) -> Result<ClinicTemplate, Vec<String>> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push("The clinic name is empty. Type a name, for example \"Mr Patel urology clinic\".".into());
        }
        let location = self.location.trim();
        if location.is_empty() {
            problems
                .push("The location is empty. Type where the clinic is held, for example \"Outpatients B\".".into());
        }
        let start = pathdesk_core::text::typed_time(&self.start, "clinic start time", &mut problems);
        let end = pathdesk_core::text::typed_time(&self.end, "clinic end time", &mut problems);
        let mut slots = Vec::new();
        for (index, slot) in self.slots.iter().enumerate() {
            let row = index + 1;
            let start =
                pathdesk_core::text::typed_time(&slot.start, &format!("start time of slot {row}"), &mut problems);
            let minutes = whole_number(&slot.minutes, &format!("length of slot {row} (minutes)"), &mut problems);
            let capacity = whole_number(&slot.capacity, &format!("capacity of slot {row}"), &mut problems);
            if let (Some(start), Some(minutes), Some(capacity)) = (start, minutes, capacity) {
                slots.push(TemplateSlot { slot_type: slot_type_from(&slot.slot_type), start, minutes, capacity });
            }
        }
        let (Some(start), Some(end)) = (start, end) else {
            return Err(problems);
        };
        let template = ClinicTemplate {
            id: self.id.clone(),
            consultant_id: self.consultant_id.clone(),
            specialty_id: self.specialty_id.clone(),
            name: name.to_string(),
            weekday: weekday_from(&self.weekday),
            start,
            end,
            location: location.to_string(),
            slots,
            version: self.version,
        };
        if let Err(rule_problems) = validate_template(&template) {
            problems.extend(rule_problems.0.iter().map(ToString::to_string));
        }
        if problems.is_empty() {
            Ok(template)
        } else {
            Err(problems)
        }
    }
}

fn whole_number(text: &str, what: &str, problems: &mut Vec<String>) -> Option<u32> {
    let text = text.trim();
    match text.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(format!("The {what} \"{text}\" is not a whole number. Type a number such as 1 or 15."));
            None
        }
    }
}
