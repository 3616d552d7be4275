//! Pathdesk's domain: records, commands, the waiting-time rules, the working-day calendar and the NHS number.
//! Compiled into both the browser app and the server; it does no I/O.

pub mod access;
pub mod admitted;
pub mod booking;
pub mod calendar;
pub mod case_notes;
pub mod cases;
pub mod command;
pub mod demo;
pub mod diary;
mod from_map;
pub mod limits;
pub mod mdt;
pub mod model;
pub mod nhs_number;
pub mod outcome;
pub mod pas_import;
pub mod pathway;
pub mod patient_search;
pub mod ptl;
pub mod record;
pub mod registration;
pub mod rejection;
pub mod reports;
pub mod settings;
pub mod sorting;
pub mod spreadsheet;
pub mod sync;
pub mod tasks;
pub mod text;
pub mod triage;
pub mod validation;
pub mod waiting;
