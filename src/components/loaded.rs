//! Showing data read from this device: "Loading…", the reason it could not be read, or the screen.

use leptos::prelude::*;

/// Why a screen has no data to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The store is still opening: not a problem, just not yet.
    Opening,
    /// Reading failed: the message says what to do.
    Failed(String),
}

/// Render a loader's result: not yet -> "Loading…"; a failure -> the message; data -> `render(data)`.
pub fn show<T: Clone + 'static, V: IntoView + 'static>(
    data: LocalResource<Result<T, LoadError>>,
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
