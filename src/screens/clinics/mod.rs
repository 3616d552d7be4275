//! Clinics → Diary: one week of clinics for a consultant or a specialty, each session with its free and booked
//! slots; cancelled and reduced sessions are said in words. The week and the choice live in the address
//! (`?by=consultant&id=...&week=YYYY-MM-DD`), so a reload or a shared link shows the same week.

pub mod diary_items;

use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use pathdesk_core::booking::{diary_week, ClinicScope, DiaryDay, DiarySession};
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::model::{Appointment, ClinicSession, Consultant, Specialty};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;
use pathdesk_core::text::count;

pub use pathdesk_core::booking::week_start;

use crate::desk::clock;
use crate::desk::store::records;
use crate::ui::allowed::IfMayChange;
use crate::ui::clinics_nav::ClinicsNav;
use crate::ui::loaded;
use crate::ui::loaded::load;

/// Sessions grouped by week (Monday first), each week in date and time order.
pub fn by_week(mut sessions: Vec<ClinicSession>) -> Vec<(NaiveDate, Vec<ClinicSession>)> {
    sorting::sort_by(&mut sessions, |a, b| (a.date, a.start, &a.name).cmp(&(b.date, b.start, &b.name)));
    let mut weeks: Vec<(NaiveDate, Vec<ClinicSession>)> = Vec::new();
    for session in sessions {
        let monday = week_start(session.date);
        match weeks.last_mut() {
            Some((week, list)) if *week == monday => list.push(session),
            _ => weeks.push((monday, vec![session])),
        }
    }
    weeks
}

#[derive(Clone)]
struct DiaryData {
    sessions: Vec<ClinicSession>,
    appointments: Vec<Appointment>,
    consultants: Vec<Consultant>,
    specialties: Vec<Specialty>,
    meetings: Vec<pathdesk_core::mdt::MdtMeeting>,
    items: Vec<pathdesk_core::diary::DiaryItem>,
}

/// Whose diary: a consultant's or a specialty's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiaryChoice {
    Consultant(String),
    Specialty(String),
}

/// The diary's address for a choice and week.
pub fn diary_href(choice: &DiaryChoice, monday: NaiveDate) -> String {
    let (by, id) = match choice {
        DiaryChoice::Consultant(id) => ("consultant", id),
        DiaryChoice::Specialty(id) => ("specialty", id),
    };
    format!("/clinics?by={by}&id={id}&week={monday}")
}

#[component]
pub fn ClinicsPage() -> impl IntoView {
    let data = load(|store| async move {
        let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
        let mut specialties: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await?;
        sorting::sort_by(&mut specialties, |a, b| a.name.cmp(&b.name));
        Ok(DiaryData {
            sessions: records::all(&store, RecordKind::ClinicSession).await?,
            appointments: records::all(&store, RecordKind::Appointment).await?,
            consultants,
            specialties,
            meetings: records::all(&store, RecordKind::MdtMeeting).await?,
            items: records::all(&store, RecordKind::DiaryItem).await?,
        })
    });
    let query = use_query_map();
    let week = Memo::new(move |_| {
        let typed = query.with(|q| q.get("week")).and_then(|w| w.parse::<NaiveDate>().ok());
        week_start(typed.unwrap_or_else(clock::today))
    });
    let by_specialty = Memo::new(move |_| query.with(|q| q.get("by")).as_deref() == Some("specialty"));
    let chosen_id = Memo::new(move |_| query.with(|q| q.get("id")).unwrap_or_default());
    // Whose diary an item is added to: set as the week is drawn; the form stays while the week redraws on a sync.
    let diary_consultant = RwSignal::new(None::<String>);
    let adding = Memo::new(move |_| diary_consultant.get().map(|id| (id, week.get())));
    view! {
        <h1>"Clinics"</h1>
        <ClinicsNav/>
        {loaded::show(data, move |data: DiaryData| {
            let navigate = use_navigate();
            let go = move |choice: DiaryChoice, monday: NaiveDate| navigate(&diary_href(&choice, monday), NavigateOptions::default());
            // Default: the first consultant (or specialty) in the list.
            let choice = {
                let id = chosen_id.get();
                if by_specialty.get() {
                    let id = if id.is_empty() { data.specialties.first().map(|s| s.id.clone()).unwrap_or_default() } else { id };
                    DiaryChoice::Specialty(id)
                } else {
                    let id = if id.is_empty() { data.consultants.first().map(|c| c.id.clone()).unwrap_or_default() } else { id };
                    DiaryChoice::Consultant(id)
                }
            };
            let monday = week.get();
            let scope = match &choice {
                DiaryChoice::Consultant(id) => ClinicScope::Consultant(id),
                DiaryChoice::Specialty(id) => ClinicScope::Specialty(id),
            };
            let days = diary_week(&data.sessions, &data.appointments, &scope, monday);
            let sessions_in_week: usize = days.iter().map(|d| d.sessions.len()).sum();
            let consultant_names: std::collections::HashMap<String, String> =
                data.consultants.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
            let days_view = diary_days_view(days, &consultant_names);
            // The week's MDT meetings of the chosen service (a consultant's: their specialty's).
            let service = match &choice {
                DiaryChoice::Specialty(id) => Some(id.clone()),
                DiaryChoice::Consultant(id) => data.consultants.iter().find(|c| c.id == *id).map(|c| c.specialty_id.clone()),
            };
            let mut meetings: Vec<&pathdesk_core::mdt::MdtMeeting> = data
                .meetings
                .iter()
                .filter(|m| Some(&m.specialty_id) == service.as_ref() && m.date >= monday && m.date < monday + Days::new(7))
                .collect();
            meetings.sort_by_key(|m| m.date);
            // The week's meetings, admin and teaching of the consultant (or the specialty's consultants).
            let in_scope = |consultant_id: &str| match &choice {
                DiaryChoice::Consultant(id) => consultant_id == id,
                DiaryChoice::Specialty(id) => data.consultants.iter().any(|c| c.id == consultant_id && c.specialty_id == *id),
            };
            let mut items: Vec<pathdesk_core::diary::DiaryItem> = data
                .items
                .iter()
                .filter(|i| !i.cancelled && in_scope(&i.consultant_id) && i.date >= monday && i.date < monday + Days::new(7))
                .cloned()
                .collect();
            items.sort_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
            let items_empty = items.is_empty();
            let items_view = diary_items::week_items(items, &consultant_names);
            diary_consultant.set(match &choice { DiaryChoice::Consultant(id) => Some(id.clone()), DiaryChoice::Specialty(_) => None });
            let meetings_view = (!meetings.is_empty()).then(|| {
                let items = meetings
                    .into_iter()
                    .map(|m| view! {
                        <li class="list__item" data-testid="diary-mdt-meeting">
                            <a href=format!("/clinics/mdt/{}", m.id)>{m.name.clone()}</a>
                            {format!(" · {} · {} · {}", uk_day(m.date), m.location, count(m.patients.len(), "patient listed", "patients listed"))}
                        </li>
                    })
                    .collect_view();
                view! {
                    <section aria-labelledby="diary-mdt-heading">
                        <h2 id="diary-mdt-heading">"MDT meetings this week"</h2>
                        <ul class="list" data-testid="diary-mdt">{items}</ul>
                    </section>
                }
            });
            let (go_by, go_pick, go_prev, go_this, go_next) = (go.clone(), go.clone(), go.clone(), go.clone(), go);
            let (c_by, c_pick, c_prev, c_next) = (choice.clone(), choice.clone(), choice.clone(), choice.clone());
            let options = if by_specialty.get() {
                data.specialties.iter().map(|s| (s.id.clone(), s.name.clone())).collect::<Vec<_>>()
            } else {
                data.consultants.iter().map(|c| (c.id.clone(), c.name.clone())).collect::<Vec<_>>()
            };
            let selected_id = match &choice { DiaryChoice::Consultant(id) | DiaryChoice::Specialty(id) => id.clone() };
            view! {
                <div class="desk-filters">
                    <label class="label" for="diary-by">"Show the week of"</label>
                    <select id="diary-by" class="input" on:change=move |ev| {
                        let _ = &c_by;
                        let choice = if event_target_value(&ev) == "specialty" { DiaryChoice::Specialty(String::new()) } else { DiaryChoice::Consultant(String::new()) };
                        go_by(choice, monday)
                    }>
                        <option value="consultant" selected=!by_specialty.get_untracked()>"a consultant"</option>
                        <option value="specialty" selected=by_specialty.get_untracked()>"a specialty"</option>
                    </select>
                    <label class="label" for="diary-who">{if by_specialty.get_untracked() { "Specialty" } else { "Consultant" }}</label>
                    <select id="diary-who" class="input" on:change=move |ev| {
                        let id = event_target_value(&ev);
                        let choice = match &c_pick { DiaryChoice::Consultant(_) => DiaryChoice::Consultant(id), DiaryChoice::Specialty(_) => DiaryChoice::Specialty(id) };
                        go_pick(choice, monday)
                    }>
                        {options.into_iter().map(|(id, name)| {
                            let selected = id == selected_id;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="week-nav" role="group" aria-label="Week">
                    <button type="button" class="button button--secondary" on:click=move |_| go_prev(c_prev.clone(), monday - Days::new(7))>"← Previous week"</button>
                    <button type="button" class="button button--secondary" on:click=move |_| go_this(choice.clone(), week_start(clock::today()))>"This week"</button>
                    <button type="button" class="button button--secondary" on:click=move |_| go_next(c_next.clone(), monday + Days::new(7))>"Next week →"</button>
                </div>
                <h2 data-testid="diary-week">{format!("Week of {}", uk_date(monday))}</h2>
                <p class="hint">{count(sessions_in_week, "clinic this week", "clinics this week")}</p>
                <div class="diary" data-testid="diary">{days_view}</div>
                {meetings_view}
                <section aria-labelledby="diary-items-heading">
                    <h2 id="diary-items-heading">"Meetings, admin and teaching this week"</h2>
                    {items_empty.then(|| view! { <p class="hint">"Nothing else in the diary this week."</p> })}
                    {items_view}
                </section>
            }.into_any()
        })}
        {move || adding.get().map(|(consultant_id, monday)| view! {
            <IfMayChange area=pathdesk_core::access::Area::Clinics>
                <diary_items::AddDiaryItemForm consultant_id=consultant_id monday=monday/>
            </IfMayChange>
        })}
    }
}

/// The week's days and their sessions (the diary's body; also what the browser benchmark renders).
pub fn diary_days_view(
    days: Vec<DiaryDay<'_>>,
    consultants: &std::collections::HashMap<String, String>,
) -> impl IntoView {
    days.into_iter().map(|day| day_view(day, consultants)).collect_view()
}

fn day_view(day: DiaryDay<'_>, consultants: &std::collections::HashMap<String, String>) -> impl IntoView {
    let sessions = if day.sessions.is_empty() {
        view! { <p class="hint">"No clinics."</p> }.into_any()
    } else {
        day.sessions.iter().map(|s| session_view(s, consultants)).collect_view().into_any()
    };
    view! {
        <section class="diary__day" aria-label=uk_day(day.date)>
            <h3 class="diary__date">{uk_day(day.date)}</h3>
            {sessions}
        </section>
    }
}

/// One session: its name and times, its change in words, how many places are booked and free, and each slot.
pub fn session_view(
    diary: &DiarySession<'_>,
    consultants: &std::collections::HashMap<String, String>,
) -> impl IntoView {
    let session = diary.session;
    let class = match (diary.is_cancelled(), diary.change.is_some()) {
        (true, _) => "diary__session diary__session--cancelled",
        (false, true) => "diary__session diary__session--reduced",
        _ => "diary__session",
    };
    let consultant = consultants.get(&session.consultant_id).cloned().unwrap_or_else(|| session.consultant_id.clone());
    let slots = diary
        .slots
        .iter()
        .map(|slot| {
            let state = if diary.is_cancelled() {
                format!("{} booked, cancelled", slot.booked)
            } else if slot.free == 0 {
                format!("Full ({} booked)", slot.booked)
            } else if slot.booked == 0 {
                format!("{} free", slot.free)
            } else {
                format!("{} booked, {} free", slot.booked, slot.free)
            };
            let class =
                if slot.free == 0 || diary.is_cancelled() { "diary__slot diary__slot--full" } else { "diary__slot" };
            view! {
                <li class=class>
                    <span class="diary__slot-time">{hhmm(slot.slot.start)}</span>
                    " " {slot.slot.slot_type.label()} " · " {state}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class=class data-testid="diary-session" data-session-id=session.id.clone()>
            <h4 class="diary__session-name">
                <a href=format!("/clinics/sessions/{}", session.id)>{session.name.clone()}</a>
            </h4>
            <p>{format!("{}–{} · {} · {}", hhmm(session.start), hhmm(session.end), session.location, consultant)}</p>
            {diary.change.clone().map(|change| view! { <p class="tag tag--warning" data-testid="session-change">{change}</p> })}
            <p data-testid="session-places">{format!("{} booked, {} free", diary.booked(), diary.free())}</p>
            <ul class="diary__slots">{slots}</ul>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn clinic_weeks_start_on_monday() {
        assert_eq!(week_start(date(2026, 11, 22)), date(2026, 11, 16)); // Sunday -> Monday before
        assert_eq!(week_start(date(2026, 11, 16)), date(2026, 11, 16));
        assert!(by_week(vec![]).is_empty());
    }
}
