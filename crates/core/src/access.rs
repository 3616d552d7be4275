//! Who may do what: the roles of an outpatient admin team and the signed-in session the server reports.
//!
//! The server decides on every request (see `crates/server`); the app uses the same types to show a person only
//! what their role allows. The rules of which role may send which command live here, beside the commands.

use serde::{Deserialize, Serialize};

/// A person's role in the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::TeamLead,
        Role::BookingCoordinator,
        Role::MedicalSecretary,
        Role::Receptionist,
        Role::ReadOnly,
    ];

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

/// A signed-in person, as the server reports them to the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// `POST /api/session` (sign in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
}

/// The answer to signing in and to `GET /api/session`: who is signed in and the token every state-changing
/// request must carry in the `X-CSRF-Token` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: UserSummary,
    pub csrf_token: String,
    /// The trust's setting: lock the screen after this many minutes without input.
    pub idle_lock_minutes: u32,
    /// Signed in with a one-time password: a new one must be chosen before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `POST /api/session/password`: choose a new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// One line of the audit: who did what, from which device, when, to which patient, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// `GET /api/audit?user=&patient=&from=YYYY-MM-DD&to=YYYY-MM-DD` (add `&format=csv` for a file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// More entries matched than were returned: narrow the search.
    pub truncated: bool,
}

/// `POST /api/audit/patient-opened`: a person opened a patient's record while online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientOpened {
    pub patient_id: String,
}

/// The header that carries the session's anti-forgery token.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// The name of the HttpOnly session cookie.
pub const SESSION_COOKIE: &str = "pathdesk_session";

/// The trust's default for locking an unattended screen.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_travel_in_snake_case() {
        assert_eq!(serde_json::to_string(&Role::BookingCoordinator).unwrap(), "\"booking_coordinator\"");
        assert_eq!(serde_json::from_str::<Role>("\"read_only\"").unwrap(), Role::ReadOnly);
    }
}
