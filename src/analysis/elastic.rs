//! Elastic energy outside the core and the random part of the motion (ANALYSIS.md
//! section 7).

use std::f64::consts::PI;

use nalgebra::{Matrix3, Vector3};

use super::medium::Medium;

/// K(P) = a (tr P)^2 + b P:P with a = (14 f - 9) / (120 pi G), b = (20 f^2 - 42 f + 27)
/// / (120 pi G): the elastic energy outside radius R of the dipole field is K / R^3.
pub fn k_closed_form(medium: &Medium, p: &Matrix3<f64>) -> f64 {
    let (a, b) = k_coefficients(medium);
    a * p.trace().powi(2) + b * p.component_mul(p).sum()
}

/// (a, b) of `k_closed_form`.
pub fn k_coefficients(medium: &Medium) -> (f64, f64) {
    let f = medium.f();
    let g = medium.shear;
    (
        (14.0 * f - 9.0) / (120.0 * PI * g),
        (20.0 * f * f - 42.0 * f + 27.0) / (120.0 * PI * g),
    )
}

/// The strain of the dipole field at x: eps_il = sym(d s_i / d x_l), s_i = -dG_ij/dx_k P_jk,
/// from the analytic second derivatives of the Green's function (eq. 3).
pub fn strain(medium: &Medium, p: &Matrix3<f64>, x: &Vector3<f64>) -> Matrix3<f64> {
    let f = medium.f();
    let r2 = x.norm_squared();
    let r = r2.sqrt();
    let (r3, r5, r7) = (r * r2, r * r2 * r2, r * r2 * r2 * r2);
    let delta = |a: usize, b: usize| if a == b { 1.0 } else { 0.0 };
    // d^2 G_ij / dx_k dx_l times 8 pi G.
    let g2 = |i: usize, j: usize, k: usize, l: usize| -> f64 {
        let inv_r = 3.0 * x[k] * x[l] / r5 - delta(k, l) / r3;
        let xx = (delta(i, k) * delta(j, l) + delta(j, k) * delta(i, l)) / r3
            - 3.0 * (delta(i, k) * x[j] + delta(j, k) * x[i]) * x[l] / r5
            - 3.0
                * (delta(i, l) * x[j] * x[k]
                    + delta(j, l) * x[i] * x[k]
                    + delta(k, l) * x[i] * x[j])
                / r5
            + 15.0 * x[i] * x[j] * x[k] * x[l] / r7;
        (1.0 + f) * delta(i, j) * inv_r + (1.0 - f) * xx
    };
    let grad = Matrix3::from_fn(|i, l| {
        let mut s = 0.0;
        for j in 0..3 {
            for k in 0..3 {
                s -= g2(i, j, k, l) * p[(j, k)];
            }
        }
        s / (8.0 * PI * medium.shear)
    });
    (grad + grad.transpose()) * 0.5
}

/// K(P) by quadrature: (1/3) of the elastic energy density at unit distance integrated
/// over directions (Gauss-Legendre in cos(theta), uniform in phi: exact for this
/// polynomial integrand).
pub fn k_quadrature(medium: &Medium, p: &Matrix3<f64>) -> f64 {
    let lambda = medium.bulk - 2.0 * medium.shear / 3.0;
    let (nodes, weights) = gauss_legendre_16();
    let n_phi = 32;
    let mut total = 0.0;
    for (u, w) in nodes.iter().zip(&weights) {
        let s = (1.0 - u * u).sqrt();
        for m in 0..n_phi {
            let phi = 2.0 * PI * f64::from(m) / f64::from(n_phi);
            let n = Vector3::new(s * phi.cos(), s * phi.sin(), *u);
            let eps = strain(medium, p, &n);
            let density =
                0.5 * lambda * eps.trace().powi(2) + medium.shear * eps.component_mul(&eps).sum();
            total += w * density * 2.0 * PI / f64::from(n_phi);
        }
    }
    total / 3.0
}

/// 16-point Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_16).
fn gauss_legendre_16() -> (Vec<f64>, Vec<f64>) {
    let n = 16;
    let mut nodes = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = (PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let p2 = ((2 * k - 1) as f64 * x * p1 - (k - 1) as f64 * p0) / k as f64;
                p0 = p1;
                p1 = p2;
            }
            dp = n as f64 * (x * p1 - p0) / (x * x - 1.0);
            let dx = p1 / dp;
            x -= dx;
            if dx.abs() < 1e-16 {
                break;
            }
        }
        nodes.push(x);
        weights.push(2.0 / ((1.0 - x * x) * dp * dp));
    }
    (nodes, weights)
}

/// The shoving-model energy 2 G V (dV/V)^2 / 3 per R^-3 for P = p I: G dV^2 / (2 pi),
/// dV = 3 p / (3B + 4G).
pub fn shoving_k(medium: &Medium, p: f64) -> f64 {
    let dv = 3.0 * p / (3.0 * medium.bulk + 4.0 * medium.shear);
    medium.shear * dv * dv / (2.0 * PI)
}

/// The point dipole's ratio of pure-shear to dilatation energy for equal sum of squares
/// of P_jk: (27 - 42 f + 20 f^2) / (20 f^2) (28.20 for B = 56, G = 14).
pub fn shear_to_dilatation_ratio(medium: &Medium) -> f64 {
    let f = medium.f();
    (27.0 - 42.0 * f + 20.0 * f * f) / (20.0 * f * f)
}

/// Poisson ratio (3B - 2G) / (2 (3B + G)).
pub fn poisson_ratio(medium: &Medium) -> f64 {
    (3.0 * medium.bulk - 2.0 * medium.shear) / (2.0 * (3.0 * medium.bulk + medium.shear))
}

/// The Eshelby sphere's zeta/G = (7 - 5 nu) / (8 - 10 nu) (1.222 for nu = 0.3846): the
/// only closed form that gives the paper's "1.22".
pub fn eshelby_ratio(medium: &Medium) -> f64 {
    let nu = poisson_ratio(medium);
    (7.0 - 5.0 * nu) / (8.0 - 10.0 * nu)
}

/// One-parameter least squares y = -f_r x without intercept: (f_r, its standard error).
pub fn fit_restoring(x: &[f64], y: &[f64]) -> Option<(f64, Option<f64>)> {
    let sxx: f64 = x.iter().map(|v| v * v).sum();
    if x.is_empty() || sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| a * b).sum();
    let f_r = -sxy / sxx;
    let stderr = (x.len() > 1).then(|| {
        let rss: f64 = x.iter().zip(y).map(|(a, b)| (b + f_r * a).powi(2)).sum();
        (rss / (x.len() - 1) as f64 / sxx).sqrt()
    });
    Some((f_r, stderr))
}
