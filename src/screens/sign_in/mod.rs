//! The sign-in form: username and password, with a clear message for wrong details or too many attempts.
//! After a failure the username stays; only the password is cleared.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::desk::session;
use crate::desk::Desk;

/// The sign-in screen. `over_app`: shown over the app after the server ended the session (the app behind keeps
/// everything typed).
#[component]
pub fn SignIn(#[prop(optional)] over_app: bool) -> impl IntoView {
    let state = Desk::get();
    let known = state.auth.user.get_untracked().map(|u| u.username).unwrap_or_default();
    let username = RwSignal::new(known);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let password_input = NodeRef::<leptos::html::Input>::new();
    let username_input = NodeRef::<leptos::html::Input>::new();
    // Straight to the first empty field (autofocus only works on a page's load, not over the app).
    Effect::new(move |_| {
        let (Some(name), Some(secret)) = (username_input.get(), password_input.get()) else { return };
        let _ = if username.get_untracked().is_empty() { name.focus() } else { secret.focus() };
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (name, secret) = (username.get_untracked().trim().to_string(), password.get_untracked());
        if name.is_empty() || secret.is_empty() {
            error.set(Some("Enter your username and your password.".to_string()));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let outcome = session::sign_in(state, name, secret).await;
            busy.set(false);
            if let Err(message) = outcome {
                password.set(String::new());
                error.set(Some(message));
                if let Some(input) = password_input.get_untracked() {
                    let _ = input.focus();
                }
            }
        });
    };
    view! {
        <div class="sign-in" class:sign-in--overlay=over_app role=over_app.then_some("dialog")
            aria-modal=over_app.then_some("true") aria-labelledby="sign-in-title">
            <form class="sign-in__panel form" on:submit=submit data-testid="sign-in">
                <h1 id="sign-in-title">{if over_app { "Sign in again" } else { "Sign in to Pathdesk" }}</h1>
                {move || state.auth.notice.get().map(|notice| view! {
                    <p class="sign-in__notice" role="status" data-testid="sign-in-notice">{notice}</p>
                })}
                {move || error.get().map(|message| view! {
                    <div class="error-summary" role="alert" data-testid="sign-in-error">
                        <h2 class="error-summary__title">"You are not signed in"</h2>
                        <p>{message}</p>
                    </div>
                })}
                <div class="form-group">
                    <label class="label" for="sign-in-username">"Username"</label>
                    <input id="sign-in-username" class="input" type="text" autocomplete="username" autocapitalize="none"
                        spellcheck="false" required node_ref=username_input
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="form-group">
                    <label class="label" for="sign-in-password">"Password"</label>
                    <input id="sign-in-password" class="input" type="password" autocomplete="current-password" required
                        node_ref=password_input
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </div>
    }
}
