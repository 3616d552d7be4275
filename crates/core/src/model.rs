//! The records Pathdesk keeps: what a booking co-ordinator, a secretary or reception works with.
//!
//! Every record is plain data with an `id`. The same types are stored in the browser (IndexedDB), sent over the
//! wire and kept by the server, so a record means the same thing everywhere. Dates are `NaiveDate` (a calendar
//! date, no time zone); clinic times are `NaiveTime` (the wall clock at the hospital).

use crate::calendar::hhmm;
use crate::from_map::from_map;
use crate::from_map::words;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::pathway::PathwayEvent;
use crate::sorting;

/// How urgently a referral must be seen, in the order booking staff work through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Urgent suspected cancer (the old "two week wait"): always first.
    UrgentSuspectedCancer,
    Urgent,
    Routine,
}

words!(Priority { UrgentSuspectedCancer = "urgent_suspected_cancer", Urgent = "urgent", Routine = "routine" });

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::UrgentSuspectedCancer, Priority::Urgent, Priority::Routine];

    /// The priority as it travels (`urgent_suspected_cancer`): the same words serde writes.
    pub fn code(self) -> &'static str {
        match self {
            Priority::UrgentSuspectedCancer => "urgent_suspected_cancer",
            Priority::Urgent => "urgent",
            Priority::Routine => "routine",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::UrgentSuspectedCancer => "Urgent suspected cancer",
            Priority::Urgent => "Urgent",
            Priority::Routine => "Routine",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Specialty {
    pub id: String,
    /// Treatment function code, e.g. "101" for urology.
    pub code: String,
    pub name: String,
}

from_map!(Specialty { id, code, name });

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consultant {
    pub id: String,
    pub name: String,
    pub specialty_id: String,
    /// Their recorded leave (each from its `Leave` record), so a booking into their clinic or list can be checked
    /// against it wherever it is applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leave: Vec<LeavePeriod>,
    /// Their named medical secretary (set by a team lead in Settings): their clinic letters go to them rather
    /// than to the secretaries' pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretary: Option<String>,
}

from_map!(Consultant { id, name, specialty_id, leave = default, secretary = default });

impl Consultant {
    pub fn new(id: impl Into<String>, name: impl Into<String>, specialty_id: impl Into<String>) -> Consultant {
        Consultant {
            id: id.into(),
            name: name.into(),
            specialty_id: specialty_id.into(),
            leave: Vec::new(),
            secretary: None,
        }
    }

    /// The leave that covers `date`, if any.
    pub fn away_on(&self, date: NaiveDate) -> Option<&LeavePeriod> {
        self.leave.iter().find(|leave| leave.from <= date && date <= leave.to)
    }
}

/// A period of a consultant's leave, as kept on the consultant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeavePeriod {
    /// The `Leave` record's id.
    pub id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

from_map!(LeavePeriod { id, from, to, reason });

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patient {
    pub id: String,
    /// Ten digits, no spaces; always passes Modulus 11.
    pub nhs_number: String,
    /// The hospital's own number (MRN), as printed on wristbands and letters.
    pub hospital_number: String,
    pub family_name: String,
    pub given_name: String,
    pub date_of_birth: NaiveDate,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub postcode: Option<String>,
    /// The address above the postcode, a line each ("12 Example Street", "Testbury"), as letters are posted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// How the patient prefers to be told about appointments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_preference: Option<ContactPreference>,
    /// The GP practice (name or ODS code), for letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gp_practice: Option<String>,
    /// The language an interpreter is needed for; none when no interpreter is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter_language: Option<String>,
}

from_map!(Patient {
    id, nhs_number, hospital_number, family_name, given_name, date_of_birth, phone = default, email = default,
    postcode = default, address = default, sex = default, contact_preference = default, gp_practice = default,
    interpreter_language = default,
});

/// A patient's sex as the PAS records it (NHS Data Dictionary "Person stated gender" codes 1, 2, 9, X).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
    Indeterminate,
    NotKnown,
}

words!(Sex { Female = "female", Male = "male", Indeterminate = "indeterminate", NotKnown = "not_known" });

impl Sex {
    pub const ALL: [Sex; 4] = [Sex::Female, Sex::Male, Sex::Indeterminate, Sex::NotKnown];

    pub fn label(self) -> &'static str {
        match self {
            Sex::Female => "Female",
            Sex::Male => "Male",
            Sex::Indeterminate => "Indeterminate",
            Sex::NotKnown => "Not known",
        }
    }
}

/// How the patient prefers to be contacted about appointments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactPreference {
    Letter,
    Phone,
    Email,
    TextMessage,
}

words!(ContactPreference { Letter = "letter", Phone = "phone", Email = "email", TextMessage = "text_message" });

impl ContactPreference {
    pub const ALL: [ContactPreference; 4] =
        [ContactPreference::Letter, ContactPreference::Phone, ContactPreference::Email, ContactPreference::TextMessage];

    pub fn label(self) -> &'static str {
        match self {
            ContactPreference::Letter => "Letter",
            ContactPreference::Phone => "Phone",
            ContactPreference::Email => "Email",
            ContactPreference::TextMessage => "Text message",
        }
    }
}

impl Patient {
    /// A patient with who they are and nothing else recorded yet (no contact details, sex or GP).
    pub fn new(
        id: impl Into<String>,
        nhs_number: impl Into<String>,
        hospital_number: impl Into<String>,
        family_name: impl Into<String>,
        given_name: impl Into<String>,
        date_of_birth: NaiveDate,
    ) -> Patient {
        Patient {
            id: id.into(),
            nhs_number: nhs_number.into(),
            hospital_number: hospital_number.into(),
            family_name: family_name.into(),
            given_name: given_name.into(),
            date_of_birth,
            phone: None,
            email: None,
            postcode: None,
            address: Vec::new(),
            sex: None,
            contact_preference: None,
            gp_practice: None,
            interpreter_language: None,
        }
    }

    /// "SURNAME, Given", as PAS screens and clinic lists show it.
    pub fn display_name(&self) -> String {
        format!("{}, {}", self.family_name.to_uppercase(), self.given_name)
    }

    /// "NHS 943 476 5919 · born 1 Jan 1970": what tells the patient apart, after their name, wherever they are
    /// acted on.
    pub fn identifiers(&self) -> String {
        format!(
            "NHS {} · born {}",
            crate::nhs_number::format_nhs_number(&self.nhs_number),
            crate::calendar::uk_date(self.date_of_birth)
        )
    }
}

/// A free-text note on a patient's record ("Prefers morning appointments", "Interpreter: Polish").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatientNote {
    pub id: String,
    pub patient_id: String,
    pub text: String,
    /// Who wrote it.
    pub author: String,
    /// The desk's calendar date when it was written.
    pub written_on: NaiveDate,
}

from_map!(PatientNote { id, patient_id, text, author, written_on });

/// Where a referral came from; drives the clock start rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralSource {
    Gp,
    ERs,
    SelfReferral,
    InterfaceService,
    InterProviderTransfer,
    ConsultantToConsultant,
    Screening,
}

words!(ReferralSource { Gp = "gp", ERs = "e_rs", SelfReferral = "self_referral", InterfaceService = "interface_service", InterProviderTransfer = "inter_provider_transfer", ConsultantToConsultant = "consultant_to_consultant", Screening = "screening" });

impl ReferralSource {
    /// Who referred, as staff say it.
    pub fn label(self) -> &'static str {
        match self {
            ReferralSource::Gp => "GP (letter)",
            ReferralSource::ERs => "GP through the e-Referral Service",
            ReferralSource::SelfReferral => "Self-referral",
            ReferralSource::InterfaceService => "Referral assessment (interface) service",
            ReferralSource::InterProviderTransfer => "Transfer in from another provider",
            ReferralSource::ConsultantToConsultant => "Another consultant (upgrade or new condition)",
            ReferralSource::Screening => "Screening programme",
        }
    }
}

/// One referral for one condition: a patient's pathway, with its append-only log of events.
/// The clocks (RTT, cancer) are derived from `events` by `crate::pathway`, never stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pathway {
    pub id: String,
    pub patient_id: String,
    pub specialty_id: String,
    pub consultant_id: String,
    pub priority: Priority,
    pub source: ReferralSource,
    /// True for a pathway that is also measured against the cancer standards (28, 31, 62 days).
    #[serde(default)]
    pub cancer: bool,
    /// In date order; corrections are new events, never edits.
    pub events: Vec<PathwayEvent>,
    /// The date a follow-up appointment is needed by, when the clinic asked for one and it is not booked yet: the
    /// pathway is on the waiting list for a follow-up whether or not its clock still runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_due: Option<NaiveDate>,
    /// The pathway's place on the admitted (day-case and inpatient) waiting list, once a clinic decided to treat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<Box<crate::outcome::AdmissionListing>>,
    /// The waiting-list validations recorded on this pathway, oldest first (see `crate::validation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validations: Vec<crate::validation::PathwayValidation>,
}

from_map!(Pathway {
    id, patient_id, specialty_id, consultant_id, priority, source, cancer = default, events, follow_up_due = default,
    listed = default, validations = default,
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlotType {
    New,
    FollowUp,
    Procedure,
}

words!(SlotType { New = "new", FollowUp = "follow_up", Procedure = "procedure" });

impl SlotType {
    pub fn label(self) -> &'static str {
        match self {
            SlotType::New => "New",
            SlotType::FollowUp => "Follow-up",
            SlotType::Procedure => "Procedure",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

words!(Weekday { Monday = "monday", Tuesday = "tuesday", Wednesday = "wednesday", Thursday = "thursday", Friday = "friday", Saturday = "saturday", Sunday = "sunday" });

impl Weekday {
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Monday => chrono::Weekday::Mon,
            Weekday::Tuesday => chrono::Weekday::Tue,
            Weekday::Wednesday => chrono::Weekday::Wed,
            Weekday::Thursday => chrono::Weekday::Thu,
            Weekday::Friday => chrono::Weekday::Fri,
            Weekday::Saturday => chrono::Weekday::Sat,
            Weekday::Sunday => chrono::Weekday::Sun,
        }
    }
}

/// One line of a clinic template: `count` slots of a type, each `minutes` long, seeing `capacity` patients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateSlot {
    pub slot_type: SlotType,
    pub start: NaiveTime,
    pub minutes: u32,
    pub capacity: u32,
}

from_map!(TemplateSlot { slot_type, start, minutes, capacity });

/// A consultant's weekly clinic pattern. Edited with compare-and-set on `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicTemplate {
    pub id: String,
    pub consultant_id: String,
    pub specialty_id: String,
    pub name: String,
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub location: String,
    pub slots: Vec<TemplateSlot>,
    pub version: u32,
}

from_map!(ClinicTemplate { id, consultant_id, specialty_id, name, weekday, start, end, location, slots, version });

impl ClinicTemplate {
    /// A template in one line, for the "changed since you opened it" message and the Problems list.
    pub fn describe(&self) -> String {
        let slots: Vec<String> = self
            .slots
            .iter()
            .map(|slot| {
                format!("{} {} ({} min × {})", hhmm(slot.start), slot.slot_type.label(), slot.minutes, slot.capacity)
            })
            .collect();
        format!(
            "{}: {} {}–{}, {}; slots: {}",
            self.name,
            crate::calendar::weekday_name(self.weekday.to_chrono()),
            hhmm(self.start),
            hhmm(self.end),
            self.location,
            slots.join(", ")
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SessionStatus {
    Scheduled,
    Cancelled { reason: String },
    Reduced { reason: String },
}

/// `SessionStatus` as written: `{"state": "cancelled", "reason": "..."}`, read through a plain struct (serde's
/// reader for internally tagged enums buffers the whole object first, and is large).
struct SessionStatusFields {
    state: String,
    reason: Option<String>,
}

from_map!(SessionStatusFields { state, reason = default });

impl<'de> Deserialize<'de> for SessionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let fields = SessionStatusFields::deserialize(deserializer)?;
        let reason = || fields.reason.clone().ok_or_else(|| D::Error::missing_field("reason"));
        match fields.state.as_str() {
            "scheduled" => Ok(SessionStatus::Scheduled),
            "cancelled" => Ok(SessionStatus::Cancelled { reason: reason()? }),
            "reduced" => Ok(SessionStatus::Reduced { reason: reason()? }),
            other => Err(D::Error::unknown_variant(other, &["scheduled", "cancelled", "reduced"])),
        }
    }
}

/// A bookable slot in a dated session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub id: String,
    pub slot_type: SlotType,
    pub start: NaiveTime,
    pub minutes: u32,
    pub capacity: u32,
}

from_map!(Slot { id, slot_type, start, minutes, capacity });

/// A dated clinic: one instance of a template (or a one-off), with its slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicSession {
    pub id: String,
    #[serde(default)]
    pub template_id: Option<String>,
    pub consultant_id: String,
    pub specialty_id: String,
    pub name: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub location: String,
    pub status: SessionStatus,
    pub slots: Vec<Slot>,
}

from_map!(ClinicSession {
    id, template_id = default, consultant_id, specialty_id, name, date, start, end, location, status, slots,
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppointmentStatus {
    Booked,
    Arrived,
    Seen,
    DidNotAttend,
    CancelledByPatient,
    CancelledByHospital,
}

words!(AppointmentStatus { Booked = "booked", Arrived = "arrived", Seen = "seen", DidNotAttend = "did_not_attend", CancelledByPatient = "cancelled_by_patient", CancelledByHospital = "cancelled_by_hospital" });

impl AppointmentStatus {
    /// Does an appointment in this state hold its place in the slot? Booked, arrived, seen and did-not-attend
    /// appointments do (the place was used or is promised); a cancelled one, by the patient or the hospital, gives
    /// its place back.
    pub fn takes_the_slot(self) -> bool {
        match self {
            AppointmentStatus::Booked
            | AppointmentStatus::Arrived
            | AppointmentStatus::Seen
            | AppointmentStatus::DidNotAttend => true,
            AppointmentStatus::CancelledByPatient | AppointmentStatus::CancelledByHospital => false,
        }
    }
}

impl AppointmentStatus {
    pub fn label(self) -> &'static str {
        match self {
            AppointmentStatus::Booked => "Booked",
            AppointmentStatus::Arrived => "Arrived",
            AppointmentStatus::Seen => "Seen",
            AppointmentStatus::DidNotAttend => "Did not attend",
            AppointmentStatus::CancelledByPatient => "Cancelled by patient",
            AppointmentStatus::CancelledByHospital => "Cancelled by hospital",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appointment {
    pub id: String,
    pub patient_id: String,
    pub pathway_id: String,
    pub session_id: String,
    pub slot_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub slot_type: SlotType,
    pub status: AppointmentStatus,
    /// The date the offer was made (for the reasonable-notice rule).
    pub booked_on: NaiveDate,
    /// What the clinic decided, once recorded (after the patient was seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<crate::outcome::ClinicOutcome>,
    /// When and why it was cancelled (by the patient or the hospital, as `status` says); `None` for appointments
    /// cancelled before the reason was kept here (the patient's notes have it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<Cancellation>,
}

from_map!(Appointment {
    id, patient_id, pathway_id, session_id, slot_id, date, start, slot_type, status, booked_on, outcome = default,
    cancelled = default,
});

impl Appointment {
    /// Cancelled on `on` for `reason`: `status` is one of the two cancelled states.
    pub fn cancel(&mut self, status: AppointmentStatus, on: NaiveDate, reason: impl Into<String>) {
        debug_assert!(!status.takes_the_slot(), "an appointment is cancelled by the patient or the hospital");
        self.status = status;
        self.cancelled = Some(Cancellation { on, reason: reason.into() });
    }
}

/// When an appointment was cancelled, and why, as the person cancelling it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cancellation {
    pub on: NaiveDate,
    pub reason: String,
}

from_map!(Cancellation { on, reason });

/// One patient's place on a clinic list: the appointment holding a place in a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedPlace {
    pub slot_id: String,
    pub appointment_id: String,
    pub patient_id: String,
    /// On a procedure list: the minutes the procedure is expected to take (`None`: the slot's length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
}

from_map!(ListedPlace { slot_id, appointment_id, patient_id, minutes = default });

/// The patients booked into one clinic session (id = the session's id): what reception prints, and what the
/// booking commands count places from. Holds every appointment that keeps its place (booked, arrived, seen, did
/// not attend); a cancelled appointment leaves the list. Walk-ins seen as extras are listed under
/// [`EXTRA_SLOT_ID`] and take no slot's place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClinicList {
    pub id: String,
    #[serde(default)]
    pub places: Vec<ListedPlace>,
}

from_map!(ClinicList { id, places = default });

/// The slot id of a walk-in seen as an extra, beyond the clinic's slots.
pub const EXTRA_SLOT_ID: &str = "extra";

impl ClinicList {
    /// An empty list for the session.
    pub fn new(session_id: impl Into<String>) -> Self {
        ClinicList { id: session_id.into(), places: Vec::new() }
    }

    /// Places taken in the slot.
    pub fn booked(&self, slot_id: &str) -> u32 {
        self.places.iter().filter(|place| place.slot_id == slot_id).count() as u32
    }

    pub fn holds(&self, appointment_id: &str) -> bool {
        self.places.iter().any(|place| place.appointment_id == appointment_id)
    }

    /// The list of a session from its appointments (those that keep their place), in slot time order: for data
    /// made before clinic lists existed, and for seeding.
    pub fn from_appointments<'a>(
        session_id: impl Into<String>,
        appointments: impl IntoIterator<Item = &'a Appointment>,
    ) -> Self {
        let session_id = session_id.into();
        let mut held: Vec<&Appointment> = appointments
            .into_iter()
            .filter(|appointment| appointment.session_id == session_id && appointment.status.takes_the_slot())
            .collect();
        sorting::sort_by(&mut held, |a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        let places = held
            .into_iter()
            .map(|appointment| ListedPlace {
                slot_id: appointment.slot_id.clone(),
                appointment_id: appointment.id.clone(),
                patient_id: appointment.patient_id.clone(),
                minutes: None,
            })
            .collect();
        ClinicList { id: session_id, places }
    }
}

/// The appointment dates offered to a patient on one pathway (id = the pathway's id), accepted or declined, in the
/// order they were made. A booking is an accepted offer whose id is the appointment's id; its
/// `patient_accepted_earlier_date` records that the patient agreed to short notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathwayOffers {
    pub id: String,
    pub patient_id: String,
    #[serde(default)]
    pub offers: Vec<Offer>,
}

from_map!(PathwayOffers { id, patient_id, offers = default });

/// An appointment date offered to a patient on a pathway, and what became of it.
/// Made and classified by `crate::booking::offer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub id: String,
    pub pathway_id: String,
    pub offered_on: NaiveDate,
    pub appointment_date: NaiveDate,
    /// The patient agreed to a date at shorter notice than the trust's period.
    #[serde(default)]
    pub patient_accepted_earlier_date: bool,
    /// Classified when the offer was made, under the notice period in force then.
    pub reasonable: bool,
    #[serde(default)]
    pub declined: bool,
}

from_map!(Offer {
    id, pathway_id, offered_on, appointment_date, patient_accepted_earlier_date = default, reasonable,
    declined = default,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_prioritys_code_is_what_serde_writes() {
        for priority in Priority::ALL {
            assert_eq!(serde_json::to_value(priority).unwrap(), serde_json::json!(priority.code()));
        }
    }

    #[test]
    fn a_patient_is_told_apart_by_a_spaced_nhs_number_and_a_uk_date_of_birth() {
        let born = NaiveDate::from_ymd_opt(1970, 3, 9).unwrap();
        let patient = Patient::new("p1", "9434765919", "RX1", "Lovelace", "Ada", born);
        assert_eq!(patient.identifiers(), "NHS 943 476 5919 · born 9 Mar 1970");
        assert_eq!(
            format!("{} · {}", patient.display_name(), patient.identifiers()),
            "LOVELACE, Ada · NHS 943 476 5919 · born 9 Mar 1970"
        );
    }
}
