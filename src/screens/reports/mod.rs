//! Reports: the figures a team lead runs, worked out on this device as of today, each on screen, printed and as a
//! CSV for Excel. Waiting for review: follow-ups past the date the clinic asked for them by and still not booked,
//! by consultant and by how overdue.

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Consultant, Pathway};
use pathdesk_core::record::RecordKind;
use pathdesk_core::reports::waiting_for_review::{csv, csv_file_name, waiting_for_review, ReviewRow, BANDS};

use crate::desk::clock;
use crate::desk::store::records;
use crate::ui::download::download;
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct Review {
    rows: Vec<ReviewRow>,
    totals: [usize; 4],
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let today = clock::today();
    let review = load(move |store| async move {
        let pathways: Vec<Pathway> = records::all(&store, RecordKind::Pathway).await?;
        let consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        let (rows, totals) = waiting_for_review(&pathways, &consultants, today);
        Ok(Review { rows, totals })
    });
    let export_error = RwSignal::new(None::<String>);
    view! {
        <p><a href="/pathways">"Patient tracking list"</a>" · "<a href="/validation">"Validation worklist"</a>" · "<strong>"Reports"</strong></p>
        <h1>"Reports"</h1>
        <section aria-labelledby="review-heading" data-testid="report-review">
            <h2 id="review-heading">"Waiting for review"</h2>
            <p class="lede">{format!("Follow-ups past the date the clinic asked for them by, and not yet booked, as of {}: by consultant and by how overdue.", uk_date(today))}</p>
            {loaded::show(review, move |review: Review| {
                let export = {
                    let review = review.clone();
                    move |_| match download(&csv_file_name(today), &csv(&review.rows, review.totals)) {
                        Ok(()) => export_error.set(None),
                        Err(_) => export_error.set(Some("The file could not be saved: try again, or print the report.".into())),
                    }
                };
                let total: usize = review.totals.iter().sum();
                view! {
                    <div class="no-print">
                        <button type="button" class="button button--secondary" on:click=export>"Export to CSV"</button>
                        " "
                        <button type="button" class="button button--secondary" on:click=|_| { let _ = window().print(); }>"Print the report"</button>
                    </div>
                    {move || export_error.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
                    {(total == 0).then(|| view! { <p>"No follow-ups are overdue."</p> })}
                    <table class="table" data-testid="review-table">
                        <caption class="visually-hidden">"Overdue follow-ups by consultant"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Consultant"</th>
                                {BANDS.iter().map(|(words, _, _)| view! { <th scope="col" class="table__numeric">{format!("Overdue {}", words.to_lowercase())}</th> }).collect_view()}
                                <th scope="col" class="table__numeric">"Total"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {review.rows.iter().map(|row| view! {
                                <tr data-testid="review-row" data-consultant-id=row.consultant_id.clone()>
                                    <th scope="row">{row.consultant.clone()}</th>
                                    {row.counts.iter().map(|n| view! { <td class="table__numeric">{*n}</td> }).collect_view()}
                                    <td class="table__numeric" data-testid="review-total">{row.total()}</td>
                                </tr>
                            }).collect_view()}
                            <tr data-testid="review-all">
                                <th scope="row">"All consultants"</th>
                                {review.totals.iter().map(|n| view! { <td class="table__numeric">{*n}</td> }).collect_view()}
                                <td class="table__numeric">{total}</td>
                            </tr>
                        </tbody>
                    </table>
                }
            })}
        </section>
    }
}
