//! Legends inside a panel, placed where they hide the fewest data points.

use super::svg::{dash_attr, marker_svg, Doc, Glyph, Panel};
use super::text::{svg_text, width_pt, Anchor};

/// Where a legend sits in its panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegendAt {
    TopLeft,
    TopCentre,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl LegendAt {
    /// In order of preference when they hide equally many points.
    pub const ALL: [LegendAt; 5] = [
        Self::TopRight,
        Self::TopLeft,
        Self::BottomRight,
        Self::BottomLeft,
        Self::TopCentre,
    ];
}

impl Panel {
    /// The legend's box [x, y, width, height] in points.
    fn legend_box(&self, doc: &Doc, entries: &[(Glyph, String)], at: LegendAt) -> [f64; 4] {
        let fs = 0.85 * doc.style.font_pt;
        let text_w = entries
            .iter()
            .map(|(_, l)| width_pt(l, fs))
            .fold(0.0, f64::max);
        let (w, h) = (
            2.6 * fs + text_w + 0.6 * fs,
            1.3 * fs * entries.len() as f64 + 0.5 * fs,
        );
        let pad = 0.4 * doc.style.font_pt;
        let [l, t, pw, ph] = self.rect;
        let x0 = match at {
            LegendAt::TopLeft | LegendAt::BottomLeft => l + pad,
            LegendAt::TopCentre => l + (pw - w) / 2.0,
            LegendAt::TopRight | LegendAt::BottomRight => l + pw - w - pad,
        };
        let y0 = match at {
            LegendAt::BottomLeft | LegendAt::BottomRight => t + ph - h - pad,
            _ => t + pad,
        };
        [x0, y0, w, h]
    }

    /// The position whose legend box covers the fewest of the given points.
    pub fn best_legend_place(
        &self,
        doc: &Doc,
        entries: &[(Glyph, String)],
        data: &[(&[f64], &[f64])],
    ) -> LegendAt {
        LegendAt::ALL
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
        let [x0, y0, w, h] = self.legend_box(doc, entries, at);
        let m = 0.3 * doc.style.font_pt;
        data.iter()
            .flat_map(|(xs, ys)| xs.iter().zip(ys.iter()))
            .filter(|(&x, &y)| self.contains(x, y))
            .filter(|(&x, &y)| {
                let (px, py) = (self.px(x), self.py(y));
                px >= x0 - m && px <= x0 + w + m && py >= y0 - m && py <= y0 + h + m
            })
            .count()
    }

    /// Where the legend will hide no point of `data` (lines given as dense samples):
    /// a free corner if there is one, else the top after raising the y axis's upper end
    /// by the legend's height. Call before drawing anything in the panel.
    pub fn make_room_for_legend(
        &mut self,
        doc: &Doc,
        entries: &[(Glyph, String)],
        data: &[(&[f64], &[f64])],
    ) -> LegendAt {
        let best = self.best_legend_place(doc, entries, data);
        if self.covered(doc, entries, data, best) == 0 {
            return best;
        }
        let [_, _, _, h] = self.legend_box(doc, entries, best);
        let f = ((h + 0.8 * doc.style.font_pt) / self.rect[3]).min(0.6);
        self.y.hi += (self.y.hi - self.y.lo) * f / (1.0 - f);
        let top = [LegendAt::TopRight, LegendAt::TopLeft, LegendAt::TopCentre];
        top.into_iter()
            .min_by_key(|&at| self.covered(doc, entries, data, at))
            .unwrap_or(LegendAt::TopRight)
    }

    /// A legend at `at` (white, slightly translucent background).
    pub fn legend(&self, doc: &mut Doc, entries: &[(Glyph, String)], at: LegendAt) {
        if entries.is_empty() {
            return;
        }
        let s = doc.style;
        let fs = 0.85 * s.font_pt;
        let (row, key) = (1.3 * fs, 1.9 * fs);
        let [x0, y0, w, h] = self.legend_box(doc, entries, at);
        let mut out = format!(
            "<g class=\"legend\">\n<rect x=\"{x0:.2}\" y=\"{y0:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"none\"/>\n"
        );
        for (k, (glyph, label)) in entries.iter().enumerate() {
            let cy = y0 + 0.25 * fs + row * (k as f64 + 0.5);
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
