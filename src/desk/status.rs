//! What the sync indicator says: plain data and the words for it.

use chrono::{NaiveDate, NaiveDateTime};
use pathdesk_core::calendar::{hhmm, uk_date};
use pathdesk_core::text::thousands;

/// How far a sync's download has got: `done` of the `of` changes the server said were waiting when it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Download {
    pub done: u64,
    pub of: u64,
}

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
    /// The counts and the last sync time have been read from this device's store (until then nothing is said
    /// about whether it ever synced).
    pub read_from_store: bool,
    /// A download of more than one page under way (a first sign-in, a desk off for days): how far it has got.
    pub download: Option<Download>,
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
            read_from_store: false,
            download: None,
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

    /// This desk has never finished a sync: what it holds is not yet the trust's (lists may look empty).
    pub fn first_download(&self) -> bool {
        self.read_from_store && self.last_sync.is_none()
    }

    /// "Loading this desk's data: 41,000 of 108,000" while a long download runs; "Loading this desk's data" while
    /// the first sync has not yet said how much there is; `None` otherwise.
    pub fn download_text(&self) -> Option<String> {
        match self.download {
            Some(Download { done, of }) => {
                Some(format!("Loading this desk's data: {} of {}", thousands(done), thousands(of)))
            }
            None if self.first_download() && self.syncing => Some("Loading this desk's data".to_string()),
            None => None,
        }
    }

    /// What an empty list says: `empty` once this desk holds the trust's data; while a download runs, that it is
    /// still loading (not "none", which would be untrue and alarming).
    pub fn empty_list_text(&self, empty: &str) -> String {
        match self.download {
            Some(Download { done, of }) => format!(
                "Still loading this desk's data: {} of {}. The list shows once loading finishes.",
                thousands(done),
                thousands(of)
            ),
            None if self.first_download() && self.syncing => {
                "Still loading this desk's data. The list shows once loading finishes.".to_string()
            }
            None if self.first_download() => {
                "This desk has not synced yet, so it holds nothing to show. It syncs as soon as the server answers."
                    .to_string()
            }
            None => empty.to_string(),
        }
    }

    pub fn pending_text(&self) -> String {
        match self.pending {
            // Never synced: nothing has been synced, so it does not say "All changes synced".
            0 if self.first_download() => "No changes made on this device".to_string(),
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

    #[test]
    fn a_first_download_says_how_far_it_has_got_and_lists_do_not_say_none() {
        let mut status = SyncStatus { syncing: true, ..SyncStatus::default() };
        let empty = "No clinic sessions today on this device.";
        assert_eq!(status.empty_list_text(empty), empty, "before the store is read nothing is claimed");
        status.read_from_store = true;
        assert_eq!(status.pending_text(), "No changes made on this device", "never synced: not 'All changes synced'");
        assert_eq!(status.download_text().as_deref(), Some("Loading this desk's data"));
        status.download = Some(Download { done: 41_000, of: 108_000 });
        assert_eq!(status.download_text().as_deref(), Some("Loading this desk's data: 41,000 of 108,000"));
        assert_eq!(
            status.empty_list_text(empty),
            "Still loading this desk's data: 41,000 of 108,000. The list shows once loading finishes."
        );
        status.syncing = false;
        status.download = None;
        assert!(status.empty_list_text(empty).starts_with("This desk has not synced yet"), "a first sync that failed");
        status.last_sync = Some("2026-12-07T09:00:00Z".into());
        assert_eq!(status.pending_text(), "All changes synced");
        assert_eq!(status.download_text(), None);
        assert_eq!(status.empty_list_text(empty), empty, "synced: an empty list is empty");
        status.syncing = true;
        assert_eq!(status.download_text(), None, "an ordinary sync is not a download");
        status.download = Some(Download { done: 500, of: 9_000 });
        assert!(status.empty_list_text(empty).starts_with("Still loading"), "a desk off for days catching up");
    }
}
