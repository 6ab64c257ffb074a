//! Legends inside a panel, placed where they hide the fewest data points.

use super::svg::{dash_attr, marker_svg, Doc, Glyph, Panel};
use super::text::{svg_text, width_pt, Anchor};

/// Where a legend sits: in a corner of its panel, or above it (outside the data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegendAt {
    TopLeft,
    TopCentre,
    TopRight,
    BottomLeft,
    BottomRight,
    /// Above the plotting area, in as many columns as fit its width: the panel gives up
    /// the legend's height, the axes keep their ranges.
    Above,
}

impl LegendAt {
    /// The places inside the panel, in order of preference when they hide equally many
    /// points.
    pub const INSIDE: [LegendAt; 5] = [
        Self::TopRight,
        Self::TopLeft,
        Self::BottomRight,
        Self::BottomLeft,
        Self::TopCentre,
    ];
}

/// A legend's box on the page (pt) and its entries' grid.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Entries per row.
    pub columns: usize,
    /// Where each column starts, from the box's left edge.
    pub column_x: Vec<f64>,
}

impl LegendBox {
    /// Whether the point (px, py) on the page lies within `margin` of the box.
    pub fn covers(&self, px: f64, py: f64, margin: f64) -> bool {
        px >= self.x - margin
            && px <= self.x + self.w + margin
            && py >= self.y - margin
            && py <= self.y + self.h + margin
    }
}

/// The widths of the most columns (entries filled row by row) whose total fits `room`;
/// one column at least.
fn widest_columns_that_fit(widths: &[f64], room: f64) -> Vec<f64> {
    let columns_of = |c: usize| -> Vec<f64> {
        (0..c)
            .map(|j| {
                widths
                    .iter()
                    .skip(j)
                    .step_by(c)
                    .copied()
                    .fold(0.0, f64::max)
            })
            .collect()
    };
    (1..=widths.len().max(1))
        .rev()
        .map(columns_of)
        .find(|w| w.len() == 1 || w.iter().sum::<f64>() <= room)
        .unwrap_or_default()
}

/// The gap (pt) between a legend above the panel and the panel's frame.
fn gap_above(doc: &Doc) -> f64 {
    0.3 * doc.style.font_pt
}

impl Panel {
    /// The legend's box at `at`.
    pub fn legend_box(&self, doc: &Doc, entries: &[(Glyph, String)], at: LegendAt) -> LegendBox {
        let fs = 0.85 * doc.style.font_pt;
        let widths: Vec<f64> = entries
            .iter()
            .map(|(_, l)| 2.6 * fs + width_pt(l, fs) + 0.6 * fs)
            .collect();
        let [l, t, pw, ph] = self.rect;
        let column_w = match at {
            LegendAt::Above => widest_columns_that_fit(&widths, pw),
            _ => vec![widths.iter().copied().fold(0.0, f64::max)],
        };
        let columns = column_w.len();
        let rows = entries.len().max(1).div_ceil(columns);
        let column_x: Vec<f64> = column_w
            .iter()
            .scan(0.0, |x, w| {
                let start = *x;
                *x += w;
                Some(start)
            })
            .collect();
        let (w, h) = (
            column_w.iter().sum::<f64>(),
            1.3 * fs * rows as f64 + 0.5 * fs,
        );
        let pad = 0.4 * doc.style.font_pt;
        let x = match at {
            LegendAt::TopLeft | LegendAt::BottomLeft | LegendAt::Above => l + pad,
            LegendAt::TopCentre => l + (pw - w) / 2.0,
            LegendAt::TopRight | LegendAt::BottomRight => l + pw - w - pad,
        };
        let y = match at {
            LegendAt::BottomLeft | LegendAt::BottomRight => t + ph - h - pad,
            LegendAt::Above => t - h - gap_above(doc),
            _ => t + pad,
        };
        LegendBox {
            x,
            y,
            w,
            h,
            columns,
            column_x,
        }
    }

    /// The position whose legend box covers the fewest of the given points.
    pub fn best_legend_place(
        &self,
        doc: &Doc,
        entries: &[(Glyph, String)],
        data: &[(&[f64], &[f64])],
    ) -> LegendAt {
        LegendAt::INSIDE
            .into_iter()
            .min_by_key(|&at| self.covered(doc, entries, data, at))
            .unwrap_or(LegendAt::TopRight)
    }

    /// How many points of `data` the legend at `at` would hide.
    fn covered(
        &self,
        doc: &Doc,
        entries: &[(Glyph, String)],
        data: &[(&[f64], &[f64])],
        at: LegendAt,
    ) -> usize {
        let b = self.legend_box(doc, entries, at);
        let m = 0.3 * doc.style.font_pt;
        data.iter()
            .flat_map(|(xs, ys)| xs.iter().zip(ys.iter()))
            .filter(|(&x, &y)| self.contains(x, y))
            .filter(|(&x, &y)| b.covers(self.px(x), self.py(y), m))
            .count()
    }

    /// Where the legend will hide no point of `data` (lines given as dense samples):
    /// a free corner if there is one, else above the plotting area, which gives up the
    /// legend's height (the axes' ranges never change for a legend). Call before drawing
    /// anything in the panel.
    pub fn make_room_for_legend(
        &mut self,
        doc: &mut Doc,
        entries: &[(Glyph, String)],
        data: &[(&[f64], &[f64])],
    ) -> LegendAt {
        let best = self.best_legend_place(doc, entries, data);
        if entries.is_empty() || self.covered(doc, entries, data, best) == 0 {
            return best;
        }
        let b = self.legend_box(doc, entries, LegendAt::Above);
        self.lower_top(doc, b.h + gap_above(doc));
        LegendAt::Above
    }

    /// A legend at `at` (white, slightly translucent background).
    pub fn legend(&self, doc: &mut Doc, entries: &[(Glyph, String)], at: LegendAt) {
        if entries.is_empty() {
            return;
        }
        let s = doc.style;
        let fs = 0.85 * s.font_pt;
        let (row, key) = (1.3 * fs, 1.9 * fs);
        let b = self.legend_box(doc, entries, at);
        let mut out = format!(
            "<g class=\"legend\">\n<rect class=\"legend-box\" x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"none\"/>\n",
            b.x, b.y, b.w, b.h
        );
        for (k, (glyph, label)) in entries.iter().enumerate() {
            let (col, line) = (k % b.columns, k / b.columns);
            let cy = b.y + 0.25 * fs + row * (line as f64 + 0.5);
            let x0 = b.x + b.column_x[col];
            let (kx0, kx1) = (x0 + 0.3 * fs, x0 + 0.3 * fs + key);
            out += &match glyph {
                Glyph::Line { colour, dash } => format!(
                    "<path d=\"M{kx0:.2} {cy:.2}H{kx1:.2}\" stroke=\"{colour}\" stroke-width=\"{:.2}\"{} fill=\"none\"/>\n",
                    s.line_pt,
                    dash_attr(*dash, s.line_pt)
                ),
                Glyph::Points { colour, marker, open } => {
                    marker_svg(*marker, *open, (kx0 + kx1) / 2.0, cy, s.marker_pt, colour, "legend")
                }
                Glyph::Band { colour } => format!(
                    "<rect x=\"{kx0:.2}\" y=\"{:.2}\" width=\"{key:.2}\" height=\"{:.2}\" fill=\"{colour}\" fill-opacity=\"0.35\"/>\n",
                    cy - 0.35 * fs,
                    0.7 * fs
                ),
            };
            out += &svg_text(
                label,
                kx1 + 0.4 * fs,
                cy + 0.35 * fs,
                fs,
                Anchor::Start,
                0.0,
                "legend-label",
            );
        }
        out.push_str("</g>\n");
        doc.push(&out);
    }
}

/// A polyline sampled at 12 points per segment (for legend placement; NaN breaks kept).
pub fn dense(xs: &[f64], ys: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (mut dx, mut dy) = (Vec::new(), Vec::new());
    for k in 0..xs.len().min(ys.len()) {
        if k + 1 < xs.len().min(ys.len()) {
            for j in 0..12 {
                let t = f64::from(j) / 12.0;
                dx.push(xs[k] + t * (xs[k + 1] - xs[k]));
                dy.push(ys[k] + t * (ys[k + 1] - ys[k]));
            }
        } else {
            dx.push(xs[k]);
            dy.push(ys[k]);
        }
    }
    (dx, dy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::figures::axes::Axis;
    use crate::export::figures::style::FigureStyle;

    fn entries() -> Vec<(Glyph, String)> {
        ["first series", "second", "third one"]
            .into_iter()
            .map(|l| {
                let glyph = Glyph::Line {
                    colour: "#000".into(),
                    dash: super::super::svg::Dash::Solid,
                };
                (glyph, l.to_owned())
            })
            .collect()
    }

    #[test]
    fn a_legend_without_a_free_corner_goes_above_and_the_axes_keep_their_ranges() {
        let style = FigureStyle::default();
        let mut doc = Doc::new(&style, 200.0);
        let mut panel = Panel::new(
            &mut doc,
            Axis::new(0.0, 1.0, "x"),
            Axis::new(0.0, 1.0, "y"),
            [0.0, 0.0, style.width_pt(), 200.0],
        );
        // a grid of points over the whole panel: no corner is free
        let (xs, ys): (Vec<f64>, Vec<f64>) = (0..=20)
            .flat_map(|i| (0..=20).map(move |j| (f64::from(i) / 20.0, f64::from(j) / 20.0)))
            .unzip();
        let before = (panel.x.clone(), panel.y.clone(), panel.rect);
        let at = panel.make_room_for_legend(&mut doc, &entries(), &[(&xs, &ys)]);
        assert_eq!(at, LegendAt::Above);
        assert_eq!((panel.x.clone(), panel.y.clone()), (before.0, before.1));
        let b = panel.legend_box(&doc, &entries(), at);
        // above the frame, inside the panel's old area, in as many columns as fit
        assert!(b.y >= before.2[1] - 1e-9, "{b:?}");
        assert!(b.y + b.h <= panel.rect[1], "{b:?} vs {:?}", panel.rect);
        assert!(b.columns >= 2 && b.w <= panel.rect[2], "{b:?}");
        assert!((panel.rect[3] - (before.2[3] - b.h - gap_above(&doc))).abs() < 1e-9);
    }

    #[test]
    fn legend_columns_are_as_many_as_fit_each_as_wide_as_its_widest_entry() {
        let w = [10.0, 50.0, 20.0, 5.0, 30.0];
        // one row: 115 wide
        assert_eq!(widest_columns_that_fit(&w, 115.0), w.to_vec());
        // four columns, rows (10, 50, 20, 5) and (30): 30 + 50 + 20 + 5 = 105
        assert_eq!(
            widest_columns_that_fit(&w, 114.0),
            vec![30.0, 50.0, 20.0, 5.0]
        );
        // three columns, rows (10, 50, 20) and (5, 30): 10 + 50 + 20 = 80
        assert_eq!(widest_columns_that_fit(&w, 80.0), vec![10.0, 50.0, 20.0]);
        // two columns would be 30 + 50 = 80 too wide as well: one column
        assert_eq!(widest_columns_that_fit(&w, 79.0), vec![50.0]);
        assert_eq!(widest_columns_that_fit(&w, 10.0), vec![50.0]);
    }

    #[test]
    fn a_free_corner_is_used_and_nothing_moves() {
        let style = FigureStyle::default();
        let mut doc = Doc::new(&style, 200.0);
        let mut panel = Panel::new(
            &mut doc,
            Axis::new(0.0, 1.0, "x"),
            Axis::new(0.0, 1.0, "y"),
            [0.0, 0.0, style.width_pt(), 200.0],
        );
        // a rising line: the top left and bottom right are free
        let xs: Vec<f64> = (0..=50).map(|k| f64::from(k) / 50.0).collect();
        let rect = panel.rect;
        let at = panel.make_room_for_legend(&mut doc, &entries(), &[(&xs, &xs)]);
        assert!(
            matches!(at, LegendAt::TopLeft | LegendAt::BottomRight),
            "{at:?}"
        );
        assert_eq!(panel.rect, rect);
    }
}
