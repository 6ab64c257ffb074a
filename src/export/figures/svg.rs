//! A small SVG writer for line and scatter plots: the page in points (1 user unit = 1 pt
//! at print size), panels with frame, ticks and labels, clipped data, legends.
//!
//! Every data element carries `class` ("marker", "line", "band", "arrow") and
//! `data-series`, so tests can count what was drawn.

use std::fmt::Write as _;

use super::axes::{tick_label, Axis};
use super::style::FigureStyle;
use super::text::{escape, svg_text, upright_units, width_pt, Anchor};

/// Line dash pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

/// Marker shapes; each can be filled or open (outlined).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// How a series looks in the plot and in the legend.
#[derive(Clone, Debug, PartialEq)]
pub enum Glyph {
    Line {
        colour: String,
        dash: Dash,
    },
    Points {
        colour: String,
        marker: Marker,
        open: bool,
    },
    Band {
        colour: String,
    },
}

/// The whole figure: size in points, the body, the style.
pub struct Doc<'a> {
    pub width: f64,
    pub height: f64,
    pub style: &'a FigureStyle,
    body: String,
    clip_ids: usize,
}

impl<'a> Doc<'a> {
    /// A page of the style's width and `height` points, rounded to whole points (so the
    /// pixel height at any DPI does not hinge on a float rounding of the page size).
    pub fn new(style: &'a FigureStyle, height: f64) -> Self {
        Self {
            width: style.width_pt(),
            height: height.round().max(1.0),
            style,
            body: String::new(),
            clip_ids: 0,
        }
    }

    pub fn push(&mut self, s: &str) {
        self.body.push_str(s);
    }

    /// The SVG document (title and description for provenance).
    pub fn finish(self, title: &str, desc: &str) -> String {
        let (w, h) = (self.width, self.height);
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.2}pt\" height=\"{h:.2}pt\" \
             viewBox=\"0 0 {w:.2} {h:.2}\" font-family=\"{}\">\n<title>{}</title>\n<desc>{}</desc>\n\
             <rect class=\"background\" x=\"0\" y=\"0\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"#ffffff\"/>\n{}</svg>\n",
            escape(&self.style.font_family),
            escape(title),
            escape(desc),
            self.body
        )
    }
}

/// One set of axes in a rectangle of the page.
pub struct Panel {
    pub x: Axis,
    pub y: Axis,
    /// Left, top, width, height of the plotting area (pt).
    pub rect: [f64; 4],
    /// The id of the clip path of `rect`.
    pub(super) clip: String,
}

impl Panel {
    /// Axes filling the box [left, top, width, height] of the page, leaving margins for
    /// tick labels and axis labels.
    pub fn new(doc: &mut Doc, x: Axis, y: Axis, area: [f64; 4]) -> Self {
        let fs = doc.style.font_pt;
        let tick_fs = 0.85 * fs;
        let (yt, ystep) = y.ticks(5);
        let widest = yt
            .iter()
            .map(|&t| width_pt(&tick_label(t, ystep), tick_fs))
            .fold(0.0, f64::max);
        let left = widest + 1.4 * fs + 8.0;
        let bottom = tick_fs + 1.6 * fs + 6.0;
        let (top, right) = (0.6 * fs, 0.6 * fs);
        let rect = [
            area[0] + left,
            area[1] + top,
            area[2] - left - right,
            area[3] - top - bottom,
        ];
        let clip = clip_path(doc, rect);
        Self { x, y, rect, clip }
    }

    /// Moves the top of the plotting area down by `dy` pt (room for a legend above it);
    /// the axes keep their ranges. Call before drawing anything in the panel.
    pub fn lower_top(&mut self, doc: &mut Doc, dy: f64) {
        let dy = dy.clamp(0.0, 0.6 * self.rect[3]);
        self.rect[1] += dy;
        self.rect[3] -= dy;
        self.clip = clip_path(doc, self.rect);
    }

    /// Whether (x, y) is finite and inside the axes' ranges.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        let inside = |v: f64, a: &Axis| v.is_finite() && v >= a.lo.min(a.hi) && v <= a.hi.max(a.lo);
        inside(x, &self.x) && inside(y, &self.y)
    }

    pub fn px(&self, x: f64) -> f64 {
        self.rect[0] + (x - self.x.lo) / (self.x.hi - self.x.lo) * self.rect[2]
    }

    pub fn py(&self, y: f64) -> f64 {
        self.rect[1] + (self.y.hi - y) / (self.y.hi - self.y.lo) * self.rect[3]
    }

    /// Frame, inward ticks on all four sides, tick labels, axis labels.
    pub fn frame(&self, doc: &mut Doc) {
        let s = doc.style;
        let (fs, tick_fs) = (s.font_pt, 0.85 * s.font_pt);
        let [l, t, w, h] = self.rect;
        let tick = 0.35 * fs;
        let mut out = format!(
            "<g class=\"axes\" stroke=\"#000\" stroke-width=\"0.6\" fill=\"none\">\n<rect x=\"{l:.2}\" y=\"{t:.2}\" width=\"{w:.2}\" height=\"{h:.2}\"/>\n<path d=\""
        );
        let (xt, xstep) = self.x.ticks(if w < 150.0 { 4 } else { 6 });
        let (yt, ystep) = self.y.ticks(5);
        for &v in &xt {
            let p = self.px(v);
            let _ = write!(
                out,
                "M{p:.2} {:.2}v{:.2}M{p:.2} {t:.2}v{tick:.2}",
                t + h,
                -tick
            );
        }
        for &v in &yt {
            let p = self.py(v);
            let _ = write!(
                out,
                "M{l:.2} {p:.2}h{tick:.2}M{:.2} {p:.2}h{:.2}",
                l + w,
                -tick
            );
        }
        out.push_str("\"/>\n</g>\n<g class=\"ticklabels\" fill=\"#000\">\n");
        for &v in &xt {
            out += &svg_text(
                &tick_label(v, xstep),
                self.px(v),
                t + h + tick_fs + 2.5,
                tick_fs,
                Anchor::Middle,
                0.0,
                "xtick",
            );
        }
        for &v in &yt {
            out += &svg_text(
                &tick_label(v, ystep),
                l - 3.0,
                self.py(v) + 0.35 * tick_fs,
                tick_fs,
                Anchor::End,
                0.0,
                "ytick",
            );
        }
        out.push_str("</g>\n");
        let label = |markup: &str| {
            if s.upright_units {
                upright_units(markup)
            } else {
                markup.to_owned()
            }
        };
        out += &svg_text(
            &label(&self.x.label),
            l + w / 2.0,
            t + h + tick_fs + 1.35 * fs + 4.0,
            fs,
            Anchor::Middle,
            0.0,
            "xlabel",
        );
        let widest = yt
            .iter()
            .map(|&v| width_pt(&tick_label(v, ystep), tick_fs))
            .fold(0.0, f64::max);
        let ylx = l - widest - 5.0 - 0.35 * fs;
        out += &svg_text(
            &label(&self.y.label),
            ylx,
            t + h / 2.0,
            fs,
            Anchor::Middle,
            -90.0,
            "ylabel",
        );
        doc.push(&out);
    }

    /// A polyline through the finite points (broken at non-finite ones), cut to the
    /// panel plus a small margin. The clip path trims the rest, but coordinates far outside
    /// the page (an elastic line -K/r_c^3 at r_c = 0.05 lies 10^6 pt away) overflow the
    /// fixed-point rasterisers of cairo (rsvg-convert, Inkscape) and draw stray lines.
    pub fn line(
        &self,
        doc: &mut Doc,
        series: &str,
        xs: &[f64],
        ys: &[f64],
        colour: &str,
        dash: Dash,
    ) {
        let lw = doc.style.line_pt;
        self.line_of_width(doc, series, (xs, ys), colour, dash, lw);
    }

    /// `line` with the line width `lw` (pt).
    pub fn line_of_width(
        &self,
        doc: &mut Doc,
        series: &str,
        (xs, ys): (&[f64], &[f64]),
        colour: &str,
        dash: Dash,
        lw: f64,
    ) {
        let m = LINE_MARGIN;
        let lo = [self.rect[0] - m, self.rect[1] - m];
        let hi = [
            self.rect[0] + self.rect[2] + m,
            self.rect[1] + self.rect[3] + m,
        ];
        let inside = |p: [f64; 2]| (0..2).all(|k| p[k] >= lo[k] && p[k] <= hi[k]);
        let mut d = String::new();
        let mut put = |cmd: char, p: [f64; 2]| {
            let _ = write!(d, "{cmd}{:.3} {:.3}", p[0], p[1]);
        };
        // the previous finite point, and the last vertex written while the pen is down
        let mut prev: Option<[f64; 2]> = None;
        let mut last: Option<[f64; 2]> = None;
        for (&x, &y) in xs.iter().zip(ys) {
            let p = [self.px(x), self.py(y)];
            if !(p[0].is_finite() && p[1].is_finite()) {
                (prev, last) = (None, None);
                continue;
            }
            match prev {
                None if inside(p) => {
                    put('M', p);
                    last = Some(p);
                }
                None => {}
                Some(q) => match clip_segment(q, p, lo, hi) {
                    Some((a, b)) => {
                        if last != Some(a) {
                            put('M', a);
                        }
                        put('L', b);
                        last = Some(b);
                    }
                    None => last = None,
                },
            }
            prev = Some(p);
        }
        doc.push(&format!(
            "<path class=\"line\" data-series=\"{series}\" clip-path=\"url(#{})\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{lw:.2}\"{} stroke-linejoin=\"round\"/>\n",
            self.clip,
            dash_attr(dash, lw)
        ));
    }

    /// One marker per finite point inside the axes' ranges (points outside are not drawn).
    #[allow(clippy::too_many_arguments)]
    pub fn points(
        &self,
        doc: &mut Doc,
        series: &str,
        xs: &[f64],
        ys: &[f64],
        colour: &str,
        marker: Marker,
        open: bool,
    ) {
        let size = doc.style.marker_pt;
        let mut out = format!(
            "<g class=\"points\" data-series=\"{series}\" clip-path=\"url(#{})\">\n",
            self.clip
        );
        for (&x, &y) in xs.iter().zip(ys) {
            if self.contains(x, y) {
                out += &marker_svg(marker, open, self.px(x), self.py(y), size, colour, series);
            }
        }
        out.push_str("</g>\n");
        doc.push(&out);
    }

    /// A shaded rectangle between x0 and x1 (full height) or y0 and y1 (full width).
    pub fn band(
        &self,
        doc: &mut Doc,
        series: &str,
        x: Option<(f64, f64)>,
        y: Option<(f64, f64)>,
        colour: &str,
    ) {
        let (x0, x1) = x.map_or((self.rect[0], self.rect[0] + self.rect[2]), |(a, b)| {
            (self.px(a), self.px(b))
        });
        let (y0, y1) = y.map_or((self.rect[1], self.rect[1] + self.rect[3]), |(a, b)| {
            (self.py(b), self.py(a))
        });
        doc.push(&format!(
            "<rect class=\"band\" data-series=\"{series}\" clip-path=\"url(#{})\" x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"{colour}\" fill-opacity=\"0.35\" stroke=\"none\"/>\n",
            self.clip, x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs()
        ));
    }

    /// A vertical arrow pointing down at (x, y) from above, with a label over its tail.
    pub fn arrow_down(&self, doc: &mut Doc, series: &str, x: f64, y: f64, label: &str) {
        let fs = doc.style.font_pt;
        let (px, py) = (self.px(x), self.py(y) - 0.3 * fs);
        let len = 2.2 * fs;
        let head = 0.45 * fs;
        let mut out = format!(
            "<g class=\"arrow\" data-series=\"{series}\" stroke=\"#000\" stroke-width=\"0.8\">\n<path d=\"M{px:.2} {:.2}V{:.2}\" fill=\"none\"/>\n<path d=\"M{px:.2} {py:.2}l{:.2} {:.2}h{:.2}z\" fill=\"#000\" stroke=\"none\"/>\n</g>\n",
            py - len,
            py - head,
            -head / 2.0,
            -head,
            head
        );
        out += &svg_text(
            label,
            px,
            py - len - 0.3 * fs,
            0.85 * fs,
            Anchor::Middle,
            0.0,
            "annotation",
        );
        doc.push(&out);
    }

    /// A vertical reference line across the panel.
    pub fn vline(&self, doc: &mut Doc, series: &str, x: f64, colour: &str, dash: Dash) {
        let lw = 0.7 * doc.style.line_pt;
        doc.push(&format!(
            "<path class=\"vline\" data-series=\"{series}\" d=\"M{:.2} {:.2}V{:.2}\" stroke=\"{colour}\" stroke-width=\"{lw:.2}\"{} fill=\"none\"/>\n",
            self.px(x),
            self.rect[1],
            self.rect[1] + self.rect[3],
            dash_attr(dash, lw)
        ));
    }
}

/// A new clip path of the rectangle [left, top, width, height]; returns its id.
fn clip_path(doc: &mut Doc, rect: [f64; 4]) -> String {
    doc.clip_ids += 1;
    let clip = format!("clip{}", doc.clip_ids);
    doc.push(&format!(
        "<clipPath id=\"{clip}\"><rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\"/></clipPath>\n",
        rect[0], rect[1], rect[2], rect[3]
    ));
    clip
}

/// How far (pt) past the panel lines are kept before they are cut.
pub(super) const LINE_MARGIN: f64 = 4.0;

/// The part of the segment a-b inside the box lo-hi (Liang-Barsky), if any; a point
/// already inside is returned exactly.
pub(super) fn clip_segment(
    a: [f64; 2],
    b: [f64; 2],
    lo: [f64; 2],
    hi: [f64; 2],
) -> Option<([f64; 2], [f64; 2])> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for k in 0..2 {
        for (p, q) in [(-d[k], a[k] - lo[k]), (d[k], hi[k] - a[k])] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
                continue;
            }
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            [a[0] + t * d[0], a[1] + t * d[1]]
        }
    };
    Some((at(t0), at(t1)))
}

pub(super) fn dash_attr(dash: Dash, lw: f64) -> String {
    match dash {
        Dash::Solid => String::new(),
        Dash::Dashed => format!(
            " stroke-dasharray=\"{:.2} {:.2}\"",
            4.0 * lw.max(0.5),
            2.5 * lw.max(0.5)
        ),
        Dash::Dotted => format!(
            " stroke-dasharray=\"{:.2} {:.2}\" stroke-linecap=\"round\"",
            0.1,
            2.0 * lw.max(0.5)
        ),
    }
}

/// One marker element centred at (x, y).
pub(super) fn marker_svg(
    marker: Marker,
    open: bool,
    x: f64,
    y: f64,
    size: f64,
    colour: &str,
    series: &str,
) -> String {
    let r = size / 2.0;
    let paint = if open {
        format!("class=\"marker\" data-series=\"{series}\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"0.7\"")
    } else {
        format!("class=\"marker\" data-series=\"{series}\" fill=\"{colour}\" stroke=\"none\"")
    };
    match marker {
        Marker::Circle => format!("<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{r:.2}\" {paint}/>\n"),
        Marker::Square => {
            let a = 0.85 * r;
            format!(
                "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" {paint}/>\n",
                x - a,
                y - a,
                2.0 * a,
                2.0 * a
            )
        }
        Marker::Triangle => format!(
            "<path d=\"M{x:.2} {:.2}L{:.2} {:.2}H{:.2}z\" {paint}/>\n",
            y - 1.15 * r,
            x + 1.05 * r,
            y + 0.75 * r,
            x - 1.05 * r
        ),
        Marker::Diamond => {
            let a = 1.15 * r;
            format!(
                "<path d=\"M{x:.2} {:.2}L{:.2} {y:.2}L{x:.2} {:.2}L{:.2} {y:.2}z\" {paint}/>\n",
                y - a,
                x + a,
                y + a,
                x - a
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{clip_segment, Dash, Doc, Panel};
    use crate::export::figures::axes::Axis;
    use crate::export::figures::style::FigureStyle;

    /// The vertices of the one line path of an SVG document.
    fn vertices(svg: &str) -> Vec<(char, [f64; 2])> {
        let d = svg
            .split("class=\"line\"")
            .nth(1)
            .and_then(|s| s.split(" d=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .expect("a line path");
        let mut out = Vec::new();
        let mut cmd = ' ';
        let mut num = String::new();
        for c in d.chars().chain(['M']) {
            if c == 'M' || c == 'L' {
                if !num.is_empty() {
                    let xy: Vec<f64> = num
                        .split_whitespace()
                        .map(|t| t.parse().expect("number"))
                        .collect();
                    out.push((cmd, [xy[0], xy[1]]));
                    num.clear();
                }
                cmd = c;
            } else {
                num.push(c);
            }
        }
        out
    }

    #[test]
    fn lines_far_outside_the_panel_are_cut_at_its_edge() {
        let style = FigureStyle::default();
        let mut doc = Doc::new(&style, 200.0);
        let panel = Panel::new(
            &mut doc,
            Axis::new(0.0, 10.0, "x"),
            Axis::new(-2.0, 2.0, "y"),
            [0.0, 0.0, style.width_pt(), 200.0],
        );
        let (l, t, w, h) = (panel.rect[0], panel.rect[1], panel.rect[2], panel.rect[3]);
        // -K/x^3 from x = 0.05 (y = -8000) to 10, then a jump far above and back
        let xs: Vec<f64> = (1..=200).map(|k| 0.05 * f64::from(k)).collect();
        let mut ys: Vec<f64> = xs.iter().map(|x| -1.0 / (x * x * x)).collect();
        ys[150] = 1e9;
        panel.line(&mut doc, "s", &xs, &ys, "#000", Dash::Solid);
        let v = vertices(&doc.finish("t", "d"));
        for (_, p) in &v {
            assert!(p[0] >= l - 4.01 && p[0] <= l + w + 4.01, "{p:?}");
            assert!(p[1] >= t - 4.01 && p[1] <= t + h + 4.01, "{p:?}");
        }
        // every point inside the axes is a vertex, at its place
        for (x, y) in xs.iter().zip(&ys) {
            if *y >= -2.0 && *y <= 2.0 {
                let p = [panel.px(*x), panel.py(*y)];
                assert!(
                    v.iter()
                        .any(|(_, q)| (q[0] - p[0]).abs() < 2e-3 && (q[1] - p[1]).abs() < 2e-3),
                    "point ({x}, {y}) missing"
                );
            }
        }
        // one piece from the bottom edge up to the jump, one back down after it
        assert_eq!(v.iter().filter(|(c, _)| *c == 'M').count(), 2);
    }

    const LO: [f64; 2] = [0.0, 0.0];
    const HI: [f64; 2] = [10.0, 5.0];

    #[test]
    fn segments_are_cut_to_the_box() {
        // inside: unchanged, bit for bit
        let (a, b) = ([1.1, 2.2], [3.3, 4.4]);
        assert_eq!(clip_segment(a, b, LO, HI), Some((a, b)));
        // leaving through the top edge y = 5 at x = 1 + 4 * (5 - 1) / 8 = 3
        assert_eq!(
            clip_segment([1.0, 1.0], [5.0, 9.0], LO, HI),
            Some(([1.0, 1.0], [3.0, 5.0]))
        );
        // through the box from far outside (10^7 pt, where cairo's fixed point overflows)
        let (a, b) = clip_segment([5.0, -1e7], [5.0, 1e7], LO, HI).expect("crosses");
        assert_eq!((a, b), ([5.0, 0.0], [5.0, 5.0]));
        // outside: beside the box, or crossing the corner's extension only
        assert_eq!(clip_segment([11.0, -1.0], [12.0, 7.0], LO, HI), None);
        assert_eq!(clip_segment([-1.0, 4.5], [2.0, 7.5], LO, HI), None);
        // on the edge counts as inside
        assert!(clip_segment([0.0, 0.0], [0.0, 9.0], LO, HI).is_some());
    }
}
