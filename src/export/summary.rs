//! A plain-text summary of one analysis: the Table I row and the checks, for the
//! terminal and for "copy as text" in the window.

use std::fmt::Write as _;

use crate::analysis::elastic::{eshelby_ratio, shear_to_dilatation_ratio};
use crate::analysis::Analysis;

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.digits$}"))
}

/// The summary as lines of text.
/// The dipole fit: the principal values with their errors, and the axes.
fn dipole_lines(a: &Analysis) -> String {
    let Some(f) = &a.dipole else {
        return format!("dipole fit undefined: {}\n", a.no_dipole_reason());
    };
    let mut out = String::new();
    let p = &f.principal;
    let err = |i: usize| {
        f.p_stderr
            .as_ref()
            .map_or_else(|| "?".into(), |e| format!("{:.2}", e[(i, i)]))
    };
    let _ = writeln!(
        out,
        "dipole fit {} <= r < {} ({} atoms{}): P11 = {:.2}, P22 = {:.2}, P33 = {:.2} (diagonal errors {}, {}, {}), trace {:.2}, planar shear {:.2}, second shear {:.2}, residual fraction {:.3}",
        f.r_s, f.r_s + f.d_fit, f.n_atoms,
        if a.beyond_half_box { ", past half the box" } else { "" },
        p.values[0], p.values[1], p.values[2], err(0), err(1), err(2),
        p.trace(), p.shear_planar(), p.shear_second(), f.residual_fraction
    );
    for (name, axis) in ["P11", "P22", "P33"].iter().zip(&p.axes) {
        let _ = writeln!(
            out,
            "  {name} axis ({:.4}, {:.4}, {:.4})",
            axis[0], axis[1], axis[2]
        );
    }
    out
}

pub fn summary(a: &Analysis) -> String {
    let m = &a.mode;
    let c = &a.core.centre;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} frame {}: {} atoms, box {:?}",
        m.file_name(),
        m.frame,
        m.n_atoms(),
        m.cell.lengths
    );
    let _ = writeln!(
        out,
        "omega^2 = {:.6} ({}), e.H.e = {:.6}, |He - omega^2 e| = {:.2e}, method {}",
        a.omega2,
        match a.omega2_source {
            crate::model::Omega2Source::File => "file",
            crate::model::Omega2Source::Computed => "computed",
        },
        a.core.omega2_ehe,
        a.core.eigen_residual,
        a.settings.method.as_str()
    );
    if let Some(nu) = a.potential.units.frequency_thz(a.omega2) {
        let _ = writeln!(out, "nu = sqrt(omega^2) / 2 pi = {nu:.4} THz");
    }
    let centre = format!(
        "centre ({:.4}, {:.4}, {:.4}) from atom {} after {} iterations, shift {:.3} a0; {} atoms and {:.1} % of e^2 within {} a0",
        c.wrapped[0], c.wrapped[1], c.wrapped[2], c.start_atom, c.iterations, c.shift_from_start, c.n_in_sphere,
        100.0 * c.weight_in_sphere, a.settings.r_centre
    );
    let _ = writeln!(out, "{}", a.potential.units.plain(&centre));
    let d = a.d_inf;
    let _ = writeln!(
        out,
        "D(inf): D1 = {:.3e}, D2 = {:.6}, D3 = {:.6}, D4 = {:.6}; 2 D2(inf) / omega^2 = {:.9}",
        d[0],
        d[1],
        d[2],
        d[3],
        2.0 * d[1] / a.omega2
    );
    let _ = writeln!(
        out,
        "N_e = {:.1}, r_in = {} ({} atoms), D4 = {:.4}, W = {}, A0 = {}",
        a.n_e,
        opt(a.r_in, 2),
        a.n_atoms_in_r_in
            .map_or_else(|| "-".into(), |n| n.to_string()),
        a.d4(),
        opt(a.w, 4),
        opt(a.a0, 4)
    );
    out += &dipole_lines(a);
    let _ = writeln!(
        out,
        "K = {}, f_r = {} +- {}, radial fraction = {}, lambda_t = {}, lambda_l = {}",
        opt(a.k, 4),
        opt(a.f_r, 4),
        opt(a.f_r_stderr, 4),
        opt(a.radial_fraction, 3),
        opt(a.lambda_t, 2),
        opt(a.lambda_l, 2)
    );
    if let Some(m) = &a.medium {
        let _ = writeln!(
            out,
            "shear/dilatation energy ratio at equal P:P: point dipole {:.2}, Eshelby sphere zeta/G {:.3} (the paper prints 1.22)",
            shear_to_dilatation_ratio(m),
            eshelby_ratio(m)
        );
    }
    for w in &a.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}
