//! The follow-up the clinic asked for: the date it is needed by puts the pathway on the waiting list as a
//! follow-up (whether or not its clock still runs) until one is booked; "No follow-up needed" takes it off.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::{read_typed_date, uk_date};
use pathdesk_core::command::Command;
use pathdesk_core::command::RecordFollowUpDue;

use crate::desk::Desk;
use crate::ui::form::Confirmation;
use crate::ui::form::{date_input, DateLayout};

#[component]
pub fn FollowUpForm(
    pathway_id: String,
    /// The date a follow-up is due by, as saved on this device.
    due: Memo<Option<NaiveDate>>,
) -> impl IntoView {
    let state = Desk::get();
    let typed = RwSignal::new(String::new());
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let field_problem: RwSignal<Option<String>> = RwSignal::new(None);
    let saved: RwSignal<Option<String>> = RwSignal::new(None);
    let send = move |pathway_id: String, due_by: Option<NaiveDate>| {
        let command = Command::RecordFollowUpDue(RecordFollowUpDue { pathway_id, due_by });
        let words = command.describe();
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    typed.set(String::new());
                    problem.set(None);
                    saved.set(Some(format!("{words}: saved on this device.")));
                }
                Err(error) => {
                    saved.set(None);
                    problem.set(Some(error.to_string()));
                }
            }
        });
    };
    let id_for_submit = pathway_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match read_typed_date(&typed.get_untracked(), "The date the follow-up is needed by") {
            Ok(date) => {
                field_problem.set(None);
                send(id_for_submit.clone(), Some(date))
            }
            Err(message) => {
                saved.set(None);
                problem.set(Some(message.clone()));
                field_problem.set(Some(message));
            }
        }
    };
    let id_for_clear = pathway_id;
    view! {
        <section class="card" aria-labelledby="follow-up-heading" data-testid="follow-up">
            <h2 class="card__heading" id="follow-up-heading">"Follow-up"</h2>
            {move || match due.get() {
                Some(date) => {
                    let id = id_for_clear.clone();
                    view! {
                        <p data-testid="follow-up-due">{format!("On the waiting list for a follow-up by {}.", uk_date(date))}</p>
                        <p><button type="button" class="button button--secondary" on:click=move |_| send(id.clone(), None)>"No follow-up needed"</button></p>
                    }.into_any()
                }
                None => view! { <p class="hint" data-testid="follow-up-due">"No follow-up waiting to be booked."</p> }.into_any(),
            }}
            {move || problem.get().map(|p| view! {
                <div class="error-summary" role="alert" data-testid="follow-up-problem">
                    <h3 class="error-summary__title">"There is a problem"</h3>
                    <ul class="error-summary__list"><li><a href="#follow-up-by">{p}</a></li></ul>
                </div>
            })}
            <form on:submit=submit novalidate>
                {date_input("follow-up-by", "Follow-up needed by", "", typed, field_problem.into(), DateLayout::Form)}
                <p><button type="submit" class="button">"Put on the waiting list"</button></p>
            </form>
            <Confirmation message=saved id="follow-up-saved"/>
        </section>
    }
}
