//! The reports teams run: the figures worked out from the records a desk holds, as of one date, with their CSV for
//! Excel. Each report is a function of the records, so the screen, the CSV and the tests agree.

pub mod waiting_for_review;
