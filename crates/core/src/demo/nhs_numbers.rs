//! NHS numbers for demo patients: all in the 999 range that NHS England keeps for test data, so a demo record can
//! never be mistaken for a real patient, and all valid under Modulus 11.

use super::rng::{Part, Rng};

/// How many body numbers the range "999 xxx xxx" holds (the six digits after 999).
const RANGE: u64 = 1_000_000;
/// Coprime with RANGE, so `n * STEP + offset` visits every body number once before repeating.
const STEP: u64 = 738_197;

/// About 1 in 11 candidates has no valid check digit, and one is all nines: this is a safe ceiling.
pub(crate) const MAX_NUMBERS: usize = 900_000;

/// The Modulus 11 check digit for nine digits, or None when it would be 10 (no valid number).
pub(crate) fn check_digit(digits: &[u8; 9]) -> Option<u8> {
    let sum: u32 = digits.iter().zip((2..=10).rev()).map(|(&digit, weight)| u32::from(digit) * weight).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check as u8),
    }
}

/// Hands out distinct test-range NHS numbers in a seed-dependent but fixed order.
pub(crate) struct TestNhsNumbers {
    next_candidate: u64,
    offset: u64,
}

impl TestNhsNumbers {
    pub(crate) fn new(seed: u64) -> Self {
        TestNhsNumbers { next_candidate: 0, offset: Rng::stream(seed, Part::NhsNumbers, 0).below(RANGE) }
    }
}

impl Iterator for TestNhsNumbers {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        while self.next_candidate < RANGE {
            let body = (self.next_candidate * STEP + self.offset) % RANGE;
            self.next_candidate += 1;
            let mut digits = [9u8; 9];
            let mut rest = body;
            for digit in digits[3..].iter_mut().rev() {
                *digit = (rest % 10) as u8;
                rest /= 10;
            }
            let Some(check) = check_digit(&digits) else { continue };
            if digits.iter().all(|&d| d == check) {
                // 9999999999 passes the arithmetic but is rejected as an all-same-digit number.
                continue;
            }
            let mut number: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            number.push(char::from(b'0' + check));
            return Some(number);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_worked_examples() {
        // 943 476 5919 and 401 023 2137: worked examples of Modulus 11.
        assert_eq!(check_digit(&[9, 4, 3, 4, 7, 6, 5, 9, 1]), Some(9));
        assert_eq!(check_digit(&[4, 0, 1, 0, 2, 3, 2, 1, 3]), Some(7));
    }

    #[test]
    fn the_range_yields_enough_distinct_numbers() {
        assert!(TestNhsNumbers::new(5).count() >= MAX_NUMBERS);
        let first: std::collections::HashSet<String> = TestNhsNumbers::new(5).take(50_000).collect();
        assert_eq!(first.len(), 50_000, "numbers repeat");
        assert!(first.iter().all(|n| n.len() == 10 && n.starts_with("999") && n != "9999999999"));
    }
}
