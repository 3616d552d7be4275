//! Signing in and out, the session cookie, CSRF and Origin checks, the sign-in rate limit and password changes.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use pathdesk_core::access::{Role, SessionInfo};
use pathdesk_core::command::SaveTrustSettings;
use pathdesk_server::routes::Settings;
use pathdesk_server::{app, AppState};

fn sign_in_request(username: &str, password: &str, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/api/session")
        .header(header::HOST, "desk.example:8080")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    let body = serde_json::json!({"username": username, "password": password}).to_string();
    builder.body(Body::from(body)).unwrap()
}

async fn sign_in(app: &axum::Router, username: &str, password: &str) -> (StatusCode, HeaderMap, serde_json::Value) {
    let (status, headers, body) = send(app, sign_in_request(username, password, None)).await;
    (status, headers, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

/// The session a successful sign-in gives, as a browser would keep it.
fn session_from(headers: &HeaderMap, body: &serde_json::Value) -> Session {
    let set_cookie = headers[header::SET_COOKIE].to_str().unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    Session { cookie, csrf: body["csrf_token"].as_str().unwrap().to_string() }
}

async fn signing_in_and_out(server: &TestServer) {
    create_user(&server.database, "jbooker", Role::BookingCoordinator, Some(&["spec-uro"])).await;
    let (status, _, wrong_password) = sign_in(&server.raw, "jbooker", "not the password").await;
    assert_error(status, &wrong_password, StatusCode::UNAUTHORIZED, "wrong_credentials", "username or password");
    let (status, _, no_such_user) = sign_in(&server.raw, "nobody", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(no_such_user, wrong_password, "the same answer whether the username or the password is wrong");

    let (status, headers, body) = sign_in(&server.raw, " JBooker ", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let set_cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set_cookie.starts_with("pathdesk_session="), "{set_cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(flag), "{set_cookie} lacks {flag}");
    }
    assert!(!set_cookie.contains("Secure"), "plain HTTP: no Secure flag, or the browser would drop the cookie");
    let info: SessionInfo = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(info.user.username, "jbooker");
    assert_eq!(info.user.role, Role::BookingCoordinator);
    assert_eq!(info.user.services, vec!["spec-uro".to_string()]);
    assert_eq!(info.idle_lock_minutes, 15);
    assert!(!info.must_change_password);
    assert!(!body.to_string().contains(TEST_PASSWORD), "no password in the answer");

    let session = session_from(&headers, &body);
    let (status, again) = json_as(&server.raw, &session, Method::GET, "/api/session", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["csrf_token"], body["csrf_token"], "one CSRF token for the whole session");

    let (status, headers, _) = send(&server.raw, request_as(&session, Method::DELETE, "/api/session", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"), "the cookie is cleared");
    let (status, body) = json_as(&server.raw, &session, Method::GET, "/api/session", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "signed_out", "Sign in to continue");
    let (status, body) = json_as(&server.raw, &session, Method::GET, "/api/sync/pull", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "signed_out", "Sign in to continue");
}

async fn state_changes_need_the_csrf_token(server: &TestServer) {
    let session = user_session(&server.database, "lead1", Role::TeamLead, None).await;
    let push = serde_json::to_string(&push_request("desk-1", vec![])).unwrap();
    let no_token = Request::builder()
        .method(Method::POST)
        .uri("/api/sync/push")
        .header(header::COOKIE, session.cookie.as_str())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(push.clone()))
        .unwrap();
    let (status, _, body) = send(&server.raw, no_token).await;
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_error(status, &body, StatusCode::FORBIDDEN, "csrf", "anti-forgery");

    let wrong = Session { cookie: session.cookie.clone(), csrf: "0".repeat(64) };
    for (method, uri, body) in [
        (Method::POST, "/api/sync/push", Some(push.as_str())),
        (Method::DELETE, "/api/session", None),
        (Method::POST, "/api/session/password", Some(r#"{"current_password":"a","new_password":"b"}"#)),
        (Method::POST, "/api/audit/patient-opened", Some(r#"{"patient_id":"p1"}"#)),
    ] {
        let (status, answer) = json_as(&server.raw, &wrong, method.clone(), uri, body).await;
        assert_error(status, &answer, StatusCode::FORBIDDEN, "csrf", "anti-forgery");
    }
    let (status, answer) = json_as(&server.raw, &session, Method::POST, "/api/sync/push", Some(&push)).await;
    assert_eq!(status, StatusCode::OK, "with the token the same push goes through: {answer}");
    // A token of another session is no good either.
    let other = user_session(&server.database, "lead2", Role::TeamLead, None).await;
    let mixed = Session { cookie: session.cookie.clone(), csrf: other.csrf.clone() };
    let (status, _) = json_as(&server.raw, &mixed, Method::POST, "/api/sync/push", Some(&push)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn requests_from_another_site_are_refused(server: &TestServer) {
    create_user(&server.database, "reception1", Role::Receptionist, None).await;
    let (status, _, body) =
        send(&server.raw, sign_in_request("reception1", TEST_PASSWORD, Some("https://evil.example"))).await;
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_error(status, &body, StatusCode::FORBIDDEN, "origin", "another website");
    let (status, _, _) =
        send(&server.raw, sign_in_request("reception1", TEST_PASSWORD, Some("http://desk.example:8080"))).await;
    assert_eq!(status, StatusCode::OK, "the server's own origin signs in");
}

/// A sign-in from `address`, carrying `cookies` (the device cookie of an earlier sign-in, say).
async fn sign_in_from(
    app: &axum::Router,
    username: &str,
    password: &str,
    address: &str,
    cookies: Option<&str>,
) -> (StatusCode, HeaderMap, serde_json::Value) {
    let mut request = sign_in_request(username, password, None);
    let peer: std::net::SocketAddr = format!("{address}:50000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    if let Some(cookies) = cookies {
        request.headers_mut().insert(header::COOKIE, cookies.parse().unwrap());
    }
    let (status, headers, body) = send(app, request).await;
    (status, headers, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

fn retry_after(headers: &HeaderMap) -> i64 {
    headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap()
}

/// Wrong passwords as if they had been typed `seconds` earlier.
async fn rewind_failures(server: &TestServer, seconds: i64) {
    sqlx::query("UPDATE sign_in_failures SET failed_at = failed_at - $1")
        .bind(seconds)
        .execute(server.database.pool())
        .await
        .unwrap();
}

/// NCSC guidance: slow guessing down rather than lock accounts. From one place, three wrong passwords are free,
/// then each asks for a wait twice as long as the last; the right password works once the wait is over, and the
/// same person at another desk is not held up at all.
async fn guessing_from_one_place_is_slowed_more_and_more(server: &TestServer) {
    create_user(&server.database, "secretary1", Role::MedicalSecretary, None).await;
    for attempt in 1..=3 {
        let (status, _, _) =
            sign_in_from(&server.raw, "secretary1", &format!("guess {attempt}"), "10.1.1.1", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let (status, headers, body) = sign_in_from(&server.raw, "secretary1", TEST_PASSWORD, "10.1.1.1", None).await;
    // The wait is counted in whole seconds from the last wrong password, so a second may have gone by since.
    let wait = retry_after(&headers);
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    let told = if wait == 1 { "Wait 1 second and try again" } else { "Wait 2 seconds and try again" };
    assert_error(status, &body, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", told);
    let (status, _, body) = sign_in_from(&server.raw, "secretary1", TEST_PASSWORD, "10.2.2.2", None).await;
    assert_eq!(status, StatusCode::OK, "the same person at another desk signs in: {body}");

    rewind_failures(server, 3).await;
    let (status, _, _) = sign_in_from(&server.raw, "secretary1", "guess 4", "10.1.1.1", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the wait is over: one more try");
    let (status, headers, _) = sign_in_from(&server.raw, "secretary1", TEST_PASSWORD, "10.1.1.1", None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!((3..=4).contains(&retry_after(&headers)), "the wait doubles: Retry-After {}", retry_after(&headers));

    rewind_failures(server, 5).await;
    let (status, _, body) = sign_in_from(&server.raw, "secretary1", TEST_PASSWORD, "10.1.1.1", None).await;
    assert_eq!(status, StatusCode::OK, "slowed, never locked out: {body}");
    let (status, _, _) = sign_in_from(&server.raw, "secretary1", "guess 5", "10.1.1.1", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "signing in cleared that place's count");
    let audit = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sign_in' AND outcome = 'locked_out'")
        .fetch_one(server.database.pool())
        .await
        .unwrap();
    assert!(sqlx::Row::try_get::<i64, _>(&audit, "n").unwrap() >= 2, "refusals while waiting are audited");
}

/// Spraying one password over many usernames from one address is slowed for that address, not for others.
async fn spraying_many_usernames_from_one_address_is_slowed(server: &TestServer) {
    for n in 1..=10 {
        let (status, _, _) = sign_in_from(&server.raw, &format!("nobody{n}"), "Summer2026!", "10.3.3.3", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "username {n}");
    }
    create_user(&server.database, "receptionist1", Role::Receptionist, None).await;
    let (status, _, body) = sign_in_from(&server.raw, "receptionist1", TEST_PASSWORD, "10.3.3.3", None).await;
    assert_error(status, &body, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", "Wait");
    let (status, _, _) = sign_in_from(&server.raw, "receptionist1", TEST_PASSWORD, "10.4.4.4", None).await;
    assert_eq!(status, StatusCode::OK, "another address is not slowed");
}

/// Guessing one username from many addresses slows new browsers for it, but not the desk its person signs in on:
/// someone guessing elsewhere cannot keep them out.
async fn guessing_elsewhere_cannot_keep_a_person_out(server: &TestServer) {
    create_user(&server.database, "booker9", Role::BookingCoordinator, None).await;
    let (status, headers, _) = sign_in_from(&server.raw, "booker9", TEST_PASSWORD, "10.5.5.5", None).await;
    assert_eq!(status, StatusCode::OK);
    let device = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("pathdesk_device="))
        .expect("a device cookie");
    assert!(device.contains("HttpOnly") && device.contains("Path=/api/session"), "{device}");
    let device = device.split(';').next().unwrap().to_string();
    for n in 1..=10 {
        let (status, _, _) = sign_in_from(&server.raw, "booker9", "a guess", &format!("192.0.2.{n}"), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let (status, _, body) = sign_in_from(&server.raw, "booker9", TEST_PASSWORD, "10.6.6.6", None).await;
    assert_error(status, &body, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", "Wait");
    let (status, _, body) = sign_in_from(&server.raw, "booker9", TEST_PASSWORD, "10.5.5.5", Some(&device)).await;
    assert_eq!(status, StatusCode::OK, "their own desk signs in: {body}");
    let forged = "pathdesk_device=made-up-by-someone-else";
    let (status, _, _) = sign_in_from(&server.raw, "booker9", TEST_PASSWORD, "10.6.6.6", Some(forged)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "a cookie the server never gave counts for nothing");
}

async fn changing_the_password(server: &TestServer) {
    let session = user_session(&server.database, "booker2", Role::BookingCoordinator, None).await;
    let change =
        |current: &str, new: &str| serde_json::json!({"current_password": current, "new_password": new}).to_string();
    let uri = "/api/session/password";
    let (status, body) = json_as(&server.raw, &session, Method::POST, uri, Some(&change(TEST_PASSWORD, "short"))).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "weak_password", "at least 10");
    // NCSC guidance: not only spaces, no control characters, not a common password, not the username.
    for (weak, why) in [
        ("          ", "only spaces"),
        ("\0\0\0\0\0\0\0\0\0\0", "control character"),
        ("Password123", "most common"),
        ("booker2-at-work", "username"),
    ] {
        let (status, body) =
            json_as(&server.raw, &session, Method::POST, uri, Some(&change(TEST_PASSWORD, weak))).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "weak_password", why);
    }
    let (status, body) =
        json_as(&server.raw, &session, Method::POST, uri, Some(&change(TEST_PASSWORD, TEST_PASSWORD))).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "weak_password", "same as the current");
    let (status, body) =
        json_as(&server.raw, &session, Method::POST, uri, Some(&change("wrong current", "a new long password"))).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "wrong_credentials", "current password");
    let (status, _) =
        json_as(&server.raw, &session, Method::POST, uri, Some(&change(TEST_PASSWORD, "a new long password"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = sign_in(&server.raw, "booker2", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old password no longer works");
    let (status, _, body) = sign_in(&server.raw, "booker2", "a new long password").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["must_change_password"], false);
    let (status, _) = json_as(&server.raw, &session, Method::GET, "/api/session", None).await;
    assert_eq!(status, StatusCode::OK, "the session that changed it stays signed in");

    // Guessing the current password from an open session is slowed as at sign-in: after three wrong ones the
    // change is refused for a while, even with the right password.
    for _ in 0..3 {
        let (status, _) =
            json_as(&server.raw, &session, Method::POST, uri, Some(&change("a wrong guess", "kettle harbour violet")))
                .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = json_as(
        &server.raw,
        &session,
        Method::POST,
        uri,
        Some(&change("a new long password", "kettle harbour violet")),
    )
    .await;
    assert_error(status, &body, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", "Wait");
}

async fn sessions_end_after_twelve_idle_hours(server: &TestServer) {
    let session = user_session(&server.database, "idle", Role::ReadOnly, None).await;
    let (status, _) = json_as(&server.raw, &session, Method::GET, "/api/session", None).await;
    assert_eq!(status, StatusCode::OK);
    sqlx::query("UPDATE sessions SET last_used_at = last_used_at - 43201")
        .execute(server.database.pool())
        .await
        .unwrap();
    let (status, body) = json_as(&server.raw, &session, Method::GET, "/api/session", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "signed_out", "Sign in");
}

async fn a_one_time_password_must_be_changed_first(server: &TestServer) {
    let mut connection = server.database.pool().acquire().await.unwrap();
    let id = create_user(&server.database, "newadmin", Role::Administrator, None).await;
    sqlx::query("UPDATE users SET must_change_password = 1 WHERE id = $1")
        .bind(id.as_str())
        .execute(&mut *connection)
        .await
        .unwrap();
    drop(connection);
    let (status, headers, body) = sign_in(&server.raw, "newadmin", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["must_change_password"], true);
    let session = session_from(&headers, &body);
    for (method, uri) in [(Method::GET, "/api/sync/pull"), (Method::GET, "/api/audit"), (Method::GET, "/api/users")] {
        let (status, body) = json_as(&server.raw, &session, method, uri, None).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "must_change_password", "choose your own password");
    }
    let (status, _) = json_as(&server.raw, &session, Method::GET, "/api/session", None).await;
    assert_eq!(status, StatusCode::OK);
    let change =
        serde_json::json!({"current_password": TEST_PASSWORD, "new_password": "my own long password"}).to_string();
    let (status, _) = json_as(&server.raw, &session, Method::POST, "/api/session/password", Some(&change)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = json_as(&server.raw, &session, Method::GET, "/api/session", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["must_change_password"], false);
    let (status, _) = json_as(&server.raw, &session, Method::GET, "/api/sync/pull", None).await;
    assert_eq!(status, StatusCode::OK, "then everything their role allows");
}

async fn administrators_add_people(server: &TestServer) {
    let new_user = serde_json::json!({
        "username": "New.Secretary", "name": "N. Secretary", "role": "medical_secretary",
        "services": ["spec-derm"], "password": "a temporary password"
    })
    .to_string();
    let lead = user_session(&server.database, "notadmin", Role::TeamLead, None).await;
    let (status, body) = json_as(&server.raw, &lead, Method::POST, "/api/users", Some(&new_user)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden", "administrator");
    let (status, body) = json_as(&server.raw, &lead, Method::GET, "/api/users", None).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden", "administrator");

    let (status, created) = post_json(&server.app, "/api/users", &new_user).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["username"], "new.secretary");
    assert_eq!(created["services"], serde_json::json!(["spec-derm"]));
    let (status, body) = post_json(&server.app, "/api/users", &new_user).await;
    assert_error(status, &body, StatusCode::CONFLICT, "username_taken", "already a user");
    let (status, list) = get_json(&server.app, "/api/users").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.as_array().unwrap().iter().any(|user| user["username"] == "new.secretary"));
    assert!(!list.to_string().contains("argon2"), "no password hashes in the list");

    let (status, _, body) = sign_in(&server.raw, "new.secretary", "a temporary password").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["must_change_password"], true, "they choose their own password at first sign-in");
    assert_eq!(body["user"]["role"], "medical_secretary");
}

on_each_database!(
    administrators_add_people,
    everyone_signed_in_reads_who_work_can_go_to,
    a_one_time_password_must_be_changed_first,
    signing_in_and_out,
    state_changes_need_the_csrf_token,
    requests_from_another_site_are_refused,
    guessing_from_one_place_is_slowed_more_and_more,
    spraying_many_usernames_from_one_address_is_slowed,
    guessing_elsewhere_cannot_keep_a_person_out,
    changing_the_password,
    sessions_end_after_twelve_idle_hours,
);

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_hsts_is_sent() {
    let server = sqlite_server().await;
    let settings = Settings {
        https: true,
        public_origin: Some("https://pathdesk.example.nhs.uk".into()),
        idle_lock_minutes: 5,
        trusted_proxy: None,
    };
    let secure = app(AppState::new(server.database.clone(), server.dir.path().join("dist")).with_settings(settings));
    create_user(&server.database, "nurse", Role::Receptionist, None).await;
    let (status, headers, body) = sign_in(&secure, "nurse", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("; Secure"));
    assert_eq!(headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
    assert_eq!(body["idle_lock_minutes"], 5, "the trust's idle-lock setting reaches the app");
    let (status, _, _) = send(&secure, sign_in_request("nurse", TEST_PASSWORD, Some("http://desk.example:8080"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "with a public URL, only its origin may send");
    let (status, _, _) =
        send(&secure, sign_in_request("nurse", TEST_PASSWORD, Some("https://pathdesk.example.nhs.uk"))).await;
    assert_eq!(status, StatusCode::OK);

    let (_, plain_headers, _) = send(&server.raw, get("/api/health")).await;
    assert!(!plain_headers.contains_key(header::STRICT_TRANSPORT_SECURITY), "no HSTS over plain HTTP");
    server.finish().await;
}

#[tokio::test]
async fn the_saved_trust_settings_set_the_idle_lock_and_only_leads_may_save_them() {
    use pathdesk_core::command::Command;
    use pathdesk_core::settings::TrustSettings;
    use pathdesk_core::sync::{CommandEnvelope, Outcome, PushResponse};
    let server = sqlite_server().await;
    let save = |minutes: u32, id: &str, seq: u64| CommandEnvelope {
        id: id.into(),
        seq,
        issued_on: today(),
        author: "a desk".into(),
        command: Command::SaveTrustSettings(SaveTrustSettings {
            settings: TrustSettings { idle_lock_minutes: minutes, ..Default::default() },
        }),
    };
    // A booking co-ordinator may not change what every desk follows.
    let booker = user_session(&server.database, "booker", Role::BookingCoordinator, None).await;
    let body = serde_json::to_string(&push_request("booker-pc", vec![save(3, "s1", 1)])).unwrap();
    let (status, answer) = json_as(&server.raw, &booker, Method::POST, "/api/sync/push", Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let answer: PushResponse = serde_json::from_value(answer).unwrap();
    assert!(matches!(&answer.results[0].outcome, Outcome::Rejected { .. }), "{answer:?}");

    // The administrator (the test server's own session) saves 7 minutes: the next sign-in gets it.
    let (status, answer) = server.push(&push_request("admin-pc", vec![save(7, "s2", 1)])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    create_user(&server.database, "nurse", Role::Receptionist, None).await;
    let (status, _, body) = sign_in(&server.raw, "nurse", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["idle_lock_minutes"], 7, "the trust's saved idle lock, not the server's default of 15");
    server.finish().await;
}

/// Who work can be given to: every signed-in person may read it (a desk offers it when a task changes hands);
/// read-only viewers and administrators take no work and are not offered; the team pools are.
async fn everyone_signed_in_reads_who_work_can_go_to(server: &TestServer) {
    use pathdesk_core::access::Directory;
    let secretary = user_session(&server.database, "patel", Role::MedicalSecretary, Some(&["spec-uro"])).await;
    create_user(&server.database, "viewer", Role::ReadOnly, None).await;
    create_user(&server.database, "coordinator", Role::BookingCoordinator, None).await;
    let (status, body) = json_as(&server.raw, &secretary, Method::GET, "/api/people", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let directory: Directory = serde_json::from_value(body).unwrap();
    let names: Vec<&str> = directory.people.iter().map(|person| person.name.as_str()).collect();
    assert_eq!(names, ["coordinator (test)", "patel (test)"], "by name; no viewer, no administrator");
    assert_eq!(directory.people[1].services, ["spec-uro"]);
    assert!(directory.people[0].services.is_empty(), "every service");
    assert_eq!(directory.teams, ["Booking team", "Medical secretaries"]);
    let (status, _, _) = send(&server.raw, get("/api/people")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "not without signing in");
}
