//! The clinic template form as typed: text fields turned into a template, with a message for each field that
//! cannot be read, then the core's own checks (end before start, overlapping slots, zero capacity...). No I/O.

use chrono::NaiveTime;
use pathdesk_core::booking::{validate_template, TemplateProblem};
use pathdesk_core::calendar::{hhmm, parse_hhmm, read_typed_time};
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

    /// The template to save, or every problem with what was typed as (field id, message), in the order of the
    /// fields on screen (form fields first, then the core's rules, each at the field it is about).
    pub fn to_template(&self) -> Result<ClinicTemplate, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut problem = |field: String, message: String| problems.push((field, message));
        let name = self.name.trim();
        if name.is_empty() {
            problem("tpl-name".into(), "Enter the clinic name, for example \"Mr Patel urology clinic\"".into());
        }
        let start = read_typed_time(&self.start, "Clinic start time").map_err(|m| problem("tpl-start".into(), m)).ok();
        let end = read_typed_time(&self.end, "Clinic end time").map_err(|m| problem("tpl-end".into(), m)).ok();
        let location = self.location.trim();
        if location.is_empty() {
            problem("tpl-location".into(), "Enter where the clinic is held, for example \"Outpatients B\"".into());
        }
        let mut slots = Vec::new();
        for (index, slot) in self.slots.iter().enumerate() {
            let row = index + 1;
            let start = read_typed_time(&slot.start, &format!("Start time of slot {row}"))
                .map_err(|m| problem(slot_field(row, "start"), m))
                .ok();
            let minutes = whole_number(&slot.minutes, &format!("Length of slot {row} (minutes)"))
                .map_err(|m| problem(slot_field(row, "minutes"), m))
                .ok();
            let capacity = whole_number(&slot.capacity, &format!("Capacity of slot {row}"))
                .map_err(|m| problem(slot_field(row, "capacity"), m))
                .ok();
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
            for rule in &rule_problems.0 {
                problems.push((self.field_of(rule), rule.to_string()));
            }
        }
        if problems.is_empty() {
            Ok(template)
        } else {
            Err(problems)
        }
    }

    /// The field a rule's problem is about: the clinic's end, the "Add a slot" button, or the slot's own box.
    fn field_of(&self, rule: &TemplateProblem) -> String {
        let row_starting = |at: NaiveTime| {
            self.slots.iter().position(|s| parse_hhmm(s.start.trim()) == Some(at)).map(|i| i + 1).unwrap_or(1)
        };
        match rule {
            TemplateProblem::EndNotAfterStart { .. } => "tpl-end".into(),
            TemplateProblem::NoSlots => "tpl-add-slot".into(),
            TemplateProblem::ZeroMinutes { start } => slot_field(row_starting(*start), "minutes"),
            TemplateProblem::ZeroCapacity { start } => slot_field(row_starting(*start), "capacity"),
            TemplateProblem::StartsBeforeClinic { slot_start, .. } => slot_field(row_starting(*slot_start), "start"),
            TemplateProblem::EndsAfterClinic { slot_start, .. } => slot_field(row_starting(*slot_start), "minutes"),
            TemplateProblem::Overlap { later_start, .. } => slot_field(row_starting(*later_start), "start"),
        }
    }
}

/// The id of a slot row's box: "tpl-slot-2-minutes".
pub fn slot_field(row: usize, part: &str) -> String {
    format!("tpl-slot-{row}-{part}")
}

fn whole_number(text: &str, what: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("Enter the {}", what.to_lowercase()));
    }
    text.parse::<u32>().map_err(|_| format!("{what} must be a whole number, like 1 or 15"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> TemplateDraft {
        let mut draft = TemplateDraft::new_for("tpl-1".into(), "con-1", "spec-1", "Mr Patel");
        draft.start = "09:00".into();
        draft.end = "12:00".into();
        draft.location = "Outpatients B".into();
        draft.slots = vec![
            SlotDraft { slot_type: "new".into(), start: "09:00".into(), minutes: "30".into(), capacity: "1".into() },
            SlotDraft { slot_type: "new".into(), start: "09:30".into(), minutes: "30".into(), capacity: "1".into() },
        ];
        draft
    }

    fn fields(result: Result<ClinicTemplate, Vec<(String, String)>>) -> Vec<String> {
        result.expect_err("refused").into_iter().map(|(field, _)| field).collect()
    }

    #[test]
    fn a_complete_template_is_saved_with_its_times() {
        let template = draft().to_template().expect("a complete template");
        assert_eq!(template.slots.len(), 2);
        assert_eq!(hhmm(template.slots[1].start), "09:30");
    }

    #[test]
    fn each_problem_is_at_the_field_it_is_about_in_screen_order() {
        let mut typed = draft();
        typed.name = " ".into();
        typed.end = "12.75".into();
        typed.slots[1].capacity = "two".into();
        let problems = typed.to_template().expect_err("refused");
        assert_eq!(
            problems,
            vec![
                ("tpl-name".to_string(), "Enter the clinic name, for example \"Mr Patel urology clinic\"".to_string()),
                ("tpl-end".into(), "Clinic end time must be a time on the 24-hour clock, like 09:30 or 14:00".into()),
                ("tpl-slot-2-capacity".into(), "Capacity of slot 2 must be a whole number, like 1 or 15".into()),
            ]
        );
    }

    #[test]
    fn the_cores_rules_point_at_the_slot_or_the_time_they_are_about() {
        let mut overlapping = draft();
        overlapping.slots[1].start = "09:15".into();
        assert_eq!(fields(overlapping.to_template()), vec!["tpl-slot-2-start"]);
        let mut too_long = draft();
        too_long.slots[1].minutes = "180".into();
        assert_eq!(fields(too_long.to_template()), vec!["tpl-slot-2-minutes"]);
        let mut backwards = draft();
        backwards.end = "08:00".into();
        assert!(fields(backwards.to_template()).contains(&"tpl-end".to_string()));
        let mut empty = draft();
        empty.slots.clear();
        assert_eq!(fields(empty.to_template()), vec!["tpl-add-slot"]);
    }
}
