//! The demo's MDT meetings: each tumour site with fast-track patients meets on Thursdays, from last week to a month
//! ahead, and the next meeting already has two patients listed, so the diary, the meeting page and its
//! suggestions all have something to show.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::mdt::{MdtListing, MdtMeeting};
use crate::model::{Pathway, Specialty};
use crate::pathway::PathwayClocks;
use crate::record::Record;

const CO_ORDINATOR: &str = "K. Adeyemi (MDT co-ordinator)";

pub(crate) fn meetings(records: &[Record], today: NaiveDate) -> Vec<MdtMeeting> {
    let specialties: Vec<&Specialty> =
        records.iter().filter_map(|r| if let Record::Specialty(s) = r { Some(s) } else { None }).collect();
    let pathways: Vec<&Pathway> =
        records.iter().filter_map(|r| if let Record::Pathway(p) = r { Some(p) } else { None }).collect();
    let mut thursday = today - Days::new(7);
    while thursday.weekday() != Weekday::Thu {
        thursday = thursday + Days::new(1);
    }
    let mut meetings = Vec::new();
    for specialty in specialties {
        // Fast-track patients still on a cancer clock: the ones a meeting would discuss.
        let running: Vec<&&Pathway> = pathways
            .iter()
            .filter(|p| p.cancer && p.specialty_id == specialty.id)
            .filter(|p| PathwayClocks::compute(&p.events, true, today).next_deadline().is_some())
            .collect();
        if running.is_empty() {
            continue;
        }
        let mut date = thursday;
        let mut listed_next = false;
        while date <= today + Days::new(28) {
            let mut meeting = MdtMeeting {
                id: format!("mdt-{}-{date}", specialty.id),
                specialty_id: specialty.id.clone(),
                name: format!("{} cancer MDT", specialty.name),
                date,
                location: "MDT room, Education centre".to_string(),
                patients: Vec::new(),
            };
            if date >= today && !listed_next {
                listed_next = true;
                meeting.patients = running
                    .iter()
                    .take(2)
                    .map(|p| MdtListing {
                        pathway_id: p.id.clone(),
                        patient_id: p.patient_id.clone(),
                        listed_on: today - Days::new(1),
                        listed_by: CO_ORDINATOR.to_string(),
                        question: Some("Results and next step".to_string()),
                        outcome: None,
                    })
                    .collect();
            }
            meetings.push(meeting);
            date = date + Days::new(7);
        }
    }
    meetings
}
