//! Reads the screens make of this device's data: the trust's settings, the synced record or the defaults.

use std::collections::HashMap;

use pathdesk_core::model::{Appointment, ClinicSession, Consultant, Pathway, Patient, Specialty};
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::ptl::{build_rows_with, Ptl, PtlRow, PtlSources};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::settings::{TrustSettings, TRUST_SETTINGS_ID};

use wasm_bindgen::JsValue;

use crate::desk::store::{meta, records, schema, Store, StoreError};

/// The trust settings this desk follows.
pub async fn trust_settings(store: &Store) -> Result<TrustSettings, StoreError> {
    Ok(records::one::<TrustSettings>(store, RecordKind::TrustSettings, TRUST_SETTINGS_ID).await?.unwrap_or_default())
}

/// [`trust_settings`], taking the store (the shape a screen's loader wants).
pub async fn trust_settings_of(store: Store) -> Result<TrustSettings, StoreError> {
    trust_settings(&store).await
}

/// When to warn that a breach is near.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarningThresholds {
    /// Warn when an RTT clock breaches within this many weeks.
    pub rtt_weeks: u32,
    /// Warn when a cancer standard's deadline is within this many days.
    pub cancer_days: u32,
}

impl Default for WarningThresholds {
    fn default() -> Self {
        WarningThresholds { rtt_weeks: 3, cancer_days: 7 }
    }
}

/// The thresholds saved on this device, or the defaults (3 weeks, 7 days).
pub async fn warning_thresholds(store: &Store) -> Result<WarningThresholds, StoreError> {
    let tx = store.tx(&[schema::META], false)?;
    let rtt = meta::number_in(&tx, meta::RTT_WARNING_WEEKS).await?;
    let cancer = meta::number_in(&tx, meta::CANCER_WARNING_DAYS).await?;
    tx.finish().await?;
    let defaults = WarningThresholds::default();
    Ok(WarningThresholds {
        rtt_weeks: rtt.map(|n| n as u32).unwrap_or(defaults.rtt_weeks),
        cancer_days: cancer.map(|n| n as u32).unwrap_or(defaults.cancer_days),
    })
}

pub async fn save_warning_thresholds(store: &Store, thresholds: WarningThresholds) -> Result<(), StoreError> {
    let tx = store.tx(&[schema::META], true)?;
    meta::set_in(&tx, meta::RTT_WARNING_WEEKS, &JsValue::from_f64(f64::from(thresholds.rtt_weeks)))?;
    meta::set_in(&tx, meta::CANCER_WARNING_DAYS, &JsValue::from_f64(f64::from(thresholds.cancer_days)))?;
    tx.wrote(schema::META);
    tx.commit().await
}

/// The clinic sessions on `day`, their appointments and the patients booked into them, read in one transaction
/// through the `by_date` and `by_session` indexes: what Today shows, however many clinics and patients the device
/// holds.
pub async fn clinics_on(
    store: &Store,
    day: chrono::NaiveDate,
) -> Result<(Vec<ClinicSession>, Vec<Appointment>, HashMap<String, Patient>), StoreError> {
    let kinds = [RecordKind::ClinicSession, RecordKind::Appointment, RecordKind::Patient];
    let tx = store.tx(&kinds.map(RecordKind::as_str), false)?;
    let on_day = day.format("%Y-%m-%d").to_string();
    let sessions: Vec<ClinicSession> =
        records::by_index_in(&tx, RecordKind::ClinicSession, schema::BY_DATE, &on_day).await?;
    let mut appointments: Vec<Appointment> = Vec::new();
    for session in &sessions {
        appointments.extend(records::by_index_in(&tx, RecordKind::Appointment, schema::BY_SESSION, &session.id).await?);
    }
    let mut patients = HashMap::new();
    for appointment in &appointments {
        if patients.contains_key(&appointment.patient_id) {
            continue;
        }
        let key = RecordKey::new(RecordKind::Patient, &appointment.patient_id);
        if let Some(Record::Patient(patient)) = records::get_in(&tx, &key).await? {
            patients.insert(patient.id.clone(), patient);
        }
    }
    tx.finish().await?;
    Ok((sessions, appointments, patients))
}

/// The consultant who held the clinic each clinic letter is from, by the letter task's id, through its appointment
/// and that appointment's clinic session (one transaction, only those records): a letter counts under the clinic's
/// consultant, who may not be the pathway's. Letters whose appointment or clinic is not on this device are left out.
pub async fn clinic_consultants(
    store: &Store,
    letter_task_ids: &[String],
) -> Result<HashMap<String, String>, StoreError> {
    let kinds = [RecordKind::Appointment, RecordKind::ClinicSession];
    let tx = store.tx(&kinds.map(RecordKind::as_str), false)?;
    let mut found = HashMap::new();
    for task_id in letter_task_ids {
        let Some(appointment_id) = pathdesk_core::tasks::letters::appointment_of_letter_task(task_id) else { continue };
        let key = RecordKey::new(RecordKind::Appointment, appointment_id);
        let Some(Record::Appointment(appointment)) = records::get_in(&tx, &key).await? else { continue };
        let key = RecordKey::new(RecordKind::ClinicSession, &appointment.session_id);
        if let Some(Record::ClinicSession(session)) = records::get_in(&tx, &key).await? {
            found.insert(task_id.clone(), session.consultant_id);
        }
    }
    tx.finish().await?;
    Ok(found)
}

/// What the long lists (the PTL, the waiting list, the admitted list) are built from: every pathway with its clocks
/// on the list's date, and the records that name and book them.
pub struct ListSources {
    pub pathways: Vec<Pathway>,
    /// `clocks[i]` are the clocks of `pathways[i]`.
    pub clocks: Vec<PathwayClocks>,
    pub patients: Vec<Patient>,
    pub consultants: Vec<Consultant>,
    pub specialties: Vec<Specialty>,
    pub appointments: Vec<Appointment>,
}

impl ListSources {
    pub fn sources(&self) -> PtlSources<'_> {
        PtlSources {
            pathways: &self.pathways,
            patients: &self.patients,
            consultants: &self.consultants,
            specialties: &self.specialties,
            appointments: &self.appointments,
        }
    }

    /// One PTL row per pathway, as of the date the clocks were worked out for.
    pub fn rows(&self, as_of: chrono::NaiveDate) -> Vec<PtlRow> {
        build_rows_with(self.sources(), as_of, &self.clocks_of())
    }

    /// The pathways' clocks by their place, for the core's list builders.
    pub fn clocks_of(&self) -> impl Fn(usize, &Pathway) -> PathwayClocks + '_ {
        |index, _| self.clocks[index]
    }
}

/// Read what the long lists are built from, with every pathway's clocks on `as_of`: from this page's memory once
/// held (see `store::cache`), the clocks worked out again only for pathways written since.
pub async fn list_sources(store: &Store, as_of: chrono::NaiveDate) -> Result<ListSources, StoreError> {
    let (pathways, clocks) = records::pathways_with_clocks(store, as_of).await?.into_iter().unzip();
    Ok(ListSources {
        pathways,
        clocks,
        patients: records::all(store, RecordKind::Patient).await?,
        consultants: records::all(store, RecordKind::Consultant).await?,
        specialties: records::all(store, RecordKind::Specialty).await?,
        appointments: records::all(store, RecordKind::Appointment).await?,
    })
}

/// The kinds of record the PTL is built from.
const PTL_KINDS: [RecordKind; 5] =
    [RecordKind::Pathway, RecordKind::Patient, RecordKind::Consultant, RecordKind::Specialty, RecordKind::Appointment];

/// The patient tracking list as of `today`, built once and kept in this page's memory until a record it is built
/// from is written or the day changes: the PTL opens without building its 48,000 rows, filters and search again.
pub async fn ptl(store: &Store, today: chrono::NaiveDate) -> Result<std::sync::Arc<Ptl>, StoreError> {
    store.forget_cached_if_written_elsewhere();
    let stamp = store.cache().borrow().stamp(&PTL_KINDS, today);
    if let Some(kept) = store.cache().borrow().worked_out::<std::sync::Arc<Ptl>>("ptl", &stamp) {
        // A screen built from it reads again when one of them changes.
        for kind in PTL_KINDS {
            store.noted_read(kind.as_str());
        }
        return Ok(kept);
    }
    let read = list_sources(store, today).await?;
    let ptl = std::sync::Arc::new(Ptl::new(today, read.rows(today)).map_err(|e| StoreError::Data(e.to_string()))?);
    store.cache().borrow_mut().keep_worked_out("ptl", stamp, ptl.clone());
    Ok(ptl)
}

thread_local! {
    static KEEPING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keep what the long lists (the PTL, the waiting list, the admitted list) read whole in this page's memory:
/// every pathway with its clocks on `today`, every patient and appointment, read in steps between which the desk
/// answers clicks. The sync loop asks after each sync, for a person whose work uses those lists, so the first
/// list they open does not read and decode them all; once held, asking again does nothing.
pub async fn keep_lists_ready(store: &Store, today: chrono::NaiveDate, with_ptl: bool) -> Result<(), StoreError> {
    if KEEPING.with(|keeping| keeping.replace(true)) {
        return Ok(());
    }
    let kept = async {
        for kind in [RecordKind::Pathway, RecordKind::Patient, RecordKind::Appointment] {
            records::keep_in_memory(store, kind).await?;
        }
        store.cache().borrow().work_out_clocks(today);
        // The PTL too, for a person who uses it (about 200 ms, once).
        if with_ptl {
            ptl(store, today).await?;
        }
        // For benchmarks and tests: `<body data-lists-ready="true">` once they are all held.
        let held = [RecordKind::Pathway, RecordKind::Patient, RecordKind::Appointment]
            .iter()
            .all(|kind| store.cache().borrow().holds(*kind));
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-lists-ready", if held { "true" } else { "false" });
        }
        Ok(())
    }
    .await;
    KEEPING.with(|keeping| keeping.set(false));
    kept
}
