//! Fig. 2: (a) D2(r_c) points with the elastic (dashed) and elastic + random (continuous)
//! lines and an arrow at r_in; (b) D4(r_c) with the band |D4 - D4(inf)| < band |D4(inf)|.

use crate::analysis::Analysis;

use super::axes::{padded_range, Axis};
use super::style::FigureStyle;
use super::svg::{Dash, Doc, Glyph, Marker, Panel};
use super::text::{svg_text, Anchor};

pub const X_LABEL: &str = "*r*_c (*a*_0)";
pub const D2_LABEL: &str = "*D*_2 (*E*_0 *M*^{−1} *a*_0^{−2})";
pub const D4_LABEL: &str = "*D*_4 (*E*_0 *M*^{−2} *a*_0^{−4})";

/// The r_c window shown: from 0 to half the smallest box length (beyond it the sphere
/// of radius r_c no longer fits in the periodic box), at most the end of the grid.
pub fn x_range(a: &Analysis) -> (f64, f64) {
    let end = a.curves.r_c.last().copied().unwrap_or(1.0);
    let half = a.mode.cell.half_min_length();
    (
        0.0,
        if half.is_finite() && half > 0.0 {
            half.min(end)
        } else {
            end
        },
    )
}

/// Values of `ys` whose r_c lies in the shown window.
fn in_window(a: &Analysis, ys: impl Iterator<Item = f64>) -> Vec<f64> {
    let (lo, hi) = x_range(a);
    a.curves
        .r_c
        .iter()
        .zip(ys)
        .filter(|(&x, _)| x >= lo && x <= hi)
        .map(|(_, y)| y)
        .collect()
}

pub fn draw(a: &Analysis, style: &FigureStyle) -> String {
    let panel_h = style.width_pt() * style.aspect * 0.85;
    let mut doc = Doc::new(style, 2.0 * panel_h);
    let width = doc.width;
    d2_panel(&mut doc, a, style, [0.0, 0.0, width, panel_h]);
    d4_panel(&mut doc, a, style, [0.0, panel_h, width, panel_h]);
    doc.finish(
        &format!("Fig. 2: D2 and D4 against r_c, {} frame {}", a.mode.file_name(), a.mode.frame),
        "(a) D2(r_c): points; dashed: elastic -K/r_c^3; continuous: elastic plus f_r times the random part outside r_c; arrow: r_in. (b) D4(r_c) with the band around D4(inf) that defines r_in (dotted line).",
    )
}

/// A legend: each entry's glyph and text.
type Legend = Vec<(Glyph, String)>;

/// Curves as (x, y) slices, for placing a legend where it covers none.
type Curves<'a> = Vec<(&'a [f64], &'a [f64])>;

/// The legend of panel (a) and the curves it must not cover.
fn d2_legend<'a>(
    a: &'a Analysis,
    d2: &'a [f64],
    sigma_band: Option<&'a (Vec<f64>, Vec<f64>)>,
    style: &FigureStyle,
) -> (Legend, Curves<'a>) {
    let c = &a.curves;
    let mut legend = vec![(
        Glyph::Points {
            colour: style.colour(0),
            marker: Marker::Circle,
            open: false,
        },
        "*D*_2(*r*_c)".to_owned(),
    )];
    let mut lines: Curves = vec![(&c.r_c, d2)];
    if let Some(el) = &c.d2_elastic {
        let dash = Dash::Dashed;
        legend.push((
            Glyph::Line {
                colour: style.colour(1),
                dash,
            },
            "elastic".to_owned(),
        ));
        lines.push((&c.r_c, el));
    }
    if let Some(er) = &c.d2_elastic_plus_random {
        let dash = Dash::Solid;
        let text = format!("elastic + random, *f*_r = {}", f_r_text(a));
        legend.push((
            Glyph::Line {
                colour: style.colour(2),
                dash,
            },
            text,
        ));
        lines.push((&c.r_c, er));
    }
    if let Some((blo, bhi)) = sigma_band {
        let glyph = Glyph::Band {
            colour: style.colour(2),
        };
        legend.push((glyph, "*f*_r ± 1 s.e.".to_owned()));
        lines.push((&c.r_c, blo));
        lines.push((&c.r_c, bhi));
    }
    (legend, lines)
}

/// Panel (a): D2(r_c) points, the elastic and elastic + random lines with f_r's band,
/// and the r_in arrow. The y range is the data's (the elastic lines diverge as
/// -K / r_c^3).
fn d2_panel(doc: &mut Doc, a: &Analysis, style: &FigureStyle, rect: [f64; 4]) {
    let (x0, x1) = x_range(a);
    let c = &a.curves;
    let d2: Vec<f64> = c.d.iter().map(|d| d[1]).collect();
    let (lo, hi) = padded_range(in_window(a, d2.iter().copied()), 0.1).unwrap_or((-1.0, 1.0));
    let (c_pts, c_el, c_rand) = (style.colour(0), style.colour(1), style.colour(2));
    let sigma_band = f_r_band(a);
    let (legend, lines) = d2_legend(a, &d2, sigma_band.as_ref(), style);
    let units = a.potential.units;
    let mut top = Panel::new(
        doc,
        Axis::new(x0, x1, &units.markup(X_LABEL)),
        Axis::new(lo, hi, &units.markup(D2_LABEL)),
        rect,
    );
    // the letter at the panel's top-left corner, above a legend that may go above the frame
    panel_letter(doc, &top, "(a)");
    let at = top.make_room_for_legend(doc, &legend, &lines);
    top.line(doc, "zero", &[x0, x1], &[0.0, 0.0], "#999999", Dash::Dotted);
    if let Some(el) = &c.d2_elastic {
        top.line(doc, "D2_elastic", &c.r_c, el, &c_el, Dash::Dashed);
    }
    if let Some((blo, bhi)) = &sigma_band {
        top.band_between(doc, "f_r_stderr", &c.r_c, (blo, bhi), &c_rand);
    }
    if let Some(er) = &c.d2_elastic_plus_random {
        let name = "D2_elastic_plus_random";
        top.line(doc, name, &c.r_c, er, &c_rand, Dash::Solid);
    }
    top.thinned_points(doc, "D2", &c.r_c, &d2, &c_pts, Marker::Circle);
    if let Some(r_in) = a.r_in {
        if let Some(k) = nearest(&c.r_c, r_in) {
            top.arrow_down(doc, "r_in", r_in, d2[k], "*r*_{in}");
        }
    }
    top.frame(doc);
    top.legend(doc, &legend, at);
}

/// Panel (b): D4(r_c) with D4(inf) and the band |D4 - D4(inf)| < band |D4(inf)| that
/// defines r_in.
fn d4_panel(doc: &mut Doc, a: &Analysis, style: &FigureStyle, rect: [f64; 4]) {
    let (x0, x1) = x_range(a);
    let c = &a.curves;
    let d4: Vec<f64> = c.d.iter().map(|d| d[3]).collect();
    let d4_inf = a.d_inf[3];
    let band = a.settings.r_in_band;
    let (b_lo, b_hi) = (d4_inf - band * d4_inf.abs(), d4_inf + band * d4_inf.abs());
    let shown = in_window(a, d4.iter().copied())
        .into_iter()
        .chain([b_lo, b_hi]);
    let (lo, hi) = padded_range(shown, 0.08).unwrap_or((0.0, 1.0));
    let (c_pts, c_band) = (style.colour(0), style.band_colour());
    let legend = vec![
        (
            Glyph::Points {
                colour: c_pts.clone(),
                marker: Marker::Circle,
                open: false,
            },
            "*D*_4(*r*_c)".to_owned(),
        ),
        (
            Glyph::Line {
                colour: style.colour(1),
                dash: Dash::Dashed,
            },
            format!("*D*_4(∞) = {d4_inf:.3}"),
        ),
        (
            Glyph::Band {
                colour: c_band.clone(),
            },
            format!("±{} % of *D*_4(∞)", band * 100.0),
        ),
    ];
    let units = a.potential.units;
    let mut bottom = Panel::new(
        doc,
        Axis::new(x0, x1, &units.markup(X_LABEL)),
        Axis::new(lo, hi, &units.markup(D4_LABEL)),
        rect,
    );
    let flat = |y: f64| {
        (0..=100)
            .map(|j| (x0 + (x1 - x0) * f64::from(j) / 100.0, y))
            .unzip::<f64, f64, Vec<f64>, Vec<f64>>()
    };
    let (inf_line, lo_line, hi_line) = (flat(d4_inf), flat(b_lo), flat(b_hi));
    let data: [(&[f64], &[f64]); 4] = [
        (&c.r_c, &d4),
        (&inf_line.0, &inf_line.1),
        (&lo_line.0, &lo_line.1),
        (&hi_line.0, &hi_line.1),
    ];
    panel_letter(doc, &bottom, "(b)");
    let at = bottom.make_room_for_legend(doc, &legend, &data);
    bottom.band(doc, "D4_band", None, Some((b_lo, b_hi)), &c_band);
    let inf = [d4_inf, d4_inf];
    bottom.line(
        doc,
        "D4_inf",
        &[x0, x1],
        &inf,
        &style.colour(1),
        Dash::Dashed,
    );
    if let Some(r_in) = a.r_in {
        bottom.vline(doc, "r_in", r_in, "#555555", Dash::Dotted);
    }
    bottom.thinned_points(doc, "D4", &c.r_c, &d4, &c_pts, Marker::Circle);
    bottom.frame(doc);
    bottom.legend(doc, &legend, at);
}

/// "0.099 ± 0.013" (true minus signs), "0.099" without an error, "–" without f_r.
fn f_r_text(a: &Analysis) -> String {
    let text = match (a.f_r, a.f_r_stderr) {
        (Some(f), Some(e)) => format!("{f:.3} ± {e:.3}"),
        (Some(f), None) => format!("{f:.3}"),
        _ => "–".to_owned(),
    };
    text.replace('-', "−")
}

/// The elastic + random line for f_r minus and plus its standard error:
/// D2_el - (f_r -+ sigma) S(r_c) = (elastic + random) +- sigma S(r_c).
pub fn f_r_band(a: &Analysis) -> Option<(Vec<f64>, Vec<f64>)> {
    let c = &a.curves;
    let (er, s, sigma) = (
        c.d2_elastic_plus_random.as_ref()?,
        c.s_random.as_ref()?,
        a.f_r_stderr?,
    );
    let shift = |sign: f64| -> Vec<f64> {
        er.iter()
            .zip(s)
            .map(|(y, s)| y + sign * sigma * s)
            .collect()
    };
    Some((shift(-1.0), shift(1.0)))
}

/// Index of the grid value closest to x.
pub fn nearest(grid: &[f64], x: f64) -> Option<usize> {
    (0..grid.len()).min_by(|&i, &j| (grid[i] - x).abs().total_cmp(&(grid[j] - x).abs()))
}

/// "(a)", "(b)" just outside the top-left corner of the plotting area.
pub fn panel_letter(doc: &mut Doc, panel: &Panel, letter: &str) {
    let fs = doc.style.font_pt;
    let t = svg_text(
        letter,
        2.0,
        panel.rect[1] + 0.8 * fs,
        fs,
        Anchor::Start,
        0.0,
        "panel-letter",
    );
    doc.push(&t);
}
