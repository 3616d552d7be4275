//! One patient on today's clinic list: the status, and Arrived, Seen and Did not attend (which asks whether the
//! appointment was clearly communicated, for the pathway rule on first-appointment DNAs).

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::hhmm;
use pathdesk_core::command::Command;
use pathdesk_core::command::{RecordArrival, RecordDidNotAttend, RecordSeen};
use pathdesk_core::model::{Appointment, AppointmentStatus, Patient};
use pathdesk_core::nhs_number::format_nhs_number;

use crate::desk::local::LocalError;
use crate::desk::Desk;

/// Do a reception command on this device; the error is the message for the person.
pub async fn run(state: Desk, command: Command) -> Result<(), String> {
    state.run_command(command).await.map_err(|e| match e {
        LocalError::Rejected(rejection) => rejection.message,
        LocalError::Store(e) => format!("Not saved on this device: {e}. Try again."),
    })
}

#[component]
pub fn ReceptionRow(
    appointment: Appointment,
    patient: Option<Patient>,
    /// The clinic's consultant: their named secretary gets the letter when the patient is seen.
    consultant_id: String,
) -> impl IntoView {
    let state = Desk::get();
    let error = RwSignal::new(String::new());
    let asking_dna = RwSignal::new(false);
    let name = patient.as_ref().map(Patient::display_name).unwrap_or_else(|| "Unknown patient".into());
    let nhs = patient.as_ref().map(|p| format_nhs_number(&p.nhs_number)).unwrap_or_default();
    let hospital = patient.as_ref().map(|p| p.hospital_number.clone()).unwrap_or_default();
    // Reception confirms who is at the desk by date of birth as well as name.
    let born = patient.as_ref().map(|p| pathdesk_core::calendar::uk_date(p.date_of_birth)).unwrap_or_default();
    let status = appointment.status;
    let said = crate::ui::form::Announce::find();
    let row = StoredValue::new(format!("[data-testid=reception-row][data-appointment-id=\"{}\"]", appointment.id));
    let who = StoredValue::new(name.clone());
    let act = move |command: Command| {
        let (row, who) = (crate::ui::form::RedrawnRow::mark(row.get_value()), who.get_value());
        spawn_local(async move {
            let done = match &command {
                Command::RecordArrival(_) => "arrived",
                Command::RecordSeen(_) => "seen",
                _ => "did not attend",
            };
            match run(state, command).await {
                Ok(()) => {
                    error.try_set(String::new());
                    if let Some(said) = said {
                        said.say(format!("{who}: {done}. Saved on this device."));
                    }
                    // The row is drawn afresh with its new status: carry on from its next action.
                    row.focus(".reception-row__actions .button");
                }
                Err(message) => {
                    error.try_set(message);
                }
            }
        });
    };
    let arrived = {
        let command = Command::RecordArrival(RecordArrival { appointment_id: appointment.id.clone() });
        move |_| act(command.clone())
    };
    let seen = {
        let command = Command::from(RecordSeen::of(&appointment, Some(&consultant_id)));
        move |_| act(command.clone())
    };
    let dna = |clearly: bool| {
        let command = Command::from(RecordDidNotAttend::of(&appointment, clearly));
        move |_| {
            asking_dna.set(false);
            act(command.clone())
        }
    };
    let (dna_yes, dna_no) = (dna(true), dna(false));
    let waiting = status == AppointmentStatus::Booked;
    let can_be_seen = matches!(status, AppointmentStatus::Booked | AppointmentStatus::Arrived);
    let href = format!("/patients/{}", appointment.patient_id);
    let needs_outcome = status == AppointmentStatus::Seen
        && appointment.outcome.is_none()
        && appointment.slot_type != pathdesk_core::model::SlotType::Procedure;
    let outcome_href = format!("/appointments/{}/outcome", appointment.id);
    let outcome = appointment.outcome.map(|o| o.label());
    let status_class = match status {
        AppointmentStatus::Arrived => "tag tag--arrived",
        AppointmentStatus::Seen => "tag tag--seen",
        AppointmentStatus::DidNotAttend => "tag tag--red",
        _ => "tag",
    };
    let label_name = name.clone();
    view! {
        <li class="list__item reception-row" data-testid="reception-row" data-appointment-id=appointment.id.clone()>
            <span class="list__time">{hhmm(appointment.start)}</span>
            <span class="reception-row__who">
                <a href=href>{name}</a>
                <span class="hint" data-testid="reception-identity">{format!(" NHS {nhs} · born {born} · {hospital}")}</span>
            </span>
            <span class="tag">{appointment.slot_type.label()}</span>
            <span class=status_class data-testid="appointment-status">{status.label()}</span>
            {outcome.map(|words| view! { <span class="tag" data-testid="appointment-outcome">{words}</span> })}
            <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Reception>
            <span class="reception-row__actions no-print">
                {waiting.then(|| view! {
                    <button type="button" class="button" aria-label=format!("Arrived: {label_name}") on:click=arrived>"Arrived"</button>
                })}
                {can_be_seen.then(|| view! {
                    <button type="button" class="button button--secondary" on:click=seen>"Seen"</button>
                })}
                {needs_outcome.then(|| view! {
                    <a class="button button--secondary" href=outcome_href.clone() aria-label=format!("Record the outcome: {label_name}")>"Record the outcome"</a>
                })}
                {waiting.then(|| view! {
                    <button type="button" class="button button--secondary" aria-expanded=move || asking_dna.get().to_string()
                        on:click=move |_| asking_dna.update(|a| *a = !*a)>"Did not attend"</button>
                })}
            </span>
            </crate::ui::allowed::IfMayChange>
            {move || asking_dna.get().then(|| {
                let (yes, no) = (dna_yes.clone(), dna_no.clone());
                view! {
                    <fieldset class="reception-row__dna no-print">
                        <legend>"Was the appointment clearly communicated?"</legend>
                        <button type="button" class="button button--warning" on:click=yes>"Yes"</button>
                        <button type="button" class="button button--warning" on:click=no>"No"</button>
                    </fieldset>
                }
            })}
            {move || (!error.get().is_empty()).then(|| view! { <p class="error-message" role="alert">{error.get()}</p> })}
        </li>
    }
}
