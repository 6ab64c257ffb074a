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
    let mut legend = Vec::new();
    for (k, name) in NAMES.iter().enumerate() {
        let label = format!("*P*_{{{}}}", &name[1..]);
        legend.push((
            Glyph::Points {
                colour: style.colour(k),
                marker: MARKERS[k],
                open: false,
            },
            label,
        ));
    }
    if beyond.iter().any(|&b| b) {
        legend.push((
            Glyph::Points {
                colour: "#000000".into(),
                marker: Marker::Circle,
                open: true,
            },
            "open: shell beyond half box".to_owned(),
        ));
    }
    let mut panel = Panel::new(
        &mut doc,
        Axis::new(x0, x1, &a.potential.units.markup(X_LABEL)),
        Axis::new(y0, y1, &a.potential.units.markup(Y_LABEL)),
        area,
    );
    let dense_all: Vec<(Vec<f64>, Vec<f64>)> = all.iter().map(|(x, y)| dense(x, y)).collect();
    let rs_line = (
        vec![a.settings.r_s; 50],
        (0..50)
            .map(|j| y0 + (y1 - y0) * f64::from(j) / 49.0)
            .collect::<Vec<_>>(),
    );
    let mut pts: Vec<(&[f64], &[f64])> = dense_all
        .iter()
        .map(|(x, y)| (x.as_slice(), y.as_slice()))
        .collect();
    pts.push((&rs_line.0, &rs_line.1));
    let bar_ends: Vec<(Vec<f64>, Vec<f64>)> = all
        .iter()
        .zip(&errs)
        .flat_map(|((xs, ys), es)| {
            [-1.0, 1.0].map(|sign| {
                let ends = ys.iter().zip(es).map(|(y, e)| y + sign * e).collect();
                (xs.clone(), ends)
            })
        })
        .collect();
    pts.extend(bar_ends.iter().map(|(x, y)| (x.as_slice(), y.as_slice())));
    let at = panel.make_room_for_legend(&mut doc, &legend, &pts);
    panel.line(
        &mut doc,
        "zero",
        &[x0, x1],
        &[0.0, 0.0],
        "#999999",
        Dash::Dotted,
    );
    panel.vline(&mut doc, "r_s", a.settings.r_s, "#555555", Dash::Dashed);
    let fs = 0.85 * style.font_pt;
    let (lx, ly) = (
        panel.px(a.settings.r_s) + 0.3 * fs,
        panel.rect[1] + panel.rect[3] - 0.5 * fs,
    );
    doc.push(&svg_text(
        &format!("*r*_s = {}", a.settings.r_s),
        lx,
        ly,
        fs,
        Anchor::Start,
        0.0,
        "annotation",
    ));
    for (k, (xs, ys)) in all.iter().enumerate() {
        let colour = style.colour(k);
        panel.error_bars(&mut doc, NAMES[k], xs, ys, &errs[k], &colour);
        panel.line(
            &mut doc,
            &format!("{}_line", NAMES[k]),
            xs,
            ys,
            &colour,
            Dash::Solid,
        );
        let pick = |inside: bool| -> Vec<f64> {
            ys.iter()
                .zip(&beyond)
                .map(|(&y, &b)| if b != inside { y } else { f64::NAN })
                .collect()
        };
        panel.points(
            &mut doc,
            NAMES[k],
            xs,
            &pick(true),
            &colour,
            MARKERS[k],
            false,
        );
        panel.points(
            &mut doc,
            NAMES[k],
            xs,
            &pick(false),
            &colour,
            MARKERS[k],
            true,
        );
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
