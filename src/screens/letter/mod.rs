//! The letter for an appointment, laid out for printing on A4 for a window envelope (the print stylesheet hides
//! the app around it): the new appointment (saying which one it replaces when the hospital moved it), or the
//! hospital's cancellation with the reason. From the trust (name, address, phone from the trust settings) to the
//! patient's full address, with their NHS number and date of birth.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, Consultant, Patient, PatientNote};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::record::RecordKind;
use pathdesk_core::settings::TrustContact;

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
    /// The appointment the hospital moved to this one, and when it was.
    replaces: Option<Appointment>,
    contact: TrustContact,
    /// For a date to come in: what the patient is listed for.
    listing: Option<pathdesk_core::outcome::AdmissionListing>,
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
        let notes: Vec<PatientNote> =
            records::for_patient(&store, RecordKind::PatientNote, &appointment.patient_id).await?;
        let note = if appointment.status == AppointmentStatus::Booked {
            None
        } else {
            let prefix = format!("note-{}-", appointment.id);
            notes.iter().filter(|n| n.id.starts_with(&prefix)).max_by_key(|n| n.written_on).cloned()
        };
        // The appointment the hospital moved to this one: its note says "moved by the hospital to <this>".
        let moved_here =
            format!("moved by the hospital to {} at {}", uk_date(appointment.date), hhmm(appointment.start));
        let mut replaces = None;
        if appointment.status == AppointmentStatus::Booked {
            for note in notes.iter().filter(|n| n.text.contains(&moved_here)) {
                let Some(old_id) =
                    note.id.strip_prefix("note-").and_then(|rest| rest.get(..rest.len().saturating_sub(11)))
                else {
                    continue;
                };
                if let Some(old) = records::one::<Appointment>(&store, RecordKind::Appointment, old_id).await? {
                    if old.pathway_id == appointment.pathway_id {
                        replaces = Some(old);
                    }
                }
            }
        }
        let contact = crate::desk::queries::trust_settings(&store).await?.contact;
        let listing = if appointment.slot_type == pathdesk_core::model::SlotType::Procedure {
            records::one::<pathdesk_core::model::Pathway>(&store, RecordKind::Pathway, &appointment.pathway_id)
                .await?
                .and_then(|p| p.listed.map(|l| *l))
        } else {
            None
        };
        Ok(Some(Letter { appointment, patient, session, consultant, note, replaces, contact, listing }))
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
    let when = format!("{} at {}", uk_day(appointment.date), hhmm(appointment.start));
    let on = note.map(|n| format!(" on {}", uk_date(n.written_on))).unwrap_or_default();
    let message = match appointment.status {
        AppointmentStatus::Booked => return None,
        // The hospital moved it: the new appointment's letter says which one it replaces.
        AppointmentStatus::CancelledByHospital if note.is_some_and(|n| n.text.contains("moved by the hospital to")) => {
            format!(
                "The appointment on {when} was moved by the hospital{on}: print the new appointment's letter, which \
                 says it replaces this one."
            )
        }
        // The cancellation letter.
        AppointmentStatus::CancelledByHospital => return None,
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
    let Letter { appointment, patient, session, consultant, note, replaces, contact, listing } = letter;
    let admission = appointment.slot_type == pathdesk_core::model::SlotType::Procedure;
    let name = patient.as_ref().map(|p| format!("{} {}", p.given_name, p.family_name)).unwrap_or_default();
    let nhs = patient.as_ref().map(|p| format_nhs_number(&p.nhs_number)).unwrap_or_default();
    let born = patient.as_ref().map(|p| uk_date(p.date_of_birth)).unwrap_or_default();
    let hospital = patient.as_ref().map(|p| p.hospital_number.clone()).unwrap_or_default();
    let mut address: Vec<String> = patient.as_ref().map(|p| p.address.clone()).unwrap_or_default();
    address.extend(patient.as_ref().and_then(|p| p.postcode.clone()));
    let clinic = session.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let location = session.as_ref().map(|s| s.location.clone()).unwrap_or_default();
    let consultant = consultant.map(|c| c.name).unwrap_or_else(|| "the consultant's team".into());
    let when = format!("{} at {}", uk_day(appointment.date), hhmm(appointment.start));
    let phone = contact.phone.clone();
    let cancelled = appointment.status == AppointmentStatus::CancelledByHospital;
    // The reason as recorded: the note reads "Appointment on … cancelled by the hospital (…): <reason>".
    let reason = note.as_ref().and_then(|n| n.text.rsplit_once(": ").map(|(_, reason)| reason.to_string()));
    let body = if cancelled {
        view! {
            <h2>"Your outpatient appointment has been cancelled"</h2>
            <p>{format!("Dear {name},")}</p>
            <p>{format!("We are sorry: we have had to cancel your appointment with {consultant} in {clinic} on {when}.")}</p>
            {reason.map(|reason| view! { <p>{format!("The reason: {reason}.")}</p> })}
            <p>"You stay on our waiting list, and we will send you a new appointment as soon as we can. You do not need to do anything now."</p>
            <p>{format!("If you have questions, or your health has changed, phone us on {phone}.")}</p>
        }
            .into_any()
    } else if admission {
        let procedure = listing.as_ref().map(|l| l.procedure.clone()).unwrap_or_else(|| "your procedure".into());
        let day_case =
            listing.as_ref().is_none_or(|l| l.management == pathdesk_core::outcome::IntendedManagement::DayCase);
        view! {
            <h2 data-testid="letter-admission">"Your date to come in for your procedure"</h2>
            <p>{format!("Dear {name},")}</p>
            {replaces.clone().map(|old| replaces_line(&old))}
            <p>{format!("{consultant}'s team has booked you in for {procedure} {}.", if day_case { "as a day case: you should go home the same day" } else { "as an inpatient: please bring what you need for a stay in hospital" })}</p>
            <dl class="letter__details">
                <dt>"Date"</dt><dd>{uk_day(appointment.date)}</dd>
                <dt>"Arrive at"</dt><dd>{hhmm(appointment.start)}</dd>
                <dt>"Where"</dt><dd>{location}</dd>
            </dl>
            <p>"Follow the instructions from your pre-operative assessment about eating, drinking and your medicines."</p>
            {day_case.then(|| view! { <p>"An adult must take you home and stay with you for 24 hours afterwards."</p> })}
            <p>{format!("If you cannot come, or you are unwell, phone us on {phone} as soon as you can, so that we can give the date to someone else.")}</p>
        }
            .into_any()
    } else {
        view! {
            <h2>"Your outpatient appointment"</h2>
            <p>{format!("Dear {name},")}</p>
            {replaces.map(|old| replaces_line(&old))}
            <p>{format!("You have an appointment with {consultant} in {clinic}.")}</p>
            <dl class="letter__details">
                <dt>"Date"</dt><dd>{uk_day(appointment.date)}</dd>
                <dt>"Time"</dt><dd>{hhmm(appointment.start)}</dd>
                <dt>"Where"</dt><dd>{location}</dd>
                <dt>"Type"</dt><dd>{format!("{} appointment", appointment.slot_type.label())}</dd>
            </dl>
            <p>"Please arrive 10 minutes before your appointment and bring a list of your medicines."</p>
            <p>{format!("If you cannot come, phone us on {phone} as soon as you can, so that we can offer the appointment to someone else.")}</p>
        }
            .into_any()
    };
    view! {
        <article class="letter" data-testid="letter">
            <header class="letter__from">
                <p><strong>{contact.name.clone()}</strong></p>
                {contact.address.iter().map(|line| view! { <p>{line.clone()}</p> }).collect_view()}
                <p>{format!("Telephone {}", contact.phone)}</p>
            </header>
            // Where the window of a DL envelope shows it on A4 (see the print stylesheet).
            <address class="letter__to" data-testid="letter-address">
                <span>{name.clone()}</span>
                {address.into_iter().map(|line| view! { <span>{line}</span> }).collect_view()}
            </address>
            <p class="letter__date">{uk_date(clock::today())}</p>
            <p class="letter__ids">{format!("NHS number: {nhs} · Date of birth: {born} · Hospital number: {hospital}")}</p>
            {body}
        </article>
    }
}

/// "This appointment replaces your appointment on …, which we had to move." (outpatient and admission letters).
fn replaces_line(old: &Appointment) -> impl IntoView {
    view! {
        <p data-testid="letter-replaces"><strong>{format!(
            "This appointment replaces your appointment on {} at {}, which we had to move.",
            uk_day(old.date), hhmm(old.start)
        )}</strong></p>
    }
}
