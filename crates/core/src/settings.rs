//! The trust's settings: one synced record that every desk reads (booking notice, leave notice, letter turnaround,
//! idle lock). Missing on a desk that has not synced yet: the defaults apply.

use crate::from_map::from_map;
use serde::Serialize;

use chrono::NaiveDate;

use crate::booking::BookingPolicy;
use crate::calendar::uk_date;
use crate::model::Priority;
use crate::ptl::targets::{self, NationalTarget};
use crate::rejection::Rejection;

/// The id of the one trust settings record.
pub const TRUST_SETTINGS_ID: &str = "trust";
/// The longest letter turnaround accepted, in working days.
pub const MAX_LETTER_DUE_WORKING_DAYS: u32 = 30;
/// The longest idle time before the screen locks, in minutes.
pub const MAX_IDLE_LOCK_MINUTES: u32 = 120;

/// Settings a trust sets once and every desk follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustSettings {
    /// Always [`TRUST_SETTINGS_ID`].
    #[serde(default = "trust_id")]
    pub id: String,
    /// Reasonable notice, leave notice and declined offers before a clinical review.
    pub booking: BookingPolicy,
    /// Working days after the clinic by which its letter is due (5 is usual).
    #[serde(default = "default_letter_due")]
    pub letter_due_working_days: u32,
    /// Minutes without use after which the desk locks (15 is usual).
    #[serde(default = "default_idle_lock")]
    pub idle_lock_minutes: u32,
    /// Weeks ahead the server keeps clinics made from the templates (26 is usual), so a follow-up due in
    /// three or six months can be booked near its date.
    #[serde(default = "default_session_horizon")]
    pub session_horizon_weeks: u32,
    /// The trust's name, address and phone number, printed on every letter.
    #[serde(default)]
    pub contact: TrustContact,
    /// How many days old a change from a desk that was offline may be and still be applied (14 is usual): older
    /// ones are refused with the reason, kept under the desk's Problems, so a desk clock set far back or a desk
    /// forgotten in a cupboard cannot write into the past.
    #[serde(default = "default_offline_days")]
    pub offline_days: u32,
    /// The trust's own targets for the first appointment, in days from the referral, by priority.
    #[serde(default)]
    pub first_appointment: FirstAppointmentTargets,
    /// The national standards and targets the PTL headline is measured against, each dated.
    #[serde(default = "targets::national_defaults")]
    pub national_targets: Vec<NationalTarget>,
}

from_map!(TrustSettings {
    id = (trust_id), booking, letter_due_working_days = (default_letter_due), idle_lock_minutes = (default_idle_lock),
    session_horizon_weeks = (default_session_horizon), contact = default, offline_days = (default_offline_days),
    first_appointment = default, national_targets = (targets::national_defaults),
});

/// Days from receiving a referral to the first appointment the trust aims for, by priority. The booking panel says
/// when an offered date is later. A local target, on top of the national clocks (which still decide breaches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FirstAppointmentTargets {
    /// 14 is usual: the old two-week wait, kept locally so the 28-day diagnosis standard can be met.
    pub urgent_suspected_cancer_days: u32,
    pub urgent_days: u32,
    /// 84 (12 weeks) leaves time for tests and treatment within 18 weeks.
    pub routine_days: u32,
}

from_map!(FirstAppointmentTargets { urgent_suspected_cancer_days, urgent_days, routine_days });

impl Default for FirstAppointmentTargets {
    fn default() -> Self {
        FirstAppointmentTargets { urgent_suspected_cancer_days: 14, urgent_days: 28, routine_days: 84 }
    }
}

/// The most days a first-appointment target may allow: the 18-week RTT limit.
pub const MAX_FIRST_APPOINTMENT_DAYS: u32 = 126;

impl FirstAppointmentTargets {
    pub fn days(&self, priority: Priority) -> u32 {
        match priority {
            Priority::UrgentSuspectedCancer => self.urgent_suspected_cancer_days,
            Priority::Urgent => self.urgent_days,
            Priority::Routine => self.routine_days,
        }
    }

    /// The date a first appointment should be by, for a referral of `priority` received on `referred`.
    pub fn due(&self, priority: Priority, referred: NaiveDate) -> NaiveDate {
        crate::calendar::add_days(referred, u64::from(self.days(priority)))
    }

    /// When `pathway`'s first appointment should be by: its priority's days after the referral was received.
    /// `None` once the patient has been seen (the next appointment is not a first one) or without a referral date.
    pub fn first_appointment_due(&self, pathway: &crate::model::Pathway) -> Option<NaiveDate> {
        use crate::pathway::EventKind;
        if crate::booking::next_slot_type(pathway) != crate::model::SlotType::New {
            return None;
        }
        let referred = pathway
            .events
            .iter()
            .find(|event| matches!(event.kind, EventKind::ReferralReceived(_)))
            .or(pathway.events.first())?;
        Some(self.due(pathway.priority, referred.date?))
    }

    fn validate(&self) -> Result<(), String> {
        for priority in Priority::ALL {
            let days = self.days(priority);
            if !(1..=MAX_FIRST_APPOINTMENT_DAYS).contains(&days) {
                return Err(format!(
                    "A first appointment within {days} days for {} referrals is not allowed: enter between 1 and \
                     {MAX_FIRST_APPOINTMENT_DAYS} days.",
                    priority.label().to_lowercase()
                ));
            }
        }
        let [cancer, urgent, routine] = Priority::ALL.map(|p| self.days(p));
        if cancer > urgent || urgent > routine {
            return Err("A more urgent referral cannot have longer to its first appointment: keep urgent suspected \
                        cancer at or under urgent, and urgent at or under routine."
                .to_string());
        }
        Ok(())
    }
}

/// Who letters come from and how patients reach the booking team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustContact {
    pub name: String,
    /// A line each, postcode last.
    pub address: Vec<String>,
    /// The booking team's number, for patients who cannot come.
    pub phone: String,
}

from_map!(TrustContact { name, address, phone });

impl Default for TrustContact {
    /// A made-up trust (the phone number is in Ofcom's drama range): to be replaced in Settings.
    fn default() -> Self {
        TrustContact {
            name: "Pathdesk Demonstration NHS Trust".to_string(),
            address: vec![
                "Outpatients Department".into(),
                "1 Hospital Road".into(),
                "Testbury".into(),
                "QX1 1AA".into(),
            ],
            phone: "0113 496 0000".to_string(),
        }
    }
}

fn trust_id() -> String {
    TRUST_SETTINGS_ID.to_string()
}

fn default_letter_due() -> u32 {
    5
}

fn default_idle_lock() -> u32 {
    15
}

fn default_session_horizon() -> u32 {
    26
}

fn default_offline_days() -> u32 {
    14
}

/// How far a desk's date may run ahead of the server's UK date (a day covers a desk clock set a little fast).
pub const MAX_DAYS_AHEAD_OF_SERVER: i64 = 1;

/// The most days old a change from an offline desk may be allowed to be: a year (for replaying a clinic's history
/// in training; a desk in daily use needs days, not months).
pub const MAX_OFFLINE_DAYS: u32 = 366;

/// The most weeks ahead clinics are made from templates.
pub const MAX_SESSION_HORIZON_WEEKS: u32 = 78;

impl Default for TrustSettings {
    fn default() -> Self {
        TrustSettings {
            id: trust_id(),
            booking: BookingPolicy::default(),
            letter_due_working_days: default_letter_due(),
            idle_lock_minutes: default_idle_lock(),
            session_horizon_weeks: default_session_horizon(),
            offline_days: default_offline_days(),
            contact: TrustContact::default(),
            first_appointment: FirstAppointmentTargets::default(),
            national_targets: targets::national_defaults(),
        }
    }
}

impl TrustSettings {
    /// May a change made on a desk whose date was `issued_on` be applied on `server_today`? Not when the desk's
    /// date runs ahead (events recorded "today" that have not happened yet), nor when it is older than the trust
    /// lets a desk work offline (a clock set back, or a desk left offline for weeks, writing into any past day).
    pub fn check_issued_on(&self, issued_on: NaiveDate, server_today: NaiveDate) -> Result<(), Rejection> {
        let days_old = (server_today - issued_on).num_days();
        if days_old > i64::from(self.offline_days) {
            return Err(Rejection::invalid(format!(
                "This change was made on {}, {days_old} days ago, and the trust applies changes from a desk that was \
                 offline for up to {} days. It was not applied: check it is still right, then make it again today \
                 (a team lead can change the number of days in Settings).",
                uk_date(issued_on),
                self.offline_days
            )));
        }
        if -days_old > MAX_DAYS_AHEAD_OF_SERVER {
            return Err(Rejection::invalid(format!(
                "This change is dated {}, but today is {} on the server. Check the date on this computer, then make \
                 the change again.",
                uk_date(issued_on),
                uk_date(server_today)
            )));
        }
        Ok(())
    }

    /// Checks settings typed on the Settings screen; the message says what range is allowed.
    pub fn validate(&self) -> Result<(), String> {
        self.check().map_err(|(_, message)| message)
    }

    /// As [`TrustSettings::validate`], naming the setting that is wrong, so a form says it at that box.
    pub fn check(&self) -> Result<(), (SettingsField, String)> {
        use SettingsField as F;
        if self.id != TRUST_SETTINGS_ID {
            return Err((
                F::Whole,
                format!("Trust settings are saved as \"{TRUST_SETTINGS_ID}\"; reload Settings and try again."),
            ));
        }
        self.booking.validate().map_err(|error| {
            let field = match error {
                crate::booking::BookingPolicyError::NoticeDays(_) => F::NoticeDays,
                crate::booking::BookingPolicyError::LeaveWeeks(_) => F::LeaveNoticeWeeks,
                crate::booking::BookingPolicyError::DeclinedOffers => F::DeclinedOffers,
            };
            (field, error.to_string())
        })?;
        if !(1..=MAX_LETTER_DUE_WORKING_DAYS).contains(&self.letter_due_working_days) {
            return Err((
                F::LetterDueWorkingDays,
                format!(
                    "A letter due {} working days after the clinic is not allowed: enter between 1 and \
                 {MAX_LETTER_DUE_WORKING_DAYS} (5 is usual).",
                    self.letter_due_working_days
                ),
            ));
        }
        if self.contact.name.trim().is_empty() {
            return Err((F::TrustName, "Letters need the trust's name: enter it.".to_string()));
        }
        if self.contact.address.iter().all(|line| line.trim().is_empty()) {
            return Err((F::TrustAddress, "Letters need the trust's address: type it, a line each.".to_string()));
        }
        if self.contact.phone.trim().is_empty() {
            return Err((F::TrustPhone, "Letters need the trust's phone number for patients: enter it.".to_string()));
        }
        if !(4..=MAX_SESSION_HORIZON_WEEKS).contains(&self.session_horizon_weeks) {
            return Err((
                F::SessionHorizonWeeks,
                format!(
                "Making clinics {} weeks ahead is not allowed: enter between 4 and {MAX_SESSION_HORIZON_WEEKS} weeks \
                 (26 is usual).",
                self.session_horizon_weeks
            ),
            ));
        }
        if !(1..=MAX_OFFLINE_DAYS).contains(&self.offline_days) {
            return Err((
                F::OfflineDays,
                format!(
                    "Accepting changes {} days old from an offline desk is not allowed: enter between 1 and \
                 {MAX_OFFLINE_DAYS} days (14 is usual).",
                    self.offline_days
                ),
            ));
        }
        self.first_appointment.validate().map_err(|message| (F::FirstAppointment, message))?;
        targets::check(&self.national_targets).map_err(|message| (F::NationalTargets, message))?;
        if !(1..=MAX_IDLE_LOCK_MINUTES).contains(&self.idle_lock_minutes) {
            return Err((
                F::IdleLockMinutes,
                format!(
                "Locking after {} minutes is not allowed: enter between 1 and {MAX_IDLE_LOCK_MINUTES} minutes (15 is \
                 usual).",
                self.idle_lock_minutes
            ),
            ));
        }
        Ok(())
    }
}

/// A setting of the trust settings form, for saying a problem at its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsField {
    /// The settings as a whole (saved under the wrong id).
    Whole,
    NoticeDays,
    LeaveNoticeWeeks,
    DeclinedOffers,
    LetterDueWorkingDays,
    TrustName,
    TrustAddress,
    TrustPhone,
    SessionHorizonWeeks,
    OfflineDays,
    FirstAppointment,
    NationalTargets,
    IdleLockMinutes,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_names_the_setting_it_is_about() {
        let mut settings = TrustSettings::default();
        settings.contact.phone = " ".into();
        assert_eq!(settings.check().map_err(|(field, _)| field), Err(SettingsField::TrustPhone));
        settings.contact.phone = "0100 000 0000".into();
        settings.booking.leave_notice_weeks = 99;
        assert_eq!(settings.check().map_err(|(field, _)| field), Err(SettingsField::LeaveNoticeWeeks));
        settings.booking.leave_notice_weeks = 6;
        settings.idle_lock_minutes = 0;
        let (field, message) = settings.check().unwrap_err();
        assert_eq!(field, SettingsField::IdleLockMinutes);
        assert_eq!(settings.validate(), Err(message), "validate says the same, without the field");
    }

    #[test]
    fn defaults_are_the_usual_values_and_valid() {
        let settings = TrustSettings::default();
        assert_eq!(settings.booking.reasonable_notice_days, 21);
        assert_eq!(settings.booking.leave_notice_weeks, 6);
        assert_eq!(settings.letter_due_working_days, 5);
        assert_eq!(settings.idle_lock_minutes, 15);
        assert_eq!(settings.session_horizon_weeks, 26);
        assert_eq!(settings.offline_days, 14);
        assert_eq!(settings.validate(), Ok(()));
    }

    #[test]
    fn out_of_range_settings_say_what_is_allowed() {
        let zero_letter = TrustSettings { letter_due_working_days: 0, ..TrustSettings::default() };
        assert!(zero_letter.validate().unwrap_err().contains("between 1 and 30"));
        let long_lock = TrustSettings { idle_lock_minutes: 500, ..TrustSettings::default() };
        assert!(long_lock.validate().unwrap_err().contains("between 1 and 120 minutes"));
        let mut nameless = TrustSettings::default();
        nameless.contact.name = " ".into();
        assert!(nameless.validate().unwrap_err().contains("Letters need the trust's name"));
        let mut nowhere = TrustSettings::default();
        nowhere.contact.address = vec![" ".into()];
        assert!(nowhere.validate().unwrap_err().contains("trust's address"));
        let horizon = TrustSettings { session_horizon_weeks: 2, ..TrustSettings::default() };
        assert!(horizon.validate().unwrap_err().contains("between 4 and 78 weeks"));
        let forever = TrustSettings { offline_days: 400, ..TrustSettings::default() };
        assert!(forever.validate().unwrap_err().contains("between 1 and 366 days"));
        let never = TrustSettings { offline_days: 0, ..TrustSettings::default() };
        assert!(never.validate().unwrap_err().contains("between 1 and 366 days"));
        let mut slow = TrustSettings::default();
        slow.first_appointment.urgent_suspected_cancer_days = 200;
        assert!(slow.validate().unwrap_err().contains("between 1 and 126 days"));
        let mut upside_down = TrustSettings::default();
        upside_down.first_appointment.urgent_days = 100;
        assert!(upside_down.validate().unwrap_err().contains("more urgent referral cannot have longer"));
        let mut no_fds = TrustSettings::default();
        no_fds.national_targets.retain(|t| t.measure != crate::ptl::TargetMeasure::FasterDiagnosis);
        assert!(no_fds.validate().unwrap_err().contains("needs a target for 28-day faster diagnosis"));
        let mut notice = TrustSettings::default();
        notice.booking.reasonable_notice_days = 40;
        assert!(notice.validate().unwrap_err().contains("between 0 and 31 days"));
    }

    #[test]
    fn an_older_record_without_the_newer_fields_reads_with_their_defaults() {
        let json =
            r#"{"booking":{"reasonable_notice_days":14,"leave_notice_weeks":4,"declined_offers_before_review":2}}"#;
        let settings: TrustSettings = serde_json::from_str(json).unwrap();
        assert_eq!(settings.booking.reasonable_notice_days, 14);
        assert_eq!(settings.letter_due_working_days, 5);
        assert_eq!(settings.idle_lock_minutes, 15);
        assert_eq!(settings.first_appointment, FirstAppointmentTargets::default());
        assert_eq!(settings.offline_days, 14);
        assert_eq!(settings.national_targets, targets::national_defaults());
    }

    #[test]
    fn a_change_is_applied_from_a_desk_a_day_ahead_or_up_to_the_offline_days_behind() {
        let settings = TrustSettings::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let on = |days: i64| settings.check_issued_on(today + chrono::TimeDelta::days(days), today);
        assert_eq!((on(0), on(1), on(-14)), (Ok(()), Ok(()), Ok(())));
        assert!(on(2).unwrap_err().message.contains("Check the date on this computer"));
        assert!(on(-15).unwrap_err().message.contains("15 days ago"));
        let far = settings.check_issued_on(NaiveDate::MIN, today).unwrap_err();
        assert!(far.message.contains("days ago"), "the earliest date chrono knows is refused, not a panic");
        assert!(settings.check_issued_on(NaiveDate::MAX, today).is_err());
    }

    #[test]
    fn the_first_appointment_is_due_the_priority_s_days_after_the_referral() {
        let targets = FirstAppointmentTargets::default();
        let referred = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            targets.due(Priority::UrgentSuspectedCancer, referred),
            NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
        );
        assert_eq!(targets.due(Priority::Urgent, referred), NaiveDate::from_ymd_opt(2026, 12, 29).unwrap());
        assert_eq!(targets.due(Priority::Routine, referred), NaiveDate::from_ymd_opt(2027, 2, 23).unwrap());

        use crate::pathway::{EventKind, PathwayEvent};
        let mut pathway = crate::model::Pathway {
            id: "pw".into(),
            patient_id: "pt".into(),
            specialty_id: "uro".into(),
            consultant_id: "c".into(),
            priority: Priority::UrgentSuspectedCancer,
            source: crate::model::ReferralSource::Gp,
            cancer: true,
            events: vec![PathwayEvent::new(referred, EventKind::ReferralReceived(Box::default()))],
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        };
        assert_eq!(targets.first_appointment_due(&pathway), NaiveDate::from_ymd_opt(2026, 12, 15));
        pathway.events.push(PathwayEvent::new(NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(), EventKind::FirstSeen {}));
        assert_eq!(targets.first_appointment_due(&pathway), None, "seen: the next appointment is not a first one");
    }
}
