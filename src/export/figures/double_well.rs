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
    energy_panel(&mut doc, c, style, [0.0, 0.0, width, panel_h]);
    core_panel(&mut doc, c, style, [0.0, panel_h, width, panel_h]);
    doc.finish(
        &format!("Creation energy of {name}"),
        "(a) E_p: core energy after relaxation with the outer atoms at A_out e; line: E_p minus its linear term c1 A_out, the double well whose two minima give E_s. (b) The core's mode coordinate against A_out.",
    )
}

/// The shared x axis: A_out over the grid.
fn x_range(c: &CreationResult) -> (f64, f64) {
    padded_range(c.a.iter().copied(), 0.03).unwrap_or((-1.0, 1.0))
}

/// Panel (a): E_p and the tilted double well E_t, its minima marked.
fn energy_panel(doc: &mut Doc, c: &CreationResult, style: &FigureStyle, rect: [f64; 4]) {
    let (x0, x1) = x_range(c);
    let e_t = tilted(c);
    let (c_p, c_t, c_min) = (style.colour(0), style.colour(1), style.colour(2));
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
        doc,
        Axis::new(x0, x1, &c.units.markup(X_LABEL)),
        Axis::new(lo, hi, &c.units.markup(E_LABEL)),
        rect,
    );
    panel_letter(doc, &top, "(a)");
    let at = top.make_room_for_legend(doc, &legend, &[(&c.a, &c.e), (&c.a, &e_t)]);
    top.line(doc, "zero", &[x0, x1], &[0.0, 0.0], "#999999", Dash::Dotted);
    top.points(doc, "E_p", &c.a, &c.e, &c_p, Marker::Circle, true);
    top.line(doc, "E_t", &c.a, &e_t, &c_t, Dash::Solid);
    top.points(doc, "minima", &mx, &my, &c_min, Marker::Square, false);
    top.frame(doc);
    top.legend(doc, &legend, at);
}

/// Panel (b): the core's displacement against the outer one, beside the diagonal.
fn core_panel(doc: &mut Doc, c: &CreationResult, style: &FigureStyle, rect: [f64; 4]) {
    let (x0, x1) = x_range(c);
    let c_p = style.colour(0);
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
        doc,
        Axis::new(x0, x1, &c.units.markup(X_LABEL)),
        Axis::new(lo, hi, &c.units.markup(CORE_LABEL)),
        rect,
    );
    let diagonal = [x0, x1];
    panel_letter(doc, &bottom, "(b)");
    let avoid: [(&[f64], &[f64]); 2] = [(&c.a, &c.core_a), (&diagonal, &diagonal)];
    let at = bottom.make_room_for_legend(doc, &legend, &avoid);
    let grey = "#777777";
    bottom.line(doc, "identity", &diagonal, &diagonal, grey, Dash::Dashed);
    bottom.points(doc, "core_A", &c.a, &c.core_a, &c_p, Marker::Circle, false);
    bottom.frame(doc);
    bottom.legend(doc, &legend, at);
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
