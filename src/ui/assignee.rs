//! Who a task goes to, chosen from a list: the team pools, then the people who work in the task's service. Names
//! cannot be typed, so a slip of the keyboard cannot give work to someone who does not exist. The list is what this
//! device last heard from the server (`desk::people`), so it works offline too.

use leptos::prelude::*;
use pathdesk_core::access::Directory;
use pathdesk_core::model::Consultant;
use pathdesk_core::record::RecordKind;

use crate::desk::store::records;
use crate::ui::loaded::{load, Loaded};

/// Who may be chosen for a task: the directory, and the task's service when it has one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    pub directory: Directory,
    /// The service (specialty id) whose people are offered; every person when `None`.
    pub service: Option<String>,
}

/// Loads who work can be given to on this device, for work of the consultant `consultant_id` (their service's
/// people are offered) or for any work (`None`).
pub fn choices_for(consultant_id: Option<String>) -> Loaded<Choices> {
    // Through the screens' one loader type (no reactive code compiled for this type alone).
    load(move |store| {
        crate::desk::people::track();
        let consultant_id = consultant_id.clone();
        async move {
            let directory = crate::desk::people::load(&store).await;
            let service = match consultant_id {
                Some(id) => records::one::<Consultant>(&store, RecordKind::Consultant, &id)
                    .await?
                    .map(|consultant| consultant.specialty_id),
                None => None,
            };
            Ok(Choices { directory, service })
        }
    })
}

/// The select, labelled `label`, showing `value` and telling `choose` the name picked. Someone who holds work but
/// is no longer in the list stays shown as they are, marked, until another is chosen.
pub fn assignee_select(
    id: &'static str,
    label: &'static str,
    value: Signal<String>,
    choose: Callback<String>,
    choices: Loaded<Choices>,
    inline: bool,
) -> impl IntoView {
    let options = move || {
        let Choices { directory, service } = choices.get().and_then(Result::ok).unwrap_or_default();
        let current = value.get();
        let people: Vec<String> =
            directory.people_for(service.as_deref()).into_iter().map(|person| person.name.clone()).collect();
        let known = current.is_empty() || directory.knows(&current);
        view! {
            <option value="" selected=current.is_empty() disabled=true>"Choose a person or team"</option>
            {(!known).then(|| view! {
                <option value=current.clone() selected=true>{format!("{current} (not in the list)")}</option>
            })}
            <optgroup label="Teams">
                {directory.teams.iter().map(|team| view! {
                    <option value=team.clone() selected=*team == current>{team.clone()}</option>
                }).collect_view()}
            </optgroup>
            <optgroup label="People">
                {people.into_iter().map(|name| view! {
                    <option value=name.clone() selected=name == current>{name.clone()}</option>
                }).collect_view()}
            </optgroup>
        }
    };
    view! {
        <div class="form-group" class:form-group--inline=inline>
            <label class="label" for=id>{label}</label>
            <select id=id class="input" data-testid=id prop:value=move || value.get()
                on:change=move |ev| choose.run(event_target_value(&ev))>
                {options}
            </select>
        </div>
    }
}
