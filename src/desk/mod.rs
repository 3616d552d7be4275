//! The device runtime, with no screens in it: the IndexedDB store, doing a command on this device (`local`,
//! `save`), syncing with the server, who is signed in (`session`), and the reads screens make (`queries`).
//! Nothing here imports a screen, a shared piece of the UI or the shell.

pub mod api;
pub mod changes;
pub mod clock;
pub mod density;
pub mod local;
pub mod offline;
pub mod people;
pub mod queries;
pub mod save;
pub mod session;
pub mod state;
pub mod status;
pub mod store;
pub mod sync;

pub use state::{current_store, Desk};
