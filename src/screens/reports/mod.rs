//! Reports: the figures a team lead runs, worked out on this device, each on screen, printed and as a CSV for
//! Excel. One report at a time, chosen from the reports' own navigation and kept in the address with its period
//! (`/reports?report=clinic-use&from=2026-11-09&to=2027-01-03`), so a report can be bookmarked and shared.
//!
//! Waiting for review and the validation of the PTL are as of today; clinic use, did-not-attend rates and the
//! hospital's cancellations cover a period (by default the four weeks before this one to three weeks after).

mod cancellations;
mod clinic_use;
mod did_not_attend;
mod review;
mod validation;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pathdesk_core::calendar::{uk_date, uk_numeric_date};
use pathdesk_core::reports::Period;

use crate::desk::clock;
use crate::ui::address::query_navigator;
use crate::ui::download::download;
use crate::ui::form::{date_input, error_for, show_problems, typed_range, DateLayout, ErrorSummary, Problems};

/// The reports, as (address name, title).
const REPORTS: [(&str, &str); 5] = [
    ("review", "Waiting for review"),
    ("clinic-use", "Clinic use and vacancies"),
    ("did-not-attend", "Did not attend rates"),
    ("cancellations", "Cancelled by the hospital"),
    ("validation", "Validation of the PTL"),
];

/// Whether the report covers a period (rather than standing as of today).
fn has_period(report: &str) -> bool {
    matches!(report, "clinic-use" | "did-not-attend" | "cancellations")
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let today = clock::today();
    let query = use_query_map();
    let report = Memo::new(move |_| {
        let chosen = query.read().get("report").unwrap_or_default();
        REPORTS.iter().find(|(name, _)| *name == chosen).map_or("review", |(name, _)| name).to_string()
    });
    // The period in the address; the default when it is missing or not a pair of dates in order.
    let period = Memo::new(move |_| {
        let query = query.read();
        let date = |key: &str| query.get(key).and_then(|text| text.parse::<NaiveDate>().ok());
        date("from").zip(date("to")).and_then(|(first, last)| Period::new(first, last)).unwrap_or(Period::around(today))
    });
    let title = move || REPORTS.iter().find(|(name, _)| *name == report.get()).map_or("", |(_, title)| title);
    let link = move |name: &'static str, words: &'static str| {
        let href = move || {
            let period = period.get();
            if has_period(name) {
                format!("/reports?report={name}&from={}&to={}", period.first, period.last)
            } else {
                format!("/reports?report={name}")
            }
        };
        let current = move || (report.get() == name).then_some("page");
        view! { <li><a class="sub-nav__link" href=href aria-current=current>{words}</a></li> }
    };
    view! {
        <p class="no-print"><a href="/pathways">"Patient tracking list"</a>" · "<a href="/validation">"Validation worklist"</a>" · "<strong>"Reports"</strong></p>
        <h1>"Reports: " {title}</h1>
        <nav class="sub-nav no-print" aria-label="Reports">
            <ul class="sub-nav__list">
                {REPORTS.iter().map(|(name, words)| link(name, words)).collect_view()}
            </ul>
        </nav>
        {move || {
            let report = report.get();
            if has_period(&report) {
                view! { <PeriodForm report=report.clone() period=period.get()/> }.into_any()
            } else {
                view! { <p class="lede">{format!("As of {}.", uk_date(today))}</p> }.into_any()
            }
        }}
        {move || {
            let chosen = period.get();
            match report.get().as_str() {
                "clinic-use" => view! { <clinic_use::ClinicUseReport period=chosen/> }.into_any(),
                "did-not-attend" => view! { <did_not_attend::DidNotAttendReport period=chosen/> }.into_any(),
                "cancellations" => view! { <cancellations::CancellationsReport period=chosen/> }.into_any(),
                "validation" => view! { <validation::ValidationReport/> }.into_any(),
                _ => view! { <review::ReviewReport/> }.into_any(),
            }
        }}
    }
}

/// The period a report covers: two dates typed the NHS way, shown with "Show the report" (kept in the address).
#[component]
fn PeriodForm(report: String, period: Period) -> impl IntoView {
    let from = RwSignal::new(uk_numeric_date(period.first));
    let to = RwSignal::new(uk_numeric_date(period.last));
    let problems: Problems = RwSignal::new(Vec::new());
    let go = query_navigator("/reports");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (first, last) = match typed_range(from, to, ["report-from", "report-to"], ["The first day", "The last day"])
        {
            Ok(days) => days,
            Err(found) => return show_problems(problems, found),
        };
        if Period::new(first, last).is_none() {
            return show_problems(
                problems,
                vec![("report-to".into(), "The last day must be the same as or after the first day".into())],
            );
        }
        problems.set(Vec::new());
        go(vec![("report", report.clone()), ("from", first.to_string()), ("to", last.to_string())]);
    };
    view! {
        <ErrorSummary problems=problems title="The report's dates are not right"/>
        <p class="lede print-only">{format!("From {} to {}.", uk_date(period.first), uk_date(period.last))}</p>
        <form class="desk-filters no-print" on:submit=submit novalidate aria-label="The report's dates">
            {date_input("report-from", "From", "", from, error_for(problems, "report-from"), DateLayout::Inline)}
            {date_input("report-to", "To", "", to, error_for(problems, "report-to"), DateLayout::Inline)}
            <button type="submit" class="button button--secondary">"Show the report"</button>
        </form>
    }
}

/// A report table's column headings: those from `numeric_from` on hold figures (right-aligned).
fn headings(columns: &'static [&'static str], numeric_from: usize) -> impl IntoView {
    view! {
        <thead>
            <tr>
                {columns.iter().enumerate().map(|(i, words)| view! {
                    <th scope="col" class=(i >= numeric_from).then_some("table__numeric")>{*words}</th>
                }).collect_view()}
            </tr>
        </thead>
    }
}

/// A row's figures, as right-aligned cells.
fn figures(cells: impl IntoIterator<Item = String>) -> impl IntoView {
    cells.into_iter().map(|text| view! { <td class="table__numeric">{text}</td> }).collect_view()
}

/// "Export to CSV" (the file `name` with what `contents` makes) and "Print the report", with the message when
/// the file could not be saved.
fn report_actions(name: String, contents: impl Fn() -> String + 'static) -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    let export = move |_| match download(&name, &contents()) {
        Ok(()) => failed.set(None),
        Err(_) => failed.set(Some("The file could not be saved: try again, or print the report.".into())),
    };
    view! {
        <div class="no-print report-actions">
            <button type="button" class="button button--secondary" on:click=export>"Export to CSV"</button>
            " "
            <button type="button" class="button button--secondary" on:click=|_| { let _ = window().print(); }>"Print the report"</button>
        </div>
        {move || failed.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
    }
}
