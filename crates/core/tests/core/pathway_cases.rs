//! Runs the case evaluator over the shared worked examples and over our own extra cases, and fails on any
//! difference from `expect` (only the fields a case expects are compared).

use serde_json::Value;

fn shared_examples() -> String {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/pathway-examples.json");
    let copy = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pathway-examples.json");
    std::fs::read_to_string(shared).or_else(|_| std::fs::read_to_string(copy)).expect("pathway-examples.json")
}

/// The `pathway` kind's worked examples: every running clock and the next deadline.
fn shared_deadline_examples() -> String {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/pathway-deadline-examples.json");
    let copy = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pathway-deadline-examples.json");
    std::fs::read_to_string(shared).or_else(|_| std::fs::read_to_string(copy)).expect("pathway-deadline-examples.json")
}

/// Differences between what a case expects and what the evaluator printed, as "path: expected X, got Y".
fn differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                let child = format!("{path}.{key}");
                match actual.get(key) {
                    Some(found) => differences(value, found, &child, out),
                    None => out.push(format!("{child}: expected {value}, missing")),
                }
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (expected, actual) if expected == actual => {}
        (expected, actual) => out.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn run(file_text: &str) -> (usize, Vec<String>) {
    let file: Value = serde_json::from_str(file_text).expect("case file is JSON");
    let output = pathdesk_core::cases::evaluate_file(file_text).expect("evaluator accepts the file");
    let results = output["results"].as_array().expect("results list");
    let cases = file["cases"].as_array().expect("cases list");
    assert_eq!(results.len(), cases.len(), "one result per case");
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        let id = case["id"].as_str().unwrap_or("?");
        assert_eq!(result["id"], case["id"], "results are in case order");
        match result.get("result") {
            Some(actual) => {
                let mut diffs = Vec::new();
                differences(&case["expect"], actual, "", &mut diffs);
                failures.extend(diffs.into_iter().map(|d| format!("{id} {d}")));
            }
            None => failures.push(format!("{id}: error {}", result["error"])),
        }
    }
    (cases.len(), failures)
}

#[test]
fn shared_worked_examples_all_match() {
    let (count, failures) = run(&shared_examples());
    assert!(count >= 20, "only {count} shared cases found");
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn shared_deadline_examples_all_match() {
    let (count, failures) = run(&shared_deadline_examples());
    assert!(count >= 2, "only {count} shared pathway cases found");
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn our_extra_cases_all_match() {
    let text = include_str!("../data/extra-cases.json");
    let (count, failures) = run(text);
    assert!(count >= 50);
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_case_says_why_and_how_sure() {
    let file: Value = serde_json::from_str(include_str!("../data/extra-cases.json")).unwrap();
    for case in file["cases"].as_array().unwrap() {
        assert!(case["why"].as_str().is_some_and(|w| !w.is_empty()), "{}", case["id"]);
        assert!(matches!(case["confidence"].as_str(), Some("high" | "medium" | "low")), "{}", case["id"]);
    }
}

#[test]
fn extra_cases_use_every_event_type() {
    let file: Value = serde_json::from_str(include_str!("../data/extra-cases.json")).unwrap();
    let shared: Value = serde_json::from_str(&shared_examples()).unwrap();
    let mut used = std::collections::BTreeSet::new();
    for case in file["cases"].as_array().unwrap().iter().chain(shared["cases"].as_array().unwrap()) {
        for event in case["events"].as_array().unwrap() {
            used.insert(event["type"].as_str().unwrap().to_string());
        }
    }
    let missing: Vec<_> = pathdesk_core::pathway::EVENT_TYPES.iter().filter(|t| !used.contains(**t)).collect();
    assert!(missing.is_empty(), "no case uses {missing:?}");
}

#[test]
fn every_example_event_round_trips_through_the_typed_event() {
    let shared: Value = serde_json::from_str(&shared_examples()).unwrap();
    let extra: Value = serde_json::from_str(include_str!("../data/extra-cases.json")).unwrap();
    for case in shared["cases"].as_array().unwrap().iter().chain(extra["cases"].as_array().unwrap()) {
        if !matches!(case["kind"].as_str(), Some("rtt" | "cwt28" | "cwt31" | "cwt62" | "pathway")) {
            continue;
        }
        for event in case["events"].as_array().unwrap() {
            let typed: pathdesk_core::pathway::PathwayEvent = serde_json::from_value(event.clone()).unwrap();
            assert_eq!(&serde_json::to_value(&typed).unwrap(), event, "{}", case["id"]);
        }
    }
}

/// The binary as the README documents it: `pathway-cases FILE` prints the results JSON the evaluator makes, and a
/// file it cannot use gets a message naming the file and exit code 1.
#[test]
fn the_pathway_cases_binary_prints_the_results_and_explains_bad_files() {
    let binary = env!("CARGO_BIN_EXE_pathway-cases");
    let examples = std::env::temp_dir().join(format!("pathway-cases-{}.json", std::process::id()));
    std::fs::write(&examples, shared_examples()).unwrap();
    let output = std::process::Command::new(binary).arg(&examples).output().expect("runs pathway-cases");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).expect("prints JSON");
    assert_eq!(printed, pathdesk_core::cases::evaluate_file(&shared_examples()).unwrap());

    std::fs::write(&examples, "{\"cases\": 3}").unwrap();
    let output = std::process::Command::new(binary).arg(&examples).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(&examples.display().to_string()));
    std::fs::remove_file(&examples).unwrap();

    let output = std::process::Command::new(binary).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: pathway-cases FILE"));
}
