//! The PTL screen under its heading: the filter form, the headline figures, the weeks-waited chart, the export
//! and the table, which draws only the rows in view (virtual scrolling over the filtered, sorted indices).

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::Priority;
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::ptl::{
    csv_file_name, CancerFocus, CancerMeasure, Headline, PtlCancerClock, PtlRow, PtlSort, WeekBands,
};
use pathdesk_core::text::count;

use super::filters::PtlFilters;
use super::headline::PtlHeadline;
use super::model::{aria_sort, sort_after_click, FilterForm, SortColumn};
use super::{now_ms, PtlData};
use crate::ui::download::download;
use crate::ui::loaded::empty_list_text;
use crate::ui::tags::priority_class;
use crate::ui::virtual_rows::{spacer, ScrollBox};

/// The rows to show, in order, and how long filtering and sorting took.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    indices: Vec<u32>,
    total: usize,
    view_ms: f64,
}

const COLUMNS: usize = 9;

#[component]
pub fn PtlScreen(latest: RwSignal<Option<PtlData>, LocalStorage>) -> impl IntoView {
    let form = RwSignal::new(FilterForm::default());
    let sort = RwSignal::new(PtlSort::LongestWaitFirst);
    let filter = Memo::new(move |_| form.with(FilterForm::to_filter));
    let shown = Memo::new(move |_| {
        let filter = filter.get();
        let order = sort.get();
        latest.with(|data| {
            let data = data.as_ref()?;
            let started = now_ms();
            let indices = data.ptl.view(&filter, order);
            Some(Shown { indices, total: data.ptl.len(), view_ms: now_ms() - started })
        })
    });
    // Headline figures over the same filter, stopped clocks included: the RTT figures count only running
    // clocks anyway, and cancer performance counts met standards too.
    let headline = Memo::new(move |_| {
        let mut all = filter.get();
        all.waiting_only = false;
        latest.with(|data| {
            data.as_ref().map(|data| data.ptl.headline(&data.ptl.filter(&all), CancerMeasure::OnTheList, &data.targets))
        })
    });
    let chart = Memo::new(move |_| {
        latest.with(|data| {
            let data = data.as_ref()?;
            shown.with(|shown| {
                let shown = shown.as_ref()?;
                let distribution = data.ptl.distribution(&shown.indices, WeekBands::FOUR_WEEKLY);
                Some(pathdesk_core::ptl::distribution_svg(&distribution, 720, 260))
            })
        })
    });
    let cancer_view = Memo::new(move |_| form.with(|f| f.cancer_only));
    // The cancer PTL starts at the nearest deadline; the RTT list at the longest wait.
    Effect::new(move |was: Option<bool>| {
        let now = cancer_view.get();
        if was.is_some_and(|was| was != now) {
            sort.set(if now { PtlSort::NextDeadlineSoonestFirst } else { PtlSort::LongestWaitFirst });
        }
        now
    });
    let backstop = Memo::new(move |_| {
        latest.with(|data| {
            let data = data.as_ref()?;
            shown.with(|shown| Some(data.ptl.count(&shown.as_ref()?.indices, CancerFocus::Over104Days)))
        })
    });
    let consultants =
        Memo::new(move |_| latest.with(|d| d.as_ref().map(|d| d.consultants.clone()).unwrap_or_default()));
    let specialties =
        Memo::new(move |_| latest.with(|d| d.as_ref().map(|d| d.specialties.clone()).unwrap_or_default()));

    let scroll = ScrollBox::new();
    // A new filter or order starts at the top of the list.
    Effect::new(move |_| {
        filter.track();
        sort.track();
        scroll.to_top();
    });
    let window = scroll.window(move || shown.with(|s| s.as_ref().map_or(0, |s| s.indices.len())));

    // Printing: every row of the list as it is filtered and sorted, in a plain table the screen never shows (the
    // virtual list holds only the rows in view). Drawn when printing starts (the button, or the browser's own
    // print through `beforeprint`) and dropped once it is done.
    let printing = RwSignal::new(false);
    let listeners = (
        window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true)),
        window_event_listener(leptos::ev::afterprint, move |_| printing.set(false)),
    );
    on_cleanup(move || {
        listeners.0.remove();
        listeners.1.remove();
    });
    let print = move |_| {
        printing.set(true);
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            let _ = leptos::prelude::window().print();
        });
    };
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        let outcome = latest.with_untracked(|data| {
            let data = data.as_ref().ok_or_else(|| "The list is still loading.".to_string())?;
            shown.with_untracked(|shown| {
                let shown = shown.as_ref().ok_or_else(|| "The list is still loading.".to_string())?;
                download(&csv_file_name(data.ptl.as_of()), &data.ptl.csv(&shown.indices))
                    .map_err(|_| "The file could not be made on this device. Try again.".to_string())
            })
        });
        export_error.set(outcome.err());
    };

    let sort_button = move |column: SortColumn, label: &'static str| {
        view! {
            <button
                type="button"
                class="ptl-sort"
                on:click=move |_| sort.update(|s| *s = sort_after_click(*s, column))
            >
                {label}
                <span class="ptl-sort__arrow" aria-hidden="true">
                    {move || match aria_sort(sort.get(), column) {
                        "ascending" => "▲",
                        "descending" => "▼",
                        _ => "↕",
                    }}
                </span>
            </button>
        }
    };

    view! {
        <PtlFilters form=form consultants=consultants specialties=specialties/>
        {move || headline.get().map(|headline: Headline| view! { <PtlHeadline headline=headline/> })}
        <section class="ptl-chart-section" aria-labelledby="ptl-chart-heading">
            <h2 id="ptl-chart-heading">"Weeks waited"</h2>
            <p class="hint">"Pathways still waiting in this view, in 4-week bands. Bars past 18 weeks are red."</p>
            <div class="ptl-chart-box" data-testid="ptl-chart" inner_html=move || chart.get().unwrap_or_default()></div>
        </section>
        <section aria-labelledby="ptl-list-heading">
            <h2 id="ptl-list-heading">"Pathways"</h2>
            <div class="ptl-toolbar">
                {move || {
                    shown.get().map(|shown| {
                        let build_ms = latest.with(|d| d.as_ref().map(|d| d.build_ms).unwrap_or_default());
                        view! {
                            <p
                                class="ptl-count"
                                role="status"
                                data-testid="ptl-count"
                                data-count=shown.indices.len()
                                data-total=shown.total
                                data-build-ms=tenths(build_ms)
                                data-view-ms=tenths(shown.view_ms)
                            >
                                {format!("{} shown of {}", count(shown.indices.len(), "pathway", "pathways"), shown.total)}
                            </p>
                        }
                    })
                }}
                {move || (cancer_view.get()).then(|| view! {
                    <p class="tag tag--red" data-testid="ptl-backstop">
                        {format!("{} at 104 days or more on the 62-day pathway (backstop: review each for harm)", backstop.get().unwrap_or(0))}
                    </p>
                })}
                <button type="button" class="button button--secondary" on:click=export>"Export to CSV"</button>
                <button type="button" class="button button--secondary" on:click=print>"Print the list"</button>
            </div>
            {move || export_error.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
            <div
                class="ptl-scroll"
                node_ref=scroll.node
                tabindex="0"
                role="region"
                aria-labelledby="ptl-list-heading"
                data-testid="ptl-scroll"
                on:scroll=move |_| scroll.measure()
            >
                <table class="table ptl-table ptl-table--ptl" aria-rowcount=move || shown.with(|s| s.as_ref().map_or(1, |s| s.indices.len() + 1))>
                    <thead>
                        {move || if cancer_view.get() {
                            view! {
                                <tr aria-rowindex="1">
                                    <th scope="col">"Patient"</th>
                                    <th scope="col">"NHS number"</th>
                                    <th scope="col">"Consultant"</th>
                                    <th scope="col">"Priority"</th>
                                    <th scope="col">"28-day Faster Diagnosis"</th>
                                    <th scope="col">"62-day"</th>
                                    <th scope="col">"31-day"</th>
                                    <th scope="col" aria-sort=move || if sort.get() == PtlSort::NextDeadlineSoonestFirst { "ascending" } else { "none" }>
                                        <button type="button" class="ptl-sort" on:click=move |_| sort.set(PtlSort::NextDeadlineSoonestFirst)>
                                            "Next deadline"
                                        </button>
                                    </th>
                                </tr>
                            }.into_any()
                        } else {
                            view! {
                                <tr aria-rowindex="1">
                                    <th scope="col">"Patient"</th>
                                    <th scope="col">"NHS number"</th>
                                    <th scope="col">"Consultant"</th>
                                    <th scope="col">"Specialty"</th>
                                    <th scope="col">"Priority"</th>
                                    <th scope="col" class="table__numeric" aria-sort=move || aria_sort(sort.get(), SortColumn::WeeksWaited)>
                                        {sort_button(SortColumn::WeeksWaited, "Weeks waited")}
                                    </th>
                                    <th scope="col" aria-sort=move || aria_sort(sort.get(), SortColumn::BreachDate)>
                                        {sort_button(SortColumn::BreachDate, "Breach date")}
                                    </th>
                                    <th scope="col">"Next booked"</th>
                                    <th scope="col">"Validated in 12 weeks"</th>
                                </tr>
                            }.into_any()
                        }}
                    </thead>
                    <tbody>
                        {spacer(window, true, COLUMNS)}
                        {move || {
                            let rows = window.get();
                            latest.with(|data| {
                                shown.with(|shown| match (data, shown) {
                                    (Some(data), Some(shown)) if !shown.indices.is_empty() => shown.indices[rows.first..rows.end]
                                        .iter()
                                        .zip(rows.first..)
                                        .map(|(&index, position)| {
                                            if cancer_view.get() {
                                                cancer_row_view(data.ptl.row(index), position, data.ptl.as_of()).into_any()
                                            } else {
                                                row_view(data.ptl.row(index), position, data.ptl.as_of()).into_any()
                                            }
                                        })
                                        .collect_view()
                                        .into_any(),
                                    (Some(_), Some(_)) => view! {
                                        <tr><td colspan=COLUMNS data-testid="empty-list">{empty_list_text("No pathways match these filters.")}</td></tr>
                                    }
                                        .into_any(),
                                    _ => ().into_any(),
                                })
                            })
                        }}
                        {spacer(window, false, COLUMNS)}
                    </tbody>
                </table>
            </div>
            {move || printing.get().then(|| latest.with(|data| shown.with(|shown| match (data, shown) {
                (Some(data), Some(shown)) => print_table(data, &shown.indices).into_any(),
                _ => ().into_any(),
            })))}
        </section>
    }
}

fn row_view(row: &PtlRow, position: usize, as_of: chrono::NaiveDate) -> impl IntoView {
    let href = format!("/pathways/{}", row.pathway_id);
    let (weeks, breach, breach_iso) = match &row.rtt {
        Some(clock) if clock.running => {
            (clock.weeks_waited.to_string(), uk_date(clock.breach_date), clock.breach_date.to_string())
        }
        Some(clock) => (clock.weeks_waited.to_string(), "Clock stopped".to_string(), String::new()),
        None => ("–".to_string(), "No clock".to_string(), String::new()),
    };
    let next = match row.next_booked {
        Some(date) => uk_date(date),
        None if row.running_clock().is_some() => "Not booked".to_string(),
        None => "–".to_string(),
    };
    let priority: Priority = row.priority;
    let nhs = if row.nhs_number.is_empty() { "Not known".to_string() } else { format_nhs_number(&row.nhs_number) };
    let validated = match row.validation.last_validated {
        Some(on) if row.validation.validated_within_12_weeks(as_of) => format!("Yes, {}", uk_date(on)),
        Some(on) => format!("No (last {})", uk_date(on)),
        None => "No".to_string(),
    };
    view! {
        <tr
            class="ptl-row"
            data-testid="ptl-row"
            aria-rowindex=position + 2
            data-pathway-id=row.pathway_id.clone()
            data-consultant-id=row.consultant_id.clone()
            data-weeks=row.rtt.as_ref().map(|c| c.weeks_waited.to_string()).unwrap_or_default()
            data-running=row.running_clock().is_some().to_string()
            data-breach-date=breach_iso
        >
            <td class="ptl-table__name"><a href=href>{row.patient_name.clone()}</a></td>
            <td>{nhs}</td>
            <td>{row.consultant_name.clone()}</td>
            <td>{row.specialty_name.clone()}</td>
            <td><span class=priority_class(priority)>{priority.label()}</span></td>
            <td class="table__numeric">{weeks}</td>
            <td>{breach}</td>
            <td>{next}</td>
            <td data-testid="ptl-validated">{validated}</td>
        </tr>
    }
}

/// One row of the cancer PTL: each cancer clock's days used, deadline and status, the next deadline of any
/// clock, and whether the next step is booked.
fn cancer_row_view(row: &PtlRow, position: usize, as_of: chrono::NaiveDate) -> impl IntoView {
    let href = format!("/pathways/{}", row.pathway_id);
    let clock = |clock: Option<PtlCancerClock>| match clock {
        None => "–".to_string(),
        Some(c) => {
            let status = match (c.is_running(), c.within_standard) {
                (true, true) => "on track",
                (true, false) => "breached, still open",
                (false, true) => "met",
                (false, false) => "not met",
            };
            format!("day {} of {}, by {} ({status})", c.days_used, c.standard.days(), uk_date(c.deadline))
        }
    };
    let next = match (row.next_deadline, row.next_booked) {
        (Some(deadline), Some(booked)) => format!("{}; booked {}", deadline.describe(as_of), uk_date(booked)),
        (Some(deadline), None) => format!("{}; next step not booked", deadline.describe(as_of)),
        (None, _) => "No clock running".to_string(),
    };
    let priority: Priority = row.priority;
    let nhs = if row.nhs_number.is_empty() { "Not known".to_string() } else { format_nhs_number(&row.nhs_number) };
    view! {
        <tr class="ptl-row" data-testid="ptl-row" aria-rowindex=position + 2 data-pathway-id=row.pathway_id.clone()
            data-next-deadline=row.next_deadline.map(|d| d.date.to_string()).unwrap_or_default()>
            <td class="ptl-table__name"><a href=href>{row.patient_name.clone()}</a></td>
            <td>{nhs}</td>
            <td>{row.consultant_name.clone()}</td>
            <td><span class=priority_class(priority)>{priority.label()}</span></td>
            <td data-testid="ptl-fds">{clock(row.fds)}</td>
            <td data-testid="ptl-62">{clock(row.day62)}</td>
            <td data-testid="ptl-31">{clock(row.day31)}</td>
            <td data-testid="ptl-next-deadline">{next}</td>
        </tr>
    }
}

/// Every row of the list for paper: the columns a PTL meeting reads, headings repeated on each page (CSS), A4
/// landscape.
fn print_table(data: &super::PtlData, indices: &[u32]) -> impl IntoView {
    let rows = indices
        .iter()
        .map(|&index| {
            let row = data.ptl.row(index);
            let (weeks, breach) = match &row.rtt {
                Some(clock) if clock.running => (clock.weeks_waited.to_string(), uk_date(clock.breach_date)),
                Some(clock) => (clock.weeks_waited.to_string(), "Clock stopped".to_string()),
                None => ("–".to_string(), "No clock".to_string()),
            };
            let next = row.next_deadline.map(|d| d.describe(data.ptl.as_of())).unwrap_or_else(|| "–".to_string());
            let booked = row.next_booked.map(uk_date).unwrap_or_else(|| "Not booked".to_string());
            view! {
                <tr>
                    <td>{row.patient_name.clone()}</td>
                    <td class="nowrap">{format_nhs_number(&row.nhs_number)}</td>
                    <td>{row.consultant_name.clone()}</td>
                    <td>{row.specialty_name.clone()}</td>
                    <td>{row.priority.label()}</td>
                    <td class="table__numeric">{weeks}</td>
                    <td>{breach}</td>
                    <td>{next}</td>
                    <td>{booked}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table ptl-print" data-testid="ptl-print">
            <caption>{format!("Patient tracking list as of {}: {}", uk_date(data.ptl.as_of()), count(indices.len(), "pathway", "pathways"))}</caption>
            <thead>
                <tr>
                    <th scope="col">"Patient"</th><th scope="col">"NHS number"</th><th scope="col">"Consultant"</th>
                    <th scope="col">"Specialty"</th><th scope="col">"Priority"</th><th scope="col">"Weeks waited"</th>
                    <th scope="col">"Breach date"</th><th scope="col">"Next deadline"</th><th scope="col">"Next booked"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Milliseconds to one decimal place ("12.3"), in whole-number arithmetic: formatting a float would ship the
/// standard library's float printer (about 10 KB) for two data attributes.
fn tenths(ms: f64) -> String {
    let tenths = (ms.max(0.0) * 10.0).round() as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}
