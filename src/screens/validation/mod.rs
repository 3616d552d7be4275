//! Validation worklist: the pathways on the waiting list that passed 12, 26 or 52 weeks with no validation since,
//! the longest milestone and the longest wait first, each opened and worked one by one ("Validate"). Built from
//! the PTL this desk keeps (`desk::queries::ptl`), so it opens as fast as the PTL; the consultant and milestone
//! chosen live in the address, so a team lead can hand a validator "Mr Okafor's 52-week list" as a link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::ptl::PtlRow;
use pathdesk_core::ptl::{validation_due_counts as due_counts, validation_worklist as worklist};
use pathdesk_core::sorting;
use pathdesk_core::text::count;
use pathdesk_core::validation::ValidationMilestone;

use crate::desk::{clock, queries};
use crate::ui::address::{field_choice, query_navigator, with_every};
use crate::ui::loaded;
use crate::ui::loaded::load;

/// Rows drawn at once; "Show more" adds as many again (a validator works from the top).
const PAGE: usize = 100;

/// The worklist's choices, as kept in the address (`?consultant=..&weeks=52`).
#[derive(Debug, Clone, Default, PartialEq)]
struct Choice {
    consultant: String,
    weeks: String,
}

impl Choice {
    fn milestone(&self) -> Option<ValidationMilestone> {
        ValidationMilestone::ALL.into_iter().find(|m| m.weeks().to_string() == self.weeks)
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        [("consultant", &self.consultant), ("weeks", &self.weeks)]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| (key, value.clone()))
            .collect()
    }
}

#[component]
pub fn ValidationPage() -> impl IntoView {
    let today = clock::today();
    let ptl = load(move |store| async move { queries::ptl(&store, today).await });
    let query = use_query_map();
    let choice = Memo::new(move |_| {
        let query = query.read();
        Choice {
            consultant: query.get("consultant").unwrap_or_default(),
            weeks: query.get("weeks").unwrap_or_default(),
        }
    });
    let go = query_navigator("/validation");
    let choose = Callback::new(move |(value, apply): (String, fn(&mut Choice, String))| {
        let mut next = choice.get_untracked();
        apply(&mut next, value);
        go(next.to_pairs());
    });
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        choice.track();
        shown.set(PAGE);
    });
    view! {
        <p><a href="/pathways">"Patient tracking list"</a>" · "<strong>"Validation worklist"</strong>" · "<a href="/reports">"Reports"</a></p>
        <h1>"Validation worklist"</h1>
        <p class="lede">"Pathways still waiting that passed 12, 26 or 52 weeks with no validation since: the longest milestone first, then the longest wait. Open each one, check its clock, and record what you found."</p>
        {loaded::show(ptl, move |ptl: std::sync::Arc<pathdesk_core::ptl::Ptl>| {
            let rows = ptl.rows();
            let counts = due_counts(rows);
            let mut consultants: Vec<(String, String)> = Vec::new();
            for row in rows.iter().filter(|row| row.validation.due.is_some()) {
                if !consultants.iter().any(|(id, _)| *id == row.consultant_id) {
                    consultants.push((row.consultant_id.clone(), row.consultant_name.clone()));
                }
            }
            sorting::sort_by(&mut consultants, |a, b| a.1.cmp(&b.1));
            let milestones: Vec<(String, String)> = counts
                .iter()
                .map(|(milestone, due)| (milestone.weeks().to_string(), format!("Over {} weeks ({})", milestone.weeks(), count(*due, "pathway", "pathways"))))
                .collect();
            let rows_for_list = ptl.clone();
            let listed = Memo::new(move |_| {
                choice.with(|c| worklist(rows_for_list.rows(), (!c.consultant.is_empty()).then_some(c.consultant.as_str()), c.milestone()))
            });
            let ptl = StoredValue::new(ptl);
            view! {
                <ul class="summary-counts" data-testid="validation-counts">
                    {counts.into_iter().map(|(milestone, due)| view! {
                        <li data-weeks=milestone.weeks() data-count=due>
                            <strong>{due}</strong>{format!(" over {} weeks", milestone.weeks())}
                        </li>
                    }).collect_view()}
                </ul>
                <div class="desk-filters" data-testid="validation-filters">
                    {field_choice("validation-consultant", "Consultant", with_every("All consultants", consultants), choice, |c| c.consultant.clone(), |c: &mut Choice, v| c.consultant = v, choose)}
                    {field_choice("validation-weeks", "Milestone", with_every("Every milestone", milestones), choice, |c| c.weeks.clone(), |c: &mut Choice, v| c.weeks = v, choose)}
                </div>
                <p role="status" data-testid="validation-shown">{move || {
                    let total = listed.with(Vec::len);
                    match total {
                        0 => "No pathways are due validation with these choices.".to_string(),
                        _ if total > shown.get() => format!("The first {} of {} to validate.", shown.get(), count(total, "pathway", "pathways")),
                        _ => format!("{} to validate.", count(total, "pathway", "pathways")),
                    }
                }}</p>
                <table class="table" data-testid="validation-list">
                    <thead>
                        <tr>
                            <th scope="col">"Patient"</th>
                            <th scope="col">"NHS number"</th>
                            <th scope="col">"Consultant"</th>
                            <th scope="col" class="table__numeric">"Weeks waited"</th>
                            <th scope="col">"Due at"</th>
                            <th scope="col">"Last validated"</th>
                            <th scope="col"><span class="visually-hidden">"Action"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || ptl.with_value(|ptl| listed.with(|listed| {
                            listed.iter().take(shown.get()).map(|&index| row_view(ptl.row(index))).collect_view()
                        }))}
                    </tbody>
                </table>
                {move || (listed.with(Vec::len) > shown.get()).then(|| view! {
                    <button type="button" class="button button--secondary" on:click=move |_| shown.update(|s| *s += PAGE)>
                        {format!("Show {PAGE} more")}
                    </button>
                })}
            }
        })}
    }
}

fn row_view(row: &PtlRow) -> impl IntoView {
    let href = format!("/validation/{}", row.pathway_id);
    let weeks = row.rtt.as_ref().map(|clock| clock.weeks_waited.to_string()).unwrap_or_default();
    let due = row.validation.due.map(|m| format!("{} weeks", m.weeks())).unwrap_or_default();
    let last = row.validation.last_validated.map(uk_date).unwrap_or_else(|| "Never".to_string());
    let nhs = if row.nhs_number.is_empty() { "Not known".to_string() } else { format_nhs_number(&row.nhs_number) };
    let label = format!("Validate {}", row.patient_name);
    view! {
        <tr data-testid="validation-row" data-pathway-id=row.pathway_id.clone() data-consultant-id=row.consultant_id.clone()
            data-weeks=row.validation.due.map(|m| m.weeks()).unwrap_or_default()>
            <td>{row.patient_name.clone()}</td>
            <td>{nhs}</td>
            <td>{row.consultant_name.clone()}</td>
            <td class="table__numeric">{weeks}</td>
            <td>{due}</td>
            <td>{last}</td>
            <td><a class="button button--secondary" href=href aria-label=label>"Validate"</a></td>
        </tr>
    }
}
