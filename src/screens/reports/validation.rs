//! Validation of the PTL: each consultant's patients waiting 12 weeks or more, how many were validated in the last
//! 12 weeks, and how many have a validation due now (each consultant linked to their worklist). From the PTL this
//! desk keeps, so it agrees with the PTL's column and the worklist.

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::reports::percent_words;
use pathdesk_core::reports::validation_status::{csv, csv_file_name, validation_status, ValidationRow, COLUMNS};

use super::{figures, headings, report_actions};
use crate::desk::{clock, queries};
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct Status {
    rows: Vec<ValidationRow>,
    totals: ValidationRow,
}

#[component]
pub fn ValidationReport() -> impl IntoView {
    let today = clock::today();
    let report = load(move |store| async move {
        let ptl = queries::ptl(&store, today).await?;
        let (rows, totals) = validation_status(ptl.rows(), today);
        Ok(Status { rows, totals })
    });
    view! {
        <section aria-labelledby="validation-status-heading" data-testid="report-validation">
            <h2 id="validation-status-heading">"Validation of the PTL"</h2>
            <p class="lede">{format!(
                "Patients on the waiting list whose RTT clock has run 12 weeks or more on {}, by consultant: validated in the last 12 weeks or not, and how many have a validation due now. The lowest share validated first.",
                uk_date(today)
            )}</p>
            {loaded::show(report, move |report: Status| {
                let file = {
                    let report = report.clone();
                    move || csv(&report.rows, &report.totals)
                };
                let cells = |row: &ValidationRow| {
                    figures([row.waiting.to_string(), row.validated.to_string(), row.not_validated().to_string(), percent_words(row.validated_share())])
                };
                view! {
                    {report_actions(csv_file_name(today), file)}
                    {report.rows.is_empty().then(|| view! { <p>"No patient on the waiting list has waited 12 weeks."</p> })}
                    <table class="table" data-testid="validation-status-table">
                        <caption class="visually-hidden">"Validation of the PTL by consultant"</caption>
                        {headings(&COLUMNS, 1)}
                        <tbody>
                            {report.rows.iter().map(|row| view! {
                                <tr data-testid="validation-status-row" data-consultant-id=row.consultant_id.clone()>
                                    <th scope="row">{row.consultant.clone()}</th>
                                    {cells(row)}
                                    <td class="table__numeric">
                                        <a href=format!("/validation?consultant={}", row.consultant_id)
                                            aria-label=format!("{} due: {}'s validation worklist", row.due, row.consultant)>{row.due}</a>
                                    </td>
                                </tr>
                            }).collect_view()}
                            <tr data-testid="validation-status-all">
                                <th scope="row">"All consultants"</th>
                                {cells(&report.totals)}
                                <td class="table__numeric"><a href="/validation" aria-label=format!("{} due: the validation worklist", report.totals.due)>{report.totals.due}</a></td>
                            </tr>
                        </tbody>
                    </table>
                }
            })}
        </section>
    }
}
