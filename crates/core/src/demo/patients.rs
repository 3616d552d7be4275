//! Synthetic patients and the odd note on their record.

use chrono::{Datelike, Days, NaiveDate};

use super::names::{address, email_part, postcode, FAMILY_NAMES, GIVEN_NAMES, PATIENT_NOTES};
use super::nhs_numbers::TestNhsNumbers;
use super::rng::{Part, Rng};
use super::trust::{BOOKING_TEAM, RECEPTION};
use crate::model::{ContactPreference, Sex};
use crate::model::{Patient, PatientNote};

/// Visits every number below 900,000 once (7,919 is prime and does not divide 900,000): distinct hospital numbers.
fn hospital_number(index: usize) -> String {
    let body = (index as u64 * 7_919 + 123_457) % 900_000 + 100_000;
    format!("RX1{body:06}")
}

pub(crate) fn patient_id(index: usize) -> String {
    format!("pat-{:05}", index + 1)
}

fn date_of_birth(rng: &mut Rng, today: NaiveDate) -> NaiveDate {
    // Outpatients are mostly older: two in three born 1935-1975, the rest anywhere from 1930 to 2024.
    let (from, to) = if rng.chance(0.67) { (1935, 1975) } else { (1930, 2024) };
    let first = NaiveDate::from_ymd_opt(from, 1, 1).expect("a real date");
    let last = NaiveDate::from_ymd_opt(to, 12, 31).expect("a real date").min(today - Days::new(60));
    if last <= first {
        return first.min(today);
    }
    first + Days::new(rng.below((last - first).num_days() as u64 + 1))
}

pub(crate) fn patients(count: usize, today: NaiveDate, seed: u64) -> Vec<Patient> {
    let mut nhs_numbers = TestNhsNumbers::new(seed);
    (0..count)
        .map(|index| {
            let mut rng = Rng::stream(seed, Part::Patient, index as u64);
            let given_name = rng.pick(&GIVEN_NAMES).to_string();
            let family_name = rng.pick(&FAMILY_NAMES).to_string();
            let date_of_birth = date_of_birth(&mut rng, today);
            let phone = rng.chance(0.92).then(|| format!("07700 900{:03}", rng.below(1_000)));
            let email = rng.chance(0.6).then(|| {
                format!(
                    "{}.{}{}@example.com",
                    email_part(&given_name),
                    email_part(&family_name),
                    date_of_birth.year() % 100
                )
            });
            let postcode = rng.chance(0.97).then(|| postcode(&mut rng));
            // From a stream of its own, so adding addresses changed nothing else in the demo.
            let address = if postcode.is_some() {
                address(&mut Rng::stream(seed, Part::Address, index as u64))
            } else {
                Vec::new()
            };
            // Their own stream too: sex, how they like to be contacted, their GP and an interpreter for a few.
            let mut more = Rng::stream(seed, Part::Demographics, index as u64);
            let sex = Some(if more.chance(0.5) { Sex::Female } else { Sex::Male });
            let contact_preference = Some(match more.below(10) {
                0..=5 => ContactPreference::Letter,
                6 | 7 => ContactPreference::TextMessage,
                8 => ContactPreference::Email,
                _ => ContactPreference::Phone,
            });
            let gp_practice = Some(GP_PRACTICES[more.below(GP_PRACTICES.len() as u64) as usize].to_string());
            let interpreter_language =
                more.chance(0.04).then(|| INTERPRETER_LANGUAGES[more.below(4) as usize].to_string());
            Patient {
                id: patient_id(index),
                nhs_number: nhs_numbers.next().expect("generate() caps patients below the NHS test range size"),
                hospital_number: hospital_number(index),
                family_name,
                given_name,
                date_of_birth,
                phone,
                email,
                postcode,
                address,
                sex,
                contact_preference,
                gp_practice,
                interpreter_language,
            }
        })
        .collect()
}

/// Synthetic GP practices (not real ones).
const GP_PRACTICES: [&str; 6] = [
    "Example Street Surgery",
    "Testbury Medical Centre",
    "Riverside Health Practice",
    "Park View Surgery",
    "The Old Mill Practice",
    "Hillside Family Doctors",
];

const INTERPRETER_LANGUAGES: [&str; 4] = ["Polish", "Urdu", "Romanian", "Punjabi"];

/// About one patient in sixteen has a note, written in the last year.
pub(crate) fn notes(count: usize, today: NaiveDate, seed: u64) -> Vec<PatientNote> {
    const AUTHORS: [&str; 4] = [BOOKING_TEAM, RECEPTION, "S. Patel (Urology)", "J. Okafor (Cardiology)"];
    let mut notes = Vec::new();
    for index in 0..count {
        let mut rng = Rng::stream(seed, Part::Notes, index as u64);
        if !rng.chance(1.0 / 16.0) {
            continue;
        }
        notes.push(PatientNote {
            id: format!("note-{:05}-1", index + 1),
            patient_id: patient_id(index),
            text: rng.pick(&PATIENT_NOTES).to_string(),
            author: rng.pick(&AUTHORS).to_string(),
            written_on: today - Days::new(rng.below(365)),
        });
    }
    notes
}
