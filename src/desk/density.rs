//! How densely this device draws lists: the comfortable default, or compact rows for a desk that wants more patients
//! on a 1366x768 screen. A preference of the device (kept in its localStorage, so it survives a reload and a sign-out),
//! not of the person or the trust. Touch screens always get the comfortable rows: their 44 px targets come first.

use leptos::prelude::*;

/// The localStorage key of this device's density.
const KEY: &str = "pathdesk.density";

/// Height of one row of a long list (the PTL, the waiting list, tasks) in pixels, comfortable and compact: fixed,
/// so the rows on screen follow from the scroll position (style/pathways.css sets the same heights).
pub const ROW_HEIGHT_PX: f64 = 48.0;
pub const COMPACT_ROW_HEIGHT_PX: f64 = 36.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Density {
    #[default]
    Comfortable,
    Compact,
}

impl Density {
    /// This device's saved density (comfortable when none was saved or storage cannot be read).
    pub fn saved() -> Density {
        let stored = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|storage| storage.get_item(KEY).ok().flatten());
        match stored.as_deref() {
            Some("compact") => Density::Compact,
            _ => Density::Comfortable,
        }
    }

    /// Keep `self` as this device's density. Storage that cannot be written (a locked-down profile) leaves the
    /// choice for this visit only.
    pub fn save(self) {
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(KEY, if self == Density::Compact { "compact" } else { "comfortable" });
        }
    }

    /// Compact on this device: chosen, and not a touch screen.
    pub fn compact_here(self) -> bool {
        self == Density::Compact && !touch_screen()
    }

    /// The height of a long list's row as drawn here.
    pub fn row_height_px(self) -> f64 {
        if self.compact_here() {
            COMPACT_ROW_HEIGHT_PX
        } else {
            ROW_HEIGHT_PX
        }
    }
}

/// The main pointer is coarse (a finger): the same test as the style sheet's `(pointer: coarse)`.
pub fn touch_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// The density as a signal all screens share (made once by the shell with the saved value).
pub fn signal() -> RwSignal<Density> {
    RwSignal::new(Density::saved())
}
