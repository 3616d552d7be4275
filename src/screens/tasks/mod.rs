//! Tasks: open ones (overdue first) with "Complete", then done ones with "Reopen", each naming its patient; a
//! search and filters kept in the address; only the rows in view drawn; logging a patient query; letter
//! turnaround; and one task's page (fields to edit, the letter's steps, the full history).

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use pathdesk_core::calendar::{read_typed_date, uk_date, uk_numeric_date};
use pathdesk_core::command::Command;
use pathdesk_core::command::{CompleteTask, EditTask, RecordLetterStep, ReopenTask};
use pathdesk_core::record::RecordKind;
use pathdesk_core::tasks::field::{FieldStamp, FieldValue};
use pathdesk_core::tasks::letters::{LetterLog, LetterSettings, LetterStage};
use pathdesk_core::tasks::merge::TaskChange;
use pathdesk_core::tasks::turnaround::{turnaround, ClinicPeriod, LetterForTurnaround, TurnaroundFigures};
use pathdesk_core::tasks::worklist::{TaskListQuery, TaskShow, Worklist};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};
use pathdesk_core::text::count;

use crate::desk::clock;
use crate::desk::local::stamp_task_edit;
use crate::desk::local::LocalError;
use crate::desk::store::{meta, records};
use crate::desk::Desk;
use crate::ui::address::{field_check, field_choice, query_navigator, search_form, with_every};
use crate::ui::assignee::{assignee_select, choices_for};
use crate::ui::form::{date_input, error_for, show_problems, text_box, BoxStyle, DateLayout, ErrorSummary, Problems};
use crate::ui::form::{outcome_line, Confirmation};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::names::{load_names, Names, Who};
use crate::ui::patient_banner::PatientBanner;
use crate::ui::query_form::QueryForm;
use crate::ui::virtual_rows::{virtual_table, ScrollBox};
use pathdesk_core::model::Patient;

/// Tasks read for the list, with the name of the person at this desk ("My tasks only").
#[derive(Clone)]
struct TaskData {
    tasks: Vec<Task>,
    me: String,
}

/// The list's columns (text, width class); the last, unnamed, holds Complete or Reopen.
const HEADINGS: &[(&str, &str)] = &[
    ("Task", "tasks-col--task"),
    ("Kind", "tasks-col--kind"),
    ("Patient", "tasks-col--patient"),
    ("Due", "tasks-col--due"),
    ("Assigned to", "tasks-col--assignee"),
    ("", "tasks-col--action"),
];

#[component]
pub fn TasksPage() -> impl IntoView {
    let today = clock::today();
    let data = load(|store| async move {
        let tasks = records::all::<Task>(&store, RecordKind::Task).await?;
        let me = meta::display_name(&store).await?;
        Ok(TaskData { tasks, me })
    });
    let latest = data.latest();
    let tasks_only = Signal::derive(move || latest.with(|d| d.as_ref().map(|d| d.tasks.clone())));
    let names = load_names();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        TaskListQuery::from_query(|key| map.get(key))
    });
    let go = query_navigator("/tasks");
    let set_query = StoredValue::new(move |change: &dyn Fn(&mut TaskListQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        go(next.to_pairs());
    });
    // A filter chosen: `apply` writes the chosen value into the query in the address.
    let choose = Callback::new(move |(value, apply): (String, fn(&mut TaskListQuery, String))| {
        set_query.with_value(|set| set(&move |q: &mut TaskListQuery| apply(q, value.clone())));
    });
    let search = RwSignal::new(query.get_untracked().search);
    // What a Complete or Reopen did, or why it could not be saved: said above the list, naming the task (a
    // completed task leaves the open list, so the person is told where it went).
    let action_error = RwSignal::new(None::<Result<String, String>>);
    view! {
        <h1>"Tasks"</h1>
        <p><a href="/tasks/team">"Team tasks: filters, workload, reassigning and cover for leave"</a></p>
        <p><a href="/tasks/escalations">"Escalations: patients who cannot be kept within a waiting-time deadline"</a></p>
        <details class="panel">
            <summary>"Log a patient query"</summary>
            <QueryForm/>
        </details>
        {search_form("tasks-search", "Find a task", "Title, patient's name, NHS number or hospital number, consultant, person", search,
            Callback::new(move |typed: String| set_query.with_value(|set| set(&move |q: &mut TaskListQuery| q.search = typed.clone()))))}
        <div class="desk-filters" data-testid="tasks-filters">
            {field_choice("tasks-show", "Show", TaskShow::ALL.iter().map(|s| (s.code().into(), s.label().into())).collect(), query,
                |q| q.show.code().to_string(), |q, v| q.show = TaskShow::from_code(&v), choose)}
            {field_choice("tasks-kind", "Kind", with_every("Any kind", TaskKind::ALL.iter().map(|k| (k.code().into(), k.label().into())).collect()), query,
                |q| q.kind.map_or("", |k| k.code()).to_string(), |q, v| q.kind = TaskKind::ALL.into_iter().find(|k| k.code() == v), choose)}
            {field_check("tasks-mine", "My tasks only", query, |q| q.mine, |q, v| q.mine = !v.is_empty(), choose)}
            {field_check("tasks-overdue", "Overdue only", query, |q| q.overdue_only, |q, v| q.overdue_only = !v.is_empty(), choose)}
        </div>
        {outcome_line(action_error, "task-action-done", "task-action-error")}
        {loaded::show_ready(data, move || view! {
            <TaskList data=latest names=names query=query today=today action_error=action_error/>
            <TurnaroundSection tasks=tasks_only names=names/>
        })}
    }
}

/// The tasks the query keeps: open ones (overdue first, then by due date), then done ones (latest first); only
/// the rows in view are drawn, so a team's thousands of tasks open at once.
#[component]
fn TaskList(
    data: Signal<Option<TaskData>>,
    names: Signal<Option<Names>>,
    query: Memo<TaskListQuery>,
    today: NaiveDate,
    action_error: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let shown = Memo::new(move |_| {
        query.with(|query| {
            data.with(|data| {
                names.with(|names| {
                    let Some(data) = data else { return Vec::new() };
                    let list = Worklist::with_search_text(&data.tasks, today, |task| {
                        names.as_ref().map_or(String::new(), |n| {
                            n.search_words(task.patient_id.as_deref(), task.consultant_id.as_deref())
                        })
                    });
                    list.task_list(query, &data.me)
                })
            })
        })
    });
    let summary = move || {
        data.with(|data| {
            let tasks = data.as_ref().map_or(&[][..], |d| d.tasks.as_slice());
            let open = tasks.iter().filter(|t| t.status == TaskStatus::Open);
            let overdue = open.clone().filter(|t| t.due < today).count();
            format!("{} open, {overdue} overdue", open.count())
        })
    };
    let scroll = ScrollBox::new();
    Effect::new(move |_| {
        query.track();
        scroll.to_top();
    });
    let total = Signal::derive(move || shown.with(Vec::len));
    view! {
        <p class="lede">{summary}</p>
        <p role="status" data-testid="tasks-count" data-count=move || shown.with(Vec::len)>
            {move || count(shown.with(Vec::len), "task", "tasks")}
        </p>
        <h2 id="tasks-list-heading" class="visually-hidden">"Tasks"</h2>
        {virtual_table(scroll, "tasks-list-heading", "tasks-scroll", HEADINGS, total, "No tasks match: change the search or the filters.",
            move |range| data.with(|data| names.with(|names| shown.with(|shown| {
                let Some(data) = data else { return ().into_any() };
                shown[range.clone()]
                    .iter()
                    .zip(range.start..)
                    .map(|(&index, position)| {
                        let task = data.tasks[index as usize].clone();
                        let who = names.as_ref().and_then(|n| n.patient(task.patient_id.as_deref())).cloned();
                        task_row(task, who, position, today, action_error)
                    })
                    .collect_view()
                    .into_any()
            }))))}
    }
}

/// One task on the list, with the patient it is about (name, NHS number, date of birth) and Complete, or Reopen
/// with its reason.
fn task_row(
    task: Task,
    who: Option<Who>,
    position: usize,
    today: NaiveDate,
    action_error: RwSignal<Option<Result<String, String>>>,
) -> AnyView {
    let state = Desk::get();
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let open = task.status == TaskStatus::Open;
    let overdue = open && task.due < today;
    let title = task.title.clone();
    // Completing and reopening are stamped by this device's clock, so they merge with what other desks did
    // meanwhile instead of being refused (see `pathdesk_core::tasks::merge`).
    let seen = task.clone();
    let run = move |command: fn(String, String, FieldStamp) -> Command, text: String, done: &'static str| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (seen, title) = (seen.clone(), title.clone());
        spawn_local(async move {
            let stamp = match crate::desk::current_store() {
                Ok(store) => stamp_task_edit(&store, Some(&seen)).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            let result = match stamp {
                Ok(stamp) => state.run_command(command(seen.id.clone(), text, stamp)).await.map_err(|e| match e {
                    LocalError::Rejected(rejection) => rejection.message,
                    other => other.to_string(),
                }),
                Err(message) => Err(message),
            };
            // The row may leave the list (a completed task leaves the open list): the confirmation takes the focus.
            action_error.try_set(Some(match result {
                Ok(()) => Ok(format!("{done}: {title}. Saved on this device.")),
                Err(message) => Err(format!("{title}: {message}")),
            }));
            busy.try_set(false);
        });
    };
    let complete = {
        let run = run.clone();
        move |_| {
            run(
                |task_id, _, stamp| Command::CompleteTask(CompleteTask { task_id, note: None, stamp: Some(stamp) }),
                String::new(),
                "Completed",
            )
        }
    };
    let reopen = move |_| {
        run(
            |task_id, reason, stamp| Command::ReopenTask(ReopenTask { task_id, reason, stamp: Some(stamp) }),
            reason.get_untracked(),
            "Reopened",
        )
    };
    let reason_id = format!("reopen-reason-{}", task.id);
    // The patient on two lines, so the row keeps its height: the name, then the NHS number and date of birth.
    let patient_href = task.patient_id.as_ref().map(|id| format!("/patients/{id}"));
    let patient = who.map(|who| {
        view! {
            <span class="cell-line"><a href=patient_href>{who.name.clone()}</a></span>
            <span class="cell-line">{format!("NHS {} · born {}", who.nhs_number, who.born)}</span>
        }
    });
    let action = if open {
        view! {
            <button type="button" class="button button--small" prop:disabled=move || busy.get() on:click=complete
                aria-label=format!("Complete: {}", task.title)>"Complete"</button>
        }
        .into_any()
    } else {
        view! {
            <label class="visually-hidden" for=reason_id.clone()>"Reason for reopening"</label>
            <input id=reason_id class="input input--compact" type="text" placeholder="Reason for reopening"
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <button type="button" class="button button--secondary button--small" prop:disabled=move || busy.get()
                on:click=reopen>"Reopen"</button>
        }
        .into_any()
    };
    view! {
        <tr class="ptl-row" class:tasks__row--overdue=overdue data-testid="task" data-task-id=task.id.clone()
            data-status=if open { "open" } else { "done" } aria-rowindex=position + 2>
            <td class="ptl-table__name"><a class="line-clamp" href=format!("/tasks/{}", task.id) title=task.title.clone()>{task.title.clone()}</a></td>
            <td>{task.kind.label()}</td>
            <td data-testid="task-patient">{patient}</td>
            <td class="nowrap">{uk_date(task.due)}{overdue.then(|| view! { " " <span class="tag tag--red">"Overdue"</span> })}</td>
            <td>{task.assignee.clone()}</td>
            <td class="nowrap">
                // Telling a patient of a cancellation or a move: the letter to print is one click away.
                {pathdesk_core::command::told_appointment(&task.id).map(|appointment| view! {
                    <a href=format!("/appointments/{appointment}/letter") data-testid="tell-letter">"Letter"</a>" "
                })}
                <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Tasks>{action}</crate::ui::allowed::IfMayChange>
            </td>
        </tr>
    }
    .into_any()
}

fn run_with(state: Desk, error: RwSignal<Option<String>>, busy: RwSignal<bool>, command: Command) {
    spawn_local(async move {
        match state.run_command(command).await {
            Ok(()) => error.set(None),
            Err(LocalError::Rejected(rejection)) => error.set(Some(rejection.message)),
            Err(other) => error.set(Some(other.to_string())),
        }
        busy.set(false);
    });
}

/// "80.0% sent within 5 working days (4 of 5); median 4 working days; 2 not sent yet", for the trust's standard.
pub fn headline(figures: &TurnaroundFigures, standard_working_days: u32) -> String {
    let mut text = if figures.sent == 0 {
        "No letters sent yet".to_string()
    } else {
        format!(
            "{} sent within {standard_working_days} working days ({} of {})",
            figures.within_standard(),
            figures.sent_within_standard,
            figures.sent
        )
    };
    if let Some(median) = figures.median_working_days() {
        text.push_str(&format!("; median {median} working days"));
    }
    if figures.not_sent > 0 {
        text.push_str(&format!("; {} not sent yet", figures.not_sent));
    }
    text
}

/// Letter turnaround for clinics in the chosen period: overall, per secretary, and per consultant by name, each
/// letter under the consultant whose clinic it is from.
#[component]
fn TurnaroundSection(tasks: Signal<Option<Vec<Task>>>, names: Signal<Option<Names>>) -> impl IntoView {
    let today = clock::today();
    let first = RwSignal::new(today - chrono::Days::new(90));
    let last = RwSignal::new(today);
    let first_text = RwSignal::new(uk_numeric_date(first.get_untracked()));
    let last_text = RwSignal::new(uk_numeric_date(last.get_untracked()));
    // The figures follow each date once it is a whole, real date; a wrong one is said at its field.
    let follow = move |text: RwSignal<String>, date: RwSignal<NaiveDate>, what: &'static str| {
        Effect::new(move || {
            if let Ok(typed) = read_typed_date(&text.get(), what) {
                date.set(typed);
            }
        });
        Signal::derive(move || {
            let typed = text.get();
            let complete = pathdesk_core::calendar::typed_date_parts(&typed).iter().all(|p| !p.trim().is_empty());
            complete.then(|| read_typed_date(&typed, what).err()).flatten()
        })
    };
    let first_problem = follow(first_text, first, "The first clinic date");
    let last_problem = follow(last_text, last, "The last clinic date");
    // Whose clinic each letter is from (read again when the tasks change).
    let clinic_consultants = load(move |store| {
        let ids: Vec<String> =
            tasks.with(|tasks| tasks.iter().flatten().filter(|t| t.letter.is_some()).map(|t| t.id.clone()).collect());
        async move { crate::desk::queries::clinic_consultants(&store, &ids).await }
    });
    let letters = Signal::derive(move || {
        let clinic = clinic_consultants.get().and_then(Result::ok).unwrap_or_default();
        tasks.with(|tasks| {
            tasks
                .iter()
                .flatten()
                .filter_map(|task| {
                    let mut letter = LetterForTurnaround::from_task(task, task.letter.as_ref()?);
                    if let Some(consultant) = clinic.get(&task.id) {
                        letter.consultant_id = consultant.clone();
                    }
                    Some(letter)
                })
                .collect::<Vec<LetterForTurnaround>>()
        })
    });
    let consultant_name = move |id: &str| {
        if id.is_empty() {
            return "not recorded".to_string();
        }
        names.with(|names| names.as_ref().and_then(|n| n.consultant(Some(id))).unwrap_or(id).to_string())
    };
    // The trust's letter standard (synced); the usual 5 working days until it is read.
    let trust =
        load(|store| async move { Ok(crate::desk::queries::trust_settings(&store).await?.letter_due_working_days) });
    let standard = move || trust.get().and_then(Result::ok).unwrap_or(LetterSettings::DEFAULT_TURNAROUND_WORKING_DAYS);
    let figures = move || {
        let settings = LetterSettings { turnaround_working_days: standard(), ..LetterSettings::default() };
        letters.with(|letters| {
            turnaround(letters, ClinicPeriod { first: first.get(), last: last.get() }, today, &settings)
        })
    };
    let row = |name: String, f: &TurnaroundFigures| {
        let median = f.median_working_days().map(|m| m.to_string()).unwrap_or_else(|| "–".to_string());
        view! {
            <tr>
                <th scope="row">{name}</th>
                <td>{f.letters}</td>
                <td>{f.sent}</td>
                <td data-testid="within-standard">{f.within_standard().to_string()}</td>
                <td>{median}</td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="turnaround-heading" data-testid="turnaround">
            <h2 id="turnaround-heading">"Letter turnaround"</h2>
            <p class="hint">
                {move || format!("Clinic letters sent within {} working days of the clinic, for clinics in the period.", standard())}
            </p>
            {date_input("turnaround-first", "Clinics from", "", first_text, first_problem, DateLayout::Inline)}
            {date_input("turnaround-last", "To", "", last_text, last_problem, DateLayout::Inline)}
            {move || match figures() {
                Err(e) => view! { <p class="error-message" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(t) => view! {
                    <p class="lede" data-testid="turnaround-all">{headline(&t.all, standard())}</p>
                    <table class="table">
                        <thead><tr><th>"Who"</th><th>"Letters"</th><th>"Sent"</th><th>{format!("Within {} working days", standard())}</th><th>"Median (working days)"</th></tr></thead>
                        <tbody>
                            {t.by_secretary.iter().map(|(name, f)| row(format!("Secretary: {name}"), f)).collect_view()}
                            {t.by_consultant.iter().map(|(id, f)| row(format!("Consultant: {}", consultant_name(id)), f)).collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any(),
            }}
        </section>
    }
}

/// One task: its fields (editable), the letter's steps, and the full history with the values that gave way.
#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let task_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let task = load(move |store| async move {
        let id = task_id.get();
        let merged = meta::merged_tasks(&store).await?.contains(&id);
        let task = records::one::<Task>(&store, RecordKind::Task, &id).await?;
        // The patient it is about, named at the top of the page.
        let patient = match task.as_ref().and_then(|task| task.patient_id.clone()) {
            Some(patient_id) => records::one::<Patient>(&store, RecordKind::Patient, &patient_id).await?,
            None => None,
        };
        Ok((task, merged, patient))
    });
    let form = TaskForm::new();
    view! {
        <p><a href="/tasks">"All tasks"</a></p>
        {loaded::show(task, move |(task, merged, patient): (Option<Task>, bool, Option<Patient>)| match task {
            None => view! {
                <h1>"Task not found"</h1>
                <p>"No task with this id is on this device. "<a href="/tasks">"Go to the task list"</a>"."</p>
            }
                .into_any(),
            Some(task) => view! { <TaskDetail task=task form=form merged=merged patient=patient/> }.into_any(),
        })}
    }
}

/// What is typed on a task's page, kept while the task reloads after a save or a sync. `None`: the task's value.
#[derive(Clone, Copy)]
struct TaskForm {
    title: RwSignal<Option<String>>,
    assignee: RwSignal<Option<String>>,
    due: RwSignal<Option<String>>,
    note: RwSignal<String>,
    /// What is wrong with the edit, at its boxes.
    problems: Problems,
    busy: RwSignal<bool>,
    reason: RwSignal<String>,
    letter_error: RwSignal<Option<String>>,
    letter_busy: RwSignal<bool>,
    /// "Changes saved" after a save, until the next one starts.
    done: RwSignal<Option<String>>,
}

impl TaskForm {
    fn new() -> TaskForm {
        TaskForm {
            title: RwSignal::new(None),
            assignee: RwSignal::new(None),
            due: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            problems: RwSignal::new(Vec::new()),
            busy: RwSignal::new(false),
            reason: RwSignal::new(String::new()),
            letter_error: RwSignal::new(None),
            letter_busy: RwSignal::new(false),
            done: RwSignal::new(None),
        }
    }

    /// After a save: show the task's values again.
    fn saved(&self) {
        self.title.set(None);
        self.assignee.set(None);
        self.due.set(None);
        self.note.set(String::new());
        self.problems.set(Vec::new());
        self.done.set(Some("Changes saved on this device.".to_string()));
    }
}

#[component]
fn TaskDetail(task: Task, form: TaskForm, merged: bool, patient: Option<Patient>) -> impl IntoView {
    let state = Desk::get();
    let TaskForm { problems, busy, note, .. } = form;
    let error = move |message: String| show_problems(problems, vec![("task-title-input".into(), message)]);
    let (task_title, task_assignee, task_due) = (task.title.clone(), task.assignee.clone(), uk_numeric_date(task.due));
    let title = Signal::derive(move || form.title.get().unwrap_or_else(|| task_title.clone()));
    let assignee = Signal::derive(move || form.assignee.get().unwrap_or_else(|| task_assignee.clone()));
    let choices = choices_for(task.consultant_id.clone());
    let due = Signal::derive(move || form.due.get().unwrap_or_else(|| task_due.clone()));
    // The date boxes write the form's due date once the person types in them (until then it is the task's).
    let due_text = RwSignal::new(due.get_untracked());
    Effect::new(move |drawn: Option<()>| {
        let typed = due_text.get();
        if drawn.is_some() {
            form.due.set(Some(typed));
        }
    });
    let due_problem = error_for(problems, "task-due-input");
    let original = task.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form.done.set(None);
        let mut found = Vec::new();
        if title.with_untracked(|t| t.trim().is_empty()) {
            found.push(("task-title-input".to_string(), "Enter a title that says what the task is".to_string()));
        }
        let due_date = read_typed_date(&due.get_untracked(), "Due date");
        if let Err(message) = &due_date {
            found.push(("task-due-input".to_string(), message.clone()));
        }
        let (Ok(due_date), true) = (due_date, found.is_empty()) else {
            show_problems(problems, found);
            return;
        };
        let values = [
            FieldValue::Title(title.get_untracked().trim().to_string()),
            FieldValue::Assignee(assignee.get_untracked().trim().to_string()),
            FieldValue::Due(due_date),
        ];
        let note_text = note.get_untracked();
        let task = original.clone();
        busy.set(true);
        spawn_local(async move {
            let stamp = match crate::desk::current_store() {
                Ok(store) => stamp_task_edit(&store, Some(&task)).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match stamp {
                Ok(stamp) => {
                    let change = TaskChange::edits(&task, values, &stamp);
                    let note = Some(note_text).filter(|n| !n.trim().is_empty());
                    match state.run_command(Command::EditTask(EditTask { change, note })).await {
                        Ok(()) => form.saved(),
                        Err(LocalError::Rejected(rejection)) => error(rejection.message),
                        Err(other) => error(other.to_string()),
                    }
                    busy.set(false);
                }
                Err(message) => {
                    error(message);
                    busy.set(false);
                }
            }
        });
    };
    let history = task.stamps.full_history(&task);
    let letter = task.letter.clone();
    let status = if task.status == TaskStatus::Open { "Open" } else { "Done" };
    view! {
        <h1 data-testid="task-title">{task.title.clone()}</h1>
        {patient.map(|patient| view! { <PatientBanner patient=patient/> })}
        <p class="lede">
            <span class="tag">{task.kind.label()}</span>
            " " <span data-testid="task-status">{status}</span>
            " · Due " <span data-testid="task-due">{uk_date(task.due)}</span>
            " · " <span data-testid="task-assignee">{task.assignee.clone()}</span>
        </p>
        {merged.then(|| view! {
            <p class="save-status" role="status" data-testid="task-merged">
                "A change made on this device met a later change made elsewhere, and the server merged them. \
                 Nothing was lost: the value that gave way is in the history below."
            </p>
        })}
        {pathdesk_core::tasks::validation::pathway_of_validation_task(&task.id)
            .filter(|_| task.kind == TaskKind::PathwayValidation && task.status == TaskStatus::Open)
            .map(|pathway| view! {
                <p><a class="button" href=format!("/validation/{pathway}") data-testid="task-validate">"Validate this pathway"</a></p>
            })}
        {task.query.as_ref().map(|q| view! {
            <p data-testid="task-query">{format!("{} query from {} about {}", q.channel.label(), q.who, q.about)}</p>
        })}
        {letter.map(|log| view! { <LetterSteps task_id=task.id.clone() log=log form=form/> })}
        <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">"Edit"</h2>
            <ErrorSummary problems=problems/>
            <form class="form" on:submit=save novalidate data-testid="task-edit">
                {text_box("task-title-input", "Title", "", title, Callback::new(move |typed| form.title.set(Some(typed))),
                    error_for(problems, "task-title-input"), BoxStyle { width: "input--wide", ..BoxStyle::default() })}
                {assignee_select("task-assignee-input", "Assigned to", assignee,
                    Callback::new(move |chosen| form.assignee.set(Some(chosen))), choices, false)}
                {date_input("task-due-input", "Due date", "", due_text, due_problem, DateLayout::Form)}
                <div class="form-group">
                    <label class="label" for="task-note-input">"Add a note"</label>
                    <textarea id="task-note-input" class="input" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button" prop:disabled=move || busy.get()>"Save changes"</button>
                <Confirmation message=form.done id="task-saved"/>
            </form>
        </section>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            <ul class="history" data-testid="task-history">
                {history.into_iter().map(|line| view! {
                    <li>{format!("{} — {}, {}", line.text, line.author, uk_date(line.written_on))}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The letter's steps so far (who, when) and the buttons for the next step or a step back.
#[component]
fn LetterSteps(task_id: String, log: LetterLog, form: TaskForm) -> impl IntoView {
    let state = Desk::get();
    let TaskForm { letter_error: error, letter_busy: busy, reason, .. } = form;
    let step = {
        let task_id = task_id.clone();
        move |stage: LetterStage, back: bool| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let back_because = back.then(|| reason.get_untracked());
            let command = Command::RecordLetterStep(RecordLetterStep {
                task_id: task_id.clone(),
                stage,
                on: clock::today(),
                back_because,
            });
            run_with(state, error, busy, command);
        }
    };
    let next = log.next_stage();
    let back_to = match log.stage() {
        Some(stage) if stage != LetterStage::Sent && stage > LetterStage::Dictated => {
            LetterStage::ALL.into_iter().find(|s| s.next() == Some(stage))
        }
        _ => None,
    };
    let step_next = step.clone();
    view! {
        <section aria-labelledby="letter-heading" data-testid="letter">
            <h2 id="letter-heading">"Letter"</h2>
            <p>{format!("Clinic on {}", uk_date(log.clinic_date))}</p>
            <ol class="letter-steps" data-testid="letter-steps">
                {log.step_lines().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ol>
            {move || error.get().map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
            {next.map(|stage| {
                let step_next = step_next.clone();
                view! {
                    <button type="button" class="button" prop:disabled=move || busy.get()
                        on:click=move |_| step_next(stage, false)>
                        {stage.label()}
                    </button>
                }
            })}
            {back_to.map(|stage| {
                let step = step.clone();
                view! {
                    <div class="form-group form-group--inline">
                        <label class="label" for="letter-back-reason">"Reason for sending back"</label>
                        <input id="letter-back-reason" class="input" type="text" prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <button type="button" class="button button--secondary" prop:disabled=move || busy.get()
                            on:click=move |_| step(stage, true)>
                            {format!("Send back to {stage}")}
                        </button>
                    </div>
                }
            })}
        </section>
    }
}
