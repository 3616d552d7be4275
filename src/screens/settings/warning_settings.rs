//! Settings: when the pathway page warns that a breach is near (weeks before an RTT breach, days before a
//! cancer deadline). Read once when the store opens, so typing is never overwritten.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::desk::queries::{save_warning_thresholds, warning_thresholds, WarningThresholds};
use crate::desk::state::{current_store, Desk};
use crate::ui::form::{said, Confirmation};
use crate::ui::form::{show_problems, ErrorSummary, Problems, TextField};

#[component]
pub fn WarningSettings() -> impl IntoView {
    let state = Desk::get();
    let defaults = WarningThresholds::default();
    let rtt_weeks = RwSignal::new(defaults.rtt_weeks.to_string());
    let cancer_days = RwSignal::new(defaults.cancer_days.to_string());
    let status = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if state.store_ready.get() {
            spawn_local(async move {
                if let Ok(store) = current_store() {
                    if let Ok(saved) = warning_thresholds(&store).await {
                        rtt_weeks.set(saved.rtt_weeks.to_string());
                        cancer_days.set(saved.cancer_days.to_string());
                    }
                }
            });
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(String::new());
        let rtt = parse_threshold(&rtt_weeks.get_untracked(), "Weeks before an RTT breach", 52);
        let cancer = parse_threshold(&cancer_days.get_untracked(), "Days before a cancer deadline", 62);
        let mut found = Vec::new();
        if let Err(message) = &rtt {
            found.push(("rtt-warning-weeks".to_string(), message.clone()));
        }
        if let Err(message) = &cancer {
            found.push(("cancer-warning-days".to_string(), message.clone()));
        }
        let (Ok(rtt_weeks), Ok(cancer_days)) = (rtt, cancer) else {
            show_problems(problems, found);
            return;
        };
        let thresholds = WarningThresholds { rtt_weeks, cancer_days };
        problems.set(Vec::new());
        spawn_local(async move {
            let outcome = match current_store() {
                Ok(store) => save_warning_thresholds(&store, thresholds).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match outcome {
                Ok(()) => {
                    status.set("Saved on this device".to_string());
                    state.changed_here().await;
                }
                Err(message) => show_problems(problems, vec![("rtt-warning-weeks".into(), message)]),
            }
        });
    };
    view! {
        <h2 id="warnings-heading">"Breach warnings"</h2>
        <ErrorSummary problems=problems/>
        <form class="form" on:submit=save aria-labelledby="warnings-heading" novalidate>
            <p class="hint">"A pathway page shows a warning when a breach is this close."</p>
            <TextField id="rtt-warning-weeks" label="Weeks before an RTT (18-week) breach" hint="0 to 52"
                value=rtt_weeks problems=problems inputmode="numeric"/>
            <TextField id="cancer-warning-days" label="Days before a cancer standard's deadline" hint="0 to 62"
                value=cancer_days problems=problems inputmode="numeric"/>
            <button type="submit" class="button">"Save warnings"</button>
            <Confirmation message=said(status) id="warning-settings-saved"/>
        </form>
    }
}

/// A threshold as typed in Settings: a whole number from 0 to `max`, or what to type instead.
pub fn parse_threshold(typed: &str, what: &str, max: u32) -> Result<u32, String> {
    typed
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| format!("{what}: enter a whole number from 0 to {max}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_typed_in_settings_are_whole_numbers_in_range() {
        assert_eq!(parse_threshold(" 4 ", "Weeks", 52), Ok(4));
        assert!(parse_threshold("53", "Weeks", 52).unwrap_err().contains("0 to 52"));
        assert!(parse_threshold("-1", "Weeks", 52).is_err());
        assert!(parse_threshold("three", "Weeks", 52).is_err());
    }
}
