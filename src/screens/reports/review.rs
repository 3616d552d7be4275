//! Waiting for review: follow-ups past the date the clinic asked for them by and still not booked, by consultant
//! and by how overdue.

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Consultant, Pathway};
use pathdesk_core::record::RecordKind;
use pathdesk_core::reports::waiting_for_review::{csv, csv_file_name, waiting_for_review, ReviewRow, BANDS};

use super::report_actions;
use crate::desk::clock;
use crate::desk::store::records;
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct Review {
    rows: Vec<ReviewRow>,
    totals: [usize; 4],
}

#[component]
pub fn ReviewReport() -> impl IntoView {
    let today = clock::today();
    let review = load(move |store| async move {
        let pathways: Vec<Pathway> = records::all(&store, RecordKind::Pathway).await?;
        let consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        let (rows, totals) = waiting_for_review(&pathways, &consultants, today);
        Ok(Review { rows, totals })
    });
    view! {
        <section aria-labelledby="review-heading" data-testid="report-review">
            <h2 id="review-heading">"Waiting for review"</h2>
            <p class="lede">{format!("Follow-ups past the date the clinic asked for them by, and not yet booked, as of {}: by consultant and by how overdue.", uk_date(today))}</p>
            {loaded::show(review, move |review: Review| {
                let total: usize = review.totals.iter().sum();
                let file = {
                    let review = review.clone();
                    move || csv(&review.rows, review.totals)
                };
                view! {
                    {report_actions(csv_file_name(today), file)}
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
