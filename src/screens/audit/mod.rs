//! The audit, for administrators: who did what, from which device, when and to which patient. Searched on the
//! server (it is not kept on devices) by user, patient and date range; exported as CSV for Excel.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::{AuditEntry, AuditPage};
use pathdesk_core::calendar::{hhmmss, uk_date};

use crate::desk::api::{self, AuditQuery};
use crate::desk::Desk;

/// "21 Nov 2026 14:05:09" in this desk's time zone, from the server's UTC timestamp.
fn when(at: &str) -> String {
    crate::desk::clock::local_date_time(at)
        .map(|t| format!("{} {}", uk_date(t.date()), hhmmss(t.time())))
        .unwrap_or_else(|| at.into())
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let state = Desk::get();
    let query = RwSignal::new(AuditQuery::default());
    let result = RwSignal::new(None::<Result<AuditPage, String>>);
    let busy = RwSignal::new(false);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let asked = query.get_untracked();
        if !asked.from.is_empty() && !asked.to.is_empty() && asked.from > asked.to {
            result.set(Some(Err("The “from” date is after the “to” date. Swap them and search again.".into())));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            result.set(Some(api::audit(&asked).await.map_err(|failure| failure.message())));
            busy.set(false);
        });
    };
    let text_field = move |id: &'static str,
                           label: &'static str,
                           kind: &'static str,
                           hint: &'static str,
                           get: fn(&AuditQuery) -> String,
                           set: fn(&mut AuditQuery, String)| {
        view! {
            <div class="form-group form-group--inline">
                <label class="label" for=id>{label}</label>
                <input id=id class="input" type=kind title=hint
                    prop:value=move || query.with(get)
                    on:input=move |ev| { let value = event_target_value(&ev); query.update(|q| set(q, value)); }/>
            </div>
        }
    };
    view! {
        <h1>"Audit"</h1>
        {move || (!state.auth.is_administrator()).then(|| view! {
            <p class="error-message" role="alert">"Only administrators can read the audit."</p>
        })}
        <Show when=move || state.auth.is_administrator()>
            <form class="form filters" on:submit=search role="search" aria-label="Search the audit">
                {text_field("audit-user", "User", "text", "A username, e.g. booking", |q| q.user.clone(), |q, v| q.user = v)}
                {text_field("audit-patient", "Patient", "text", "The patient's id", |q| q.patient.clone(), |q, v| q.patient = v)}
                {text_field("audit-from", "From", "date", "The first day", |q| q.from.clone(), |q, v| q.from = v)}
                {text_field("audit-to", "To", "date", "The last day", |q| q.to.clone(), |q, v| q.to = v)}
                <button type="submit" class="button" disabled=move || busy.get()>"Search"</button>
                " "
                <a class="button button--secondary" href=move || query.with(AuditQuery::csv_href) download="">"Export CSV"</a>
            </form>
            {move || result.get().map(|found| match found {
                Err(message) => view! { <p class="error-message" role="alert">{message}</p> }.into_any(),
                Ok(page) => results(page).into_any(),
            })}
        </Show>
    }
}

fn results(page: AuditPage) -> impl IntoView {
    let count = page.entries.len();
    view! {
        <p role="status">{match count { 0 => "Nothing found.".to_string(), 1 => "1 entry".to_string(), n => format!("{n} entries") }}</p>
        {page.truncated.then(|| view! { <p class="hint">"More entries matched than are shown: narrow the search."</p> })}
        <table class="table" data-testid="audit-results">
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"User"</th><th scope="col">"Device"</th>
                <th scope="col">"Action"</th><th scope="col">"Patient"</th><th scope="col">"Outcome"</th>
                <th scope="col">"Detail"</th>
            </tr></thead>
            <tbody>
                {page.entries.into_iter().map(|entry: AuditEntry| view! {
                    <tr data-testid="audit-entry" data-action=entry.action.clone()>
                        <td>{when(&entry.at)}</td>
                        <td>{entry.username}</td>
                        <td>{entry.device.unwrap_or_default()}</td>
                        <td>{entry.action.replace('_', " ")}</td>
                        <td>{entry.patient_id.unwrap_or_default()}</td>
                        <td>{entry.outcome}</td>
                        <td>{entry.detail.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
