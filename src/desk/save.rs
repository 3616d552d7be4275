//! Saving a person's change at this desk: check their role allows it, do it on this device, then tell the
//! screens that show what changed, the other tabs and the sync loop.

use pathdesk_core::command::{Command, Rejection, RejectionCode};

use crate::desk::local::{self, LocalError};
use crate::desk::sync::driver::{self, Trigger};
use crate::desk::{changes, clock, current_store, Desk};

impl Desk {
    /// Do a command on this device, then tell the screens, the other tabs and the sync loop.
    pub async fn run_command(&self, command: Command) -> Result<(), LocalError> {
        if let Err(reason) = self.auth.may_send(&command) {
            return Err(LocalError::Rejected(Rejection {
                code: RejectionCode::Forbidden,
                message: format!("{reason} Nothing was saved."),
                details: None,
            }));
        }
        let store = current_store()?;
        local::do_command(&store, command, clock::today()).await?;
        self.changed_here().await;
        driver::request_sync(*self, Trigger::LocalChange);
        Ok(())
    }

    /// After this tab wrote to the store: the screens showing what changed read again, the other tabs are told,
    /// and the sync indicator's counts are read again.
    pub async fn changed_here(&self) {
        if let Ok(store) = current_store() {
            let changed = store.take_changes();
            changes::tell(&changed);
            driver::announce_change(&changed);
        }
        driver::refresh_counts(*self).await;
    }
}
