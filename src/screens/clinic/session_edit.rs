//! Move one dated clinic: new start and end times or another room, for this date only (the template and the other
//! weeks stay as they are). The clinic's patients move with their slots and the booking team gets a task to tell
//! each of them. What was typed survives redraws after a sync and a refusal.

use chrono::NaiveTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::booking::{edit_session, SessionEditError, SessionTimes};
use pathdesk_core::calendar::{hhmm, read_typed_time};
use pathdesk_core::command::EditSession;
use pathdesk_core::command::{Command, RejectionCode};
use pathdesk_core::model::ClinicSession;
use pathdesk_core::text::count;

use crate::desk::clock;
use crate::desk::local::LocalError;
use crate::desk::Desk;
use crate::ui::form::Confirmation;
use crate::ui::form::{error_for, show_problems, text_box, BoxStyle, ErrorSummary, Problems};

/// What the person is typing, kept by the page so a redraw of the clinic does not lose it. `opened`: the clinic's
/// times and room when the person started typing, the version their change is checked against.
#[derive(Clone, Copy)]
pub struct SessionEditDraft {
    start: RwSignal<Option<String>>,
    end: RwSignal<Option<String>>,
    location: RwSignal<Option<String>>,
    opened: RwSignal<Option<SessionTimes>>,
    problems: Problems,
    saved: RwSignal<Option<String>>,
}

impl SessionEditDraft {
    pub fn new() -> Self {
        SessionEditDraft {
            start: RwSignal::new(None),
            end: RwSignal::new(None),
            location: RwSignal::new(None),
            opened: RwSignal::new(None),
            problems: RwSignal::new(Vec::new()),
            saved: RwSignal::new(None),
        }
    }

    fn clear(&self) {
        self.start.set(None);
        self.end.set(None);
        self.location.set(None);
        self.opened.set(None);
    }
}

impl Default for SessionEditDraft {
    fn default() -> Self {
        SessionEditDraft::new()
    }
}

/// The form, for a clinic that is not cancelled. `appointment_ids`: every appointment on its list as shown.
#[component]
pub fn SessionEditForm(
    session: ClinicSession,
    appointment_ids: Vec<String>,
    /// How many of them are booked and not yet here: the patients to tell.
    to_tell: usize,
    draft: SessionEditDraft,
) -> impl IntoView {
    let state = Desk::get();
    let shown = SessionTimes::of(&session);
    let hhmm = |t: NaiveTime| hhmm(t);
    let (shown_start, shown_end, shown_location) = (hhmm(shown.start), hhmm(shown.end), shown.location.clone());
    let value = move |field: RwSignal<Option<String>>, fallback: String| {
        move || field.get().unwrap_or_else(|| fallback.clone())
    };
    let shown_for_typing = shown.clone();
    let typed = move |field: RwSignal<Option<String>>, text: String| {
        if draft.opened.get_untracked().is_none() {
            draft.opened.set(Some(shown_for_typing.clone()));
        }
        field.set(Some(text));
    };
    let typed_start = typed.clone();
    let typed_end = typed.clone();
    let session_id = session.id.clone();
    let checked = StoredValue::new(session.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let was = draft.opened.get_untracked().unwrap_or_else(|| shown.clone());
        let mut problems = Vec::new();
        let start = time(draft.start.get_untracked(), was.start, "session-start", "Start time", &mut problems);
        let end = time(draft.end.get_untracked(), was.end, "session-end", "End time", &mut problems);
        let location = draft.location.get_untracked().unwrap_or_else(|| was.location.clone());
        draft.saved.set(None);
        let (Some(start), Some(end)) = (start, end) else {
            show_problems(draft.problems, problems);
            return;
        };
        // The core's own check of the move, said at the box it is about (it checks again when the change is saved).
        let now = SessionTimes { start, end, location: location.clone() };
        if let Err(error) = checked.with_value(|session| edit_session(session, &was, &now, clock::today())) {
            let field = match error {
                SessionEditError::NoLocation | SessionEditError::LocationTooLong { .. } => "session-location",
                SessionEditError::EndNotAfterStart { .. } => "session-end",
                _ => "session-start",
            };
            show_problems(draft.problems, vec![(field.to_string(), error.to_string())]);
            return;
        }
        let command = Command::EditSession(EditSession {
            session_id: session_id.clone(),
            edit_id: uuid::Uuid::new_v4().to_string(),
            was,
            now: SessionTimes { start, end, location },
            appointment_ids: appointment_ids.clone(),
        });
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    draft.clear();
                    draft.problems.set(Vec::new());
                    draft.saved.set(Some(if to_tell == 0 {
                        "Clinic moved: saved on this device.".to_string()
                    } else {
                        format!(
                            "Clinic moved: saved on this device. The booking team has {} to tell.",
                            count(to_tell, "patient", "patients")
                        )
                    }));
                }
                Err(LocalError::Rejected(rejection)) => {
                    // Changed on another desk: the next save is checked against the clinic as now shown.
                    if rejection.code == RejectionCode::Conflict {
                        draft.opened.set(None);
                    }
                    show_problems(draft.problems, vec![("session-start".into(), rejection.message)]);
                }
                Err(error) => show_problems(draft.problems, vec![("session-start".into(), error.to_string())]),
            }
        });
    };
    let problems = draft.problems;
    let field = move |id: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      value: Box<dyn Fn() -> String + Send + Sync>,
                      set: Box<dyn Fn(String) + Send + Sync>| {
        let style = BoxStyle { width: if hint.is_empty() { "" } else { "input--width-5" }, ..BoxStyle::default() };
        text_box(id, label, hint, Signal::derive(value), Callback::new(set), error_for(problems, id), style)
    };
    view! {
        <section class="card no-print" aria-labelledby="edit-session-heading" data-testid="session-edit">
            <h2 class="card__heading" id="edit-session-heading">"Change this clinic's times or room"</h2>
            <p class="hint">"For this date only. Patients move with their slots; the booking team gets a task to tell each of them."</p>
            <div data-testid="session-edit-problems"><ErrorSummary problems=draft.problems/></div>
            <form on:submit=on_submit novalidate>
                {field("session-start", "Start", "24-hour clock, for example 09:30", Box::new(value(draft.start, shown_start)), Box::new(move |text| typed_start(draft.start, text)))}
                {field("session-end", "End", "24-hour clock, for example 12:30", Box::new(value(draft.end, shown_end)), Box::new(move |text| typed_end(draft.end, text)))}
                {field("session-location", "Room or location", "", Box::new(value(draft.location, shown_location)), Box::new(move |text| typed(draft.location, text)))}
                <p><button type="submit" class="button" data-testid="session-edit-save">"Save the change"</button></p>
            </form>
            <Confirmation message=draft.saved id="session-edit-saved"/>
        </section>
    }
}

/// The typed time, or the clinic's own when the person did not touch the field.
fn time(
    typed: Option<String>,
    shown: NaiveTime,
    field: &str,
    what: &str,
    problems: &mut Vec<(String, String)>,
) -> Option<NaiveTime> {
    match typed {
        None => Some(shown),
        Some(text) => read_typed_time(&text, what).map_err(|problem| problems.push((field.to_string(), problem))).ok(),
    }
}
