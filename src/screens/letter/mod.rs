//! The appointment letter for a booking, laid out for printing (the print stylesheet hides the app around it).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, Consultant, Patient, PatientNote};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::record::RecordKind;

use crate::desk::clock;
use crate::desk::store::records;
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Clone)]
struct Letter {
    appointment: Appointment,
    patient: Option<Patient>,
    session: Option<ClinicSession>,
    consultant: Option<Consultant>,
    /// The newest note the core wrote about this appointment (a cancellation writes one): when and why.
    note: Option<PatientNote>,
}

/// `/appointments/:id/letter`.
#[component]
pub fn AppointmentLetterPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let letter = load(move |store| async move {
        let id = id.get_untracked();
        let Some(appointment) = records::one::<Appointment>(&store, RecordKind::Appointment, &id).await? else {
            return Ok(None);
        };
        let patient = records::one(&store, RecordKind::Patient, &appointment.patient_id).await?;
        let session: Option<ClinicSession> =
            records::one(&store, RecordKind::ClinicSession, &appointment.session_id).await?;
        let consultant = match &session {
            Some(s) => records::one(&store, RecordKind::Consultant, &s.consultant_id).await?,
            None => None,
        };
        let note = if appointment.status == AppointmentStatus::Booked {
            None
        } else {
            let prefix = format!("note-{}-", appointment.id);
            let notes: Vec<PatientNote> =
                records::for_patient(&store, RecordKind::PatientNote, &appointment.patient_id).await?;
            notes.into_iter().filter(|n| n.id.starts_with(&prefix)).max_by_key(|n| n.written_on)
        };
        Ok(Some(Letter { appointment, patient, session, consultant, note }))
    });
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="no-print letter-tools">
            <h1>"Appointment letter"</h1>
        </div>
        {loaded::show(letter, move |letter: Option<Letter>| match letter {
            None => view! { <p>"No appointment with this id is on this device. Sync, then open the letter again."</p> }.into_any(),
            Some(letter) => match no_letter(&letter.appointment, letter.note.as_ref()) {
                Some(why) => view! {
                    <div class="card" role="status" data-testid="no-letter">
                        <p><strong>{why}</strong></p>
                        {letter.note.map(|note| view! { <p class="hint">"Recorded: " {note.text}</p> })}
                    </div>
                }
                    .into_any(),
                None => view! {
                    <div class="no-print letter-tools">
                        <button type="button" class="button" on:click=print>"Print"</button>
                    </div>
                    {letter_view(letter)}
                }
                    .into_any(),
            },
        })}
    }
}

/// Why there is no letter to send for an appointment that is not booked; `None` for a booked one. `note`: the
/// note the core wrote when it changed, for the date it happened.
pub fn no_letter(appointment: &Appointment, note: Option<&PatientNote>) -> Option<String> {
    let when = format!("{} at {}", uk_day(appointment.date), appointment.start.format("%H:%M"));
    let on = note.map(|n| format!(" on {}", uk_date(n.written_on))).unwrap_or_default();
    let message = match appointment.status {
        AppointmentStatus::Booked => return None,
        AppointmentStatus::CancelledByHospital => format!(
            "The appointment on {when} was cancelled by the hospital{on}, so there is no letter to send. \
             Book a new date first, then print the letter for that."
        ),
        AppointmentStatus::CancelledByPatient => format!(
            "The appointment on {when} was cancelled by the patient{on}, so there is no letter to send. \
             The patient is back on the waiting list: book a new date first, then print the letter for that."
        ),
        AppointmentStatus::Arrived | AppointmentStatus::Seen => {
            format!("The patient has already come to the appointment on {when}, so there is no letter to send.")
        }
        AppointmentStatus::DidNotAttend => format!(
            "The patient did not attend the appointment on {when}, so there is no letter to send. \
             If they are to be offered another date, book it first, then print the letter for that."
        ),
    };
    Some(message)
}

fn letter_view(letter: Letter) -> impl IntoView {
    let Letter { appointment, patient, session, consultant, .. } = letter;
    let name = patient.as_ref().map(|p| format!("{} {}", p.given_name, p.family_name)).unwrap_or_default();
    let nhs = patient.as_ref().map(|p| format_nhs_number(&p.nhs_number)).unwrap_or_default();
    let hospital = patient.as_ref().map(|p| p.hospital_number.clone()).unwrap_or_default();
    let postcode = patient.as_ref().and_then(|p| p.postcode.clone()).unwrap_or_default();
    let clinic = session.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let location = session.as_ref().map(|s| s.location.clone()).unwrap_or_default();
    let consultant = consultant.map(|c| c.name).unwrap_or_else(|| "the consultant's team".into());
    view! {
        <article class="letter" data-testid="letter">
            <p class="letter__date">{uk_date(clock::today())}</p>
            <address class="letter__to">{name.clone()} <br/> {postcode}</address>
            <p>"NHS number: " {nhs} " · Hospital number: " {hospital}</p>
            <h2>"Your outpatient appointment"</h2>
            <p>{format!("Dear {name},")}</p>
            <p>{format!("You have an appointment with {consultant} in {clinic}.")}</p>
            <dl class="letter__details">
                <dt>"Date"</dt><dd>{uk_day(appointment.date)}</dd>
                <dt>"Time"</dt><dd>{appointment.start.format("%H:%M").to_string()}</dd>
                <dt>"Where"</dt><dd>{location}</dd>
                <dt>"Type"</dt><dd>{format!("{} appointment", appointment.slot_type.label())}</dd>
            </dl>
            <p>"Please arrive 10 minutes before your appointment and bring a list of your medicines."</p>
            <p>"If you cannot come, tell us as soon as you can so that we can offer the appointment to someone else."</p>
        </article>
    }
}
