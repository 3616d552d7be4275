//! Clinics: the clinic sessions on this device, week by week.

use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use pathdesk_core::model::ClinicSession;
use pathdesk_core::record::RecordKind;

use super::load;
use super::today::session_status_text;
use crate::components::loaded;
use crate::format;
use crate::store::records;

/// The Monday of the week `date` falls in.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Sessions grouped by week (Monday first), each week in date and time order.
pub fn by_week(mut sessions: Vec<ClinicSession>) -> Vec<(NaiveDate, Vec<ClinicSession>)> {
    sessions.sort_by(|a, b| (a.date, a.start, &a.name).cmp(&(b.date, b.start, &b.name)));
    let mut weeks: Vec<(NaiveDate, Vec<ClinicSession>)> = Vec::new();
    for session in sessions {
        let monday = week_start(session.date);
        match weeks.last_mut() {
            Some((week, list)) if *week == monday => list.push(session),
            _ => weeks.push((monday, vec![session])),
        }
    }
    weeks
}

#[component]
pub fn ClinicsPage() -> impl IntoView {
    let sessions = load(|store| async move { records::all::<ClinicSession>(&store, RecordKind::ClinicSession).await });
    view! {
        <h1>"Clinics"</h1>
        {loaded::show(sessions, |sessions: Vec<ClinicSession>| {
            if sessions.is_empty() {
                return view! { <p>"No clinic sessions on this device."</p> }.into_any();
            }
            by_week(sessions)
                .into_iter()
                .map(|(monday, list)| {
                    view! {
                        <section class="card">
                            <h2 class="card__heading">{format!("Week of {}", format::uk_date(monday))}</h2>
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Date"</th>
                                        <th scope="col">"Time"</th>
                                        <th scope="col">"Clinic"</th>
                                        <th scope="col">"Location"</th>
                                        <th scope="col" class="table__numeric">"Slots"</th>
                                        <th scope="col">"Status"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|s| {
                                            let status = session_status_text(&s.status).unwrap_or_else(|| "Scheduled".into());
                                            view! {
                                                <tr>
                                                    <td>{format::uk_day(s.date)}</td>
                                                    <td>{format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M"))}</td>
                                                    <td>{s.name.clone()}</td>
                                                    <td>{s.location.clone()}</td>
                                                    <td class="table__numeric">{s.slots.len()}</td>
                                                    <td>{status}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        })}
    }
}
