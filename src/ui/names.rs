//! Who the ids on tasks and lists stand for: each patient's name, NHS number and date of birth (shown wherever a
//! patient is acted on, and searched by), and each consultant's name. Read once per data change.

use std::collections::HashMap;

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Consultant, Patient};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::record::RecordKind;

use crate::desk::store::records;
use crate::ui::loaded::load;

/// A patient as a list row names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Who {
    pub name: String,
    /// Spaced as people read it: "943 476 5919".
    pub nhs_number: String,
    pub born: String,
    /// Name, NHS number (with and without spaces) and hospital number, for a search.
    pub search: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    /// (id, name), by name: the choices of a consultant filter.
    pub consultants: Vec<(String, String)>,
    consultant_names: HashMap<String, String>,
    patients: HashMap<String, Who>,
}

impl Names {
    pub fn patient(&self, id: Option<&str>) -> Option<&Who> {
        self.patients.get(id?)
    }

    pub fn consultant(&self, id: Option<&str>) -> Option<&str> {
        self.consultant_names.get(id?).map(String::as_str)
    }

    /// The words a task or row about this patient and consultant is found by.
    pub fn search_words(&self, patient_id: Option<&str>, consultant_id: Option<&str>) -> String {
        let patient = self.patient(patient_id).map_or("", |who| who.search.as_str());
        format!("{patient} {}", self.consultant(consultant_id).unwrap_or_default())
    }
}

/// The names on this device, read again when its records change.
pub fn load_names() -> Signal<Option<Names>> {
    load(|store| async move {
        let consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        let patients: Vec<Patient> = records::all(&store, RecordKind::Patient).await?;
        let mut choices: Vec<(String, String)> = consultants.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
        pathdesk_core::sorting::sort_by(&mut choices, |a, b| a.1.cmp(&b.1));
        let patients = patients
            .into_iter()
            .map(|p| {
                let nhs_number = format_nhs_number(&p.nhs_number);
                let name = p.display_name();
                let search = format!("{name} {nhs_number} {} {}", p.nhs_number, p.hospital_number);
                (p.id, Who { name, nhs_number, born: uk_date(p.date_of_birth), search })
            })
            .collect();
        Ok(Names {
            consultants: choices,
            consultant_names: consultants.into_iter().map(|c| (c.id, c.name)).collect(),
            patients,
        })
    })
    .latest()
}
