//! A list's search and filters kept in its address, so the list can be bookmarked, shared and reloaded as it was.

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Goes to `path` with `pairs` as its query (each value encoded), replacing the history entry: the address follows
/// the filters without a Back step for each change. Call in the screen's component.
pub fn query_navigator(path: &'static str) -> impl Fn(Vec<(&'static str, String)>) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |pairs| {
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", String::from(js_sys::encode_uri_component(&value))))
            .collect();
        let to = if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) };
        navigate(&to, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    }
}

/// A list's search box ("Find a patient"): what is typed stays in `search`; Search or Enter hands it to `find`.
pub fn search_form(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    search: leptos::prelude::RwSignal<String>,
    find: leptos::prelude::Callback<String>,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let hint_id = format!("{id}-hint");
    view! {
        <form class="desk-filters" role="search" aria-label="Search the list" on:submit=move |ev| {
            ev.prevent_default();
            find.run(search.get_untracked());
        }>
            <label class="label" for=id>{label}</label>
            <input id=id class="input" type="search" autocomplete="off" aria-describedby=hint_id.clone()
                prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            <span class="hint visually-hidden" id=hint_id>{hint}</span>
            <button type="submit" class="button button--secondary">"Search"</button>
        </form>
    }
    .into_any()
}

/// A filter's options with "every" first: `every` (its words) stands for no filter (an empty value).
pub fn with_every(every: &str, options: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut all = vec![(String::new(), every.to_string())];
    all.extend(options);
    all
}

/// [`filter_choice`] for one field of a list's filter kept in the address: `current` reads that field from
/// `filter`; choosing a value runs `choose` with it and `apply` (which writes it into the filter).
pub fn field_choice<F, A>(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    filter: leptos::prelude::Memo<F>,
    current: fn(&F) -> String,
    apply: A,
    choose: leptos::prelude::Callback<(String, A)>,
) -> leptos::prelude::AnyView
where
    F: Send + Sync + 'static,
    A: Copy + Send + Sync + 'static,
{
    use leptos::prelude::*;
    filter_choice(
        id,
        label,
        options,
        Signal::derive(move || filter.with(current)),
        Callback::new(move |v| choose.run((v, apply))),
    )
}

/// A yes-or-no field of a list's filter kept in the address, as a labelled checkbox: `current` reads it from
/// `filter`; ticking runs `choose` with "true" or "" and `apply` (which writes it into the filter).
pub fn field_check<F, A>(
    id: &'static str,
    label: &'static str,
    filter: leptos::prelude::Memo<F>,
    current: fn(&F) -> bool,
    apply: A,
    choose: leptos::prelude::Callback<(String, A)>,
) -> leptos::prelude::AnyView
where
    F: Send + Sync + 'static,
    A: Copy + Send + Sync + 'static,
{
    use leptos::prelude::*;
    view! {
        <div class="form-group form-group--inline">
            <input type="checkbox" id=id class="checkbox" prop:checked=move || filter.with(current)
                on:change=move |ev| {
                    let on = if event_target_checked(&ev) { "true" } else { "" };
                    choose.run((on.to_string(), apply));
                }/>
            <label for=id>{label}</label>
        </div>
    }
    .into_any()
}

/// One of a list's filters as a labelled choice of `options` (value, words): `current` is its value in the address,
/// `choose` takes the one chosen.
fn filter_choice(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    current: leptos::prelude::Signal<String>,
    choose: leptos::prelude::Callback<String>,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    view! {
        <div class="desk-filters__field">
            <label class="label" for=id>{label}</label>
            <select id=id class="input" prop:value=move || current.get() on:change=move |ev| choose.run(event_target_value(&ev))>
                {options.into_iter().map(|(value, words)| view! { <option value=value>{words}</option> }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}
