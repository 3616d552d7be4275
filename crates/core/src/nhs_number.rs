//! The NHS number: 10 digits, the 10th a Modulus 11 check digit (`pathway-rules.md` §3, NHS Data Dictionary).

use serde::Serialize;

use crate::pathway::policy;

/// The working of a Modulus 11 check, shown to staff and printed by the case evaluator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NhsNumberCheck {
    /// The input without spaces and hyphens.
    pub normalised: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_sum: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remainder: Option<u32>,
    /// 11 - remainder, with 11 meaning 0; 10 means the number can never be valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed_check_digit: Option<u32>,
    pub valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_digits_equal: Option<bool>,
    /// Why it is not valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Checks an NHS number as typed (spaces and hyphens allowed).
pub fn check_nhs_number(input: &str) -> NhsNumberCheck {
    let normalised: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let mut check = NhsNumberCheck {
        normalised,
        weighted_sum: None,
        remainder: None,
        computed_check_digit: None,
        valid: false,
        all_digits_equal: None,
        reason: None,
    };
    if let Some(bad) = check.normalised.chars().find(|c| !c.is_ascii_digit()) {
        check.reason = Some(format!("contains '{bad}': only digits, spaces and hyphens are allowed"));
        return check;
    }
    let digits: Vec<u32> = check.normalised.bytes().map(|b| u32::from(b - b'0')).collect();
    if digits.len() != 10 {
        check.reason = Some("not 10 digits".to_string());
        return check;
    }
    let sum: u32 = digits[..9].iter().zip((2..=10).rev()).map(|(digit, weight)| digit * weight).sum();
    let remainder = sum % 11;
    let computed = match 11 - remainder {
        11 => 0,
        other => other,
    };
    let all_equal = digits.iter().all(|d| *d == digits[0]);
    check.weighted_sum = Some(sum);
    check.remainder = Some(remainder);
    check.computed_check_digit = Some(computed);
    check.all_digits_equal = Some(all_equal);
    check.reason = if computed == 10 {
        Some("check digit computes to 10: number can never be valid".to_string())
    } else if computed != digits[9] {
        Some("check digit mismatch".to_string())
    } else if all_equal && policy::REJECT_ALL_DIGITS_EQUAL {
        Some("all digits are the same: not a real NHS number".to_string())
    } else {
        None
    };
    check.valid = check.reason.is_none();
    check
}

/// Does `input` (spaces and hyphens allowed) pass the NHS number check?
pub fn is_valid_nhs_number(input: &str) -> bool {
    check_nhs_number(input).valid
}

/// Shows an NHS number as 3-3-4 ("943 476 5919"); anything that is not 10 digits is returned trimmed, unchanged.
pub fn format_nhs_number(input: &str) -> String {
    let normalised: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if normalised.len() == 10 && normalised.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &normalised[..3], &normalised[3..6], &normalised[6..])
    } else {
        input.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples_from_the_rules() {
        for (number, sum, remainder, check_digit, valid) in [
            ("943 476 5919", 299, 2, 9, true),
            ("943 476 5918", 299, 2, 9, false),
            ("401 023 2137", 92, 4, 7, true),
            ("485 777 3457", 312, 4, 7, true),
            ("400 000 0020", 44, 0, 0, true),
            ("400 000 0080", 56, 1, 10, false),
            ("123 456 7890", 210, 1, 10, false),
            ("111 111 1111", 54, 10, 1, false),
        ] {
            let check = check_nhs_number(number);
            assert_eq!(check.weighted_sum, Some(sum), "{number}");
            assert_eq!(check.remainder, Some(remainder), "{number}");
            assert_eq!(check.computed_check_digit, Some(check_digit), "{number}");
            assert_eq!(check.valid, valid, "{number}");
        }
    }

    #[test]
    fn reasons_say_what_is_wrong() {
        assert_eq!(check_nhs_number("9434765918").reason.as_deref(), Some("check digit mismatch"));
        assert_eq!(
            check_nhs_number("4000000080").reason.as_deref(),
            Some("check digit computes to 10: number can never be valid")
        );
        assert_eq!(check_nhs_number("943476591").reason.as_deref(), Some("not 10 digits"));
        let letters = check_nhs_number("943-476-591O");
        assert!(!letters.valid && letters.reason.unwrap().contains("'O'"));
        let same = check_nhs_number("1111111111");
        assert_eq!(same.all_digits_equal, Some(true));
        assert!(!same.valid);
    }

    #[test]
    fn spaces_and_hyphens_are_stripped_and_formatting_is_3_3_4() {
        assert_eq!(check_nhs_number(" 943-476-5919 ").normalised, "9434765919");
        assert!(is_valid_nhs_number("943 476 5919"));
        assert_eq!(format_nhs_number("9434765919"), "943 476 5919");
        assert_eq!(format_nhs_number(" 12345 "), "12345");
    }
}
