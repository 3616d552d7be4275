//! One module per screen.

pub mod audit;
pub mod clinic_session;
pub mod clinic_templates;
pub mod clinics;
pub mod leave;
pub mod not_found;
pub mod pathway;
pub mod pathways;
pub mod patient;
pub mod patients;
pub mod problems;
pub mod settings;
pub mod sign_out;
pub mod tasks;
pub mod team;
pub mod today;
pub mod users;
pub mod waiting_list;

use std::future::Future;

use leptos::prelude::*;

use crate::components::loaded::LoadError;
use crate::state::AppState;
use crate::store::{Store, StoreError};

/// Read a screen's data from this device, again whenever data changes.
pub fn load<T, Fut>(read: impl Fn(Store) -> Fut + 'static) -> LocalResource<Result<T, LoadError>>
where
    T: 'static,
    Fut: Future<Output = Result<T, StoreError>> + 'static,
{
    let state = AppState::get();
    LocalResource::new(move || {
        let reading = state.track_store().map(|store| store.map(&read));
        async move {
            match reading {
                Ok(Some(reading)) => reading.await.map_err(|e| LoadError::Failed(e.to_string())),
                // Still opening: show "Loading…"; the loader runs again once the store is open.
                Ok(None) => Err(LoadError::Opening),
                Err(message) => Err(LoadError::Failed(message)),
            }
        }
    })
}
