//! Reads the screens make of this device's data: the trust's settings, the synced record or the defaults.

use std::collections::HashMap;

use pathdesk_core::model::{Appointment, ClinicSession, Patient};
use pathdesk_core::record::{Record, RecordKind};
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
        let key = pathdesk_core::record::RecordKey::new(RecordKind::Patient, &appointment.patient_id);
        if let Some(Record::Patient(patient)) = records::get_in(&tx, &key).await? {
            patients.insert(patient.id.clone(), patient);
        }
    }
    tx.finish().await?;
    Ok((sessions, appointments, patients))
}
