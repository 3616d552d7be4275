//! Settings → Consultants' secretaries (team leads): each consultant's named medical secretary, chosen from the
//! secretaries who work in the consultant's service. The clinic letters of patients seen in a consultant's clinic
//! go to their secretary; a consultant without one sends them to the secretaries' pool.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::Directory;
use pathdesk_core::command::{Command, SetConsultantSecretary};
use pathdesk_core::model::{Consultant, Specialty};
use pathdesk_core::record::RecordKind;
use pathdesk_core::tasks::MEDICAL_SECRETARIES;

use crate::desk::state::Desk;
use crate::desk::store::records;
use crate::ui::form::outcome_line;
use crate::ui::loaded::{self, load};

#[derive(Clone)]
struct Held {
    consultants: Vec<Consultant>,
    specialties: Vec<Specialty>,
    directory: Directory,
}

#[component]
pub fn ConsultantSecretaries() -> impl IntoView {
    let held = load(|store| {
        // Read again when a newer list of people is kept (the loader tracks what its read touches at once).
        crate::desk::people::track();
        async move {
            let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
            consultants.sort_by(|a, b| (&a.specialty_id, &a.name).cmp(&(&b.specialty_id, &b.name)));
            let specialties = records::all(&store, RecordKind::Specialty).await?;
            Ok(Held { consultants, specialties, directory: crate::desk::people::load(&store).await })
        }
    });
    // Said above the table, not in a row: a save changes the consultant, so the rows are drawn again.
    let said = RwSignal::new(None::<Result<String, String>>);
    view! {
        <h2 id="secretaries-heading">"Consultants' secretaries"</h2>
        <p class="hint">
            "Each consultant's clinic letters go to their named secretary; with none named, to the "
            {MEDICAL_SECRETARIES} " team."
        </p>
        {outcome_line(said, "secretary-saved", "secretary-error")}
        {loaded::show(held, move |held: Held| {
            view! {
                <table class="table" aria-labelledby="secretaries-heading" data-testid="consultant-secretaries">
                    <thead><tr>
                        <th scope="col">"Consultant"</th><th scope="col">"Service"</th>
                        <th scope="col">"Secretary"</th><th scope="col"><span class="visually-hidden">"Save"</span></th>
                    </tr></thead>
                    <tbody>
                        {held.consultants.iter().map(|consultant| {
                            let service = held.specialties.iter().find(|s| s.id == consultant.specialty_id)
                                .map_or_else(|| consultant.specialty_id.clone(), |s| s.name.clone());
                            let secretaries: Vec<String> = held.directory
                                .secretaries_for(&consultant.specialty_id)
                                .into_iter()
                                .map(|person| person.name.clone())
                                .collect();
                            view! {
                                <SecretaryRow consultant=consultant.clone() service=service secretaries=secretaries said=said/>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
    }
}

#[component]
fn SecretaryRow(
    consultant: Consultant,
    service: String,
    secretaries: Vec<String>,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let state = Desk::get();
    let chosen = RwSignal::new(consultant.secretary.clone().unwrap_or_default());
    let select_id = format!("secretary-{}", consultant.id);
    let current = consultant.secretary.clone().unwrap_or_default();
    // A secretary named before who is no longer listed stays shown until another is chosen.
    let unlisted = (!current.is_empty() && !secretaries.contains(&current)).then(|| current.clone());
    let (consultant_id, name) = (consultant.id.clone(), consultant.name.clone());
    let save = move |_| {
        let (consultant_id, name) = (consultant_id.clone(), name.clone());
        let secretary = Some(chosen.get_untracked()).filter(|s| !s.is_empty());
        spawn_local(async move {
            let command =
                Command::SetConsultantSecretary(SetConsultantSecretary { consultant_id, secretary: secretary.clone() });
            let outcome = match state.run_command(command).await {
                Ok(()) => Ok(match secretary {
                    Some(secretary) => format!("{name}'s letters go to {secretary}. Saved on this device."),
                    None => format!("{name}'s letters go to the {MEDICAL_SECRETARIES} team. Saved on this device."),
                }),
                Err(error) => Err(error.to_string()),
            };
            said.set(Some(outcome));
        });
    };
    view! {
        <tr data-testid="consultant-secretary" data-consultant-id=consultant.id.clone()>
            <th scope="row">{consultant.name.clone()}</th>
            <td>{service}</td>
            <td>
                <label class="visually-hidden" for=select_id.clone()>{format!("Secretary for {}", consultant.name)}</label>
                <select id=select_id class="input" prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="" selected=current.is_empty()>{format!("{MEDICAL_SECRETARIES} (the team)")}</option>
                    {unlisted.map(|name| view! {
                        <option value=name.clone() selected=true>{format!("{name} (not in the list)")}</option>
                    })}
                    {secretaries.into_iter().map(|name| view! {
                        <option value=name.clone() selected=name == current>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </td>
            <td>
                <button type="button" class="button button--small" on:click=save
                    aria-label=format!("Save {}'s secretary", consultant.name)>"Save"</button>
            </td>
        </tr>
    }
}
