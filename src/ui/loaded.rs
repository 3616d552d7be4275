//! Showing data read from this device: "Loading…", the reason it could not be read, or the screen.

use std::any::Any;
use std::marker::PhantomData;
use std::rc::Rc;

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

use crate::desk::store::{Store, StoreError};
use crate::desk::{changes, Desk};

/// Why a screen has no data to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The store is still opening: not a problem, just not yet.
    Opening,
    /// Reading failed: the message says what to do.
    Failed(String),
}

/// A screen's data as read from this device by `routes::load`: nothing yet, the reason it could not be read,
/// or the data, read again whenever the data changes.
pub struct Loaded<T> {
    resource: LocalResource<Result<Rc<dyn Any>, LoadError>>,
    data: PhantomData<fn() -> T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: Clone + 'static> Loaded<T> {
    /// `resource` must only ever hold a `T`: `routes::load` makes sure of it.
    pub(crate) fn new(resource: LocalResource<Result<Rc<dyn Any>, LoadError>>) -> Self {
        Self { resource, data: PhantomData }
    }

    /// The latest data read (tracked; `None` until there is some, or when a read failed): what keyed lists under
    /// [`show_ready`] follow. A read again keeps the previous data until the new one is in.
    pub fn latest(&self) -> Signal<Option<T>>
    where
        T: Send + Sync,
    {
        let data = *self;
        Signal::derive(move || data.get().and_then(Result::ok))
    }

    /// The latest result without tracking it (for event handlers).
    pub fn get_untracked(&self) -> Option<Result<T, LoadError>> {
        self.resource.get_untracked().map(|result| {
            result.map(|data| data.downcast_ref::<T>().cloned().expect("a loader holds only its own type"))
        })
    }

    /// The latest result (tracked), `None` until the first read has finished.
    pub fn get(&self) -> Option<Result<T, LoadError>> {
        self.resource.get().map(|result| {
            result.map(|data| data.downcast_ref::<T>().cloned().expect("a loader holds only its own type"))
        })
    }
}

/// What an empty list says (tracked): `empty`, or while this desk is still downloading its data, that it is
/// still loading and how far it has got, so a person never reads "none" where there are patients to come.
pub fn empty_list_text(empty: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let sync = use_context::<Desk>().map(|desk| desk.sync);
    move || match sync {
        Some(sync) => sync.with(|status| status.empty_list_text(empty)),
        None => empty.to_string(),
    }
}

/// Render a loader's result: not yet -> "Loading…"; a failure -> the message; data -> `render(data)`.
pub fn show<T: Clone + 'static, V: IntoView + 'static>(
    data: Loaded<T>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match data.get() {
        None | Some(Err(LoadError::Opening)) => view! { <p class="hint">"Loading…"</p> }.into_any(),
        Some(Err(LoadError::Failed(message))) => {
            view! { <p class="error-message" role="alert">{message}</p> }.into_any()
        }
        Some(Ok(value)) => render(value).into_any(),
    }
}

/// Where a loader is: reading for the first time, failed (the message), or holding data.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Readiness {
    Loading,
    Failed(String),
    Ready,
}

/// Render `render` once, when the first read has data ("Loading…" or the reason before that). Unlike [`show`], a
/// later read does not draw the screen again: what `render` draws follows the data through [`Loaded::latest`],
/// typically a keyed `<For>`, so a row keeps what it holds (an open question, typed text) while other rows change.
pub fn show_ready<T: Clone + 'static, V: IntoView + 'static>(
    data: Loaded<T>,
    render: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    show_ready_erased(data.resource, Box::new(move || render().into_any()))
}

/// The part of [`show_ready`] that does not depend on the screen's types: compiled once.
fn show_ready_erased(
    resource: LocalResource<Result<Rc<dyn Any>, LoadError>>,
    render: Box<dyn Fn() -> AnyView + Send + Sync>,
) -> impl IntoView {
    let readiness = Memo::new(move |_| {
        resource.with(|result| match result {
            None | Some(Err(LoadError::Opening)) => Readiness::Loading,
            Some(Err(LoadError::Failed(message))) => Readiness::Failed(message.clone()),
            Some(Ok(_)) => Readiness::Ready,
        })
    });
    move || match readiness.get() {
        Readiness::Loading => view! { <p class="hint">"Loading…"</p> }.into_any(),
        Readiness::Failed(message) => view! { <p class="error-message" role="alert">{message}</p> }.into_any(),
        Readiness::Ready => render(),
    }
}

/// Read a screen's data from this device, and again whenever a store it read changes (see `desk::changes`).
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
    let state = Desk::get();
    let watch = changes::watch();
    LocalResource::new(move || {
        watch.trigger.track();
        let learned = watch.reads.clone();
        let reading = state.track_store().map(|store| {
            store.map(|store| {
                let (store, reads) = store.noting_reads();
                let reading = read(store);
                async move {
                    let result = reading.await;
                    *learned.borrow_mut() = Some(reads.take());
                    result
                }
            })
        });
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
