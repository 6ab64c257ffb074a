//! Fig. 1: E(A) - E(0) of the core at fig1.r_c, the fitted quartic and the Taylor quartic.

use crate::analysis::Analysis;

use super::axes::{padded_range, Axis};
use super::style::FigureStyle;
use super::svg::{Dash, Doc, Glyph, Marker, Panel};

/// sum_k c_k A^k (drawing the library's coefficients, not refitting).
pub fn polynomial(c: &[f64], a: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ck| acc * a + ck)
}

/// `n` evenly spaced values over [lo, hi].
pub fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|k| lo + (hi - lo) * k as f64 / (n - 1).max(1) as f64)
        .collect()
}

pub const X_LABEL: &str = "*A* (*M*^{1/2} *a*_0)";
pub const Y_LABEL: &str = "*E*(*A*) − *E*(0) (*E*_0)";

pub fn draw(a: &Analysis, style: &FigureStyle) -> String {
    let f = &a.fig1;
    let mut doc = Doc::new(style, style.width_pt() * style.aspect);
    let (alo, ahi) = padded_range(f.a.iter().copied(), 0.04).unwrap_or((-1.0, 1.0));
    let (elo, ehi) = padded_range(f.e.iter().copied(), 0.08).unwrap_or((-1.0, 1.0));
    let area = [0.0, 0.0, doc.width, doc.height];
    let fine = linspace(alo, ahi, 201);
    let fit: Vec<f64> = fine.iter().map(|&x| polynomial(&f.fit, x)).collect();
    let taylor: Vec<f64> = fine.iter().map(|&x| polynomial(&f.taylor, x)).collect();
    let (c_pts, c_fit, c_tay) = (style.colour(0), style.colour(0), style.colour(1));
    let legend = vec![
        (
            Glyph::Points {
                colour: c_pts.clone(),
                marker: Marker::Circle,
                open: false,
            },
            format!(
                "core, *r*_c = {} {} ({} atoms)",
                f.r_c,
                style.unit(&a.potential.units.markup("*a*_0")),
                f.n_core_atoms
            ),
        ),
        (
            Glyph::Line {
                colour: c_fit.clone(),
                dash: Dash::Solid,
            },
            "quartic fit".to_owned(),
        ),
        (
            Glyph::Line {
                colour: c_tay.clone(),
                dash: Dash::Dashed,
            },
            "Taylor, *D*_1 … *D*_4".to_owned(),
        ),
    ];
    let mut panel = Panel::new(
        &mut doc,
        Axis::new(alo, ahi, &a.potential.units.markup(X_LABEL)),
        Axis::new(elo, ehi, &a.potential.units.markup(Y_LABEL)),
        area,
    );
    let at = panel.make_room_for_legend(
        &mut doc,
        &legend,
        &[(&f.a, &f.e), (&fine, &fit), (&fine, &taylor)],
    );
    panel.line(
        &mut doc,
        "zero",
        &[alo, ahi],
        &[0.0, 0.0],
        "#999999",
        Dash::Dotted,
    );
    panel.line(&mut doc, "taylor", &fine, &taylor, &c_tay, Dash::Dashed);
    panel.line(&mut doc, "fit", &fine, &fit, &c_fit, Dash::Solid);
    panel.points(&mut doc, "E", &f.a, &f.e, &c_pts, Marker::Circle, false);
    panel.frame(&mut doc);
    panel.legend(&mut doc, &legend, at);
    doc.finish(
        &format!("Fig. 1: core energy of {} frame {}", a.mode.file_name(), a.mode.frame),
        "E(A) - E(0) of the core atoms within r_c of the mode centre; line: least-squares quartic; dashed: quartic with the Taylor coefficients D1..D4 at r_c.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horner() {
        assert_eq!(polynomial(&[1.0, 2.0, 3.0], 2.0), 1.0 + 4.0 + 12.0);
        assert_eq!(linspace(0.0, 1.0, 3), vec![0.0, 0.5, 1.0]);
    }
}
