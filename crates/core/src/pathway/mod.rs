//! Pathway events and the waiting-time clocks derived from them (`pathway-rules.md`).
//!
//! - `event`: the typed event log entry, in the shape of the shared case format;
//! - `rtt`: referral to treatment (18 weeks) periods, `wait`: counting days, weeks and bands;
//! - `cancer`: the 28-, 31- and 62-day cancer standards;
//! - `clocks`: every clock of a pathway on a census date, for screens and the PTL;
//! - `deadlines`: the running clocks' deadlines and the next one, which every booking decision asks for;
//! - `check`: whether a new event can be added to a pathway;
//! - `policy`: every choice the rules leave open, in one place.

pub mod cancer;
mod check;
pub mod clocks;
mod deadlines;
pub mod event;
pub mod policy;
pub mod rtt;
mod rtt_status;
mod text_enum;
pub mod wait;

pub use check::check_new_event;
pub use clocks::{PathwayClocks, RttClock, RttClockState};
pub use deadlines::{Deadline, Standard};
pub use event::{EventKind, PathwayEvent, EVENT_TYPES};
pub use rtt::{RttPeriod, RttStatus, RttTracker};
pub use wait::{ReportingBand, RttWait};

/// Every RTT period of a pathway's events, oldest first (for screens and the case evaluator; the PTL uses
/// `PathwayClocks`, which does not allocate).
pub fn rtt_periods(events: &[PathwayEvent]) -> (Vec<RttPeriod>, rtt::RttNotes) {
    let mut tracker = RttTracker::new();
    let mut periods = Vec::new();
    for event in events {
        if let Some(done) = tracker.apply(event) {
            periods.push(done);
        }
    }
    periods.extend(tracker.current().copied());
    (periods, tracker.notes())
}
