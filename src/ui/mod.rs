//! Pieces two or more screens use.

pub mod address;
pub mod allowed;
pub mod assignee;
pub mod booking_panel;
pub mod clinics_nav;
pub mod download;
pub mod event_fields;
pub mod event_model;
pub mod form;
pub mod keyed;
pub mod loaded;
pub mod names;
pub mod patient_banner;
pub mod patient_fields;
pub mod query_form;
pub mod referral_fields;
pub mod tags;
pub mod virtual_rows;
