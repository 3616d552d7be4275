//! The database schema and its upgrade path. Each version is one step; opening walks every step from the stored
//! version to [`CURRENT_VERSION`], so a desk that skipped releases still arrives at the current shape.
//!
//! - v1: one store per record kind (key: `id`), `outbox` (key: `seq`), `problems` (key: `id`), `meta`
//!   (out-of-line keys).
//! - v2: a `by_patient` index (on `patient_id`) over patient notes, appointments and pathways, for the patient
//!   page.
//! - v3: stores for the booking records: consultant leave, the offers made on each pathway, and each clinic
//!   session's list of booked patients ([`V3_KINDS`]).
//! - v4: a store for the trust's settings ([`V4_KINDS`]).
//! - v5: `by_date` over clinic sessions (on `date`) and `by_session` over appointments (on `session_id`), so
//!   Today reads today's clinics and their patients, not every clinic and appointment on the device.
//! - v6: stores for where each patient's case notes are, MDT meetings, consultants' diary items and leave
//!   requests, and the team's own leave ([`V6_KINDS`]).

use pathdesk_core::record::RecordKind;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransaction};

use super::{idb, Store, StoreError};

pub const DB_NAME: &str = "pathdesk";
pub const CURRENT_VERSION: u32 = 6;

pub const OUTBOX: &str = "outbox";
pub const PROBLEMS: &str = "problems";
pub const META: &str = "meta";
pub const BY_PATIENT: &str = "by_patient";
pub const BY_DATE: &str = "by_date";
pub const BY_SESSION: &str = "by_session";

/// Every index: (record kind, index name, the field it is on). `records::by_index` reads through them.
pub const INDEXES: [(RecordKind, &str, &str); 5] = [
    (RecordKind::PatientNote, BY_PATIENT, "patient_id"),
    (RecordKind::Appointment, BY_PATIENT, "patient_id"),
    (RecordKind::Pathway, BY_PATIENT, "patient_id"),
    (RecordKind::ClinicSession, BY_DATE, "date"),
    (RecordKind::Appointment, BY_SESSION, "session_id"),
];

/// The record kinds whose stores v1 created: the first nine of `RecordKind::ALL`.
pub const V1_KINDS: [RecordKind; 9] = [
    RecordKind::Specialty,
    RecordKind::Consultant,
    RecordKind::Patient,
    RecordKind::PatientNote,
    RecordKind::Pathway,
    RecordKind::ClinicTemplate,
    RecordKind::ClinicSession,
    RecordKind::Appointment,
    RecordKind::Task,
];

/// The record kinds whose stores v3 created.
pub const V3_KINDS: [RecordKind; 3] = [RecordKind::Leave, RecordKind::PathwayOffers, RecordKind::ClinicList];

/// The record kinds whose stores v4 created.
pub const V4_KINDS: [RecordKind; 1] = [RecordKind::TrustSettings];

/// The record kinds whose stores v6 created.
pub const V6_KINDS: [RecordKind; 5] = [
    RecordKind::CaseNotes,
    RecordKind::MdtMeeting,
    RecordKind::DiaryItem,
    RecordKind::LeaveRequest,
    RecordKind::StaffLeave,
];

/// The record kinds with a `by_patient` index (from v2).
pub const INDEXED_BY_PATIENT: [RecordKind; 3] = [RecordKind::PatientNote, RecordKind::Appointment, RecordKind::Pathway];

/// Open (creating or upgrading) the current schema.
pub async fn open_store(name: &str) -> Result<Store, StoreError> {
    open_store_at_version(name, CURRENT_VERSION).await
}

/// Open at an older `version`: what that release of the app did. Tests use it to build old databases.
pub async fn open_store_at_version(name: &str, version: u32) -> Result<Store, StoreError> {
    if version == 0 || version > CURRENT_VERSION {
        return Err(StoreError::Open(format!("schema version {version} is not one this app knows")));
    }
    let db = idb::open(name, version, |db, tx, old, new| {
        for step in (old + 1)..=new {
            upgrade_to(db, tx, step)?;
        }
        Ok(())
    })
    .await?;
    Ok(Store::from_db(db))
}

fn keyed_by(path: &str) -> IdbObjectStoreParameters {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str(path));
    params
}

fn upgrade_to(db: &IdbDatabase, tx: &IdbTransaction, version: u32) -> Result<(), JsValue> {
    match version {
        1 => {
            for kind in V1_KINDS {
                db.create_object_store_with_optional_parameters(kind.as_str(), &keyed_by("id"))?;
            }
            db.create_object_store_with_optional_parameters(OUTBOX, &keyed_by("seq"))?;
            db.create_object_store_with_optional_parameters(PROBLEMS, &keyed_by("id"))?;
            db.create_object_store(META)?;
            Ok(())
        }
        2 => {
            for kind in INDEXED_BY_PATIENT {
                let store = tx.object_store(kind.as_str())?;
                store.create_index_with_str(BY_PATIENT, "patient_id")?;
            }
            Ok(())
        }
        3 => {
            for kind in V3_KINDS {
                db.create_object_store_with_optional_parameters(kind.as_str(), &keyed_by("id"))?;
            }
            Ok(())
        }
        4 => {
            for kind in V4_KINDS {
                db.create_object_store_with_optional_parameters(kind.as_str(), &keyed_by("id"))?;
            }
            Ok(())
        }
        5 => {
            tx.object_store(RecordKind::ClinicSession.as_str())?.create_index_with_str(BY_DATE, "date")?;
            tx.object_store(RecordKind::Appointment.as_str())?.create_index_with_str(BY_SESSION, "session_id")?;
            Ok(())
        }
        6 => {
            for kind in V6_KINDS {
                db.create_object_store_with_optional_parameters(kind.as_str(), &keyed_by("id"))?;
            }
            Ok(())
        }
        other => Err(JsValue::from_str(&format!("no upgrade step to schema version {other}"))),
    }
}
