//! Virtual scrolling for long lists (the PTL, the waiting list, tasks): which rows of a list are on screen for a
//! scroll position, with spacers standing in for the rest, so a list of 50,000 rows draws about 40.

/// Height of one table row in pixels: fixed, so the rows on screen follow from the scroll position
/// (style/pathways.css sets the same height for `.ptl-row`).
pub const ROW_HEIGHT_PX: f64 = 48.0;
/// Rows drawn above and below the visible ones, so fast scrolling does not show gaps.
pub const OVERSCAN_ROWS: usize = 8;

/// The rows to draw for a scroll position: `first..end` of the list, with empty space above and below
/// standing in for the rows not drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisibleRows {
    pub first: usize,
    pub end: usize,
    pub space_above_px: f64,
    pub space_below_px: f64,
}

/// The rows of a `total`-row list to draw when the box, `viewport_px` high, is scrolled `scroll_top_px`.
pub fn visible_rows(total: usize, scroll_top_px: f64, viewport_px: f64) -> VisibleRows {
    let top = scroll_top_px.max(0.0);
    let first_seen = (top / ROW_HEIGHT_PX).floor() as usize;
    let seen = (viewport_px.max(ROW_HEIGHT_PX) / ROW_HEIGHT_PX).ceil() as usize + 1;
    let first = first_seen.saturating_sub(OVERSCAN_ROWS).min(total);
    let end = (first_seen + seen + OVERSCAN_ROWS).min(total);
    let first = first.min(end);
    VisibleRows {
        first,
        end,
        space_above_px: first as f64 * ROW_HEIGHT_PX,
        space_below_px: (total - end) as f64 * ROW_HEIGHT_PX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_rows_in_view_are_drawn_and_spacers_keep_the_scroll_height() {
        let total = 50_000;
        let top = visible_rows(total, 0.0, 600.0);
        assert_eq!(top.first, 0);
        assert!(top.end < 40, "{top:?}");
        assert_eq!(top.space_above_px, 0.0);
        let deep = visible_rows(total, 1_000.0 * ROW_HEIGHT_PX, 600.0);
        assert_eq!(deep.first, 1_000 - OVERSCAN_ROWS);
        assert!(deep.end > 1_000 + 12);
        let height = deep.space_above_px + (deep.end - deep.first) as f64 * ROW_HEIGHT_PX + deep.space_below_px;
        assert_eq!(height, total as f64 * ROW_HEIGHT_PX, "the list keeps its full height");
        let bottom = visible_rows(total, total as f64 * ROW_HEIGHT_PX, 600.0);
        assert_eq!((bottom.end, bottom.space_below_px), (total, 0.0));
        let few = visible_rows(5, 0.0, 600.0);
        assert_eq!((few.first, few.end), (0, 5));
        assert_eq!(visible_rows(0, 300.0, 600.0).end, 0);
    }
}
