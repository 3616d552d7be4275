//! The trust's settings every desk follows.

use crate::from_map::from_map;
use serde::Serialize;

use super::records;
use super::{Act, CommandContext, RecordSource, Rejection};
use crate::record::{Record, RecordKey};
use crate::settings::TrustSettings;

/// Save the trust's settings (booking notice, leave notice, letter turnaround, idle lock); the later save wins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SaveTrustSettings {
    pub settings: TrustSettings,
}

from_map!(SaveTrustSettings { settings });

impl Act for SaveTrustSettings {
    fn reads(&self) -> Vec<RecordKey> {
        vec![records::trust_settings_key()]
    }

    fn describe(&self) -> String {
        "Save the trust settings".to_string()
    }

    fn apply(&self, _ctx: &CommandContext, _records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        self.settings.validate().map_err(Rejection::invalid)?;
        Ok(vec![Record::TrustSettings(self.settings.clone())])
    }
}
