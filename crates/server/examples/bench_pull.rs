//! Benchmark: a desk's first sync as the server answers it: every record of the standard demo trust (5,000
//! patients, about 16,000 records) pulled page by page through the real router, signed in. Prints the median time
//! the server takes for the whole download and the budget.
//!
//! `cargo run --profile server -p pathdesk-server --example bench_pull`

mod common;

use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pathdesk_core::access::Role;
use pathdesk_server::db::sessions;
use pathdesk_server::{app, AppState};
use tower::ServiceExt;

/// Full downloads measured (after one to warm up).
const ROUNDS: usize = 5;
/// The server's share of a first sync of the demo trust.
const BUDGET_MS: f64 = 1000.0;

#[tokio::main]
async fn main() {
    let (dir, database) = common::database().await;
    let options = pathdesk_server::demo::demo_options(pathdesk_server::uk_today(), 5_000);
    pathdesk_server::demo::seed_demo_data_if_empty(&database, options).await.expect("seed").expect("seeded");
    let user_id = common::user(&database, Role::TeamLead, "Bench Lead").await;
    let mut connection = database.pool().acquire().await.expect("a connection");
    let now = chrono::Utc::now().timestamp();
    let hash = pathdesk_server::auth::secrets::token_hash("bench-token");
    sessions::create(&mut connection, &hash, &user_id, "csrf", now).await.expect("a session");
    drop(connection);
    let router = app(AppState::new(database.clone(), dir.path().join("dist")));
    let cookie = format!("{}=bench-token", pathdesk_core::access::SESSION_COOKIE);

    let mut timings = Vec::new();
    let mut records = 0;
    for round in 0..=ROUNDS {
        let started = Instant::now();
        let (mut after, mut count) = (pathdesk_core::sync::Cursor::START, 0usize);
        loop {
            let request = Request::get(format!("/api/sync/pull?after={after}&limit=2000&client_id=bench-desk"))
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .expect("a request");
            let response = router.clone().oneshot(request).await.expect("an answer");
            assert_eq!(response.status(), StatusCode::OK);
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("the body");
            let page: pathdesk_core::sync::PullResponse = serde_json::from_slice(&body).expect("a page");
            count += page.changes.len();
            after = page.next_cursor;
            if !page.has_more {
                break;
            }
        }
        let took = started.elapsed().as_secs_f64() * 1000.0;
        if round > 0 {
            timings.push(took);
        }
        records = count;
    }
    timings.sort_by(f64::total_cmp);
    let median = timings[timings.len() / 2];
    println!(
        "first sync of the demo trust ({records} records) as the server answers it, signed in, pages of 2,000, \
         read back by the bench: median {median:.0} ms (budget {BUDGET_MS:.0} ms)"
    );
    database.close().await;
}
