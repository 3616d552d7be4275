//! The header's person area: who is signed in (their name signs their changes), this device's "Compact rows",
//! "Lock" and "Sign out".

use leptos::prelude::*;

use crate::desk::density::Density;
use crate::desk::session;
use crate::desk::Desk;

/// Switch this device between compact and comfortable rows, and keep the choice for the next visit.
fn toggle_density(state: Desk) {
    let next = match state.density.get_untracked() {
        Density::Compact => Density::Comfortable,
        Density::Comfortable => Density::Compact,
    };
    next.save();
    state.density.set(next);
}

#[component]
pub fn UserMenu() -> impl IntoView {
    let state = Desk::get();
    move || {
        state.auth.user.get().map(|user| {
            view! {
                <div class="user-menu" data-testid="user-menu" data-role=format!("{:?}", user.role)>
                    <p class="user-menu__who">
                        <span class="user-menu__name" data-testid="signed-in-name">{user.name.clone()}</span>
                        <span class="user-menu__role">{user.role.label()}</span>
                    </p>
                    <button type="button" class="button button--secondary user-menu__button user-menu__density"
                        aria-pressed=move || (state.density.get() == Density::Compact).to_string()
                        title="More rows on the screen: smaller spacing in lists and on Today (not on touch screens)"
                        on:click=move |_| toggle_density(state)>"Compact rows"</button>
                    <button type="button" class="button button--secondary user-menu__button"
                        on:click=move |_| session::lock(state)>"Lock"</button>
                    <a class="button button--secondary user-menu__button" href="/sign-out">"Sign out"</a>
                </div>
            }
        })
    }
}
