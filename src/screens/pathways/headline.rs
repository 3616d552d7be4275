//! The PTL's headline figures: the share within 18 weeks against the 92% standard and the interim target, the
//! waits over 52 weeks, and the cancer standards' performance, for the pathways in the current filter.

use leptos::prelude::*;
use pathdesk_core::ptl::{Headline, Share, Target};

/// The share against a target, in words naming the target ("below the 92% standard (from 1 Jun 2015)").
fn against(share: Share, target: &Target) -> String {
    match share.meets(target) {
        Some(true) => format!("meets the {}", target.label),
        Some(false) => format!("below the {}", target.label),
        None => format!("{}: nothing to measure yet", target.label),
    }
}

/// A figure's target line; without a target in force the line says so, and where to set one.
fn against_or_none(share: Share, target: Option<&Target>) -> String {
    target.map(|target| against(share, target)).unwrap_or_else(|| NO_TARGET.to_string())
}

const NO_TARGET: &str = "no target in force: add one in Settings";

#[component]
pub fn PtlHeadline(headline: Headline) -> impl IntoView {
    let within = headline.within_18_weeks;
    let over_52 = headline.over_weeks(52).unwrap_or_default();
    let over_52_words = match headline.over_52_ceiling.as_ref().map(|c| (c, over_52.stays_under(c))) {
        Some((ceiling, Some(true))) => format!("{over_52} of the waiting list: within the ceiling ({})", ceiling.label),
        Some((ceiling, Some(false))) => format!("{over_52} of the waiting list: above the ceiling ({})", ceiling.label),
        Some((_, None)) => "Nobody waiting in this view".to_string(),
        None => format!("{over_52} of the waiting list: {NO_TARGET}"),
    };
    let meets_standard = headline.standard.as_ref().and_then(|t| within.meets(t)) == Some(true);
    view! {
        <section class="ptl-headline" aria-labelledby="ptl-headline-heading" data-testid="ptl-headline">
            <h2 id="ptl-headline-heading">"Headline figures"</h2>
            <div class="ptl-headline__figures">
                <div class="ptl-figure" class:ptl-figure--below=!meets_standard data-testid="figure-within-18">
                    <p class="ptl-figure__name">"Waiting within 18 weeks"</p>
                    <p class="ptl-figure__value">{within.to_string()}</p>
                    <p class="ptl-figure__detail">{format!("{} of {} waiting", within.count, within.of)}</p>
                    <p class="ptl-figure__detail">{against_or_none(within, headline.standard.as_ref())}</p>
                    {headline.interim_target.as_ref().map(|t| view! { <p class="ptl-figure__detail">{against(within, t)}</p> })}
                </div>
                <div class="ptl-figure" class:ptl-figure--below={over_52.count > 0} data-testid="figure-over-52">
                    <p class="ptl-figure__name">"Waiting over 52 weeks"</p>
                    <p class="ptl-figure__value" data-count=over_52.count>{over_52.count}</p>
                    <p class="ptl-figure__detail">{over_52_words}</p>
                </div>
                {headline
                    .cancer
                    .iter()
                    .map(|performance| {
                        let share = performance.within;
                        let below = performance.target.as_ref().and_then(|t| share.meets(t)) == Some(false);
                        let interim = performance.interim_target.as_ref().map(|t| against(share, t));
                        view! {
                            <div class="ptl-figure" class:ptl-figure--below=below data-testid="figure-cancer">
                                <p class="ptl-figure__name">{sentence(performance.standard.label())}</p>
                                <p class="ptl-figure__value">{share.to_string()}</p>
                                <p class="ptl-figure__detail">{format!("{} of {} within the standard", share.count, share.of)}</p>
                                <p class="ptl-figure__detail">{against_or_none(share, performance.target.as_ref())}</p>
                                {interim.map(|text| view! { <p class="ptl-figure__detail">{text}</p> })}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="hint">
                "RTT figures count pathways still waiting. Cancer figures count every cancer clock on the pathways in this view: met, or still within the standard while running."
            </p>
        </section>
    }
}

fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
