//! The trust's settings every desk follows.

use crate::from_map::from_map;
use serde::Serialize;

use super::records;
use super::{Act, CommandContext, RecordSource, Rejection};
use crate::record::{Record, RecordKey, RecordKind};
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

/// Name a consultant's medical secretary (or, `None`, send their letters to the secretaries' pool again): the
/// clinic letters of their patients seen from then on go to that person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetConsultantSecretary {
    pub consultant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretary: Option<String>,
}

from_map!(SetConsultantSecretary { consultant_id, secretary = default });

impl Act for SetConsultantSecretary {
    fn reads(&self) -> Vec<RecordKey> {
        vec![records::key(RecordKind::Consultant, &self.consultant_id)]
    }

    fn describe(&self) -> String {
        match &self.secretary {
            Some(secretary) => format!("Name {secretary} as a consultant's secretary"),
            None => "Send a consultant's letters to the secretaries' pool".to_string(),
        }
    }

    fn apply(&self, _ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut consultant = records::consultant(records, &self.consultant_id)?.clone();
        let secretary = self.secretary.as_deref().map(str::trim).filter(|name| !name.is_empty());
        if let Some(name) = secretary {
            let chars = name.chars().count();
            if chars > crate::limits::NAME_CHARS {
                return Err(Rejection::invalid(format!(
                    "The secretary's name is {chars} characters long; the most is {}. Choose them from the list.",
                    crate::limits::NAME_CHARS
                )));
            }
        }
        consultant.secretary = secretary.map(str::to_string);
        Ok(vec![Record::Consultant(consultant)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Consultant;
    use std::collections::HashMap;

    #[test]
    fn a_consultant_gets_a_named_secretary_and_can_go_back_to_the_pool() {
        let mut held: HashMap<RecordKey, Record> = HashMap::new();
        let consultant = Record::Consultant(Consultant::new("con-1", "Ms Rivers", "spec-uro"));
        held.insert(consultant.key(), consultant);
        let ctx =
            CommandContext { today: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(), author: "T. Lead".into() };
        let named =
            SetConsultantSecretary { consultant_id: "con-1".into(), secretary: Some(" R. Hughes (Urology) ".into()) };
        let written = named.apply(&ctx, &held).unwrap();
        let Record::Consultant(after) = &written[0] else { panic!("{written:?}") };
        assert_eq!(after.secretary.as_deref(), Some("R. Hughes (Urology)"));
        held.insert(written[0].key(), written[0].clone());
        let pooled = SetConsultantSecretary { consultant_id: "con-1".into(), secretary: Some("  ".into()) };
        let Record::Consultant(after) = &pooled.apply(&ctx, &held).unwrap()[0] else { panic!() };
        assert_eq!(after.secretary, None, "blank means the pool");
        let unknown = SetConsultantSecretary { consultant_id: "con-9".into(), secretary: None };
        assert!(unknown.apply(&ctx, &held).is_err());
    }
}
