//! Synthetic demo data for a fresh server, so a new install has patients, clinics and tasks to try things on.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use pathdesk_core::demo::{self, DemoOptions};

use crate::db::{seed, Database};

/// What seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub records: usize,
    /// Time to make the records.
    pub generated: Duration,
    /// Time to make and write them.
    pub took: Duration,
}

/// Seeds a demo trust of `options` (see `DemoOptions::standard`) if the database has never been written to.
/// Returns `None` when it already had data.
pub async fn seed_demo_data_if_empty(database: &Database, options: DemoOptions) -> sqlx::Result<Option<SeedReport>> {
    if !seed::is_empty(database).await? {
        return Ok(None);
    }
    let started = Instant::now();
    let records = tokio::task::spawn_blocking(move || demo::generate(&options))
        .await
        .map_err(|error| sqlx::Error::Protocol(format!("the demo data generator failed: {error}")))?;
    let generated = started.elapsed();
    let written = seed::seed(database, records).await?;
    Ok(written.map(|records| SeedReport { records, generated, took: started.elapsed() }))
}

/// The demo trust for the desk's date `today` with `patients` patients (their referrals, clinics, bookings and
/// tasks): deterministic, synthetic, no real person's details.
pub fn demo_options(today: NaiveDate, patients: usize) -> DemoOptions {
    DemoOptions { patients, ..DemoOptions::standard(today) }
}
