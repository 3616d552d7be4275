//! Clinics far enough ahead, made by the server from the templates: up to the trust's horizon, reaching devices by
//! pull, and a second check (or a second server process) never makes another.

use crate::common::*;
use chrono::{Datelike, Days, NaiveTime};
use pathdesk_core::model::{ClinicTemplate, SlotType, TemplateSlot, Weekday};
use pathdesk_core::record::Record;
use pathdesk_core::settings::TrustSettings;
use pathdesk_server::db::seed;
use pathdesk_server::horizon::make_sessions_ahead;

on_each_database!(templates_have_their_clinics_to_the_horizon_once);

fn template(weekday: Weekday) -> Record {
    Record::ClinicTemplate(ClinicTemplate {
        id: "tpl-1".into(),
        consultant_id: "C1".into(),
        specialty_id: "S1".into(),
        name: "Urology (Ms Okafor)".into(),
        weekday,
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        location: "Outpatients B".into(),
        slots: vec![TemplateSlot {
            slot_type: SlotType::New,
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            minutes: 30,
            capacity: 1,
        }],
        version: 1,
    })
}

async fn templates_have_their_clinics_to_the_horizon_once(server: &TestServer) {
    let weekday = match today().weekday() {
        chrono::Weekday::Mon => Weekday::Monday,
        chrono::Weekday::Tue => Weekday::Tuesday,
        chrono::Weekday::Wed => Weekday::Wednesday,
        chrono::Weekday::Thu => Weekday::Thursday,
        chrono::Weekday::Fri => Weekday::Friday,
        chrono::Weekday::Sat => Weekday::Saturday,
        chrono::Weekday::Sun => Weekday::Sunday,
    };
    seed::seed(&server.database, vec![template(weekday)]).await.unwrap();
    let made = make_sessions_ahead(&server.database, today()).await.unwrap();
    // 27 weeks of that weekday (today and the next 26), less any bank holidays among them.
    assert!((20..=27).contains(&made), "{made}");
    assert_eq!(make_sessions_ahead(&server.database, today()).await.unwrap(), 0, "made again: nothing new");
    let sessions: Vec<_> = server
        .pull_all(500)
        .await
        .into_iter()
        .filter_map(|change| match change.record {
            Record::ClinicSession(session) => Some(session),
            _ => None,
        })
        .collect();
    assert_eq!(sessions.len(), made, "every clinic made reaches the devices");
    let last = sessions.iter().map(|s| s.date).max().unwrap();
    assert!(last <= today() + Days::new(26 * 7) && last > today() + Days::new(25 * 7), "{last}");

    // A team lead moves the horizon to 30 weeks: the next check makes only the weeks beyond.
    let settings = TrustSettings { session_horizon_weeks: 30, ..TrustSettings::default() };
    let mut transaction = server.database.begin_write().await.unwrap();
    pathdesk_server::db::records::write(&mut transaction, &[Record::TrustSettings(settings)]).await.unwrap();
    transaction.commit().await.unwrap();
    let more = make_sessions_ahead(&server.database, today()).await.unwrap();
    assert!((3..=4).contains(&more), "{more}");
}
