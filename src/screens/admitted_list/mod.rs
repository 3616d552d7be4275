//! Waiting list → Admitted list: patients a clinic listed for a day-case or inpatient procedure, by clinical priority
//! (P1 to P4) and then the next deadline. Each row names the patient (name, NHS number, date of birth), the
//! procedure, how and how soon, the pre-operative assessment, the to-come-in date once booked (or the date a
//! hospital-cancelled patient must be rebooked by), and lets the booking team book the date (the booking panel,
//! with its reasonable-offer rules), record the pre-operative assessment, and record what happened on the day. The
//! filters stay in the address (`/admitted-list?priority=p2&not_booked=1`), so a list can be bookmarked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use pathdesk_core::access::Area;
use pathdesk_core::admitted::{admitted_list, admitted_rows_with, AdmittedFilter, AdmittedRow, AdmittedSort};
use pathdesk_core::calendar::uk_date;
use pathdesk_core::command::{Command, RecordAdmissionOutcome, RecordPreOpAssessment};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::outcome::{AdmissionOutcome, IntendedManagement, PreOpStatus, SurgicalPriority};
use pathdesk_core::sorting;
use pathdesk_core::text::count;

use crate::desk::{clock, queries, Desk};
use crate::ui::address::{field_check, field_choice, query_navigator, search_form, with_every};
use crate::ui::allowed::IfMayChange;
use crate::ui::booking_panel::{BookingPanel, PanelMemory};
use crate::ui::form::Confirmation;
use crate::ui::form::{Field, Fields, Problems, TypedDate};
use crate::ui::loaded;
use crate::ui::loaded::load;

/// Rows drawn at first; "Show more" draws this many more.
const PAGE: usize = 100;

#[derive(Clone)]
struct AdmittedData {
    rows: Vec<AdmittedRow>,
    consultants: Vec<(String, String)>,
}

/// What is typed into a row's pre-operative assessment or on-the-day form: held by the page, so a sync that
/// draws the rows again does not clear it; cleared when another form is opened.
#[derive(Clone, Copy)]
struct Drafts {
    pre_op: RwSignal<String>,
    pre_op_on: TypedDate,
    day: RwSignal<String>,
    reason: RwSignal<String>,
}

impl Drafts {
    fn new() -> Drafts {
        let text = || RwSignal::new(String::new());
        Drafts { pre_op: text(), pre_op_on: TypedDate::new(), day: text(), reason: text() }
    }

    fn clear(&self) {
        for text in [self.pre_op, self.pre_op_on.text, self.day, self.reason] {
            text.set(String::new());
        }
    }
}

/// Which row has which form open.
#[derive(Clone, PartialEq)]
enum Open {
    Book(String),
    PreOp(String),
    Day(String),
}

#[component]
pub fn AdmittedListPage() -> impl IntoView {
    let today = clock::today();
    let data = load(move |store| async move {
        let read = queries::list_sources(&store, today).await?;
        let rows = admitted_rows_with(read.sources(), today, &read.clocks_of());
        let mut consultants: Vec<(String, String)> = read.consultants.into_iter().map(|c| (c.id, c.name)).collect();
        sorting::sort_by(&mut consultants, |a, b| a.1.cmp(&b.1));
        Ok(AdmittedData { rows, consultants })
    });
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        AdmittedFilter::from_query(|key| query.get(key))
    });
    let go = query_navigator("/admitted-list");
    let set_filter = move |change: &dyn Fn(&mut AdmittedFilter)| {
        let mut next = filter.get_untracked();
        change(&mut next);
        go(next.to_pairs());
    };
    let set_filter = StoredValue::new(set_filter);
    let shown = RwSignal::new(PAGE);
    let open: RwSignal<Option<Open>> = RwSignal::new(None);
    let memory = PanelMemory::new(None);
    let drafts = Drafts::new();
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    view! {
        <p><a href="/waiting-list">"Outpatient waiting list"</a>" · "<strong>"Admitted list"</strong></p>
        <h1>"Admitted list"</h1>
        <p class="lede">"Patients listed for a day-case or inpatient procedure: clinical priority first, then the next deadline of any waiting-time clock."</p>
        <Confirmation message=done id="admitted-done"/>
        {loaded::show(data, move |data: AdmittedData| {
            let rows = StoredValue::new(data.rows);
            let consultants = data.consultants;
            let choose = Callback::new(move |(value, apply): (String, SetFilter)| {
                shown.set(PAGE);
                set_filter.with_value(|set| set(&move |f: &mut AdmittedFilter| apply(f, value.clone())));
            });
            let search = RwSignal::new(filter.get_untracked().search);
            view! {
                <div class="desk-filters" data-testid="admitted-filters">
                    {field_choice("al-consultant", "Consultant", with_every("All consultants", consultants), filter, |f| f.consultant_id.clone(), |f, v| f.consultant_id = v, choose)}
                    {field_choice("al-management", "Management",
                        with_every("Day case and inpatient", IntendedManagement::ALL.iter().map(|m| (m.word().to_string(), m.label().to_string())).collect()), filter,
                        |f| f.management.map_or("", |m| m.word()).to_string(), |f, v| f.management = IntendedManagement::from_word(&v), choose)}
                    {field_choice("al-priority", "Clinical priority",
                        with_every("All priorities", SurgicalPriority::ALL.iter().map(|p| (p.word().to_string(), p.label().to_string())).collect()), filter,
                        |f| f.priority.map_or("", |p| p.word()).to_string(), |f, v| f.priority = SurgicalPriority::from_word(&v), choose)}
                    {field_choice("al-sort", "Order",
                        AdmittedSort::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect(), filter,
                        |f| f.sort.code().to_string(), |f, v| f.sort = AdmittedSort::from_code(&v), choose)}
                    {field_check("al-not-booked", "No date booked yet", filter, |f| f.not_booked, |f, v| f.not_booked = !v.is_empty(), choose)}
                    {search_form("al-search", "Find a patient", "Name, NHS number or hospital number", search,
                        Callback::new(move |typed: String| {
                            shown.set(PAGE);
                            set_filter.with_value(|set| set(&move |f: &mut AdmittedFilter| f.search = typed.clone()));
                        }))}
                </div>
                {move || {
                    let wanted = filter.get();
                    rows.with_value(|rows| {
                        let kept = admitted_list(rows, &wanted);
                        let total = kept.len();
                        let limit = shown.get().min(total);
                        let drawn: Vec<AdmittedRow> = kept.into_iter().take(limit).cloned().collect();
                        view! {
                            <p data-testid="admitted-count">{format!("{} on the admitted list{}", count(total, "patient", "patients"), if limit < total { format!(", showing the first {limit}") } else { String::new() })}</p>
                            <table class="table desk-table" data-testid="admitted-table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Patient"</th>
                                        <th scope="col">"Procedure"</th>
                                        <th scope="col">"Priority"</th>
                                        <th scope="col">"Pre-op"</th>
                                        <th scope="col">"Listed"</th>
                                        <th scope="col">"Next deadline"</th>
                                        <th scope="col">"To come in"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {drawn.into_iter().map(|row| view! { <AdmittedRowView row=row open=open memory=memory drafts=drafts done=done/> }).collect_view()}
                                </tbody>
                            </table>
                            {(limit < total).then(|| view! {
                                <button type="button" class="button button--secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                                    {format!("Show {} more", PAGE.min(total - limit))}
                                </button>
                            })}
                        }
                    })
                }}
            }
        })}
    }
}

/// Writes a chosen value into the list's filter.
type SetFilter = fn(&mut AdmittedFilter, String);

/// `first` then `options`: a filter's "every" choice before its values.
#[component]
fn AdmittedRowView(
    row: AdmittedRow,
    open: RwSignal<Option<Open>>,
    memory: PanelMemory,
    drafts: Drafts,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let today = clock::today();
    let id = row.row.pathway_id.clone();
    let name = row.row.patient_name.clone();
    let listing = row.listing.clone();
    let who = format!(
        "NHS {} · born {}",
        format_nhs_number(&row.row.nhs_number),
        row.born.map(uk_date).unwrap_or_else(|| "not recorded".into())
    );
    let management = format!(
        "{}{}",
        listing.management.label(),
        listing.expected_minutes.map(|m| format!(", {m} min")).unwrap_or_default()
    );
    let priority = match row.priority_due() {
        Some(due) => format!("{} · by {}", listing.priority.code(), uk_date(due)),
        None => listing.priority.code().to_string(),
    };
    let pre_op = match listing.pre_op {
        Some(p) => format!("{} {}", p.status.label(), uk_date(p.on)),
        None => "Not yet booked".to_string(),
    };
    let listed = format!(
        "{} ({})",
        uk_date(listing.listed_on),
        count((row.days_listed(today) / 7).max(0) as usize, "week", "weeks")
    );
    let deadline = row.row.next_deadline.map(|d| d.describe(today)).unwrap_or_else(|| "No clock running".into());
    let tci = row.tci.clone();
    let rebook = listing.rebook_by().filter(|_| tci.is_none());
    let day_due = tci.as_ref().is_some_and(|(date, _)| *date <= today);
    let is = move |which: fn(String) -> Open, id: &str| {
        let wanted = which(id.to_string());
        Memo::new(move |_| open.get().as_ref() == Some(&wanted))
    };
    let booking = is(Open::Book, &id);
    let pre_op_open = is(Open::PreOp, &id);
    let day_open = is(Open::Day, &id);
    let toggle = move |which: Open| {
        memory.reset(None);
        drafts.clear();
        open.update(|o| *o = if o.as_ref() == Some(&which) { None } else { Some(which) });
    };
    let (for_book, for_pre_op, for_day) = (id.clone(), id.clone(), id.clone());
    let (panel_book, panel_pre_op, panel_day) = (id.clone(), id.clone(), id.clone());
    let panel_name = name.clone();
    let booked = tci.is_some();
    let tci_day = tci.clone();
    let book_label = format!("Book a date to come in: {name}");
    let pre_op_label = format!("Pre-op assessment: {name}");
    let day_label = format!("Record the day: {name}");
    view! {
        <tr data-testid="admitted-row" data-pathway-id=id.clone()>
            <td><a href=format!("/patients/{}", row.row.patient_id)><strong>{name.clone()}</strong></a><br/><span class="hint">{who}</span></td>
            <td>{listing.procedure.clone()}<br/><span class="hint">{management}</span></td>
            <td data-testid="surgical-priority">{priority}</td>
            <td>{pre_op}</td>
            <td>{listed}</td>
            <td>{deadline}</td>
            <td data-testid="tci">
                {match (&tci, rebook) {
                    (Some((date, appointment)), _) => view! {
                        {uk_date(*date)} " " <a href=format!("/appointments/{appointment}/letter")>"Letter"<span class="visually-hidden">{format!(" for {name}")}</span></a>
                    }.into_any(),
                    (None, Some(by)) => view! { <span class="tag tag--red">{format!("Cancelled by the hospital: rebook by {}", uk_date(by))}</span> }.into_any(),
                    (None, None) => view! { <span class="hint">"Not booked"</span> }.into_any(),
                }}
                <IfMayChange area=Area::Booking>
                    <div class="no-print">
                        {(!booked).then(|| view! {
                            <button type="button" class="button button--secondary" aria-expanded=move || booking.get().to_string()
                                aria-label=book_label on:click=move |_| toggle(Open::Book(for_book.clone()))>"Book"</button>
                        })}
                        <button type="button" class="button button--secondary" aria-expanded=move || pre_op_open.get().to_string()
                            aria-label=pre_op_label on:click=move |_| toggle(Open::PreOp(for_pre_op.clone()))>"Pre-op assessment"</button>
                    </div>
                </IfMayChange>
                {day_due.then(|| view! {
                    <IfMayChange area=Area::ClinicOutcomes>
                        <button type="button" class="button" aria-expanded=move || day_open.get().to_string()
                            aria-label=day_label.clone() on:click=move |_| toggle(Open::Day(for_day.clone()))>"Record the day"</button>
                    </IfMayChange>
                })}
            </td>
        </tr>
        {move || booking.get().then(|| {
            let name = panel_name.clone();
            view! {
                <tr class="desk-table__panel"><td colspan="7">
                    <BookingPanel pathway_id=panel_book.clone() memory=memory on_booked=std::sync::Arc::new(move |_appointment: String| {
                        done.try_set(Some(format!("Date to come in booked for {name}. Saved on this device.")));
                        open.try_set(None);
                    })/>
                </td></tr>
            }
        })}
        {move || pre_op_open.get().then(|| view! {
            <tr class="desk-table__panel"><td colspan="7"><PreOpForm pathway_id=panel_pre_op.clone() drafts=drafts open=open done=done/></td></tr>
        })}
        {move || day_open.get().then(|| {
            let (_, appointment) = tci_day.clone().unwrap_or_default();
            view! { <tr class="desk-table__panel"><td colspan="7"><DayForm pathway_id=panel_day.clone() appointment_id=appointment drafts=drafts open=open done=done/></td></tr> }
        })}
    }
}

#[component]
fn PreOpForm(
    pathway_id: String,
    drafts: Drafts,
    open: RwSignal<Option<Open>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = Desk::get();
    let (status, on) = (drafts.pre_op, drafts.pre_op_on);
    let problems: Problems = RwSignal::new(Vec::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let chosen = PreOpStatus::from_word(&status.get_untracked());
        if chosen.is_none() {
            found.push(("pre-op-status".to_string(), "Choose where the assessment stands".to_string()));
        }
        let date = on.read("The assessment date").map_err(|e| found.push(("pre-op-on".to_string(), e))).ok();
        problems.set(found);
        let (Some(chosen), Some(date)) = (chosen, date) else { return };
        let command = Command::RecordPreOpAssessment(RecordPreOpAssessment {
            pathway_id: pathway_id.clone(),
            status: chosen,
            on: date,
        });
        run(state, command, "Pre-operative assessment recorded.".into(), "pre-op-status", open, done, problems);
    };
    let mut statuses = vec![(String::new(), "Choose".to_string())];
    statuses.extend(PreOpStatus::ALL.iter().map(|s| (s.word().to_string(), s.label().to_string())));
    let fields = vec![
        (Field::select("pre-op-status", "Pre-operative assessment", status, statuses), None),
        (
            Field::Date {
                id: "pre-op-on",
                legend: "Date",
                hint: "The date it is booked for, or was done. For example 14 12 2026",
                date: on,
            },
            None,
        ),
    ];
    view! {
        <form class="form" on:submit=submit novalidate>
            <Fields fields=fields problems=problems/>
            <button type="submit" class="button">"Save the assessment"</button>
        </form>
    }
}

/// Saves `command` on this device; on success closes the form and says `words`, else shows why at `field`.
fn run(
    state: Desk,
    command: Command,
    words: String,
    field: &'static str,
    open: RwSignal<Option<Open>>,
    done: RwSignal<Option<String>>,
    problems: Problems,
) {
    spawn_local(async move {
        match state.run_command(command).await {
            Ok(()) => {
                done.try_set(Some(format!("{words} Saved on this device.")));
                open.try_set(None);
            }
            Err(error) => {
                problems.try_set(vec![(field.to_string(), error.to_string())]);
            }
        }
    });
}

#[component]
fn DayForm(
    pathway_id: String,
    appointment_id: String,
    drafts: Drafts,
    open: RwSignal<Option<Open>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = Desk::get();
    let (outcome, reason) = (drafts.day, drafts.reason);
    let problems: Problems = RwSignal::new(Vec::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = AdmissionOutcome::from_word(&outcome.get_untracked()) else {
            problems.set(vec![("day-outcome".into(), "Choose what happened on the day".into())]);
            return;
        };
        if chosen == AdmissionOutcome::CancelledByHospital && reason.get_untracked().trim().is_empty() {
            problems.set(vec![("day-reason".into(), "Enter why the hospital cancelled".into())]);
            return;
        }
        problems.set(Vec::new());
        let command = Command::RecordAdmissionOutcome(RecordAdmissionOutcome {
            appointment_id: appointment_id.clone(),
            pathway_id: pathway_id.clone(),
            outcome: chosen,
            reason: reason.get_untracked(),
        });
        run(state, command, format!("{}: recorded.", chosen.label()), "day-outcome", open, done, problems);
    };
    let mut outcomes = vec![(String::new(), "Choose".to_string())];
    outcomes.extend(AdmissionOutcome::ALL.iter().map(|o| (o.word().to_string(), o.label().to_string())));
    let fields = vec![
        (Field::select("day-outcome", "What happened on the day?", outcome, outcomes), None),
        (Field::wide("day-reason", "Reason (when the hospital cancelled)", "", reason), None),
    ];
    view! {
        <form class="form" on:submit=submit novalidate>
            <Fields fields=fields problems=problems/>
            <button type="submit" class="button">"Save"</button>
        </form>
    }
}
