//! Keyed lists: rows keep what they hold (an open question, typed text, a message) while other rows change, and a
//! row is drawn again only when what it shows changes.
//!
//! Every keyed list of the app goes through [`keyed_rows`], so Leptos's `<For>` (and its diffing) is compiled once:
//! a row is its key (a hash of what it shows) and a function that draws it.

use std::sync::Arc;

use leptos::prelude::*;
use serde::Serialize;

/// One row of a keyed list.
#[derive(Clone)]
pub struct Row {
    key: u64,
    draw: Arc<dyn Fn() -> AnyView + Send + Sync>,
}

impl Row {
    /// A row identified by everything in `shows` (drawn again only when that changes), drawn by `draw`. The key
    /// is a hash of `shows` as the JSON it is stored as (the records' own serialisation, so no other code).
    pub fn new<K: Serialize + ?Sized>(shows: &K, draw: impl Fn() -> AnyView + Send + Sync + 'static) -> Row {
        let json = serde_json::to_vec(shows).unwrap_or_default();
        Row { key: fnv1a(&json), draw: Arc::new(draw) }
    }
}

/// Draws `rows`, keeping each row's elements (and what they hold) for as long as its key is in the list.
pub fn keyed_rows(rows: Signal<Vec<Row>>) -> impl IntoView {
    view! { <For each=move || rows.get() key=|row: &Row| row.key children=|row: Row| (row.draw)()/> }
}

/// `text` while `rows` is empty (put it outside the list's element), or that the desk is still loading its data.
pub fn when_empty(rows: Signal<Vec<Row>>, text: &'static str) -> impl IntoView {
    let text = crate::ui::loaded::empty_list_text(text);
    move || rows.with(Vec::is_empty).then(|| view! { <p class="hint" data-testid="empty-list">{text}</p> })
}

/// FNV-1a, 64 bits: a few instructions, and collisions among one list's rows are as good as impossible.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}
