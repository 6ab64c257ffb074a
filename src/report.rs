//! The batch result of one mode as JSON, with the names of ANALYSIS.md section 10.
//! Undefined values are null, never NaN.

use nalgebra::{Matrix3, SMatrix, Vector3};
use serde_json::{json, Value};

use crate::analysis::dipole::DipoleFit;
use crate::analysis::Analysis;
use crate::elastic_moduli::ElasticModuli;
use crate::modes::ComputedModes;
use crate::potential::Potential;

/// A matrix as a list of its rows.
pub fn rows<const R: usize, const C: usize>(m: &SMatrix<f64, R, C>) -> Value {
    json!((0..R)
        .map(|i| (0..C).map(|j| m[(i, j)]).collect::<Vec<_>>())
        .collect::<Vec<_>>())
}

/// The elastic constants of section 14 under `pot`, as `softmode moduli --json` and
/// Python's `softmode.moduli` give them (each adds what it knows of the source).
pub fn moduli(pot: &Potential, m: &ElasticModuli) -> Value {
    json!({
        "potential": pot.name(),
        "units": pot.units.as_str(),
        "volume": m.volume,
        "C": rows(&m.c),
        "B": m.bulk,
        "G": m.shear,
        "pressure": m.pressure,
        "stress": rows(&m.stress),
        "born": rows(&m.born),
        "non_affine": rows(&m.non_affine),
        "stress_terms": rows(&m.stress_terms),
        "max_force": m.max_force,
        "cg_iterations": m.cg_iterations,
        "seconds": m.seconds,
        "warnings": m.warnings,
    })
}

/// How the modes of a configuration were found (section 13): the largest force, the
/// minimisation, the route and its cost; `softmode modes --json` and Python's
/// `softmode.modes(info=True)` add the eigenpairs in their own shapes.
pub fn modes(c: &ComputedModes) -> Value {
    let s = &c.solution;
    json!({
        "largest_force": c.force_before.force,
        "minimised": c.minimised.as_ref().map(|m| json!({
            "energy": m.energy,
            "largest_force": m.largest_force.force,
            "fire_steps": m.fire_steps,
            "newton_steps": m.newton_steps,
        })),
        "route": s.route,
        "sigma": s.sigma,
        "factor_bytes": s.factor_bytes,
        "matrix_bytes": s.matrix_bytes,
        "solves": s.lanczos_steps,
        "products": s.products,
        "timings": s.timings,
    })
}

/// Program name and version, for provenance.
pub fn program() -> Value {
    json!({ "name": "softmode", "version": env!("CARGO_PKG_VERSION") })
}

fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

fn opt(x: Option<f64>) -> Value {
    x.map_or(Value::Null, num)
}

fn vec3(v: &Vector3<f64>) -> Value {
    Value::Array(v.iter().map(|x| num(*x)).collect())
}

fn mat3(m: &Matrix3<f64>) -> Value {
    Value::Array(
        (0..3)
            .map(|i| Value::Array((0..3).map(|j| num(m[(i, j)])).collect()))
            .collect(),
    )
}

fn nums(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|x| num(*x)).collect())
}

fn opts(xs: &[Option<f64>]) -> Value {
    Value::Array(xs.iter().map(|x| opt(*x)).collect())
}

fn dipole(fit: Option<&DipoleFit>, r_s: f64, d_fit: f64, beyond: bool) -> Value {
    match fit {
        None => json!({
            "r_s": r_s, "d_fit": d_fit, "P": null, "P_stderr": null, "principal": null,
            "axes": null, "trace": null, "shear_planar": null, "shear_second": null,
            "residual_fraction": null, "n_atoms": 0, "beyond_half_box": beyond,
        }),
        Some(f) => json!({
            "r_s": r_s,
            "d_fit": d_fit,
            "P": mat3(&f.p),
            "P_stderr": f.p_stderr.as_ref().map_or(Value::Null, mat3),
            "principal": nums(&f.principal.values),
            "axes": Value::Array(f.principal.axes.iter().map(vec3).collect()),
            "trace": num(f.principal.trace()),
            "shear_planar": num(f.principal.shear_planar()),
            "shear_second": num(f.principal.shear_second()),
            "residual_fraction": num(f.residual_fraction),
            "n_atoms": f.n_atoms,
            "beyond_half_box": beyond,
        }),
    }
}

/// The full result object of one mode.
pub fn to_json(a: &Analysis) -> Value {
    let m = &a.mode;
    let c = &a.core.centre;
    let s = &a.settings;
    let column = |k: usize| nums(&a.curves.d.iter().map(|d| d[k]).collect::<Vec<_>>());
    let maybe = |v: &Option<Vec<f64>>| match v {
        Some(v) => nums(v),
        None => Value::Array(vec![Value::Null; a.curves.r_c.len()]),
    };
    let mut settings = serde_json::to_value(s).unwrap_or(Value::Null);
    // Record the moduli actually used, not "take the potential's".
    settings["B"] = json!(a.medium.map(|m| m.bulk));
    settings["G"] = json!(a.medium.map(|m| m.shear));
    settings["potential"] = json!(a.potential.name());
    settings["units"] = json!(a.potential.units.as_str());
    json!({
        "file": m.file_name(),
        "frame": m.frame,
        "mode": m.label(),
        "n_atoms": m.n_atoms(),
        "box": nums(&m.cell.lengths),
        "omega2": num(a.omega2),
        "omega2_source": a.omega2_source,
        "nu_THz": a.potential.units.frequency_thz(a.omega2),
        "omega2_eHe": num(a.core.omega2_ehe),
        "eigen_residual": num(a.core.eigen_residual),
        "max_force": num(a.core.max_force),
        "e_norm_in_file": num(m.e_norm_in_file),
        "method": s.method.as_str(),
        "warnings": a.warnings,
        "centre": {
            "position": vec3(&c.wrapped),
            "start_atom": c.start_atom,
            "iterations": c.iterations,
            "shift_from_start": num(c.shift_from_start),
            "n_in_sphere": c.n_in_sphere,
            "weight_in_sphere": num(c.weight_in_sphere),
        },
        "D_inf": { "D1": num(a.d_inf[0]), "D2": num(a.d_inf[1]), "D3": num(a.d_inf[2]), "D4": num(a.d_inf[3]) },
        "r_in": opt(a.r_in),
        "n_atoms_in_r_in": a.n_atoms_in_r_in,
        "D4": num(a.d4()),
        "dipole": dipole(a.dipole.as_ref(), s.r_s, s.d_fit, a.beyond_half_box),
        "K": opt(a.k),
        "f_r": opt(a.f_r),
        "f_r_stderr": opt(a.f_r_stderr),
        "radial_fraction": opt(a.radial_fraction),
        "lambda_t": opt(a.lambda_t),
        "lambda_l": opt(a.lambda_l),
        "N_e": num(a.n_e),
        "W": opt(a.w),
        "A0": opt(a.a0),
        "curves": {
            "r_c": nums(&a.curves.r_c),
            "D1": column(0), "D2": column(1), "D3": column(2), "D4": column(3),
            "D2_elastic": maybe(&a.curves.d2_elastic),
            "D2_elastic_plus_random": maybe(&a.curves.d2_elastic_plus_random),
            "S_random": maybe(&a.curves.s_random),
        },
        "fig1": {
            "r_c": a.fig1.r_c,
            "A": nums(&a.fig1.a),
            "E": nums(&a.fig1.e),
            "fit": nums(&a.fig1.fit),
            "taylor": nums(&a.fig1.taylor),
            "n_core_atoms": a.fig1.n_core_atoms,
        },
        "shells": {
            "d": a.shells.d,
            "r_mid": nums(&a.shells.r_mid),
            "count": a.shells.count,
            "e2_r4": opts(&a.shells.e2_r4),
            "s2_r4": opts(&a.shells.s2_r4),
        },
        "dipole_scan": Value::Array(a.dipole_scan.iter().map(|p| json!({
            "r_s": p.r_s,
            "principal": p.fit.as_ref().map_or(Value::Null, |f| nums(&f.principal.values)),
            "residual_fraction": p.fit.as_ref().map_or(Value::Null, |f| num(f.residual_fraction)),
            "n_atoms": p.fit.as_ref().map_or(0, |f| f.n_atoms),
            "beyond_half_box": p.beyond_half_box,
        })).collect()),
        "settings": settings,
        "program": program(),
    })
}
