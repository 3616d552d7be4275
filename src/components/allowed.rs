//! Actions a person's role does not allow are not offered: the server refuses them anyway, so showing them would
//! only lead to a refusal under Problems.

use leptos::prelude::*;

use crate::state::AppState;

/// Shows its content only to a person whose role may change data. The role is known before any screen is drawn
/// and never changes while the page is open (another person signing in reloads it).
#[component]
pub fn IfMayChange(children: Children) -> impl IntoView {
    AppState::get()
        .auth
        .user
        .with_untracked(|u| u.as_ref().is_some_and(|u| crate::auth::role_may_change(u.role)))
        .then(children)
}
