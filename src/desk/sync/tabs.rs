//! Several tabs, one sync: a Web Lock lets only one tab sync at a time, and a BroadcastChannel tells the other
//! tabs to read their views again from IndexedDB after a sync or a local change.

use futures_channel::oneshot;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::desk::store::{Store, StoreNames};

pub const SYNC_LOCK: &str = "pathdesk-sync";
pub const CHANNEL: &str = "pathdesk";
/// The message posted after data changed.
pub const CHANGED: &str = "changed";

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (bound here: web-sys only offers it behind its unstable-API flag).
    type LockManager;
    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, options: &JsValue, callback: &js_sys::Function) -> js_sys::Promise;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        None
    } else {
        Some(locks.unchecked_into())
    }
}

/// Run `work` holding the sync lock, if no other tab holds it: `None` if another tab is syncing.
/// Browsers without Web Locks just run it.
pub async fn with_sync_lock<T: 'static, F: Future<Output = T> + 'static>(
    work: impl FnOnce() -> F + 'static,
) -> Option<T> {
    let Some(locks) = lock_manager() else {
        return Some(work().await);
    };
    let (sender, receiver) = oneshot::channel::<Option<T>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let work = RefCell::new(Some(work));
    let callback = Closure::once(move |lock: JsValue| -> js_sys::Promise {
        let send = move |value: Option<T>| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(value);
            }
        };
        match (lock.is_null(), work.borrow_mut().take()) {
            (false, Some(work)) => wasm_bindgen_futures::future_to_promise(async move {
                // The lock is held until this promise settles, i.e. until the work is done.
                send(Some(work().await));
                Ok(JsValue::UNDEFINED)
            }),
            _ => {
                send(None);
                js_sys::Promise::resolve(&JsValue::UNDEFINED)
            }
        }
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    let function: &js_sys::Function = callback.as_ref().unchecked_ref();
    let promise = locks.request(SYNC_LOCK, &options, function);
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    drop(callback);
    receiver.await.ok().flatten()
}

/// The channel to the other tabs of this app.
pub struct TabChannel {
    channel: Option<web_sys::BroadcastChannel>,
    _listener: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl TabChannel {
    /// Open the channel; `on_changed` runs when another tab says data changed.
    pub fn open(on_changed: impl Fn(StoreNames) + 'static) -> TabChannel {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
            return TabChannel { channel: None, _listener: None };
        };
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(changed) = event.data().as_string().as_deref().and_then(changed_stores) {
                on_changed(changed);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        TabChannel { channel: Some(channel), _listener: Some(listener) }
    }

    /// Tell the other tabs which stores changed: their screens showing them read again.
    pub fn announce_change(&self, changed: &StoreNames) {
        if let Some(channel) = &self.channel {
            let names: Vec<&str> = changed.iter().copied().collect();
            let _ = channel.post_message(&JsValue::from_str(&format!("{CHANGED}:{}", names.join(","))));
        }
    }
}

/// The stores named in a "changed" message, as this app knows them (an older tab's bare message: all of them).
pub fn changed_stores(message: &str) -> Option<StoreNames> {
    let known = Store::all_store_names();
    if message == CHANGED {
        return Some(known.into_iter().collect());
    }
    let names = message.strip_prefix(CHANGED)?.strip_prefix(':')?;
    Some(known.into_iter().filter(|k| names.split(',').any(|n| n == *k)).collect())
}
