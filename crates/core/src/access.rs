//! Who may do what: the roles of an outpatient admin team and the signed-in session the server reports.
//!
//! The server decides on every request (see `crates/server`); the app uses the same types to show a person only
//! what their role allows. The rules of which role may send which command live here, beside the commands.

use crate::from_map::from_map;
use crate::from_map::words;
use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

pub use crate::command::Area;
use crate::command::Command;
use crate::record::{Record, RecordKey, RecordKind};

/// A person's role in the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Manages users and reads the audit; may do everything a team lead may.
    Administrator,
    /// Allocates the team's work and covers absences; may do everything the team does.
    TeamLead,
    /// Clinic templates, sessions, leave, the waiting list and bookings.
    BookingCoordinator,
    /// Letters, patient queries, chasers and validation.
    MedicalSecretary,
    /// Today's clinics: arrivals, seen, did not attend, walk-ins.
    Receptionist,
    /// Sees the data of their services and changes nothing.
    ReadOnly,
}

words!(Role { Administrator = "administrator", TeamLead = "team_lead", BookingCoordinator = "booking_coordinator", MedicalSecretary = "medical_secretary", Receptionist = "receptionist", ReadOnly = "read_only" });

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::TeamLead,
        Role::BookingCoordinator,
        Role::MedicalSecretary,
        Role::Receptionist,
        Role::ReadOnly,
    ];

    /// The role as it travels (`team_lead`): the same words serde writes.
    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::TeamLead => "team_lead",
            Role::BookingCoordinator => "booking_coordinator",
            Role::MedicalSecretary => "medical_secretary",
            Role::Receptionist => "receptionist",
            Role::ReadOnly => "read_only",
        }
    }

    /// The role as people name it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::TeamLead => "Team lead",
            Role::BookingCoordinator => "Booking co-ordinator",
            Role::MedicalSecretary => "Medical secretary",
            Role::Receptionist => "Receptionist",
            Role::ReadOnly => "Read-only",
        }
    }
}

/// Someone work can be given to: a person who signs in to Pathdesk, with their role and services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Colleague {
    /// Their name as tasks and lists show it.
    pub name: String,
    pub role: Role,
    /// The services (specialty ids) they work in; empty when they work in every service.
    pub services: Vec<String>,
}

from_map!(Colleague { name, role, services = default });

impl Colleague {
    pub fn works_in(&self, service: &str) -> bool {
        self.services.is_empty() || self.services.iter().any(|s| s == service)
    }
}

/// Who work can be given to (`GET /api/people`): the trust's people who take work (not read-only viewers or
/// administrators) and its team pools. A task goes to a name from here, never to typed text, so a typo cannot
/// make a person who does not exist own work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Directory {
    pub people: Vec<Colleague>,
    pub teams: Vec<String>,
}

from_map!(Directory { people = default, teams = default });

impl Directory {
    /// The roles whose people take work.
    pub fn takes_work(role: Role) -> bool {
        !matches!(role, Role::Administrator | Role::ReadOnly)
    }

    /// Is `name` a team or a person here?
    pub fn knows(&self, name: &str) -> bool {
        self.teams.iter().any(|team| team == name) || self.people.iter().any(|person| person.name == name)
    }

    /// The people to offer for work in `service` (every person when `None`), by name.
    pub fn people_for(&self, service: Option<&str>) -> Vec<&Colleague> {
        let mut people: Vec<&Colleague> =
            self.people.iter().filter(|person| service.is_none_or(|service| person.works_in(service))).collect();
        people.sort_by(|a, b| a.name.cmp(&b.name));
        people
    }

    /// Who may be named a consultant's secretary: the medical secretaries who work in their service, by name.
    pub fn secretaries_for(&self, service: &str) -> Vec<&Colleague> {
        let mut people = self.people_for(Some(service));
        people.retain(|person| person.role == Role::MedicalSecretary);
        people
    }
}

/// A signed-in person, as the server reports them to the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserSummary {
    pub id: String,
    /// What they sign in with.
    pub username: String,
    /// Their name as it appears on changes, letters and the audit.
    pub name: String,
    pub role: Role,
    /// The services (specialty ids) whose data they see and change.
    pub services: Vec<String>,
}

from_map!(UserSummary { id, username, name, role, services });

/// `POST /api/session` (sign in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
}

from_map!(SignInRequest { username, password });

/// The answer to signing in and to `GET /api/session`: who is signed in and the token every state-changing
/// request must carry in the `X-CSRF-Token` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionInfo {
    pub user: UserSummary,
    pub csrf_token: String,
    /// The trust's setting: lock the screen after this many minutes without input.
    pub idle_lock_minutes: u32,
    /// Signed in with a one-time password: a new one must be chosen before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

from_map!(SessionInfo { user, csrf_token, idle_lock_minutes, must_change_password = default });

/// `POST /api/users`: an administrator adds a person, who chooses their own password at first sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewUserRequest {
    pub username: String,
    pub name: String,
    pub role: Role,
    /// The specialty ids they work in; empty: every service.
    #[serde(default)]
    pub services: Vec<String>,
    /// A one-time password to give them.
    pub password: String,
}

from_map!(NewUserRequest { username, name, role, services = default, password });

/// The box of "Add a person" a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewUserField {
    Username,
    Name,
    Services,
    Password,
}

impl NewUserRequest {
    /// Everything wrong with the request, each with the box it is about, in the order of the form. The server
    /// refuses the first; the app shows them all before sending.
    pub fn problems(&self) -> Vec<(NewUserField, String)> {
        let mut problems = Vec::new();
        let username = self.username.trim();
        if username.is_empty() {
            problems.push((NewUserField::Username, "Enter a username, like j.smith".to_string()));
        } else if username.chars().count() > 100
            || !username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            problems.push((
                NewUserField::Username,
                "The username must be 1 to 100 letters, digits, dots, dashes or underscores, like j.smith".to_string(),
            ));
        }
        let name = self.name.trim();
        if name.is_empty() {
            problems.push((NewUserField::Name, "Enter the person's name, as it will sign their changes".to_string()));
        } else if name.chars().count() > 200 {
            problems.push((NewUserField::Name, "The name must be 200 characters or fewer".to_string()));
        }
        if self.services.len() > 100 || self.services.iter().any(|s| s.trim().is_empty() || s.len() > 100) {
            problems
                .push((NewUserField::Services, "Each service must be a specialty id (1 to 100 characters).".into()));
        }
        let chars = self.password.chars().count();
        if chars == 0 {
            problems.push((NewUserField::Password, "Enter a one-time password to give them".to_string()));
        } else if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
            problems.push((
                NewUserField::Password,
                format!("The password must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters long."),
            ));
        }
        problems
    }
}

/// `POST /api/session/password`: choose a new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

from_map!(ChangePasswordRequest { current_password, new_password });

/// One line of the audit: who did what, from which device, when, to which patient, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// When the server recorded it (UTC, RFC 3339). An audit time, never a waiting-time date.
    pub at: String,
    pub username: String,
    /// The device's client id, when the action came from a device.
    pub device: Option<String>,
    /// What was done: a command's name (`book_appointment`), `patient_opened`, `signed_in`, ...
    pub action: String,
    pub patient_id: Option<String>,
    /// `applied`, `merged`, `rejected`, `opened`, `failed`...
    pub outcome: String,
    /// The reason of a refusal, or other detail for people.
    pub detail: Option<String>,
}

from_map!(AuditEntry { at, username, device = default, action, patient_id = default, outcome, detail = default });

/// `GET /api/audit?user=&patient=&from=YYYY-MM-DD&to=YYYY-MM-DD` (add `&format=csv` for a file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// More entries matched than were returned: narrow the search.
    pub truncated: bool,
}

from_map!(AuditPage { entries, truncated });

/// `POST /api/audit/patient-opened`: a person opened a patient's record while online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatientOpened {
    pub patient_id: String,
}

from_map!(PatientOpened { patient_id });

/// The header that carries the session's anti-forgery token.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// The name of the HttpOnly session cookie.
pub const SESSION_COOKIE: &str = "pathdesk_session";

/// The trust's default for locking an unattended screen.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;

impl Role {
    /// True when people in this role do the area's work.
    pub fn works_on(self, area: Area) -> bool {
        match self {
            Role::Administrator | Role::TeamLead => true,
            Role::BookingCoordinator => matches!(
                area,
                Area::Notes
                    | Area::Tasks
                    | Area::Pathways
                    | Area::Booking
                    | Area::Clinics
                    | Area::Registration
                    | Area::Triage
                    | Area::ClinicOutcomes
            ),
            Role::MedicalSecretary => {
                matches!(
                    area,
                    Area::Notes
                        | Area::Tasks
                        | Area::Letters
                        | Area::Pathways
                        | Area::Registration
                        | Area::Triage
                        | Area::ClinicOutcomes
                )
            }
            Role::Receptionist => {
                matches!(area, Area::Notes | Area::Reception | Area::Registration | Area::ClinicOutcomes)
            }
            Role::ReadOnly => false,
        }
    }
}

/// May someone in `role` send `command`? `Err` says why not, in words for the person.
pub fn may_send(role: Role, command: &Command) -> Result<(), String> {
    let area = command.area();
    if role.works_on(area) {
        return Ok(());
    }
    Err(match role {
        Role::ReadOnly => "Your account is read-only: it can see records but not change them. Ask a team lead if \
                           you need to make changes."
            .to_string(),
        _ => format!(
            "A {} cannot {}. Ask a team lead, or someone whose role does this, to make the change.",
            role.label().to_lowercase(),
            area.label()
        ),
    })
}

/// Who may see a record: everyone (the list of specialties, team tasks about no patient or consultant), or the
/// people who work in one of these services (specialty ids). An empty set: only those who work in every service.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Everyone,
    Services(BTreeSet<String>),
}

impl Scope {
    /// True for someone who works in every service (`all_services`) or in one of `services`.
    pub fn visible_to(&self, all_services: bool, services: &[String]) -> bool {
        match self {
            Scope::Everyone => true,
            Scope::Services(set) => all_services || services.iter().any(|service| set.contains(service)),
        }
    }

    /// As the server stores it: `*`, or `|a|b|` (so `LIKE '%|a|%'` finds a service).
    pub fn encode(&self) -> String {
        match self {
            Scope::Everyone => "*".to_string(),
            Scope::Services(set) => {
                let mut text = String::from("|");
                for service in set {
                    text.push_str(service);
                    text.push('|');
                }
                text
            }
        }
    }

    pub fn decode(text: &str) -> Scope {
        if text == "*" {
            return Scope::Everyone;
        }
        Scope::Services(text.split('|').filter(|part| !part.is_empty()).map(str::to_string).collect())
    }

    fn of(services: impl IntoIterator<Item = String>) -> Scope {
        Scope::Services(services.into_iter().collect())
    }
}

/// What deciding a record's scope needs to know beyond the record itself.
pub trait ServiceFacts {
    /// The specialty of a clinic session.
    fn session_service(&self, session_id: &str) -> Option<String>;
    /// The specialty of a consultant.
    fn consultant_service(&self, consultant_id: &str) -> Option<String>;
    /// The specialty of a pathway.
    fn pathway_service(&self, pathway_id: &str) -> Option<String>;
    /// The services of a patient: those of their pathways and appointments.
    fn patient_services(&self, patient_id: &str) -> BTreeSet<String>;
}

/// The records a record's scope depends on (its session, consultant or pathway), besides its patient's pathways
/// and appointments (see [`ServiceFacts::patient_services`]).
pub fn scope_depends_on(record: &Record) -> Vec<RecordKey> {
    match record {
        Record::Appointment(appointment) => vec![
            RecordKey::new(RecordKind::ClinicSession, &appointment.session_id),
            RecordKey::new(RecordKind::Pathway, &appointment.pathway_id),
        ],
        Record::ClinicList(list) => vec![RecordKey::new(RecordKind::ClinicSession, &list.id)],
        Record::PathwayOffers(offers) => vec![RecordKey::new(RecordKind::Pathway, &offers.id)],
        Record::Leave(leave) => vec![RecordKey::new(RecordKind::Consultant, &leave.consultant_id)],
        Record::DiaryItem(item) => vec![RecordKey::new(RecordKind::Consultant, &item.consultant_id)],
        Record::LeaveRequest(request) => vec![RecordKey::new(RecordKind::Consultant, &request.consultant_id)],
        Record::Task(task) => task.consultant_id.iter().map(|id| RecordKey::new(RecordKind::Consultant, id)).collect(),
        _ => Vec::new(),
    }
}

/// The patient whose pathways and appointments decide a record's scope, if any.
pub fn scope_patient(record: &Record) -> Option<&str> {
    match record {
        Record::Patient(patient) => Some(&patient.id),
        Record::PatientNote(note) => Some(&note.patient_id),
        Record::CaseNotes(notes) => Some(&notes.patient_id),
        Record::Task(task) => task.patient_id.as_deref(),
        _ => None,
    }
}

/// Which services a record belongs to: a pathway, clinic session, template or consultant to its specialty; an
/// appointment to its session's (and pathway's); a clinic list to its session's; offers to their pathway's;
/// leave to its consultant's; a patient (and their notes) to the services of their pathways and appointments; a
/// task to its patient's and its consultant's, or to everyone when it names neither.
pub fn record_scope(record: &Record, facts: &impl ServiceFacts) -> Scope {
    match record {
        Record::Specialty(_) | Record::TrustSettings(_) => Scope::Everyone,
        Record::Consultant(consultant) => Scope::of([consultant.specialty_id.clone()]),
        Record::Pathway(pathway) => Scope::of([pathway.specialty_id.clone()]),
        Record::ClinicTemplate(template) => Scope::of([template.specialty_id.clone()]),
        Record::ClinicSession(session) => Scope::of([session.specialty_id.clone()]),
        Record::Appointment(appointment) => Scope::of(
            facts
                .session_service(&appointment.session_id)
                .into_iter()
                .chain(facts.pathway_service(&appointment.pathway_id)),
        ),
        Record::ClinicList(list) => Scope::of(facts.session_service(&list.id)),
        Record::PathwayOffers(offers) => Scope::of(facts.pathway_service(&offers.id)),
        Record::Leave(leave) => Scope::of(facts.consultant_service(&leave.consultant_id)),
        Record::Patient(patient) => Scope::Services(facts.patient_services(&patient.id)),
        Record::PatientNote(note) => Scope::Services(facts.patient_services(&note.patient_id)),
        Record::CaseNotes(notes) => Scope::Services(facts.patient_services(&notes.patient_id)),
        Record::MdtMeeting(meeting) => Scope::of([meeting.specialty_id.clone()]),
        Record::DiaryItem(item) => Scope::of(facts.consultant_service(&item.consultant_id)),
        Record::LeaveRequest(request) => Scope::of(facts.consultant_service(&request.consultant_id)),
        Record::StaffLeave(_) => Scope::Everyone,
        Record::Task(task) => {
            if task.patient_id.is_none() && task.consultant_id.is_none() {
                return Scope::Everyone;
            }
            let mut services = task.patient_id.as_deref().map(|id| facts.patient_services(id)).unwrap_or_default();
            services.extend(task.consultant_id.as_deref().and_then(|id| facts.consultant_service(id)));
            Scope::Services(services)
        }
    }
}

/// Service facts from records in memory (a batch being written, with what it depends on; or a whole database).
/// A later record with the same key replaces an earlier one.
#[derive(Debug, Clone, Default)]
pub struct RecordFacts {
    sessions: HashMap<String, String>,
    consultants: HashMap<String, String>,
    pathways: HashMap<String, (String, String)>,
    /// Per patient: the service of each of their pathways, by record key.
    patients: HashMap<String, HashMap<RecordKey, String>>,
    /// (patient, key, session, pathway) of each appointment.
    appointments: Vec<(String, RecordKey, String, String)>,
}

impl RecordFacts {
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a Record>) -> RecordFacts {
        let mut facts = RecordFacts::default();
        for record in records {
            facts.add(record);
        }
        facts
    }

    pub fn add(&mut self, record: &Record) {
        match record {
            Record::ClinicSession(session) => {
                self.sessions.insert(session.id.clone(), session.specialty_id.clone());
            }
            Record::Consultant(consultant) => {
                self.consultants.insert(consultant.id.clone(), consultant.specialty_id.clone());
            }
            Record::Pathway(pathway) => {
                self.pathways.insert(pathway.id.clone(), (pathway.specialty_id.clone(), pathway.patient_id.clone()));
                self.patients
                    .entry(pathway.patient_id.clone())
                    .or_default()
                    .insert(record.key(), pathway.specialty_id.clone());
            }
            Record::Appointment(appointment) => {
                // Its service comes from its session, which may be added after it: resolved when asked.
                self.appointments.retain(|(_, key, _, _)| *key != record.key());
                self.appointments.push((
                    appointment.patient_id.clone(),
                    record.key(),
                    appointment.session_id.clone(),
                    appointment.pathway_id.clone(),
                ));
            }
            _ => {}
        }
    }
}

impl ServiceFacts for RecordFacts {
    fn session_service(&self, session_id: &str) -> Option<String> {
        self.sessions.get(session_id).cloned()
    }
    fn consultant_service(&self, consultant_id: &str) -> Option<String> {
        self.consultants.get(consultant_id).cloned()
    }
    fn pathway_service(&self, pathway_id: &str) -> Option<String> {
        self.pathways.get(pathway_id).map(|(service, _)| service.clone())
    }
    fn patient_services(&self, patient_id: &str) -> BTreeSet<String> {
        let mut services = BTreeSet::new();
        if let Some(held) = self.patients.get(patient_id) {
            services.extend(held.values().cloned());
        }
        for (patient, _, session_id, pathway_id) in &self.appointments {
            if patient == patient_id {
                services.extend(self.session_service(session_id));
                services.extend(self.pathway_service(pathway_id));
            }
        }
        services
    }
}

/// The shortest password accepted when a person chooses one.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password accepted (argon2 takes any length; this bounds the work one request can ask for).
pub use crate::limits::PASSWORD_CHARS as MAX_PASSWORD_CHARS;

/// Passwords too common to accept, compared without case, spaces and punctuation (NCSC password guidance: a deny
/// list of the passwords attackers try first, instead of composition rules). The most used passwords of ten
/// characters or more in public breach lists, and the obvious ones for a hospital.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "0987654321",
    "1111111111",
    "123456789a",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "abcdefghij",
    "qwertyuiop",
    "asdfghjkl1",
    "zxcvbnm123",
    "password12",
    "password123",
    "password1234",
    "passw0rd12",
    "p4ssw0rd12",
    "iloveyou12",
    "letmein123",
    "welcome123",
    "welcome1234",
    "changeme123",
    "trustno1234",
    "football12",
    "monkey1234",
    "sunshine12",
    "princess12",
    "qwerty1234",
    "qwerty12345",
    "abc1234567",
    "abcd123456",
    "hospital12",
    "hospital123",
    "nhspassword",
    "nhs12345678",
    "nhsnhsnhs1",
    "pathdesk12",
    "pathdesk123",
    "pathdesk1234",
    "outpatients",
    "outpatient1",
    "secretary1",
    "reception1",
    "reception12",
    "appointment",
    "appointments",
    "winter2026",
    "summer2026",
    "spring2026",
    "autumn2026",
    "december2026",
    "january2027",
    "monday1234",
];

/// Why a password someone chose cannot be used, or `None` when it can. Following the NCSC's guidance: long enough
/// (three random words make a good one), not only spaces, no control characters, not one character over and over,
/// not a common password, not the username. No rules about digits or symbols.
pub fn password_problem(password: &str, username: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(format!(
            "The password is {chars} characters long; use at least {MIN_PASSWORD_CHARS}. Three random words, such as \
             \"kettle harbour violet\", make a good one."
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Some(format!("The password is longer than {MAX_PASSWORD_CHARS} characters; choose a shorter one."));
    }
    if password.chars().any(char::is_control) {
        return Some(
            "The password contains a control character (such as a tab or NUL). Use letters, numbers, \
                     spaces and punctuation only."
                .to_string(),
        );
    }
    if password.trim().is_empty() {
        return Some("The password is only spaces. Choose one with words in it.".to_string());
    }
    let mut distinct: Vec<char> = password.chars().filter(|c| !c.is_whitespace()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Some(
            "The password repeats too few characters to be hard to guess. Three random words make a good \
                     one."
                .to_string(),
        );
    }
    let bare =
        |text: &str| -> String { text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let simple = bare(password);
    if COMMON_PASSWORDS.iter().any(|common| bare(common) == simple) {
        return Some(
            "That password is one of the most common, and among the first an attacker tries. Choose \
                     another: three random words make a good one."
                .to_string(),
        );
    }
    let name = bare(username);
    if name.len() >= 3 && simple.contains(&name) {
        return Some("The password contains your username. Choose one that does not.".to_string());
    }
    None
}

/// Slowing password guessing without locking people out (NCSC password guidance: throttle, do not lock). Wrong
/// passwords count against three scopes; each lets a few through, then asks for a wait that doubles with every
/// further wrong password, up to [`LONGEST_GUESSING_WAIT_SECONDS`]:
/// - one username from one client address: a person mistyping, or someone guessing from one place;
/// - one client address, any usernames: spraying one password over many accounts;
/// - one username, from anywhere: guessing spread over many addresses.
///
/// A device this person has signed in on before is spared the last two, so that someone guessing elsewhere (or
/// colleagues mistyping behind the same address) cannot keep them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuessingScope {
    AccountFromAddress,
    Address,
    Account,
}

/// How far back wrong passwords count.
pub const GUESSING_WINDOW_SECONDS: i64 = 60 * 60;
/// The longest wait asked for.
pub const LONGEST_GUESSING_WAIT_SECONDS: i64 = 15 * 60;

impl GuessingScope {
    pub const ALL: [GuessingScope; 3] =
        [GuessingScope::AccountFromAddress, GuessingScope::Address, GuessingScope::Account];

    /// Wrong passwords let through before waits begin.
    pub fn free_failures(self) -> u32 {
        match self {
            GuessingScope::AccountFromAddress => 3,
            GuessingScope::Address | GuessingScope::Account => 10,
        }
    }

    /// Seconds to wait after the latest of `failures` recent wrong passwords in this scope: none under the free
    /// count, then 2, 4, 8 ... seconds, at most [`LONGEST_GUESSING_WAIT_SECONDS`].
    pub fn wait_after(self, failures: u32) -> i64 {
        let Some(over) = failures.checked_sub(self.free_failures()) else {
            return 0;
        };
        2i64.checked_pow(over + 1).unwrap_or(i64::MAX).min(LONGEST_GUESSING_WAIT_SECONDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_offers_teams_and_the_people_of_a_service_and_knows_no_one_else() {
        let person = |name: &str, role, services: &[&str]| Colleague {
            name: name.into(),
            role,
            services: services.iter().map(|s| s.to_string()).collect(),
        };
        let directory = Directory {
            people: vec![
                person("S. Patel (Urology)", Role::MedicalSecretary, &["spec-uro"]),
                person("J. Okafor (Cardiology)", Role::MedicalSecretary, &["spec-card"]),
                person("B. Coordinator (Booking)", Role::BookingCoordinator, &[]),
            ],
            teams: crate::tasks::TEAMS.iter().map(|t| t.to_string()).collect(),
        };
        let names = |people: Vec<&Colleague>| people.into_iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(directory.people_for(Some("spec-uro"))), ["B. Coordinator (Booking)", "S. Patel (Urology)"]);
        assert_eq!(directory.people_for(None).len(), 3);
        assert!(directory.knows("Booking team") && directory.knows("J. Okafor (Cardiology)"));
        assert!(!directory.knows("J. Okafor"), "a near miss is not a person");
        assert!(!Directory::takes_work(Role::ReadOnly) && !Directory::takes_work(Role::Administrator));
        assert!(Directory::takes_work(Role::Receptionist));
        assert_eq!(names(directory.secretaries_for("spec-uro")), ["S. Patel (Urology)"], "secretaries only");
        let json = serde_json::to_string(&directory).unwrap();
        assert_eq!(serde_json::from_str::<Directory>(&json).unwrap(), directory);
    }

    #[test]
    fn a_new_persons_details_are_checked_box_by_box_in_the_forms_order() {
        let request = |username: &str, name: &str, password: &str| NewUserRequest {
            username: username.into(),
            name: name.into(),
            role: Role::Receptionist,
            services: Vec::new(),
            password: password.into(),
        };
        assert_eq!(request("j.smith", "J. Smith", "kettle harbour violet").problems(), vec![]);
        let fields = |r: NewUserRequest| r.problems().into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(
            fields(request(" ", "", "")),
            vec![NewUserField::Username, NewUserField::Name, NewUserField::Password]
        );
        assert_eq!(
            fields(request("j smith", "J. Smith", "short")),
            vec![NewUserField::Username, NewUserField::Password]
        );
        assert_eq!(fields(request("j.smith", &"x".repeat(201), "kettle harbour violet")), vec![NewUserField::Name]);
    }

    #[test]
    fn guessing_waits_start_after_the_free_tries_and_double_up_to_fifteen_minutes() {
        let one_place = GuessingScope::AccountFromAddress;
        assert_eq!((0..=2).map(|n| one_place.wait_after(n)).collect::<Vec<_>>(), [0, 0, 0]);
        assert_eq!((3..=6).map(|n| one_place.wait_after(n)).collect::<Vec<_>>(), [2, 4, 8, 16]);
        assert_eq!(one_place.wait_after(12), 900);
        assert_eq!(one_place.wait_after(u32::MAX), 900);
        assert_eq!(GuessingScope::Address.wait_after(9), 0);
        assert_eq!(GuessingScope::Account.wait_after(10), 2);
    }

    #[test]
    fn a_password_is_long_varied_uncommon_and_not_the_username_with_no_composition_rules() {
        assert_eq!(password_problem("kettle harbour violet", "b.coordinator"), None);
        assert_eq!(password_problem("correcthorsebatterystaple", "lead"), None, "no digits or symbols needed");
        let problem = |p: &str| password_problem(p, "jsmith").unwrap_or_default();
        assert!(problem("short").contains("use at least 10"));
        assert!(problem(&"x".repeat(201)).contains("shorter"));
        assert!(problem("          ").contains("only spaces"));
        assert!(problem("\0\0\0\0\0\0\0\0\0\0").contains("control character"));
        assert!(problem("abcdefghi\tj").contains("control character"));
        assert!(problem("aaaaaaaaaaaa").contains("too few characters"));
        assert!(problem("abababababab").contains("too few characters"));
        assert!(problem("Password123").contains("most common"), "case and punctuation do not disguise it");
        assert!(problem("QWERTY-UIOP").contains("most common"));
        assert!(problem("jsmith-at-work").contains("username"));
        assert!(password_problem("jo is here today", "jo").is_none(), "a two-letter username is not checked");
    }

    use crate::command::{
        AddPatientNote, BookAppointment, CancelAppointment, CancelSession, CancelledBy, ReassignTasks, RecordArrival,
        SaveTrustSettings,
    };
    use crate::demo::{self, DemoOptions};
    use crate::tasks::{Task, TaskKind};

    fn set(services: &[&str]) -> Scope {
        Scope::Services(services.iter().map(|s| s.to_string()).collect())
    }

    fn note(patient_id: &str) -> Command {
        Command::AddPatientNote(AddPatientNote {
            note_id: "n1".into(),
            patient_id: patient_id.into(),
            text: "Interpreter".into(),
        })
    }

    fn book() -> Command {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        Command::BookAppointment(BookAppointment {
            appointment_id: "a1".into(),
            pathway_id: "pw1".into(),
            session_id: "s1".into(),
            slot_id: "sl1".into(),
            offered_on: day,
            patient_accepted_earlier_date: false,
            past_deadline_reason: None,
            consultant_id: None,
        })
    }

    fn cancel() -> Command {
        Command::CancelAppointment(CancelAppointment {
            appointment_id: "a1".into(),
            pathway_id: "pw1".into(),
            session_id: "s1".into(),
            by: CancelledBy::Patient,
            reason: "Moved away".into(),
        })
    }

    #[test]
    fn each_role_sends_only_its_own_work() {
        let arrival = Command::RecordArrival(RecordArrival { appointment_id: "a1".into() });
        let reassign = Command::ReassignTasks(ReassignTasks {
            task_ids: vec!["t1".into()],
            assignee: "R. Hughes".into(),
            stamp: crate::tasks::field::FieldStamp::unstamped(),
        });
        let cancel_clinic = Command::CancelSession(CancelSession {
            session_id: "s1".into(),
            reason: "Ill".into(),
            appointment_ids: vec![],
            pathway_ids: vec![],
        });
        let cases: [(&Command, [bool; 6]); 6] = [
            // Administrator, team lead, booking, secretary, reception, read-only
            (&note("p1"), [true, true, true, true, true, false]),
            (&book(), [true, true, true, false, false, false]),
            (&cancel(), [true, true, true, false, false, false]),
            (&arrival, [true, true, false, false, true, false]),
            (&reassign, [true, true, false, false, false, false]),
            (&cancel_clinic, [true, true, true, false, false, false]),
        ];
        for (command, allowed) in cases {
            for (role, expected) in Role::ALL.into_iter().zip(allowed) {
                assert_eq!(may_send(role, command).is_ok(), expected, "{role:?} sending {}", command.describe());
            }
        }
        let refusal = may_send(Role::Receptionist, &book()).unwrap_err();
        assert!(refusal.contains("receptionist cannot book"), "{refusal}");
        let refusal = may_send(Role::ReadOnly, &note("p1")).unwrap_err();
        assert!(refusal.contains("read-only"), "{refusal}");
    }

    #[test]
    fn read_only_users_send_nothing() {
        for area in [
            Area::Notes,
            Area::Tasks,
            Area::Allocation,
            Area::Letters,
            Area::Pathways,
            Area::Booking,
            Area::Reception,
            Area::Clinics,
            Area::TrustSettings,
            Area::Registration,
            Area::Triage,
            Area::ClinicOutcomes,
        ] {
            assert!(!Role::ReadOnly.works_on(area), "{area:?}");
            assert!(Role::TeamLead.works_on(area), "{area:?}");
        }
    }

    #[test]
    fn each_roles_code_is_what_serde_writes() {
        for role in Role::ALL {
            assert_eq!(serde_json::to_value(role).unwrap(), serde_json::json!(role.code()));
        }
    }

    #[test]
    fn only_team_leads_and_administrators_change_the_trusts_settings() {
        let save =
            Command::SaveTrustSettings(SaveTrustSettings { settings: crate::settings::TrustSettings::default() });
        for role in Role::ALL {
            let allowed = matches!(role, Role::Administrator | Role::TeamLead);
            assert_eq!(may_send(role, &save).is_ok(), allowed, "{role:?}");
        }
        let settings = Record::TrustSettings(crate::settings::TrustSettings::default());
        assert_eq!(record_scope(&settings, &RecordFacts::default()), Scope::Everyone, "every desk follows them");
    }

    #[test]
    fn scopes_are_stored_as_text_and_read_back() {
        for scope in [Scope::Everyone, set(&[]), set(&["spec-uro"]), set(&["spec-card", "spec-uro"])] {
            assert_eq!(Scope::decode(&scope.encode()), scope);
        }
        assert_eq!(set(&["spec-uro", "spec-card"]).encode(), "|spec-card|spec-uro|");
        assert!(set(&["spec-uro"]).visible_to(false, &["spec-uro".into()]));
        assert!(!set(&["spec-uro"]).visible_to(false, &["spec-card".into()]));
        assert!(set(&[]).visible_to(true, &[]), "someone in every service sees a patient of no service");
        assert!(!set(&[]).visible_to(false, &["spec-uro".into()]));
        assert!(Scope::Everyone.visible_to(false, &[]));
    }

    #[test]
    fn every_demo_record_belongs_to_the_services_it_is_about() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let records = demo::generate(&DemoOptions { patients: 60, ..DemoOptions::standard(today) });
        let facts = RecordFacts::from_records(&records);
        let mut patients_seen = 0;
        for record in &records {
            let scope = record_scope(record, &facts);
            match record {
                Record::Specialty(_) => assert_eq!(scope, Scope::Everyone),
                Record::Pathway(pathway) => assert_eq!(scope, set(&[&pathway.specialty_id])),
                Record::ClinicSession(session) => assert_eq!(scope, set(&[&session.specialty_id])),
                Record::Appointment(appointment) => {
                    let session = facts.session_service(&appointment.session_id).expect("its session is known");
                    assert_eq!(scope, set(&[&session]), "{}", appointment.id);
                }
                Record::Patient(patient) => {
                    let expected: BTreeSet<String> = records
                        .iter()
                        .filter_map(|r| match r {
                            Record::Pathway(p) if p.patient_id == patient.id => Some(p.specialty_id.clone()),
                            _ => None,
                        })
                        .collect();
                    assert!(!expected.is_empty(), "every demo patient has a pathway");
                    assert_eq!(scope, Scope::Services(expected));
                    patients_seen += 1;
                }
                Record::Task(task) if task.patient_id.is_none() && task.consultant_id.is_none() => {
                    assert_eq!(scope, Scope::Everyone)
                }
                // The team's own leave: everyone sees who is in.
                Record::StaffLeave(_) => assert_eq!(scope, Scope::Everyone),
                _ => assert!(matches!(&scope, Scope::Services(s) if !s.is_empty()), "{:?} has {scope:?}", record.key()),
            }
        }
        assert_eq!(patients_seen, 60);
    }

    #[test]
    fn a_patient_gains_the_service_of_a_new_pathway() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let records = demo::generate(&DemoOptions { patients: 5, ..DemoOptions::standard(today) });
        let pathway = records
            .iter()
            .find_map(|r| match r {
                Record::Pathway(p) => Some(p.clone()),
                _ => None,
            })
            .unwrap();
        let patient = records.iter().find(|r| r.id() == pathway.patient_id && matches!(r, Record::Patient(_))).unwrap();
        let mut facts = RecordFacts::from_records(&records);
        let before = record_scope(patient, &facts);
        assert!(matches!(&before, Scope::Services(s) if s.contains(&pathway.specialty_id)));
        let mut other = pathway.clone();
        other.id = "pw-new".into();
        other.specialty_id = "spec-new".into();
        facts.add(&Record::Pathway(other));
        let after = record_scope(patient, &facts);
        assert!(matches!(&after, Scope::Services(s) if s.contains("spec-new") && s.contains(&pathway.specialty_id)));

        let mut task = Task::new_open("t1", TaskKind::PatientQuery, "Call back", "Booking team", today);
        task.patient_id = Some(pathway.patient_id.clone());
        assert_eq!(record_scope(&Record::Task(task), &facts), after, "a patient's task follows the patient");
    }

    #[test]
    fn roles_travel_in_snake_case() {
        assert_eq!(serde_json::to_string(&Role::BookingCoordinator).unwrap(), "\"booking_coordinator\"");
        assert_eq!(serde_json::from_str::<Role>("\"read_only\"").unwrap(), Role::ReadOnly);
    }
}
