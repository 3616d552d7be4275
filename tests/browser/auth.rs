//! Signing in, locking and signing out, in a real browser: the offline verifier (WebCrypto), the lock that hides
//! and freezes the app and gives it back as it was, and the words and rules the screens rely on.

use leptos::prelude::*;
use pathdesk::app::App;
use pathdesk::desk::api::AuditQuery;
use pathdesk::desk::session::{self as auth, device_user, idle, verifier, Screen};
use pathdesk::desk::Desk;
use pathdesk::screens::change_password::new_password_problem;
use pathdesk_core::access::{Role, UserSummary};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn person(username: &str, role: Role) -> UserSummary {
    UserSummary {
        id: format!("user-{username}"),
        username: username.to_string(),
        name: format!("Test {username}"),
        role,
        services: vec!["spec-01".into()],
    }
}

fn element(selector: &str) -> Option<web_sys::Element> {
    document().query_selector(selector).ok().flatten()
}

#[wasm_bindgen_test]
async fn the_verifier_accepts_the_password_only_and_never_holds_it() {
    let password = "correct horse battery";
    let made = verifier::make(password).await.expect("WebCrypto derives the verifier");
    assert_eq!(made.iterations, verifier::ITERATIONS);
    assert_eq!(made.hash.len(), 64, "256 bits in hex");
    assert!(!made.hash.contains(&verifier::to_hex(password.as_bytes())));
    assert!(verifier::check(password, &made).await.unwrap());
    assert!(!verifier::check("correct horse battery ", &made).await.unwrap());
    assert!(!verifier::check("Correct horse battery", &made).await.unwrap());
    let again = verifier::make(password).await.unwrap();
    assert_ne!(again.salt, made.salt, "a fresh random salt each time");
    assert_ne!(again.hash, made.hash);
    let saved = serde_json::to_string(&made).unwrap();
    assert!(!saved.contains(password));
}

#[wasm_bindgen_test]
fn hex_round_trips_and_rejects_damage() {
    assert_eq!(verifier::from_hex(&verifier::to_hex(&[0, 15, 16, 255])), Some(vec![0, 15, 16, 255]));
    assert_eq!(verifier::from_hex("abc"), None);
    assert_eq!(verifier::from_hex("zz"), None);
    assert!(verifier::same_bytes(&[1, 2], &[1, 2]));
    assert!(!verifier::same_bytes(&[1, 2], &[1, 3]));
    assert!(!verifier::same_bytes(&[1, 2], &[1, 2, 3]));
}

#[wasm_bindgen_test]
fn the_screen_locks_after_the_trust_setting_and_not_before() {
    assert!(!idle::due(14.0 * 60_000.0 + 59_999.0, 15));
    assert!(idle::due(15.0 * 60_000.0, 15));
    assert!(idle::due(3.0 * 60_000.0, 2));
    assert!(!idle::due(1e12, 0), "0 minutes: the trust turned the lock off");
}

#[wasm_bindgen_test]
fn a_reload_knows_how_long_the_pc_was_idle_and_ignores_a_spoilt_value() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let twenty_minutes_ago = js_sys::Date::now() - 20.0 * 60_000.0;
    storage.set_item(idle::LAST_INPUT_KEY, &(twenty_minutes_ago as u64).to_string()).unwrap();
    let idle_ms = idle::saved_idle_ms().expect("the saved time is read");
    assert!((20.0 * 60_000.0..21.0 * 60_000.0).contains(&idle_ms), "idle for {idle_ms} ms");
    assert!(idle::due(idle_ms, 15), "a PC left for 20 minutes opens locked under a 15-minute setting");

    storage.set_item(idle::LAST_INPUT_KEY, "not a time").unwrap();
    assert_eq!(idle::saved_idle_ms(), None, "a spoilt value is treated as never used");
    storage.remove_item(idle::LAST_INPUT_KEY).unwrap();
    assert_eq!(idle::saved_idle_ms(), None);
}

#[wasm_bindgen_test]
fn a_new_password_is_checked_before_it_is_sent() {
    assert!(new_password_problem("admin", "one-time-pw", "short", "short").unwrap().1.contains("at least 10"));
    assert!(new_password_problem("admin", "one-time-pw1", "one-time-pw1", "one-time-pw1")
        .unwrap()
        .1
        .contains("different"));
    assert!(new_password_problem("admin", "one-time-pw", "a long new one", "a long new 0ne")
        .unwrap()
        .1
        .contains("not the same"));
    assert!(new_password_problem("admin", "one-time-pw", "Password123", "Password123")
        .unwrap()
        .1
        .contains("most common"));
    assert!(new_password_problem("admin", "one-time-pw", "my admin pass", "my admin pass")
        .unwrap()
        .1
        .contains("username"));
    // Each at its box: the new password, or the second typing of it.
    let field = |current: &str, new: &str, again: &str| new_password_problem("admin", current, new, again).map(|p| p.0);
    assert_eq!(field("", "a long new one", "a long new one").as_deref(), Some("current-password"));
    assert_eq!(field("one-time-pw", "short", "short").as_deref(), Some("new-password"));
    assert_eq!(field("one-time-pw", "a long new one", "a long new 0ne").as_deref(), Some("new-password-again"));
    assert_eq!(new_password_problem("admin", "one-time-pw", "a long new one", "a long new one"), None);
}

#[wasm_bindgen_test]
fn an_audit_search_leaves_out_empty_fields_and_its_export_keeps_the_search() {
    let query =
        AuditQuery { user: " booking ".into(), patient: String::new(), from: "2026-11-01".into(), to: "".into() };
    assert_eq!(query.pairs(), vec![("user", "booking".to_string()), ("from", "2026-11-01".to_string())]);
    assert_eq!(query.csv_href(), "/api/audit?format=csv&user=booking&from=2026-11-01");
    let odd = AuditQuery { patient: "pat 1&x".into(), ..AuditQuery::default() };
    assert_eq!(odd.csv_href(), "/api/audit?format=csv&patient=pat%201%26x");
}

#[wasm_bindgen_test]
fn people_are_remembered_with_their_verifier_and_forgotten_entirely() {
    let someone = person("test-remember", Role::Receptionist);
    let check = verifier::Verifier { salt: "00".into(), iterations: 1, hash: "11".into() };
    device_user::remember(&someone, 20, Some(check.clone()));
    assert_eq!(device_user::last().map(|u| u.user.username), Some("test-remember".to_string()));
    // Signing in again without typing the password (a session still open) keeps the saved verifier.
    device_user::remember(&someone, 25, None);
    let known = device_user::get("test-remember").unwrap();
    assert_eq!((known.idle_lock_minutes, known.verifier), (25, Some(check)));
    device_user::forget("test-remember");
    assert_eq!(device_user::get("test-remember"), None);
    assert!(device_user::last().is_none_or(|u| u.user.username != "test-remember"));
}

#[wasm_bindgen_test]
async fn locking_hides_and_freezes_the_app_and_unlocking_gives_it_back_as_it_was() {
    let lead = person("test-lock", Role::TeamLead);
    let password = "pathdesk-demo";
    device_user::remember(&lead, 15, Some(verifier::make(password).await.unwrap()));
    let state = Desk::new();
    state.auth.user.set(Some(lead.clone()));
    state.auth.screen.set(Screen::App);
    // Unmounted when the test ends (the handle drops), so the next test that mounts the app finds only its own.
    let _app = leptos::mount::mount_to(document().body().unwrap(), move || view! { <App desk=state/> });
    leptos::task::tick().await;

    // Something typed before the lock (in a field of the app).
    let main = element("#main").unwrap();
    let typed: web_sys::HtmlInputElement = document().create_element("input").unwrap().unchecked_into();
    typed.set_id("typed-before-lock");
    main.append_child(&typed).unwrap();
    typed.set_value("half-written note");
    typed.focus().unwrap();
    assert_eq!(element("[data-testid=signed-in-name]").unwrap().text_content().as_deref(), Some("Test test-lock"));

    auth::lock(state);
    leptos::task::tick().await;
    let shell = element("[data-testid=app-shell]").unwrap();
    assert!(shell.has_attribute("inert"), "the app behind the lock cannot be used");
    assert_eq!(shell.get_attribute("aria-hidden").as_deref(), Some("true"));
    // (That the data is not shown comes from style/auth.css, not loaded here: the e2e test checks it.)
    assert_eq!(element("[data-testid=locked-user]").unwrap().text_content().as_deref(), Some("Test test-lock"));

    assert!(auth::unlock(state, "wrong password".into()).await.unwrap_err().contains("not the password"));
    assert_eq!(state.auth.screen.get_untracked(), Screen::Locked);

    auth::unlock(state, password.into()).await.expect("the right password unlocks");
    leptos::task::tick().await;
    assert_eq!(state.auth.screen.get_untracked(), Screen::App);
    let shell = element("[data-testid=app-shell]").unwrap();
    assert!(!shell.has_attribute("inert"));
    assert!(element("[data-testid=lock-screen]").is_none());
    let typed: web_sys::HtmlInputElement = element("#typed-before-lock").unwrap().unchecked_into();
    assert_eq!(typed.value(), "half-written note", "the same page, with what was typed");
    device_user::forget("test-lock");
}
