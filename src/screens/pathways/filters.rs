//! The PTL's filter form: consultant, specialty and priority, the waiting-time filters and a search box. Every
//! change filters the list at once (no submit button).

use leptos::prelude::*;
use pathdesk_core::model::Priority;

use super::model::FilterForm;

#[component]
pub fn PtlFilters(
    form: RwSignal<FilterForm>,
    consultants: Memo<Vec<(String, String)>>,
    specialties: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    let weeks_error = Memo::new(move |_| form.with(|f| f.breach_weeks().err()));
    let checkbox = move |id: &'static str,
                         label: &'static str,
                         read: fn(&FilterForm) -> bool,
                         write: fn(&mut FilterForm, bool)| {
        view! {
            <div class="ptl-filters__check">
                <input
                    id=id
                    class="checkbox"
                    type="checkbox"
                    prop:checked=move || form.with(read)
                    on:change=move |ev| form.update(|f| write(f, event_target_checked(&ev)))
                />
                <label class="label label--inline" for=id>{label}</label>
            </div>
        }
    };
    view! {
        <form class="ptl-filters" aria-label="Filter the list" on:submit=|ev| ev.prevent_default()>
            <div class="ptl-filters__row">
                <div class="form-group">
                    <label class="label" for="ptl-consultant">"Consultant"</label>
                    <select
                        id="ptl-consultant"
                        class="select"
                        on:change=move |ev| form.update(|f| f.consultant_id = event_target_value(&ev))
                    >
                        <option value="" selected=move || form.with(|f| f.consultant_id.is_empty())>"All consultants"</option>
                        {move || {
                            consultants
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    let value = id.clone();
                                    view! {
                                        <option value=id selected=move || form.with(|f| f.consultant_id == value)>{name}</option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="ptl-specialty">"Specialty"</label>
                    <select
                        id="ptl-specialty"
                        class="select"
                        on:change=move |ev| form.update(|f| f.specialty_id = event_target_value(&ev))
                    >
                        <option value="" selected=move || form.with(|f| f.specialty_id.is_empty())>"All specialties"</option>
                        {move || {
                            specialties
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    let value = id.clone();
                                    view! {
                                        <option value=id selected=move || form.with(|f| f.specialty_id == value)>{name}</option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="ptl-priority">"Priority"</label>
                    <select
                        id="ptl-priority"
                        class="select"
                        on:change=move |ev| form.update(|f| f.priority = event_target_value(&ev))
                    >
                        <option value="" selected=move || form.with(|f| f.priority.is_empty())>"All priorities"</option>
                        {Priority::ALL
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p.code() selected=move || form.with(|f| f.priority == p.code())>
                                        {p.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-group ptl-filters__search">
                    <label class="label" for="ptl-search">"Search the list"</label>
                    <input
                        id="ptl-search"
                        class="input"
                        type="search"
                        autocomplete="off"
                        placeholder="Name, NHS number or hospital number"
                        prop:value=move || form.with(|f| f.search.clone())
                        on:input=move |ev| form.update(|f| f.search = event_target_value(&ev))
                    />
                </div>
            </div>
            <fieldset class="ptl-filters__row ptl-filters__checks">
                <legend class="label">"Cancer PTL"</legend>
                {checkbox("ptl-cancer", "Cancer pathways, with their 28-, 62- and 31-day clocks", |f| f.cancer_only, |f, on| f.cancer_only = on)}
                <div class="form-group">
                    <label class="label" for="ptl-cancer-focus">"Cancer question"</label>
                    <select id="ptl-cancer-focus" class="input"
                        on:change=move |ev| form.update(|f| {
                            f.cancer_focus = event_target_value(&ev);
                            f.cancer_only |= !f.cancer_focus.is_empty();
                        })>
                        <option value="" selected=move || form.with(|f| f.cancer_focus.is_empty())>"Every cancer pathway"</option>
                        {pathdesk_core::ptl::CancerFocus::ALL.into_iter().map(|focus| view! {
                            <option value=focus.code() selected=move || form.with(|f| f.cancer_focus == focus.code())>{focus.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </fieldset>
            <fieldset class="ptl-filters__row ptl-filters__checks">
                <legend class="label">"Show only"</legend>
                {checkbox("ptl-waiting", "Still waiting (clock running)", |f| f.waiting_only, |f, on| f.waiting_only = on)}
                {checkbox("ptl-over-52", "Over 52 weeks", |f| f.over_52_weeks, |f, on| f.over_52_weeks = on)}
                <div class="ptl-filters__check">
                    <input
                        id="ptl-breaching"
                        class="checkbox"
                        type="checkbox"
                        prop:checked=move || form.with(|f| f.breaching_soon)
                        on:change=move |ev| form.update(|f| f.breaching_soon = event_target_checked(&ev))
                    />
                    <label class="label label--inline" for="ptl-breaching">"Breaching within"</label>
                    <input
                        id="ptl-breach-weeks"
                        class="input input--number"
                        type="number"
                        min="0"
                        max="104"
                        step="1"
                        inputmode="numeric"
                        aria-label="Breaching within how many weeks"
                        aria-invalid=move || weeks_error.get().is_some().to_string()
                        aria-describedby="ptl-breach-weeks-error"
                        prop:value=move || form.with(|f| f.breach_weeks.clone())
                        on:input=move |ev| form.update(|f| f.breach_weeks = event_target_value(&ev))
                    />
                    <span class="label label--inline">"weeks"</span>
                </div>
                {checkbox("ptl-breached", "Already breached", |f| f.already_breached, |f, on| f.already_breached = on)}
                {checkbox(
                    "ptl-not-booked",
                    "Next step not booked",
                    |f| f.next_step_not_booked,
                    |f, on| f.next_step_not_booked = on,
                )}
                {checkbox(
                    "ptl-admitted",
                    "Admitted list (day case and inpatient) only",
                    |f| f.admitted_only,
                    |f, on| f.admitted_only = on,
                )}
            </fieldset>
            <p class="error-message" id="ptl-breach-weeks-error">
                {move || weeks_error.get().map(|message| format!("{message} Showing {} weeks until then.", super::model::DEFAULT_BREACH_WEEKS))}
            </p>
            <button type="button" class="button button--secondary" on:click=move |_| form.set(FilterForm::default())>
                "Clear filters"
            </button>
        </form>
    }
}
