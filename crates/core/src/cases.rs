//! The case evaluator: reads a file of waiting-time cases in the shared format (`pathway-examples.md`) and says,
//! for each, what the engine computes, using the result field names of that format. A case it cannot evaluate
//! gets a clear error; it never panics on bad input.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use crate::calendar::{self, Region};
use crate::nhs_number::check_nhs_number;
use crate::pathway::cancer::{CancerClock, CancerFacts, CwtRoute, NotApplicable, Share};
use crate::pathway::event::{EventKind, ReferralSource};
use crate::pathway::{rtt_periods, PathwayEvent, RttPeriod};

/// The case kinds this evaluator knows.
pub const KINDS: &[&str] = &["rtt", "cwt28", "cwt31", "cwt62", "pathway", "nhs_number", "working_days"];

/// Evaluates a whole case file: `{"results": [{"id", "result"} | {"id", "error"}, ...]}`.
/// Fails only when the text is not JSON or has no `cases` list.
pub fn evaluate_file(text: &str) -> Result<Value, String> {
    let file: Value = serde_json::from_str(text).map_err(|e| format!("the case file is not valid JSON: {e}"))?;
    let cases = file
        .get("cases")
        .and_then(Value::as_array)
        .ok_or("the case file has no \"cases\" list: expected {\"schema_version\": 1, \"cases\": [...]}")?;
    let results: Vec<Value> = cases.iter().enumerate().map(|(i, case)| evaluate_case(i, case)).collect();
    Ok(json!({ "results": results }))
}

/// Evaluates one case (the `index`th in its file, used when it has no id).
pub fn evaluate_case(index: usize, case: &Value) -> Value {
    let id = match case.get("id") {
        Some(Value::String(id)) => Value::String(id.clone()),
        Some(other) if !other.is_null() => other.clone(),
        _ => Value::String(format!("case {}", index + 1)),
    };
    match evaluate(case) {
        Ok(result) => json!({ "id": id, "result": result }),
        Err(error) => json!({ "id": id, "error": error }),
    }
}

fn evaluate(case: &Value) -> Result<Value, String> {
    if !case.is_object() {
        return Err("a case must be a JSON object with id, kind, events and as_of".to_string());
    }
    let kind = case.get("kind").and_then(Value::as_str).ok_or("the case has no \"kind\"")?;
    let raw_events = match case.get("events") {
        Some(Value::Array(events)) => events.as_slice(),
        None | Some(Value::Null) => &[],
        Some(_) => return Err("\"events\" must be a list".to_string()),
    };
    let as_of = match case.get("as_of") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(parse_date(text).map_err(|e| format!("as_of: {e}"))?),
        Some(other) => return Err(format!("as_of must be a date like 2025-01-31, not {other}")),
    };
    match kind {
        "rtt" => {
            let (events, as_of, notes) = pathway_events(raw_events, as_of)?;
            Ok(rtt_result(&events, as_of, notes))
        }
        "cwt28" | "cwt31" | "cwt62" => {
            let (events, as_of, notes) = pathway_events(raw_events, as_of)?;
            Ok(cancer_result(kind, &events, as_of, notes))
        }
        "pathway" => {
            let (events, as_of, notes) = pathway_events(raw_events, as_of)?;
            Ok(pathway_result(&events, as_of, notes))
        }
        "nhs_number" => nhs_number_result(raw_events),
        "working_days" => working_days_result(raw_events, as_of),
        other => Err(format!("unknown case kind \"{other}\": expected one of {}", KINDS.join(", "))),
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    text.parse::<NaiveDate>().map_err(|_| format!("\"{text}\" is not a date like 2025-01-31"))
}

fn iso(date: NaiveDate) -> Value {
    Value::String(date.to_string())
}

fn opt_iso(date: Option<NaiveDate>) -> Value {
    date.map_or(Value::Null, iso)
}

/// Parses the events, checks they are dated and in order, and keeps those on or before the census date.
fn pathway_events(
    raw: &[Value],
    as_of: Option<NaiveDate>,
) -> Result<(Vec<PathwayEvent>, NaiveDate, Vec<String>), String> {
    let mut events = Vec::with_capacity(raw.len());
    let mut last: Option<NaiveDate> = None;
    for (i, value) in raw.iter().enumerate() {
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("?");
        let event: PathwayEvent =
            serde_json::from_value(value.clone()).map_err(|e| format!("event {} ({kind}): {e}", i + 1))?;
        let date = event.date().ok_or_else(|| format!("event {} ({kind}) has no date", i + 1))?;
        if let Some(previous) = last.filter(|previous| date < *previous) {
            return Err(format!(
                "events are not in date order: event {} ({kind}) on {date} comes after an event on {previous}",
                i + 1
            ));
        }
        last = Some(date);
        events.push(event);
    }
    let mut notes = Vec::new();
    let as_of = match (as_of, last) {
        (Some(as_of), _) => as_of,
        (None, Some(last)) => {
            notes.push(format!("No as_of date: clocks still running are measured to the last event ({last})"));
            last
        }
        (None, None) => return Err("the case has no events and no as_of date: nothing to evaluate".to_string()),
    };
    let before = events.len();
    events.retain(|e| e.date().is_some_and(|d| d <= as_of));
    if events.len() < before {
        notes.push(format!("{} event(s) after the as_of date were not counted", before - events.len()));
    }
    Ok((events, as_of, notes))
}

// ---------------------------------------------------------------------------------------------------------------
// RTT
// ---------------------------------------------------------------------------------------------------------------

fn rtt_result(events: &[PathwayEvent], as_of: NaiveDate, notes: Vec<String>) -> Value {
    let groups = pathway_groups(events);
    let mut results: Vec<(String, Map<String, Value>)> =
        groups.iter().map(|(id, events)| (id.clone(), rtt_pathway(events, as_of))).collect();
    let (_, mut main) = results.remove(0);
    if !results.is_empty() || groups[0].0 != MAIN {
        let mut pathways = Map::new();
        pathways.insert(groups[0].0.clone(), Value::Object(main.clone()));
        for (id, result) in results {
            pathways.insert(id, Value::Object(result));
        }
        main.insert("pathways".into(), Value::Object(pathways));
    }
    if !notes.is_empty() {
        let mut all: Vec<Value> = notes.into_iter().map(Value::String).collect();
        if let Some(Value::Array(existing)) = main.remove("notes") {
            all.extend(existing);
        }
        main.insert("notes".into(), Value::Array(all));
    }
    Value::Object(main)
}

const MAIN: &str = "main";

/// Splits a patient's events into concurrent pathways by their `pathway` tag. Untagged events belong to the
/// first pathway; a consultant referral for a new condition also opens the pathway it names.
fn pathway_groups(events: &[PathwayEvent]) -> Vec<(String, Vec<PathwayEvent>)> {
    let opened: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ConsultantReferralNewCondition(referral) => referral.new_pathway.as_deref(),
            _ => None,
        })
        .collect();
    let main_id =
        events.iter().filter_map(|e| e.pathway.as_deref()).find(|id| !opened.contains(id)).unwrap_or(MAIN).to_string();
    let mut groups: Vec<(String, Vec<PathwayEvent>)> = vec![(main_id.clone(), Vec::new())];
    let mut push = |id: &str, event: &PathwayEvent| match groups.iter_mut().find(|(g, _)| g == id) {
        Some((_, list)) => list.push(event.clone()),
        None => groups.push((id.to_string(), vec![event.clone()])),
    };
    for event in events {
        push(event.pathway.as_deref().unwrap_or(&main_id), event);
        if let EventKind::ConsultantReferralNewCondition(referral) = &event.kind {
            let Some(id) = referral.new_pathway.as_deref() else { continue };
            if event.pathway.as_deref() != Some(id) {
                push(id, event);
            }
        }
    }
    groups
}

fn rtt_pathway(events: &[PathwayEvent], as_of: NaiveDate) -> Map<String, Value> {
    let (periods, notes) = rtt_periods(events);
    let mut out = match periods.last() {
        Some(latest) => period_fields(latest, as_of),
        None => {
            let mut out = Map::new();
            out.insert("clock_running".into(), Value::Bool(false));
            out.insert("clock_start".into(), Value::Null);
            out
        }
    };
    if periods.len() >= 2 {
        let previous = &periods[periods.len() - 2];
        out.insert("previous_clock".into(), Value::Object(period_fields(previous, as_of)));
    }
    if periods.len() > 1 {
        out.insert("periods".into(), periods.iter().map(|p| Value::Object(period_fields(p, as_of))).collect());
    }
    providers(events, &mut out);
    let notes: Vec<Value> = notes.iter().map(|n| Value::String(n.text().to_string())).collect();
    if !notes.is_empty() {
        out.insert("notes".into(), Value::Array(notes));
    }
    out
}

fn period_fields(period: &RttPeriod, as_of: NaiveDate) -> Map<String, Value> {
    let wait = period.wait(as_of);
    let mut out = Map::new();
    out.insert("clock_running".into(), Value::Bool(period.is_running()));
    out.insert("clock_start".into(), iso(period.start));
    out.insert("start_reason".into(), Value::String(period.start_reason.as_str().into()));
    out.insert("stopped_on".into(), opt_iso(period.stop.map(|s| s.date)));
    out.insert("stop_status".into(), period.stop.map_or(Value::Null, |s| Value::String(s.status.code().into())));
    if let Some(stop) = period.stop {
        out.insert("stop_meaning".into(), Value::String(stop.status.meaning().into()));
        if let Some(dna) = stop.dna_on {
            out.insert("dna_date".into(), iso(dna));
        }
        if let Some(discharged) = stop.discharged_on {
            out.insert("discharge_date".into(), iso(discharged));
        }
        if let Some(died) = stop.died_on {
            out.insert("date_of_death".into(), iso(died));
        }
        if let Some(informed) = stop.hospital_informed_on {
            out.insert("hospital_informed_on".into(), iso(informed));
        }
    }
    out.insert("days_waited".into(), json!(wait.days));
    out.insert("weeks_waited".into(), json!(wait.completed_weeks()));
    out.insert("reporting_band_weeks".into(), Value::String(wait.band().to_string()));
    out.insert("within_18_weeks".into(), Value::Bool(wait.within_18_weeks()));
    out.insert("deadline_18w".into(), iso(wait.deadline_18w()));
    out.insert("breach_date".into(), iso(wait.breach_date()));
    for weeks in [52, 65, 78, 104] {
        out.insert(format!("over_{weeks}_weeks"), Value::Bool(wait.over_weeks(weeks)));
    }
    out.insert(
        "first_activity_status".into(),
        period.first_activity.map_or(Value::Null, |s| Value::String(s.code().into())),
    );
    out.insert("nullified".into(), Value::Bool(period.nullified));
    out.insert("reported".into(), Value::Bool(!period.nullified));
    out
}

/// Who reports the pathway, and the status each provider that transferred it out records (21).
fn providers(events: &[PathwayEvent], out: &mut Map<String, Value>) {
    let mut reporting: Option<&str> = None;
    for event in events {
        match &event.kind {
            EventKind::ReferralReceived(referral) => {
                let Some(provider) = referral.provider.as_deref() else { continue };
                if reporting.is_none() || matches!(referral.source, Some(ReferralSource::InterProviderTransfer)) {
                    reporting = Some(provider);
                }
            }
            EventKind::InterProviderTransferSent(transfer) => {
                let (from, to) = (&transfer.from, &transfer.to);
                if let Some(from) = from {
                    out.insert(format!("provider_{from}_status"), Value::String("21".into()));
                }
                if let Some(to) = to {
                    reporting = Some(to);
                }
            }
            _ => {}
        }
    }
    if let Some(provider) = reporting {
        out.insert("reporting_provider".into(), Value::String(provider.to_string()));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Cancer
// ---------------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------------
// Every running clock and the next deadline
// ---------------------------------------------------------------------------------------------------------------

/// `running`, `deadlines` and `next_deadline` of one referral's whole log. The cancer standards count when the log
/// makes it a cancer pathway (an urgent cancer route, a consultant upgrade or a cancer diagnosis), as the pathway
/// record's `cancer` flag does in the app.
fn pathway_result(events: &[PathwayEvent], as_of: NaiveDate, notes: Vec<String>) -> Value {
    let cancer = CancerFacts::collect(events).is_cancer_pathway();
    let deadlines = crate::pathway::PathwayClocks::compute(events, cancer, as_of).deadlines();
    let mut out = Map::new();
    out.insert("running".into(), deadlines.iter().map(|d| Value::String(d.standard.code().into())).collect());
    out.insert(
        "deadlines".into(),
        Value::Object(deadlines.iter().map(|d| (d.standard.code().to_string(), iso(d.date))).collect()),
    );
    out.insert(
        "next_deadline".into(),
        deadlines.first().map_or(
            Value::Null,
            |d| json!({"standard": d.standard.code(), "date": iso(d.date), "days_left": d.days_left(as_of)}),
        ),
    );
    if !notes.is_empty() {
        out.insert("notes".into(), notes.into_iter().map(Value::String).collect());
    }
    Value::Object(out)
}

fn cancer_result(kind: &str, events: &[PathwayEvent], as_of: NaiveDate, notes: Vec<String>) -> Value {
    let facts = CancerFacts::collect(events);
    let clock = match kind {
        "cwt28" => facts.faster_diagnosis(as_of),
        "cwt31" => facts.decision_to_treatment(as_of),
        _ => facts.referral_to_treatment(as_of),
    };
    let mut out = match clock {
        Ok(clock) => cancer_fields(&clock, &facts),
        Err(NotApplicable(reason)) => {
            let mut out = Map::new();
            out.insert("applicable".into(), Value::Bool(false));
            out.insert("reason".into(), Value::String(reason.to_string()));
            out.insert("route".into(), route_word(facts.route(), &facts));
            out
        }
    };
    if !notes.is_empty() {
        out.insert("notes".into(), notes.into_iter().map(Value::String).collect());
    }
    Value::Object(out)
}

fn cancer_fields(clock: &CancerClock, facts: &CancerFacts) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("applicable".into(), Value::Bool(true));
    out.insert("standard".into(), Value::String(clock.standard.label().into()));
    out.insert("route".into(), route_word(clock.route, facts));
    out.insert("clock_start".into(), iso(clock.start));
    out.insert("start_basis".into(), Value::String(clock.start_basis.as_str().into()));
    out.insert("end_date".into(), opt_iso(clock.end));
    out.insert("end_reason".into(), clock.end_reason.map_or(Value::Null, |r| Value::String(r.as_str().into())));
    if clock.standard != crate::pathway::cancer::CancerStandard::FasterDiagnosis {
        out.insert("treatment_date".into(), opt_iso(clock.end));
    }
    out.insert("ended".into(), Value::Bool(clock.ended()));
    out.insert("adjustment_days".into(), json!(clock.adjustment_days()));
    out.insert("first_seen_adjustment_days".into(), json!(clock.first_seen_adjustment_days));
    out.insert("treatment_adjustment_days".into(), json!(clock.treatment_adjustment_days));
    out.insert("days".into(), json!(clock.days));
    out.insert("deadline".into(), iso(clock.deadline));
    out.insert("breach_date".into(), iso(clock.breach_date()));
    out.insert("within_standard".into(), Value::Bool(clock.within_standard));
    if clock.standard == crate::pathway::cancer::CancerStandard::DecisionToTreatment {
        let stage = if facts.latest_treatment_is_subsequent() { "subsequent" } else { "first" };
        out.insert("treatment_stage".into(), Value::String(stage.into()));
    }
    if let Some(transfer) = clock.transfer {
        out.insert("transferred_on".into(), iso(transfer.transferred_on));
        out.insert("days_to_transfer".into(), json!(transfer.days_to_transfer));
        out.insert("transfer_by_day_38".into(), Value::Bool(transfer.transfer_by_day_38));
        out.insert("days_at_treating_provider".into(), json!(transfer.days_at_treating_provider));
        out.insert("treated_within_24_days_of_transfer".into(), json!(transfer.treated_within_24_days));
        if let Some((referring, treating)) = transfer.shares {
            let (from, to) = facts.transfer_providers().unwrap_or((None, None));
            let mut allocation = BTreeMap::new();
            allocation.insert(from.unwrap_or("referring_provider").to_string(), share(referring));
            allocation.insert(to.unwrap_or("treating_provider").to_string(), share(treating));
            out.insert("allocation".into(), json!(allocation));
        }
    }
    out
}

/// The route as the case format writes it; a route outside the cancer standards keeps the referral's own word.
fn route_word(route: CwtRoute, facts: &CancerFacts) -> Value {
    match (route, facts.route_text()) {
        (CwtRoute::Other, Some(text)) => Value::String(text.to_string()),
        (route, _) => Value::String(route.as_str().to_string()),
    }
}

/// A share as JSON, whole numbers written as integers (1, not 1.0).
fn share(share: Share) -> Value {
    let number = |x: f64| if x.fract() == 0.0 { json!(x as i64) } else { json!(x) };
    json!({ "numerator": number(share.numerator), "denominator": number(share.denominator) })
}

// ---------------------------------------------------------------------------------------------------------------
// NHS number and working days
// ---------------------------------------------------------------------------------------------------------------

fn nhs_number_result(events: &[Value]) -> Result<Value, String> {
    let entered = events
        .iter()
        .find(|e| e.get("type").and_then(Value::as_str) == Some("nhs_number_entered"))
        .ok_or("no nhs_number_entered event: give the number as {\"type\": \"nhs_number_entered\", \"value\": ...}")?;
    let value = match entered.get("value") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("the nhs_number_entered event has no text \"value\"".to_string()),
    };
    serde_json::to_value(check_nhs_number(&value)).map_err(|e| e.to_string())
}

fn working_days_result(events: &[Value], as_of: Option<NaiveDate>) -> Result<Value, String> {
    let mut dated: Vec<(NaiveDate, &str)> = Vec::new();
    let mut rule_days: Option<u32> = None;
    let mut listing: Option<(Region, i32)> = None;
    let mut region = Region::EnglandAndWales;
    for (i, event) in events.iter().enumerate() {
        let kind = event.get("type").and_then(Value::as_str).ok_or(format!("event {} has no type", i + 1))?;
        if let Some(name) = event.get("region").and_then(Value::as_str) {
            region = name.parse().map_err(|e: calendar::CalendarError| e.to_string())?;
        }
        match kind {
            "letter_due_rule" => {
                let n = event.get("working_days").and_then(Value::as_u64).ok_or(
                    "letter_due_rule needs \"working_days\": a whole number of working days, e.g. 5".to_string(),
                )?;
                rule_days = Some(u32::try_from(n).map_err(|_| "working_days is too large".to_string())?);
            }
            "list_bank_holidays" => {
                let year = event
                    .get("year")
                    .and_then(Value::as_i64)
                    .ok_or("list_bank_holidays needs a \"year\", e.g. 2026".to_string())?;
                listing = Some((region, i32::try_from(year).map_err(|_| format!("{year} is not a year"))?));
            }
            _ => {
                let text =
                    event.get("date").and_then(Value::as_str).ok_or(format!("event {} ({kind}) has no date", i + 1))?;
                dated.push((parse_date(text).map_err(|e| format!("event {} ({kind}): {e}", i + 1))?, kind));
            }
        }
    }
    let mut out = Map::new();
    let err = |e: calendar::CalendarError| e.to_string();
    if let Some((region, year)) = listing {
        let list = calendar::bank_holidays_in_year(year, region).map_err(err)?;
        out.insert("region".into(), Value::String(region.label().into()));
        out.insert("bank_holidays".into(), list.iter().map(|h| iso(h.date)).collect());
        out.insert("bank_holiday_names".into(), list.iter().map(|h| Value::String(h.name.into())).collect());
        out.insert("substitute_days".into(), list.iter().filter(|h| h.substitute).map(|h| iso(h.date)).collect());
    }
    let skipped = |from: NaiveDate, to: NaiveDate| -> Result<Value, String> {
        let list = calendar::bank_holidays_between(from, to, region).map_err(err)?;
        Ok(list.iter().map(|h| iso(h.date)).collect())
    };
    let anchor = dated.first().map(|(date, _)| *date);
    if let Some(n) = rule_days {
        let from = anchor.or(as_of).ok_or("letter_due_rule needs a dated event to count from")?;
        let due = calendar::add_working_days(from, n, region).map_err(err)?;
        out.insert("due_date".into(), iso(due));
        out.insert("working_days_counted".into(), json!(n));
        out.insert("bank_holidays_skipped".into(), skipped(from, due)?);
    }
    let end = match dated.len() {
        0 | 1 if rule_days.is_none() => as_of.filter(|d| anchor.is_some_and(|a| *d > a)),
        0 | 1 => None,
        _ => dated.last().map(|(date, _)| *date),
    };
    if let (Some(from), Some(to)) = (anchor, end) {
        out.insert(
            "working_days_elapsed".into(),
            json!(calendar::working_days_between(from, to, region).map_err(err)?),
        );
        if rule_days.is_none() {
            out.insert("bank_holidays_skipped".into(), skipped(from, to)?);
        }
    }
    if out.is_empty() {
        return Err("nothing to count: give a dated event with a letter_due_rule, two dated events, or \
                    list_bank_holidays"
            .to_string());
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_cases_give_errors_not_panics() {
        let out = evaluate_file(
            r#"{"cases":[
                {"id":"a","kind":"rtt","events":[{"date":"2025-01-01","type":"warp"}],"as_of":"2025-02-01"},
                {"id":"b","kind":"rtt","events":[{"date":"2025-02-01","type":"referral_received"},
                    {"date":"2025-01-01","type":"first_seen"}],"as_of":"2025-03-01"},
                {"id":"c","kind":"astrology","events":[]},
                {"kind":"nhs_number","events":[{"type":"nhs_number_entered"}]},
                {"id":"e","kind":"working_days","events":[{"date":"2030-01-01","type":"clinic_attended"},
                    {"type":"letter_due_rule","working_days":5}]},
                {"id":"f","kind":"rtt","events":[],"as_of":"2025-03-01"},
                7
            ]}"#,
        )
        .unwrap();
        let results = out["results"].as_array().unwrap();
        assert!(results[0]["error"].as_str().unwrap().contains("unknown pathway event type \"warp\""));
        assert!(results[1]["error"].as_str().unwrap().contains("not in date order"));
        assert!(results[2]["error"].as_str().unwrap().contains("unknown case kind"));
        assert_eq!(results[3]["id"], "case 4");
        assert!(results[4]["error"].as_str().unwrap().contains("No bank holiday data for 2030-01-02"));
        assert_eq!(results[5]["result"]["clock_running"], false);
        assert!(results[6]["error"].is_string());
    }

    #[test]
    fn not_json_is_refused_clearly() {
        assert!(evaluate_file("{not json").unwrap_err().contains("not valid JSON"));
        assert!(evaluate_file("{}").unwrap_err().contains("no \"cases\" list"));
    }

    #[test]
    fn concurrent_pathways_are_reported_separately() {
        let out = evaluate_file(
            r#"{"cases":[{"id":"p","kind":"rtt","as_of":"2025-04-01","events":[
                {"date":"2025-01-06","type":"referral_received","source":"gp","pathway":"P1"},
                {"date":"2025-02-03","type":"outpatient_attended","first":true,"pathway":"P1"},
                {"date":"2025-02-03","type":"consultant_referral_new_condition","new_pathway":"P2","pathway":"P1"},
                {"date":"2025-03-03","type":"first_definitive_treatment","pathway":"P1"}
            ]}]}"#,
        )
        .unwrap();
        let result = &out["results"][0]["result"];
        assert_eq!(result["stop_status"], "30");
        assert_eq!(result["pathways"]["P1"]["days_waited"], 56);
        assert_eq!(result["pathways"]["P2"]["clock_start"], "2025-02-03");
        assert_eq!(result["pathways"]["P2"]["first_activity_status"], "12");
        assert_eq!(result["pathways"]["P2"]["days_waited"], 57);
    }
}
