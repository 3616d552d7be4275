//! The lock screen of a shared PC: the signed-in person's name and a password field. The app behind it is
//! hidden and inert; unlocking (checked on this device, so it works offline) returns exactly where they were.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::desk::session;
use crate::desk::Desk;

#[component]
pub fn LockScreen() -> impl IntoView {
    let state = Desk::get();
    let name = move || state.auth.user.with(|u| u.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let password_input = NodeRef::<leptos::html::Input>::new();
    // Straight to the password, for keyboard and screen reader users (autofocus only works on a page's load).
    Effect::new(move |_| {
        if let Some(input) = password_input.get() {
            let _ = input.focus();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let secret = password.get_untracked();
        if secret.is_empty() {
            error.set(Some("Enter your password to unlock.".to_string()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let outcome = session::unlock(state, secret).await;
            busy.set(false);
            password.set(String::new());
            error.set(outcome.err());
        });
    };
    let not_me = move |_| {
        spawn_local(async move {
            // Another person at this PC: end the session but keep the data (it is not theirs to export or remove).
            let _ = session::leaving::end_session().await;
            session::device_user::leave_notice("Signed out. Sign in with your own username and password.");
            session::reload("/");
        });
    };
    view! {
        <div class="sign-in sign-in--overlay" role="dialog" aria-modal="true" aria-labelledby="lock-title"
            data-testid="lock-screen">
            <form class="sign-in__panel form" on:submit=submit>
                <h1 id="lock-title">"Pathdesk is locked"</h1>
                <p>"Signed in as " <strong data-testid="locked-user">{name}</strong> ". Enter your password to carry on where you were."</p>
                {move || error.get().map(|message| view! {
                    <p class="error-message" role="alert">{message}</p>
                })}
                <div class="form-group">
                    <label class="label" for="unlock-password">"Password"</label>
                    <input id="unlock-password" class="input" type="password" autocomplete="current-password" node_ref=password_input
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>
                    {move || if busy.get() { "Checking…" } else { "Unlock" }}
                </button>
                <p class="sign-in__other">
                    <button type="button" class="button button--secondary" on:click=not_me>
                        {move || format!("Not {}? Sign out", name())}
                    </button>
                </p>
            </form>
        </div>
    }
}
