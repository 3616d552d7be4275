//! The pathway events a person can record, with the attributes each one needs, in words: what the "Add an
//! event" form shows, how its answers become a [`PathwayEvent`], and how an event's attributes read on the
//! timeline. Events are built as case-format JSON and read by the core, so the form and the engine share one
//! vocabulary.

use pathdesk_core::calendar::uk_date;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use pathdesk_core::calendar::read_typed_date;
use pathdesk_core::pathway::{PathwayEvent, EVENT_TYPES};
use serde_json::{Map, Value};

/// How an attribute is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Yes, No or not recorded (left out: the rules say what a missing answer means).
    YesNo,
    /// One of the listed (value, words) pairs.
    Choice(&'static [(&'static str, &'static str)]),
    Date,
    /// A whole number of days.
    Days,
    Text,
}

/// One attribute of an event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The case-format attribute name, e.g. "clearly_communicated".
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
}

macro_rules! yes_no {
    ($key:expr, $label:expr) => {
        Field { key: $key, label: $label, kind: FieldKind::YesNo }
    };
}

macro_rules! choice {
    ($key:expr, $label:expr, $options:expr) => {
        Field { key: $key, label: $label, kind: FieldKind::Choice($options) }
    };
}

macro_rules! date {
    ($key:expr, $label:expr) => {
        Field { key: $key, label: $label, kind: FieldKind::Date }
    };
}

macro_rules! days {
    ($key:expr, $label:expr) => {
        Field { key: $key, label: $label, kind: FieldKind::Days }
    };
}

macro_rules! text {
    ($key:expr, $label:expr) => {
        Field { key: $key, label: $label, kind: FieldKind::Text }
    };
}

const SOURCES: &[(&str, &str)] = &[
    ("gp", "GP"),
    ("self", "Self-referral"),
    ("interface_service", "Interface or assessment service"),
    ("inter_provider_transfer", "Transfer from another provider"),
    ("consultant", "Another consultant"),
    ("screening", "Screening programme"),
];
const ROUTES: &[(&str, &str)] = &[
    ("urgent_suspected_cancer", "Urgent suspected cancer"),
    ("breast_symptomatic", "Breast symptomatic"),
    ("screening", "Cancer screening"),
    ("urgent", "Urgent"),
    ("routine", "Routine"),
];
const ARRIVALS: &[(&str, &str)] = &[("ers", "e-Referral Service"), ("paper", "Paper or secure email")];
const PURPOSES: &[(&str, &str)] = &[
    ("first_definitive_treatment", "First definitive treatment"),
    ("diagnostic_only", "Diagnostics only"),
    ("pre_treatment", "Before treatment"),
    ("pre_op_assessment", "Pre-operative assessment"),
];
const SETTINGS: &[(&str, &str)] = &[("outpatient", "Outpatient"), ("admitted", "Admitted (inpatient or day case)")];
const INITIATORS: &[(&str, &str)] = &[("clinician", "Clinician"), ("patient", "Patient")];
const OUTCOMES: &[(&str, &str)] = &[("cancer_diagnosed", "Cancer diagnosed"), ("cancer_ruled_out", "Cancer ruled out")];
const STAGES: &[(&str, &str)] = &[("first", "First treatment"), ("subsequent", "Subsequent treatment")];

/// The attributes the form asks for with an event type (the ones the clocks read).
pub fn fields(type_name: &str) -> &'static [Field] {
    match type_name {
        "referral_received" => &[
            choice!("source", "Referred by", SOURCES),
            choice!("via", "Arrived by", ARRIVALS),
            choice!("route", "Referral route", ROUTES),
            yes_no!("ratified_by_care_professional", "Self-referral ratified by a care professional?"),
            date!("iptamds_rtt_start", "Original clock start (transfers in)"),
        ],
        "outpatient_attended" => &[yes_no!("first", "First appointment?")],
        "decision_to_treat" => &[
            yes_no!("after_active_monitoring", "After active monitoring?"),
            yes_no!("substantively_new_treatment", "Substantively new treatment?"),
            choice!("treatment_stage", "Cancer treatment", STAGES),
        ],
        "admitted" => &[choice!("purpose", "Purpose", PURPOSES), yes_no!("procedure_done", "Procedure done?")],
        "first_definitive_treatment" => &[choice!("setting", "Setting", SETTINGS), text!("modality", "Treatment")],
        "appointment_dna" => &[
            yes_no!("first", "First appointment?"),
            yes_no!("clearly_communicated", "Appointment clearly communicated to the patient?"),
        ],
        "clinician_reviews_and_discharges_to_gp" => &[
            date!("applies_to_dna_on", "Date of the missed appointment"),
            yes_no!("per_published_dna_policy", "In line with the published DNA policy?"),
        ],
        "patient_cancelled" => {
            &[date!("appointment_date", "Date of the cancelled appointment"), yes_no!("first", "First appointment?")]
        }
        "tci_offer_declined" => &[date!("offered_date", "Date offered"), days!("notice_days", "Notice given (days)")],
        "thinking_time_agreed" => &[days!("days", "Thinking time (days)")],
        "active_monitoring_start" => &[choice!("initiated_by", "Started by", INITIATORS)],
        "decision_not_to_treat" => &[yes_no!("communicated_to_patient", "Told to the patient?")],
        "patient_declines_all_treatment" => &[yes_no!("communicated", "Recorded with the patient?")],
        "inter_provider_transfer_sent" => {
            &[text!("to", "Transferred to"), date!("iptamds_rtt_start", "Clock start sent with the transfer")]
        }
        "inter_provider_transfer_received" => &[text!("from", "Transferred from")],
        "added_to_transplant_list" => &[
            yes_no!("matched_transplant", "Matched transplant?"),
            yes_no!("communicated_to_patient", "Told to the patient?"),
        ],
        "consultant_referral_new_condition" => &[text!("to_specialty", "Referred to specialty")],
        "outcome_communicated" => &[choice!("outcome", "Outcome", OUTCOMES)],
        "earliest_clinically_appropriate_date_set" => &[date!("ecad", "Earliest clinically appropriate date")],
        "admission_offer_declined" => {
            &[date!("offered_date", "Date offered"), date!("patient_available_from", "Patient available from")]
        }
        "treatment_start" => &[choice!("treatment_stage", "Treatment", STAGES), text!("modality", "Treatment type")],
        _ => &[],
    }
}

/// The words for an event type, as the timeline shows it (the core's label for the type with no attributes).
pub fn type_label(type_name: &str) -> String {
    from_json(Value::Object(Map::from_iter([("type".to_string(), Value::String(type_name.to_string()))])))
        .map(|event| event.label())
        .unwrap_or_else(|_| type_name.replace('_', " "))
}

/// Every event type for the form's select: (type, words), the most used first, then the rest in the
/// vocabulary's order.
pub fn event_choices() -> Vec<(&'static str, String)> {
    const COMMON: [&str; 8] = [
        "outpatient_attended",
        "appointment_dna",
        "decision_to_treat",
        "first_definitive_treatment",
        "active_monitoring_start",
        "decision_not_to_treat",
        "patient_cancelled",
        "admitted",
    ];
    COMMON
        .iter()
        .copied()
        .chain(EVENT_TYPES.iter().copied().filter(|t| !COMMON.contains(t)))
        .map(|t| (t, type_label(t)))
        .collect()
}

/// What was typed into the form: the event type, the date (`YYYY-MM-DD` from the date input) and the answers by
/// attribute key ("yes"/"no" for yes-no questions, "" for not answered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventDraft {
    pub type_name: String,
    pub date: String,
    pub answers: BTreeMap<String, String>,
    pub note: String,
}

impl EventDraft {
    /// The event the answers describe, or what to correct in the form: (the box's id, what is wrong).
    pub fn build(&self) -> Result<PathwayEvent, (String, String)> {
        if !EVENT_TYPES.contains(&self.type_name.as_str()) {
            return Err(("event-type".into(), "Choose what happened from the list of events.".to_string()));
        }
        let date = read_typed_date(&self.date, "The date it happened").map_err(|m| ("event-date".to_string(), m))?;
        let mut event = Map::new();
        event.insert("type".into(), Value::String(self.type_name.clone()));
        event.insert("date".into(), Value::String(date.to_string()));
        for field in fields(&self.type_name) {
            let answer = self.answers.get(field.key).map(|a| a.trim()).unwrap_or_default();
            // Date boxes all emptied again leave "//": nothing was answered.
            if answer.trim_matches(|c: char| c == '/' || c.is_whitespace()).is_empty() {
                continue;
            }
            let value = match field.kind {
                FieldKind::YesNo => Value::Bool(answer == "yes"),
                FieldKind::Choice(_) | FieldKind::Text => Value::String(answer.to_string()),
                FieldKind::Date => {
                    let date = read_typed_date(answer, field.label).map_err(|m| (field_id(field.key), m))?;
                    Value::String(date.to_string())
                }
                FieldKind::Days => {
                    let days: i32 = answer.parse().ok().filter(|d| *d >= 0).ok_or_else(|| {
                        (field_id(field.key), format!("{}: enter a whole number of days, such as 14.", field.label))
                    })?;
                    Value::from(days)
                }
            };
            event.insert(field.key.into(), value);
        }
        let note = self.note.trim();
        if !note.is_empty() {
            event.insert("note".into(), Value::String(note.to_string()));
        }
        from_json(Value::Object(event))
            .map_err(|e| ("event-type".to_string(), format!("This event could not be made: {e}.")))
    }
}

/// The id of the box for an event's attribute: "event-clearly-communicated".
pub fn field_id(key: &str) -> String {
    format!("event-{}", key.replace('_', "-"))
}

/// The event from its JSON, read as text: the store reads events from text too, so the app carries one copy of the
/// event reader (a second, for `serde_json::Value`, cost about 80 KB of the app).
fn from_json(value: Value) -> Result<PathwayEvent, serde_json::Error> {
    serde_json::from_str(&value.to_string())
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    text.trim().parse::<NaiveDate>().ok()
}

/// An event's attributes as (label, words) for the timeline, e.g. ("First appointment?", "Yes").
pub fn attributes_in_words(event: &PathwayEvent) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = serde_json::to_string(event).ok().and_then(|text| serde_json::from_str(&text).ok())
    else {
        return Vec::new();
    };
    let known = fields(event.type_name());
    map.into_iter()
        .filter(|(key, _)| !matches!(key.as_str(), "date" | "type" | "pathway" | "note"))
        .map(|(key, value)| {
            let field = known.iter().find(|f| f.key == key);
            // "First appointment?" asks; on the timeline it states: "First appointment: Yes".
            let label = field.map(|f| f.label.trim_end_matches('?').to_string()).unwrap_or_else(|| sentence_case(&key));
            (label, value_in_words(field.map(|f| f.kind), &value))
        })
        .collect()
}

fn value_in_words(kind: Option<FieldKind>, value: &Value) -> String {
    match (kind, value) {
        (_, Value::Bool(true)) => "Yes".to_string(),
        (_, Value::Bool(false)) => "No".to_string(),
        (Some(FieldKind::Choice(options)), Value::String(text)) => options
            .iter()
            .find(|(value, _)| value == text)
            .map(|(_, words)| words.to_string())
            .unwrap_or_else(|| text.replace('_', " ")),
        (Some(FieldKind::Days), Value::Number(n)) => format!("{n} days"),
        (_, Value::String(text)) => parse_date(text).map(uk_date).unwrap_or_else(|| text.clone()),
        (_, other) => other.to_string(),
    }
}

fn sentence_case(key: &str) -> String {
    let words = key.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use pathdesk_core::pathway::{check_new_event, PathwayClocks, PathwayEvent, EVENT_TYPES};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn draft(type_name: &str, on: &str, answers: &[(&str, &str)]) -> EventDraft {
        EventDraft {
            type_name: type_name.to_string(),
            date: on.to_string(),
            answers: answers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
            note: String::new(),
        }
    }

    fn events(json: serde_json::Value) -> Vec<PathwayEvent> {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn every_event_type_is_offered_once_with_words_not_codes() {
        let choices = event_choices();
        assert_eq!(choices.len(), EVENT_TYPES.len());
        for name in EVENT_TYPES {
            let (_, words) = choices.iter().find(|(t, _)| t == name).expect("offered");
            assert!(!words.contains('_'), "{name} is offered as {words}");
        }
    }

    #[test]
    fn a_first_dna_built_from_the_form_nullifies_the_clock() {
        let log = events(serde_json::json!([{"date": "2026-09-01", "type": "referral_received", "source": "gp"}]));
        let dna = draft("appointment_dna", "5/10/2026", &[("first", "yes"), ("clearly_communicated", "yes")])
            .build()
            .expect("a complete DNA");
        assert_eq!(serde_json::to_value(&dna).unwrap()["clearly_communicated"], serde_json::json!(true));
        check_new_event(&log, &dna, date(2026, 11, 22)).expect("a DNA can follow the referral");
        let mut log = log;
        log.push(dna.clone());
        let clocks = PathwayClocks::compute(&log, false, date(2026, 11, 22));
        assert_eq!(clocks.rtt.status().map(|s| s.code()), Some("33"));
        let words = attributes_in_words(&dna);
        assert!(words.contains(&("First appointment".to_string(), "Yes".to_string())), "{words:?}");
    }

    #[test]
    fn unanswered_questions_are_left_out_and_bad_answers_say_what_to_type() {
        let event =
            draft("appointment_dna", "5/10/2026", &[("first", ""), ("clearly_communicated", "no")]).build().unwrap();
        let value = serde_json::to_value(&event).unwrap();
        assert!(value.get("first").is_none());
        assert_eq!(value["clearly_communicated"], serde_json::json!(false));

        let no_date = draft("outpatient_attended", "", &[]).build().unwrap_err().1;
        assert_eq!(no_date, "Enter the date it happened");
        // Day first, whatever the browser's locale: 12/31 is no date at all.
        let american = draft("outpatient_attended", "12/31/2026", &[]).build().unwrap_err();
        assert_eq!(american, ("event-date".into(), "The date it happened must be a real date".into()));
        let (at, bad_days) = draft("thinking_time_agreed", "5/10/2026", &[("days", "two weeks")]).build().unwrap_err();
        assert_eq!(at, "event-days");
        assert!(bad_days.contains("Thinking time (days)") && bad_days.contains("whole number"), "{bad_days}");
        let unknown = draft("teleported", "5/10/2026", &[]).build().unwrap_err().1;
        assert!(unknown.contains("Choose what happened"), "{unknown}");
    }

    #[test]
    fn choices_and_dates_read_in_words_on_the_timeline() {
        let event = draft(
            "first_definitive_treatment",
            "2/11/2026",
            &[("setting", "admitted"), ("modality", "Hip replacement")],
        )
        .build()
        .unwrap();
        let words = attributes_in_words(&event);
        assert!(words.contains(&("Setting".to_string(), "Admitted (inpatient or day case)".to_string())), "{words:?}");
        let dated = draft("earliest_clinically_appropriate_date_set", "2/11/2026", &[("ecad", "1/12/2026")]).build();
        assert_eq!(
            attributes_in_words(&dated.unwrap()),
            vec![("Earliest clinically appropriate date".into(), "1 Dec 2026".into())]
        );
        for name in EVENT_TYPES {
            for field in fields(name) {
                if let FieldKind::Choice(options) = field.kind {
                    assert!(!options.is_empty(), "{name}.{} offers nothing", field.key);
                }
            }
        }
    }
}
