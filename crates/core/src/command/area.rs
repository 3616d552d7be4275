//! Areas of work: what a command is part of, as far as who may do it is concerned (see `access` for which
//! roles work in which area).

/// What a command does, as far as who may do it is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// Notes on a patient's record.
    Notes,
    /// Creating, editing, completing and reopening tasks.
    Tasks,
    /// Moving tasks between people: allocating the team's work.
    Allocation,
    /// Clinic letters' steps.
    Letters,
    /// Pathway events (validation, decisions, treatments).
    Pathways,
    /// Booking, rebooking, cancelling appointments and declined offers.
    Booking,
    /// Today's clinics: arrivals, seen, did not attend, walk-ins.
    Reception,
    /// Clinic templates, sessions, cancelling and reducing clinics, consultant leave.
    Clinics,
    /// The trust's settings every desk follows (notice periods, letter standard, idle lock).
    TrustSettings,
    /// Acknowledging and resolving escalations: the team leads' work.
    Escalations,
    /// Registering patients, changing their details and adding referrals.
    Registration,
    /// Recording clinicians' triage decisions on referrals.
    Triage,
    /// Recording what a clinic decided for each patient seen.
    ClinicOutcomes,
}

impl Area {
    /// What the area's work is, for messages ("book appointments").
    pub fn label(self) -> &'static str {
        match self {
            Area::Notes => "add notes to patients' records",
            Area::Tasks => "create or change tasks",
            Area::Allocation => "move tasks to other people",
            Area::Letters => "record the steps of clinic letters",
            Area::Pathways => "record pathway events",
            Area::Booking => "book, move or cancel appointments",
            Area::Reception => "check patients in or record attendances",
            Area::Clinics => "change clinics, clinic templates or consultant leave",
            Area::TrustSettings => "change the trust's settings",
            Area::Escalations => "acknowledge or resolve escalations",
            Area::Registration => "register patients, change their details or add referrals",
            Area::Triage => "record triage decisions",
            Area::ClinicOutcomes => "record clinic outcomes",
        }
    }
}
