//! Commands: what a person does, validated and applied by the same code in the browser and on the server.
//!
//! Each command is a struct in the module of its area of work, implementing [`Act`]: the records it reads (the
//! caller loads them from IndexedDB or the database), what it is in words, and `apply`, which returns the records
//! to write or a [`Rejection`] that says, in words a person can act on, what is wrong. No I/O here.
//!
//! [`Command`] is the one list of them (the `commands!` call below): its name on the wire and in the audit, and
//! the area of work that decides who may send it. Adding a command is one line there plus its struct and `Act`.
//!
//! - [`notes`]: notes on a patient's record;
//! - [`tasks`]: tasks, their edits (merged field by field) and clinic letters' steps;
//! - [`pathways`]: pathway events;
//! - [`booking`]: booking, rebooking and cancelling appointments, follow-ups due, declined offers;
//! - [`reception`]: arrivals, seen, did not attend and walk-ins on the day;
//! - [`clinics`]: templates, generating sessions, leave, cancelling, reducing and moving clinics;
//! - [`settings`]: the trust's settings;
//! - [`escalations`]: raising a patient who cannot be kept within a deadline, and a lead dealing with it;
//! - [`patients`]: registering a patient with their referral, changing their details, adding a referral;
//! - [`triage`]: the clinician's triage decision on a referral;
//! - [`outcomes`]: what the clinic decided for a patient seen;
//! - [`admissions`]: the admitted list's pre-operative assessments and what happened on each to-come-in date.

mod admissions;
mod area;
mod booking;
mod case_notes;
mod clinics;
mod diary;
mod escalations;
mod mdt;
mod notes;
mod outcomes;
mod pas;
mod pathways;
mod patients;
mod reception;
mod records;
mod settings;
mod tasks;
mod triage;

pub use area::Area;
pub use booking::{
    needs_rebooking_task, slot_taken_while_offline, tell_patient_id, told_appointment, CancelledBy, BOOKING_TEAM,
};
pub use patients::DetailsChange;
pub use reception::MEDICAL_SECRETARIES;

pub use crate::rejection::{NeedsRebooking, Rejection, RejectionCode, RejectionDetails};

use std::collections::HashMap;

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::record::{Record, RecordKey};

/// The longest note a person may type; longer text is refused, never cut (see [`crate::limits`]).
pub use crate::limits::NOTE_CHARS as MAX_NOTE_CHARS;

/// Who is acting and on what day (the desk's calendar date, used for "no future dates").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandContext {
    pub today: NaiveDate,
    pub author: String,
}

from_map!(CommandContext { today, author });

/// Records a command may read, by key.
pub trait RecordSource {
    fn record(&self, key: &RecordKey) -> Option<&Record>;
}

impl RecordSource for HashMap<RecordKey, Record> {
    fn record(&self, key: &RecordKey) -> Option<&Record> {
        self.get(key)
    }
}

/// What every command knows about itself.
pub trait Act {
    /// The records `apply` needs to see.
    fn reads(&self) -> Vec<RecordKey>;

    /// A short description for people: lists of changes waiting to sync, Problems, confirmations.
    fn describe(&self) -> String;

    /// Validate against the current records and return the records to write.
    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection>;

    /// What the person typed (a note, a reason), shown on Problems when the command is refused so nothing typed
    /// is lost.
    fn typed_text(&self) -> Option<String> {
        None
    }

    /// The task this command changes, for the commands whose changes merge field by field (a device notes which
    /// of its task changes were merged with another desk's).
    fn task_changed(&self) -> Option<&str> {
        None
    }

    /// Whether some of this command's task edit gave way to a later write already on the task (`written`: what
    /// `apply` returned); the sync outcome is then "merged".
    fn gave_way(&self, _written: &[Record]) -> bool {
        false
    }
}

/// The one list of commands: `"name on the wire" => module::Struct in Area`. From it come the `Command` enum
/// (serialized as `{"type": name, ...the struct's fields}`), `From` each struct, `Command::name`, `Command::area`
/// and `Command::NAMES`; `reads`, `describe`, `apply`, `typed_text`, `task_changed` and `gave_way` dispatch to the
/// struct's [`Act`].
macro_rules! commands {
    ($( $(#[$doc:meta])* $name:literal => $module:ident :: $command:ident in $area:ident, )*) => {
        $( pub use $module::$command; )*

        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "type")]
        pub enum Command {
            $( $(#[$doc])* #[serde(rename = $name)] $command($command), )*
        }

        impl $crate::from_map::Tagged for Command {
            const TAG: &'static str = "type";
            const EXPECTING: &'static str = "a command, with its type";
            fn read_kind<'de, A: serde::de::MapAccess<'de>>(kind: &str, map: A) -> Result<Self, A::Error> {
                use $crate::from_map::FromFields;
                match kind {
                    $($name => $command::from_fields(map).map(Command::$command),)*
                    other => Err(<A::Error as serde::de::Error>::unknown_variant(other, Command::NAMES)),
                }
            }
        }

        impl<'de> Deserialize<'de> for Command {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::from_map::deserialize_tagged(deserializer)
            }
        }

        $(
            impl From<$command> for Command {
                fn from(command: $command) -> Command {
                    Command::$command(command)
                }
            }
        )*

        impl Command {
            /// Every command's name, as on the wire and in the audit.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// The command's name on the wire and in the audit (`book_appointment`).
            pub fn name(&self) -> &'static str {
                match self { $( Command::$command(_) => $name, )* }
            }

            /// The area of work it belongs to, which decides who may send it (see `access`).
            pub fn area(&self) -> Area {
                match self { $( Command::$command(_) => Area::$area, )* }
            }

            /// See [`Act::reads`].
            pub fn reads(&self) -> Vec<RecordKey> {
                match self { $( Command::$command(command) => command.reads(), )* }
            }

            /// Those of [`Command::reads`] this command never writes, so the server may read them under a shared
            /// lock: the trust settings, which every booking consults and only "save trust settings" changes (one
            /// save must not make every booking trust-wide queue behind the others).
            pub fn only_reads(&self) -> Vec<RecordKey> {
                if matches!(self, Command::SaveTrustSettings(_)) {
                    return Vec::new();
                }
                self.reads().into_iter().filter(|key| key.kind == crate::record::RecordKind::TrustSettings).collect()
            }

            /// Checks the command against core's table of limits ([`crate::limits`]) through its JSON, as it
            /// travels and is stored: refused with the first problem, in words.
            pub fn check_limits(&self) -> Result<(), Rejection> {
                let json = serde_json::to_string(self).map_err(|e| Rejection::invalid(e.to_string()))?;
                let value: serde_json::Value =
                    serde_json::from_str(&json).map_err(|e| Rejection::invalid(e.to_string()))?;
                crate::limits::check(&value).map_err(Rejection::invalid)
            }

            /// See [`Act::describe`].
            pub fn describe(&self) -> String {
                match self { $( Command::$command(command) => command.describe(), )* }
            }

            /// See [`Act::apply`].
            pub fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
                match self { $( Command::$command(command) => command.apply(ctx, records), )* }
            }

            /// See [`Act::typed_text`].
            pub fn typed_text(&self) -> Option<String> {
                match self { $( Command::$command(command) => command.typed_text(), )* }
            }

            /// See [`Act::task_changed`].
            pub fn task_changed(&self) -> Option<&str> {
                match self { $( Command::$command(command) => command.task_changed(), )* }
            }

            /// See [`Act::gave_way`].
            pub fn gave_way(&self, written: &[Record]) -> bool {
                match self { $( Command::$command(command) => command.gave_way(written), )* }
            }
        }
    };
}

commands! {
    "add_patient_note" => notes::AddPatientNote in Notes,
    "move_case_notes" => case_notes::MoveCaseNotes in Notes,
    "request_case_notes" => case_notes::RequestCaseNotes in Notes,
    "schedule_mdt_meeting" => mdt::ScheduleMdtMeeting in Clinics,
    "list_for_mdt" => mdt::ListForMdt in Pathways,
    "record_mdt_outcome" => mdt::RecordMdtOutcome in Pathways,
    "add_diary_item" => diary::AddDiaryItem in Clinics,
    "cancel_diary_item" => diary::CancelDiaryItem in Clinics,
    "request_leave" => diary::RequestLeave in Tasks,
    "decide_leave" => diary::DecideLeave in Escalations,
    "record_staff_leave" => diary::RecordStaffLeave in Allocation,
    "complete_task" => tasks::CompleteTask in Tasks,
    "reopen_task" => tasks::ReopenTask in Tasks,
    "create_task" => tasks::CreateTask in Tasks,
    "edit_task" => tasks::EditTask in Tasks,
    "reassign_tasks" => tasks::ReassignTasks in Allocation,
    "record_letter_step" => tasks::RecordLetterStep in Letters,
    // The clinic's outcome, recorded by whoever types it up (a secretary or the booking team).
    "record_pathway_event" => pathways::RecordPathwayEvent in Pathways,
    "validate_pathway" => pathways::ValidatePathway in Pathways,
    "record_follow_up_due" => booking::RecordFollowUpDue in Pathways,
    "book_appointment" => booking::BookAppointment in Booking,
    "record_offer_declined" => booking::RecordOfferDeclined in Booking,
    "cancel_appointment" => booking::CancelAppointment in Booking,
    "rebook_appointment" => booking::RebookAppointment in Booking,
    "record_arrival" => reception::RecordArrival in Reception,
    "record_seen" => reception::RecordSeen in Reception,
    "record_did_not_attend" => reception::RecordDidNotAttend in Reception,
    "record_walk_in" => reception::RecordWalkIn in Reception,
    "cancel_session" => clinics::CancelSession in Clinics,
    "add_clinic_session" => pas::AddClinicSession in Clinics,
    "record_pas_appointment" => pas::RecordPasAppointment in Booking,
    "reduce_session" => clinics::ReduceSession in Clinics,
    "edit_session" => clinics::EditSession in Clinics,
    "record_leave" => clinics::RecordLeave in Clinics,
    "save_clinic_template" => clinics::SaveClinicTemplate in Clinics,
    "generate_sessions" => clinics::GenerateSessions in Clinics,
    "save_trust_settings" => settings::SaveTrustSettings in TrustSettings,
    "set_consultant_secretary" => settings::SetConsultantSecretary in TrustSettings,
    "escalate" => escalations::Escalate in Booking,
    "update_escalation" => escalations::UpdateEscalation in Escalations,
    "register_patient" => patients::RegisterPatient in Registration,
    "change_patient_details" => patients::ChangePatientDetails in Registration,
    "add_referral" => patients::AddReferral in Registration,
    "triage_referral" => triage::TriageReferral in Triage,
    "record_clinic_outcome" => outcomes::RecordClinicOutcome in ClinicOutcomes,
    "record_pre_op_assessment" => admissions::RecordPreOpAssessment in Booking,
    "record_admission_outcome" => admissions::RecordAdmissionOutcome in ClinicOutcomes,
}

/// A short text a person typed (a name, a title, a place), its spaces closed up; refused when empty or longer than
/// `most` characters, saying which `what`.
fn short_text(text: &str, what: &str, most: usize) -> Result<String, Rejection> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(Rejection::invalid(format!("Enter the {what}.")));
    }
    if text.chars().count() > most {
        return Err(Rejection::invalid(format!("The {what} is too long; the most is {most} characters.")));
    }
    Ok(text)
}

/// Text a person typed, trimmed, refused when empty or longer than [`MAX_NOTE_CHARS`].
fn checked_text(text: &str, what: &str) -> Result<String, Rejection> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Rejection::invalid(format!("The {what} is empty: type some text, then save.")));
    }
    let chars = text.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(Rejection::invalid(format!(
            "The {what} is {chars} characters long; the most is {MAX_NOTE_CHARS}. Shorten it, then save."
        )));
    }
    Ok(text.to_string())
}
