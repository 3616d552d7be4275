//! The desk's local store: IndexedDB database "pathdesk" with one object store per kind of record, the outbox
//! of commands waiting to sync, the problems (commands the server refused) and a few settings (meta).
//!
//! Every function takes the [`Store`] (an open database) so tests can use databases with their own names.

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

/// An open local database.
#[derive(Clone, Debug)]
pub struct Store {
    db: IdbDatabase,
    /// Stores changed by committed transactions and not yet told to the screens (see [`Store::take_changes`]).
    changed: Rc<RefCell<StoreNames>>,
    /// Where to note the stores each transaction opens, for a screen's loader (see [`Store::noting_reads`]).
    reads: Option<Rc<RefCell<StoreNames>>>,
}

impl Store {
    pub(crate) fn from_db(db: IdbDatabase) -> Store {
        Store { db, changed: Rc::default(), reads: None }
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
        if let Some(reads) = &self.reads {
            reads.borrow_mut().extend(stores.iter().copied());
        }
        idb::Tx::new(&self.db, stores, write, self.changed.clone())
    }

    /// Every record store plus the outbox, problems and meta: for commands and sync, which touch any of them.
    pub fn all_store_names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = pathdesk_core::record::RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        names.extend([schema::OUTBOX, schema::PROBLEMS, schema::META]);
        names
    }
}
