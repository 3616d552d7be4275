//! Notes on a patient's record.

use crate::from_map::from_map;
use serde::Serialize;

use super::records::key;
use super::{checked_text, Act, CommandContext, RecordSource, Rejection};
use crate::model::PatientNote;
use crate::record::{Record, RecordKey, RecordKind};

/// Add a free-text note to a patient's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddPatientNote {
    pub note_id: String,
    pub patient_id: String,
    pub text: String,
}

from_map!(AddPatientNote { note_id, patient_id, text });

impl Act for AddPatientNote {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Patient, &self.patient_id), key(RecordKind::PatientNote, &self.note_id)]
    }

    fn describe(&self) -> String {
        "Add a note to a patient".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.text.clone())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let text = checked_text(&self.text, "note")?;
        let patient_id = &self.patient_id;
        match records.record(&key(RecordKind::Patient, patient_id)) {
            Some(Record::Patient(_)) => {}
            _ => {
                return Err(Rejection::not_found(format!(
                    "No patient with id {patient_id}: the record may have been removed. Search for the patient again."
                )))
            }
        }
        if records.record(&key(RecordKind::PatientNote, &self.note_id)).is_some() {
            return Err(Rejection::conflict(format!("A note with id {} already exists.", self.note_id)));
        }
        Ok(vec![Record::PatientNote(PatientNote {
            id: self.note_id.clone(),
            patient_id: patient_id.clone(),
            text,
            author: ctx.author.clone(),
            written_on: ctx.today,
        })])
    }
}
