//! Letter turnaround: for the letters from clinics in a chosen period, how many were sent within the trust's
//! standard (N working days after the clinic), the median working days from clinic to sent, and how many are
//! still to send (and of those, overdue), per secretary and per consultant.
//!
//! Exact arithmetic: counts are integers, the percentage is rounded once, half up, to one decimal place, and a
//! median of an even number of letters is kept in half days. A letter sent on its due date (exactly N working
//! days) is within the standard. A letter counts as sent only if it was sent on or before the report's date.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use super::letters::{letter_due, LetterDueError, LetterLog, LetterSettings, LetterStage};
use crate::calendar::{uk_date, working_days_between, CalendarError};
use crate::tasks::Task;

/// One clinic letter as turnaround counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterForTurnaround {
    pub letter_id: String,
    /// The secretary whose figure it counts in.
    pub secretary: String,
    /// Empty for a letter with no consultant recorded: those are counted together under "".
    pub consultant_id: String,
    pub clinic_date: NaiveDate,
    pub sent_on: Option<NaiveDate>,
}

impl LetterForTurnaround {
    /// A letter task with its log. The secretary is whoever typed it last (the person the standard measures);
    /// before it is typed, whoever has the task.
    pub fn from_task(task: &Task, log: &LetterLog) -> LetterForTurnaround {
        LetterForTurnaround {
            letter_id: task.id.clone(),
            secretary: log.latest(LetterStage::Typed).map_or_else(|| task.assignee.clone(), |step| step.by.clone()),
            consultant_id: task.consultant_id.clone().unwrap_or_default(),
            clinic_date: log.clinic_date,
            sent_on: log.sent_on(),
        }
    }
}

/// Clinics held from `first` to `last`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClinicPeriod {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl ClinicPeriod {
    pub fn contains(&self, clinic_date: NaiveDate) -> bool {
        (self.first..=self.last).contains(&clinic_date)
    }
}

/// A part of a whole, shown as a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub part: u32,
    pub whole: u32,
}

impl Share {
    /// Tenths of a percent, rounded half up; `None` when there is nothing to divide by.
    pub fn per_mille(&self) -> Option<u64> {
        let (part, whole) = (u64::from(self.part), u64::from(self.whole));
        (whole > 0).then(|| (part * 2000 + whole) / (2 * whole))
    }
}

impl fmt::Display for Share {
    /// "80.0%", or "no letters".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.per_mille() {
            Some(tenths) => write!(f, "{}.{}%", tenths / 10, tenths % 10),
            None => f.write_str("no letters"),
        }
    }
}

/// A median number of working days, exactly: a whole day or a half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MedianDays {
    pub halves: u32,
}

impl MedianDays {
    /// The median of `values` (sorted here); `None` for none.
    pub fn of(values: &mut [u32]) -> Option<MedianDays> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        let middle = values.len() / 2;
        let halves = if values.len() % 2 == 1 { values[middle] * 2 } else { values[middle - 1] + values[middle] };
        Some(MedianDays { halves })
    }

    pub fn days(&self) -> f64 {
        f64::from(self.halves) / 2.0
    }
}

impl fmt::Display for MedianDays {
    /// "4" or "4.5".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.halves % 2 {
            0 => write!(f, "{}", self.halves / 2),
            _ => write!(f, "{}.5", self.halves / 2),
        }
    }
}

/// The figures for one group of letters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TurnaroundFigures {
    /// Letters from clinics in the period.
    pub letters: u32,
    pub sent: u32,
    /// Sent within the standard: no more than N working days after the clinic.
    pub sent_within_standard: u32,
    /// Not sent by the report's date (overdue ones included).
    pub not_sent: u32,
    /// Not sent and past the due date.
    pub overdue: u32,
    /// Working days from clinic to sent, for each sent letter.
    working_days: Vec<u32>,
}

impl TurnaroundFigures {
    /// Of the letters sent, the share sent within the standard.
    pub fn within_standard(&self) -> Share {
        Share { part: self.sent_within_standard, whole: self.sent }
    }

    /// Median working days from clinic to sent, over the letters sent.
    pub fn median_working_days(&self) -> Option<MedianDays> {
        MedianDays::of(&mut self.working_days.clone())
    }

    fn count(&mut self, counted: &Counted) {
        self.letters += 1;
        match counted {
            Counted::Sent { working_days, within } => {
                self.sent += 1;
                self.sent_within_standard += u32::from(*within);
                self.working_days.push(*working_days);
            }
            Counted::NotSent { overdue } => {
                self.not_sent += 1;
                self.overdue += u32::from(*overdue);
            }
        }
    }
}

/// Turnaround for one period, as of one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turnaround {
    pub period: ClinicPeriod,
    pub as_of: NaiveDate,
    pub standard_working_days: u32,
    pub all: TurnaroundFigures,
    /// By secretary, in name order.
    pub by_secretary: Vec<(String, TurnaroundFigures)>,
    /// By consultant id, in id order.
    pub by_consultant: Vec<(String, TurnaroundFigures)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TurnaroundError {
    #[error("The period ends ({}) before it starts ({}): swap the dates.", uk_date(*last), uk_date(*first))]
    PeriodBackwards { first: NaiveDate, last: NaiveDate },
    #[error(
        "Letter {letter_id} is recorded as sent on {} but its clinic was on {}: correct the sent date.",
        uk_date(*sent_on),
        uk_date(*clinic_date)
    )]
    SentBeforeClinic { letter_id: String, clinic_date: NaiveDate, sent_on: NaiveDate },
    #[error("Letter {letter_id}: {source}")]
    DueDate { letter_id: String, source: LetterDueError },
    #[error("Letter {letter_id}: {source}")]
    Calendar { letter_id: String, source: CalendarError },
}

enum Counted {
    Sent { working_days: u32, within: bool },
    NotSent { overdue: bool },
}

fn count_letter(
    letter: &LetterForTurnaround,
    as_of: NaiveDate,
    settings: &LetterSettings,
) -> Result<Counted, TurnaroundError> {
    match letter.sent_on.filter(|sent| *sent <= as_of) {
        Some(sent_on) => {
            if sent_on < letter.clinic_date {
                return Err(TurnaroundError::SentBeforeClinic {
                    letter_id: letter.letter_id.clone(),
                    clinic_date: letter.clinic_date,
                    sent_on,
                });
            }
            let working_days = working_days_between(letter.clinic_date, sent_on, settings.region)
                .map_err(|source| TurnaroundError::Calendar { letter_id: letter.letter_id.clone(), source })?;
            Ok(Counted::Sent { working_days, within: working_days <= settings.turnaround_working_days })
        }
        None => {
            let due = letter_due(letter.clinic_date, settings)
                .map_err(|source| TurnaroundError::DueDate { letter_id: letter.letter_id.clone(), source })?;
            Ok(Counted::NotSent { overdue: as_of > due })
        }
    }
}

/// The turnaround figures for letters from clinics in `period`, as of `as_of`.
pub fn turnaround(
    letters: &[LetterForTurnaround],
    period: ClinicPeriod,
    as_of: NaiveDate,
    settings: &LetterSettings,
) -> Result<Turnaround, TurnaroundError> {
    if period.last < period.first {
        return Err(TurnaroundError::PeriodBackwards { first: period.first, last: period.last });
    }
    let mut all = TurnaroundFigures::default();
    let mut by_secretary: BTreeMap<&str, TurnaroundFigures> = BTreeMap::new();
    let mut by_consultant: BTreeMap<&str, TurnaroundFigures> = BTreeMap::new();
    for letter in letters.iter().filter(|letter| period.contains(letter.clinic_date)) {
        let counted = count_letter(letter, as_of, settings)?;
        all.count(&counted);
        by_secretary.entry(&letter.secretary).or_default().count(&counted);
        by_consultant.entry(&letter.consultant_id).or_default().count(&counted);
    }
    let owned = |map: BTreeMap<&str, TurnaroundFigures>| map.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Ok(Turnaround {
        period,
        as_of,
        standard_working_days: settings.turnaround_working_days,
        all,
        by_secretary: owned(by_secretary),
        by_consultant: owned(by_consultant),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_up_once() {
        assert_eq!(Share { part: 4, whole: 5 }.to_string(), "80.0%");
        assert_eq!(Share { part: 2, whole: 3 }.to_string(), "66.7%");
        assert_eq!(Share { part: 1, whole: 3 }.to_string(), "33.3%");
        // 1/8 = 12.5% exactly; 1/16 = 6.25% rounds half up to 6.3%.
        assert_eq!(Share { part: 1, whole: 8 }.to_string(), "12.5%");
        assert_eq!(Share { part: 1, whole: 16 }.to_string(), "6.3%");
        assert_eq!(Share { part: 0, whole: 0 }.to_string(), "no letters");
        assert_eq!(Share { part: 7, whole: 7 }.to_string(), "100.0%");
    }

    #[test]
    fn medians_are_exact() {
        assert_eq!(MedianDays::of(&mut []), None);
        assert_eq!(MedianDays::of(&mut [7, 3, 5]).unwrap().to_string(), "5");
        assert_eq!(MedianDays::of(&mut [6, 3, 4, 9]).unwrap().to_string(), "5");
        assert_eq!(MedianDays::of(&mut [4, 5]).unwrap().to_string(), "4.5");
        assert_eq!(MedianDays::of(&mut [4, 5]).unwrap().days(), 4.5);
    }
}
