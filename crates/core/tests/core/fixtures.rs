//! Records several test files build the same way.

use chrono::NaiveDate;
use pathdesk_core::model::Patient;

/// A synthetic patient (a test NHS number, born 1 Jan 1970), hospital number `RX{id}`.
pub fn patient(id: &str, family: &str) -> Patient {
    Patient {
        id: id.into(),
        nhs_number: "9990000018".into(),
        hospital_number: format!("RX{id}"),
        family_name: family.into(),
        given_name: "Ada".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date"),
        phone: None,
        email: None,
        postcode: None,
        address: vec![],
        sex: None,
        contact_preference: None,
        gp_practice: None,
        interpreter_language: None,
    }
}
