//! The pathway page's and the PTL's own logic: the event form's answers becoming events (and their words on the
//! timeline), breach warnings, unsynced events, virtual scrolling, sorting by column headers and the filter form.

#![cfg(target_arch = "wasm32")]

mod common;

use std::collections::BTreeMap;

use common::date;
use pathdesk::screens::pathway::event_model::{attributes_in_words, event_choices, fields, EventDraft, FieldKind};
use pathdesk::screens::pathway::model::{
    period_in_words, previous_periods, warnings, weeks_and_days, WarningThresholds,
};
use pathdesk::screens::pathway::unsynced_flags;
use pathdesk::screens::pathways::model::{
    aria_sort, sort_after_click, visible_rows, FilterForm, SortColumn, OVERSCAN_ROWS, ROW_HEIGHT_PX,
};
use pathdesk::screens::settings::warning_settings::parse_threshold;
use pathdesk_core::model::Priority;
use pathdesk_core::pathway::{check_new_event, rtt_periods, PathwayClocks, PathwayEvent, EVENT_TYPES};
use pathdesk_core::ptl::{BreachFilter, PtlSort};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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

#[wasm_bindgen_test]
fn every_event_type_is_offered_once_with_words_not_codes() {
    let choices = event_choices();
    assert_eq!(choices.len(), EVENT_TYPES.len());
    for name in EVENT_TYPES {
        let (_, words) = choices.iter().find(|(t, _)| t == name).expect("offered");
        assert!(!words.contains('_'), "{name} is offered as {words}");
    }
}

#[wasm_bindgen_test]
fn a_first_dna_built_from_the_form_nullifies_the_clock() {
    let log = events(serde_json::json!([{"date": "2026-09-01", "type": "referral_received", "source": "gp"}]));
    let dna = draft("appointment_dna", "2026-10-05", &[("first", "yes"), ("clearly_communicated", "yes")])
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

#[wasm_bindgen_test]
fn unanswered_questions_are_left_out_and_bad_answers_say_what_to_type() {
    let event =
        draft("appointment_dna", "2026-10-05", &[("first", ""), ("clearly_communicated", "no")]).build().unwrap();
    let value = serde_json::to_value(&event).unwrap();
    assert!(value.get("first").is_none());
    assert_eq!(value["clearly_communicated"], serde_json::json!(false));

    let no_date = draft("outpatient_attended", "", &[]).build().unwrap_err();
    assert!(no_date.contains("Enter the date"), "{no_date}");
    let bad_days = draft("thinking_time_agreed", "2026-10-05", &[("days", "two weeks")]).build().unwrap_err();
    assert!(bad_days.contains("Thinking time (days)") && bad_days.contains("whole number"), "{bad_days}");
    let unknown = draft("teleported", "2026-10-05", &[]).build().unwrap_err();
    assert!(unknown.contains("Choose what happened"), "{unknown}");
}

#[wasm_bindgen_test]
fn choices_and_dates_read_in_words_on_the_timeline() {
    let event =
        draft("first_definitive_treatment", "2026-11-02", &[("setting", "admitted"), ("modality", "Hip replacement")])
            .build()
            .unwrap();
    let words = attributes_in_words(&event);
    assert!(words.contains(&("Setting".to_string(), "Admitted (inpatient or day case)".to_string())), "{words:?}");
    let dated = draft("earliest_clinically_appropriate_date_set", "2026-11-02", &[("ecad", "2026-12-01")]).build();
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

#[wasm_bindgen_test]
fn weeks_and_days_count_completed_weeks() {
    assert_eq!(weeks_and_days(0), "0 weeks and 0 days");
    assert_eq!(weeks_and_days(8), "1 week and 1 day");
    assert_eq!(weeks_and_days(127), "18 weeks and 1 day");
}

fn running_since(start: &str) -> Vec<PathwayEvent> {
    events(serde_json::json!([
        {"date": start, "type": "referral_received", "source": "gp"},
        {"date": start, "type": "outpatient_attended", "first": true},
    ]))
}

#[wasm_bindgen_test]
fn rtt_warning_is_a_status_inside_the_threshold_and_an_alert_once_breached() {
    let today = date(2026, 11, 22);
    let thresholds = WarningThresholds::default();
    // Breach date = start + 127. Start 2026-07-29 -> breaches 2026-12-03, 11 days away: within 3 weeks.
    let near = PathwayClocks::compute(&running_since("2026-07-29"), false, today);
    let shown = warnings(&near, today, thresholds);
    assert_eq!(shown.len(), 1);
    assert!(!shown[0].breached && shown[0].text.contains("3 Dec 2026") && shown[0].text.contains("in 11 days"));
    // The same clock with a 1-week threshold: no warning yet.
    assert!(warnings(&near, today, WarningThresholds { rtt_weeks: 1, cancer_days: 7 }).is_empty());
    // Start + 127 = today: breached today.
    let breached = PathwayClocks::compute(&running_since("2026-07-18"), false, today);
    let shown = warnings(&breached, today, thresholds);
    assert!(shown[0].breached && shown[0].text.contains("breached on 22 Nov 2026"), "{:?}", shown);
    // A stopped clock never warns.
    let mut stopped = running_since("2026-01-05");
    stopped.extend(events(serde_json::json!([{"date": "2026-03-02", "type": "first_definitive_treatment"}])));
    assert!(warnings(&PathwayClocks::compute(&stopped, false, today), today, thresholds).is_empty());
}

#[wasm_bindgen_test]
fn cancer_warning_uses_days_before_the_deadline() {
    let today = date(2026, 11, 22);
    // Faster diagnosis: referral + 28 days. Referred 2026-10-30 -> last day 2026-11-27, 5 days away.
    let log = events(serde_json::json!([
        {"date": "2026-10-30", "type": "referral_received", "source": "gp", "route": "urgent_suspected_cancer"},
    ]));
    let clocks = PathwayClocks::compute(&log, true, today);
    let fds = warnings(&clocks, today, WarningThresholds { rtt_weeks: 0, cancer_days: 7 });
    assert!(
        fds.iter().any(|w| !w.breached && w.text.contains("28-day faster diagnosis") && w.text.contains("27 Nov 2026")),
        "{fds:?}"
    );
    assert!(warnings(&clocks, today, WarningThresholds { rtt_weeks: 0, cancer_days: 4 }).is_empty());
}

#[wasm_bindgen_test]
fn earlier_periods_say_when_a_first_dna_nullified_one() {
    let log = events(serde_json::json!([
        {"date": "2026-03-02", "type": "referral_received", "source": "gp"},
        {"date": "2026-04-06", "type": "appointment_dna", "first": true, "clearly_communicated": true},
        {"date": "2026-04-08", "type": "patient_contacts_to_rebook"},
    ]));
    let (periods, _) = rtt_periods(&log);
    let earlier = previous_periods(&periods);
    assert_eq!(earlier.len(), 1);
    let words = period_in_words(&earlier[0]);
    assert!(words.contains("2 Mar 2026") && words.contains("nullified") && words.contains("not counted"), "{words}");
}

#[wasm_bindgen_test]
fn thresholds_typed_in_settings_are_whole_numbers_in_range() {
    assert_eq!(parse_threshold(" 4 ", "Weeks", 52), Ok(4));
    assert!(parse_threshold("53", "Weeks", 52).unwrap_err().contains("0 to 52"));
    assert!(parse_threshold("-1", "Weeks", 52).is_err());
    assert!(parse_threshold("three", "Weeks", 52).is_err());
}

#[wasm_bindgen_test]
fn unsynced_events_mark_the_newest_equal_events_only() {
    let log = events(serde_json::json!([
        {"date": "2026-03-02", "type": "referral_received"},
        {"date": "2026-04-06", "type": "outpatient_attended", "first": false},
        {"date": "2026-04-06", "type": "outpatient_attended", "first": false},
    ]));
    assert_eq!(unsynced_flags(&log, &log[2..]), vec![false, false, true]);
    assert_eq!(unsynced_flags(&log, &[]), vec![false, false, false]);
}

#[wasm_bindgen_test]
fn only_the_rows_in_view_are_drawn_and_spacers_keep_the_scroll_height() {
    let total = 50_000;
    let top = visible_rows(total, 0.0, 600.0);
    assert_eq!(top.first, 0);
    assert!(top.end < 40, "{top:?}");
    assert_eq!(top.space_above_px, 0.0);
    let deep = visible_rows(total, 1_000.0 * ROW_HEIGHT_PX, 600.0);
    assert_eq!(deep.first, 1_000 - OVERSCAN_ROWS);
    assert!(deep.end > 1_000 + 12);
    let height = deep.space_above_px + (deep.end - deep.first) as f64 * ROW_HEIGHT_PX + deep.space_below_px;
    assert_eq!(height, total as f64 * ROW_HEIGHT_PX, "the list keeps its full height");
    let bottom = visible_rows(total, total as f64 * ROW_HEIGHT_PX, 600.0);
    assert_eq!((bottom.end, bottom.space_below_px), (total, 0.0));
    let few = visible_rows(5, 0.0, 600.0);
    assert_eq!((few.first, few.end), (0, 5));
    assert_eq!(visible_rows(0, 300.0, 600.0).end, 0);
}

#[wasm_bindgen_test]
fn column_headers_sort_and_announce_the_order() {
    let mut sort = PtlSort::LongestWaitFirst;
    assert_eq!(aria_sort(sort, SortColumn::WeeksWaited), "descending");
    assert_eq!(aria_sort(sort, SortColumn::BreachDate), "none");
    sort = sort_after_click(sort, SortColumn::BreachDate);
    assert_eq!(sort, PtlSort::BreachDateSoonestFirst);
    assert_eq!(aria_sort(sort, SortColumn::BreachDate), "ascending");
    assert_eq!(aria_sort(sort, SortColumn::WeeksWaited), "none");
    sort = sort_after_click(sort, SortColumn::BreachDate);
    assert_eq!(aria_sort(sort, SortColumn::BreachDate), "descending");
    assert_eq!(sort_after_click(sort, SortColumn::WeeksWaited), PtlSort::LongestWaitFirst);
    assert_eq!(sort_after_click(PtlSort::LongestWaitFirst, SortColumn::WeeksWaited), PtlSort::ShortestWaitFirst);
}

#[wasm_bindgen_test]
fn the_filter_form_becomes_the_core_filter() {
    let plain = FilterForm::default().to_filter();
    assert!(plain.waiting_only && plain.breach.is_none() && plain.consultant_id.is_none());
    let form = FilterForm {
        consultant_id: "con-3".into(),
        priority: "urgent".into(),
        breaching_soon: true,
        breach_weeks: "6".into(),
        ..FilterForm::default()
    };
    let filter = form.to_filter();
    assert_eq!(filter.consultant_id.as_deref(), Some("con-3"));
    assert_eq!(filter.priority, Some(Priority::Urgent));
    assert_eq!(filter.breach, Some(BreachFilter::BreachingWithin { weeks: 6 }));
    let both = FilterForm { already_breached: true, ..form.clone() }.to_filter();
    assert_eq!(both.breach, Some(BreachFilter::BreachedOrBreachingWithin { weeks: 6 }));
    let only_breached = FilterForm { already_breached: true, ..FilterForm::default() }.to_filter();
    assert_eq!(only_breached.breach, Some(BreachFilter::AlreadyBreached));
    let typo = FilterForm { breach_weeks: "six".into(), ..form };
    assert!(typo.breach_weeks().is_err());
    assert_eq!(typo.to_filter().breach, Some(BreachFilter::BreachingWithin { weeks: 3 }), "falls back to 3 weeks");
}
