//! What the sync indicator says: plain data and the words for it.

use chrono::{NaiveDate, NaiveDateTime};

/// The truth about syncing, as the indicator shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// `navigator.onLine`.
    pub browser_online: bool,
    /// The last request to our server got no answer (or a 5xx).
    pub last_request_failed: bool,
    /// Changes only on this device (outbox entries).
    pub pending: u32,
    /// Refused commands waiting for a person.
    pub problems: u32,
    /// When the last sync finished (ISO 8601), if ever.
    pub last_sync: Option<String>,
    pub syncing: bool,
    /// Sync stopped because the server refused it: needs a person (not retried by itself).
    pub stopped: Option<String>,
    /// The last transient failure, while retrying.
    pub last_error: Option<String>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus {
            browser_online: true,
            last_request_failed: false,
            pending: 0,
            problems: 0,
            last_sync: None,
            syncing: false,
            stopped: None,
            last_error: None,
        }
    }
}

impl SyncStatus {
    pub fn online(&self) -> bool {
        self.browser_online && !self.last_request_failed
    }

    /// Problems a person must deal with: refused commands, plus a stopped sync.
    pub fn problems_needing_person(&self) -> u32 {
        self.problems + u32::from(self.stopped.is_some())
    }

    pub fn connection_text(&self) -> &'static str {
        if self.online() {
            "Online"
        } else {
            "Offline"
        }
    }

    pub fn pending_text(&self) -> String {
        match self.pending {
            0 => "All changes synced".to_string(),
            1 => "1 change only on this device".to_string(),
            n => format!("{n} changes only on this device"),
        }
    }

    pub fn problems_text(&self) -> Option<String> {
        match self.problems_needing_person() {
            0 => None,
            1 => Some("1 problem needs you".to_string()),
            n => Some(format!("{n} problems need you")),
        }
    }
}

/// "Synced 10:42" today, "Last synced 21 Nov 2026 10:42" on an earlier day, "Not synced yet" if never.
/// `last` is the local wall-clock time of the last sync.
pub fn last_sync_text(last: Option<NaiveDateTime>, today: NaiveDate) -> String {
    match last {
        None => "Not synced yet".to_string(),
        Some(at) if at.date() == today => format!("Synced {}", at.format("%H:%M")),
        Some(at) => format!("Last synced {}", at.format("%-d %b %Y %H:%M")),
    }
}
