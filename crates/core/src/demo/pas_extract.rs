//! A synthetic PAS referrals extract in the import's layout (`crate::pas_import`), for trying the import and for
//! its tests and benchmark: test-range NHS numbers, names from the demo's lists, one referral a row (every fifth row
//! a second referral of the patient before).

use std::collections::HashSet;

use chrono::{Days, NaiveDate};

use super::names::{postcode, FAMILY_NAMES, GIVEN_NAMES};
use super::nhs_numbers::TestNhsNumbers;
use super::rng::{Part, Rng};
use crate::pas_import::ImportKind;
use crate::spreadsheet::CsvLine;

const REASONS: [&str; 4] = ["Referred by GP", "Ongoing symptoms", "Abnormal test result", "Review requested"];

/// What the extract is made from.
pub struct ExtractOptions<'a> {
    pub rows: usize,
    pub seed: u64,
    /// (consultant's name, their specialty's treatment function code), as the trust has them.
    pub consultants: &'a [(String, String)],
    /// NHS numbers already in Pathdesk, left out.
    pub avoid: &'a HashSet<String>,
    pub today: NaiveDate,
}

/// The extract as CSV text (UTF-8, no byte-order mark), the header first.
pub fn referrals_csv(options: &ExtractOptions<'_>) -> String {
    let mut rng = Rng::stream(options.seed, Part::Referral, 7);
    let mut numbers = TestNhsNumbers::new(options.seed ^ 0x5041_5321).filter(|n| !options.avoid.contains(n));
    let columns = ImportKind::Referrals.columns();
    let mut out = String::with_capacity(options.rows * 160);
    let mut line = CsvLine::new(&mut out);
    for column in columns {
        line.text(column.name);
    }
    line.end();
    let mut patient: Vec<String> = Vec::new();
    for row in 0..options.rows {
        let again = row % 5 == 4 && !patient.is_empty();
        if !again {
            let Some(nhs) = numbers.next() else { break };
            let born = NaiveDate::from_ymd_opt(
                1940 + rng.below(65) as i32,
                1 + rng.below(12) as u32,
                1 + rng.below(28) as u32,
            )
            .expect("a real date");
            patient = vec![
                format!("PAS{:07}", row),
                nhs,
                format!("RX{:07}", row),
                rng.pick(&FAMILY_NAMES).to_uppercase(),
                rng.pick(&GIVEN_NAMES).to_string(),
                crate::calendar::uk_numeric_date(born),
                (*rng.pick(&["F", "M"])).to_string(),
                postcode(&mut rng),
            ];
        }
        let (consultant, specialty) = rng.pick(options.consultants).clone();
        let received = options.today - Days::new(1 + rng.below(200));
        let priority = *rng.pick(&["Routine", "Routine", "Routine", "Urgent", "Urgent suspected cancer"]);
        let mut line = CsvLine::new(&mut out);
        for cell in &patient {
            line.text(cell);
        }
        line.text(&format!("REF{:07}", row));
        line.text(&crate::calendar::uk_numeric_date(received));
        line.text("GP");
        line.text("");
        line.text("");
        line.text(priority);
        line.text("");
        line.text(&specialty);
        line.text(&consultant);
        let reason: &&str = rng.pick(&REASONS);
        line.text(reason);
        line.end();
    }
    out
}
