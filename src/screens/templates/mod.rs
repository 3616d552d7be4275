//! Clinics → Templates: each consultant's weekly clinic templates; create or edit one (saved with compare-and-set:
//! a stale edit says "changed since you opened it", shows the other version and keeps what was typed); make the
//! dated clinics of a template for a range of dates.

pub mod model;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::Area;
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::{read_typed_date, uk_date, uk_numeric_date};
use pathdesk_core::command::{Command, RejectionCode};
use pathdesk_core::command::{GenerateSessions, SaveClinicTemplate};
use pathdesk_core::model::{ClinicTemplate, Consultant};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;

use self::model::slot_field;
use self::model::{weekday_label, SlotDraft, TemplateDraft, SLOT_TYPES, WEEKDAYS};
use crate::desk::clock;
use crate::desk::local::LocalError;
use crate::desk::state::{current_store, Desk};
use crate::desk::store::records;
use crate::ui::clinics_nav::ClinicsNav;
use crate::ui::form::Confirmation;
use crate::ui::form::{
    date_input, error_for, error_line, show_problems, text_box, BoxStyle, DateLayout, ErrorSummary, Problems,
};
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Clone)]
struct TemplatesData {
    consultants: Vec<Consultant>,
    templates: Vec<ClinicTemplate>,
}

#[component]
pub fn ClinicTemplatesPage() -> impl IntoView {
    let data = load(|store| async move {
        let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
        let mut templates: Vec<ClinicTemplate> = records::all(&store, RecordKind::ClinicTemplate).await?;
        sorting::sort_by(&mut templates, |a, b| {
            (a.weekday as u8, a.start, &a.name).cmp(&(b.weekday as u8, b.start, &b.name))
        });
        Ok(TemplatesData { consultants, templates })
    });
    let consultant = RwSignal::new(String::new());
    let draft: RwSignal<Option<TemplateDraft>> = RwSignal::new(None);
    let generate_for: RwSignal<Option<ClinicTemplate>> = RwSignal::new(None);
    // Said outside the editor, which closes once the template is saved.
    let saved: RwSignal<Option<String>> = RwSignal::new(None);
    // Only opening and closing the editor mounts it again, not each key typed into it.
    let editing = Memo::new(move |_| draft.with(Option::is_some));
    // Team leads and administrators change clinics; others see the templates without the buttons.
    let may_change = Desk::get().auth.works_on(Area::Clinics);
    view! {
        <h1>"Clinic templates"</h1>
        <ClinicsNav/>
        {loaded::show(data, move |data: TemplatesData| {
            if consultant.get_untracked().is_empty() {
                if let Some(first) = data.consultants.first() {
                    consultant.set(first.id.clone());
                }
            }
            let consultants = data.consultants.clone();
            let templates = data.templates.clone();
            view! {
                <div class="desk-filters">
                    <label class="label" for="tpl-consultant">"Consultant"</label>
                    <select id="tpl-consultant" class="input" on:change=move |ev| consultant.set(event_target_value(&ev))>
                        {consultants.iter().map(|c| view! {
                            <option value=c.id.clone() selected=consultant.get_untracked() == c.id>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <button type="button" class="button" data-testid="new-template" prop:hidden=!may_change on:click={
                        let consultants = consultants.clone();
                        move |_| {
                            let id = consultant.get_untracked();
                            if let Some(c) = consultants.iter().find(|c| c.id == id) {
                                let new_id = format!("tpl-{}", uuid::Uuid::new_v4());
                                draft.set(Some(TemplateDraft::new_for(new_id, &c.id, &c.specialty_id, &c.name)));
                            }
                        }
                    }>"New template"</button>
                </div>
                {move || {
                    let chosen = consultant.get();
                    let mine: Vec<ClinicTemplate> = templates.iter().filter(|t| t.consultant_id == chosen).cloned().collect();
                    if mine.is_empty() {
                        return view! { <p class="hint">"This consultant has no clinic templates yet. Choose “New template”."</p> }.into_any();
                    }
                    view! {
                        <table class="table" data-testid="templates">
                            <caption class="visually-hidden">"Clinic templates of the chosen consultant"</caption>
                            <thead><tr>
                                <th scope="col">"Clinic"</th><th scope="col">"Day"</th><th scope="col">"Time"</th>
                                <th scope="col">"Location"</th><th scope="col" class="table__numeric">"Slots"</th>
                                <th scope="col" class="table__numeric">"Version"</th><th scope="col">"Actions"</th>
                            </tr></thead>
                            <tbody>
                                {mine.into_iter().map(|t| {
                                    let edit = t.clone();
                                    let make = t.clone();
                                    view! {
                                        <tr>
                                            <td>{t.name.clone()}</td>
                                            <td>{weekday_label(t.weekday)}</td>
                                            <td>{format!("{}–{}", hhmm(t.start), hhmm(t.end))}</td>
                                            <td>{t.location.clone()}</td>
                                            <td class="table__numeric">{t.slots.len()}</td>
                                            <td class="table__numeric">{t.version}</td>
                                            <td>{may_change.then(|| view! {
                                                <button type="button" class="button button--secondary"
                                                    aria-label=format!("Edit {}", t.name)
                                                    on:click=move |_| draft.set(Some(TemplateDraft::from_template(&edit)))>"Edit"</button>
                                                " "
                                                <button type="button" class="button button--secondary"
                                                    aria-label=format!("Generate sessions of {}", t.name)
                                                    on:click=move |_| generate_for.set(Some(make.clone()))>"Generate sessions"</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            }
        })}
        // Outside the loaded data: a sync or a change elsewhere redraws the list, never the form being typed in.
        <Confirmation message=saved id="template-saved"/>
        {move || editing.get().then(|| view! { <TemplateEditor draft=draft saved=saved/> })}
        {move || generate_for.get().map(|template| view! { <GenerateSessionsForm template=template/> })}
    }
}

/// The editor of the template in `draft`; closes (sets `None`) when saved or cancelled.
#[component]
fn TemplateEditor(draft: RwSignal<Option<TemplateDraft>>, saved: RwSignal<Option<String>>) -> impl IntoView {
    let state = Desk::get();
    let problems: Problems = RwSignal::new(Vec::new());
    let changed: RwSignal<Option<String>> = RwSignal::new(None);
    let slot_count = Memo::new(move |_| draft.with(|d| d.as_ref().map(|d| d.slots.len()).unwrap_or(0)));
    let is_new = draft.with_untracked(|d| d.as_ref().is_some_and(|d| d.version == 0));

    let field = move |read: fn(&TemplateDraft) -> &String, write: fn(&mut TemplateDraft, String)| {
        (
            move || draft.with(|d| d.as_ref().map(|d| read(d).clone()).unwrap_or_default()),
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                draft.update(|d| {
                    if let Some(d) = d {
                        write(d, value)
                    }
                })
            },
        )
    };
    let (weekday, set_weekday) = field(|d| &d.weekday, |d, v| d.weekday = v);
    // The editor's text boxes: each reads and writes one field of the draft.
    let boxed = move |read: fn(&TemplateDraft) -> &String, write: fn(&mut TemplateDraft, String)| {
        let value = Signal::derive(move || draft.with(|d| d.as_ref().map(|d| read(d).clone()).unwrap_or_default()));
        let set = Callback::new(move |typed: String| {
            draft.update(|d| {
                if let Some(d) = d {
                    write(d, typed)
                }
            })
        });
        (value, set)
    };
    let tpl_box = move |id: &'static str,
                        label: &'static str,
                        hint: &'static str,
                        (value, set): (Signal<String>, Callback<String>)| {
        text_box(id, label, hint, value, set, error_for(problems, id), BoxStyle::default())
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        changed.set(None);
        let Some(typed) = draft.get_untracked() else { return };
        let template = match typed.to_template() {
            Ok(template) => template,
            Err(found) => {
                show_problems(problems, found);
                return;
            }
        };
        problems.set(Vec::new());
        let command = Command::SaveClinicTemplate(SaveClinicTemplate {
            template: template.clone(),
            expected_version: typed.version,
        });
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    saved.set(Some(format!("Saved “{}” on this device.", template.name)));
                    draft.set(None);
                }
                Err(LocalError::Rejected(rejection)) if rejection.code == RejectionCode::Conflict => {
                    // Show what the other person saved; what this person typed stays in the form.
                    let other = match current_store() {
                        Ok(store) => records::one::<ClinicTemplate>(&store, RecordKind::ClinicTemplate, &template.id)
                            .await
                            .ok()
                            .flatten(),
                        Err(_) => None,
                    };
                    changed.set(Some(match other {
                        Some(other) => format!(
                            "This template was changed since you opened it (you opened version {}; version {} is now saved: {}). Your changes are still in the form: compare them with it, then choose “Use the saved version” and make your change again.",
                            typed.version,
                            other.version,
                            other.describe()
                        ),
                        None => rejection.message,
                    }));
                }
                Err(error) => show_problems(problems, vec![("tpl-name".into(), error.to_string())]),
            }
        });
    };
    let use_saved = move |_| {
        let Some(typed) = draft.get_untracked() else { return };
        spawn_local(async move {
            if let Ok(store) = current_store() {
                if let Ok(Some(current)) =
                    records::one::<ClinicTemplate>(&store, RecordKind::ClinicTemplate, &typed.id).await
                {
                    // Keep the person's typing for fields they can copy back: only the version moves on.
                    let mut fresh = TemplateDraft::from_template(&current);
                    fresh.version = current.version;
                    draft.set(Some(fresh));
                    changed.set(None);
                }
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="tpl-editor-heading" data-testid="template-editor">
            <h2 class="card__heading" id="tpl-editor-heading">{if is_new { "New clinic template" } else { "Edit clinic template" }}</h2>
            <div data-testid="template-problems"><ErrorSummary problems=problems/></div>
            {move || changed.get().map(|message| view! {
                <div class="error-summary" role="alert" data-testid="template-changed">
                    <h3 class="error-summary__title">"Changed since you opened it"</h3>
                    <p>{message}</p>
                    <button type="button" class="button button--secondary" on:click=use_saved>"Use the saved version"</button>
                </div>
            })}
            <form on:submit=save novalidate>
                {tpl_box("tpl-name", "Clinic name", "", boxed(|d| &d.name, |d, v| d.name = v))}
                <div class="form-group">
                    <label class="label" for="tpl-day">"Day of the week"</label>
                    <select id="tpl-day" class="input" prop:value=weekday on:change=set_weekday>
                        {WEEKDAYS.iter().map(|(_, label)| view! { <option value=*label>{*label}</option> }).collect_view()}
                    </select>
                </div>
                {tpl_box("tpl-start", "Starts", "24-hour clock, for example 09:00", boxed(|d| &d.start, |d, v| d.start = v))}
                {tpl_box("tpl-end", "Ends", "24-hour clock, for example 12:30", boxed(|d| &d.end, |d, v| d.end = v))}
                {tpl_box("tpl-location", "Location", "", boxed(|d| &d.location, |d, v| d.location = v))}
                <table class="table" data-testid="template-slots">
                    <caption>"Slots"</caption>
                    <thead><tr>
                        <th scope="col">"Type"</th><th scope="col">"Starts (HH:MM)"</th><th scope="col">"Minutes"</th>
                        <th scope="col">"Patients (capacity)"</th><th scope="col">"Remove"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || 0..slot_count.get() key=|i| *i let:i>
                            <SlotRow draft=draft index=i problems=problems/>
                        </For>
                    </tbody>
                </table>
                <p>
                    {move || error_for(problems, "tpl-add-slot").get().map(|m| view! {
                        <span class="error-message" id="tpl-add-slot-error"><span class="visually-hidden">"Error: "</span>{m}</span>
                    })}
                    <button type="button" id="tpl-add-slot" class="button button--secondary" on:click=move |_| draft.update(|d| {
                        if let Some(d) = d {
                            let last = d.slots.last().cloned().unwrap_or_default();
                            d.slots.push(SlotDraft { slot_type: if last.slot_type.is_empty() { "new".into() } else { last.slot_type }, start: String::new(), minutes: last.minutes, capacity: "1".into() });
                        }
                    })>"Add a slot"</button>
                </p>
                <div class="button-group">
                    <button type="submit" class="button">"Save template"</button>
                    <button type="button" class="button button--secondary" on:click=move |_| draft.set(None)>"Close without saving"</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn SlotRow(draft: RwSignal<Option<TemplateDraft>>, index: usize, problems: Problems) -> impl IntoView {
    let read = move |pick: fn(&SlotDraft) -> &String| {
        move || draft.with(|d| d.as_ref().and_then(|d| d.slots.get(index)).map(|s| pick(s).clone()).unwrap_or_default())
    };
    let write = move |put: fn(&mut SlotDraft, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| {
                if let Some(slot) = d.as_mut().and_then(|d| d.slots.get_mut(index)) {
                    put(slot, value)
                }
            })
        }
    };
    let row = index + 1;
    // Each box with its own error above it, and the red bar on the cell.
    let cell = move |row: usize,
                     part: &'static str,
                     words: &'static str,
                     value: Box<dyn Fn() -> String + Send + Sync>,
                     set: Box<dyn Fn(leptos::ev::Event) + Send + Sync>| {
        let id = slot_field(row, part);
        let error = error_for(problems, id.clone());
        view! {
            <td class=move || if error.with(Option::is_some) { "table__cell--error" } else { "" }>
                {error_line(id.clone(), error)}
                <input id=id.clone() class="input input--short" type="text" inputmode="numeric" aria-label=format!("Slot {row} {words}")
                    aria-describedby=move || error.with(Option::is_some).then(|| format!("{id}-error"))
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=value on:input=set/>
            </td>
        }
    };
    view! {
        <tr>
            <td>
                <select class="input" aria-label=format!("Slot {row} type") prop:value=read(|s| &s.slot_type) on:change=write(|s, v| s.slot_type = v)>
                    {SLOT_TYPES.iter().map(|(slot_type, value)| view! { <option value=*value>{slot_type.label()}</option> }).collect_view()}
                </select>
            </td>
            {cell(row, "start", "start", Box::new(read(|s| &s.start)), Box::new(write(|s, v| s.start = v)))}
            {cell(row, "minutes", "minutes", Box::new(read(|s| &s.minutes)), Box::new(write(|s, v| s.minutes = v)))}
            {cell(row, "capacity", "capacity", Box::new(read(|s| &s.capacity)), Box::new(write(|s, v| s.capacity = v)))}
            <td>
                <button type="button" class="button button--secondary" aria-label=format!("Remove slot {row}")
                    on:click=move |_| draft.update(|d| { if let Some(d) = d { if index < d.slots.len() { d.slots.remove(index); } } })>"Remove"</button>
            </td>
        </tr>
    }
}

/// "Generate sessions": the dated clinics of `template` from one date to another (bank holidays skipped).
#[component]
fn GenerateSessionsForm(template: ClinicTemplate) -> impl IntoView {
    let state = Desk::get();
    let today = clock::today();
    let from = RwSignal::new(uk_numeric_date(today));
    let to = RwSignal::new(uk_numeric_date(today + chrono::Days::new(12 * 7 - 1)));
    let from_problem = RwSignal::new(None::<String>);
    let to_problem = RwSignal::new(None::<String>);
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let name = template.name.clone();
    let template_id = template.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let first = read_typed_date(&from.get_untracked(), "The first date");
        let last = read_typed_date(&to.get_untracked(), "The last date");
        from_problem.set(first.clone().err());
        to_problem.set(last.clone().err());
        let (first, last) = match (first, last) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                message.set(Some((false, e)));
                return;
            }
        };
        let command =
            Command::GenerateSessions(GenerateSessions { template_id: template_id.clone(), from: first, to: last });
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => message.set(Some((
                    true,
                    format!("Clinics made from {} to {}. They are in the diary.", uk_date(first), uk_date(last)),
                ))),
                Err(error) => message.set(Some((false, error.to_string()))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="generate-heading" data-testid="generate-sessions">
            <h2 class="card__heading" id="generate-heading">{format!("Generate sessions: {name}")}</h2>
            <form on:submit=submit novalidate>
                {date_input("gen-from", "From", "", from, from_problem.into(), DateLayout::Inline)}
                {date_input("gen-to", "To", "", to, to_problem.into(), DateLayout::Inline)}
                <button type="submit" class="button">"Generate sessions"</button>
            </form>
            <Confirmation message=Signal::derive(move || message.get().filter(|(ok, _)| *ok).map(|(_, text)| text)) id="generate-done"/>
            {move || message.get().filter(|(ok, _)| !*ok).map(|(_, text)| view! { <p class="error-message" role="alert">{text}</p> })}
        </section>
    }
}
