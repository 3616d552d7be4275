//! Settings → Trust settings: reasonable notice, leave notice, declined offers before a review, letter turnaround,
//! idle lock, how far ahead the server keeps clinics from the templates, how old a change from an offline desk may
//! be, the days to a first appointment by
//! priority and the dated national targets the PTL headline is measured against. Saved as a command (synced to
//! every desk); read once when the store opens, so typing is never overwritten by a sync.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::command::Command;
use pathdesk_core::command::SaveTrustSettings;
use pathdesk_core::model::Priority;
use pathdesk_core::ptl::{NationalTarget, TargetMeasure};
use pathdesk_core::settings::{SettingsField, TrustSettings};

use crate::desk::state::{current_store, Desk};
use crate::ui::form::{
    date_input, error_for, error_line, group_class, show_problems, text_box, BoxStyle, DateLayout, ErrorSummary,
    Problems, TextField,
};
use crate::ui::form::{said, Confirmation};
use crate::ui::keyed::{keyed_rows, Row};

/// One dated national target as typed.
#[derive(Clone, Copy)]
struct TargetRow {
    /// Which row this is while the form is open (rows come and go).
    id: u32,
    measure: TargetMeasure,
    percent: RwSignal<String>,
    from: RwSignal<String>,
    source: RwSignal<String>,
}

impl TargetRow {
    fn new(id: u32, target: &NationalTarget) -> Self {
        TargetRow {
            id,
            measure: target.measure,
            percent: RwSignal::new(target.percent.to_string()),
            from: RwSignal::new(pathdesk_core::calendar::uk_numeric_date(target.from)),
            source: RwSignal::new(target.source.clone()),
        }
    }

    fn read(&self) -> Result<NationalTarget, (String, String)> {
        let what = self.measure.label();
        let percent = self.percent.get_untracked();
        let percent = percent.trim().parse().map_err(|_| {
            (
                format!("target-percent-{}", self.id),
                format!("{what}: \"{}\" is not a whole percentage. Type a number from 1 to 100.", percent.trim()),
            )
        })?;
        let from =
            pathdesk_core::calendar::read_typed_date(&self.from.get_untracked(), "The date the target applies from")
                .map_err(|message| {
                    (
                        format!("target-from-{}", self.id),
                        format!("{what}: {}{}", message[..1].to_lowercase(), &message[1..]),
                    )
                })?;
        Ok(NationalTarget { measure: self.measure, percent, from, source: self.source.get_untracked().trim().into() })
    }
}

/// The fields as typed.
#[derive(Clone, Copy)]
struct Fields {
    notice_days: RwSignal<String>,
    leave_weeks: RwSignal<String>,
    declined: RwSignal<String>,
    letter_days: RwSignal<String>,
    idle_minutes: RwSignal<String>,
    horizon_weeks: RwSignal<String>,
    offline_days: RwSignal<String>,
    trust_name: RwSignal<String>,
    /// One line each.
    trust_address: RwSignal<String>,
    trust_phone: RwSignal<String>,
    /// Days to a first appointment: urgent suspected cancer, urgent, routine (the order of `Priority::ALL`).
    first_days: [RwSignal<String>; 3],
    targets: RwSignal<Vec<TargetRow>>,
    next_row: RwSignal<u32>,
}

impl Fields {
    fn show(&self, settings: &TrustSettings) {
        self.notice_days.set(settings.booking.reasonable_notice_days.to_string());
        self.leave_weeks.set(settings.booking.leave_notice_weeks.to_string());
        self.declined.set(settings.booking.declined_offers_before_review.to_string());
        self.letter_days.set(settings.letter_due_working_days.to_string());
        self.idle_minutes.set(settings.idle_lock_minutes.to_string());
        self.horizon_weeks.set(settings.session_horizon_weeks.to_string());
        self.offline_days.set(settings.offline_days.to_string());
        self.trust_name.set(settings.contact.name.clone());
        self.trust_address.set(settings.contact.address.join("\n"));
        self.trust_phone.set(settings.contact.phone.clone());
        for (field, priority) in self.first_days.iter().zip(Priority::ALL) {
            field.set(settings.first_appointment.days(priority).to_string());
        }
        let mut targets = settings.national_targets.clone();
        let order = |m: TargetMeasure| TargetMeasure::ALL.iter().position(|x| *x == m);
        pathdesk_core::sorting::sort_by_key(&mut targets, |t| (order(t.measure), t.from));
        self.targets.set(targets.iter().map(|t| TargetRow::new(self.new_row_id(), t)).collect());
    }

    fn new_row_id(&self) -> u32 {
        let id = self.next_row.get_untracked();
        self.next_row.set(id + 1);
        id
    }

    /// The settings typed, or what is wrong with them, each at its box: every box that is not a number, or else
    /// the core's first check that fails.
    fn read(&self) -> Result<TrustSettings, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut number = |text: String, id: &str, what: &str| -> u32 {
            text.trim().parse().unwrap_or_else(|_| {
                problems.push((id.to_string(), format!("{what} must be a whole number, like 5")));
                0
            })
        };
        let mut settings = TrustSettings::default();
        settings.booking.reasonable_notice_days =
            number(self.notice_days.get_untracked(), "trust-notice-days", "Reasonable notice").into();
        settings.booking.leave_notice_weeks =
            number(self.leave_weeks.get_untracked(), "trust-leave-weeks", "Leave notice").into();
        settings.booking.declined_offers_before_review =
            number(self.declined.get_untracked(), "trust-declined", "Declined offers before a clinical review");
        settings.letter_due_working_days = number(self.letter_days.get_untracked(), "trust-letter-days", "Letter due");
        settings.idle_lock_minutes = number(self.idle_minutes.get_untracked(), "trust-idle-minutes", "Lock after");
        settings.session_horizon_weeks =
            number(self.horizon_weeks.get_untracked(), "trust-horizon-weeks", "Clinics made ahead");
        settings.offline_days =
            number(self.offline_days.get_untracked(), "trust-offline-days", "Changes from an offline desk");
        let [cancer, urgent, routine] = [
            (self.first_days[0], "trust-first-cancer"),
            (self.first_days[1], "trust-first-urgent"),
            (self.first_days[2], "trust-first-routine"),
        ]
        .map(|(field, id)| number(field.get_untracked(), id, "Days to a first appointment"));
        settings.first_appointment.urgent_suspected_cancer_days = cancer;
        settings.first_appointment.urgent_days = urgent;
        settings.first_appointment.routine_days = routine;
        settings.contact.name = self.trust_name.get_untracked().trim().to_string();
        settings.contact.address = self
            .trust_address
            .get_untracked()
            .lines()
            .map(|line| line.trim().to_string())
            .filter(|line| !line.is_empty())
            .collect();
        settings.contact.phone = self.trust_phone.get_untracked().trim().to_string();
        let mut targets = Vec::new();
        for row in self.targets.get_untracked() {
            match row.read() {
                Ok(target) => targets.push(target),
                Err((id, message)) => problems.push((id, message)),
            }
        }
        settings.national_targets = targets;
        if !problems.is_empty() {
            return Err(problems);
        }
        settings.check().map_err(|(field, message)| vec![(field_id(field).to_string(), message)])?;
        Ok(settings)
    }
}

/// The box of a setting, for its problem.
fn field_id(field: SettingsField) -> &'static str {
    match field {
        SettingsField::Whole | SettingsField::NoticeDays => "trust-notice-days",
        SettingsField::LeaveNoticeWeeks => "trust-leave-weeks",
        SettingsField::DeclinedOffers => "trust-declined",
        SettingsField::LetterDueWorkingDays => "trust-letter-days",
        SettingsField::TrustName => "trust-name",
        SettingsField::TrustAddress => "trust-address",
        SettingsField::TrustPhone => "trust-phone",
        SettingsField::SessionHorizonWeeks => "trust-horizon-weeks",
        SettingsField::OfflineDays => "trust-offline-days",
        SettingsField::FirstAppointment => "trust-first-cancer",
        SettingsField::NationalTargets => "target-add-measure",
        SettingsField::IdleLockMinutes => "trust-idle-minutes",
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
        offline_days: RwSignal::new(String::new()),
        trust_name: RwSignal::new(String::new()),
        trust_address: RwSignal::new(String::new()),
        trust_phone: RwSignal::new(String::new()),
        first_days: std::array::from_fn(|_| RwSignal::new(String::new())),
        targets: RwSignal::new(Vec::new()),
        next_row: RwSignal::new(0),
    };
    fields.show(&TrustSettings::default());
    let status = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
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
            Err(found) => {
                show_problems(problems, found);
                return;
            }
        };
        problems.set(Vec::new());
        spawn_local(async move {
            match state.run_command(Command::SaveTrustSettings(SaveTrustSettings { settings })).await {
                Ok(()) => status.set("Saved on this device; every desk gets it when it syncs.".to_string()),
                Err(e) => show_problems(problems, vec![("trust-notice-days".into(), e.to_string())]),
            }
        });
    };
    let input = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        let style = BoxStyle { inputmode: "numeric", width: "input--number", ..BoxStyle::default() };
        text_box(
            id,
            label,
            "",
            value.into(),
            Callback::new(move |typed| value.set(typed)),
            error_for(problems, id),
            style,
        )
    };
    view! {
        <h2 id="trust-heading">"Trust settings"</h2>
        <form class="form" on:submit=save aria-labelledby="trust-heading" novalidate data-testid="trust-settings">
            <p class="hint">"Shared by every desk of the trust. The booking rules use them on this device and on the server."</p>
            <ErrorSummary problems=problems/>
            {input("trust-notice-days", "Reasonable notice for an offer (days)", fields.notice_days)}
            {input("trust-leave-weeks", "Notice expected for leave and clinic changes (weeks)", fields.leave_weeks)}
            {input("trust-declined", "Declined reasonable offers before a clinical review", fields.declined)}
            {input("trust-letter-days", "Clinic letter due after the clinic (working days)", fields.letter_days)}
            {input("trust-idle-minutes", "Lock the desk after this many idle minutes", fields.idle_minutes)}
            {input("trust-horizon-weeks", "Clinics made from the templates this many weeks ahead", fields.horizon_weeks)}
            {input("trust-offline-days", "Changes from a desk that was offline are applied up to this many days old", fields.offline_days)}
            <fieldset class="fieldset">
                <legend>"On every letter"</legend>
                <TextField id="trust-name" label="Trust name" value=fields.trust_name problems=problems wide=true/>
                <div class=group_class(error_for(problems, "trust-address"))>
                    <label class="label" for="trust-address">"Address (a line each, postcode last)"</label>
                    {error_line("trust-address", error_for(problems, "trust-address"))}
                    <textarea id="trust-address" class="input input--wide" rows="4" prop:value=move || fields.trust_address.get()
                        on:input=move |ev| fields.trust_address.set(event_target_value(&ev))></textarea>
                </div>
                <TextField id="trust-phone" label="Telephone for patients" value=fields.trust_phone problems=problems kind="tel"/>
            </fieldset>
            <fieldset class="fieldset" data-testid="first-appointment-targets">
                <legend>"Days from referral to the first appointment (the trust's targets)"</legend>
                <p class="hint">"The booking panel says when a first appointment offered is later than this."</p>
                {input("trust-first-cancer", "Urgent suspected cancer", fields.first_days[0])}
                {input("trust-first-urgent", "Urgent", fields.first_days[1])}
                {input("trust-first-routine", "Routine", fields.first_days[2])}
            </fieldset>
            <NationalTargets fields=fields problems=problems/>
            <button type="submit" class="button">"Save trust settings"</button>
            <Confirmation message=said(status) id="trust-settings-saved"/>
        </form>
    }
}

/// The dated national targets: one row per target, edited in place; a new year's target is a new row from its date.
#[component]
fn NationalTargets(fields: Fields, problems: Problems) -> impl IntoView {
    let adding = RwSignal::new(TargetMeasure::Rtt18WeeksInterim);
    let rows = Signal::derive(move || {
        fields
            .targets
            .get()
            .into_iter()
            .map(|row| Row::new(&row.id, move || target_row(fields, row, problems).into_any()))
            .collect::<Vec<_>>()
    });
    let add = move |_| {
        let measure = adding.get_untracked();
        let row = TargetRow {
            id: fields.new_row_id(),
            measure,
            percent: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            source: RwSignal::new(String::new()),
        };
        fields.targets.update(|rows| rows.push(row));
    };
    view! {
        <fieldset class="fieldset" data-testid="national-targets">
            <legend>"National targets for the PTL headline"</legend>
            <p class="hint">{format!(
                "Each applies from its date until a later one for the same measure starts. When new planning targets are published, add them with the date they start (today is {}).",
                uk_date(crate::desk::clock::today())
            )}</p>
            <table class="table">
                <thead><tr><th scope="col">"Measure"</th><th scope="col">"Target (%)"</th><th scope="col">"Applies from"</th><th scope="col">"Source"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th></tr></thead>
                <tbody>{keyed_rows(rows)}</tbody>
            </table>
            {error_line("target-add-measure", error_for(problems, "target-add-measure"))}
            <label class="label" for="target-add-measure">"Add a target for"</label>
            <select id="target-add-measure" class="input"
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(measure) = TargetMeasure::ALL.into_iter().find(|m| format!("{m:?}") == chosen) {
                        adding.set(measure);
                    }
                }>
                {TargetMeasure::ALL
                    .into_iter()
                    .map(|m| view! { <option value=format!("{m:?}") selected=move || adding.get() == m>{m.label()}</option> })
                    .collect_view()}
            </select>
            " "
            <button type="button" class="button button--secondary" on:click=add>"Add a target"</button>
        </fieldset>
    }
}

fn target_row(fields: Fields, row: TargetRow, problems: Problems) -> impl IntoView {
    let percent_id = format!("target-percent-{}", row.id);
    let percent_error = error_for(problems, percent_id.clone());
    let from_error = error_for(problems, format!("target-from-{}", row.id));
    let id = row.id;
    let label = row.measure.label();
    let remove = move |_| fields.targets.update(|rows| rows.retain(|r| r.id != id));
    view! {
        <tr data-testid="national-target" data-measure=format!("{:?}", row.measure)>
            <th scope="row">{label}</th>
            <td class=move || if percent_error.with(Option::is_some) { "table__cell--error" } else { "" }>
                {error_line(percent_id.clone(), percent_error)}
                <input id=percent_id.clone() class="input input--number" type="text" inputmode="numeric"
                aria-label=format!("{label}: target percentage")
                aria-invalid=move || percent_error.with(Option::is_some).then_some("true")
                prop:value=move || row.percent.get() on:input=move |ev| row.percent.set(event_target_value(&ev))/></td>
            <td>{date_input(format!("target-from-{id}"), format!("{label}: applies from"), "", row.from, from_error, DateLayout::InTable)}</td>
            <td><input class="input" type="text" aria-label=format!("{label}: source")
                prop:value=move || row.source.get() on:input=move |ev| row.source.set(event_target_value(&ev))/></td>
            <td><button type="button" class="button button--secondary" on:click=remove
                aria-label=format!("Remove this {label} target")>"Remove"</button></td>
        </tr>
    }
}
