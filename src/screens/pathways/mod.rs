//! Pathways: the patient tracking list (PTL) of every pathway on this device.

pub mod filters;
pub mod headline;
pub mod list;
pub mod model;

use std::sync::Arc;

use leptos::prelude::*;
use pathdesk_core::model::{Consultant, Specialty};
use pathdesk_core::ptl::{NationalTarget, Ptl};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;

use self::list::PtlScreen;
use crate::desk::store::{records, Store, StoreError};
use crate::desk::{clock, queries};
use crate::ui::loaded;
use crate::ui::loaded::load;

/// What the PTL screen reads, with the list built once per change of data on this device.
#[derive(Clone)]
pub struct PtlData {
    pub ptl: Arc<Ptl>,
    /// (id, name), by name.
    pub consultants: Vec<(String, String)>,
    pub specialties: Vec<(String, String)>,
    /// How long getting the list took (built, or kept from before in this page), in milliseconds.
    pub build_ms: f64,
    /// The trust's dated national targets, which the headline figures are measured against.
    pub targets: Arc<[NationalTarget]>,
}

/// Milliseconds since the page opened (for the list's timings).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

fn by_name(mut named: Vec<(String, String)>) -> Vec<(String, String)> {
    sorting::sort_by(&mut named, |a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    named
}

/// Read everything the list needs and build it as of today.
pub async fn read_ptl(store: Store) -> Result<PtlData, StoreError> {
    let today = clock::today();
    let started = now_ms();
    let ptl = queries::ptl(&store, today).await?;
    let build_ms = now_ms() - started;
    let consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
    let specialties: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await?;
    let targets = queries::trust_settings(&store).await?.national_targets;
    Ok(PtlData {
        ptl,
        consultants: by_name(consultants.into_iter().map(|c| (c.id, c.name)).collect()),
        specialties: by_name(specialties.into_iter().map(|s| (s.id, s.name)).collect()),
        build_ms,
        targets: targets.into(),
    })
}

/// The patient tracking list: filters, headline figures, the weeks-waited chart, the table and the export.
/// The screen is drawn once; as data syncs in, the list is rebuilt underneath it, keeping the filters.
#[component]
pub fn PathwaysPage() -> impl IntoView {
    let data = load(read_ptl);
    let latest: RwSignal<Option<PtlData>, LocalStorage> = RwSignal::new_local(None);
    Effect::new(move |_| {
        if let Some(Ok(read)) = data.get() {
            latest.set(Some(read));
        }
    });
    let ready = Memo::new(move |_| latest.with(Option::is_some));
    view! {
        <p><strong>"Patient tracking list"</strong>" · "<a href="/validation">"Validation worklist"</a>" · "<a href="/reports">"Reports"</a></p>
        <h1>"Patient tracking list"</h1>
        <p class="lede">"Every pathway on this device with its waiting-time clocks, as of today."</p>
        {move || {
            if ready.get() {
                view! { <PtlScreen latest=latest/> }.into_any()
            } else {
                loaded::show(data, |_: PtlData| ()).into_any()
            }
        }}
    }
}
