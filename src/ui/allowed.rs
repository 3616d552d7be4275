//! Actions a person's role does not allow are not offered (the core's `may_send` rules, the same the server
//! enforces): showing them would only lead to a refusal under Problems.

use leptos::prelude::*;
use pathdesk_core::access::Area;

use crate::desk::Desk;

/// Shows its content only to a person whose role does the `area`'s work. The role is known before any screen is
/// drawn and never changes while the page is open (another person signing in reloads it).
#[component]
pub fn IfMayChange(
    /// The kind of work the content does.
    area: Area,
    children: Children,
) -> impl IntoView {
    Desk::get().auth.works_on(area).then(children)
}
