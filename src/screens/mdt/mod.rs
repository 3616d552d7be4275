//! Clinics → MDT: each tumour site's MDT meetings from the last fortnight on, with how many patients are listed
//! and how many decisions are recorded, and scheduling a new meeting.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::{read_typed_date, uk_day};
use pathdesk_core::command::{Command, ScheduleMdtMeeting};
use pathdesk_core::mdt::MdtMeeting;
use pathdesk_core::model::Specialty;
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;
use pathdesk_core::text::count;

use crate::desk::local::LocalError;
use crate::desk::store::records;
use crate::desk::{clock, Desk};
use crate::ui::allowed::IfMayChange;
use crate::ui::clinics_nav::ClinicsNav;
use crate::ui::form::{
    date_input, error_for, show_problems, DateLayout, ErrorSummary, Problems, SelectField, TextField,
};
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct MdtData {
    meetings: Vec<MdtMeeting>,
    specialties: Vec<Specialty>,
}

#[component]
pub fn MdtPage() -> impl IntoView {
    let today = clock::today();
    let data = load(move |store| async move {
        let mut meetings: Vec<MdtMeeting> = records::all::<MdtMeeting>(&store, RecordKind::MdtMeeting)
            .await?
            .into_iter()
            .filter(|m| (today - m.date).num_days() <= 14)
            .collect();
        sorting::sort_by(&mut meetings, |a, b| (a.date, &a.name).cmp(&(b.date, &b.name)));
        let mut specialties: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await?;
        sorting::sort_by(&mut specialties, |a, b| a.name.cmp(&b.name));
        Ok(MdtData { meetings, specialties })
    });
    view! {
        <h1>"MDT meetings"</h1>
        <ClinicsNav/>
        <p class="lede">"Each tumour site's multidisciplinary team meetings: list fast-track patients for discussion and record what the team decided."</p>
        {loaded::show(data, |data: MdtData| {
            let specialties = data.specialties.clone();
            view! {
                <table class="table" data-testid="mdt-meetings">
                    <caption class="visually-hidden">"MDT meetings"</caption>
                    <thead><tr><th scope="col">"Date"</th><th scope="col">"Meeting"</th><th scope="col">"Where"</th><th scope="col">"Patients"</th></tr></thead>
                    <tbody>
                        {data.meetings.into_iter().map(|meeting| {
                            let decided = meeting.patients.iter().filter(|p| p.outcome.is_some()).count();
                            let listed = meeting.patients.len();
                            view! {
                                <tr data-testid="mdt-meeting" data-meeting-id=meeting.id.clone()>
                                    <td>{uk_day(meeting.date)}</td>
                                    <td><a href=format!("/clinics/mdt/{}", meeting.id)>{meeting.name.clone()}</a></td>
                                    <td>{meeting.location.clone()}</td>
                                    <td>{format!("{} listed, {decided} decided", count(listed, "patient", "patients"))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <IfMayChange area=pathdesk_core::access::Area::Clinics>
                    <ScheduleForm specialties=specialties.clone()/>
                </IfMayChange>
            }
        })}
    }
}

#[component]
fn ScheduleForm(specialties: Vec<Specialty>) -> impl IntoView {
    let state = Desk::get();
    let navigate = leptos_router::hooks::use_navigate();
    let site = RwSignal::new(specialties.first().map(|s| s.id.clone()).unwrap_or_default());
    let name = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let location = RwSignal::new("MDT room, Education centre".to_string());
    let problems: Problems = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let names: Vec<(String, String)> = specialties.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
    let site_names = StoredValue::new(names.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let on = match read_typed_date(&date.get_untracked(), "The meeting's date") {
            Ok(on) => on,
            Err(message) => return show_problems(problems, vec![("mdt-date".into(), message)]),
        };
        let specialty_id = site.get_untracked();
        let typed = name.get_untracked();
        let meeting_name = if typed.trim().is_empty() {
            let site_name =
                site_names.with_value(|n| n.iter().find(|(id, _)| *id == specialty_id).map(|(_, n)| n.clone()));
            format!("{} cancer MDT", site_name.unwrap_or_default())
        } else {
            typed
        };
        let meeting_id = format!("mdt-{}", uuid::Uuid::new_v4());
        let command = ScheduleMdtMeeting {
            meeting_id: meeting_id.clone(),
            specialty_id,
            name: meeting_name,
            date: on,
            location: location.get_untracked(),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match state.run_command(Command::ScheduleMdtMeeting(command)).await {
                Ok(()) => navigate(&format!("/clinics/mdt/{meeting_id}"), Default::default()),
                Err(LocalError::Rejected(rejection)) => {
                    let field = if rejection.message.contains("location") { "mdt-location" } else { "mdt-date" };
                    show_problems(problems, vec![(field.into(), rejection.message)]);
                }
                Err(other) => show_problems(problems, vec![("mdt-date".into(), other.to_string())]),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">"Schedule an MDT meeting"</h2>
            <ErrorSummary problems=problems title="The meeting was not scheduled"/>
            <form class="form" on:submit=submit novalidate data-testid="mdt-schedule">
                <SelectField id="mdt-site" label="Tumour site" value=site options=Signal::derive(move || names.clone()) problems=problems/>
                <TextField id="mdt-name" label="Name (optional: the site's cancer MDT)" value=name problems=problems wide=true/>
                {date_input("mdt-date", "Date", "", date, error_for(problems, "mdt-date"), DateLayout::Form)}
                <TextField id="mdt-location" label="Where" value=location problems=problems wide=true/>
                <button type="submit" class="button" prop:disabled=move || busy.get()>"Schedule the meeting"</button>
            </form>
        </section>
    }
}
