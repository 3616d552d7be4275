//! The PTL's figures: the headline against the national targets, the weeks-waited chart and the Excel export.

use chrono::{Days, NaiveDate};
use pathdesk_core::model::Priority;
use pathdesk_core::ptl::targets::{in_force, national_defaults, NationalTarget, TargetMeasure};
use pathdesk_core::ptl::{
    distribution_svg, CancerMeasure, CancerStandard, Ptl, PtlCancerClock, PtlFilter, PtlRow, PtlRttClock, PtlSort,
    Share, WeekBands,
};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn days_before(days: i64) -> NaiveDate {
    as_of().checked_sub_days(Days::new(days as u64)).unwrap()
}

fn waiting(id: &str, waited: i64) -> PtlRow {
    PtlRow {
        pathway_id: id.to_owned(),
        patient_id: format!("pt-{id}"),
        patient_name: format!("PATIENT, {id}"),
        nhs_number: "9990000018".to_owned(),
        hospital_number: format!("RX{id}"),
        consultant_id: "con-a".to_owned(),
        consultant_name: "Ms A Adeyemi".to_owned(),
        specialty_id: "spec-uro".to_owned(),
        specialty_name: "Urology".to_owned(),
        priority: Priority::Routine,
        cancer: false,
        rtt: Some(PtlRttClock::running(days_before(waited), as_of())),
        next_booked: None,
        fds: None,
        day62: None,
        day31: None,
        next_deadline: None,
        admitted: false,
        validation: Default::default(),
    }
}

fn targets() -> Vec<NationalTarget> {
    national_defaults()
}

fn list(rows: Vec<PtlRow>) -> (Ptl, Vec<u32>) {
    let ptl = Ptl::new(as_of(), rows).unwrap();
    let all = ptl.view(&PtlFilter::default(), PtlSort::default());
    (ptl, all)
}

#[test]
fn within_18_weeks_counts_126_days_as_within_and_only_running_clocks() {
    let mut stopped = waiting("stopped", 0);
    stopped.rtt = Some(PtlRttClock::stopped(days_before(400), days_before(10)));
    let mut no_clock = waiting("none", 0);
    no_clock.rtt = None;
    let (ptl, all) =
        list(vec![waiting("a", 0), waiting("b", 126), waiting("c", 127), waiting("d", 500), stopped, no_clock]);
    let headline = ptl.headline(&all, CancerMeasure::OnTheList, &targets());
    assert_eq!(headline.rows, 6);
    assert_eq!(headline.waiting, 4);
    assert_eq!(headline.within_18_weeks, Share { count: 2, of: 4 });
    assert_eq!(headline.within_18_weeks.to_string(), "50.0%");
    let standard = headline.standard.clone().unwrap();
    let interim = headline.interim_target.clone().unwrap();
    assert_eq!((standard.percent, interim.percent), (92, 65));
    assert_eq!(headline.within_18_weeks.meets(&standard), Some(false));
    assert_eq!(headline.within_18_weeks.meets(&interim), Some(false));
}

#[test]
fn percentages_never_round_up_past_a_target() {
    // 1149 of 1250 = 91.92%: must not show as 92.0%, and does not meet 92%.
    let share = Share { count: 1149, of: 1250 };
    assert_eq!(share.to_string(), "91.9%");
    let standard = in_force(&targets(), TargetMeasure::Rtt18Weeks, as_of()).unwrap();
    assert_eq!(share.meets(&standard), Some(false));
    assert_eq!(Share { count: 1150, of: 1250 }.meets(&standard), Some(true), "exactly 92% meets 92%");
    assert_eq!(Share { count: 0, of: 0 }.meets(&standard), None);
    assert_eq!(Share { count: 0, of: 0 }.to_string(), "–");
    assert!((share.percent().unwrap() - 91.92).abs() < 1e-9);
}

#[test]
fn long_waits_use_more_than_7n_days() {
    let waits = [364, 365, 455, 456, 546, 547, 728, 729, 10];
    let rows = waits.iter().map(|&w| waiting(&format!("w{w}"), w)).collect();
    let (ptl, all) = list(rows);
    let headline = ptl.headline(&all, CancerMeasure::OnTheList, &targets());
    assert_eq!(headline.over_weeks(52), Some(Share { count: 7, of: 9 }));
    assert_eq!(headline.over_weeks(65), Some(Share { count: 5, of: 9 }));
    assert_eq!(headline.over_weeks(78), Some(Share { count: 3, of: 9 }));
    assert_eq!(headline.over_weeks(104), Some(Share { count: 1, of: 9 }));
    assert_eq!(headline.over_weeks(26), None);
    let over_52 = headline.over_weeks(52).unwrap();
    let ceiling = headline.over_52_ceiling.clone().unwrap();
    assert_eq!(over_52.stays_under(&ceiling), Some(false));
    assert_eq!(Share { count: 9, of: 1000 }.stays_under(&ceiling), Some(true));
    assert_eq!(Share { count: 10, of: 1000 }.stays_under(&ceiling), Some(false), "1% is not under 1%");
}

#[test]
fn headline_follows_the_filter() {
    let mut other = waiting("other", 400);
    other.consultant_id = "con-b".into();
    let (ptl, _) = list(vec![waiting("a", 10), other]);
    let mine = ptl.filter(&PtlFilter { consultant_id: Some("con-a".into()), ..PtlFilter::default() });
    let headline = ptl.headline(&mine, CancerMeasure::OnTheList, &targets());
    assert_eq!(headline.within_18_weeks, Share { count: 1, of: 1 });
    assert_eq!(headline.over_weeks(52), Some(Share { count: 0, of: 1 }));
}

fn cancer_row(id: &str, fds_days: i64, ended: bool) -> PtlRow {
    let start = days_before(60);
    let end = start.checked_add_days(Days::new(fds_days as u64)).unwrap();
    let mut row = waiting(id, 60);
    row.cancer = true;
    row.priority = Priority::UrgentSuspectedCancer;
    let counted_to = if ended { Some(end) } else { None };
    let as_of = if ended { as_of() } else { end };
    row.fds = Some(PtlCancerClock::new(CancerStandard::FasterDiagnosis, start, 0, counted_to, as_of));
    row
}

#[test]
fn cancer_performance_counts_ended_clocks_in_a_period_or_everything_on_the_list() {
    let start = days_before(60);
    let (ptl, all) = list(vec![
        cancer_row("met-28", 28, true),
        cancer_row("missed-29", 29, true),
        cancer_row("met-10", 10, true),
        cancer_row("open-day-5", 5, false),
        waiting("not-cancer", 3),
    ]);
    let ended_from = start.checked_add_days(Days::new(20)).unwrap();
    let period = CancerMeasure::EndedBetween { from: ended_from, to: as_of() };
    let headline = ptl.headline(&all, period, &targets());
    let fds = headline.cancer_performance(CancerStandard::FasterDiagnosis);
    assert_eq!(fds.within, Share { count: 1, of: 2 }, "only clocks that ended in the period (day 28 met, 29 not)");
    assert_eq!(fds.target.as_ref().unwrap().percent, 80, "80% applies from March 2026");
    let on_list = ptl.headline(&all, CancerMeasure::OnTheList, &targets());
    assert_eq!(on_list.cancer_performance(CancerStandard::FasterDiagnosis).within, Share { count: 3, of: 4 });
    let day62 = on_list.cancer_performance(CancerStandard::ReferralToTreatment);
    assert_eq!((day62.within, day62.target.as_ref().map(|t| t.percent)), (Share::default(), Some(85)));
    assert_eq!(day62.interim_target.as_ref().map(|t| t.percent), Some(75));
    let day31 = on_list.cancer_performance(CancerStandard::DecisionToTreatment);
    assert_eq!(day31.target.as_ref().map(|t| t.label.as_str()), Some("96% standard (from 1 Oct 2023)"));
    let before_march = CancerMeasure::EndedBetween {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
    };
    let january = ptl.headline(&all, before_march, &targets());
    assert_eq!(
        january.cancer_performance(CancerStandard::FasterDiagnosis).target.as_ref().map(|t| t.percent),
        Some(75)
    );
}

#[test]
fn the_headline_is_measured_against_the_trust_s_own_dated_targets() {
    let (ptl, all) = list(vec![waiting("a", 10), waiting("b", 200)]);
    // The trust adds 2026/27's interim target; from its date the headline says so.
    let mut trust = targets();
    trust.push(NationalTarget {
        measure: TargetMeasure::Rtt18WeeksInterim,
        percent: 50,
        from: as_of(),
        source: "2026/27 planning guidance".into(),
    });
    let headline = ptl.headline(&all, CancerMeasure::OnTheList, &trust);
    let interim = headline.interim_target.clone().unwrap();
    assert_eq!(interim.label, "50% interim target (from 22 Nov 2026)");
    assert_eq!(headline.within_18_weeks.meets(&interim), Some(true), "1 of 2 meets 50%");
    // Without an interim target the headline shows none, rather than an old figure.
    let without: Vec<NationalTarget> =
        targets().into_iter().filter(|t| t.measure != TargetMeasure::Rtt18WeeksInterim).collect();
    assert_eq!(ptl.headline(&all, CancerMeasure::OnTheList, &without).interim_target, None);
}

#[test]
fn distribution_counts_running_clocks_into_national_bands() {
    let mut stopped = waiting("stopped", 0);
    stopped.rtt = Some(PtlRttClock::stopped(days_before(100), days_before(10)));
    let (ptl, all) = list(vec![
        waiting("d0", 0),
        waiting("d7", 7),
        waiting("d8", 8),
        waiting("d126", 126),
        waiting("d127", 127),
        waiting("d364", 364),
        waiting("d365", 365),
        stopped,
    ]);
    let weekly = ptl.distribution(&all, WeekBands::WEEKLY);
    assert_eq!(weekly.bands.len(), 53);
    let count = |label: &str| weekly.bands.iter().find(|b| b.label() == label).map(|b| b.count);
    assert_eq!(count("0-1"), Some(2), "0 and 7 days");
    assert_eq!(count("1-2"), Some(1), "8 days");
    assert_eq!(count("17-18"), Some(1), "126 days");
    assert_eq!(count("18-19"), Some(1), "127 days");
    assert_eq!(count("51-52"), Some(1), "364 days is not 52+");
    assert_eq!(count("52+"), Some(1), "365 days");
    assert_eq!((weekly.waiting, weekly.within_18_weeks, weekly.over_52_weeks), (7, 4, 1));
    assert_eq!(weekly.bands.iter().map(|b| b.count).sum::<u32>(), 7, "stopped clocks are not on the chart");

    let four = ptl.distribution(&all, WeekBands::FOUR_WEEKLY);
    let labels: Vec<String> = four.bands.iter().map(|b| b.label()).collect();
    assert_eq!(labels[..3], ["0-4", "4-8", "8-12"]);
    assert_eq!(labels.last().map(String::as_str), Some("52+"));
    assert_eq!(four.bands[0].count, 3);
    assert_eq!(four.bands[12].count, 1, "48-52 holds 364 days");
}

#[test]
fn chart_is_accessible_svg_without_style_attributes() {
    let rows = (0..40).map(|i| waiting(&format!("p{i}"), i * 11)).collect();
    let (ptl, all) = list(rows);
    let distribution = ptl.distribution(&all, WeekBands::WEEKLY);
    let svg = distribution_svg(&distribution, 640, 240);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains(r#"role="img""#));
    let label_start = svg.find("aria-label=\"").unwrap() + "aria-label=\"".len();
    let label = &svg[label_start..label_start + svg[label_start..].find('"').unwrap()];
    assert!(label.contains("40 waiting pathways"), "{label}");
    assert!(label.contains(&format!("{} within 18 weeks", distribution.within_18_weeks)), "{label}");
    assert!(!svg.contains("style="), "CSP forbids style attributes");
    assert_eq!(svg.matches("<rect class=\"ptl-chart__bar").count(), distribution.bands.len());
    assert_eq!(svg.matches("<title>").count(), distribution.bands.len(), "one tooltip per bar");
    assert!(svg.contains("<title>0-1 weeks: 1 pathway</title>"), "singular for one");
    assert!(svg.contains("ptl-chart__bar--over-18"));
    assert!(svg.contains("class=\"ptl-chart__marker\""));
    assert!(svg.contains(">18 weeks</text>"));
    assert!(svg.contains(">Weeks waited</text>"));
    assert!(svg.contains(">52+</text>"), "the last band is always labelled");
    assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    assert_balanced(&svg);
}

#[test]
fn empty_chart_says_so() {
    let (ptl, all) = list(vec![]);
    let svg = distribution_svg(&ptl.distribution(&all, WeekBands::FOUR_WEEKLY), 300, 150);
    assert!(svg.contains("aria-label=\"Weeks waited: no waiting pathways in this view.\""));
    assert!(svg.contains("No waiting pathways in this view"));
    assert_balanced(&svg);
}

/// Every opening tag is closed, in order (a small check that the SVG is well formed).
fn assert_balanced(svg: &str) {
    let mut open: Vec<&str> = Vec::new();
    for tag in svg.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("tag closes")];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "closing </{name}>");
        } else if !tag.ends_with('/') {
            open.push(tag.split_whitespace().next().unwrap());
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
}

#[test]
fn csv_opens_cleanly_in_excel() {
    let mut tricky = waiting("pw-2", 130);
    tricky.patient_name = "O'NEILL, \"Bobby\", Jnr".into();
    tricky.hospital_number = "=HYPERLINK(\"http://evil\")".into();
    tricky.consultant_name = "-Dr Minus".into();
    tricky.specialty_name = "Ear, nose\nand throat".into();
    tricky.next_booked = Some(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
    tricky.validation.last_validated = Some(days_before(84));
    let mut stale = waiting("pw-1", 5);
    stale.validation.last_validated = Some(days_before(85));
    let (ptl, _) = list(vec![stale, tricky]);
    let csv = ptl.csv(&[1, 0]);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 byte-order mark first");
    let body = &csv['\u{feff}'.len_utf8()..];
    assert!(body.ends_with("\r\n"));
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "header, two rows, and the empty tail after the last CRLF");
    assert!(lines[0].starts_with("Pathway ID,Patient name,NHS number,Hospital number,Consultant,Specialty,Priority"));
    assert!(lines[0].contains("18-week deadline,Breach date,Next booked"));
    let first = lines[1];
    assert!(first.starts_with(
        "pw-2,\"O'NEILL, \"\"Bobby\"\", Jnr\",\"999 000 0018\",\"'=HYPERLINK(\"\"http://evil\"\")\",'-Dr Minus,"
    ));
    assert!(first.contains(",\"Ear, nose\nand throat\",Routine,No,Running,"));
    let start = days_before(130).format("%d/%m/%Y").to_string();
    assert!(first.contains(&format!(",{start},130,18,")), "clock start dd/mm/yyyy, days, weeks: {first}");
    assert!(first.contains(",03/12/2026,"), "next booked as a UK date");
    assert!(lines[2].starts_with("pw-1,"), "rows come in the order asked for");
    let validated = days_before(84).format("%d/%m/%Y").to_string();
    assert!(first.ends_with(&format!(",{validated},Yes")), "validated 84 days ago: within 12 weeks: {first}");
    let stale = days_before(85).format("%d/%m/%Y").to_string();
    assert!(lines[2].ends_with(&format!(",{stale},No")), "85 days ago is not: {}", lines[2]);
    assert!(!body.replace("\r\n", "").contains('\r'), "no stray carriage returns");
    let bare_newlines = body.matches('\n').count() - body.matches("\r\n").count();
    assert_eq!(bare_newlines, 1, "the only bare line feed is inside the quoted specialty");
    assert_eq!(pathdesk_core::ptl::csv_file_name(as_of()), "ptl-2026-11-22.csv");

    let records = parse_csv(body);
    assert_eq!(records[1][1], "O'NEILL, \"Bobby\", Jnr", "quoting round-trips");
    assert_eq!(records[1][3], "'=HYPERLINK(\"http://evil\")", "the formula is shown, not run");
    assert_eq!(records[1][5], "Ear, nose\nand throat");
}

/// An RFC 4180 reader (CRLF records, quoted fields with doubled quotes), to check the export from the outside.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && record.is_empty() && !quoted, "the file ends with a complete record");
    records
}

#[test]
fn csv_columns_line_up_for_every_kind_of_row() {
    let mut no_clock = waiting("none", 0);
    no_clock.rtt = None;
    let (ptl, all) = list(vec![cancer_row("cancer", 30, true), no_clock, waiting("plain", 3)]);
    let csv = ptl.csv(&all);
    let records = parse_csv(&csv['\u{feff}'.len_utf8()..]);
    assert_eq!(records.len(), 4);
    for record in &records {
        assert_eq!(record.len(), pathdesk_core::ptl::CSV_COLUMNS.len(), "{record:?}");
    }
    assert_eq!(records[0], pathdesk_core::ptl::CSV_COLUMNS);
    assert!(csv.contains(",30,"), "FDS days used");
    assert!(csv.contains(",Not met,"), "day 30 misses the 28-day standard");
    assert!(csv.contains(",None,,,,,,"), "a row without an RTT clock leaves its clock cells empty");
}
