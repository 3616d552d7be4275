//! Who is in today: every team member with their leave today, and for each one away, the open work that needs
//! covering (the "Cover for leave" form below moves it); and recording a team member's own leave.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::command::{Command, RecordStaffLeave};
use pathdesk_core::diary::StaffLeave;
use pathdesk_core::record::RecordKind;
use pathdesk_core::tasks::worklist::Worklist;
use pathdesk_core::text::count;

use crate::desk::local::LocalError;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{
    date_input, error_for, show_problems, typed_range, Confirmation, DateLayout, ErrorSummary, Problems, SelectField,
    TextField,
};
use crate::ui::loaded;
use crate::ui::loaded::load;

use super::{tasks_in, TeamTasks};

#[derive(Debug, Clone, PartialEq)]
struct Team {
    people: Vec<String>,
    leave: Vec<StaffLeave>,
}

#[component]
pub fn WhoIsIn(tasks: TeamTasks, today: NaiveDate) -> impl IntoView {
    let team = load(|store| async move {
        crate::desk::people::track();
        let directory = crate::desk::people::load(&store).await;
        let mut people: Vec<String> = directory.people.into_iter().map(|p| p.name).collect();
        people.sort();
        let leave: Vec<StaffLeave> = records::all(&store, RecordKind::StaffLeave).await?;
        Ok(Team { people, leave })
    });
    let people = Memo::new(move |_| team.get().and_then(Result::ok).map(|t| t.people).unwrap_or_default());
    view! {
        <section aria-labelledby="in-today-heading">
            <h2 id="in-today-heading">{format!("Who is in today, {}", uk_date(today))}</h2>
            {loaded::show(team, move |team: Team| {
                let open = move |person: &str| {
                    tasks.with(|read| {
                        Worklist::new(tasks_in(read), today).team_summary().into_iter().find(|p| p.assignee == person).map_or(0, |p| p.open)
                    })
                };
                let rows = team.people.iter().map(|person| {
                    let away = team.leave.iter().filter(|l| l.person == *person && l.covers(today)).max_by_key(|l| l.to);
                    let work = open(person);
                    let (state, cover) = match away {
                        Some(leave) => (
                            format!("Away: {} until {}", leave.reason, uk_date(leave.to)),
                            if work > 0 { format!("{} to cover", count(work as usize, "open task", "open tasks")) } else { "Nothing open".to_string() },
                        ),
                        None => ("In".to_string(), String::new()),
                    };
                    view! {
                        <tr data-testid="who-is-in" data-person=person.clone() data-away=away.is_some().to_string()>
                            <th scope="row">{person.clone()}</th>
                            <td>{state}</td>
                            <td data-testid="who-is-in-cover">{cover}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <table class="table">
                        <thead><tr><th scope="col">"Person"</th><th scope="col">"Today"</th><th scope="col">"Work needing cover"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            })}
            // Outside the list, which redraws when leave is recorded or a sync brings some: what is typed stays.
            <IfMayChange area=pathdesk_core::access::Area::Allocation>
                <StaffLeaveForm people=people today=today/>
            </IfMayChange>
        </section>
    }
}

#[component]
fn StaffLeaveForm(people: Memo<Vec<String>>, today: NaiveDate) -> impl IntoView {
    let state = Desk::get();
    let person = RwSignal::new(String::new());
    // The first person once the team is read, unless someone is chosen already.
    Effect::new(move |_| {
        people.with(|listed| {
            if !listed.contains(&person.get_untracked()) {
                person.set(listed.first().cloned().unwrap_or_default());
            }
        })
    });
    let from = RwSignal::new(pathdesk_core::calendar::uk_numeric_date(today));
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new("Annual leave".to_string());
    let problems: Problems = RwSignal::new(Vec::new());
    let done = RwSignal::new(None::<String>);
    let options = Signal::derive(move || people.get().into_iter().map(|p| (p.clone(), p)).collect::<Vec<_>>());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let (first, last) = match typed_range(
            from,
            to,
            ["staff-leave-from", "staff-leave-to"],
            ["The first day away", "The last day away"],
        ) {
            Ok(days) => days,
            Err(found) => return show_problems(problems, found),
        };
        let who = person.get_untracked();
        let command = RecordStaffLeave {
            leave_id: format!("staff-leave-{}", uuid::Uuid::new_v4()),
            person: who.clone(),
            from: first,
            to: last,
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match state.run_command(Command::RecordStaffLeave(command)).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    done.set(Some(format!(
                        "{who}'s leave from {} to {} recorded on this device.",
                        uk_date(first),
                        uk_date(last)
                    )));
                }
                Err(LocalError::Rejected(rejection)) => {
                    let field =
                        if rejection.message.contains("reason") { "staff-leave-reason" } else { "staff-leave-to" };
                    show_problems(problems, vec![(field.into(), rejection.message)]);
                }
                Err(other) => show_problems(problems, vec![("staff-leave-to".into(), other.to_string())]),
            }
        });
    };
    view! {
        <details class="panel">
            <summary>"Record a team member's leave"</summary>
            <ErrorSummary problems=problems title="The leave was not recorded"/>
            <form class="form" on:submit=submit novalidate data-testid="staff-leave-form">
                <SelectField id="staff-leave-person" label="Who" value=person options=options problems=problems/>
                {date_input("staff-leave-from", "First day away", "", from, error_for(problems, "staff-leave-from"), DateLayout::Form)}
                {date_input("staff-leave-to", "Last day away", "", to, error_for(problems, "staff-leave-to"), DateLayout::Form)}
                <TextField id="staff-leave-reason" label="Reason" value=reason problems=problems/>
                <button type="submit" class="button">"Record the leave"</button>
                <Confirmation message=done id="staff-leave-done"/>
            </form>
        </details>
    }
}
