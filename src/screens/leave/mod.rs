//! Clinics → Leave: record a consultant's leave; every leave on this device lists the clinics it touches (each to
//! be cancelled or covered, with a link to do it) and warns when it was given with less than the trust's notice.

pub mod requests;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::Area;
use pathdesk_core::booking::{leave_impact, BookingPolicy, Leave, LeaveError};
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::calendar::{read_typed_date, uk_date};
use pathdesk_core::command::Command;
use pathdesk_core::command::RecordLeave;
use pathdesk_core::model::{ClinicSession, Consultant};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;

use crate::desk::clock;
use crate::desk::queries;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::clinics_nav::ClinicsNav;
use crate::ui::form::{
    date_input, error_for, show_problems, Confirmation, DateLayout, ErrorSummary, Problems, TextField,
};
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Clone)]
struct LeaveData {
    consultants: Vec<Consultant>,
    leave: Vec<Leave>,
    sessions: Vec<ClinicSession>,
    policy: BookingPolicy,
}

#[component]
pub fn LeavePage() -> impl IntoView {
    let state = Desk::get();
    let data = load(|store| async move {
        let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
        let mut leave: Vec<Leave> = records::all(&store, RecordKind::Leave).await?;
        sorting::sort_by(&mut leave, |a, b| (b.from, &b.id).cmp(&(a.from, &a.id)));
        Ok(LeaveData {
            consultants,
            leave,
            sessions: records::all(&store, RecordKind::ClinicSession).await?,
            policy: queries::trust_settings(&store).await?.booking,
        })
    });
    // The form's fields live outside the loaded data, so a sync never clears what is being typed.
    let consultant = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let from_problem = error_for(problems, "leave-from");
    let to_problem = error_for(problems, "leave-to");
    let recorded: RwSignal<Option<String>> = RwSignal::new(None);
    let done: RwSignal<Option<String>> = RwSignal::new(None);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        recorded.set(None);
        done.set(None);
        let first = read_typed_date(&from.get_untracked(), "The first day away");
        let last = read_typed_date(&to.get_untracked(), "The last day away");
        let mut found = Vec::new();
        if let Err(message) = &first {
            found.push(("leave-from".to_string(), message.clone()));
        }
        if let Err(message) = &last {
            found.push(("leave-to".to_string(), message.clone()));
        }
        let id = format!("leave-{}", uuid::Uuid::new_v4());
        let today = clock::today();
        // Dates not typed right yet: the core still checks the rest (a one-day leave today stands in for them).
        let (from, to) = match (&first, &last) {
            (Ok(from), Ok(to)) => (*from, *to),
            _ => (today, today),
        };
        let leave = Leave {
            id: id.clone(),
            consultant_id: consultant.get_untracked(),
            from,
            to,
            reason: reason.get_untracked(),
            recorded_on: today,
        };
        // The core's own check of the leave, said at the box it is about.
        if let Err(error) = leave_impact(&BookingPolicy::default(), &leave, &[]) {
            let field = match error {
                LeaveError::EndsBeforeStart { .. } => "leave-to",
                LeaveError::NoReason => "leave-reason",
            };
            found.push((field.to_string(), error.to_string()));
        }
        if !found.is_empty() {
            show_problems(problems, found);
            return;
        }
        spawn_local(async move {
            match state.run_command(Command::RecordLeave(RecordLeave { leave })).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    reason.set(String::new());
                    recorded.set(Some(id));
                    done.set(Some(format!(
                        "Leave from {} to {} recorded. Saved on this device; the clinics it touches are listed below.",
                        uk_date(from),
                        uk_date(to)
                    )));
                }
                Err(e) => show_problems(problems, vec![("leave-from".into(), e.to_string())]),
            }
        });
    };

    view! {
        <h1>"Consultant leave"</h1>
        <ClinicsNav/>
        <requests::LeaveRequests/>
        {loaded::show(data, move |data: LeaveData| {
            if consultant.get_untracked().is_empty() {
                if let Some(first) = data.consultants.first() {
                    consultant.set(first.id.clone());
                }
            }
            let names: std::collections::HashMap<String, String> = data.consultants.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
            let just_recorded = recorded.get();
            let list = data.leave.iter().map(|leave| {
                let who = names.get(&leave.consultant_id).cloned().unwrap_or_else(|| leave.consultant_id.clone());
                let impact = leave_impact(&data.policy, leave, &data.sessions);
                let fresh = just_recorded.as_deref() == Some(leave.id.as_str());
                view! {
                    <section class="card" data-testid="leave" data-leave-id=leave.id.clone() aria-label=format!("Leave of {who}")>
                        <h3 class="card__heading">{format!("{who}: {} to {}", uk_date(leave.from), uk_date(leave.to))}</h3>
                        <p>{format!("{} · recorded {}", leave.reason, uk_date(leave.recorded_on))}{fresh.then_some(" · saved on this device")}</p>
                        {match impact {
                            Err(e) => view! { <p class="error-message">{e.to_string()}</p> }.into_any(),
                            Ok(impact) => {
                                let warn = impact.short_notice;
                                view! {
                                    <p class=if warn { "error-summary" } else { "hint" } role=if warn { "alert" } else { "status" } data-testid="leave-message">
                                        {warn.then(|| view! { <strong>"Warning: short notice. "</strong> })}
                                        {impact.message.clone()}
                                    </p>
                                    <ul data-testid="leave-sessions">
                                        {impact.sessions.iter().map(|s| {
                                            let href = format!("/clinics/sessions/{}?reason={}", s.id, js_sys::encode_uri_component(&leave.reason));
                                            let state = match &s.status { pathdesk_core::model::SessionStatus::Reduced { .. } => " (reduced)", _ => "" };
                                            view! {
                                                <li data-session-id=s.id.clone()>
                                                    {format!("{} {}–{}, {}{state} ", uk_day(s.date), hhmm(s.start), hhmm(s.end), s.name)}
                                                    <a href=href>"Cancel or reduce"</a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        }}
                    </section>
                }
            }).collect_view();
            view! {
                <h2>"Recorded leave"</h2>
                {if data.leave.is_empty() { Some(view! { <p class="hint">"No leave recorded on this device."</p> }) } else { None }}
                {list}
            }
        })}
        <IfMayChange area=Area::Clinics>
        <section class="card" aria-labelledby="leave-form-heading">
            <h2 class="card__heading" id="leave-form-heading">"Record leave"</h2>
            <div data-testid="leave-error"><ErrorSummary problems=problems/></div>
            <form on:submit=submit novalidate>
                <div class="form-group">
                    <label class="label" for="leave-consultant">"Consultant"</label>
                    <ConsultantSelect chosen=consultant/>
                </div>
                {date_input("leave-from", "First day away", "", from, from_problem, DateLayout::Form)}
                {date_input("leave-to", "Last day away", "", to, to_problem, DateLayout::Form)}
                <TextField id="leave-reason" label="Reason" value=reason problems=problems/>
                <button type="submit" class="button">"Record leave"</button>
                <Confirmation message=done id="leave-recorded"/>
            </form>
        </section>
        </IfMayChange>
    }
}

/// The consultant choice, read once from this device (it does not redraw on sync, so the choice stays put).
#[component]
fn ConsultantSelect(chosen: RwSignal<String>, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let consultants = load(|store| async move {
        let mut list: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        sorting::sort_by(&mut list, |a, b| a.name.cmp(&b.name));
        Ok(list)
    });
    view! {
        <select id=id.unwrap_or("leave-consultant") class="input" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
            {move || consultants.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                let selected = chosen.get_untracked() == c.id;
                view! { <option value=c.id.clone() selected=selected>{c.name}</option> }
            }).collect_view()}
        </select>
    }
}
