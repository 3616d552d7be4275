//! Tags that say a thing at a glance, the same on every screen.

/// The tag style for a priority: urgent suspected cancer stands out most.
pub fn priority_class(priority: pathdesk_core::model::Priority) -> &'static str {
    use pathdesk_core::model::Priority;
    match priority {
        Priority::UrgentSuspectedCancer => "tag tag--red",
        Priority::Urgent => "tag tag--orange",
        Priority::Routine => "tag",
    }
}
