use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address. Use the links at the top to find what you need."</p>
    }
}
