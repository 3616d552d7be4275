//! The desk's local store: IndexedDB database "pathdesk" with one object store per kind of record, the outbox
//! of commands waiting to sync, the problems (commands the server refused) and a few settings (meta).
//!
//! Every function takes the [`Store`] (an open database) so tests can use databases with their own names.

pub mod cache;
pub mod idb;
pub mod meta;
pub mod outbox;
pub mod problems;
pub mod records;
pub mod schema;

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::IdbDatabase;

/// The names of the stores a read opened or a write changed (record kinds, "outbox", "problems", "meta").
pub type StoreNames = std::collections::BTreeSet<&'static str>;

pub use schema::{open_store, open_store_at_version, CURRENT_VERSION, DB_NAME};

/// Something went wrong with the browser's storage. The message says what and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("This device's storage could not be opened ({0}). Close other Pathdesk tabs and reload the page.")]
    Open(String),
    #[error("This device's storage could not be upgraded ({0}). Close other Pathdesk tabs and reload the page.")]
    Upgrade(String),
    #[error("Reading or writing this device's storage failed ({0}). Reload the page and try again.")]
    Request(String),
    #[error("Saving on this device failed ({0}); nothing was saved. Try again; if it keeps failing, reload the page.")]
    Transaction(String),
    #[error("Data on this device could not be read ({0}). Reload the page; if it persists, tell the IT service desk.")]
    Data(String),
}

thread_local! {
    /// This page's mark on its writes (see [`Store::note_written_here`]).
    static PAGE_MARK: String = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    static WRITES_HERE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The last mark seen on each database's writes, by database name.
    static LAST_MARK_SEEN: RefCell<std::collections::HashMap<String, String>> = RefCell::default();
}

fn written_mark_key(db: &str) -> String {
    format!("pathdesk.written.{db}")
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// An open local database.
#[derive(Clone, Debug)]
pub struct Store {
    db: IdbDatabase,
    /// Stores changed by committed transactions and not yet told to the screens (see [`Store::take_changes`]).
    changed: Rc<RefCell<StoreNames>>,
    /// Where to note the stores each transaction opens, for a screen's loader (see [`Store::noting_reads`]).
    reads: Option<Rc<RefCell<StoreNames>>>,
    /// The records read whole, kept in memory for this database only (see [`cache`]).
    cache: Rc<RefCell<cache::RecordCache>>,
}

impl Store {
    pub(crate) fn from_db(db: IdbDatabase) -> Store {
        Store { db, changed: Rc::default(), reads: None, cache: Rc::default() }
    }

    /// This store, noting in the returned set the name of every store a transaction opens: a screen learns what
    /// it read, so it reads again only when that changes.
    pub fn noting_reads(&self) -> (Store, Rc<RefCell<StoreNames>>) {
        let reads = Rc::new(RefCell::new(StoreNames::new()));
        (Store { reads: Some(reads.clone()), ..self.clone() }, reads)
    }

    /// The stores that committed transactions changed since the last call: for telling the screens.
    pub fn take_changes(&self) -> StoreNames {
        std::mem::take(&mut *self.changed.borrow_mut())
    }

    /// Note that a read used the store `name` (also when it was answered from memory), for a screen's loader.
    pub fn noted_read(&self, name: &'static str) {
        if let Some(reads) = &self.reads {
            reads.borrow_mut().insert(name);
        }
    }

    /// The records this page holds in memory for this database.
    pub fn cache(&self) -> &Rc<RefCell<cache::RecordCache>> {
        &self.cache
    }

    /// A transaction of this page committed records: mark the database (in localStorage) as last written here, so
    /// another page that missed the other tabs' message still sees that its memory may be out of date.
    pub(crate) fn note_written_here(db: &str) {
        let n = WRITES_HERE.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        let mark = PAGE_MARK.with(|page| format!("{page}:{n}"));
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(&written_mark_key(db), &mark);
        }
        LAST_MARK_SEEN.with(|seen| seen.borrow_mut().insert(db.to_string(), mark));
    }

    /// Before answering from memory: if another page wrote records to this database since this page last looked,
    /// forget everything held (the other tabs' message normally says what changed; this is the safety net).
    pub(crate) fn forget_cached_if_written_elsewhere(&self) {
        let db = self.name();
        let Some(mark) = local_storage().and_then(|storage| storage.get_item(&written_mark_key(&db)).ok().flatten())
        else {
            return;
        };
        let changed = LAST_MARK_SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            if seen.get(&db) == Some(&mark) {
                return false;
            }
            seen.insert(db, mark);
            true
        });
        if changed {
            self.cache.borrow_mut().forget_all();
        }
    }

    /// Another tab changed these stores: what this page held of them in memory is read again when next asked.
    pub fn forget_cached(&self, changed: &StoreNames) {
        self.cache.borrow_mut().forget(changed);
    }

    pub fn db(&self) -> &IdbDatabase {
        &self.db
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    pub fn name(&self) -> String {
        self.db.name()
    }

    pub fn close(&self) {
        self.db.close();
    }

    /// Start a transaction over `stores`; it rolls back unless committed.
    pub fn tx(&self, stores: &[&'static str], write: bool) -> Result<idb::Tx, StoreError> {
        for store in stores {
            self.noted_read(store);
        }
        idb::Tx::new(&self.db, stores, write, false, self.changed.clone(), self.cache.clone())
    }

    /// A write transaction the browser may finish before it is on disk (see `idb::Tx::new`): for pulled pages only.
    pub fn tx_for_pulled(&self, stores: &[&'static str]) -> Result<idb::Tx, StoreError> {
        idb::Tx::new(&self.db, stores, true, true, self.changed.clone(), self.cache.clone())
    }

    /// Every record store plus the outbox, problems and meta: for commands and sync, which touch any of them.
    pub fn all_store_names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = pathdesk_core::record::RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        names.extend([schema::OUTBOX, schema::PROBLEMS, schema::META]);
        names
    }
}
