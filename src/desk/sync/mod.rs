//! Sync with the server: one sync (`client`), when to retry (`backoff`), one syncing tab (`tabs`) and the
//! loop that decides when to sync and keeps the indicator truthful (`driver`).

pub mod backoff;
pub mod client;
pub mod driver;
pub mod tabs;
