//! Seeding an empty database (the demo data on first start): every record once, in the order given, quickly.

use std::time::Instant;

use crate::common::*;
use pathdesk_core::record::Record;
use pathdesk_server::db::seed;

on_each_database!(seeding_writes_every_record_once_and_only_into_an_empty_database);

async fn seeding_writes_every_record_once_and_only_into_an_empty_database(server: &TestServer) {
    let mut records: Vec<Record> = (0..15_000).map(|i| patient(&format!("p{i}"))).collect();
    records.extend((0..10_000).map(|i| open_task(&format!("t{i}"))));
    let keys: Vec<_> = records.iter().map(Record::key).collect();
    let started = Instant::now();
    let written = seed::seed(&server.database, records).await.unwrap();
    // Printed, not asserted: timing belongs to benchmarks (a debug build on a busy machine says little).
    eprintln!("seeded 25,000 records in {} ms (debug build)", started.elapsed().as_millis());
    assert_eq!(written, Some(25_000));

    let changes = server.pull_all(2000).await;
    assert_eq!(changes.len(), 25_000);
    assert!(changes.iter().map(|change| change.record.key()).eq(keys), "pulled in the order seeded");
    assert!(changes.windows(2).all(|pair| pair[0].cursor < pair[1].cursor), "cursors strictly increase");

    assert_eq!(seed::seed(&server.database, vec![patient("late")]).await.unwrap(), None, "never over existing data");
    assert!(!seed::is_empty(&server.database).await.unwrap());
    assert_eq!(server.pull_all(2000).await.len(), 25_000);
}

on_each_database!(the_demo_trust_is_seeded_once_and_every_record_reads_back_unchanged);

async fn the_demo_trust_is_seeded_once_and_every_record_reads_back_unchanged(server: &TestServer) {
    use pathdesk_server::demo;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let options = demo::demo_options(today, 1_000);
    let report =
        demo::seed_demo_data_if_empty(&server.database, options.clone()).await.unwrap().expect("an empty database");
    eprintln!(
        "demo data: {} records, generated in {} ms, written by {} ms (debug build)",
        report.records,
        report.generated.as_millis(),
        report.took.as_millis()
    );
    let expected = pathdesk_core::demo::generate(&options);

    // Every kind of record survives the trip through the database and the wire format; the seed adds a clinic
    // list for each session with bookings, listing every appointment that keeps its place.
    let pulled: Vec<Record> = server.pull_all(2000).await.into_iter().map(|change| change.record).collect();
    let (lists, demo_records): (Vec<Record>, Vec<Record>) =
        pulled.into_iter().partition(|record| matches!(record, Record::ClinicList(_)));
    assert_eq!(demo_records, expected);
    assert_eq!(report.records, expected.len() + lists.len());
    let holding_places = expected
        .iter()
        .filter(|record| matches!(record, Record::Appointment(a) if pathdesk_core::booking::takes_the_slot(a.status)))
        .count();
    let listed: usize =
        lists.iter().map(|record| if let Record::ClinicList(list) = record { list.places.len() } else { 0 }).sum();
    assert!(holding_places > 0, "the demo trust has bookings");
    assert_eq!(listed, holding_places);

    assert_eq!(demo::seed_demo_data_if_empty(&server.database, options).await.unwrap(), None, "seeded once");
}
