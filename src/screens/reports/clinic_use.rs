//! Clinic use and vacancies: for each clinic and week of the period, the places offered, booked and still free, the
//! did-not-attends and cancellations, and the clinics cancelled outright.

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Appointment, ClinicSession};
use pathdesk_core::record::RecordKind;
use pathdesk_core::reports::clinic_use::{clinic_use, csv, csv_file_name, ClinicWeek, COLUMNS};
use pathdesk_core::reports::{percent_words, Period};

use super::{figures, headings, report_actions};
use crate::desk::store::records;
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct ClinicUse {
    rows: Vec<ClinicWeek>,
    totals: ClinicWeek,
}

#[component]
pub fn ClinicUseReport(period: Period) -> impl IntoView {
    let report = load(move |store| async move {
        let sessions: Vec<ClinicSession> = records::all(&store, RecordKind::ClinicSession).await?;
        let appointments: Vec<Appointment> = records::all(&store, RecordKind::Appointment).await?;
        let (rows, totals) = clinic_use(&sessions, &appointments, period);
        Ok(ClinicUse { rows, totals })
    });
    view! {
        <section aria-labelledby="clinic-use-heading" data-testid="report-clinic-use">
            <h2 id="clinic-use-heading">"Clinic use and vacancies"</h2>
            <p class="lede">{format!(
                "Each clinic's weeks from {} to {}: the places offered, booked and still free, who did not attend, and what was cancelled. A cancelled clinic offers no places.",
                uk_date(period.first), uk_date(period.last)
            )}</p>
            {loaded::show(report, move |report: ClinicUse| {
                let file = {
                    let report = report.clone();
                    move || csv(&report.rows, &report.totals)
                };
                let numbers = |row: &ClinicWeek| {
                    figures(
                        [row.sessions, row.sessions_cancelled, row.places, row.booked, row.free()]
                            .map(|n| n.to_string())
                            .into_iter()
                            .chain([percent_words(row.used())])
                            .chain([row.did_not_attend, row.cancelled_by_patient, row.cancelled_by_hospital].map(|n| n.to_string())),
                    )
                };
                view! {
                    {report_actions(csv_file_name(period), file)}
                    {report.rows.is_empty().then(|| view! { <p>"No clinics in these dates on this device."</p> })}
                    <table class="table" data-testid="clinic-use-table">
                        <caption class="visually-hidden">"Clinic use by clinic and week"</caption>
                        {headings(&COLUMNS, 2)}
                        <tbody>
                            {report.rows.iter().map(|row| view! {
                                <tr data-testid="clinic-use-row" data-week=row.week.map(|w| w.to_string()) data-clinic=row.clinic.clone()>
                                    <td>{row.week.map(uk_date)}</td>
                                    <th scope="row">{row.clinic.clone()}</th>
                                    {numbers(row)}
                                </tr>
                            }).collect_view()}
                            <tr data-testid="clinic-use-all">
                                <td></td>
                                <th scope="row">"All clinics"</th>
                                {numbers(&report.totals)}
                            </tr>
                        </tbody>
                    </table>
                }
            })}
        </section>
    }
}
