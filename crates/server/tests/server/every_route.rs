//! Every route of the API, read from the router's own source, so a route added without thought is caught:
//! each but health and signing in refuses a request without a session, each state-changing one refuses a
//! request without the CSRF token, and none answers malformed input with a 500.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

/// The only requests anyone may make without a session (the contract's list, kept here and not read from the
/// server, so widening the server's list fails this test).
fn is_public(method: &Method, path: &str) -> bool {
    (*method == Method::GET && path == "/api/health") || (*method == Method::POST && path == "/api/session")
}

const ROUTER_SOURCE: &str = include_str!("../../src/routes/mod.rs");

/// (method, path) of every `.route(...)` in `fn api`, e.g. (POST, "/api/session").
fn routes() -> Vec<(Method, String)> {
    let api = ROUTER_SOURCE.split("fn api(").nth(1).expect("routes/mod.rs has fn api");
    let api = api.split("\n}\n").next().unwrap();
    let mut found = Vec::new();
    for line in api.lines().filter(|line| line.trim_start().starts_with(".route(\"")) {
        let path = line.split('"').nth(1).unwrap();
        let rest = &line[line.find(path).unwrap() + path.len()..];
        for (name, method) in [
            ("get(", Method::GET),
            ("post(", Method::POST),
            ("put(", Method::PUT),
            ("patch(", Method::PATCH),
            ("delete(", Method::DELETE),
        ] {
            let mut from = 0;
            while let Some(at) = rest[from..].find(name) {
                let at = from + at;
                let before = rest[..at].chars().last().unwrap_or(' ');
                if matches!(before, ' ' | '.' | ',' | '(') {
                    found.push((method.clone(), format!("/api{path}")));
                }
                from = at + name.len();
            }
        }
    }
    assert!(found.len() >= 10, "the route list could not be read from routes/mod.rs: {found:?}");
    found
}

fn request(method: Method, uri: &str, cookie: Option<&str>, body: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    builder.body(body.map_or_else(Body::empty, |body| Body::from(body.to_string()))).unwrap()
}

async fn json(server: &TestServer, app_is_raw: bool, request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let app = if app_is_raw { &server.raw } else { &server.app };
    let (status, _, body) = send(app, request).await;
    (status, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

#[test]
fn the_route_list_names_every_endpoint_of_the_contract() {
    let routes = routes();
    for (method, path) in [
        (Method::GET, "/api/health"),
        (Method::POST, "/api/session"),
        (Method::GET, "/api/session"),
        (Method::DELETE, "/api/session"),
        (Method::POST, "/api/session/password"),
        (Method::POST, "/api/sync/push"),
        (Method::GET, "/api/sync/pull"),
        (Method::GET, "/api/audit"),
        (Method::POST, "/api/audit/patient-opened"),
        (Method::GET, "/api/users"),
        (Method::POST, "/api/users"),
        (Method::GET, "/api/people"),
        (Method::GET, "/api/fhir/metadata"),
        (Method::GET, "/api/fhir/{resource_type}"),
        (Method::GET, "/api/fhir/{resource_type}/{id}"),
    ] {
        assert!(routes.contains(&(method.clone(), path.to_string())), "{method} {path} not found in {routes:?}");
    }
}

async fn every_route_but_health_and_sign_in_needs_a_session(server: &TestServer) {
    let stale = "pathdesk_session=0000000000000000000000000000000000000000000000000000000000000000";
    let mut checked = 0;
    for (method, path) in routes() {
        if is_public(&method, &path) {
            continue;
        }
        let body = (method != Method::GET).then_some("{}");
        for cookie in [None, Some(stale), Some("pathdesk_session="), Some("other=1")] {
            let (status, answer) = json(server, true, request(method.clone(), &path, cookie, body)).await;
            assert_error(status, &answer, StatusCode::UNAUTHORIZED, "signed_out", "Sign in to continue");
        }
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
    for (method, path) in
        [(Method::GET, "/api/not-a-route"), (Method::POST, "/api/sync/other"), (Method::PUT, "/api/session")]
    {
        let (status, answer) = json(server, true, request(method, path, None, Some("{}"))).await;
        assert_error(status, &answer, StatusCode::UNAUTHORIZED, "signed_out", "Sign in");
    }
    // The two public ones answer without a session.
    let (status, _) = json(server, true, request(Method::GET, "/api/health", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) =
        json(server, true, request(Method::POST, "/api/session", None, Some(r#"{"username":"x","password":"y"}"#)))
            .await;
    assert_error(status, &answer, StatusCode::UNAUTHORIZED, "wrong_credentials", "not right");
}

async fn every_state_changing_route_needs_the_csrf_token(server: &TestServer) {
    let session = user_session(&server.database, "csrf-admin", pathdesk_core::access::Role::Administrator, None).await;
    let mut checked = 0;
    for (method, path) in routes() {
        if method == Method::GET || is_public(&method, &path) {
            continue;
        }
        let (status, answer) =
            json(server, true, request(method.clone(), &path, Some(&session.cookie), Some("{}"))).await;
        assert_error(status, &answer, StatusCode::FORBIDDEN, "csrf", "anti-forgery");
        checked += 1;
    }
    assert!(checked >= 5, "{checked}");
}

/// Bodies no endpoint can use, and some it can parse but must refuse.
fn bad_bodies() -> Vec<(String, &'static str)> {
    let long = "x".repeat(5_000);
    let longish = "y".repeat(300);
    vec![
        (format!(r#"{{"username": "{longish}", "password": "{longish}", "patient_id": "{longish}", "current_password": "{longish}", "new_password": "{longish}", "name": "n", "role": "team_lead", "client_id": "{longish}", "commands": []}}"#), "long values within the body limit"),
        ("not json at all".to_string(), "not JSON"),
        ("[1, 2, 3]".to_string(), "an array"),
        ("{}".to_string(), "no fields"),
        (r#"{"username": 5, "password": [], "patient_id": {}, "client_id": 7, "commands": "all"}"#.to_string(), "wrong types"),
        (format!(r#"{{"username": "{long}", "password": "{long}", "patient_id": "{long}", "current_password": "{long}", "new_password": "{long}", "name": "{long}", "role": "team_lead"}}"#), "huge values"),
        (r#"{"client_id": "sweep-1", "commands": [{"id": "c1", "seq": 1, "issued_on": "2026-11-21", "author": "x", "command": {"type": "drop_all_tables"}}]}"#.to_string(), "an unknown command"),
        (r#"{"client_id": "sweep-1", "commands": [{"id": "c1", "seq": 18446744073709551615, "issued_on": "2026-11-21", "author": "x", "command": {"type": "complete_task", "task_id": "t"}}]}"#.to_string(), "a sequence number too large"),
        (r#"{"role": "emperor", "username": "u", "name": "n", "password": "long enough password"}"#.to_string(), "an unknown role"),
        ("[".repeat(20_000), "deep nesting"),
        ("x".repeat(3 * 1024 * 1024), "a body over every limit"),
    ]
}

fn bad_queries() -> Vec<&'static str> {
    vec![
        "?after=abc&limit=-1",
        "?after=99999999999999999999999&limit=99999999999",
        "?from=22/11/2026&to=yesterday",
        "?from=2026-11-30&to=2026-11-01",
        "?format=xml",
        "?client_id=",
        "?%zz=%zz",
    ]
}

async fn malformed_input_never_gets_a_500(server: &TestServer) {
    for (method, path) in routes() {
        if method == Method::DELETE && path == "/api/session" {
            continue; // takes no input; it would end the sweep's own session
        }
        let mut refused = 0;
        if method == Method::GET {
            for query in bad_queries() {
                let uri = format!("{path}{query}");
                let (status, answer) = json(server, false, request(method.clone(), &uri, None, None)).await;
                assert!(status.as_u16() < 500, "{method} {uri} gave {status}: {answer}");
                if status.is_client_error() {
                    assert_message(&answer, &method, &uri);
                    refused += 1;
                }
            }
            if matches!(path.as_str(), "/api/sync/pull" | "/api/audit") {
                assert!(refused >= 2, "{method} {path} accepted every bad query");
            }
            continue;
        }
        for (body, what) in bad_bodies() {
            let (status, answer) = json(server, false, request(method.clone(), &path, None, Some(&body))).await;
            assert!(status.is_client_error(), "{method} {path} with {what} gave {status}: {answer}");
            assert_message(&answer, &method, &path);
        }
        let (status, answer) = json(server, false, request(method.clone(), &path, None, None)).await;
        assert!(status.is_client_error(), "{method} {path} without a body gave {status}: {answer}");
        assert_message(&answer, &method, &path);
    }
}

fn assert_message(answer: &serde_json::Value, method: &Method, uri: &str) {
    // The FHIR API answers a mistake with an OperationOutcome: its issue's code and diagnostics.
    let fhir = answer["resourceType"] == "OperationOutcome";
    let (code, message) = if fhir {
        (&answer["issue"][0]["code"], &answer["issue"][0]["diagnostics"])
    } else {
        (&answer["error"], &answer["message"])
    };
    let code = code.as_str().unwrap_or_else(|| panic!("{method} {uri}: no error code in {answer}"));
    let message = message.as_str().unwrap_or_default();
    assert!(message.len() > 10, "{method} {uri}: no message for people in {answer}");
    assert_ne!(code, "internal");
    for leak in ["sqlx", "panicked", "src/", "SELECT", "INSERT"] {
        assert!(!message.contains(leak), "{method} {uri} leaks {leak:?}: {message}");
    }
}

on_each_database!(
    every_route_but_health_and_sign_in_needs_a_session,
    every_state_changing_route_needs_the_csrf_token,
    malformed_input_never_gets_a_500,
);
