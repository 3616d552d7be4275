//! The senior secretary's view: how much open and overdue work each person has.

/// One person's open work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonWorkload {
    pub assignee: String,
    pub open: u32,
    /// Open and past the due date (counted in `open` too).
    pub overdue: u32,
    /// Open and due on the list's date.
    pub due_today: u32,
}
