//! The one table of limits on what a desk may send: how long each kind of text and id may be, how many items a
//! list may hold, which dates and numbers make sense. The server checks every pushed command against it before the
//! rules run, and a desk checks its own before saving, so an over-long title or a slot for 4,294,967,295 patients
//! is refused with a reason a person can act on, on the device and on the server alike.
//!
//! A command is checked through its JSON (what travels and what is stored): every field by its name, anywhere in
//! the command. A field the table does not name gets the rule for its shape: an id (`id`, `..._id`, `..._ids`) at
//! most [`ID_CHARS`], any other text at most [`NAME_CHARS`], any list at most [`LIST_ITEMS`] items, any date
//! between [`EARLIEST_DATE`] and [`LATEST_DATE`]. No text may hold control characters (a line break or tab in
//! typed text is fine).

use chrono::NaiveDate;
use serde_json::Value;

use crate::calendar::uk_date;
use crate::text::thousands;

/// Ids made by a device (a UUID is 36) and by the demo or an import.
pub const ID_CHARS: usize = 100;
/// Short text: names, titles, assignees, authors.
pub const NAME_CHARS: usize = 200;
/// Typed notes and reasons.
pub const NOTE_CHARS: usize = 2000;
/// A clinic's location.
pub const LOCATION_CHARS: usize = 100;
/// A username at sign-in.
pub const USERNAME_CHARS: usize = 100;
/// A password: long passphrases welcome, not megabytes to hash.
pub const PASSWORD_CHARS: usize = 200;
/// Items in one list in one command (tasks reassigned, slots removed, patients told).
pub const LIST_ITEMS: usize = 1000;
/// The earliest date anything in Pathdesk can be on (the oldest date of birth).
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};
/// The latest date anything can be on.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// What a field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Text of at most this many characters.
    Text(usize),
    /// Typed text of at most this many characters, which may look like anything (a note that is only a date).
    Typed(usize),
    /// A whole number in this range.
    Number { min: u64, max: u64 },
}

/// The fields whose limit is not the default for their shape, by name.
pub const FIELDS: &[(&str, Limit)] = &[
    ("text", Limit::Typed(NOTE_CHARS)),
    ("note", Limit::Typed(NOTE_CHARS)),
    ("reason", Limit::Typed(NOTE_CHARS)),
    ("back_because", Limit::Typed(NOTE_CHARS)),
    ("past_deadline_reason", Limit::Typed(NOTE_CHARS)),
    ("location", Limit::Text(LOCATION_CHARS)),
    // A slot sees at most a clinic's worth of patients, and lasts at most a day.
    ("capacity", Limit::Number { min: 0, max: 100 }),
    ("minutes", Limit::Number { min: 0, max: 24 * 60 }),
];

/// The limit on a field named `name` holding text.
fn text_limit(name: &str) -> Limit {
    FIELDS.iter().find(|(field, _)| *field == name).map(|(_, limit)| *limit).unwrap_or_else(|| {
        if is_id(name) {
            Limit::Text(ID_CHARS)
        } else {
            Limit::Text(NAME_CHARS)
        }
    })
}

fn is_id(name: &str) -> bool {
    name == "id" || name.ends_with("_id") || name.ends_with("_ids")
}

/// "slot ids", "capacity": a field's name for people.
fn words(name: &str) -> String {
    name.replace('_', " ")
}

/// Checks any value a desk sends against the table: the first problem, in words, if any.
pub fn check(value: &Value) -> Result<(), String> {
    check_in("value", value)
}

fn check_in(name: &str, value: &Value) -> Result<(), String> {
    match value {
        Value::Object(fields) => fields.iter().try_for_each(|(key, value)| check_in(key, value)),
        Value::Array(items) => {
            if items.len() > LIST_ITEMS {
                return Err(format!(
                    "The {} list has {} items; one change may hold at most {}. Make it in smaller parts.",
                    words(name),
                    thousands(items.len() as u64),
                    thousands(LIST_ITEMS as u64)
                ));
            }
            items.iter().try_for_each(|item| check_in(name, item))
        }
        Value::String(text) => check_text(name, text),
        Value::Number(number) => check_number(name, number),
        Value::Null | Value::Bool(_) => Ok(()),
    }
}

fn check_text(name: &str, text: &str) -> Result<(), String> {
    let (max, typed) = match text_limit(name) {
        Limit::Text(max) => (max, false),
        Limit::Typed(max) => (max, true),
        Limit::Number { .. } => return Err(format!("The {} must be a number, not text.", words(name))),
    };
    let chars = text.chars().count();
    if chars > max {
        return Err(format!(
            "The {} is {} characters long; the most is {}. Shorten it, then save.",
            words(name),
            thousands(chars as u64),
            thousands(max as u64)
        ));
    }
    if let Some(control) = text.chars().find(|c| c.is_control() && !(typed && matches!(c, '\n' | '\r' | '\t'))) {
        return Err(format!(
            "The {} holds a control character (U+{:04X}) that cannot be stored. Remove it, then save.",
            words(name),
            u32::from(control)
        ));
    }
    if !typed {
        if let Ok(date) = text.parse::<NaiveDate>() {
            if !(EARLIEST_DATE..=LATEST_DATE).contains(&date) {
                return Err(format!(
                    "The {} is {text}, outside the dates Pathdesk accepts ({} to {}). Check the date.",
                    words(name),
                    uk_date(EARLIEST_DATE),
                    uk_date(LATEST_DATE)
                ));
            }
        }
    }
    Ok(())
}

fn check_number(name: &str, number: &serde_json::Number) -> Result<(), String> {
    let Some((_, Limit::Number { min, max })) = FIELDS.iter().find(|(field, _)| *field == name) else {
        return Ok(());
    };
    match number.as_u64() {
        Some(n) if (*min..=*max).contains(&n) => Ok(()),
        _ => {
            let shown = number.as_u64().map_or_else(|| number.to_string(), thousands);
            Err(format!("The {} is {shown}; it must be a whole number from {min} to {}.", words(name), thousands(*max)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problem(value: Value) -> String {
        check(&value).expect_err("refused")
    }

    #[test]
    fn text_is_limited_by_what_it_is() {
        assert!(check(&json!({"title": "x".repeat(NAME_CHARS), "text": "y".repeat(NOTE_CHARS)})).is_ok());
        assert_eq!(
            problem(json!({"task": {"title": "x".repeat(1_000_000)}})),
            "The title is 1,000,000 characters long; the most is 200. Shorten it, then save."
        );
        assert!(problem(json!({"note": "y".repeat(NOTE_CHARS + 1)})).contains("the most is 2,000"));
        assert!(problem(json!({"note_id": "n".repeat(ID_CHARS + 1)})).starts_with("The note id is 101 characters"));
        assert!(problem(json!({"slot_ids": ["s".repeat(ID_CHARS + 1)]})).starts_with("The slot ids is 101"));
        assert!(problem(json!({"location": "l".repeat(LOCATION_CHARS + 1)})).contains("the most is 100"));
    }

    #[test]
    fn control_characters_are_refused_but_typed_text_keeps_its_line_breaks() {
        assert!(check(&json!({"text": "Phoned.\nWill call back.\tOK"})).is_ok());
        assert!(problem(json!({"title": "a\u{0}b"})).contains("control character (U+0000)"));
        assert!(problem(json!({"text": "a\u{7}b"})).contains("U+0007"));
        assert!(problem(json!({"assignee": "S. Patel\n"})).contains("control character"));
    }

    #[test]
    fn dates_must_be_between_1900_and_2199() {
        assert!(check(&json!({"due": "2026-11-23", "date_of_birth": "1900-01-01", "to": "2199-12-31"})).is_ok());
        assert!(problem(json!({"appointment_date": "+262142-12-31"})).contains("outside the dates Pathdesk accepts"));
        assert!(problem(json!({"from": "1899-12-31"})).contains("1 Jan 1900 to 31 Dec 2199"));
        // A typed note that is only a date is a note.
        assert!(check(&json!({"note": "3000-01-01"})).is_ok());
    }

    #[test]
    fn numbers_the_table_names_are_kept_in_range() {
        assert!(check(&json!({"slots": [{"capacity": 3, "minutes": 15}]})).is_ok());
        assert_eq!(
            problem(json!({"slots": [{"capacity": 4_294_967_295_u64}]})),
            "The capacity is 4,294,967,295; it must be a whole number from 0 to 100."
        );
        assert!(problem(json!({"minutes": -5})).contains("from 0 to 1,440"));
        assert!(problem(json!({"minutes": "15"})).contains("must be a number"));
        // Numbers the table does not name are left to the rules.
        assert!(check(&json!({"wall_ms": u64::MAX})).is_ok());
    }

    #[test]
    fn lists_are_limited_in_length() {
        assert!(check(&json!({"task_ids": vec!["t"; LIST_ITEMS]})).is_ok());
        assert!(problem(json!({"task_ids": vec!["t"; LIST_ITEMS + 1]})).contains("at most 1,000"));
    }
}
