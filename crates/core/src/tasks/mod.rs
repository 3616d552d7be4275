//! The secretaries' and booking team's tasks: clinic letters and their workflow, patient queries, chasers and
//! pathway validations. Pure rules, no I/O:
//! - [`hlc`], [`field`], [`merge`]: edits made on several devices merge field by field, the latest write wins
//!   and the value it replaced stays in the history;
//! - [`letters`]: when a clinic letter is due, and its steps (dictated, typed, checked, sent);
//! - [`query`]: a patient query (phone or email), its title and call-back date;
//! - [`turnaround`]: letters sent within the standard and median working days, per secretary and consultant;
//! - [`worklist`]: my tasks, team tasks, the team lead's summary, cover for leave, bulk reassignment;
//! - [`validation`]: when a waiting pathway needs validating (12, 26, 52 weeks);
//! - [`Task`]: the task itself, its kind, status and history;
//! - [`escalation`]: a patient who cannot be kept within a deadline, raised to the team leads;
//! - [`draft`]: a task worked out by a rule, before it is assigned.

pub mod draft;
pub mod escalation;
pub mod field;
pub mod hlc;
pub mod letters;
pub mod merge;
pub mod query;
mod task;
pub mod turnaround;
pub mod validation;
pub mod worklist;

pub use task::{Task, TaskKind, TaskNote, TaskStatus};

/// The booking team's pool: bookings to tell patients about, rebookings, validations.
pub const BOOKING_TEAM: &str = "Booking team";
/// The medical secretaries' pool: clinic letters.
pub const MEDICAL_SECRETARIES: &str = "Medical secretaries";
/// The team pools work can be given to, beside named people.
pub const TEAMS: [&str; 2] = [BOOKING_TEAM, MEDICAL_SECRETARIES];
