//! Pieces shared by screens.

pub mod allowed;
pub mod appointment_cancel;
pub mod booking_letter;
pub mod booking_panel;
pub mod booking_rebook;
pub mod change_password;
pub mod follow_up;
pub mod loaded;
pub mod lock_screen;
pub mod pathway_event_form;
pub mod ptl_filters;
pub mod ptl_headline;
pub mod ptl_screen;
pub mod reception_row;
pub mod session_edit;
pub mod sign_in;
pub mod sync_indicator;
pub mod trust_settings;
pub mod user_menu;
pub mod warning_settings;
