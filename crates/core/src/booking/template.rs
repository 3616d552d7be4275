//! Checking a clinic template before it is saved, and the compare-and-set that stops two people's edits from
//! overwriting each other.

use std::fmt;

use chrono::{NaiveTime, Timelike};

use super::display::clock;
use crate::model::{ClinicTemplate, TemplateSlot};
use crate::rejection::Rejection;
use crate::sorting;

/// One thing wrong with a template, said so the person editing it can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateProblem {
    #[error("The clinic ends at {}, which is not after it starts at {}. Set an end time after the start time.", clock(*end), clock(*start))]
    EndNotAfterStart { start: NaiveTime, end: NaiveTime },
    #[error("The template has no slots. Add at least one slot.")]
    NoSlots,
    #[error("The {} slot is 0 minutes long. Give it a length in minutes.", clock(*start))]
    ZeroMinutes { start: NaiveTime },
    #[error("The {} slot sees 0 patients. Set its capacity to 1 or more.", clock(*start))]
    ZeroCapacity { start: NaiveTime },
    #[error("The {} slot starts before the clinic starts at {}. Move the slot later or start the clinic earlier.", clock(*slot_start), clock(*clinic_start))]
    StartsBeforeClinic { slot_start: NaiveTime, clinic_start: NaiveTime },
    #[error("The {} slot ({minutes} minutes) runs past the end of the clinic at {}. Shorten it, move it earlier or end the clinic later.", clock(*slot_start), clock(*clinic_end))]
    EndsAfterClinic { slot_start: NaiveTime, minutes: u32, clinic_end: NaiveTime },
    #[error("The {} slot overlaps the {} slot, which runs for {earlier_minutes} minutes. Move one of them.", clock(*later_start), clock(*earlier_start))]
    Overlap { earlier_start: NaiveTime, earlier_minutes: u32, later_start: NaiveTime },
}

/// Everything wrong with a template, in the order the person will meet it on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateProblems(pub Vec<TemplateProblem>);

impl fmt::Display for TemplateProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TemplateProblems {}

impl From<TemplateProblems> for Rejection {
    fn from(problems: TemplateProblems) -> Self {
        Rejection::invalid(problems.to_string())
    }
}

fn minute_of_day(time: NaiveTime) -> u32 {
    time.num_seconds_from_midnight() / 60
}

/// Minute of the day the slot ends; may pass 24:00 (1440), which is then after any clinic end.
fn slot_end(slot: &TemplateSlot) -> u32 {
    minute_of_day(slot.start).saturating_add(slot.minutes)
}

/// Checks a template: the clinic ends after it starts, it has slots, every slot is at least a minute long and
/// sees at least one patient, lies inside the clinic's hours and does not overlap another slot.
pub fn validate_template(template: &ClinicTemplate) -> Result<(), TemplateProblems> {
    let mut problems = Vec::new();
    let clinic_start = minute_of_day(template.start);
    let clinic_end = minute_of_day(template.end);
    if clinic_end <= clinic_start {
        problems.push(TemplateProblem::EndNotAfterStart { start: template.start, end: template.end });
    }
    if template.slots.is_empty() {
        problems.push(TemplateProblem::NoSlots);
    }
    let mut by_start: Vec<&TemplateSlot> = template.slots.iter().collect();
    sorting::sort_by_key(&mut by_start, |slot| (slot.start, slot.minutes));
    for slot in &by_start {
        if slot.minutes == 0 {
            problems.push(TemplateProblem::ZeroMinutes { start: slot.start });
        }
        if slot.capacity == 0 {
            problems.push(TemplateProblem::ZeroCapacity { start: slot.start });
        }
        if minute_of_day(slot.start) < clinic_start {
            problems.push(TemplateProblem::StartsBeforeClinic { slot_start: slot.start, clinic_start: template.start });
        }
        if slot_end(slot) > clinic_end && clinic_end > clinic_start {
            problems.push(TemplateProblem::EndsAfterClinic {
                slot_start: slot.start,
                minutes: slot.minutes,
                clinic_end: template.end,
            });
        }
    }
    // The slot reaching furthest so far: any later slot starting before its end overlaps it.
    let mut furthest: Option<&TemplateSlot> = None;
    for slot in by_start {
        if let Some(earlier) = furthest {
            let overlaps = minute_of_day(slot.start) < slot_end(earlier) || slot.start == earlier.start;
            if overlaps {
                problems.push(TemplateProblem::Overlap {
                    earlier_start: earlier.start,
                    earlier_minutes: earlier.minutes,
                    later_start: slot.start,
                });
            }
        }
        if furthest.is_none_or(|earlier| slot_end(slot) > slot_end(earlier)) {
            furthest = Some(slot);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(TemplateProblems(problems))
    }
}

/// The template was saved by someone else after this person opened it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("This template was changed since you opened it (version {current}, you had {expected}). Reload it and make your change again.")]
pub struct TemplateChanged {
    pub current: u32,
    pub expected: u32,
}

impl From<TemplateChanged> for Rejection {
    fn from(changed: TemplateChanged) -> Self {
        Rejection::conflict(changed.to_string())
    }
}

/// Compare-and-set: the edit may be saved only over the version the person opened.
pub fn check_template_version(current: u32, expected: u32) -> Result<(), TemplateChanged> {
    if current == expected {
        Ok(())
    } else {
        Err(TemplateChanged { current, expected })
    }
}

/// Why a template edit was not saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateEditError {
    #[error("{0}")]
    Changed(#[from] TemplateChanged),
    #[error("{0}")]
    Invalid(#[from] TemplateProblems),
    #[error("This edit is for template {edited}, but template {current} was opened. Reload the template and make your change again.")]
    DifferentTemplate { current: String, edited: String },
}

impl From<TemplateEditError> for Rejection {
    fn from(error: TemplateEditError) -> Self {
        match error {
            TemplateEditError::Changed(changed) => changed.into(),
            TemplateEditError::Invalid(problems) => problems.into(),
            other @ TemplateEditError::DifferentTemplate { .. } => Rejection::invalid(other.to_string()),
        }
    }
}

/// Saves an edit made to the version `expected_version`: checks that nobody saved in between, that it is the
/// same template and that the edited template is valid; returns it with the next version number.
pub fn apply_template_edit(
    current: &ClinicTemplate,
    edited: &ClinicTemplate,
    expected_version: u32,
) -> Result<ClinicTemplate, TemplateEditError> {
    if current.id != edited.id {
        return Err(TemplateEditError::DifferentTemplate { current: current.id.clone(), edited: edited.id.clone() });
    }
    check_template_version(current.version, expected_version)?;
    validate_template(edited)?;
    let mut saved = edited.clone();
    saved.version = current.version + 1;
    Ok(saved)
}
