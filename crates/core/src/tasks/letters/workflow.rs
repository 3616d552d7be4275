//! A clinic letter's steps: dictated, typed, checked, sent, each with who and on what date. Steps go forward one
//! at a time (a letter cannot be sent before it is checked). A letter can go back before it is sent, for
//! corrections (checked back to typed) or to be dictated again, with a reason. A sent letter is final: a
//! correction after that is a new letter.
//!
//! The log keeps every step, including the steps back, so the history shows each correction.

use crate::from_map::from_map;
use crate::from_map::words;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::uk_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LetterStage {
    Dictated,
    Typed,
    Checked,
    Sent,
}

words!(LetterStage { Dictated = "dictated", Typed = "typed", Checked = "checked", Sent = "sent" });

impl LetterStage {
    pub const ALL: [LetterStage; 4] =
        [LetterStage::Dictated, LetterStage::Typed, LetterStage::Checked, LetterStage::Sent];

    pub fn label(self) -> &'static str {
        match self {
            LetterStage::Dictated => "Dictated",
            LetterStage::Typed => "Typed",
            LetterStage::Checked => "Checked",
            LetterStage::Sent => "Sent",
        }
    }

    /// The stage after this one.
    pub fn next(self) -> Option<LetterStage> {
        match self {
            LetterStage::Dictated => Some(LetterStage::Typed),
            LetterStage::Typed => Some(LetterStage::Checked),
            LetterStage::Checked => Some(LetterStage::Sent),
            LetterStage::Sent => None,
        }
    }

    fn lower(self) -> &'static str {
        match self {
            LetterStage::Dictated => "dictated",
            LetterStage::Typed => "typed",
            LetterStage::Checked => "checked",
            LetterStage::Sent => "sent",
        }
    }
}

impl fmt::Display for LetterStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.lower())
    }
}

/// One step: the letter reached `stage` (or went back to it, with a reason) by `by` on `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterStep {
    pub stage: LetterStage,
    pub by: String,
    pub on: NaiveDate,
    /// Set when the letter went back to this stage: why ("wrong medication dose in paragraph 2").
    #[serde(default)]
    pub back_because: Option<String>,
}

from_map!(LetterStep { stage, by, on, back_because = default });

/// Why a step was not recorded; says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterRefusal {
    #[error("The letter has not been {next} yet, so it cannot be marked {wanted}. Record it as {next} first.")]
    Skipped { wanted: LetterStage, next: LetterStage },
    #[error("The letter is already {0}.")]
    AlreadyAt(LetterStage),
    #[error(
        "The letter was sent on {} by {by}; a sent letter cannot change. Write a new letter to correct it.",
        uk_date(*on)
    )]
    AlreadySent { on: NaiveDate, by: String },
    #[error("The letter is {current}, so it cannot go back to {to}: choose an earlier step.")]
    NotBack { current: LetterStage, to: LetterStage },
    #[error("Nothing has been recorded for this letter yet, so there is no step to go back to.")]
    NothingToGoBackFrom,
    #[error("Say why the letter is going back to {0} (for example what needs correcting).")]
    ReasonMissing(LetterStage),
    #[error("Say who {0} the letter.")]
    NameMissing(LetterStage),
    #[error("{} is before the clinic on {}: a letter step cannot come before the clinic.", uk_date(*on), uk_date(*clinic))]
    BeforeClinic { on: NaiveDate, clinic: NaiveDate },
    #[error(
        "{} is before the letter's last step ({previous}, {}): steps are recorded in date order. Check the date.",
        uk_date(*on),
        uk_date(*previous_on)
    )]
    BeforeLastStep { on: NaiveDate, previous: LetterStage, previous_on: NaiveDate },
    #[error("{} is in the future (today is {}): record a step on the day it happens.", uk_date(*on), uk_date(*today))]
    InFuture { on: NaiveDate, today: NaiveDate },
}

/// A letter's steps since the clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterLog {
    pub clinic_date: NaiveDate,
    #[serde(default)]
    pub steps: Vec<LetterStep>,
}

from_map!(LetterLog { clinic_date, steps = default });

impl LetterLog {
    /// A letter not yet dictated.
    pub fn new(clinic_date: NaiveDate) -> LetterLog {
        LetterLog { clinic_date, steps: Vec::new() }
    }

    /// Where the letter is now; `None` before dictation.
    pub fn stage(&self) -> Option<LetterStage> {
        self.steps.last().map(|step| step.stage)
    }

    /// The step to record next.
    pub fn next_stage(&self) -> Option<LetterStage> {
        match self.stage() {
            None => Some(LetterStage::Dictated),
            Some(stage) => stage.next(),
        }
    }

    /// The latest step at `stage` (who typed it last, when it was sent).
    pub fn latest(&self, stage: LetterStage) -> Option<&LetterStep> {
        self.steps.iter().rev().find(|step| step.stage == stage)
    }

    pub fn sent_on(&self) -> Option<NaiveDate> {
        self.latest(LetterStage::Sent).map(|step| step.on)
    }

    /// Records the next step forward.
    pub fn advance(
        &mut self,
        stage: LetterStage,
        by: &str,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), LetterRefusal> {
        self.refuse_if_sent()?;
        match self.next_stage() {
            Some(next) if next == stage => {}
            Some(next) if self.stage() == Some(stage) || stage < next => return Err(LetterRefusal::AlreadyAt(stage)),
            Some(next) => return Err(LetterRefusal::Skipped { wanted: stage, next }),
            None => return Err(LetterRefusal::AlreadyAt(stage)),
        }
        let by = self.checked_step(stage, by, on, today)?;
        self.steps.push(LetterStep { stage, by, on, back_because: None });
        Ok(())
    }

    /// Sends the letter back to an earlier step (checked back to typed for corrections, or back to dictated).
    pub fn send_back(
        &mut self,
        to: LetterStage,
        by: &str,
        on: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<(), LetterRefusal> {
        self.refuse_if_sent()?;
        let current = self.stage().ok_or(LetterRefusal::NothingToGoBackFrom)?;
        if to >= current {
            return Err(LetterRefusal::NotBack { current, to });
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(LetterRefusal::ReasonMissing(to));
        }
        let by = self.checked_step(to, by, on, today)?;
        self.steps.push(LetterStep { stage: to, by, on, back_because: Some(reason.to_string()) });
        Ok(())
    }

    fn refuse_if_sent(&self) -> Result<(), LetterRefusal> {
        match self.steps.last() {
            Some(step) if step.stage == LetterStage::Sent => {
                Err(LetterRefusal::AlreadySent { on: step.on, by: step.by.clone() })
            }
            _ => Ok(()),
        }
    }

    fn checked_step(
        &self,
        stage: LetterStage,
        by: &str,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<String, LetterRefusal> {
        let by = by.trim();
        if by.is_empty() {
            return Err(LetterRefusal::NameMissing(stage));
        }
        if on > today {
            return Err(LetterRefusal::InFuture { on, today });
        }
        if on < self.clinic_date {
            return Err(LetterRefusal::BeforeClinic { on, clinic: self.clinic_date });
        }
        if let Some(last) = self.steps.last() {
            if on < last.on {
                return Err(LetterRefusal::BeforeLastStep { on, previous: last.stage, previous_on: last.on });
            }
        }
        Ok(by.to_string())
    }

    /// "Typed by R. Ahmed on 23 Dec 2025", and for a step back "Back to typed by ... : reason".
    pub fn step_lines(&self) -> Vec<String> {
        self.steps
            .iter()
            .map(|step| match &step.back_because {
                None => format!("{} by {} on {}", step.stage.label(), step.by, uk_date(step.on)),
                Some(reason) => format!("Back to {} by {} on {}: {reason}", step.stage, step.by, uk_date(step.on)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LetterStage::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    const TODAY: &str = "2025-12-31";

    fn log_at(stage: Option<LetterStage>) -> LetterLog {
        let mut log = LetterLog::new(d("2025-12-22"));
        for s in LetterStage::ALL.into_iter().take_while(|s| Some(*s) <= stage) {
            log.advance(s, "R. Ahmed", d("2025-12-23"), d(TODAY)).unwrap();
        }
        log
    }

    #[test]
    fn a_letter_goes_through_every_step_in_order() {
        let mut log = LetterLog::new(d("2025-12-22"));
        assert_eq!(log.stage(), None);
        log.advance(Dictated, "Dr A. Khan", d("2025-12-22"), d(TODAY)).unwrap();
        log.advance(Typed, "R. Ahmed", d("2025-12-23"), d(TODAY)).unwrap();
        log.advance(Checked, "Dr A. Khan", d("2025-12-29"), d(TODAY)).unwrap();
        log.advance(Sent, "R. Ahmed", d("2025-12-30"), d(TODAY)).unwrap();
        assert_eq!(log.stage(), Some(Sent));
        assert_eq!(log.sent_on(), Some(d("2025-12-30")));
        assert_eq!(log.step_lines()[1], "Typed by R. Ahmed on 23 Dec 2025");
    }

    #[test]
    fn no_skipping() {
        let mut log = log_at(Some(Typed));
        let err = log.advance(Sent, "R. Ahmed", d("2025-12-29"), d(TODAY)).unwrap_err();
        assert_eq!(err, LetterRefusal::Skipped { wanted: Sent, next: Checked });
        assert_eq!(
            err.to_string(),
            "The letter has not been checked yet, so it cannot be marked sent. Record it as checked first."
        );
        let err = LetterLog::new(d("2025-12-22")).advance(Typed, "R. Ahmed", d("2025-12-23"), d(TODAY)).unwrap_err();
        assert_eq!(err, LetterRefusal::Skipped { wanted: Typed, next: Dictated });
        assert_eq!(log.stage(), Some(Typed));
    }

    #[test]
    fn the_same_step_twice_is_refused() {
        let mut log = log_at(Some(Checked));
        assert_eq!(log.advance(Checked, "X", d("2025-12-29"), d(TODAY)), Err(LetterRefusal::AlreadyAt(Checked)));
        assert_eq!(log.advance(Typed, "X", d("2025-12-29"), d(TODAY)), Err(LetterRefusal::AlreadyAt(Typed)));
    }

    #[test]
    fn checked_back_to_typed_for_corrections_then_on_again() {
        let mut log = log_at(Some(Checked));
        assert_eq!(
            log.send_back(Typed, "Dr A. Khan", d("2025-12-24"), "  ", d(TODAY)),
            Err(LetterRefusal::ReasonMissing(Typed))
        );
        log.send_back(Typed, "Dr A. Khan", d("2025-12-24"), "Dose in paragraph 2 is wrong", d(TODAY)).unwrap();
        assert_eq!(log.stage(), Some(Typed));
        assert_eq!(log.next_stage(), Some(Checked));
        log.advance(Checked, "Dr A. Khan", d("2025-12-29"), d(TODAY)).unwrap();
        log.advance(Sent, "R. Ahmed", d("2025-12-29"), d(TODAY)).unwrap();
        assert_eq!(log.step_lines()[3], "Back to typed by Dr A. Khan on 24 Dec 2025: Dose in paragraph 2 is wrong");
    }

    #[test]
    fn going_back_must_be_to_an_earlier_step() {
        let mut log = log_at(Some(Typed));
        assert_eq!(
            log.send_back(Checked, "X", d("2025-12-24"), "why", d(TODAY)),
            Err(LetterRefusal::NotBack { current: Typed, to: Checked })
        );
        assert_eq!(
            log.send_back(Typed, "X", d("2025-12-24"), "why", d(TODAY)),
            Err(LetterRefusal::NotBack { current: Typed, to: Typed })
        );
        log.send_back(Dictated, "X", d("2025-12-24"), "Re-dictate: wrong patient's results", d(TODAY)).unwrap();
        assert_eq!(log.next_stage(), Some(Typed));
        assert_eq!(
            LetterLog::new(d("2025-12-22")).send_back(Dictated, "X", d("2025-12-24"), "why", d(TODAY)),
            Err(LetterRefusal::NothingToGoBackFrom)
        );
    }

    #[test]
    fn a_sent_letter_is_final() {
        let mut log = log_at(Some(Sent));
        let err = log.send_back(Checked, "X", d("2025-12-29"), "typo", d(TODAY)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The letter was sent on 23 Dec 2025 by R. Ahmed; a sent letter cannot change. Write a new letter to correct it."
        );
        assert!(matches!(log.advance(Sent, "X", d("2025-12-29"), d(TODAY)), Err(LetterRefusal::AlreadySent { .. })));
    }

    #[test]
    fn dates_must_be_real_and_in_order() {
        let mut log = log_at(Some(Dictated));
        assert_eq!(
            log.advance(Typed, "R. Ahmed", d("2026-01-02"), d(TODAY)),
            Err(LetterRefusal::InFuture { on: d("2026-01-02"), today: d(TODAY) })
        );
        assert!(matches!(
            log.advance(Typed, "R. Ahmed", d("2025-12-22"), d(TODAY)),
            Err(LetterRefusal::BeforeLastStep { .. })
        ));
        let err =
            LetterLog::new(d("2025-12-22")).advance(Dictated, "Dr A. Khan", d("2025-12-19"), d(TODAY)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "19 Dec 2025 is before the clinic on 22 Dec 2025: a letter step cannot come before the clinic."
        );
        assert_eq!(log.advance(Typed, " ", d("2025-12-23"), d(TODAY)), Err(LetterRefusal::NameMissing(Typed)));
        assert_eq!(log.steps.len(), 1);
    }
}
