//! A thin async layer over the browser's IndexedDB: open with an upgrade handler, transactions that roll back
//! unless committed, and requests as futures.
//!
//! Our own layer (rather than a wrapper crate) because the schema upgrade must reach the version-change
//! transaction to add indexes to stores that already exist.
//!
//! Inside a transaction, await nothing but requests of that transaction: the browser commits a transaction as
//! soon as the event loop turns with no request pending.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::oneshot;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::cache::{Change, RecordCache};
use super::{StoreError, StoreNames};

/// Describe a JS error (a DOMException, an Error or anything else) in one line.
pub fn js_message(value: &JsValue) -> String {
    if let Some(exception) = value.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", exception.name(), exception.message());
    }
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

fn js_err(value: JsValue) -> StoreError {
    StoreError::Request(js_message(&value))
}

/// Wait for an IndexedDB request to succeed or fail.
pub async fn request(req: IdbRequest) -> Result<JsValue, StoreError> {
    let (sender, receiver) = oneshot::channel::<Result<JsValue, StoreError>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let on_success = {
        let sender = sender.clone();
        let req = req.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(req.result().map_err(js_err));
            }
        })
    };
    let on_error = {
        let sender = sender.clone();
        let req = req.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            // Handled here: stop the error from also aborting the transaction through the default action.
            event.prevent_default();
            if let Some(sender) = sender.borrow_mut().take() {
                let message = match req.error() {
                    Ok(Some(exception)) => format!("{}: {}", exception.name(), exception.message()),
                    _ => "the request failed".to_string(),
                };
                let _ = sender.send(Err(StoreError::Request(message)));
            }
        })
    };
    req.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    req.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let result = receiver.await.unwrap_or_else(|_| Err(StoreError::Request("the request was dropped".into())));
    req.set_onsuccess(None);
    req.set_onerror(None);
    drop((on_success, on_error));
    result
}

/// Turn a Rust value into a plain JS object, through JSON: the same serde code as the wire format, so the
/// app carries one set of (de)serialisers per type instead of two.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Data(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| StoreError::Data(js_message(&e)))
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, StoreError> {
    let text: String = js_sys::JSON::stringify(&value).map_err(|e| StoreError::Data(js_message(&e)))?.into();
    serde_json::from_str(&text).map_err(|e| StoreError::Data(e.to_string()))
}

/// Open `name` at `version`, running `upgrade(db, version_change_tx, old_version, new_version)` when the stored
/// database is older.
pub async fn open(
    name: &str,
    version: u32,
    upgrade: impl FnOnce(&IdbDatabase, &IdbTransaction, u32, u32) -> Result<(), JsValue> + 'static,
) -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window()
        .ok_or_else(|| StoreError::Open("there is no browser window".into()))?
        .indexed_db()
        .map_err(|e| StoreError::Open(js_message(&e)))?
        .ok_or_else(|| StoreError::Open("this browser does not offer IndexedDB storage (private mode?)".into()))?;
    let open_req: IdbOpenDbRequest =
        factory.open_with_u32(name, version).map_err(|e| StoreError::Open(js_message(&e)))?;

    let upgrade_error: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
    let upgrade = RefCell::new(Some(upgrade));
    let on_upgrade = {
        let open_req = open_req.clone();
        let upgrade_error = upgrade_error.clone();
        Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(move |event: web_sys::IdbVersionChangeEvent| {
            let old = event.old_version() as u32;
            let new = event.new_version().map(|v| v as u32).unwrap_or(old);
            let outcome = (|| -> Result<(), JsValue> {
                let db: IdbDatabase = open_req.result()?.dyn_into()?;
                let tx = open_req.transaction().ok_or_else(|| JsValue::from_str("no version-change transaction"))?;
                match upgrade.borrow_mut().take() {
                    Some(upgrade) => upgrade(&db, &tx, old, new),
                    None => Ok(()),
                }
            })();
            if let Err(e) = outcome {
                *upgrade_error.borrow_mut() = Some(js_message(&e));
                if let Some(tx) = open_req.transaction() {
                    let _ = tx.abort();
                }
            }
        })
    };
    // Another tab still has the older version open: it closes on `versionchange` (below), then this open goes on.
    let on_blocked = Closure::<dyn FnMut()>::new(|| {
        web_sys::console::warn_1(&"Pathdesk storage upgrade waits for another Pathdesk tab to let go.".into())
    });
    open_req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    open_req.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));

    let result = request(open_req.clone().unchecked_into()).await;
    open_req.set_onupgradeneeded(None);
    open_req.set_onblocked(None);
    drop((on_upgrade, on_blocked));
    if let Some(message) = upgrade_error.borrow_mut().take() {
        return Err(StoreError::Upgrade(message));
    }
    let db: IdbDatabase = result?.dyn_into().map_err(|e| StoreError::Open(js_message(&e)))?;
    // Another tab wants a newer schema: step aside so its upgrade can run (this tab then reloads its data there).
    let on_version_change = Closure::<dyn FnMut()>::new({
        let db = db.clone();
        move || db.close()
    });
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    Ok(db)
}

/// Delete a whole database (used by tests to clean up).
pub async fn delete_database(name: &str) -> Result<(), StoreError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| StoreError::Open("no IndexedDB".into()))?;
    let req = factory.delete_database(name).map_err(js_err)?;
    request(req.unchecked_into()).await.map(|_| ())
}

/// A transaction that rolls back unless `commit` is called.
pub struct Tx {
    tx: IdbTransaction,
    done: Option<oneshot::Receiver<Result<(), String>>>,
    _listeners: [Closure<dyn FnMut()>; 3],
    committed: bool,
    /// The stores this transaction wrote to, added to `changed` once it has committed.
    written: RefCell<StoreNames>,
    changed: Rc<RefCell<StoreNames>>,
    /// The records this transaction put and deleted, applied to the store's cache once it has committed.
    noted: RefCell<Vec<Change>>,
    cache: Rc<RefCell<RecordCache>>,
}

/// `IDBDatabase.transaction(stores, "readwrite", { durability: "relaxed" })`: web-sys has the options argument only
/// behind its unstable APIs, so the method is called as JavaScript.
fn relaxed_write_transaction(db: &IdbDatabase, stores: &js_sys::Array) -> Result<IdbTransaction, JsValue> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &JsValue::from_str("durability"), &JsValue::from_str("relaxed"))?;
    let transaction: js_sys::Function = js_sys::Reflect::get(db, &JsValue::from_str("transaction"))?.dyn_into()?;
    transaction.call3(db, stores, &JsValue::from_str("readwrite"), &options)?.dyn_into()
}

impl Tx {
    /// `relaxed`: the browser may report the transaction complete before it is on disk (it stays all or
    /// nothing). Only for what can be had again: a pulled page, whose cursor is in the same transaction, so a
    /// power cut at worst makes the desk pull that page again. A person's own change is always written durably.
    pub fn new(
        db: &IdbDatabase,
        stores: &[&str],
        write: bool,
        relaxed: bool,
        changed: Rc<RefCell<StoreNames>>,
        cache: Rc<RefCell<RecordCache>>,
    ) -> Result<Tx, StoreError> {
        let names = js_sys::Array::new();
        for store in stores {
            names.push(&JsValue::from_str(store));
        }
        let mode = if write { IdbTransactionMode::Readwrite } else { IdbTransactionMode::Readonly };
        let tx = if relaxed && write {
            relaxed_write_transaction(db, &names).map_err(js_err)?
        } else {
            db.transaction_with_str_sequence_and_mode(&names, mode).map_err(js_err)?
        };
        let (sender, receiver) = oneshot::channel::<Result<(), String>>();
        let sender = Rc::new(RefCell::new(Some(sender)));
        let finish = |outcome: fn(&IdbTransaction) -> Result<(), String>| {
            let sender = sender.clone();
            let tx = tx.clone();
            Closure::<dyn FnMut()>::new(move || {
                if let Some(sender) = sender.borrow_mut().take() {
                    let _ = sender.send(outcome(&tx));
                }
            })
        };
        let on_complete = finish(|_| Ok(()));
        let on_error = finish(|tx| Err(tx_error(tx)));
        let on_abort = finish(|tx| Err(tx_error(tx)));
        tx.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
        tx.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        tx.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
        Ok(Tx {
            tx,
            done: Some(receiver),
            _listeners: [on_complete, on_error, on_abort],
            committed: false,
            written: RefCell::default(),
            changed,
            noted: RefCell::default(),
            cache,
        })
    }

    pub fn store(&self, name: &str) -> Result<IdbObjectStore, StoreError> {
        self.tx.object_store(name).map_err(js_err)
    }

    /// Note that this transaction changes the store `name`: once committed, screens showing it read again.
    pub fn wrote(&self, name: &'static str) {
        self.written.borrow_mut().insert(name);
    }

    /// Note a record put or deleted, for the store's cache of records once this transaction has committed.
    pub fn note(&self, change: Change) {
        self.noted.borrow_mut().push(change);
    }

    /// Commit and wait until the browser says the data is stored.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        self.committed = true;
        // May fail if the browser already auto-committed (nothing pending): the completion event still says.
        // (web-sys marks `commit` deprecated only because older browsers lack it; they auto-commit anyway.)
        #[allow(deprecated)]
        let _ = self.tx.commit();
        self.wait().await?;
        let mut written = self.written.take();
        let noted = self.noted.take();
        if !noted.is_empty() {
            super::Store::note_written_here(&self.tx.db().name());
        }
        self.cache.borrow_mut().committed(&written, noted);
        self.changed.borrow_mut().append(&mut written);
        Ok(())
    }

    /// Wait for a read-only transaction to finish (no commit needed).
    pub async fn finish(mut self) -> Result<(), StoreError> {
        self.committed = true;
        self.wait().await
    }

    async fn wait(&mut self) -> Result<(), StoreError> {
        match self.done.take() {
            Some(receiver) => match receiver.await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(message)) => Err(StoreError::Transaction(message)),
                Err(_) => Err(StoreError::Transaction("the transaction was dropped".into())),
            },
            None => Ok(()),
        }
    }
}

fn tx_error(tx: &IdbTransaction) -> String {
    match tx.error() {
        Some(exception) => format!("{}: {}", exception.name(), exception.message()),
        None => "the transaction was aborted".to_string(),
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.tx.abort();
        }
        self.tx.set_oncomplete(None);
        self.tx.set_onerror(None);
        self.tx.set_onabort(None);
    }
}

/// `store.get(key)` as stored (`None` when absent).
pub async fn get_value(store: &IdbObjectStore, key: &JsValue) -> Result<Option<JsValue>, StoreError> {
    let value = request(store.get(key).map_err(js_err)?).await?;
    Ok((!value.is_undefined()).then_some(value))
}

/// `store.getAll()` (in key order) as stored.
pub async fn get_all_values(store: &IdbObjectStore) -> Result<Vec<JsValue>, StoreError> {
    values_of(request(store.get_all().map_err(js_err)?).await?)
}

/// Up to `count` values (in key order) whose keys come after `after` (from the first when `None`).
pub async fn get_page_values(
    store: &IdbObjectStore,
    after: Option<&str>,
    count: u32,
) -> Result<Vec<JsValue>, StoreError> {
    let range = match after {
        Some(key) => web_sys::IdbKeyRange::lower_bound_with_open(&JsValue::from_str(key), true).map_err(js_err)?.into(),
        None => JsValue::UNDEFINED,
    };
    values_of(request(store.get_all_with_key_and_limit(&range, count).map_err(js_err)?).await?)
}

/// All values whose index `index` equals `key`, in primary key order, as stored.
pub async fn get_all_values_by_index(
    store: &IdbObjectStore,
    index: &str,
    key: &JsValue,
) -> Result<Vec<JsValue>, StoreError> {
    let index = store.index(index).map_err(js_err)?;
    values_of(request(index.get_all_with_key(key).map_err(js_err)?).await?)
}

fn values_of(values: JsValue) -> Result<Vec<JsValue>, StoreError> {
    let array: js_sys::Array = values.dyn_into().map_err(|e| StoreError::Data(js_message(&e)))?;
    Ok(array.iter().collect())
}

/// `store.getAll()` (in key order), decoded.
pub async fn get_all<T: DeserializeOwned>(store: &IdbObjectStore) -> Result<Vec<T>, StoreError> {
    get_all_values(store).await?.into_iter().map(from_js).collect()
}

pub async fn count(store: &IdbObjectStore) -> Result<u32, StoreError> {
    let value = request(store.count().map_err(js_err)?).await?;
    Ok(value.as_f64().unwrap_or(0.0) as u32)
}

/// Queue a put (in-line key); the transaction's commit reports failure.
pub fn put<T: Serialize + ?Sized>(store: &IdbObjectStore, value: &T) -> Result<IdbRequest, StoreError> {
    store.put(&to_js(value)?).map_err(js_err)
}

/// Queue a put with an out-of-line key.
pub fn put_with_key(store: &IdbObjectStore, key: &str, value: &JsValue) -> Result<IdbRequest, StoreError> {
    store.put_with_key(value, &JsValue::from_str(key)).map_err(js_err)
}

pub fn delete(store: &IdbObjectStore, key: &JsValue) -> Result<IdbRequest, StoreError> {
    store.delete(key).map_err(js_err)
}
