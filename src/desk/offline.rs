//! Working with no network from the first load: the service worker (public/sw.js) keeps the app's files.

use wasm_bindgen_futures::JsFuture;

/// Register `/sw.js` for the whole site. A failure only means no offline start; the app still works.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if js_sys::Reflect::get(&navigator, &"serviceWorker".into()).map(|v| v.is_undefined()).unwrap_or(true) {
        return;
    }
    let promise = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = JsFuture::from(promise).await {
            web_sys::console::warn_1(
                &format!("Offline start is not available: {}", crate::desk::store::idb::js_message(&error)).into(),
            );
        }
    });
}
