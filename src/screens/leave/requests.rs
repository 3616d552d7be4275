//! Leave requests: anyone who books or types for a consultant asks for their annual or study leave here, with the
//! trust's notice rule shown as the dates are typed; a team lead approves or declines each. Approved leave is
//! recorded as the consultant's leave (listed below with the clinics it touches, to cancel or cover).

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::Area;
use pathdesk_core::calendar::{read_typed_date, uk_date};
use pathdesk_core::command::{Command, DecideLeave, RequestLeave};
use pathdesk_core::diary::{notice, LeaveKind, LeaveRequest, RequestStatus};
use pathdesk_core::model::Consultant;
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;

use super::ConsultantSelect;
use crate::desk::local::LocalError;
use crate::desk::store::records;
use crate::desk::{clock, queries, Desk};
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{
    date_input, error_for, show_problems, typed_range, Confirmation, DateLayout, ErrorSummary, Problems, SelectField,
    TextField,
};
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct RequestData {
    requests: Vec<LeaveRequest>,
    consultants: Vec<Consultant>,
    notice_weeks: i64,
}

#[component]
pub fn LeaveRequests() -> impl IntoView {
    let state = Desk::get();
    let data = load(|store| async move {
        let mut requests: Vec<LeaveRequest> = records::all(&store, RecordKind::LeaveRequest).await?;
        // Waiting for a decision first, then the soonest leave.
        sorting::sort_by(&mut requests, |a, b| {
            (a.status != RequestStatus::Requested, a.from, &a.id).cmp(&(
                b.status != RequestStatus::Requested,
                b.from,
                &b.id,
            ))
        });
        let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
        let notice_weeks = queries::trust_settings(&store).await?.booking.leave_notice_weeks;
        Ok(RequestData { requests, consultants, notice_weeks })
    });
    // The form lives outside the loaded data, so a sync never clears what is being typed.
    let consultant = RwSignal::new(String::new());
    let kind = RwSignal::new(LeaveKind::Annual.word().to_string());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let done = RwSignal::new(None::<String>);
    let known = StoredValue::new(Vec::<String>::new());
    // Reasons typed for declining, by request: the list redraws on a sync, and what was typed stays.
    let reasons = RwSignal::new(std::collections::HashMap::<String, String>::new());
    let notice_weeks = Memo::new(move |_| data.get().and_then(Result::ok).map_or(6, |d| d.notice_weeks));
    // The notice rule, said as soon as the first day reads as a date.
    let notice = move || {
        let first = read_typed_date(&from.get(), "First day").ok()?;
        Some(notice(clock::today(), first, notice_weeks.get()))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let (first, last) =
            match typed_range(from, to, ["request-from", "request-to"], ["The first day away", "The last day away"]) {
                Ok(days) => days,
                Err(found) => return show_problems(problems, found),
            };
        let consultant_id = consultant.get_untracked();
        let command = RequestLeave {
            request_id: format!("leave-{}", uuid::Uuid::new_v4()),
            consultant_id: consultant_id.clone(),
            kind: LeaveKind::from_word(&kind.get_untracked()).unwrap_or(LeaveKind::Annual),
            from: first,
            to: last,
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            known_requests: known.get_value(),
        };
        spawn_local(async move {
            match state.run_command(Command::RequestLeave(command)).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    note.set(String::new());
                    done.set(Some(format!(
                        "Leave from {} to {} asked for. Saved on this device; a team lead approves or declines it.",
                        uk_date(first),
                        uk_date(last)
                    )));
                }
                Err(LocalError::Rejected(rejection)) => {
                    let field = if rejection.message.contains("last day") { "request-to" } else { "request-from" };
                    show_problems(problems, vec![(field.into(), rejection.message)]);
                }
                Err(other) => show_problems(problems, vec![("request-from".into(), other.to_string())]),
            }
        });
    };
    let kinds: Vec<(String, String)> =
        LeaveKind::ALL.iter().map(|k| (k.word().to_string(), k.label().to_string())).collect();
    view! {
        <section aria-labelledby="requests-heading">
            <h2 id="requests-heading">"Leave requests"</h2>
            {loaded::show(data, move |data: RequestData| {
                known.set_value(data.requests.iter().map(|r| r.id.clone()).collect());
                if consultant.get_untracked().is_empty() {
                    if let Some(first) = data.consultants.first() {
                        consultant.set(first.id.clone());
                    }
                }
                let names: std::collections::HashMap<String, String> =
                    data.consultants.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
                if data.requests.is_empty() {
                    return view! { <p class="hint">"No leave requests on this device."</p> }.into_any();
                }
                view! {
                    <ul class="list" data-testid="leave-requests">
                        {data.requests.into_iter().map(|request| {
                            let who = names.get(&request.consultant_id).cloned().unwrap_or_else(|| request.consultant_id.clone());
                            view! { <RequestRow request=request who=who notice_weeks=data.notice_weeks reasons=reasons/> }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <IfMayChange area=Area::Tasks>
                <section class="card" aria-labelledby="request-form-heading">
                    <h3 class="card__heading" id="request-form-heading">"Ask for leave for a consultant"</h3>
                    <ErrorSummary problems=problems title="The leave was not asked for"/>
                    <form on:submit=submit novalidate data-testid="leave-request-form">
                        <div class="form-group">
                            <label class="label" for="request-consultant">"Consultant"</label>
                            <ConsultantSelect chosen=consultant id="request-consultant"/>
                        </div>
                        <SelectField id="request-kind" label="Kind of leave" value=kind options=Signal::derive(move || kinds.clone()) problems=problems/>
                        {date_input("request-from", "First day away", "", from, error_for(problems, "request-from"), DateLayout::Form)}
                        {date_input("request-to", "Last day away", "", to, error_for(problems, "request-to"), DateLayout::Form)}
                        {move || notice().map(|(short, words)| view! {
                            <p class=if short { "tag tag--warning" } else { "hint" } data-testid="request-notice">{words}</p>
                        })}
                        <TextField id="request-note" label="Note (optional)" value=note problems=problems wide=true/>
                        <button type="submit" class="button">"Ask for leave"</button>
                        <Confirmation message=done id="request-done"/>
                    </form>
                </section>
            </IfMayChange>
        </section>
    }
}

/// One request: who, when, the notice it gave, where it stands; for a team lead, Approve and Decline.
#[component]
fn RequestRow(
    request: LeaveRequest,
    who: String,
    notice_weeks: i64,
    reasons: RwSignal<std::collections::HashMap<String, String>>,
) -> impl IntoView {
    let state = Desk::get();
    let key = StoredValue::new(request.id.clone());
    let typed_reason = move || reasons.with(|r| key.with_value(|k| r.get(k).cloned().unwrap_or_default()));
    let problem = RwSignal::new(None::<String>);
    let waiting = request.status == RequestStatus::Requested;
    let decided = match (&request.decided_by, request.decided_on) {
        (Some(by), Some(on)) => format!(" by {by} on {}", uk_date(on)),
        _ => String::new(),
    };
    let declined = request.decline_reason.clone().map(|why| format!(": {why}")).unwrap_or_default();
    let ids = StoredValue::new((request.id.clone(), request.consultant_id.clone()));
    let decide = move |approve: bool| {
        let (request_id, consultant_id) = ids.get_value();
        let reason = untrack(typed_reason);
        let command = DecideLeave {
            request_id,
            approve,
            consultant_id,
            decline_reason: (!approve).then_some(reason).filter(|r| !r.trim().is_empty()),
        };
        spawn_local(async move {
            match state.run_command(Command::DecideLeave(command)).await {
                Ok(()) => problem.set(None),
                Err(LocalError::Rejected(rejection)) => problem.set(Some(rejection.message)),
                Err(other) => problem.set(Some(other.to_string())),
            }
        });
    };
    let reason_id = format!("decline-{}", request.id);
    let short = request.short_notice(notice_weeks);
    view! {
        <li class="list__item card" data-testid="leave-request" data-request-id=request.id.clone() data-status=request.status.word()>
            <h4 class="card__heading">{format!("{who}: {} to {}", uk_date(request.from), uk_date(request.to))}</h4>
            <p>{format!("{} · asked by {} on {}", request.leave_kind.label(), request.requested_by, uk_date(request.requested_on))}
                {request.note.clone().map(|n| format!(" · {n}"))}</p>
            <p class=if short { "tag tag--warning" } else { "hint" }>{request.notice_words(notice_weeks)}</p>
            <p data-testid="leave-request-status"><strong>{request.status.label()}</strong>{format!("{decided}{declined}")}</p>
            {waiting.then(|| view! {
                <IfMayChange area=Area::Escalations>
                    {move || problem.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
                    <div class="form-group">
                        <label class="label" for=reason_id.clone()>"Reason, if declining"</label>
                        <input id=reason_id.clone() class="input input--wide" type="text" prop:value=typed_reason
                            on:input=move |ev| { let typed = event_target_value(&ev); reasons.update(|r| { r.insert(key.get_value(), typed); }) }/>
                    </div>
                    <button type="button" class="button" on:click=move |_| decide(true)>"Approve"</button>
                    " "
                    <button type="button" class="button button--warning" on:click=move |_| decide(false)>"Decline"</button>
                </IfMayChange>
            })}
        </li>
    }
}
