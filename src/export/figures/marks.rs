//! Marks that show how well a number is known or keep a dense series readable: error
//! bars, a band between two curves, and markers thinned to where they do not overlap.

use std::fmt::Write as _;

use super::svg::{Dash, Doc, Marker, Panel, LINE_MARGIN};

/// Markers of a thinned series are at least this many marker diameters apart.
pub const MIN_MARKER_GAP: f64 = 1.2;

impl Panel {
    /// The indices of the points inside the axes whose markers, taken in order, keep
    /// `gap` pt from the last one kept (the first and last inside are always kept).
    pub fn sparse_indices(&self, xs: &[f64], ys: &[f64], gap: f64) -> Vec<usize> {
        let inside: Vec<usize> = (0..xs.len().min(ys.len()))
            .filter(|&k| self.contains(xs[k], ys[k]))
            .collect();
        let at = |k: usize| [self.px(xs[k]), self.py(ys[k])];
        let far = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]) >= gap;
        let mut kept: Vec<usize> = Vec::new();
        for (j, &k) in inside.iter().enumerate() {
            let last = j + 1 == inside.len();
            match kept.last() {
                Some(&p) if !far(at(p), at(k)) => {
                    // the last point replaces a kept one that crowds it (not the first)
                    if last && kept.len() > 1 {
                        kept.pop();
                        kept.push(k);
                    }
                }
                _ => kept.push(k),
            }
        }
        kept
    }

    /// A dense series drawn so that it reads: a thin line through every point and a
    /// marker only where it does not overlap the previous one (`series` for the markers,
    /// `series_line` for the line).
    pub fn thinned_points(
        &self,
        doc: &mut Doc,
        series: &str,
        xs: &[f64],
        ys: &[f64],
        colour: &str,
        marker: Marker,
    ) {
        let (inside_x, inside_y): (Vec<f64>, Vec<f64>) = (0..xs.len().min(ys.len()))
            .filter(|&k| self.contains(xs[k], ys[k]))
            .map(|k| (xs[k], ys[k]))
            .unzip();
        let lw = 0.5 * doc.style.line_pt;
        let line = format!("{series}_line");
        self.line_of_width(doc, &line, (&inside_x, &inside_y), colour, Dash::Solid, lw);
        let gap = MIN_MARKER_GAP * doc.style.marker_pt;
        let keep = self.sparse_indices(xs, ys, gap);
        let nan = |v: &[f64]| -> Vec<f64> {
            (0..v.len())
                .map(|k| if keep.contains(&k) { v[k] } else { f64::NAN })
                .collect()
        };
        self.points(doc, series, &nan(xs), &nan(ys), colour, marker, false);
    }

    /// Vertical error bars y +- err with short caps, one per finite point inside the
    /// axes (class "errorbar", `data-series` = `series`).
    pub fn error_bars(
        &self,
        doc: &mut Doc,
        series: &str,
        xs: &[f64],
        ys: &[f64],
        errs: &[f64],
        colour: &str,
    ) {
        let cap = 0.4 * doc.style.marker_pt;
        let lw = 0.6 * doc.style.line_pt;
        let mut out = format!(
            "<g class=\"errorbars\" data-series=\"{series}\" clip-path=\"url(#{})\" stroke=\"{colour}\" stroke-width=\"{lw:.2}\" fill=\"none\">\n",
            self.clip
        );
        for ((&x, &y), &e) in xs.iter().zip(ys).zip(errs) {
            if !(self.contains(x, y) && e.is_finite() && e >= 0.0) {
                continue;
            }
            let (px, lo, hi) = (self.px(x), self.py(y - e), self.py(y + e));
            let _ = writeln!(
                out,
                "<path class=\"errorbar\" data-series=\"{series}\" d=\"M{px:.3} {lo:.3}V{hi:.3}M{:.3} {lo:.3}h{:.3}M{:.3} {hi:.3}h{:.3}\"/>",
                px - cap,
                2.0 * cap,
                px - cap,
                2.0 * cap
            );
        }
        out.push_str("</g>\n");
        doc.push(&out);
    }

    /// The region between the curves `lo` and `hi` over `xs` (finite points only), shaded;
    /// y is held within a few points of the panel so that far-off values (a diverging
    /// elastic line) stay where rasterisers can draw them.
    pub fn band_between(
        &self,
        doc: &mut Doc,
        series: &str,
        xs: &[f64],
        (lo, hi): (&[f64], &[f64]),
        colour: &str,
    ) {
        let top = self.rect[1] - LINE_MARGIN;
        let bottom = self.rect[1] + self.rect[3] + LINE_MARGIN;
        let keep: Vec<usize> = (0..xs.len().min(lo.len()).min(hi.len()))
            .filter(|&k| xs[k].is_finite() && lo[k].is_finite() && hi[k].is_finite())
            .filter(|&k| xs[k] >= self.x.lo && xs[k] <= self.x.hi)
            .collect();
        if keep.len() < 2 {
            return;
        }
        let y = |v: f64| self.py(v).clamp(top, bottom);
        let mut d = String::new();
        for (j, &k) in keep.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.3} {:.3}",
                if j == 0 { 'M' } else { 'L' },
                self.px(xs[k]),
                y(hi[k])
            );
        }
        for &k in keep.iter().rev() {
            let _ = write!(d, "L{:.3} {:.3}", self.px(xs[k]), y(lo[k]));
        }
        doc.push(&format!(
            "<path class=\"band\" data-series=\"{series}\" clip-path=\"url(#{})\" d=\"{d}Z\" fill=\"{colour}\" fill-opacity=\"0.3\" stroke=\"none\"/>\n",
            self.clip
        ));
    }
}
