//! Records several test files build the same way.

use chrono::NaiveDate;
use pathdesk_core::model::Patient;

/// A synthetic patient (a test NHS number, born 1 Jan 1970), hospital number `RX{id}`.
pub fn patient(id: &str, family: &str) -> Patient {
    Patient::new(
        id,
        "9990000018",
        format!("RX{id}"),
        family,
        "Ada",
        NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date"),
    )
}
