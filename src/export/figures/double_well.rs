//! The creation-energy figure (ANALYSIS.md section 11): (a) E_p(A_out) and the double
//! well E_t = E_p - c1 A_out with its two minima marked; (b) the core's mode coordinate
//! A_core against A_out with the line A_core = A_out. Drawn from a `CreationResult`.

use crate::analysis::creation::CreationResult;

use super::axes::{padded_range, Axis};
use super::restoring::panel_letter;
use super::style::FigureStyle;
use super::svg::{Dash, Doc, Glyph, Marker, Panel};

pub const X_LABEL: &str = "*A*_{out} (*M*^{1/2} *a*_0)";
pub const E_LABEL: &str = "*E* (*E*_0)";
pub const CORE_LABEL: &str = "*A*_{core} (*M*^{1/2} *a*_0)";

/// E_t = E_p - c1 A on the grid (E_p itself when the linear term is undefined).
pub fn tilted(c: &CreationResult) -> Vec<f64> {
    let c1 = c.linear_term.unwrap_or(0.0);
    c.a.iter().zip(&c.e).map(|(a, e)| e - c1 * a).collect()
}

/// The figure; `name` says which mode (file and frame) for the title.
pub fn draw(c: &CreationResult, name: &str, style: &FigureStyle) -> String {
    let panel_h = style.width_pt() * style.aspect * 0.85;
    let mut doc = Doc::new(style, 2.0 * panel_h);
    let width = doc.width;
    let (x0, x1) = padded_range(c.a.iter().copied(), 0.03).unwrap_or((-1.0, 1.0));
    let e_t = tilted(c);
    let (c_p, c_t, c_min) = (style.colour(0), style.colour(1), style.colour(2));

    // (a) the energies, the minima of E_t marked.
    let minima: Vec<(f64, f64)> = [&c.minus, &c.plus]
        .into_iter()
        .flatten()
        .map(|s| (s.a_out, s.e))
        .collect();
    let (mx, my): (Vec<f64>, Vec<f64>) = minima.iter().copied().unzip();
    let (lo, hi) = padded_range(c.e.iter().chain(&e_t).copied(), 0.08).unwrap_or((-1.0, 1.0));
    let c1 = c
        .linear_term
        .map_or_else(|| "–".to_owned(), |v| format!("{v:.3}").replace('-', "−"));
    let es = c.e_s.map_or_else(
        || "undefined".to_owned(),
        |v| format!("{v:.3} {}", style.unit(&c.units.markup("*E*_0"))),
    );
    let legend = vec![
        (
            Glyph::Points {
                colour: c_p.clone(),
                marker: Marker::Circle,
                open: true,
            },
            "*E*_p(*A*_{out})".to_owned(),
        ),
        (
            Glyph::Line {
                colour: c_t.clone(),
                dash: Dash::Solid,
            },
            format!("*E*_p − *c*_1*A*_{{out}}, *c*_1 = {c1}"),
        ),
        (
            Glyph::Points {
                colour: c_min.clone(),
                marker: Marker::Square,
                open: false,
            },
            format!("minima, *E*_s = {es}"),
        ),
    ];
    let mut top = Panel::new(
        &mut doc,
        Axis::new(x0, x1, &c.units.markup(X_LABEL)),
        Axis::new(lo, hi, &c.units.markup(E_LABEL)),
        [0.0, 0.0, width, panel_h],
    );
    panel_letter(&mut doc, &top, "(a)");
    let at = top.make_room_for_legend(&mut doc, &legend, &[(&c.a, &c.e), (&c.a, &e_t)]);
    top.line(
        &mut doc,
        "zero",
        &[x0, x1],
        &[0.0, 0.0],
        "#999999",
        Dash::Dotted,
    );
    top.points(&mut doc, "E_p", &c.a, &c.e, &c_p, Marker::Circle, true);
    top.line(&mut doc, "E_t", &c.a, &e_t, &c_t, Dash::Solid);
    top.points(&mut doc, "minima", &mx, &my, &c_min, Marker::Square, false);
    top.frame(&mut doc);
    top.legend(&mut doc, &legend, at);

    // (b) the core's displacement against the outer one.
    let (lo, hi) = padded_range(c.core_a.iter().chain(&c.a).copied(), 0.05).unwrap_or((-1.0, 1.0));
    let da = c
        .delta_a
        .map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"));
    let legend = vec![
        (
            Glyph::Points {
                colour: c_p.clone(),
                marker: Marker::Circle,
                open: false,
            },
            format!("*A*_{{core}}, Δ*A* = {da}"),
        ),
        (
            Glyph::Line {
                colour: "#777777".to_owned(),
                dash: Dash::Dashed,
            },
            "*A*_{core} = *A*_{out}".to_owned(),
        ),
    ];
    let mut bottom = Panel::new(
        &mut doc,
        Axis::new(x0, x1, &c.units.markup(X_LABEL)),
        Axis::new(lo, hi, &c.units.markup(CORE_LABEL)),
        [0.0, panel_h, width, panel_h],
    );
    let diagonal = [x0, x1];
    panel_letter(&mut doc, &bottom, "(b)");
    let at = bottom.make_room_for_legend(
        &mut doc,
        &legend,
        &[(&c.a, &c.core_a), (&diagonal, &diagonal)],
    );
    bottom.line(
        &mut doc,
        "identity",
        &diagonal,
        &diagonal,
        "#777777",
        Dash::Dashed,
    );
    bottom.points(
        &mut doc,
        "core_A",
        &c.a,
        &c.core_a,
        &c_p,
        Marker::Circle,
        false,
    );
    bottom.frame(&mut doc);
    bottom.legend(&mut doc, &legend, at);
    doc.finish(
        &format!("Creation energy of {name}"),
        "(a) E_p: core energy after relaxation with the outer atoms at A_out e; line: E_p minus its linear term c1 A_out, the double well whose two minima give E_s. (b) The core's mode coordinate against A_out.",
    )
}

/// The data behind the figure as CSV, full precision.
pub fn csv(c: &CreationResult) -> String {
    let mut out = c
        .units
        .plain("A_out (M^1/2 a0),E_p (E0),E_p - c1 A_out (E0),A_core (M^1/2 a0)\n");
    for (((a, e), t), k) in c.a.iter().zip(&c.e).zip(tilted(c)).zip(&c.core_a) {
        out += &format!("{a},{e},{t},{k}\n");
    }
    out
}
