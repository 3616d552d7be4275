//! Signing out. Changes only on this device are never lost: with any waiting, the data can be removed from this
//! browser only after they are synced or exported to a file. Signing out and keeping the data is always safe.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::desk::session::{self, device_user, leaving};
use crate::desk::state::{current_store, Desk};
use crate::desk::sync::driver::{self, Trigger};

#[component]
pub fn SignOutPage() -> impl IntoView {
    let state = Desk::get();
    let unsynced = crate::ui::loaded::load(|store| async move { leaving::unsynced(&store).await });
    let exported = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let export = move |_| {
        spawn_local(async move {
            let (Ok(store), Some(user)) = (current_store(), state.auth.user.get_untracked()) else { return };
            match leaving::export(&store, &user).await {
                Ok(file) => {
                    exported.set(Some(file));
                    message.set(None);
                }
                Err(problem) => message.set(Some(problem)),
            }
        });
    };
    let sign_out = move |remove: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let Some(user) = state.auth.user.get_untracked() else { return };
            if remove {
                // Look again: a change may have been made in another tab since the page was drawn.
                let safe = match current_store() {
                    Ok(store) => leaving::unsynced(&store).await.map(|u| u.is_empty()).unwrap_or(false),
                    Err(_) => false,
                };
                if !safe && exported.get_untracked().is_none() {
                    message.set(Some(
                        "Changes on this device have not reached the server. Sync them or export them to a file \
                         first; your data was not removed."
                            .to_string(),
                    ));
                    busy.set(false);
                    return;
                }
            }
            if let Err(problem) = leaving::end_session().await {
                message.set(Some(problem));
                busy.set(false);
                return;
            }
            if remove {
                if let Err(problem) = leaving::remove_data(current_store().ok(), &user.username).await {
                    device_user::leave_notice(&format!("Signed out, but your data could not be removed: {problem}"));
                    session::reload("/");
                    return;
                }
                device_user::leave_notice("Signed out. Your data was removed from this browser.");
            } else {
                device_user::leave_notice("Signed out. Your data stays on this device for your next sign-in.");
            }
            session::reload("/");
        });
    };
    view! {
        <h1>"Sign out"</h1>
        {crate::ui::loaded::show(unsynced, move |unsynced: leaving::Unsynced| {
            let waiting = !unsynced.is_empty();
            let may_remove = move || !waiting || exported.get().is_some();
            view! {
                <div data-testid="sign-out" data-unsynced=unsynced.outbox.len().to_string()
                    data-problems=unsynced.problems.len().to_string()>
                    {waiting.then(|| view! {
                        <div class="error-summary" role="alert" data-testid="unsynced-warning">
                            <h2 class="error-summary__title">{format!("This device has {}", unsynced.describe())}</h2>
                            <p>"They are only on this device. Before your data can be removed from this browser, sync \
                                them (when the server is reachable) or export them to a file to keep."</p>
                            <p>
                                <button type="button" class="button button--secondary"
                                    on:click=move |_| driver::request_sync(state, Trigger::Manual)>"Sync now"</button>
                                " "
                                <button type="button" class="button button--secondary" on:click=export>
                                    "Export them to a file"
                                </button>
                            </p>
                        </div>
                    })}
                    {move || exported.get().map(|file| view! {
                        <p class="save-status" role="status">{format!("Saved to your downloads as {file}.")}</p>
                    })}
                    {(!waiting).then(|| view! { <p>"Everything done on this device has reached the server."</p> })}
                    <p>"On a shared PC, remove your data from this browser when you sign out."</p>
                    <p>
                        <button type="button" class="button" disabled=move || !may_remove() || busy.get()
                            on:click=move |_| sign_out(true)>
                            "Sign out and remove my data from this browser"
                        </button>
                    </p>
                    <p>
                        <button type="button" class="button button--secondary" disabled=move || busy.get()
                            on:click=move |_| sign_out(false)>
                            "Sign out and keep my data on this device"
                        </button>
                    </p>
                </div>
            }
        })}
        {move || message.get().map(|text| view! { <p class="error-message" role="alert">{text}</p> })}
    }
}
