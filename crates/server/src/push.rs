//! Receiving a device's outbox: each command checked for order and repeats, re-validated with the core's
//! `Command::apply` (the same code the browser ran), and applied in its own transaction with its log entry.

use std::collections::HashMap;

use chrono::{NaiveDate, SecondsFormat, Utc};
use pathdesk_core::access::{may_send, Scope};
use pathdesk_core::command::{needs_rebooking_task, slot_taken_while_offline, Command, CommandContext, Rejection};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::settings::{TrustSettings, TRUST_SETTINGS_ID};
use pathdesk_core::sync::{CommandEnvelope, CommandResult, Outcome, PushRequest, PushResponse, MAX_PUSH_COMMANDS};
use sqlx::{AnyConnection, Connection};

use crate::db::command_log::{self, LoggedCommand};
use crate::db::users::User;
use crate::db::{audit, places, records, Backend, Database};
use crate::error::{AppError, AppResult};

/// The longest client id, command id or author name accepted (UUIDs and names fit easily).
use pathdesk_core::limits::{ID_CHARS as MAX_ID_CHARS, NAME_CHARS as MAX_AUTHOR_CHARS};

/// Handles one push: every command in order, each in its own transaction. Stops at the first command that is out
/// of order (an HTTP error); the commands before it stay applied, and a retry gets their stored answers.
/// The author of every command is the signed-in `user` (what the device claims is ignored), and the device must
/// be theirs.
pub async fn push(
    database: &Database,
    user: &User,
    request: &PushRequest,
    server_today: NaiveDate,
) -> AppResult<PushResponse> {
    match push_checked(database, user, request, server_today).await {
        // (Another person's device is audited where it is found, for pulls as well.)
        Err(AppError::Client { status, code, message }) if code != "client_not_yours" => {
            // A push refused as a whole (out of order, another person's device, malformed) is audited: it may be a
            // desk in trouble, or someone probing.
            let at = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
            let detail = format!("{code}: {message}");
            audit::note(
                database,
                &audit::NewEntry {
                    device: Some(request.client_id.as_str()).filter(|id| id.chars().count() <= MAX_ID_CHARS),
                    detail: Some(&detail),
                    ..audit::NewEntry::by(user, &at, "push", "refused")
                },
            )
            .await;
            Err(AppError::Client { status, code, message })
        }
        other => other,
    }
}

async fn push_checked(
    database: &Database,
    user: &User,
    request: &PushRequest,
    server_today: NaiveDate,
) -> AppResult<PushResponse> {
    check_request(request)?;
    check_device(database, user, &request.client_id).await?;
    let dates = AcceptedDates { server_today, settings: trust_settings(database).await? };
    let mut results = Vec::with_capacity(request.commands.len());
    if database.backend() == Backend::Sqlite {
        // SQLite has one writer: the push's commands share one durable commit (one flush to disk, not one per
        // command), each in a savepoint of its own. A command refused as a whole (a gap in the numbering, say) is
        // undone and the ones before it are still committed, as with a commit each.
        let mut transaction = database.begin_write().await?;
        for envelope in &request.commands {
            let mut step = sqlx::Connection::begin(&mut *transaction).await?;
            match receive(database, &mut step, user, &request.client_id, envelope, &dates).await {
                Ok(result) => {
                    step.commit().await?;
                    results.push(result);
                }
                Err(error) => {
                    step.rollback().await?;
                    transaction.commit().await?;
                    return Err(error);
                }
            }
        }
        transaction.commit().await?;
    } else {
        // PostgreSQL: a transaction per command, so its row locks are held for one command, not a whole push.
        for envelope in &request.commands {
            let mut transaction = database.begin_write().await?;
            results.push(receive(database, &mut transaction, user, &request.client_id, envelope, &dates).await?);
            transaction.commit().await?;
        }
    }
    Ok(PushResponse { results })
}

/// Applies an import's batch in `transaction` (the caller commits, with the import's progress): each command
/// checked and applied by the same rules as a pushed one (the role's areas, the limits, the core's command on the
/// records it reads, as they stand in this transaction), logged on the import's own device `client_id` with its
/// number and audited about its patient. The batch's records are read once and written once, for speed: an import
/// is tens of thousands of commands, a desk's push a few. An appointment's place is kept in the slot places table as
/// a booking's is (a slot the database finds full refuses the row); the importer works in every service (checked
/// when it starts), so no scope can hide a record from them.
pub(crate) async fn apply_import_batch(
    database: &Database,
    transaction: &mut AnyConnection,
    user: &User,
    client_id: &str,
    envelopes: &[CommandEnvelope],
    server_today: NaiveDate,
) -> AppResult<Vec<Outcome>> {
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let settings = trust_settings(database).await?;
    command_log::lock_device(&mut *transaction, client_id, &now).await?;
    let mut keys: Vec<RecordKey> = envelopes.iter().flat_map(|envelope| envelope.command.reads()).collect();
    keys.sort();
    keys.dedup();
    let only_read: Vec<RecordKey> = Vec::new();
    let mut current = records::load_for_update(transaction, &keys, &only_read, database.backend()).await?;
    let mut written: Vec<Record> = Vec::new();
    let mut outcomes = Vec::with_capacity(envelopes.len());
    for envelope in envelopes {
        let applied = settings
            .check_issued_on(envelope.issued_on, server_today)
            .and_then(|()| may_apply(user, &envelope.command))
            .and_then(|()| apply_rules(user, envelope, &current));
        let outcome = match applied {
            Err(rejection) => Outcome::Rejected { rejection },
            // An appointment's place is held in the slot places table too, as for a booking.
            Ok(changed) => match places::update(&mut *transaction, &changed, &current).await? {
                Err(needs) => Outcome::Rejected { rejection: slot_taken_while_offline(&needs) },
                Ok(()) => {
                    for record in changed {
                        current.insert(record.key(), record.clone());
                        written.push(record);
                    }
                    Outcome::Applied
                }
            },
        };
        let seq = i64::try_from(envelope.seq).map_err(|_| AppError::bad_request("invalid_seq", "seq too large"))?;
        command_log::append(&mut *transaction, &logged(client_id, seq, user, &now, envelope, &outcome)).await?;
        let (outcome_name, detail) = audit_words(&envelope.command, &outcome);
        let patient = import_patient(&envelope.command, &current);
        audit::append(
            &mut *transaction,
            &audit::NewEntry {
                device: Some(client_id),
                patient_id: patient.as_deref(),
                detail: Some(&detail),
                ..audit::NewEntry::by(user, &now, envelope.command.name(), outcome_name)
            },
        )
        .await?;
        outcomes.push(outcome);
    }
    records::write(&mut *transaction, &written).await?;
    if let Some(last) = envelopes.last() {
        let seq = i64::try_from(last.seq).map_err(|_| AppError::bad_request("invalid_seq", "seq too large"))?;
        command_log::set_last_seq(&mut *transaction, client_id, seq, &now).await?;
    }
    Ok(outcomes)
}

/// The command log's entry of `envelope`, received from `client_id` as number `seq`.
fn logged(
    client_id: &str,
    seq: i64,
    user: &User,
    now: &str,
    envelope: &CommandEnvelope,
    outcome: &Outcome,
) -> LoggedCommand {
    LoggedCommand {
        client_id: client_id.to_string(),
        seq,
        command_id: envelope.id.clone(),
        author: user.name.clone(),
        user_id: Some(user.id.clone()),
        received_at: now.to_string(),
        issued_on: envelope.issued_on,
        command: envelope.command.clone(),
        outcome: outcome.clone(),
    }
}

/// The audit's outcome word and what was done (with what was typed), or why it was refused.
fn audit_words(command: &Command, outcome: &Outcome) -> (&'static str, String) {
    let what = match command.typed_text().filter(|text| !text.trim().is_empty()) {
        Some(text) => format!("{}: {text}", command.describe()),
        None => command.describe(),
    };
    match outcome {
        Outcome::Applied => ("applied", what),
        Outcome::Merged => ("merged", what),
        Outcome::Rejected { rejection } => ("rejected", format!("{what}. Refused: {}", rejection.message)),
    }
}

/// The patient an import's command is about (a pathway event's: its pathway's patient, in `current`).
fn import_patient(command: &Command, current: &HashMap<RecordKey, Record>) -> Option<String> {
    match command {
        Command::RegisterPatient(register) => Some(register.patient.id.clone()),
        Command::ChangePatientDetails(change) => Some(change.patient_id.clone()),
        Command::AddReferral(add) => Some(add.referral.patient_id.clone()),
        Command::RecordPasAppointment(record) => Some(record.appointment.patient_id.clone()),
        Command::RecordPathwayEvent(event) => {
            match current.get(&RecordKey::new(RecordKind::Pathway, event.pathway_id.as_str())) {
                Some(Record::Pathway(pathway)) => Some(pathway.patient_id.clone()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A client id belongs to the first user who syncs with it: another user's session cannot push or pull as it.
pub async fn check_device(database: &Database, user: &User, client_id: &str) -> AppResult<()> {
    check_text("client_id", client_id, MAX_ID_CHARS)?;
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut connection = database.pool().acquire().await?;
    let owner = command_log::claim_device(&mut connection, client_id, &user.id, &now).await?;
    if owner != user.id {
        drop(connection);
        let detail = format!("device {client_id} belongs to another person");
        audit::note(
            database,
            &audit::NewEntry { detail: Some(&detail), ..audit::NewEntry::by(user, &now, "sync", "refused") },
        )
        .await;
        return Err(AppError::client(
            axum::http::StatusCode::FORBIDDEN,
            "client_not_yours",
            "This device's sync belongs to another person. Sign out, and sign in again on this device to sync \
             as yourself.",
        ));
    }
    Ok(())
}

fn check_request(request: &PushRequest) -> AppResult<()> {
    let count = request.commands.len();
    if count > MAX_PUSH_COMMANDS {
        return Err(AppError::payload_too_large(format!(
            "This push has {count} commands; the most in one push is {MAX_PUSH_COMMANDS}. Send the outbox in \
             smaller pushes, oldest first."
        )));
    }
    check_text("client_id", &request.client_id, MAX_ID_CHARS)?;
    for envelope in &request.commands {
        check_text("id", &envelope.id, MAX_ID_CHARS)?;
        check_text("author", &envelope.author, MAX_AUTHOR_CHARS)?;
        if envelope.seq == 0 {
            return Err(AppError::unprocessable(
                "invalid_request",
                format!("Command {} has sequence number 0; sequence numbers start at 1.", envelope.id),
            ));
        }
        if i64::try_from(envelope.seq).is_err() {
            return Err(AppError::unprocessable(
                "invalid_request",
                format!(
                    "Command {} has sequence number {}, larger than any device reaches ({} at most): each device \
                     numbers its commands 1, 2, 3 and on. This device's outbox is damaged: keep a copy of its \
                     changes and ask IT to reset its sync.",
                    envelope.id,
                    envelope.seq,
                    i64::MAX
                ),
            ));
        }
    }
    Ok(())
}

fn check_text(field: &str, value: &str, max_chars: usize) -> AppResult<()> {
    if value.trim().is_empty() {
        return Err(AppError::unprocessable("invalid_request", format!("The field {field} is empty; it is required.")));
    }
    if value.chars().count() > max_chars {
        return Err(AppError::unprocessable(
            "invalid_request",
            format!("The field {field} is longer than {max_chars} characters."),
        ));
    }
    Ok(())
}

/// The days a command may be dated: the server's UK date and the trust's settings (how long a desk may work
/// offline), read once per push.
struct AcceptedDates {
    server_today: NaiveDate,
    settings: TrustSettings,
}

/// The trust's settings, or the defaults until a team lead saves them.
async fn trust_settings(database: &Database) -> AppResult<TrustSettings> {
    let key = RecordKey::new(RecordKind::TrustSettings, TRUST_SETTINGS_ID);
    let mut connection = database.pool().acquire().await?;
    Ok(match records::load(&mut connection, std::slice::from_ref(&key)).await?.remove(&key) {
        Some(Record::TrustSettings(settings)) => settings,
        _ => TrustSettings::default(),
    })
}

/// Receives one command in `transaction` (the caller commits): checked against the device's numbering, applied,
/// logged and audited. An error leaves the transaction to be rolled back.
async fn receive(
    database: &Database,
    transaction: &mut AnyConnection,
    user: &User,
    client_id: &str,
    envelope: &CommandEnvelope,
    dates: &AcceptedDates,
) -> AppResult<CommandResult> {
    let server_today = dates.server_today;
    let seq = i64::try_from(envelope.seq).expect("checked by check_request");
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let device = command_log::lock_device(&mut *transaction, client_id, &now).await?;
    match check_arrival(&mut *transaction, client_id, envelope, seq, device).await? {
        Arrival::Repeat(outcome) => return Ok(CommandResult { id: envelope.id.clone(), seq: envelope.seq, outcome }),
        Arrival::AfterRestore { missing } => {
            let detail = format!(
                "commands {missing} from device {client_id} were sent after the backup this database was restored \
                 from, and are not in it"
            );
            tracing::warn!(client_id, %detail, "a device's numbering jumped after a restore");
            audit::append(
                &mut *transaction,
                &audit::NewEntry { detail: Some(&detail), ..audit::NewEntry::by(user, &now, "sync", "after_restore") },
            )
            .await?;
        }
        Arrival::Next => {}
    }

    let outcome = match dates.settings.check_issued_on(envelope.issued_on, server_today) {
        Err(rejection) => Outcome::Rejected { rejection },
        Ok(()) => apply(database, &mut *transaction, user, envelope, server_today).await?,
    };
    if let Outcome::Rejected { rejection } = &outcome {
        tracing::info!(client_id, seq, command_id = %envelope.id, reason = %rejection, "command rejected");
    }
    let entry = logged(client_id, seq, user, &now, envelope, &outcome);
    if let Err(error) = command_log::append(&mut *transaction, &entry).await {
        // Another device logged this command id between our check and our insert.
        if error.as_database_error().is_some_and(|error| error.is_unique_violation()) {
            return Err(AppError::conflict(
                "command_id_reused",
                format!(
                    "Command id {} was already received from another device. Each command needs its own id.",
                    envelope.id
                ),
            ));
        }
        return Err(error.into());
    }
    command_log::set_last_seq(&mut *transaction, client_id, seq, &now).await?;
    // One audit line for each patient the command is about (a cancelled clinic: every patient in it), so a search
    // by patient finds it; the detail says what was done, or why it was refused.
    let patients = patients_of(&mut *transaction, &envelope.command).await?;
    let (outcome_name, detail) = audit_words(&envelope.command, &outcome);
    let about: Vec<Option<&str>> =
        if patients.is_empty() { vec![None] } else { patients.iter().map(|id| Some(id.as_str())).collect() };
    for patient_id in about {
        audit::append(
            &mut *transaction,
            &audit::NewEntry {
                device: Some(client_id),
                patient_id,
                detail: Some(&detail),
                ..audit::NewEntry::by(user, &now, envelope.command.name(), outcome_name)
            },
        )
        .await?;
    }
    Ok(CommandResult { id: envelope.id.clone(), seq: envelope.seq, outcome })
}

/// Re-validates the command on the server's records and writes what it changes, with the slot places of any
/// appointment it books, moves or cancels. A booking whose slot has no place left (found by the core's rules or
/// by the database's own constraint) is refused as "slot taken while you were offline", and a task for the
/// booking team is written in its place, in this same transaction: the patient is never silently lost.
async fn apply(
    database: &Database,
    transaction: &mut AnyConnection,
    user: &User,
    envelope: &CommandEnvelope,
    server_today: NaiveDate,
) -> AppResult<Outcome> {
    if let Err(rejection) = may_apply(user, &envelope.command) {
        return Ok(Outcome::Rejected { rejection });
    }
    let Ok(reads) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| envelope.command.reads())) else {
        tracing::error!(command = envelope.command.name(), id = %envelope.id, "a command made Pathdesk's rules fail");
        return Ok(Outcome::Rejected { rejection: rules_failed() });
    };
    let only_reads = envelope.command.only_reads();
    let mut current: HashMap<RecordKey, Record> =
        records::load_for_update(transaction, &reads, &only_reads, database.backend()).await?;
    // Records of another service are neither read nor changed, and the answer must not tell whether one exists:
    // to this person they are simply not there, so the core answers exactly as for an id nobody has.
    let read_scopes = records::stored_scopes(transaction, &reads).await?;
    current
        .retain(|key, _| read_scopes.get(key).is_none_or(|scope| scope.visible_to(user.all_services, &user.services)));
    let needs = match apply_rules(user, envelope, &current) {
        Ok(changed) => {
            // A record read under a shared lock is never written: that would be a fault in the rules.
            if changed.iter().any(|record| only_reads.contains(&record.key())) {
                tracing::error!(command = envelope.command.name(), id = %envelope.id, "a command wrote a record it only read");
                return Ok(Outcome::Rejected { rejection: rules_failed() });
            }
            let written_scopes = records::scopes_of(transaction, &changed).await?;
            if let Some(rejection) = outside_services(user, written_scopes.iter()) {
                return Ok(Outcome::Rejected { rejection });
            }
            // A savepoint: if the database refuses a place, this command's writes are undone but the
            // transaction goes on to log the refusal.
            let mut step = transaction.begin().await?;
            match places::update(&mut step, &changed, &current).await? {
                Ok(()) => {
                    records::write(&mut step, &changed).await?;
                    step.commit().await?;
                    // A task edit that gave way to a later one is kept in the task's history: merged.
                    if envelope.command.gave_way(&changed) {
                        return Ok(Outcome::Merged);
                    }
                    return Ok(Outcome::Applied);
                }
                Err(needs) => {
                    step.rollback().await?;
                    needs
                }
            }
        }
        Err(rejection) => match rejection.needs_rebooking() {
            Some(needs) => needs.clone(),
            None => return Ok(Outcome::Rejected { rejection }),
        },
    };
    let patient_key = RecordKey::new(RecordKind::Patient, needs.patient_id.as_str());
    let patients = records::load(transaction, std::slice::from_ref(&patient_key)).await?;
    let patient = match patients.get(&patient_key) {
        Some(Record::Patient(patient)) => Some(patient),
        _ => None,
    };
    let task = needs_rebooking_task(&needs, patient, server_today.max(envelope.issued_on));
    records::write(transaction, &[Record::Task(task)]).await?;
    Ok(Outcome::Rejected { rejection: slot_taken_while_offline(&needs) })
}

/// May `user` send `command` at all: their role's areas of work, and the table of limits.
fn may_apply(user: &User, command: &Command) -> Result<(), Rejection> {
    may_send(user.role, command).map_err(Rejection::forbidden)?;
    command.check_limits()
}

/// The command's rules applied to the records it read, as `user`. A fault in a rule (a panic) refuses the command
/// with a reason, as a bad command would be: it goes to the desk's Problems and everything queued behind it still
/// syncs, instead of the connection dropping and the desk retrying it for ever.
fn apply_rules(
    user: &User,
    envelope: &CommandEnvelope,
    current: &HashMap<RecordKey, Record>,
) -> Result<Vec<Record>, Rejection> {
    let context = CommandContext { today: envelope.issued_on, author: user.name.clone() };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| envelope.command.apply(&context, current))).unwrap_or_else(
        |_| {
            tracing::error!(command = envelope.command.name(), id = %envelope.id, "a command made Pathdesk's rules fail");
            Err(rules_failed())
        },
    )
}

/// The refusal for a command that made the rules fail (a panic): said to the person, kept under Problems.
fn rules_failed() -> Rejection {
    Rejection::invalid(
        "Pathdesk could not apply this change: it met a fault in its own rules, which has been logged. Check the dates \
         and numbers typed; if they are right, tell your team lead.",
    )
}

/// How a command stands against what the server already has from its device.
enum Arrival {
    /// Already received: the answer given then.
    Repeat(Outcome),
    /// The next command from this device.
    Next,
    /// The next command from this device after the database was restored from a backup: `missing` ("12 to 19")
    /// were sent after the backup and are not here.
    AfterRestore { missing: String },
}

/// A repeat gets its stored answer; a repeat with another body, a reused sequence number, a gap, or an id taken by
/// another command is refused.
async fn check_arrival(
    connection: &mut AnyConnection,
    client_id: &str,
    envelope: &CommandEnvelope,
    seq: i64,
    device: command_log::LockedDevice,
) -> AppResult<Arrival> {
    let last_seq = device.last_seq;
    if let Some(logged) = command_log::find_by_command_id(connection, &envelope.id).await? {
        if logged.client_id != client_id || logged.seq != seq {
            return Err(AppError::conflict(
                "command_id_reused",
                format!(
                    "Command id {} was already received as command {} from device {}, not as command {seq} from \
                     this device. Each command needs its own id.",
                    envelope.id, logged.seq, logged.client_id
                ),
            ));
        }
        // The same id and place must be the same change: a different body would otherwise be answered with the
        // first one's outcome and silently dropped.
        if logged.command != envelope.command || logged.issued_on != envelope.issued_on {
            return Err(AppError::conflict(
                "command_changed",
                format!(
                    "Command {seq} from this device (id {}) was already received as \"{}\" on {}, and a change \
                     cannot be altered once sent. What was sent now (\"{}\" on {}) was not applied: make it again \
                     as a new change.",
                    envelope.id,
                    logged.command.describe(),
                    pathdesk_core::calendar::uk_date(logged.issued_on),
                    envelope.command.describe(),
                    pathdesk_core::calendar::uk_date(envelope.issued_on),
                ),
            ));
        }
        return Ok(Arrival::Repeat(logged.outcome));
    }
    if seq <= last_seq {
        let earlier = command_log::find_by_seq(connection, client_id, seq).await?;
        let earlier_id = earlier.map(|logged| logged.command_id).unwrap_or_else(|| "unknown".to_string());
        return Err(AppError::conflict(
            "sequence_reused",
            format!(
                "Command {seq} from this device was already received with a different id ({earlier_id}, not {}). \
                 This device's outbox no longer matches the server: keep a copy of the unsent changes and ask IT to \
                 reset this device's sync.",
                envelope.id
            ),
        ));
    }
    let expected = last_seq + 1;
    if seq > expected && device.after_restore {
        return Ok(Arrival::AfterRestore { missing: format!("{expected} to {}", seq - 1) });
    }
    if seq > expected {
        return Err(AppError::conflict(
            "sequence_gap",
            format!(
                "Expected command {expected} from this device, got {seq}: the commands in between have not arrived. \
                 Nothing from command {seq} on was applied; push the outbox again from command {expected}."
            ),
        ));
    }
    Ok(Arrival::Next)
}

/// Every patient a command is about: named in it, or owning a record it reads (each appointment of a cancelled
/// clinic, the pathway of a booking, the patient of a task).
async fn patients_of(connection: &mut AnyConnection, command: &Command) -> AppResult<Vec<String>> {
    let mut patients: Vec<String> = Vec::new();
    match command {
        Command::AddPatientNote(note) => patients.push(note.patient_id.clone()),
        Command::CreateTask(create) => patients.extend(create.task.patient_id.clone()),
        Command::RegisterPatient(register) => patients.push(register.patient.id.clone()),
        Command::ChangePatientDetails(change) => patients.push(change.patient_id.clone()),
        Command::AddReferral(add) => patients.push(add.referral.patient_id.clone()),
        _ => {}
    }
    let reads: Vec<RecordKey> = command
        .reads()
        .into_iter()
        .filter(|key| {
            matches!(
                key.kind,
                RecordKind::Pathway | RecordKind::Appointment | RecordKind::Task | RecordKind::PathwayOffers
            )
        })
        .collect();
    let found = records::load(connection, &reads).await?;
    patients.extend(found.values().filter_map(|record| record.patient_id().map(str::to_string)));
    patients.sort();
    patients.dedup();
    Ok(patients)
}

/// A refusal when any of the scopes is outside the user's services.
fn outside_services<'a>(user: &User, scopes: impl IntoIterator<Item = &'a Scope>) -> Option<Rejection> {
    let mut outside: Vec<String> = Vec::new();
    for scope in scopes {
        if !scope.visible_to(user.all_services, &user.services) {
            match scope {
                Scope::Services(services) if !services.is_empty() => outside.extend(services.iter().cloned()),
                _ => outside.push("no service yet".to_string()),
            }
        }
    }
    if outside.is_empty() {
        return None;
    }
    outside.sort();
    outside.dedup();
    Some(Rejection::forbidden(format!(
        "This change is about records of a service you do not work in ({}). Ask someone in that service, or a \
         team lead, to make it.",
        outside.join(", ")
    )))
}
