//! Saving a file the app made (a CSV for Excel) to the person's downloads.

use leptos::prelude::document;
use wasm_bindgen::{JsCast, JsValue};

/// Save `text` as a file called `name`: a Blob, an object URL and a click on a temporary link.
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let document = document();
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_class_name("visually-hidden");
    let body = document.body().ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    // Let the browser start reading the file before the address is let go.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
