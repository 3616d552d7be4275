//! Which kinds of data changed on this device, so that each screen reads again only when something it shows
//! changed (not every screen after every change).
//!
//! A screen's loader (`crate::ui::loaded::load`) watches: it learns which stores its read opened (see
//! [`crate::desk::store::Store::noting_reads`]) and is told again only when one of those changed. Whatever writes
//! to the store (a command done here, a sync, another tab) tells [`tell`] which stores it changed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;

pub use crate::desk::store::StoreNames;

struct Watcher {
    id: u64,
    /// What the last read opened; `None` before the first read has finished (then every change counts).
    reads: Rc<RefCell<Option<StoreNames>>>,
    trigger: ArcTrigger,
}

thread_local! {
    static WATCHERS: RefCell<Vec<Watcher>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// A screen's loader watching for changes to what it read.
pub struct Watch {
    /// Tracked by the loader: notified when something it read changed.
    pub trigger: ArcTrigger,
    /// Where the loader puts the names of the stores its read opened.
    pub reads: Rc<RefCell<Option<StoreNames>>>,
}

/// Start watching, until the current reactive owner (the screen) is cleaned up.
pub fn watch() -> Watch {
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id + 1);
        id
    });
    let trigger = ArcTrigger::new();
    let reads = Rc::new(RefCell::new(None));
    WATCHERS.with(|w| w.borrow_mut().push(Watcher { id, reads: reads.clone(), trigger: trigger.clone() }));
    on_cleanup(move || WATCHERS.with(|w| w.borrow_mut().retain(|watcher| watcher.id != id)));
    Watch { trigger, reads }
}

/// These stores changed: every watcher that read one of them reads again.
pub fn tell(changed: &StoreNames) {
    if changed.is_empty() {
        return;
    }
    let due: Vec<ArcTrigger> = WATCHERS.with(|w| {
        w.borrow()
            .iter()
            .filter(|watcher| watcher.reads.borrow().as_ref().is_none_or(|reads| !reads.is_disjoint(changed)))
            .map(|watcher| watcher.trigger.clone())
            .collect()
    });
    for trigger in due {
        trigger.notify();
    }
}
