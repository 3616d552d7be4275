//! Shared test harness: the real router over a real database (a SQLite file in a temporary folder, or a fresh
//! PostgreSQL database when PATHDESK_TEST_POSTGRES_URL is set), driven in-process.
#![allow(dead_code)] // each test file uses its own part of the harness

use pathdesk_core::command::{AddPatientNote, CompleteTask};
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use pathdesk_core::access::Role;
use pathdesk_core::command::Command;
use pathdesk_core::model::Patient;
use pathdesk_core::record::Record;
use pathdesk_core::sync::{CommandEnvelope, Cursor, PullResponse, PushRequest};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};
use pathdesk_server::config::DatabaseConfig;
use pathdesk_server::db::users::{self, NewUser};
use pathdesk_server::db::{sessions, Database};
use pathdesk_server::{app, AppState};
use sqlx::Connection;
use tower::ServiceExt;

pub struct TestServer {
    /// The router with every request signed in as an administrator (all services) and carrying its CSRF token,
    /// unless the request sets its own `Cookie`.
    pub app: Router,
    /// The router as a browser meets it: no session unless the request brings one.
    pub raw: Router,
    pub database: Database,
    /// The SQLite folder (and the default dist folder); removed at the end.
    pub dir: tempfile::TempDir,
    /// For PostgreSQL: the admin URL and the name of the database made for this test.
    postgres: Option<(String, String)>,
    /// The administrator's session `app` signs its requests in with.
    pub admin: Session,
}

/// A second server process on the same database: its own connections, the same sessions.
pub struct OtherProcess {
    /// Its router, signed in as the same administrator as `TestServer::app`.
    pub app: Router,
    pub database: Database,
}

impl TestServer {
    /// Closes the pool and, on PostgreSQL, drops the test's database.
    pub async fn finish(self) {
        self.database.close().await;
        if let Some((admin_url, name)) = self.postgres {
            drop_postgres_database(&admin_url, &name).await;
        }
    }

    /// Another server process on this test's PostgreSQL database (its own pool of connections, so its own
    /// transactions and locks), signed in as the same administrator.
    pub async fn other_process(&self) -> OtherProcess {
        let (admin_url, name) = self.postgres.as_ref().expect("other processes share a PostgreSQL database");
        let database = Database::open(&DatabaseConfig::Postgres { url: with_database_name(admin_url, name) })
            .await
            .expect("open PostgreSQL again");
        let raw = app(AppState::new(database.clone(), self.dir.path().join("dist")));
        OtherProcess { app: signed_in_with(self.admin.clone(), raw), database }
    }

    pub async fn push(&self, request: &PushRequest) -> (StatusCode, serde_json::Value) {
        post_json(&self.app, "/api/sync/push", &serde_json::to_string(request).unwrap()).await
    }

    pub async fn pull(&self, after: Cursor, limit: u32) -> PullResponse {
        let (status, _, body) = send(&self.app, get(&format!("/api/sync/pull?after={after}&limit={limit}"))).await;
        assert_eq!(status, StatusCode::OK, "pull failed: {}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).expect("a PullResponse")
    }

    /// Every change from the start, page by page.
    pub async fn pull_all(&self, limit: u32) -> Vec<pathdesk_core::sync::Change> {
        let (mut after, mut all) = (Cursor::START, Vec::new());
        loop {
            let page = self.pull(after, limit).await;
            all.extend(page.changes);
            after = page.next_cursor;
            if !page.has_more {
                return all;
            }
        }
    }
}

pub async fn sqlite_server() -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = Database::open(&DatabaseConfig::Sqlite { path: dir.path().join("pathdesk.sqlite") })
        .await
        .expect("open SQLite");
    let raw = app(AppState::new(database.clone(), dir.path().join("dist")));
    let (app, admin) = signed_in_as_admin(&database, raw.clone()).await;
    TestServer { app, raw, database, dir, postgres: None, admin }
}

/// A signed-in session, as the browser holds it: the cookie and the CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Creates a user straight in the database (password `password-for-tests`); `services` `None` means all.
pub async fn create_user(database: &Database, username: &str, role: Role, services: Option<&[&str]>) -> String {
    let services: Option<Vec<String>> = services.map(|list| list.iter().map(|s| s.to_string()).collect());
    let mut connection = database.pool().acquire().await.unwrap();
    let user = NewUser {
        username,
        name: &format!("{username} (test)"),
        role,
        services: services.as_deref(),
        password_hash: TEST_PASSWORD_HASH.clone(),
        must_change_password: false,
    };
    users::insert(&mut connection, &user, "2026-11-22T00:00:00Z").await.unwrap().expect("a new username")
}

/// The name of the administrator `TestServer::app` signs in as.
pub const TEST_ADMIN_NAME: &str = "test-admin (test)";

pub const TEST_PASSWORD: &str = "password-for-tests";
static TEST_PASSWORD_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| pathdesk_server::auth::secrets::hash_password(TEST_PASSWORD));

/// Starts a session for the user straight in the database (no sign-in request, so no rate limit or audit).
pub async fn session_for(database: &Database, user_id: &str) -> Session {
    use pathdesk_server::auth::secrets;
    let (token, csrf) = (secrets::new_token(), secrets::new_token());
    let mut connection = database.pool().acquire().await.unwrap();
    sessions::create(&mut connection, &secrets::token_hash(&token), user_id, &csrf, chrono::Utc::now().timestamp())
        .await
        .unwrap();
    Session { cookie: format!("{}={token}", pathdesk_core::access::SESSION_COOKIE), csrf }
}

/// A new user of `role` in `services` (`None`: all) and a session for them.
pub async fn user_session(database: &Database, username: &str, role: Role, services: Option<&[&str]>) -> Session {
    let id = create_user(database, username, role, services).await;
    session_for(database, &id).await
}

async fn signed_in_as_admin(database: &Database, raw: Router) -> (Router, Session) {
    let session = user_session(database, "test-admin", Role::Administrator, None).await;
    (signed_in_with(session.clone(), raw), session)
}

/// `raw` with every request signed in with `session` (unless it brings its own cookie).
fn signed_in_with(session: Session, raw: Router) -> Router {
    raw.layer(axum::middleware::map_request(move |mut request: Request<Body>| {
        let session = session.clone();
        async move {
            if !request.headers().contains_key(header::COOKIE) {
                request.headers_mut().insert(header::COOKIE, session.cookie.parse().unwrap());
                request.headers_mut().insert(pathdesk_core::access::CSRF_HEADER, session.csrf.parse().unwrap());
            }
            request
        }
    }))
}

/// A request in this session (with its cookie, and its CSRF token), with a JSON body when given.
pub fn request_as(session: &Session, method: Method, uri: &str, body: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, session.cookie.as_str())
        .header(pathdesk_core::access::CSRF_HEADER, session.csrf.as_str());
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    builder.body(body.map_or_else(Body::empty, |body| Body::from(body.to_string()))).unwrap()
}

/// Sends a request in this session and reads the JSON answer (`Null` for an empty body).
pub async fn json_as(
    app: &Router,
    session: &Session,
    method: Method,
    uri: &str,
    body: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let (status, _, body) = send(app, request_as(session, method, uri, body)).await;
    let json = if body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| panic!("expected a JSON body, got {status}: {}", String::from_utf8_lossy(&body)))
    };
    (status, json)
}

/// A brand-new PostgreSQL database on the server named by PATHDESK_TEST_POSTGRES_URL: the admin URL, the
/// database's name and its URL. Without that variable the test fails, never passes by skipping: `cargo xtask test`
/// sets it (the machine's PostgreSQL, or one it starts).
pub async fn new_postgres_database() -> (String, String, String) {
    let admin_url = std::env::var("PATHDESK_TEST_POSTGRES_URL").ok().filter(|url| !url.is_empty()).expect(
        "PATHDESK_TEST_POSTGRES_URL is not set: this test runs on PostgreSQL too. Run `cargo xtask test`, or set it \
         (postgres://postgres@127.0.0.1:5432/test on these machines)",
    );
    let name = format!("pathdesk_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect to PATHDESK_TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    admin.close().await.ok();
    let url = with_database_name(&admin_url, &name);
    (admin_url, name, url)
}

/// Drops a database `new_postgres_database` made, whoever is still connected.
pub async fn drop_postgres_database(admin_url: &str, name: &str) {
    let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("connect to PostgreSQL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop test database");
}

/// A server on a brand-new PostgreSQL database (see `new_postgres_database`).
pub async fn postgres_server() -> Option<TestServer> {
    let (admin_url, name, url) = new_postgres_database().await;
    let database = Database::open(&DatabaseConfig::Postgres { url }).await.expect("open PostgreSQL");
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = app(AppState::new(database.clone(), dir.path().join("dist")));
    let (app, admin) = signed_in_as_admin(&database, raw.clone()).await;
    Some(TestServer { app, raw, database, dir, postgres: Some((admin_url, name)), admin })
}

fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[host_start..].find('/') {
        Some(slash) => &base[..host_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs a test body once on SQLite and once on PostgreSQL (the latter only when configured).
#[macro_export]
macro_rules! on_each_database {
    ($($test:ident),* $(,)?) => {
        $(
            mod $test {
                #[tokio::test]
                async fn sqlite() {
                    let server = $crate::common::sqlite_server().await;
                    super::$test(&server).await;
                    server.finish().await;
                }

                #[tokio::test]
                async fn postgres() {
                    let server = $crate::common::postgres_server().await.expect("a PostgreSQL test server");
                    super::$test(&server).await;
                    server.finish().await;
                }
            }
        )*
    };
}

pub fn get(uri: &str) -> Request<Body> {
    Request::builder().uri(uri).body(Body::empty()).unwrap()
}

pub async fn send(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("the router never fails");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("read body").to_bytes().to_vec();
    (parts.status, parts.headers, body)
}

pub async fn post_json(app: &Router, uri: &str, body: &str) -> (StatusCode, serde_json::Value) {
    post_raw(app, uri, "application/json", body.as_bytes().to_vec()).await
}

pub async fn post_raw(app: &Router, uri: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, serde_json::Value) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = send(app, request).await;
    let json = serde_json::from_slice(&body)
        .unwrap_or_else(|_| panic!("expected a JSON body, got {status}: {}", String::from_utf8_lossy(&body)));
    (status, json)
}

pub async fn get_json(app: &Router, uri: &str) -> (StatusCode, serde_json::Value) {
    let (status, _, body) = send(app, get(uri)).await;
    let json = serde_json::from_slice(&body)
        .unwrap_or_else(|_| panic!("expected a JSON body, got {status}: {}", String::from_utf8_lossy(&body)));
    (status, json)
}

/// Asserts an error response: the status, the app's JSON error shape, and a message that mentions `words`.
pub fn assert_error(status: StatusCode, body: &serde_json::Value, expected: StatusCode, code: &str, words: &str) {
    assert_eq!(status, expected, "unexpected status; body: {body}");
    assert_eq!(body["error"], code, "unexpected error code; body: {body}");
    let message = body["message"].as_str().expect("a message");
    assert!(message.to_lowercase().contains(&words.to_lowercase()), "the message {message:?} should mention {words:?}");
}

/// The server's today: the UK date.
pub fn today() -> NaiveDate {
    pathdesk_server::uk_today()
}

pub fn patient(id: &str) -> Record {
    Record::Patient(Patient::new(
        id,
        "9434765919",
        format!("RX{id}"),
        "Testperson",
        "Alex",
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
    ))
}

pub fn open_task(id: &str) -> Record {
    Record::Task(Task {
        id: id.to_string(),
        kind: TaskKind::ClinicLetter,
        title: format!("Type clinic letter {id}"),
        patient_id: None,
        consultant_id: None,
        assignee: "Medical secretaries".to_string(),
        due: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        status: TaskStatus::Open,
        history: Vec::new(),
        stamps: Default::default(),
        letter: None,
        query: None,
        escalation: None,
    })
}

pub fn add_note(id: &str, seq: u64, patient_id: &str, text: &str) -> CommandEnvelope {
    CommandEnvelope {
        id: id.to_string(),
        seq,
        issued_on: today(),
        author: "J. Booker".to_string(),
        command: Command::AddPatientNote(AddPatientNote {
            note_id: format!("note-{id}"),
            patient_id: patient_id.to_string(),
            text: text.to_string(),
        }),
    }
}

pub fn complete_task(id: &str, seq: u64, task_id: &str) -> CommandEnvelope {
    CommandEnvelope {
        id: id.to_string(),
        seq,
        issued_on: today(),
        author: "M. Secretary".to_string(),
        command: Command::CompleteTask(CompleteTask { task_id: task_id.to_string(), note: None, stamp: None }),
    }
}

pub fn push_request(client_id: &str, commands: Vec<CommandEnvelope>) -> PushRequest {
    PushRequest { client_id: client_id.to_string(), commands }
}

/// Writes a dist folder with the files Trunk makes.
pub fn write_dist(dist: &Path) {
    std::fs::create_dir_all(dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Pathdesk</title><p>app shell</p>").unwrap();
    std::fs::write(dist.join("pathdesk-1a2b3c4d5e6f7a8b_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("pathdesk-1a2b3c4d5e6f7a8b.js"), "export function start() {}\n".repeat(200)).unwrap();
    std::fs::write(dist.join("main-00ff00ff00ff00ff.css"), "body { margin: 0 }\n").unwrap();
    std::fs::write(dist.join("sw.js"), "self.addEventListener('fetch', () => {});\n").unwrap();
    std::fs::write(dist.join("manifest.webmanifest"), "{\"name\": \"Pathdesk\"}\n").unwrap();
}

/// A server process started by a test, killed (SIGKILL) when the test ends however it ends.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
