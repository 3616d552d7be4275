//! Did-not-attend rates by clinic, for first and follow-up appointments, over the period up to today.

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Appointment, ClinicSession};
use pathdesk_core::record::RecordKind;
use pathdesk_core::reports::did_not_attend::{csv, csv_file_name, did_not_attend_rates, Attendance, DnaRow, COLUMNS};
use pathdesk_core::reports::{percent_words, Period};

use super::{figures, headings, report_actions};
use crate::desk::clock;
use crate::desk::store::records;
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct Rates {
    rows: Vec<DnaRow>,
    totals: DnaRow,
}

#[component]
pub fn DidNotAttendReport(period: Period) -> impl IntoView {
    let today = clock::today();
    let report = load(move |store| async move {
        let sessions: Vec<ClinicSession> = records::all(&store, RecordKind::ClinicSession).await?;
        let appointments: Vec<Appointment> = records::all(&store, RecordKind::Appointment).await?;
        let (rows, totals) = did_not_attend_rates(&sessions, &appointments, period, today);
        Ok(Rates { rows, totals })
    });
    let last = period.last.min(today);
    view! {
        <section aria-labelledby="dna-heading" data-testid="report-did-not-attend">
            <h2 id="dna-heading">"Did not attend rates"</h2>
            <p class="lede">{format!(
                "Outpatient appointments from {} to {} whose patient arrived, was seen or did not attend, by clinic: the highest rate first. Procedure lists, cancelled appointments and those still to be recorded are not counted.",
                uk_date(period.first), uk_date(last)
            )}</p>
            {loaded::show(report, move |report: Rates| {
                let file = {
                    let report = report.clone();
                    move || csv(&report.rows, &report.totals)
                };
                let cells = |row: &DnaRow| {
                    figures(
                        [row.first, row.follow_up, row.all()]
                            .into_iter()
                            .flat_map(|a: Attendance| [a.appointments().to_string(), a.did_not_attend.to_string(), percent_words(a.rate())]),
                    )
                };
                view! {
                    {report_actions(csv_file_name(period), file)}
                    {report.rows.is_empty().then(|| view! { <p>"No appointments with an attendance recorded in these dates."</p> })}
                    <table class="table" data-testid="dna-table">
                        <caption class="visually-hidden">"Did not attend rates by clinic"</caption>
                        {headings(&COLUMNS, 1)}
                        <tbody>
                            {report.rows.iter().map(|row| view! {
                                <tr data-testid="dna-row" data-clinic=row.clinic.clone()>
                                    <th scope="row">{row.clinic.clone()}</th>
                                    {cells(row)}
                                </tr>
                            }).collect_view()}
                            <tr data-testid="dna-all">
                                <th scope="row">"All clinics"</th>
                                {cells(&report.totals)}
                            </tr>
                        </tbody>
                    </table>
                }
            })}
        </section>
    }
}
