//! Waiting list: referrals waiting for a first appointment, follow-ups due and procedures to book, most urgent
//! first and then by the next deadline of any clock. A search by name, NHS number or hospital number, filters and
//! the order live in the address (bookmark or share a list); the table draws only the rows in view, so a trust's
//! whole list opens at once. "Book" opens the booking panel above the list for that patient.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Priority, SlotType};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::sorting;
use pathdesk_core::text::count;
use pathdesk_core::waiting::{waiting_list, waiting_rows, WaitingFilter, WaitingRow, WaitingSort};

use crate::desk::{clock, queries};
use crate::ui::address::{field_choice, query_navigator, search_form, with_every};
use crate::ui::booking_panel::{BookingPanel, PanelMemory};
use crate::ui::form::focus_element;
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::virtual_rows::{virtual_table, ScrollBox};

#[derive(Clone)]
struct WaitingData {
    rows: Vec<WaitingRow>,
    consultants: Vec<(String, String)>,
    specialties: Vec<(String, String)>,
}

/// The list's columns (text, width class); the last, unnamed, holds Book.
const HEADINGS: &[(&str, &str)] = &[
    ("Patient", "wl-col--patient"),
    ("NHS number", "wl-col--nhs"),
    ("Date of birth", "wl-col--born"),
    ("Priority", "wl-col--priority"),
    ("Needs", "wl-col--needs"),
    ("Next deadline", "wl-col--deadline"),
    ("", "wl-col--action"),
];

#[component]
pub fn WaitingListPage() -> impl IntoView {
    let today = clock::today();
    let data = load(move |store| async move {
        let read = queries::list_sources(&store, today).await?;
        let rows = waiting_rows(read.rows(today), &read.pathways, &read.patients);
        let mut consultants: Vec<(String, String)> = read.consultants.into_iter().map(|c| (c.id, c.name)).collect();
        sorting::sort_by(&mut consultants, |a, b| a.1.cmp(&b.1));
        let mut specialties: Vec<(String, String)> = read.specialties.into_iter().map(|s| (s.id, s.name)).collect();
        sorting::sort_by(&mut specialties, |a, b| a.1.cmp(&b.1));
        Ok(WaitingData { rows, consultants, specialties })
    });
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        WaitingFilter::from_query(|key| query.get(key))
    });
    let go = query_navigator("/waiting-list");
    let set_filter = StoredValue::new(move |change: &dyn Fn(&mut WaitingFilter)| {
        let mut next = filter.get_untracked();
        change(&mut next);
        go(next.to_pairs());
    });
    let open: RwSignal<Option<WaitingRow>> = RwSignal::new(None);
    let booked: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let memory = PanelMemory::new(None);
    let search = RwSignal::new(filter.get_untracked().search);
    view! {
        <p><strong>"Outpatient waiting list"</strong>" · "<a href="/admitted-list">"Admitted list"</a></p>
        <h1>"Waiting list"</h1>
        <p class="lede">"Referrals waiting for a first appointment, follow-ups due and procedures to book: most urgent first, then by the next deadline of any waiting-time clock."</p>
        {move || booked.get().map(|(id, name)| view! {
            <div class="card booking-done" role="status" data-testid="booked" id="booked" tabindex="-1">
                <p>{format!("Booked for {name}.")}</p>
                <a class="button button--secondary" href=format!("/appointments/{id}/letter")>"Appointment letter"</a>
            </div>
        })}
        {move || open.get().map(|w| booking_card(w, open, booked, memory))}
        {search_form("wl-search", "Find a patient", "Name, NHS number or hospital number", search,
            Callback::new(move |typed: String| set_filter.with_value(|set| set(&move |f: &mut WaitingFilter| f.search = typed.clone()))))}
        {loaded::show(data, move |data: WaitingData| {
            let choose = Callback::new(move |(value, apply): (String, SetFilter)| {
                set_filter.with_value(|set| set(&move |f: &mut WaitingFilter| apply(f, value.clone())));
            });
            let needs: Vec<(String, String)> =
                [SlotType::New, SlotType::FollowUp, SlotType::Procedure].iter().map(|s| (s.word().into(), s.label().into())).collect();
            let priorities: Vec<(String, String)> = Priority::ALL.iter().map(|p| (p.word().into(), p.label().into())).collect();
            let orders: Vec<(String, String)> = WaitingSort::ALL.iter().map(|s| (s.code().into(), s.label().into())).collect();
            view! {
                <div class="desk-filters" data-testid="waiting-filters">
                    {field_choice("wl-specialty", "Specialty", with_every("All specialties", data.specialties.clone()), filter, |f| f.specialty_id.clone(), |f, v| f.specialty_id = v, choose)}
                    {field_choice("wl-consultant", "Consultant", with_every("All consultants", data.consultants.clone()), filter, |f| f.consultant_id.clone(), |f, v| f.consultant_id = v, choose)}
                    {field_choice("wl-needs", "Needs", with_every("Any appointment", needs), filter, |f| f.needs.map_or("", |n| n.word()).to_string(), |f, v| f.needs = SlotType::from_word(&v), choose)}
                    {field_choice("wl-priority", "Priority", with_every("All priorities", priorities), filter, |f| f.priority.map_or("", |p| p.word()).to_string(), |f, v| f.priority = Priority::from_word(&v), choose)}
                    {field_choice("wl-sort", "Order", orders, filter, |f| f.sort.code().to_string(), |f, v| f.sort = WaitingSort::from_code(&v), choose)}
                </div>
                <WaitingTable rows=data.rows filter=filter open=open booked=booked memory=memory/>
            }
        })}
    }
}

/// Writes a chosen value into the list's filter.
type SetFilter = fn(&mut WaitingFilter, String);

/// `every` (the choice that keeps every row) before `options`.
/// The list itself: only the rows in view are drawn (the PTL's virtual scrolling), in the filter's order.
#[component]
pub fn WaitingTable(
    rows: Vec<WaitingRow>,
    filter: Memo<WaitingFilter>,
    open: RwSignal<Option<WaitingRow>>,
    booked: RwSignal<Option<(String, String)>>,
    memory: PanelMemory,
) -> impl IntoView {
    let rows = StoredValue::new(rows);
    let shown = Memo::new(move |_| filter.with(|f| rows.with_value(|rows| waiting_list(rows, f))));
    let scroll = ScrollBox::new();
    // A new search, filter or order starts at the top of the list.
    Effect::new(move |_| {
        filter.track();
        scroll.to_top();
    });
    let total = Signal::derive(move || shown.with(Vec::len));
    view! {
        <p role="status" data-testid="waiting-count" data-count=move || shown.with(Vec::len)>
            {move || {
                let total = rows.with_value(Vec::len);
                let kept = shown.with(Vec::len);
                if kept == total {
                    count(total, "patient waiting", "patients waiting")
                } else {
                    format!("{} of {total}", count(kept, "patient waiting", "patients waiting"))
                }
            }}
        </p>
        <h2 id="wl-list-heading" class="visually-hidden">"Patients waiting"</h2>
        {virtual_table(scroll, "wl-list-heading", "waiting-scroll", HEADINGS, total, "Nobody on the list matches: change the search or the filters.",
            move |range| rows.with_value(|rows| shown.with(|shown| {
                shown[range.clone()]
                    .iter()
                    .zip(range.start..)
                    .map(|(&index, position)| waiting_row(&rows[index as usize], position, open, booked, memory))
                    .collect_view()
                    .into_any()
            })))}
    }
}

fn waiting_row(
    w: &WaitingRow,
    position: usize,
    open: RwSignal<Option<WaitingRow>>,
    booked: RwSignal<Option<(String, String)>>,
    memory: PanelMemory,
) -> impl IntoView {
    let deadline = w.next_deadline();
    let row = &w.row;
    let needs = match w.follow_up_due {
        Some(due) => format!("{} by {}", w.slot_type.label(), uk_date(due)),
        None => w.slot_type.label().to_string(),
    };
    let pathway_id = row.pathway_id.clone();
    let id_for_open = pathway_id.clone();
    let is_open = Memo::new(move |_| open.with(|o| o.as_ref().is_some_and(|o| o.row.pathway_id == id_for_open)));
    let this = w.clone();
    let toggle = move |_| {
        let this = this.clone();
        memory.reset(None);
        booked.set(None);
        let opening = !is_open.get_untracked();
        open.set(opening.then_some(this));
        if opening {
            focus_element("booking-for");
        }
    };
    // Whichever running clock comes first: a cancer date (28, 31 or 62 days) or 18 weeks; then a follow-up's date.
    let breach = match (deadline, &row.rtt) {
        (Some(deadline), _) => deadline.describe(clock::today()),
        (None, Some(_)) => "Clock stopped".into(),
        (None, None) => "No clock".into(),
    };
    let cancer_deadline = deadline.is_some_and(|d| d.standard.is_cancer());
    let name = row.patient_name.clone();
    let href = format!("/patients/{}", row.patient_id);
    view! {
        <tr class="ptl-row" data-testid="waiting-row" data-pathway-id=pathway_id aria-rowindex=position + 2
            class:ptl-row--open=move || is_open.get()>
            <td class="ptl-table__name"><a href=href>{name.clone()}</a></td>
            <td class="nowrap">{format_nhs_number(&row.nhs_number)}</td>
            <td class="nowrap">{w.born.map(uk_date).unwrap_or_default()}</td>
            <td data-testid="priority">{row.priority.label()}</td>
            <td data-testid="needs">{needs}</td>
            <td data-testid="next-deadline" class:tag--warning=cancer_deadline>{breach}</td>
            <td>
                <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Booking>
                <button type="button" class="button button--secondary button--small" aria-expanded=move || is_open.get().to_string()
                    aria-controls="booking-for-card" aria-label=format!("Book {name}") on:click=toggle.clone()>
                    {move || if is_open.get() { "Close" } else { "Book" }}
                </button>
                </crate::ui::allowed::IfMayChange>
            </td>
        </tr>
    }
}

/// The booking panel for the patient chosen on the list, above the list: who (name, NHS number, date of birth),
/// what they need, and the panel. Focus moves to its heading when it opens.
fn booking_card(
    w: WaitingRow,
    open: RwSignal<Option<WaitingRow>>,
    booked: RwSignal<Option<(String, String)>>,
    memory: PanelMemory,
) -> impl IntoView {
    let name = w.row.patient_name.clone();
    let who = format!(
        "{} · NHS {} · born {}",
        w.row.patient_name,
        format_nhs_number(&w.row.nhs_number),
        w.born.map(uk_date).unwrap_or_default()
    );
    view! {
        <section class="card booking-for" id="booking-for-card" aria-labelledby="booking-for" data-testid="booking-for">
            <h2 class="card__heading" id="booking-for" tabindex="-1">{format!("Book: {who}")}</h2>
            <p>{format!("{} · {}", w.row.priority.label(), w.slot_type.label())}</p>
            <BookingPanel pathway_id=w.row.pathway_id.clone() memory=memory
                on_booked=std::sync::Arc::new(move |appointment_id: String| {
                    booked.try_set(Some((appointment_id, name.clone())));
                    open.try_set(None);
                    focus_element("booked");
                })/>
            <p><button type="button" class="button button--secondary" on:click=move |_| open.set(None)>"Close without booking"</button></p>
        </section>
    }
}
