//! The desk's calendar and clock, from the browser (the person's local time zone).

use chrono::{NaiveDate, NaiveDateTime};
use wasm_bindgen::JsValue;

fn local_date(date: &js_sys::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.get_full_year() as i32, date.get_month() + 1, date.get_date())
}

/// The localStorage key of a training and testing aid: a date ("YYYY-MM-DD") the desk uses as today instead of
/// the calendar's, e.g. to rehearse a clinic day. Settings says when it is set.
pub const TODAY_OVERRIDE_KEY: &str = "pathdesk.today";

/// The date set under [`TODAY_OVERRIDE_KEY`], if any (an unreadable value is ignored).
pub fn today_override() -> Option<NaiveDate> {
    let storage = web_sys::window()?.local_storage().ok()??;
    let value = storage.get_item(TODAY_OVERRIDE_KEY).ok()??;
    value.trim().parse::<NaiveDate>().ok()
}

/// Today's date on this desk: a calendar date (what commands and "overdue" use), not a timestamp.
pub fn today() -> NaiveDate {
    today_override().unwrap_or_else(|| local_date(&js_sys::Date::new_0()).unwrap_or_default())
}

/// Now, as an ISO 8601 timestamp (UTC), for "last synced" and when a problem was noticed.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// An ISO 8601 timestamp as the local wall-clock time on this desk.
pub fn local_date_time(iso: &str) -> Option<NaiveDateTime> {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    local_date(&date)?.and_hms_opt(date.get_hours(), date.get_minutes(), date.get_seconds())
}

/// A random number in [0, 1), for jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}
