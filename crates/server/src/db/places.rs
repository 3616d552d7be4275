//! Slot places: the database's own guard against double booking (table `slot_places`).
//!
//! A slot seeing N patients has places 1..N. Every appointment that keeps its place (booked, arrived, seen, did
//! not attend) holds one row; the primary key (slot, place) means no two appointments share a place, the CHECK
//! means no place beyond the slot's capacity, and the unique appointment id means one place per appointment. The
//! rows change in the same transaction as the appointment records, so a booking the core's rules let through on a
//! stale view still cannot overfill a slot.

use std::collections::HashMap;

use pathdesk_core::booking::takes_the_slot;
use pathdesk_core::command::NeedsRebooking;
use pathdesk_core::model::{Appointment, ClinicList, ClinicSession, EXTRA_SLOT_ID};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use sqlx::{AnyConnection, Row};

use super::{records, Database};

/// Brings the places of the appointments in `written` up to date. `Ok(Err(..))`: a slot had no place left (the
/// caller rolls back this command's writes and refuses it).
pub async fn update(
    connection: &mut AnyConnection,
    written: &[Record],
    read: &HashMap<RecordKey, Record>,
) -> sqlx::Result<Result<(), NeedsRebooking>> {
    for appointment in appointments(written) {
        let held = held_slot(connection, &appointment.id).await?;
        let wants_place = takes_the_slot(appointment.status) && appointment.slot_id != EXTRA_SLOT_ID;
        if !wants_place {
            if held.is_some() {
                release(connection, &appointment.id).await?;
            }
            continue;
        }
        if held.as_deref() == Some(appointment.slot_id.as_str()) {
            continue;
        }
        if held.is_some() {
            release(connection, &appointment.id).await?;
        }
        let Some(session) = session_of(connection, appointment, written, read).await? else { continue };
        let Some(slot) = session.slots.iter().find(|slot| slot.id == appointment.slot_id) else { continue };
        let needs = || {
            NeedsRebooking::for_slot(&appointment.id, &appointment.patient_id, &appointment.pathway_id, &session, slot)
        };
        let taken = taken_places(connection, &slot.id).await?;
        let Some(place) = (1..=i64::from(slot.capacity)).find(|place| !taken.contains(place)) else {
            return Ok(Err(needs()));
        };
        let inserted =
            sqlx::query("INSERT INTO slot_places (slot_id, place, capacity, appointment_id) VALUES ($1, $2, $3, $4)")
                .bind(slot.id.as_str())
                .bind(place)
                .bind(i64::from(slot.capacity))
                .bind(appointment.id.as_str())
                .execute(&mut *connection)
                .await;
        match inserted {
            Ok(_) => {}
            // Another transaction took the place between our look and our insert.
            Err(error) if error.as_database_error().is_some_and(|error| error.is_unique_violation()) => {
                return Ok(Err(needs()));
            }
            Err(error) => return Err(error),
        }
    }
    Ok(Ok(()))
}

/// The places of seeded appointments, written with them (the seed is one transaction). Also returns the clinic
/// lists the seed lacks, so the booking commands count the seeded bookings.
pub fn lists_for_seed(seeded: &[&Record]) -> Vec<Record> {
    let mut by_session: HashMap<&str, Vec<&Appointment>> = HashMap::new();
    let mut has_list = std::collections::HashSet::new();
    for record in seeded {
        match record {
            Record::Appointment(appointment) => {
                by_session.entry(appointment.session_id.as_str()).or_default().push(appointment)
            }
            Record::ClinicList(list) => {
                has_list.insert(list.id.as_str());
            }
            _ => {}
        }
    }
    let mut lists: Vec<Record> = by_session
        .into_iter()
        .filter(|(session_id, _)| !has_list.contains(session_id))
        .map(|(session_id, appointments)| Record::ClinicList(ClinicList::from_appointments(session_id, appointments)))
        .filter(|list| matches!(list, Record::ClinicList(list) if !list.places.is_empty()))
        .collect();
    lists.sort_by(|a, b| a.id().cmp(b.id()));
    lists
}

/// Writes the places of the seeded appointments (in slot order; places beyond a slot's capacity are refused by
/// the database, as they would be for any booking).
pub async fn seed(connection: &mut AnyConnection, seeded: &[&Record]) -> sqlx::Result<()> {
    let sessions: HashMap<&str, &ClinicSession> = seeded
        .iter()
        .filter_map(|record| match record {
            Record::ClinicSession(session) => Some((session.id.as_str(), session)),
            _ => None,
        })
        .collect();
    let mut next_place: HashMap<&str, i64> = HashMap::new();
    for record in seeded {
        let Record::Appointment(appointment) = record else { continue };
        if !takes_the_slot(appointment.status) {
            continue;
        }
        let Some(session) = sessions.get(appointment.session_id.as_str()) else { continue };
        let Some(slot) = session.slots.iter().find(|slot| slot.id == appointment.slot_id) else { continue };
        let place = next_place.entry(slot.id.as_str()).or_insert(0);
        *place += 1;
        if *place > i64::from(slot.capacity) {
            tracing::warn!(slot_id = %slot.id, appointment_id = %appointment.id, "seeded slot is over capacity");
            continue;
        }
        sqlx::query("INSERT INTO slot_places (slot_id, place, capacity, appointment_id) VALUES ($1, $2, $3, $4)")
            .bind(slot.id.as_str())
            .bind(*place)
            .bind(i64::from(slot.capacity))
            .bind(appointment.id.as_str())
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Gives the bookings already in the database (from before slot places existed) their places, and their sessions
/// a clinic list, once: migration 3 sets a flag this clears. The change counter is locked first, so server
/// processes starting together on one PostgreSQL database do it once. Returns the places written.
pub async fn backfill(database: &Database) -> sqlx::Result<usize> {
    let mut transaction = database.begin_write().await?;
    sqlx::query("UPDATE counters SET value = value WHERE name = 'change_cursor'").execute(&mut *transaction).await?;
    let pending = sqlx::query("SELECT value FROM counters WHERE name = 'slot_places_backfill_pending'")
        .fetch_optional(&mut *transaction)
        .await?
        .map(|row| row.try_get::<i64, _>("value"))
        .transpose()?;
    if pending != Some(1) {
        transaction.rollback().await?;
        return Ok(0);
    }
    let rows = sqlx::query(
        "SELECT data FROM records WHERE kind IN ('appointment', 'clinic_session', 'clinic_list') ORDER BY cursor",
    )
    .fetch_all(&mut *transaction)
    .await?;
    let existing = rows
        .iter()
        .map(|row| {
            serde_json::from_str::<Record>(&row.try_get::<String, _>("data")?)
                .map_err(|error| sqlx::Error::Decode(Box::new(error)))
        })
        .collect::<sqlx::Result<Vec<Record>>>()?;
    let refs: Vec<&Record> = existing.iter().collect();
    let lists = lists_for_seed(&refs);
    records::write(&mut transaction, &lists).await?;
    sqlx::query("DELETE FROM slot_places").execute(&mut *transaction).await?;
    seed(&mut transaction, &refs).await?;
    let written = sqlx::query("SELECT COUNT(*) AS n FROM slot_places").fetch_one(&mut *transaction).await?;
    sqlx::query("UPDATE counters SET value = 0 WHERE name = 'slot_places_backfill_pending'")
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    Ok(written.try_get::<i64, _>("n")? as usize)
}

/// How many places are taken in the slot.
pub async fn count(connection: &mut AnyConnection, slot_id: &str) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM slot_places WHERE slot_id = $1")
        .bind(slot_id)
        .fetch_one(&mut *connection)
        .await?
        .try_get::<i64, _>("n")
}

fn appointments(written: &[Record]) -> impl Iterator<Item = &Appointment> {
    records::last_write_per_key(written).into_iter().filter_map(|record| match record {
        Record::Appointment(appointment) => Some(appointment),
        _ => None,
    })
}

async fn held_slot(connection: &mut AnyConnection, appointment_id: &str) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT slot_id FROM slot_places WHERE appointment_id = $1")
        .bind(appointment_id)
        .fetch_optional(&mut *connection)
        .await?;
    row.map(|row| row.try_get::<String, _>("slot_id")).transpose()
}

async fn release(connection: &mut AnyConnection, appointment_id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM slot_places WHERE appointment_id = $1").bind(appointment_id).execute(connection).await?;
    Ok(())
}

async fn taken_places(connection: &mut AnyConnection, slot_id: &str) -> sqlx::Result<Vec<i64>> {
    let rows = sqlx::query("SELECT place FROM slot_places WHERE slot_id = $1")
        .bind(slot_id)
        .fetch_all(&mut *connection)
        .await?;
    rows.iter().map(|row| row.try_get::<i64, _>("place")).collect()
}

/// The appointment's session: as this command writes it, as it read it, or from the database.
async fn session_of(
    connection: &mut AnyConnection,
    appointment: &Appointment,
    written: &[Record],
    read: &HashMap<RecordKey, Record>,
) -> sqlx::Result<Option<ClinicSession>> {
    let key = RecordKey::new(RecordKind::ClinicSession, appointment.session_id.as_str());
    let found = written.iter().rev().find(|record| record.key() == key).or_else(|| read.get(&key));
    if let Some(Record::ClinicSession(session)) = found {
        return Ok(Some(session.clone()));
    }
    match records::load(connection, std::slice::from_ref(&key)).await?.remove(&key) {
        Some(Record::ClinicSession(session)) => Ok(Some(session)),
        _ => Ok(None),
    }
}
