//! Settings → Trust settings: reasonable notice, leave notice, declined offers before a review, letter turnaround,
//! idle lock and how far ahead the server keeps clinics from the templates. Saved as a command (synced to every desk); read once when the store opens, so typing is never
//! overwritten by a sync.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::command::Command;
use pathdesk_core::command::SaveTrustSettings;
use pathdesk_core::settings::TrustSettings;

use crate::desk::state::{current_store, Desk};

/// The fields as typed.
#[derive(Clone, Copy)]
struct Fields {
    notice_days: RwSignal<String>,
    leave_weeks: RwSignal<String>,
    declined: RwSignal<String>,
    letter_days: RwSignal<String>,
    idle_minutes: RwSignal<String>,
    horizon_weeks: RwSignal<String>,
    trust_name: RwSignal<String>,
    /// One line each.
    trust_address: RwSignal<String>,
    trust_phone: RwSignal<String>,
}

impl Fields {
    fn show(&self, settings: &TrustSettings) {
        self.notice_days.set(settings.booking.reasonable_notice_days.to_string());
        self.leave_weeks.set(settings.booking.leave_notice_weeks.to_string());
        self.declined.set(settings.booking.declined_offers_before_review.to_string());
        self.letter_days.set(settings.letter_due_working_days.to_string());
        self.idle_minutes.set(settings.idle_lock_minutes.to_string());
        self.horizon_weeks.set(settings.session_horizon_weeks.to_string());
        self.trust_name.set(settings.contact.name.clone());
        self.trust_address.set(settings.contact.address.join("\n"));
        self.trust_phone.set(settings.contact.phone.clone());
    }

    /// The settings typed, or what is wrong with them (the core's checks follow when saving).
    fn read(&self) -> Result<TrustSettings, String> {
        fn number<T: std::str::FromStr>(text: String, what: &str) -> Result<T, String> {
            text.trim()
                .parse()
                .map_err(|_| format!("{what}: \"{}\" is not a whole number. Type a number.", text.trim()))
        }
        let mut settings = TrustSettings::default();
        settings.booking.reasonable_notice_days = number(self.notice_days.get_untracked(), "Reasonable notice")?;
        settings.booking.leave_notice_weeks = number(self.leave_weeks.get_untracked(), "Leave notice")?;
        settings.booking.declined_offers_before_review =
            number(self.declined.get_untracked(), "Declined offers before a clinical review")?;
        settings.letter_due_working_days = number(self.letter_days.get_untracked(), "Letter due")?;
        settings.idle_lock_minutes = number(self.idle_minutes.get_untracked(), "Lock after")?;
        settings.session_horizon_weeks = number(self.horizon_weeks.get_untracked(), "Clinics made ahead")?;
        settings.contact.name = self.trust_name.get_untracked().trim().to_string();
        settings.contact.address = self
            .trust_address
            .get_untracked()
            .lines()
            .map(|line| line.trim().to_string())
            .filter(|line| !line.is_empty())
            .collect();
        settings.contact.phone = self.trust_phone.get_untracked().trim().to_string();
        settings.validate()?;
        Ok(settings)
    }
}

#[component]
pub fn TrustSettingsForm() -> impl IntoView {
    let state = Desk::get();
    let fields = Fields {
        notice_days: RwSignal::new(String::new()),
        leave_weeks: RwSignal::new(String::new()),
        declined: RwSignal::new(String::new()),
        letter_days: RwSignal::new(String::new()),
        idle_minutes: RwSignal::new(String::new()),
        horizon_weeks: RwSignal::new(String::new()),
        trust_name: RwSignal::new(String::new()),
        trust_address: RwSignal::new(String::new()),
        trust_phone: RwSignal::new(String::new()),
    };
    fields.show(&TrustSettings::default());
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if state.store_ready.get() {
            spawn_local(async move {
                if let Ok(store) = current_store() {
                    if let Ok(saved) = crate::desk::queries::trust_settings(&store).await {
                        fields.show(&saved);
                    }
                }
            });
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(String::new());
        let settings = match fields.read() {
            Ok(settings) => settings,
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        error.set(None);
        spawn_local(async move {
            match state.run_command(Command::SaveTrustSettings(SaveTrustSettings { settings })).await {
                Ok(()) => status.set("Saved on this device; every desk gets it when it syncs.".to_string()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let input = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="form-group">
                <label class="label" for=id>{label}</label>
                <input id=id class="input input--number" type="number" min="0" inputmode="numeric"
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <h2 id="trust-heading">"Trust settings"</h2>
        <form class="form" on:submit=save aria-labelledby="trust-heading" novalidate data-testid="trust-settings">
            <p class="hint">"Shared by every desk of the trust. The booking rules use them on this device and on the server."</p>
            {move || error.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
            {input("trust-notice-days", "Reasonable notice for an offer (days)", fields.notice_days)}
            {input("trust-leave-weeks", "Notice expected for leave and clinic changes (weeks)", fields.leave_weeks)}
            {input("trust-declined", "Declined reasonable offers before a clinical review", fields.declined)}
            {input("trust-letter-days", "Clinic letter due after the clinic (working days)", fields.letter_days)}
            {input("trust-idle-minutes", "Lock the desk after this many idle minutes", fields.idle_minutes)}
            {input("trust-horizon-weeks", "Clinics made from the templates this many weeks ahead", fields.horizon_weeks)}
            <fieldset class="fieldset">
                <legend>"On every letter"</legend>
                <label class="label" for="trust-name">"Trust name"</label>
                <input id="trust-name" class="input input--wide" type="text" prop:value=move || fields.trust_name.get()
                    on:input=move |ev| fields.trust_name.set(event_target_value(&ev))/>
                <label class="label" for="trust-address">"Address (a line each, postcode last)"</label>
                <textarea id="trust-address" class="input input--wide" rows="4" prop:value=move || fields.trust_address.get()
                    on:input=move |ev| fields.trust_address.set(event_target_value(&ev))></textarea>
                <label class="label" for="trust-phone">"Telephone for patients"</label>
                <input id="trust-phone" class="input" type="tel" prop:value=move || fields.trust_phone.get()
                    on:input=move |ev| fields.trust_phone.set(event_target_value(&ev))/>
            </fieldset>
            <button type="submit" class="button">"Save trust settings"</button>
            <p class="save-status" role="status">{move || status.get()}</p>
        </form>
    }
}
