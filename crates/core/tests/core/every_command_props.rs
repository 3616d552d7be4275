//! Every command kind, fed extreme and arbitrary values in any of its fields, is either applied or refused with a
//! reason: never a panic. A panic on the server would once drop the connection and stall a desk's sync for good; in
//! the browser it stops the app. The tests run unoptimised, so integer overflow panics here too.
//!
//! Each command kind has one valid sample built against a small demo trust (the first test proves each applies
//! as it is, so the changed copies reach the rules, not only the field checks); every leaf of its JSON is then
//! replaced, one at a time, by every value in `extremes` and by proptest's arbitrary values.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;
use pathdesk_core::command::{Command, CommandContext};
use pathdesk_core::record::{Record, RecordKey};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::command_samples::{leaves, sample_states as samples_on};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

fn ctx() -> CommandContext {
    crate::command_samples::ctx(today())
}

fn sample_states() -> Vec<(Command, HashMap<RecordKey, Record>)> {
    samples_on(today())
}

#[test]
fn every_command_kind_has_a_sample_that_applies() {
    let states = sample_states();
    let mut names: Vec<&str> = states.iter().map(|(command, _)| command.name()).collect();
    names.sort();
    let mut every: Vec<&str> = Command::NAMES.to_vec();
    every.sort();
    assert_eq!(names, every, "every command kind needs one sample here");
    for (command, _) in &states {
        assert_eq!(command.check_limits(), Ok(()), "{} is within the limits", command.name());
    }
}

fn extremes(original: &Value) -> Vec<Value> {
    let long = "x".repeat(100_000);
    let mut values = vec![
        Value::Null,
        json!(true),
        json!(""),
        json!("   "),
        json!("\u{0}"),
        json!(long),
        json!("é🙂".repeat(1000)),
        json!("+262142-12-31"),
        json!("-262143-01-01"),
        json!("9999-12-31"),
        json!("0001-01-01"),
        json!("1900-02-29"),
        json!("2026-11-23"),
        json!("00:00:00"),
        json!("23:59:59"),
        json!("24:00"),
        json!(0),
        json!(1),
        json!(-1),
        json!(u32::MAX),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(i64::MAX),
        json!(1e300),
        json!(9_007_199_254_740_993_u64),
        json!([]),
        json!({}),
    ];
    if let Value::Array(items) = original {
        if let Some(first) = items.first() {
            values.push(Value::Array(vec![first.clone(); 10_000]));
        }
    }
    values
}

/// `command` with the value at `pointer` replaced: whatever reads back as a command is applied; what does not is
/// what the server refuses as malformed. Returns the panic's message, if it panicked.
fn try_changed(command: &Command, records: &HashMap<RecordKey, Record>, pointer: &str, value: Value) -> Option<String> {
    let mut json = serde_json::to_value(command).expect("a command serializes");
    *json.pointer_mut(pointer).expect("the leaf exists") = value;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if let Ok(changed) = serde_json::from_value::<Command>(json) {
            let _ = changed.reads();
            let _ = changed.describe();
            let _ = changed.apply(&ctx(), records);
        }
    }));
    outcome.err().map(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

#[test]
fn extreme_values_in_any_field_are_applied_or_refused_never_a_panic() {
    let mut panics = Vec::new();
    let mut tried = 0;
    for (command, records) in sample_states() {
        let json = serde_json::to_value(&command).expect("a command serializes");
        let mut pointers = Vec::new();
        leaves(&json, String::new(), &mut pointers);
        for pointer in pointers.iter().filter(|p| *p != "/type") {
            let original = json.pointer(pointer).expect("a leaf");
            for value in extremes(original) {
                tried += 1;
                let shown = value.to_string().chars().take(40).collect::<String>();
                if let Some(panic) = try_changed(&command, &records, pointer, value) {
                    panics.push(format!("{} {pointer} = {shown}: {panic}", command.name()));
                }
            }
        }
    }
    assert!(tried > 5_000, "only {tried} changed commands were tried");
    assert!(panics.is_empty(), "{} of {tried} changed commands panicked:\n{}", panics.len(), panics.join("\n"));
}

fn arbitrary_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(|b| json!(b)),
        ".{0,300}".prop_map(Value::String),
        (-400_000i32..400_000, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| json!(format!(
            "{}{:04}-{m:02}-{d:02}",
            if y < 0 { "-" } else { "" },
            y.abs()
        ))),
        (0u32..30, 0u32..70, 0u32..70).prop_map(|(h, m, s)| json!(format!("{h:02}:{m:02}:{s:02}"))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_values_in_any_field_never_panic(which in any::<prop::sample::Index>(),
                                                  leaf in any::<prop::sample::Index>(),
                                                  value in arbitrary_value()) {
        thread_local!(static STATES: Vec<(Command, HashMap<RecordKey, Record>)> = sample_states());
        STATES.with(|states| {
            let (command, records) = &states[which.index(states.len())];
            let json = serde_json::to_value(command).expect("a command serializes");
            let mut pointers = Vec::new();
            leaves(&json, String::new(), &mut pointers);
            pointers.retain(|p| p != "/type");
            let pointer = &pointers[leaf.index(pointers.len())];
            let panic = try_changed(command, records, pointer, value.clone());
            prop_assert!(panic.is_none(), "{} {pointer} = {value}: {panic:?}", command.name());
            Ok(())
        })?;
    }
}

#[test]
fn a_sample_changed_to_a_far_date_is_refused_with_a_reason() {
    // The case the fault campaign found: it once panicked the server.
    let states = sample_states();
    let (command, records) = states.iter().find(|(c, _)| c.name() == "record_offer_declined").expect("the sample");
    let mut json = serde_json::to_value(command).expect("serializes");
    json["appointment_date"] = json!("+262142-12-31");
    let changed: Command = serde_json::from_value(json).expect("reads back");
    let refusal = changed.apply(&ctx(), records).expect_err("refused");
    assert!(!refusal.message.is_empty());
}
