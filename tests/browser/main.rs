//! The app's tests that need a real browser (headless Chromium through wasm-bindgen-test): IndexedDB, the sync
//! client against a scripted server, WebCrypto sign-in and the rendered shell. One binary, so the suite links and
//! runs through wasm-bindgen once. Pure logic is tested natively beside its code (`cargo test -p pathdesk --lib`).

#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

mod auth;
mod memory;
mod shell;
mod store;
mod sync;
mod tasks_view;
