//! Appointments the hospital cancelled in the period, by reason, and the referrals it has cancelled more than once
//! (each patient named with their NHS number and date of birth, and linked to their page).

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, Patient};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::record::RecordKind;
use pathdesk_core::reports::hospital_cancellations::{
    csv, csv_file_name, describe, hospital_cancellations, HospitalCancellations,
};
use pathdesk_core::reports::Period;

use super::report_actions;
use crate::desk::store::records;
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct Cancellations {
    report: HospitalCancellations,
    /// The CSV's rows' sources, kept for the export.
    sessions: Vec<ClinicSession>,
    cancelled: Vec<Appointment>,
    /// The patients of the cancelled appointments (read one by one: a report needs a few, not the whole list).
    patients: Vec<Patient>,
}

#[component]
pub fn CancellationsReport(period: Period) -> impl IntoView {
    let report = load(move |store| async move {
        let sessions: Vec<ClinicSession> = records::all(&store, RecordKind::ClinicSession).await?;
        let appointments: Vec<Appointment> = records::all(&store, RecordKind::Appointment).await?;
        let cancelled: Vec<Appointment> =
            appointments.into_iter().filter(|a| a.status == AppointmentStatus::CancelledByHospital).collect();
        let report = hospital_cancellations(&sessions, &cancelled, period);
        let wanted: BTreeSet<&str> = cancelled.iter().map(|a| a.patient_id.as_str()).collect();
        let mut patients = Vec::new();
        for id in wanted {
            if let Some(patient) = records::one::<Patient>(&store, RecordKind::Patient, id).await? {
                patients.push(patient);
            }
        }
        Ok(Cancellations { report, sessions, cancelled, patients })
    });
    view! {
        <section aria-labelledby="cancellations-heading" data-testid="report-cancellations">
            <h2 id="cancellations-heading">"Cancelled by the hospital"</h2>
            <p class="lede">{format!(
                "Appointments dated {} to {} that the hospital cancelled, by the reason given; then the referrals the hospital has cancelled more than once. The CSV lists every cancelled appointment with its patient.",
                uk_date(period.first), uk_date(period.last)
            )}</p>
            {loaded::show(report, move |found: Cancellations| {
                let file = {
                    let found = found.clone();
                    move || csv(&found.sessions, &found.cancelled, &found.patients, period)
                };
                let patients: HashMap<String, Patient> =
                    found.patients.iter().map(|p| (p.id.clone(), p.clone())).collect();
                let report = found.report;
                view! {
                    {report_actions(csv_file_name(period), file)}
                    {(report.total == 0).then(|| view! { <p>"The hospital cancelled no appointments in these dates."</p> })}
                    <table class="table" data-testid="cancellations-by-reason">
                        <caption>"By reason"</caption>
                        <thead>
                            <tr><th scope="col">"Reason"</th><th scope="col" class="table__numeric">"Appointments"</th></tr>
                        </thead>
                        <tbody>
                            {report.by_reason.iter().map(|row| view! {
                                <tr data-testid="cancellation-reason">
                                    <th scope="row">{row.reason.clone()}</th>
                                    <td class="table__numeric">{row.appointments}</td>
                                </tr>
                            }).collect_view()}
                            <tr data-testid="cancellations-all">
                                <th scope="row">"All reasons"</th>
                                <td class="table__numeric">{report.total}</td>
                            </tr>
                        </tbody>
                    </table>
                    <h3>"Referrals cancelled more than once"</h3>
                    {if report.cancelled_again.is_empty() {
                        view! { <p data-testid="cancelled-again-none">"No referral has been cancelled by the hospital more than once."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table" data-testid="cancelled-again">
                                <caption class="visually-hidden">"Referrals the hospital cancelled more than once"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Patient"</th>
                                        <th scope="col">"NHS number"</th>
                                        <th scope="col">"Date of birth"</th>
                                        <th scope="col">"Cancelled appointments"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {report.cancelled_again.iter().map(|again| {
                                        let patient = patients.get(&again.patient_id);
                                        view! {
                                            <tr data-testid="cancelled-again-row" data-pathway-id=again.pathway_id.clone()>
                                                <th scope="row">
                                                    <a href=format!("/patients/{}", again.patient_id)>
                                                        {patient.map_or_else(|| again.patient_id.clone(), |p| p.display_name())}
                                                    </a>
                                                </th>
                                                <td>{patient.map(|p| format_nhs_number(&p.nhs_number))}</td>
                                                <td>{patient.map(|p| uk_date(p.date_of_birth))}</td>
                                                <td>
                                                    <ul class="list">
                                                        {again.cancelled.iter().map(|c| view! { <li>{describe(c)}</li> }).collect_view()}
                                                    </ul>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                }
            })}
        </section>
    }
}
