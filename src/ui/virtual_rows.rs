//! Virtual scrolling for long lists (the PTL, the waiting list, tasks): which rows of a list are on screen for a
//! scroll position, with spacers standing in for the rest, so a list of 50,000 rows draws about 40.

pub use crate::desk::density::ROW_HEIGHT_PX;
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

/// The rows of a `total`-row list, each `row_px` high, to draw when the box, `viewport_px` high, is scrolled
/// `scroll_top_px`.
pub fn visible_rows(total: usize, scroll_top_px: f64, viewport_px: f64, row_px: f64) -> VisibleRows {
    let top = scroll_top_px.max(0.0);
    let first_seen = (top / row_px).floor() as usize;
    let seen = (viewport_px.max(row_px) / row_px).ceil() as usize + 1;
    let first = first_seen.saturating_sub(OVERSCAN_ROWS).min(total);
    let end = (first_seen + seen + OVERSCAN_ROWS).min(total);
    let first = first.min(end);
    VisibleRows { first, end, space_above_px: first as f64 * row_px, space_below_px: (total - end) as f64 * row_px }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_rows_in_view_are_drawn_and_spacers_keep_the_scroll_height() {
        let total = 50_000;
        let top = visible_rows(total, 0.0, 600.0, ROW_HEIGHT_PX);
        assert_eq!(top.first, 0);
        assert!(top.end < 40, "{top:?}");
        assert_eq!(top.space_above_px, 0.0);
        let deep = visible_rows(total, 1_000.0 * ROW_HEIGHT_PX, 600.0, ROW_HEIGHT_PX);
        assert_eq!(deep.first, 1_000 - OVERSCAN_ROWS);
        assert!(deep.end > 1_000 + 12);
        let height = deep.space_above_px + (deep.end - deep.first) as f64 * ROW_HEIGHT_PX + deep.space_below_px;
        assert_eq!(height, total as f64 * ROW_HEIGHT_PX, "the list keeps its full height");
        let bottom = visible_rows(total, total as f64 * ROW_HEIGHT_PX, 600.0, ROW_HEIGHT_PX);
        assert_eq!((bottom.end, bottom.space_below_px), (total, 0.0));
        let few = visible_rows(5, 0.0, 600.0, ROW_HEIGHT_PX);
        assert_eq!((few.first, few.end), (0, 5));
        assert_eq!(visible_rows(0, 300.0, 600.0, ROW_HEIGHT_PX).end, 0);
        // Compact rows: more of them fill the same box, and the spacers still add up to the list's height.
        let compact = crate::desk::density::COMPACT_ROW_HEIGHT_PX;
        let dense = visible_rows(total, 1_000.0 * compact, 600.0, compact);
        assert_eq!(dense.first, 1_000 - OVERSCAN_ROWS);
        assert!(dense.end - dense.first > deep.end - deep.first, "{dense:?} {deep:?}");
        let height = dense.space_above_px + (dense.end - dense.first) as f64 * compact + dense.space_below_px;
        assert_eq!(height, total as f64 * compact);
    }
}

/// The scrolling box of one long list: where it is scrolled to and how tall it is, measured when it is drawn and
/// on every scroll, and the rows in view that follow from them.
#[derive(Clone, Copy)]
pub struct ScrollBox {
    pub node: leptos::prelude::NodeRef<leptos::html::Div>,
    top: leptos::prelude::RwSignal<f64>,
    height: leptos::prelude::RwSignal<f64>,
    /// This device's density, when the app gives one (a benchmark drawing a screen alone has none).
    density: Option<leptos::prelude::RwSignal<crate::desk::density::Density>>,
}

impl ScrollBox {
    pub fn new() -> ScrollBox {
        use leptos::prelude::*;
        let scroll = ScrollBox {
            node: NodeRef::new(),
            top: RwSignal::new(0.0),
            height: RwSignal::new(ROW_HEIGHT_PX * 12.0),
            density: use_context::<crate::desk::Desk>().map(|desk| desk.density),
        };
        Effect::new(move |_| {
            if scroll.node.get().is_some() {
                scroll.measure();
            }
        });
        scroll
    }

    /// Reads the box's scroll position and height (its `on:scroll`).
    pub fn measure(&self) {
        use leptos::prelude::*;
        if let Some(el) = self.node.get_untracked() {
            self.top.set(f64::from(el.scroll_top()));
            self.height.set(f64::from(el.client_height()));
        }
    }

    /// Back to the top of the list: a new search, filter or order starts there.
    pub fn to_top(&self) {
        use leptos::prelude::*;
        if let Some(el) = self.node.get_untracked() {
            el.set_scroll_top(0);
            self.top.set(0.0);
        }
    }

    /// The rows to draw of a list of `total` rows.
    pub fn window(&self, total: impl Fn() -> usize + Send + Sync + 'static) -> leptos::prelude::Memo<VisibleRows> {
        use leptos::prelude::*;
        let (top, height, row) = (self.top, self.height, self.row_height());
        Memo::new(move |_| visible_rows(total(), top.get(), height.get(), row.get()))
    }

    /// The height of one row as drawn on this device (tracked: a change of density redraws the window).
    pub fn row_height(&self) -> leptos::prelude::Signal<f64> {
        use leptos::prelude::*;
        let density = self.density;
        Signal::derive(move || density.map_or(ROW_HEIGHT_PX, |d| d.get().row_height_px()))
    }
}

impl Default for ScrollBox {
    fn default() -> Self {
        ScrollBox::new()
    }
}

/// The empty row standing in for the rows not drawn above the window (`above`) or below it.
pub fn spacer(in_view: leptos::prelude::Memo<VisibleRows>, above: bool, columns: usize) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let height = move || {
        let rows = in_view.get();
        format!("{}px", (if above { rows.space_above_px } else { rows.space_below_px }) as u64)
    };
    view! {
        <tr class="ptl-spacer" aria-hidden="true" style:height=height><td colspan=columns></td></tr>
    }
    .into_any()
}

/// A long list as a table in its scrolling box, drawing only the rows in view: `headings` (text, and a class for
/// its width or none), `total` rows of which `rows` draws those in a range (their positions in the list), `empty`
/// said when there are none. The box is a focusable region named by the heading `labelled_by`.
pub fn virtual_table(
    scroll: ScrollBox,
    labelled_by: &'static str,
    testid: &'static str,
    headings: &'static [(&'static str, &'static str)],
    total: leptos::prelude::Signal<usize>,
    empty: &'static str,
    rows: impl Fn(std::ops::Range<usize>) -> leptos::prelude::AnyView + Send + Sync + 'static,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let columns = headings.len();
    let empty = crate::ui::loaded::empty_list_text(empty);
    let window = scroll.window(move || total.get());
    view! {
        <div class="ptl-scroll" node_ref=scroll.node tabindex="0" role="region" aria-labelledby=labelled_by
            data-testid=testid on:scroll=move |_| scroll.measure()>
            <table class="table ptl-table desk-table" aria-rowcount=move || total.get() + 1>
                <thead>
                    <tr aria-rowindex="1">
                        {headings.iter().map(|(text, class)| {
                            let class = (!class.is_empty()).then_some(*class);
                            if text.is_empty() {
                                view! { <th scope="col" class=class><span class="visually-hidden">"Action"</span></th> }.into_any()
                            } else {
                                view! { <th scope="col" class=class>{*text}</th> }.into_any()
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {spacer(window, true, columns)}
                    {move || {
                        let drawn = window.get();
                        if total.get() == 0 {
                            view! { <tr><td colspan=columns data-testid="empty-list">{empty}</td></tr> }.into_any()
                        } else {
                            rows(drawn.first..drawn.end)
                        }
                    }}
                    {spacer(window, false, columns)}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
