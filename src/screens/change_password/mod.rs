//! Choosing a new password after signing in with a one-time one (the administrator's first start).

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::ChangePasswordRequest;

use crate::desk::session::{self, Screen};
use crate::desk::Desk;
use crate::ui::form::{show_problems, ErrorSummary, Problems, TextField};

/// What is wrong with the new password, if anything: the server's rule (the core's), said before sending.
pub fn new_password_problem(username: &str, current: &str, new: &str, again: &str) -> Option<(String, String)> {
    let at = |field: &str, message: String| Some((field.to_string(), message));
    if current.is_empty() {
        at("current-password", "Enter the one-time password you were given".to_string())
    } else if let Some(problem) = pathdesk_core::access::password_problem(new, username) {
        at("new-password", problem)
    } else if new == current {
        at("new-password", "The new password must be different from the one-time password.".to_string())
    } else if new != again {
        at("new-password-again", "The two new passwords are not the same. Type it again in both fields.".to_string())
    } else {
        None
    }
}

#[component]
pub fn ChangePassword() -> impl IntoView {
    let state = Desk::get();
    let (current, new, again) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let problems: Problems = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (old, fresh) = (current.get_untracked(), new.get_untracked());
        let username = state.auth.user.with_untracked(|u| u.as_ref().map(|u| u.username.clone())).unwrap_or_default();
        if let Some(problem) = new_password_problem(&username, &old, &fresh, &again.get_untracked()) {
            show_problems(problems, vec![problem]);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let request = ChangePasswordRequest { current_password: old, new_password: fresh.clone() };
            match crate::desk::api::change_password(&request).await {
                Ok(()) => {
                    let user = state.auth.user.get_untracked();
                    if let Some(user) = user {
                        let verifier = session::verifier::make(&fresh).await.ok();
                        session::device_user::remember(&user, state.auth.idle_lock_minutes.get_untracked(), verifier);
                        session::open_app(state, user, Screen::App).await;
                    }
                }
                // The server checks the one-time password; anything else it refuses is about the new one.
                Err(failure) => {
                    let message = failure.message();
                    let field = if message.to_lowercase().contains("new password") {
                        "new-password"
                    } else {
                        "current-password"
                    };
                    show_problems(problems, vec![(field.to_string(), message)]);
                }
            }
            busy.set(false);
        });
    };
    let field = move |id: &'static str, label: &'static str, value: RwSignal<String>, complete: &'static str| {
        view! { <TextField id=id label=label value=value problems=problems kind="password" autocomplete=complete/> }
    };
    view! {
        <div class="sign-in">
            <form class="sign-in__panel form" on:submit=submit novalidate>
                <h1>"Choose your password"</h1>
                <p>"You signed in with a one-time password. Choose your own (at least 10 characters; three random words make a good one) before going on."</p>
                <ErrorSummary problems=problems/>
                {field("current-password", "One-time password", current, "current-password")}
                {field("new-password", "New password", new, "new-password")}
                {field("new-password-again", "New password again", again, "new-password")}
                <button type="submit" class="button" disabled=move || busy.get()>"Save password"</button>
            </form>
        </div>
    }
}
