//! What the sync indicator says: plain data and the words for it.

use chrono::{NaiveDate, NaiveDateTime};
use pathdesk_core::calendar::{hhmm, uk_date};

/// The truth about syncing, as the indicator shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// `navigator.onLine`.
    pub browser_online: bool,
    /// The last request to our server got no answer (or a 5xx).
    pub last_request_failed: bool,
    /// The server answered, but said it cannot work just now (a 5xx: its database unreachable or busy): not the
    /// same as this desk being offline, and the person is told so.
    pub server_unavailable: bool,
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
    /// When this device found the server restored from a backup and downloaded everything again, until a person
    /// dismisses the notice (see `meta::DOWNLOADED_AGAIN_AT`).
    pub downloaded_again_at: Option<String>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus {
            browser_online: true,
            last_request_failed: false,
            server_unavailable: false,
            pending: 0,
            problems: 0,
            last_sync: None,
            syncing: false,
            stopped: None,
            last_error: None,
            downloaded_again_at: None,
        }
    }
}

impl SyncStatus {
    pub fn online(&self) -> bool {
        self.browser_online && !self.last_request_failed
    }

    /// Problems a person must deal with: refused commands, plus a stopped sync.
    pub fn problems_needing_person(&self) -> u32 {
        self.problems + u32::from(self.stopped.is_some()) + u32::from(self.downloaded_again_at.is_some())
    }

    pub fn connection_text(&self) -> &'static str {
        if self.online() {
            "Online"
        } else if self.browser_online && self.server_unavailable {
            "Server unavailable: your changes are safe on this device"
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
        Some(at) if at.date() == today => format!("Synced {}", hhmm(at.time())),
        Some(at) => format!("Last synced {} {}", uk_date(at.date()), hhmm(at.time())),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_indicator_says_when_it_last_synced_and_what_waits() {
        let today = date(2026, 11, 22);
        assert_eq!(last_sync_text(None, today), "Not synced yet");
        assert_eq!(last_sync_text(Some(at("2026-11-22 10:42")), today), "Synced 10:42");
        assert_eq!(last_sync_text(Some(at("2026-11-21 10:42")), today), "Last synced 21 Nov 2026 10:42");
        let mut status = SyncStatus::default();
        assert!(status.online());
        assert_eq!(status.pending_text(), "All changes synced");
        status.pending = 1;
        assert_eq!(status.pending_text(), "1 change only on this device");
        status.pending = 3;
        assert_eq!(status.pending_text(), "3 changes only on this device");
        status.last_request_failed = true;
        assert!(!status.online());
        assert_eq!(status.connection_text(), "Offline");
        status.server_unavailable = true;
        assert_eq!(status.connection_text(), "Server unavailable: your changes are safe on this device");
        status.last_request_failed = false;
        status.server_unavailable = false;
        status.browser_online = false;
        assert_eq!(status.connection_text(), "Offline");
        assert_eq!(status.problems_text(), None);
        status.problems = 2;
        status.stopped = Some("refused".into());
        assert_eq!(status.problems_needing_person(), 3);
        assert_eq!(status.problems_text().as_deref(), Some("3 problems need you"));
        status.downloaded_again_at = Some("2026-12-07T09:00:00Z".into());
        assert_eq!(status.problems_needing_person(), 4, "the notice of a restored server needs reading");
    }
}
