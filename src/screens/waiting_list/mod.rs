//! Waiting list: referrals waiting for a first appointment and follow-ups due, most urgent first and then by
//! breach date, with a booking panel per row.

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Appointment, Consultant, Pathway, Patient, Specialty};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::ptl::{build_rows, PtlSources};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;
use pathdesk_core::text::count;

use crate::desk::clock;
use crate::desk::store::records;
use crate::ui::booking_panel::model::{filter_rows, waiting_rows, WaitingRow};
use crate::ui::booking_panel::{BookingPanel, PanelMemory};
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Clone)]
struct WaitingData {
    rows: Vec<WaitingRow>,
    consultants: Vec<(String, String)>,
    specialties: Vec<(String, String)>,
}

#[component]
pub fn WaitingListPage() -> impl IntoView {
    let today = clock::today();
    let data = load(move |store| async move {
        let pathways: Vec<Pathway> = records::all(&store, RecordKind::Pathway).await?;
        let patients: Vec<Patient> = records::all(&store, RecordKind::Patient).await?;
        let consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        let specialties: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await?;
        let appointments: Vec<Appointment> = records::all(&store, RecordKind::Appointment).await?;
        let sources = PtlSources {
            pathways: &pathways,
            patients: &patients,
            consultants: &consultants,
            specialties: &specialties,
            appointments: &appointments,
        };
        let rows = waiting_rows(build_rows(sources, today), &pathways);
        let mut consultants: Vec<(String, String)> = consultants.into_iter().map(|c| (c.id, c.name)).collect();
        sorting::sort_by(&mut consultants, |a, b| a.1.cmp(&b.1));
        let mut specialties: Vec<(String, String)> = specialties.into_iter().map(|s| (s.id, s.name)).collect();
        sorting::sort_by(&mut specialties, |a, b| a.1.cmp(&b.1));
        Ok(WaitingData { rows, consultants, specialties })
    });
    let specialty = RwSignal::new(String::new());
    let consultant = RwSignal::new(String::new());
    let open: RwSignal<Option<String>> = RwSignal::new(None);
    let booked: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let memory = PanelMemory::new(None);
    view! {
        <p><strong>"Outpatient waiting list"</strong>" · "<a href="/admitted-list">"Admitted list"</a></p>
        <h1>"Waiting list"</h1>
        <p class="lede">"Referrals waiting for a first appointment and follow-ups due: most urgent first, then by the next deadline of any waiting-time clock."</p>
        {move || booked.get().map(|(id, name)| view! {
            <div class="card booking-done" role="status" data-testid="booked">
                <p>{format!("Booked for {name}.")}</p>
                <a class="button button--secondary" href=format!("/appointments/{id}/letter")>"Appointment letter"</a>
            </div>
        })}
        {loaded::show(data, move |data: WaitingData| {
            let rows = filter_rows(&data.rows, &specialty.get(), &consultant.get());
            view! {
                <div class="desk-filters">
                    <label class="label" for="wl-specialty">"Specialty"</label>
                    <select id="wl-specialty" class="input" on:change=move |ev| specialty.set(event_target_value(&ev))>
                        <option value="" selected=specialty.get_untracked().is_empty()>"All specialties"</option>
                        {data.specialties.iter().map(|(id, name)| view! {
                            <option value=id.clone() selected=specialty.get_untracked() == *id>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <label class="label" for="wl-consultant">"Consultant"</label>
                    <select id="wl-consultant" class="input" on:change=move |ev| consultant.set(event_target_value(&ev))>
                        <option value="" selected=consultant.get_untracked().is_empty()>"All consultants"</option>
                        {data.consultants.iter().map(|(id, name)| view! {
                            <option value=id.clone() selected=consultant.get_untracked() == *id>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <p>{count(rows.len(), "patient waiting", "patients waiting")}</p>
                {if rows.is_empty() {
                    view! { <p>"Nobody is waiting without an appointment."</p> }.into_any()
                } else {
                    waiting_table(rows, open, booked, memory).into_any()
                }}
            }
        })}
    }
}

fn waiting_table(
    rows: Vec<WaitingRow>,
    open: RwSignal<Option<String>>,
    booked: RwSignal<Option<(String, String)>>,
    memory: PanelMemory,
) -> impl IntoView {
    view! {
        <table class="table desk-table">
            <thead>
                <tr>
                    <th scope="col">"Patient"</th>
                    <th scope="col">"NHS number"</th>
                    <th scope="col">"Priority"</th>
                    <th scope="col">"Needs"</th>
                    <th scope="col" class="table__numeric">"Weeks waited"</th>
                    <th scope="col">"Next deadline"</th>
                    <th scope="col"><span class="visually-hidden">"Action"</span></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|w| waiting_row(w, open, booked, memory)).collect_view()}
            </tbody>
        </table>
    }
}

fn waiting_row(
    w: WaitingRow,
    open: RwSignal<Option<String>>,
    booked: RwSignal<Option<(String, String)>>,
    memory: PanelMemory,
) -> impl IntoView {
    let deadline = w.next_deadline();
    let WaitingRow { row, slot_type, follow_up_due } = w;
    let needs = match follow_up_due {
        Some(due) => format!("{} by {}", slot_type.label(), uk_date(due)),
        None => slot_type.label().to_string(),
    };
    let pathway_id = row.pathway_id.clone();
    let id_for_toggle = pathway_id.clone();
    let id_for_open = pathway_id.clone();
    let is_open = Memo::new(move |_| open.get().as_deref() == Some(id_for_open.as_str()));
    let toggle = move |_| {
        let id = id_for_toggle.clone();
        memory.reset(None);
        open.update(|o| *o = if o.as_deref() == Some(id.as_str()) { None } else { Some(id) });
    };
    let running = row.rtt.as_ref().filter(|c| c.running);
    let weeks = running.map(|c| c.weeks_waited.to_string()).unwrap_or_else(|| "–".into());
    // Whichever running clock comes first: a cancer date (28, 31 or 62 days) or 18 weeks.
    let breach = match (deadline, &row.rtt) {
        (Some(deadline), _) => deadline.describe(clock::today()),
        (None, Some(_)) => "Clock stopped".into(),
        (None, None) => "No clock".into(),
    };
    let cancer_deadline = deadline.is_some_and(|d| d.standard.is_cancer());
    let name = row.patient_name.clone();
    let name_for_booked = name.clone();
    let href = format!("/patients/{}", row.patient_id);
    view! {
        <tr data-testid="waiting-row" data-pathway-id=pathway_id.clone()>
            <td><a href=href>{name.clone()}</a></td>
            <td class="nowrap">{format_nhs_number(&row.nhs_number)}</td>
            <td>{row.priority.label()}</td>
            <td data-testid="needs">{needs}</td>
            <td class="table__numeric">{weeks}</td>
            <td data-testid="next-deadline" class:tag--warning=cancer_deadline>{breach}</td>
            <td>
                <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Booking>
                <button type="button" class="button button--secondary" aria-expanded=move || is_open.get().to_string()
                    aria-label=format!("Book {name}") on:click=toggle>
                    {move || if is_open.get() { "Close" } else { "Book" }}
                </button>
                </crate::ui::allowed::IfMayChange>
            </td>
        </tr>
        {move || is_open.get().then(|| {
            let name = name_for_booked.clone();
            view! {
                <tr class="desk-table__panel">
                    <td colspan="7">
                        <BookingPanel pathway_id=pathway_id.clone() memory=memory
                            on_booked=std::sync::Arc::new(move |appointment_id: String| {
                                booked.try_set(Some((appointment_id, name.clone())));
                                open.try_set(None);
                            })/>
                    </td>
                </tr>
            }
        })}
    }
}
