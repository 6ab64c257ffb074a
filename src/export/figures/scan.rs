//! The P(r_s) stability scan: principal values P11, P22, P33 of the fitted dipole against
//! the inner radius r_s of the fit shell; open markers where the shell reaches beyond half
//! the box; the current r_s marked.

use crate::analysis::Analysis;

use super::axes::{padded_range, Axis};
use super::legend::dense;
use super::style::FigureStyle;
use super::svg::{Dash, Doc, Glyph, Marker, Panel};
use super::text::{svg_text, Anchor};

pub const X_LABEL: &str = "*r*_s (*a*_0)";
pub const Y_LABEL: &str = "*P*_{*ii*} (*E*_0 *M*^{−1/2} *a*_0^{−1})";
pub const NAMES: [&str; 3] = ["P11", "P22", "P33"];
const MARKERS: [Marker; 3] = [Marker::Circle, Marker::Square, Marker::Triangle];

/// The standard errors of P_kk over the scan, NaN where unknown.
pub fn stderr(a: &Analysis, k: usize) -> Vec<f64> {
    a.dipole_scan
        .iter()
        .map(|p| {
            p.fit
                .as_ref()
                .and_then(|f| f.principal_stderr)
                .map_or(f64::NAN, |e| e[k])
        })
        .collect()
}

/// (r_s, P_kk) of the scan, NaN without a fit; and the beyond-half-box flags.
pub fn series(a: &Analysis, k: usize) -> (Vec<f64>, Vec<f64>) {
    let xs = a.dipole_scan.iter().map(|p| p.r_s).collect();
    let ys = a
        .dipole_scan
        .iter()
        .map(|p| p.fit.as_ref().map_or(f64::NAN, |f| f.principal.values[k]))
        .collect();
    (xs, ys)
}

pub fn draw(a: &Analysis, style: &FigureStyle) -> String {
    let mut doc = Doc::new(style, style.width_pt() * style.aspect);
    let all: Vec<(Vec<f64>, Vec<f64>)> = (0..3).map(|k| series(a, k)).collect();
    let (x0, x1) = padded_range(
        a.dipole_scan.iter().map(|p| p.r_s).chain([a.settings.r_s]),
        0.05,
    )
    .unwrap_or((0.0, 1.0));
    // the range is the values' (a large error far out, where the shell leaves the box,
    // is cut at the frame rather than squeezing the values)
    let errs: Vec<Vec<f64>> = (0..3).map(|k| stderr(a, k)).collect();
    let (y0, y1) = padded_range(
        all.iter().flat_map(|(_, y)| y.iter().copied()).chain([0.0]),
        0.08,
    )
    .unwrap_or((-1.0, 1.0));
    let area = [0.0, 0.0, doc.width, doc.height];
    let beyond: Vec<bool> = a.dipole_scan.iter().map(|p| p.beyond_half_box).collect();
    let legend = legend(style, beyond.iter().any(|&b| b));
    let mut panel = Panel::new(
        &mut doc,
        Axis::new(x0, x1, &a.potential.units.markup(X_LABEL)),
        Axis::new(y0, y1, &a.potential.units.markup(Y_LABEL)),
        area,
    );
    let covered = covered_curves(&all, &errs, a.settings.r_s, (y0, y1));
    let pts: Vec<(&[f64], &[f64])> = covered
        .iter()
        .map(|(x, y)| (x.as_slice(), y.as_slice()))
        .collect();
    let at = panel.make_room_for_legend(&mut doc, &legend, &pts);
    let grey = "#999999";
    panel.line(&mut doc, "zero", &[x0, x1], &[0.0, 0.0], grey, Dash::Dotted);
    panel.vline(&mut doc, "r_s", a.settings.r_s, "#555555", Dash::Dashed);
    label_r_s(&mut doc, &panel, style, a.settings.r_s);
    for (k, (xs, ys)) in all.iter().enumerate() {
        let colour = style.colour(k);
        panel.error_bars(&mut doc, NAMES[k], xs, ys, &errs[k], &colour);
        let name = format!("{}_line", NAMES[k]);
        panel.line(&mut doc, &name, xs, ys, &colour, Dash::Solid);
        // filled markers inside half the box, open ones beyond
        for open in [false, true] {
            let shown: Vec<f64> = ys
                .iter()
                .zip(&beyond)
                .map(|(&y, &b)| if b == open { y } else { f64::NAN })
                .collect();
            panel.points(&mut doc, NAMES[k], xs, &shown, &colour, MARKERS[k], open);
        }
    }
    panel.frame(&mut doc);
    panel.legend(&mut doc, &legend, at);
    doc.finish(
        &format!("P(r_s) scan, {} frame {}", a.mode.file_name(), a.mode.frame),
        &format!(
            "Principal values of the dipole tensor fitted in the shell [r_s, r_s + {}] against r_s, with error bars of one standard error; open markers: shell beyond half the box; dashed line: the r_s of the analysis.",
            a.settings.d_fit
        ),
    )
}

/// P11, P22, P33 and, when some shell reaches past half the box, the open marker.
fn legend(style: &FigureStyle, any_beyond: bool) -> Vec<(Glyph, String)> {
    let mut legend: Vec<(Glyph, String)> = NAMES
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let glyph = Glyph::Points {
                colour: style.colour(k),
                marker: MARKERS[k],
                open: false,
            };
            (glyph, format!("*P*_{{{}}}", &name[1..]))
        })
        .collect();
    if any_beyond {
        let glyph = Glyph::Points {
            colour: "#000000".into(),
            marker: Marker::Circle,
            open: true,
        };
        legend.push((glyph, "open: shell beyond half box".to_owned()));
    }
    legend
}

/// What the legend must not cover: the series (densified), the r_s line across the
/// y range and the ends of the error bars.
fn covered_curves(
    all: &[(Vec<f64>, Vec<f64>)],
    errs: &[Vec<f64>],
    r_s: f64,
    (y0, y1): (f64, f64),
) -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut out: Vec<(Vec<f64>, Vec<f64>)> = all.iter().map(|(x, y)| dense(x, y)).collect();
    let ys = (0..50).map(|j| y0 + (y1 - y0) * f64::from(j) / 49.0);
    out.push((vec![r_s; 50], ys.collect()));
    for ((xs, ys), es) in all.iter().zip(errs) {
        for sign in [-1.0, 1.0] {
            let ends = ys.iter().zip(es).map(|(y, e)| y + sign * e).collect();
            out.push((xs.clone(), ends));
        }
    }
    out
}

/// "r_s = 6" beside the dashed line, at the bottom of the frame.
fn label_r_s(doc: &mut Doc, panel: &Panel, style: &FigureStyle, r_s: f64) {
    let fs = 0.85 * style.font_pt;
    let (lx, ly) = (
        panel.px(r_s) + 0.3 * fs,
        panel.rect[1] + panel.rect[3] - 0.5 * fs,
    );
    let text = format!("*r*_s = {r_s}");
    doc.push(&svg_text(
        &text,
        lx,
        ly,
        fs,
        Anchor::Start,
        0.0,
        "annotation",
    ));
}
