//! One folder per screen. A screen never imports another screen: what two share is in `crate::ui` or the core.

pub mod add_referral;
pub mod audit;
pub mod change_password;
pub mod clinic;
pub mod clinics;
pub mod escalations;
pub mod leave;
pub mod letter;
pub mod lock;
pub mod not_found;
pub mod pathway;
pub mod pathways;
pub mod patient;
pub mod patients;
pub mod problems;
pub mod register_patient;
pub mod settings;
pub mod sign_in;
pub mod sign_out;
pub mod tasks;
pub mod team;
pub mod templates;
pub mod today;
pub mod users;
pub mod waiting_list;
