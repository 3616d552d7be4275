//! The header's person area: who is signed in (their name signs their changes), "Lock" and "Sign out".

use leptos::prelude::*;

use crate::desk::session;
use crate::desk::Desk;

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
                    <button type="button" class="button button--secondary user-menu__button"
                        on:click=move |_| session::lock(state)>"Lock"</button>
                    <a class="button button--secondary user-menu__button" href="/sign-out">"Sign out"</a>
                </div>
            }
        })
    }
}
