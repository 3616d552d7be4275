//! The appointment letter for a booking, laid out for printing (the print stylesheet hides the app around it).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pathdesk_core::model::{Appointment, ClinicSession, Consultant, Patient};
use pathdesk_core::record::RecordKind;

use crate::clock;
use crate::components::loaded;
use crate::format;
use crate::routes::load;
use crate::store::records;

#[derive(Clone)]
struct Letter {
    appointment: Appointment,
    patient: Option<Patient>,
    session: Option<ClinicSession>,
    consultant: Option<Consultant>,
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
        Ok(Some(Letter { appointment, patient, session, consultant }))
    });
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="no-print letter-tools">
            <h1>"Appointment letter"</h1>
            <button type="button" class="button" on:click=print>"Print"</button>
        </div>
        {loaded::show(letter, |letter: Option<Letter>| match letter {
            None => view! { <p>"No appointment with this id is on this device. Sync, then open the letter again."</p> }.into_any(),
            Some(letter) => letter_view(letter).into_any(),
        })}
    }
}

fn letter_view(letter: Letter) -> impl IntoView {
    let Letter { appointment, patient, session, consultant } = letter;
    let name = patient.as_ref().map(|p| format!("{} {}", p.given_name, p.family_name)).unwrap_or_default();
    let nhs = patient.as_ref().map(|p| format::nhs_number(&p.nhs_number)).unwrap_or_default();
    let hospital = patient.as_ref().map(|p| p.hospital_number.clone()).unwrap_or_default();
    let postcode = patient.as_ref().and_then(|p| p.postcode.clone()).unwrap_or_default();
    let clinic = session.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let location = session.as_ref().map(|s| s.location.clone()).unwrap_or_default();
    let consultant = consultant.map(|c| c.name).unwrap_or_else(|| "the consultant's team".into());
    view! {
        <article class="letter" data-testid="letter">
            <p class="letter__date">{format::uk_date(clock::today())}</p>
            <address class="letter__to">{name.clone()} <br/> {postcode}</address>
            <p>"NHS number: " {nhs} " · Hospital number: " {hospital}</p>
            <h2>"Your outpatient appointment"</h2>
            <p>{format!("Dear {name},")}</p>
            <p>{format!("You have an appointment with {consultant} in {clinic}.")}</p>
            <dl class="letter__details">
                <dt>"Date"</dt><dd>{format::uk_day(appointment.date)}</dd>
                <dt>"Time"</dt><dd>{appointment.start.format("%H:%M").to_string()}</dd>
                <dt>"Where"</dt><dd>{location}</dd>
                <dt>"Type"</dt><dd>{format!("{} appointment", appointment.slot_type.label())}</dd>
            </dl>
            <p>"Please arrive 10 minutes before your appointment and bring a list of your medicines."</p>
            <p>"If you cannot come, tell us as soon as you can so that we can offer the appointment to someone else."</p>
        </article>
    }
}
