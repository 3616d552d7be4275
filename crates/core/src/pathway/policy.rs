//! Every choice the rules reference leaves open, in one place, each with the section of
//! `pathway-rules.md` it comes from. Change a rule here and the clocks, the checks and the case evaluator follow.

use chrono::NaiveDate;

use super::event::TreatmentSetting;
use super::rtt_status::RttStatus;

// ---------------------------------------------------------------------------------------------------------------
// RTT
// ---------------------------------------------------------------------------------------------------------------

/// §1.4: a first-appointment DNA only nullifies the clock "if the trust can show the appointment was clearly
/// communicated". When the event does not say, we cannot show it, so the clock runs on.
pub fn dna_was_clearly_communicated(recorded: Option<bool>) -> bool {
    recorded.unwrap_or(false)
}

/// §1.4 (last bullet, older Data Dictionary wording): on a two-week-wait (urgent suspected cancer) referral a
/// first-appointment DNA does not end the period unless a clinician decides to discharge.
pub const TWO_WEEK_WAIT_FIRST_DNA_NEEDS_DISCHARGE: bool = true;

/// §1.4: after a DNA of a later appointment and discharge, the guidance is ambiguous between the DNA date and the
/// discharge date. The rules reference recommends: stop on the DNA date and show the discharge date.
pub fn dna_discharge_stop_date(dna_on: NaiveDate, discharged_on: NaiveDate) -> NaiveDate {
    let _ = discharged_on;
    dna_on
}

/// §7 "Status code for a DNA-discharge stop: not stated (34 is commonly assumed)".
pub const DNA_DISCHARGE_STATUS: RttStatus = RttStatus::DecisionNotToTreat;

/// §1.3 rule 5a: a discharge back to primary care with no DNA behind it (the patient needs no consultant-led
/// care) stops the clock when communicated. The code is not stated; 34 means "no further contact required".
pub const DISCHARGE_TO_GP_STATUS: RttStatus = RttStatus::DecisionNotToTreat;

/// §1.4: a DNA-discharge stops the clock only when all four conditions hold (clearly communicated, clinician's
/// decision, published DNA policy, policy protects the vulnerable). The clinician's review is the event itself.
/// When the event says the policy was not followed, or the appointment was not clearly communicated, the clock
/// keeps running and the pathway is flagged for review (the app never treats such a discharge as a stop).
pub fn dna_discharge_stops_clock(clearly_communicated: bool, per_published_dna_policy: Option<bool>) -> bool {
    clearly_communicated && per_published_dna_policy.unwrap_or(true)
}

/// §1.3: the guidance does not fix whether a death stops the clock on the date of death or the date the trust
/// learns of it. Chosen: the date the hospital was informed when that is recorded, else the date of death. Death
/// is an administrative clock stop, and administrative stops fall on "the date of the decision or communication"
/// (S1 §4.4.1.2); OpenSAFELY (S20) reports that in practice it is recorded when the family informs the hospital.
/// Both dates are shown.
pub fn death_stop_date(died_on: NaiveDate, hospital_informed_on: Option<NaiveDate>) -> NaiveDate {
    hospital_informed_on.unwrap_or(died_on)
}

/// §1.3 rule 5: non-treatment stops happen "on the date it is communicated to the patient". An event that does
/// not say whether it was communicated is taken as communicated on its date (the event date is that date).
pub fn communicated(recorded: Option<bool>) -> bool {
    recorded.unwrap_or(true)
}

/// §1.3 "Admitted treatment: the clock stops on the admission date, even if surgery is the next day". When an
/// `admitted` event did not say what the admission was for (not diagnostics, not cancelled, the procedure not said
/// to be undone) and an admitted first definitive treatment follows, the treatment is taken as given in that
/// admission: the clock stops on the admission date. Otherwise (an outpatient treatment, or no such admission) it
/// stops on the treatment date.
pub fn admitted_treatment_stop_date(
    setting: Option<&TreatmentSetting>,
    unexplained_admission_on: Option<NaiveDate>,
    treated_on: NaiveDate,
) -> NaiveDate {
    match (setting, unexplained_admission_on) {
        (Some(TreatmentSetting::Admitted), Some(admitted_on)) if admitted_on <= treated_on => admitted_on,
        _ => treated_on,
    }
}

/// §1.3: only a **matched** transplant list addition stops the clock (status 34); unmatched stops at admission.
/// An event that does not say is taken as matched (adding to "the list" is the matched case).
pub fn transplant_list_is_matched(recorded: Option<bool>) -> bool {
    recorded.unwrap_or(true)
}

/// §1.2 rule 2: a self-referral starts the clock on receipt "once ratified by a permitted care professional".
/// When the event does not say, it is taken as ratified (the trust only records agreed self-referral routes).
pub fn self_referral_ratified(recorded: Option<bool>) -> bool {
    recorded.unwrap_or(true)
}

/// §1.6: "When the patient decides to go ahead, a new clock starts on that date." Chosen: this also applies after
/// the patient declined treatment (status 35) and later changes their mind, not only after active monitoring.
pub const PROCEEDING_AFTER_DECLINE_STARTS_NEW_CLOCK: bool = true;

/// §1.6: thinking time longer than this without agreed next steps needs a conversation.
pub const THINKING_TIME_REVIEW_DAYS: i64 = 14;

/// §1.6 / §5.1: a reasonable offer gives at least 3 weeks' notice (a trust setting; 21 days by default).
pub const REASONABLE_OFFER_NOTICE_DAYS: i64 = 21;

// ---------------------------------------------------------------------------------------------------------------
// Cancer waiting times
// ---------------------------------------------------------------------------------------------------------------

/// §2.3 (U): the size of the first-seen DNA adjustment is not confirmed. Background knowledge: the clock is
/// effectively reset to the date the patient rebooks, so the adjustment runs from the clock start to the
/// rebooking date. THE one place to change if CWT v12.1 says otherwise.
pub fn first_seen_dna_adjustment(clock_start: NaiveDate, dna_on: NaiveDate, rebooked_on: NaiveDate) -> i64 {
    let _ = dna_on;
    (rebooked_on - clock_start).num_days().max(0)
}

/// §2.3: the only first-seen adjustment reason is a DNA (code 3). A DNA is a failure to attend an appointment the
/// patient knew about, so a DNA the event says was not clearly communicated gives no adjustment.
pub fn cancer_dna_counts(clearly_communicated: Option<bool>) -> bool {
    clearly_communicated.unwrap_or(true)
}

/// §2.4 (P, S10): for a consultant upgrade the first-seen adjustment applies only when the upgrade was on or
/// before the date first seen.
pub fn upgrade_gets_first_seen_adjustment(upgraded_on: NaiveDate, first_seen_on: Option<NaiveDate>) -> bool {
    first_seen_on.is_none_or(|seen| upgraded_on <= seen)
}

/// §2.4 (U): the treatment adjustment applies only to admitted treatment, when the patient declines a reasonable
/// offer of admission: from the offered date to the date they are available again. A treatment recorded as
/// outpatient gets none; an unrecorded setting is taken as admitted (the offer was an admission).
pub fn treatment_adjustment_applies(setting: Option<&TreatmentSetting>) -> bool {
    !matches!(setting, Some(TreatmentSetting::Outpatient))
}

/// Days one declined admission offer adds to the treatment adjustment (§2.4, U).
pub fn declined_admission_adjustment(offered_on: NaiveDate, available_from: NaiveDate) -> i64 {
    (available_from - offered_on).num_days().max(0)
}

/// §2.5 (U): a subsequent treatment's 31-day clock starts at the ECAD; with no ECAD recorded we fall back to the
/// decision to treat. A first treatment always starts at the decision to treat, even if an ECAD is recorded.
pub const SUBSEQUENT_WITHOUT_ECAD_USES_DTT: bool = true;

/// §2.1: when a referral on an urgent route is later upgraded, the upgrade does not move the 62-day start.
pub const UPGRADE_ONLY_FOR_NON_URGENT_ROUTES: bool = true;

/// A patient told that cancer has been ruled out (and not treated) has left the 62-day pathway: the standard
/// measures referral to first definitive treatment for cancer (rules §2.1, §2.4), so such a clock is not left
/// "running" for ever on the PTL. Treatment recorded anyway (e.g. a later diagnosis) still counts.
pub const RULED_OUT_LEAVES_62_DAY_STANDARD: bool = true;

/// §2.4 (C, S9): latest day to hand a patient to the treating provider.
pub const IPT_HANDOVER_DAY: i64 = 38;
/// §2.4 (P, S10): days the treating provider has after the handover.
pub const IPT_TREATING_PROVIDER_DAYS: i64 = 24;

// ---------------------------------------------------------------------------------------------------------------
// NHS number
// ---------------------------------------------------------------------------------------------------------------

/// §3: 111 111 1111 passes the checksum but "many validators also reject this". Chosen: reject numbers whose
/// digits are all equal.
pub const REJECT_ALL_DIGITS_EQUAL: bool = true;
