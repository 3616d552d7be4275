//! The team lead's view (/tasks/team): open and overdue work per person, cover for someone's leave, and the team's
//! tasks with filters, search and bulk reassignment (tick tasks, then "Reassign to").

pub mod cover;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::{read_typed_date, uk_date, uk_numeric_date};
use pathdesk_core::command::Command;
use pathdesk_core::command::ReassignTasks;
use pathdesk_core::record::RecordKind;
use pathdesk_core::tasks::worklist::{TaskFilter, Worklist};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};
use pathdesk_core::text::count;

use crate::desk::clock;
use crate::desk::local::stamp_task_edit;
use crate::desk::local::LocalError;
use crate::desk::state::{current_store, Desk};
use crate::desk::store::{meta, records};
use crate::ui::assignee::{assignee_select, choices_for};
use crate::ui::form::outcome_line;
use crate::ui::form::{date_input, DateLayout};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::names::{load_names, Names};

/// The most rows the team list draws; the count says how many matched.
const MAX_ROWS: usize = 300;

/// Reassigns `tasks` to `to`, stamped past the latest stamp of those tasks; says how it went in `message`. More
/// tasks than one change may hold (`limits::LIST_ITEMS`, a pool's validations, say) go in several changes.
fn reassign(tasks: Vec<Task>, to: String, message: RwSignal<Option<Result<String, String>>>) {
    let state = Desk::get();
    spawn_local(async move {
        let assignee = to.trim().to_string();
        let mut moved = 0;
        let mut result = Ok(());
        for part in tasks.chunks(pathdesk_core::limits::LIST_ITEMS) {
            let latest = part.iter().max_by(|a, b| a.stamps.latest_hlc().cmp(&b.stamps.latest_hlc()));
            let stamp = match current_store() {
                Ok(store) => stamp_task_edit(&store, latest).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            let task_ids: Vec<String> = part.iter().map(|t| t.id.clone()).collect();
            result = match stamp {
                Err(e) => Err(e),
                Ok(stamp) => match state
                    .run_command(Command::ReassignTasks(ReassignTasks { task_ids, assignee: assignee.clone(), stamp }))
                    .await
                {
                    Ok(()) => Ok(()),
                    Err(LocalError::Rejected(rejection)) => Err(rejection.message),
                    Err(other) => Err(other.to_string()),
                },
            };
            if result.is_err() {
                break;
            }
            moved += part.len();
        }
        let done = format!("{} reassigned to {assignee}.", count(moved, "task", "tasks"));
        message.set(Some(match result {
            Ok(()) => Ok(done),
            Err(problem) if moved > 0 => Err(format!("{done} The rest were not: {problem}")),
            Err(problem) => Err(problem),
        }));
    });
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let today = clock::today();
    let tasks = load(|store| async move {
        let tasks = records::all::<Task>(&store, RecordKind::Task).await?;
        let me = meta::display_name(&store).await?;
        Ok((tasks, me))
    });
    let latest = tasks.latest();
    // Who the ids on tasks are: the filters and the search go by names and NHS numbers, as people know them.
    let names = load_names();
    // Kept while the list reloads after a change or a sync.
    let filter = TeamFilter::new();
    let leave_message = RwSignal::new(None::<Result<String, String>>);
    view! {
        <p><a href="/tasks">"All tasks"</a>" · "<a href="/tasks/escalations">"Escalations"</a></p>
        <h1>"Team tasks"</h1>
        // Drawn once: the lists follow the tasks, and what is typed in the forms stays through a sync.
        {loaded::show_ready(tasks, move || {
            view! {
                <cover::WhoIsIn tasks=latest today=today/>
                <Workload tasks=latest today=today/>
                <LeaveCover tasks=latest today=today message=leave_message/>
                <TeamList tasks=latest names=names today=today filter=filter/>
            }
        })}
    }
}

/// The team's tasks and this person's name, as last read.
type TeamTasks = Signal<Option<(Vec<Task>, String)>>;

/// The tasks of what was read (none yet: none).
fn tasks_in(read: &Option<(Vec<Task>, String)>) -> &[Task] {
    read.as_ref().map_or(&[], |(tasks, _)| tasks.as_slice())
}

#[component]
fn Workload(tasks: TeamTasks, today: NaiveDate) -> impl IntoView {
    let summary = move || tasks.with(|read| Worklist::new(tasks_in(read), today).team_summary());
    view! {
        <section aria-labelledby="workload-heading">
            <h2 id="workload-heading">"Open work per person"</h2>
            <table class="table">
                <thead><tr><th>"Person"</th><th>"Open"</th><th>"Overdue"</th><th>"Due today"</th></tr></thead>
                <tbody>
                    {move || summary().into_iter().filter(|p| p.open > 0).map(|p| view! {
                        <tr data-testid="workload" data-person=p.assignee.clone()>
                            <th scope="row">{p.assignee.clone()}</th>
                            <td data-testid="workload-open">{p.open}</td>
                            <td data-testid="workload-overdue">{p.overdue}</td>
                            <td>{p.due_today}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// "Reassign X's open work due during leave to Y".
#[component]
fn LeaveCover(
    tasks: TeamTasks,
    today: NaiveDate,
    /// Kept by the page: the list reloads once the tasks move.
    message: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let people = Signal::derive(move || {
        tasks.with(|tasks| {
            Worklist::new(tasks_in(tasks), today).team_summary().into_iter().map(|p| p.assignee).collect::<Vec<_>>()
        })
    });
    let person = RwSignal::new(people.with_untracked(|p| p.first().cloned().unwrap_or_default()));
    // The list is worked out from the open tasks, so it changes as work moves: whoever the select shows is whose
    // work is moved. Someone no longer listed (their work all done or given away) gives way to the first listed.
    Effect::new(move |_| {
        people.with(|listed| {
            if !listed.contains(&person.get_untracked()) {
                person.set(listed.first().cloned().unwrap_or_default());
            }
        })
    });
    let first = RwSignal::new(uk_numeric_date(today));
    let last = RwSignal::new(uk_numeric_date(today + chrono::Days::new(14)));
    let first_problem = RwSignal::new(None::<String>);
    let last_problem = RwSignal::new(None::<String>);
    let to = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let from = read_typed_date(&first.get_untracked(), "The first day of leave");
        let until = read_typed_date(&last.get_untracked(), "The last day of leave");
        first_problem.set(from.clone().err());
        last_problem.set(until.clone().err());
        let (Ok(from), Ok(until)) = (from, until) else {
            message.set(Some(Err("Give the first and last days of the leave.".to_string())));
            return;
        };
        if until < from {
            last_problem.set(Some("The last day of leave must be the same as or after the first".to_string()));
            message.set(Some(Err("The last day of leave is before the first: swap them.".to_string())));
            return;
        }
        // The person the select shows (kept to someone listed, above).
        let who = person.get_untracked();
        let moving: Vec<Task> = tasks.with_untracked(|read| {
            let tasks = tasks_in(read);
            let list = Worklist::new(tasks, today);
            list.open_tasks_due_during(&who, from, until).into_iter().map(|i| tasks[i as usize].clone()).collect()
        });
        if moving.is_empty() {
            message.set(Some(Err(format!("{who} has no open work due from {} to {}.", uk_date(from), uk_date(until)))));
            return;
        }
        reassign(moving, to.get_untracked(), message);
    };
    let button = move || format!("Reassign {}'s open work due during leave", person.get());
    view! {
        <section aria-labelledby="leave-heading">
            <h2 id="leave-heading">"Cover for leave"</h2>
            <form class="form" on:submit=submit data-testid="leave-cover">
                <div class="form-group form-group--inline">
                    <label class="label" for="leave-person">"Whose work"</label>
                    <select id="leave-person" class="input" prop:value=move || person.get()
                        on:change=move |ev| person.set(event_target_value(&ev))>
                        {move || people.get().into_iter().map(|p| view! {
                            <option value=p.clone() selected=person.get_untracked() == p>{p.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {date_input("leave-first", "Leave from", "", first, first_problem.into(), DateLayout::Inline)}
                {date_input("leave-last", "To (the last day of leave)", "", last, last_problem.into(), DateLayout::Inline)}
                {assignee_select("leave-to", "Give it to", to.into(), Callback::new(move |chosen| to.set(chosen)),
                    choices_for(None), true)}
                {outcome_line(message, "reassigned", "reassign-error")}
                <button type="submit" class="button">{button}</button>
            </form>
        </section>
    }
}

/// The filter bar's values.
#[derive(Clone, Copy)]
struct TeamFilter {
    mine: RwSignal<bool>,
    kind: RwSignal<String>,
    assignee: RwSignal<String>,
    consultant: RwSignal<String>,
    status: RwSignal<String>,
    overdue: RwSignal<bool>,
    search: RwSignal<String>,
    ticked: RwSignal<Vec<String>>,
    to: RwSignal<String>,
    message: RwSignal<Option<Result<String, String>>>,
}

impl TeamFilter {
    fn new() -> TeamFilter {
        TeamFilter {
            mine: RwSignal::new(false),
            kind: RwSignal::new(String::new()),
            assignee: RwSignal::new(String::new()),
            consultant: RwSignal::new(String::new()),
            status: RwSignal::new("open".to_string()),
            overdue: RwSignal::new(false),
            search: RwSignal::new(String::new()),
            ticked: RwSignal::new(Vec::new()),
            to: RwSignal::new(String::new()),
            message: RwSignal::new(None),
        }
    }

    fn filter(&self, me: &str) -> TaskFilter {
        let text = |s: RwSignal<String>| Some(s.get().trim().to_string()).filter(|v| !v.is_empty());
        TaskFilter {
            kind: TaskKind::ALL.into_iter().find(|k| k.code() == self.kind.get()),
            assignee: if self.mine.get() { Some(me.to_string()) } else { text(self.assignee) },
            consultant_id: text(self.consultant),
            status: match self.status.get().as_str() {
                "open" => Some(TaskStatus::Open),
                "done" => Some(TaskStatus::Done),
                _ => None,
            },
            overdue_only: self.overdue.get(),
            search: self.search.get(),
            ..TaskFilter::default()
        }
    }
}

#[component]
fn TeamList(tasks: TeamTasks, names: Signal<Option<Names>>, today: NaiveDate, filter: TeamFilter) -> impl IntoView {
    let shown = Memo::new(move |_| {
        tasks.with(|read| {
            names.with(|names| {
                let me = read.as_ref().map_or("", |(_, me)| me.as_str());
                // The search finds a task by its patient's name, NHS number or hospital number and by its
                // consultant's name, not by the ids it holds.
                Worklist::with_search_text(tasks_in(read), today, |task| {
                    names.as_ref().map_or(String::new(), |n| {
                        n.search_words(task.patient_id.as_deref(), task.consultant_id.as_deref())
                    })
                })
                .view(&filter.filter(me))
            })
        })
    });
    let consultants =
        Signal::derive(move || names.with(|n| n.as_ref().map(|n| n.consultants.clone()).unwrap_or_default()));
    let reassign_ticked = move |_| {
        let ticked = filter.ticked.get_untracked();
        if ticked.is_empty() {
            filter.message.set(Some(Err("Tick the tasks to reassign, then choose who they go to.".to_string())));
            return;
        }
        let chosen: Vec<Task> =
            tasks.with_untracked(|read| tasks_in(read).iter().filter(|t| ticked.contains(&t.id)).cloned().collect());
        filter.ticked.set(Vec::new());
        reassign(chosen, filter.to.get_untracked(), filter.message);
    };
    let text_input = |id: &'static str, label: &'static str, signal: RwSignal<String>| {
        view! {
            <div class="form-group form-group--inline">
                <label class="label" for=id>{label}</label>
                <input id=id class="input" type="text" prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <section aria-labelledby="team-list-heading">
            <h2 id="team-list-heading">"Tasks"</h2>
            <div class="filters" data-testid="task-filters">
                <label><input type="checkbox" prop:checked=move || filter.mine.get()
                    on:change=move |ev| filter.mine.set(event_target_checked(&ev))/>" My tasks only"</label>
                <div class="form-group form-group--inline">
                    <label class="label" for="filter-kind">"Kind"</label>
                    <select id="filter-kind" class="input" on:change=move |ev| filter.kind.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {TaskKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                {text_input("filter-assignee", "Assigned to", filter.assignee)}
                <div class="form-group form-group--inline">
                    <label class="label" for="filter-consultant">"Consultant"</label>
                    <select id="filter-consultant" class="input" on:change=move |ev| filter.consultant.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {move || consultants.get().into_iter().map(|(id, name)| {
                            let chosen = filter.consultant.get_untracked() == id;
                            view! { <option value=id selected=chosen>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group form-group--inline">
                    <label class="label" for="filter-status">"Status"</label>
                    <select id="filter-status" class="input" on:change=move |ev| filter.status.set(event_target_value(&ev))>
                        <option value="open" selected=true>"Open"</option>
                        <option value="done">"Done"</option>
                        <option value="">"Any"</option>
                    </select>
                </div>
                <label><input type="checkbox" prop:checked=move || filter.overdue.get()
                    on:change=move |ev| filter.overdue.set(event_target_checked(&ev))/>" Overdue only"</label>
                {text_input("filter-search", "Search", filter.search)}
            </div>
            <div class="form-group form-group--inline">
                {assignee_select("reassign-to", "Reassign to", filter.to.into(),
                    Callback::new(move |chosen| filter.to.set(chosen)), choices_for(None), true)}
                <button type="button" class="button" on:click=reassign_ticked>"Reassign ticked tasks"</button>
            </div>
            {outcome_line(filter.message, "reassigned-chosen", "reassign-chosen-error")}
            <p class="hint" data-testid="team-count">{move || {
                let n = shown.get().len();
                if n > MAX_ROWS { format!("{n} tasks; the first {MAX_ROWS} are shown: narrow the filters.") } else { count(n, "task", "tasks") }
            }}</p>
            <ul class="tasks">
                {move || shown.get().into_iter().take(MAX_ROWS).map(|index| {
                    let Some(task) = tasks.with(|read| tasks_in(read).get(index as usize).cloned()) else {
                        return ().into_any();
                    };
                    let overdue = task.status == TaskStatus::Open && task.due < today;
                    let id = task.id.clone();
                    let tick_id = id.clone();
                    view! {
                        <li class="tasks__item" class:tasks__item--overdue=overdue data-testid="team-task" data-task-id=id.clone()>
                            <label>
                                <input type="checkbox" aria-label=format!("Tick {}", task.title)
                                    prop:checked=move || filter.ticked.with(|t| t.contains(&tick_id))
                                    on:change={
                                        let id = id.clone();
                                        move |ev| {
                                            let on = event_target_checked(&ev);
                                            filter.ticked.update(|t| {
                                                t.retain(|x| *x != id);
                                                if on { t.push(id.clone()) }
                                            })
                                        }
                                    }/>
                                " "
                                <a href=format!("/tasks/{}", task.id)>{task.title.clone()}</a>
                            </label>
                            {names.with(|names| {
                                names.as_ref().and_then(|n| n.patient(task.patient_id.as_deref())).map(|who| view! {
                                    <p class="tasks__meta" data-testid="team-task-patient">
                                        <a href=task.patient_id.as_ref().map(|id| format!("/patients/{id}"))>{who.name.clone()}</a>
                                        {format!(" · NHS {} · born {}", who.nhs_number, who.born)}
                                    </p>
                                })
                            })}
                            <p class="tasks__meta">
                                <span class="tag">{task.kind.label()}</span>
                                {format!(" Due {} · {}", uk_date(task.due), task.assignee)}
                                {overdue.then(|| view! { " " <span class="tag tag--red">"Overdue"</span> })}
                            </p>
                        </li>
                    }
                    .into_any()
                }).collect_view()}
            </ul>
        </section>
    }
}
