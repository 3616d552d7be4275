//! The sync protocol's wire types, shared by the browser's sync client and the server.
//!
//! Push: the client sends its outbox in order. Every command carries the device's `client_id`, a sequence
//! number (1, 2, 3... per device, no gaps) and a UUID. The server answers each with its outcome and keeps that
//! answer, so a repeat (a lost response, a retry) gets the same answer and is applied once.
//!
//! Pull: the client asks for changed records after its cursor; pages come in cursor order, and the client stores
//! a page, the new cursor and the outbox acknowledgements in one transaction.

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Command, Rejection};
use crate::record::Record;

/// The schema version of the wire format and the server's database (also reported by `/api/health`).
pub const SCHEMA_VERSION: u32 = 1;

/// How many commands one push may carry.
pub const MAX_PUSH_COMMANDS: usize = 500;

/// Default and largest number of changes in one pull page.
pub const DEFAULT_PULL_LIMIT: u32 = 500;
pub const MAX_PULL_LIMIT: u32 = 2000;

/// A command as it travels: who sent it, in which order, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommandEnvelope {
    /// A UUID made on the device when the person acted.
    pub id: String,
    /// Position in this device's outbox: 1, 2, 3...
    pub seq: u64,
    /// The desk's calendar date when the person acted (checks such as "no future dates" use it).
    pub issued_on: NaiveDate,
    /// Who acted (until sign-in exists, the name set on the device).
    pub author: String,
    pub command: Command,
}

from_map!(CommandEnvelope { id, seq, issued_on, author, command });

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PushRequest {
    pub client_id: String,
    pub commands: Vec<CommandEnvelope>,
}

from_map!(PushRequest { client_id, commands });

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied as sent.
    Applied,
    /// Applied, merged with changes made elsewhere in the meantime.
    Merged,
    /// Not applied; the reason says what happened and what to do.
    Rejected { rejection: Rejection },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommandResult {
    pub id: String,
    pub seq: u64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The outcome's word and, when refused, the refusal: how an outcome is written, alone (in the server's log) or
/// beside a result's id and sequence number.
fn outcome_of<E: serde::de::Error>(word: &str, rejection: Option<Rejection>) -> Result<Outcome, E> {
    match word {
        "applied" => Ok(Outcome::Applied),
        "merged" => Ok(Outcome::Merged),
        "rejected" => Ok(Outcome::Rejected { rejection: rejection.ok_or_else(|| E::missing_field("rejection"))? }),
        other => Err(E::unknown_variant(other, &["applied", "merged", "rejected"])),
    }
}

/// `Outcome` as written, `{"outcome": "rejected", "rejection": {...}}`, read through a plain struct: serde's reader
/// for internally tagged enums buffers the whole object first, and is large.
struct OutcomeFields {
    outcome: String,
    rejection: Option<Rejection>,
}

from_map!(OutcomeFields { outcome, rejection = default });

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let OutcomeFields { outcome, rejection } = OutcomeFields::deserialize(deserializer)?;
        outcome_of(&outcome, rejection)
    }
}

/// `CommandResult` as written (`{"id", "seq", "outcome": "rejected", "rejection": {...}}`), read the same way (the
/// derive's reader for a flattened field buffers the object too).
struct CommandResultFields {
    id: String,
    seq: u64,
    outcome: String,
    rejection: Option<Rejection>,
}

from_map!(CommandResultFields { id, seq, outcome, rejection = default });

impl<'de> Deserialize<'de> for CommandResult {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let CommandResultFields { id, seq, outcome, rejection } = CommandResultFields::deserialize(deserializer)?;
        Ok(CommandResult { id, seq, outcome: outcome_of(&outcome, rejection)? })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PushResponse {
    pub results: Vec<CommandResult>,
}

from_map!(PushResponse { results });

/// A place in the server's change feed. A desk keeps the one it was last given, as text, and sends it back; what
/// it is made of is the server's business. On PostgreSQL it is the writing transaction's id and a number within the
/// feed (`"812.40317"`): several server processes write at once without a shared counter, and a pull only passes
/// transactions that have all finished, so none that commits later can be skipped. On SQLite, with one writer, it
/// is the number alone (`"40317"`), which is also how every cursor was written before, so a desk holding an old
/// one carries on from where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cursor {
    /// The writing transaction on PostgreSQL; 0 on SQLite and for changes written before transactions were kept.
    pub transaction: i64,
    pub sequence: i64,
}

impl Cursor {
    /// Before every change: where a desk's first pull starts.
    pub const START: Cursor = Cursor { transaction: 0, sequence: 0 };
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.transaction {
            0 => write!(f, "{}", self.sequence),
            transaction => write!(f, "{transaction}.{}", self.sequence),
        }
    }
}

/// The text is not a cursor this server gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotACursor;

impl std::str::FromStr for Cursor {
    type Err = NotACursor;

    fn from_str(text: &str) -> Result<Cursor, NotACursor> {
        let part = |part: &str| match part.parse::<i64>() {
            Ok(value) if value >= 0 && part.bytes().all(|b| b.is_ascii_digit()) => Ok(value),
            _ => Err(NotACursor),
        };
        match text.split_once('.') {
            None => Ok(Cursor { transaction: 0, sequence: part(text)? }),
            Some((transaction, sequence)) => Ok(Cursor { transaction: part(transaction)?, sequence: part(sequence)? }),
        }
    }
}

impl Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cursor {
    /// Text as written, or a bare number as earlier releases wrote cursors.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Cursor;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a change-feed cursor")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Cursor, E> {
                text.parse().map_err(|_| E::invalid_value(serde::de::Unexpected::Str(text), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Cursor, E> {
                let sequence = i64::try_from(value).map_err(|_| E::custom("cursor out of range"))?;
                Ok(Cursor { transaction: 0, sequence })
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Cursor, E> {
                match value {
                    0.. => Ok(Cursor { transaction: 0, sequence: value }),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Signed(value), &self)),
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One changed record, at its position in the server's change feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub cursor: Cursor,
    pub record: Record,
}

from_map!(Change { cursor, record });

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Where the next pull starts: the cursor of the last change here (or the request's cursor if none).
    pub next_cursor: Cursor,
    /// More changes are waiting after `next_cursor`.
    pub has_more: bool,
    /// Which database answered. A desk that synced with another (the server was restored from a backup since)
    /// downloads everything again from the start, keeping the changes still waiting on it.
    #[serde(default)]
    pub database_id: String,
    /// How many changes the puller may see after the request's cursor, this page's included: given only when the
    /// pull asked for it (`count=true`, on the first page of a sync), so a desk downloading a trust can say how far
    /// it has got ("41,000 of 108,000").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<u64>,
}

from_map!(PullResponse { changes, next_cursor, has_more, database_id = default, waiting = default });

/// The body of every error response: a message a person can act on, and a stable code for programs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub error: String,
    pub message: String,
}

from_map!(ApiError { error, message });

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    pub status: String,
    pub schema_version: u32,
    pub version: String,
}

from_map!(Health { status, schema_version, version });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_it_was_written() {
        for cursor in
            [Cursor::START, Cursor { transaction: 0, sequence: 40317 }, Cursor { transaction: 812, sequence: 7 }]
        {
            let json = serde_json::to_string(&cursor).unwrap();
            assert_eq!(serde_json::from_str::<Cursor>(&json).unwrap(), cursor, "{json}");
            assert_eq!(cursor.to_string().parse::<Cursor>().unwrap(), cursor);
        }
        assert_eq!(Cursor { transaction: 812, sequence: 7 }.to_string(), "812.7");
    }

    #[test]
    fn a_cursor_from_an_earlier_release_is_a_number_and_still_reads() {
        let old = Cursor { transaction: 0, sequence: 5120 };
        assert_eq!(serde_json::from_str::<Cursor>("5120").unwrap(), old);
        assert_eq!("5120".parse::<Cursor>().unwrap(), old);
        assert_eq!(old.to_string(), "5120", "written as before, so a server of either release reads it");
        let page: PullResponse =
            serde_json::from_str(r#"{"changes": [], "next_cursor": 5120, "has_more": false}"#).unwrap();
        assert_eq!(page.next_cursor, old);
    }

    #[test]
    fn text_that_is_not_a_cursor_is_refused() {
        for text in ["", "-1", "1.", ".1", "1.2.3", "abc", "1e3", "+5", " 5", "99999999999999999999"] {
            assert!(text.parse::<Cursor>().is_err(), "{text:?}");
        }
        assert!(serde_json::from_str::<Cursor>("-3").is_err());
        assert!(serde_json::from_str::<Cursor>("true").is_err());
    }

    #[test]
    fn later_transactions_come_after_every_change_of_earlier_ones() {
        let mut cursors = [
            Cursor { transaction: 9, sequence: 1 },
            Cursor { transaction: 0, sequence: 900 },
            Cursor { transaction: 7, sequence: 950 },
            Cursor { transaction: 9, sequence: 0 },
        ];
        cursors.sort();
        let written: Vec<String> = cursors.iter().map(Cursor::to_string).collect();
        assert_eq!(written, ["900", "7.950", "9.0", "9.1"]);
    }
}
