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

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::components::loaded::{LoadError, Loaded};
use crate::state::AppState;
use crate::store::{Store, StoreError};

/// Read a screen's data from this device, again whenever data changes.
pub fn load<T, Fut>(read: impl Fn(Store) -> Fut + 'static) -> Loaded<T>
where
    T: Clone + 'static,
    Fut: Future<Output = Result<T, StoreError>> + 'static,
{
    let read: Rc<ErasedRead> = Rc::new(move |store| {
        let reading = read(store);
        Box::pin(async move { reading.await.map(|data| Rc::new(data) as Rc<dyn Any>) })
    });
    Loaded::new(load_erased(read))
}

type ErasedRead = dyn Fn(Store) -> Pin<Box<dyn Future<Output = Result<Rc<dyn Any>, StoreError>>>>;

/// The one resource type behind every screen's loader: the reactive machinery is compiled once, not once per
/// screen (about 100 KB of wasm less).
fn load_erased(read: Rc<ErasedRead>) -> LocalResource<Result<Rc<dyn Any>, LoadError>> {
    let state = AppState::get();
    LocalResource::new(move || {
        let reading = state.track_store().map(|store| store.map(|store| read(store)));
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
