//! The weeks-waited chart as an SVG string: bars with tooltips, axis labels and a line at 18 weeks.
//!
//! Accessible (`role="img"` with a text summary in `aria-label`) and safe under the app's Content-Security-Policy:
//! no `style` attributes, only class names for the stylesheet to colour:
//! `ptl-chart`, `ptl-chart__bar` (+ `ptl-chart__bar--over-18` for bands wholly past 18 weeks),
//! `ptl-chart__axis`, `ptl-chart__grid`, `ptl-chart__label`, `ptl-chart__title`, `ptl-chart__marker`,
//! `ptl-chart__marker-label`, `ptl-chart__empty`.

use std::fmt::Write as _;

use super::distribution::Distribution;
use crate::text::thousands;

const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 42.0;
/// Rough width of one label character at the chart's font size, and the gap kept between labels: labels that
/// would overlap are thinned out to every nth band.
const LABEL_CHAR_WIDTH: f64 = 6.5;
const LABEL_GAP: f64 = 8.0;

/// Draws `distribution` as a bar chart `width` x `height` pixels (it also scales, through its viewBox).
pub fn distribution_svg(distribution: &Distribution, width: u32, height: u32) -> String {
    let (w, h) = (f64::from(width.max(120)), f64::from(height.max(80)));
    let plot_w = w - LEFT - RIGHT;
    let plot_h = h - TOP - BOTTOM;
    let base_y = TOP + plot_h;
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="ptl-chart" width="{width}" height="{height}" viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        escape(&summary(distribution)),
        w = fmt_num(w),
        h = fmt_num(h),
    );

    let (top_value, step) = y_scale(distribution.bands.iter().map(|b| b.count).max().unwrap_or(0));
    let y_for = |count: u32| base_y - f64::from(count) / f64::from(top_value) * plot_h;
    for tick in (0..=top_value).step_by(step as usize) {
        let y = fmt_num(y_for(tick));
        let _ = write!(
            svg,
            r#"<line class="ptl-chart__grid" x1="{}" x2="{}" y1="{y}" y2="{y}"/><text class="ptl-chart__label" x="{}" y="{y}" dy="0.32em" text-anchor="end">{}</text>"#,
            fmt_num(LEFT),
            fmt_num(LEFT + plot_w),
            fmt_num(LEFT - 6.0),
            thousands(tick),
        );
    }

    let band_count = distribution.bands.len().max(1);
    let band_w = plot_w / band_count as f64;
    let gap = (band_w * 0.15).min(4.0);
    let longest_label = distribution.bands.iter().map(|band| band.label().len()).max().unwrap_or(1);
    let label_every = ((longest_label as f64 * LABEL_CHAR_WIDTH + LABEL_GAP) / band_w).ceil().max(1.0) as usize;
    let last_band = distribution.bands.len().saturating_sub(1);
    for (i, band) in distribution.bands.iter().enumerate() {
        let x = LEFT + band_w * i as f64;
        let class = if band.over_18_weeks() { "ptl-chart__bar ptl-chart__bar--over-18" } else { "ptl-chart__bar" };
        let bar_h = base_y - y_for(band.count);
        let noun = if band.count == 1 { "pathway" } else { "pathways" };
        let _ = write!(
            svg,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"><title>{} weeks: {} {noun}</title></rect>"#,
            fmt_num(x + gap / 2.0),
            fmt_num(base_y - bar_h),
            fmt_num((band_w - gap).max(1.0)),
            fmt_num(bar_h),
            escape(&band.label()),
            thousands(band.count),
        );
        // Every nth band, and always the open last band ("52+"), dropping a label that would crowd it.
        if i == last_band || (i % label_every == 0 && last_band - i >= label_every) {
            let _ = write!(
                svg,
                r#"<text class="ptl-chart__label" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                fmt_num(x + band_w / 2.0),
                fmt_num(base_y + 14.0),
                escape(&band.label()),
            );
        }
    }

    let _ = write!(
        svg,
        r#"<line class="ptl-chart__axis" x1="{l}" x2="{r}" y1="{b}" y2="{b}"/><line class="ptl-chart__axis" x1="{l}" x2="{l}" y1="{t}" y2="{b}"/>"#,
        l = fmt_num(LEFT),
        r = fmt_num(LEFT + plot_w),
        t = fmt_num(TOP),
        b = fmt_num(base_y),
    );
    let _ = write!(
        svg,
        r#"<text class="ptl-chart__title" x="{}" y="{}" text-anchor="middle">Weeks waited</text><text class="ptl-chart__title" x="12" y="{}" text-anchor="middle" transform="rotate(-90 12 {})">Pathways</text>"#,
        fmt_num(LEFT + plot_w / 2.0),
        fmt_num(h - 6.0),
        fmt_num(TOP + plot_h / 2.0),
        fmt_num(TOP + plot_h / 2.0),
    );

    let marker_x = fmt_num(LEFT + band_w * marker_position(distribution, 18));
    let _ = write!(
        svg,
        r#"<line class="ptl-chart__marker" x1="{marker_x}" x2="{marker_x}" y1="{}" y2="{}"/><text class="ptl-chart__marker-label" x="{marker_x}" y="{}" text-anchor="middle">18 weeks</text>"#,
        fmt_num(TOP - 4.0),
        fmt_num(base_y),
        fmt_num(TOP - 8.0),
    );

    if distribution.waiting == 0 {
        let _ = write!(
            svg,
            r#"<text class="ptl-chart__empty" x="{}" y="{}" text-anchor="middle">No waiting pathways in this view</text>"#,
            fmt_num(LEFT + plot_w / 2.0),
            fmt_num(TOP + plot_h / 2.0),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The text a screen reader reads for the chart.
fn summary(distribution: &Distribution) -> String {
    let waiting = distribution.waiting;
    if waiting == 0 {
        return "Weeks waited: no waiting pathways in this view.".to_owned();
    }
    let within = distribution.within_18_weeks;
    let tenths = u64::from(within) * 1000 / u64::from(waiting);
    let mut text = format!(
        "Weeks waited for {} waiting pathways: {} within 18 weeks ({}.{}%), {} over 18 weeks, {} over 52 weeks.",
        thousands(waiting),
        thousands(within),
        tenths / 10,
        tenths % 10,
        thousands(waiting - within),
        thousands(distribution.over_52_weeks),
    );
    if let Some(band) = distribution.busiest_band() {
        let _ = write!(text, " Most are in {} weeks ({}).", band.label(), thousands(band.count));
    }
    text
}

/// Where week `week` falls along the x axis, in band widths from the left.
fn marker_position(distribution: &Distribution, week: u32) -> f64 {
    for (i, band) in distribution.bands.iter().enumerate() {
        match band.to_week {
            Some(to) if band.from_week <= week && week <= to => {
                let span = f64::from(to - band.from_week).max(1.0);
                return i as f64 + f64::from(week - band.from_week) / span;
            }
            None => return i as f64,
            _ => {}
        }
    }
    distribution.bands.len() as f64
}

/// A y-axis top and tick step that are round numbers (1, 2 or 5 x 10^n) and cover `max`.
fn y_scale(max: u32) -> (u32, u32) {
    if max == 0 {
        return (1, 1);
    }
    let rough = f64::from(max) / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor()).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(magnitude * 10.0);
    let step = (step as u32).max(1);
    (max.div_ceil(step) * step, step)
}

/// Numbers in attributes: at most one decimal place, no trailing ".0". Written from whole tenths: formatting the
/// float itself would ship the standard library's float printer to the browser for this alone.
fn fmt_num(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

/// Text and attribute values in XML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_numbers_for_the_axis() {
        assert_eq!(y_scale(0), (1, 1));
        assert_eq!(y_scale(3), (3, 1));
        assert_eq!(y_scale(37), (40, 10));
        assert_eq!(y_scale(1234), (1500, 500));
        assert_eq!(fmt_num(12.0), "12");
        assert_eq!(fmt_num(12.34), "12.3");
        assert_eq!((fmt_num(-0.46), fmt_num(0.04), fmt_num(99.96)), ("-0.5".into(), "0".into(), "100".into()));
    }
}
