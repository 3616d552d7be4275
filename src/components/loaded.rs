//! Showing data read from this device: "Loading…", the reason it could not be read, or the screen.

use std::any::Any;
use std::marker::PhantomData;
use std::rc::Rc;

use leptos::prelude::*;

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

    /// The latest result (tracked), `None` until the first read has finished.
    pub fn get(&self) -> Option<Result<T, LoadError>> {
        self.resource.get().map(|result| {
            result.map(|data| data.downcast_ref::<T>().cloned().expect("a loader holds only its own type"))
        })
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
