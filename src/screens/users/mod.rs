//! Users, for administrators: who can sign in, their role and services, and adding a person with a one-time
//! password they replace at first sign-in. Accounts live on the server only (never on devices).

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::{NewUserField, NewUserRequest, Role, UserSummary};
use pathdesk_core::model::Specialty;
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;

use crate::desk::api;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::form::Confirmation;
use crate::ui::form::{error_for, error_line, show_problems, text_box, BoxStyle, ErrorSummary, Problems};
use crate::ui::loaded::load;

/// What the administrator has typed; kept as typed when the server refuses it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Draft {
    username: String,
    name: String,
    role: Role,
    /// Specialty ids; none ticked: every service.
    services: Vec<String>,
    password: String,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            username: String::new(),
            name: String::new(),
            role: Role::BookingCoordinator,
            services: Vec::new(),
            password: String::new(),
        }
    }
}

impl Draft {
    fn request(&self) -> NewUserRequest {
        NewUserRequest {
            username: self.username.trim().to_string(),
            name: self.name.trim().to_string(),
            role: self.role,
            services: self.services.clone(),
            password: self.password.clone(),
        }
    }
}

fn role_from_value(value: &str) -> Role {
    Role::ALL.into_iter().find(|role| role.code() == value).unwrap_or(Role::ReadOnly)
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let state = Desk::get();
    view! {
        <h1>"Users"</h1>
        {move || (!state.auth.is_administrator()).then(|| view! {
            <p class="error-message" role="alert">"Only administrators can see and add users."</p>
        })}
        <Show when=move || state.auth.is_administrator()>
            <UsersScreen/>
        </Show>
    }
}

#[component]
fn UsersScreen() -> impl IntoView {
    let listed = RwSignal::new(None::<Result<Vec<UserSummary>, String>>);
    let refresh =
        move || spawn_local(async move { listed.set(Some(api::users().await.map_err(|failure| failure.message()))) });
    refresh();
    let specialties = load(|store| async move { records::all::<Specialty>(&store, RecordKind::Specialty).await });
    let specialty_names = move || -> Vec<Specialty> {
        let mut list = specialties.get().and_then(Result::ok).unwrap_or_default();
        sorting::sort_by(&mut list, |a, b| a.name.cmp(&b.name));
        list
    };
    let draft = RwSignal::new(Draft::default());
    let problems: Problems = RwSignal::new(Vec::new());
    let added = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = draft.get_untracked().request();
        let found: Vec<(String, String)> =
            request.problems().into_iter().map(|(field, message)| (field_id(field).to_string(), message)).collect();
        if !found.is_empty() {
            show_problems(problems, found);
            return;
        }
        problems.set(Vec::new());
        busy.set(true);
        added.set(None);
        spawn_local(async move {
            match api::add_user(&request).await {
                Ok(user) => {
                    added.set(Some(format!(
                        "Added {} ({}). Give them the one-time password; they choose their own when they first sign in.",
                        user.name, user.username
                    )));
                    problems.set(Vec::new());
                    draft.set(Draft::default());
                    refresh();
                }
                // A refusal goes to the box it is about (a taken username to the username); what was typed stays.
                Err(failure) => {
                    let message = failure.message();
                    let field = if failure.code() == Some("username_taken") || message.contains("username") {
                        "user-username"
                    } else if message.contains("password") {
                        "user-password"
                    } else {
                        "user-name"
                    };
                    show_problems(problems, vec![(field.to_string(), message)]);
                }
            }
            busy.set(false);
        });
    };
    let text = move |id: &'static str,
                     label: &'static str,
                     kind: &'static str,
                     get: fn(&Draft) -> String,
                     set: fn(&mut Draft, String)| {
        let value = Signal::derive(move || draft.with(get));
        let set = Callback::new(move |typed: String| draft.update(|d| set(d, typed)));
        let style = BoxStyle { kind, autocomplete: "off", ..BoxStyle::default() };
        text_box(id, label, "", value, set, error_for(problems, id), style)
    };
    view! {
        <section class="card" aria-labelledby="add-user-heading">
            <h2 class="card__heading" id="add-user-heading">"Add a person"</h2>
            <ErrorSummary problems=problems/>
            <Confirmation message=added id="user-added"/>
            <form class="form" on:submit=submit novalidate>
                {text("user-username", "Username", "text", |d| d.username.clone(), |d, v| d.username = v)}
                {text("user-name", "Name (as it signs their changes)", "text", |d| d.name.clone(), |d, v| d.name = v)}
                <div class="form-group">
                    <label class="label" for="user-role">"Role"</label>
                    <select id="user-role" class="input"
                        on:change=move |ev| { let value = event_target_value(&ev); draft.update(|d| d.role = role_from_value(&value)); }>
                        {Role::ALL.into_iter().map(|role| view! {
                            <option value=Role::code(role) prop:selected=move || draft.with(|d| d.role == role)>{role.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="fieldset" id="user-services">
                    <legend>"Services (none ticked: every service)"</legend>
                    {error_line("user-services", error_for(problems, "user-services"))}
                    {move || specialty_names().into_iter().map(|specialty| {
                        let id = specialty.id.clone();
                        let checked_id = id.clone();
                        view! {
                            <label class="checkbox">
                                <input type="checkbox"
                                    prop:checked=move || draft.with(|d| d.services.contains(&checked_id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let id = id.clone();
                                        draft.update(|d| {
                                            d.services.retain(|s| *s != id);
                                            if on { d.services.push(id); }
                                        });
                                    }/>
                                {specialty.name}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {text("user-password", "One-time password (at least 10 characters)", "text", |d| d.password.clone(), |d, v| d.password = v)}
                <button type="submit" class="button" disabled=move || busy.get()>"Add person"</button>
            </form>
        </section>
        {move || listed.get().map(|found| match found {
            Err(message) => view! { <p class="error-message" role="alert">{message}</p> }.into_any(),
            Ok(users) => users_table(users, specialty_names()).into_any(),
        })}
    }
}

fn users_table(users: Vec<UserSummary>, specialties: Vec<Specialty>) -> impl IntoView {
    let every = specialties.len();
    let service_names = move |services: &[String]| -> String {
        if every > 0 && services.len() >= every {
            return "All services".to_string();
        }
        services
            .iter()
            .map(|id| specialties.iter().find(|s| &s.id == id).map(|s| s.name.clone()).unwrap_or_else(|| id.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <table class="table" data-testid="users">
            <caption>"People who can sign in"</caption>
            <thead><tr>
                <th scope="col">"Username"</th><th scope="col">"Name"</th><th scope="col">"Role"</th>
                <th scope="col">"Services"</th>
            </tr></thead>
            <tbody>
                {users.into_iter().map(|user| view! {
                    <tr data-testid="user" data-username=user.username.clone()>
                        <td>{user.username.clone()}</td>
                        <td>{user.name.clone()}</td>
                        <td>{user.role.label()}</td>
                        <td>{service_names(&user.services)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The id of the box a problem with a new person's details is about.
fn field_id(field: NewUserField) -> &'static str {
    match field {
        NewUserField::Username => "user-username",
        NewUserField::Name => "user-name",
        NewUserField::Services => "user-services",
        NewUserField::Password => "user-password",
    }
}
