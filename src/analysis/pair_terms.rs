//! Per-pair contributions to D_k: the pair energy phi(|r + A d|), d = e_j - e_i, as a
//! polynomial in the mode coordinate A, by Taylor expansion or by least squares.

use nalgebra::{DMatrix, Vector3};

/// Truncated power series in A up to A^4.
type Series = [f64; 5];

#[inline]
fn mul(a: &Series, b: &Series) -> Series {
    let mut c = [0.0; 5];
    for i in 0..5 {
        for j in 0..5 - i {
            c[i + j] += a[i] * b[j];
        }
    }
    c
}

/// Taylor coefficients [D1, D2, D3, D4] of phi(|r + A d|) at A = 0, given the radial
/// derivatives `phi` = [phi, phi', .., phi''''] at r = |r_vec|. Exact to round-off:
/// |r + A d| = r sqrt(1 + t), t = (2 r.d A + d.d A^2) / r^2, expanded in t, then
/// phi(r + delta) = sum phi^(k) delta^k / k!.
#[inline]
pub fn taylor_coefficients(r_vec: &Vector3<f64>, d: &Vector3<f64>, phi: &[f64; 5]) -> [f64; 4] {
    let r2 = r_vec.norm_squared();
    let r = r2.sqrt();
    let t: Series = [
        0.0,
        2.0 * r_vec.dot(d) / r2,
        d.norm_squared() / r2,
        0.0,
        0.0,
    ];
    let t2 = mul(&t, &t);
    let t3 = mul(&t2, &t);
    let t4 = mul(&t3, &t);
    // sqrt(1 + t) - 1 = t/2 - t^2/8 + t^3/16 - 5 t^4/128
    let mut delta = [0.0; 5];
    for k in 1..5 {
        delta[k] = r * (0.5 * t[k] - t2[k] / 8.0 + t3[k] / 16.0 - 5.0 * t4[k] / 128.0);
    }
    let delta2 = mul(&delta, &delta);
    let delta3 = mul(&delta2, &delta);
    let delta4 = mul(&delta3, &delta);
    let mut out = [0.0; 4];
    for k in 1..5 {
        out[k - 1] = phi[1] * delta[k]
            + phi[2] / 2.0 * delta2[k]
            + phi[3] / 6.0 * delta3[k]
            + phi[4] / 24.0 * delta4[k];
    }
    out
}

/// The pair Hessian block applied to d: phi'' (n.d) n + (phi'/r) (d - (n.d) n).
#[inline]
pub fn hessian_times(r_vec: &Vector3<f64>, d: &Vector3<f64>, phi: &[f64; 5]) -> Vector3<f64> {
    let r = r_vec.norm();
    let n = r_vec / r;
    let nd = n.dot(d);
    n * (phi[2] * nd) + (d - n * nd) * (phi[1] / r)
}

/// Least-squares polynomial fitting as a fixed linear map: for sample points `x`,
/// the (degree+1) x n matrix W with coefficients = W y (c0 first).
pub fn polyfit_operator(x: &[f64], degree: usize) -> DMatrix<f64> {
    let v = DMatrix::from_fn(x.len(), degree + 1, |m, k| x[m].powi(k as i32));
    // SVD pseudo-inverse: stable for the well-conditioned Vandermonde matrices used here.
    v.pseudo_inverse(1e-14)
        .unwrap_or_else(|_| DMatrix::zeros(degree + 1, x.len()))
}

/// Least-squares polynomial coefficients (c0 first) through (x, y).
pub fn polyfit(x: &[f64], y: &[f64], degree: usize) -> Vec<f64> {
    let w = polyfit_operator(x, degree);
    (0..=degree)
        .map(|k| (0..x.len()).map(|m| w[(k, m)] * y[m]).sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::potential::{Ipl3d, PairPotential};

    /// Taylor coefficients against finite differences of phi(|r + A d|).
    #[test]
    fn taylor_matches_finite_differences() {
        let pot = Ipl3d::default();
        let r = Vector3::new(0.9, 0.35, -0.2);
        let d = Vector3::new(0.07, -0.12, 0.05);
        let phi = pot.derivatives(0, 1, r.norm());
        let c = taylor_coefficients(&r, &d, &phi);
        let e = |a: f64| pot.derivatives(0, 1, (r + d * a).norm())[0];
        // Richardson-extrapolated central differences: round-off allows a step of 1e-3
        // for D1, D2 only; D3 and D4 need a larger one.
        let fd = |h: f64| {
            let d1 = (e(h) - e(-h)) / (2.0 * h);
            let d2 = (e(h) - 2.0 * e(0.0) + e(-h)) / (h * h) / 2.0;
            let d3 =
                (e(2.0 * h) - 2.0 * e(h) + 2.0 * e(-h) - e(-2.0 * h)) / (2.0 * h * h * h) / 6.0;
            let d4 = (e(2.0 * h) - 4.0 * e(h) + 6.0 * e(0.0) - 4.0 * e(-h) + e(-2.0 * h))
                / h.powi(4)
                / 24.0;
            [d1, d2, d3, d4]
        };
        let (coarse, fine) = (fd(0.02), fd(0.01));
        let rich: Vec<f64> = (0..4).map(|k| (4.0 * fine[k] - coarse[k]) / 3.0).collect();
        let small = fd(1e-3);
        let (d1, d2, d3, d4) = (small[0], small[1], rich[2], rich[3]);
        for (k, fd) in [d1, d2, d3, d4].into_iter().enumerate() {
            assert!(
                (c[k] - fd).abs() < 1e-5 * (1.0 + fd.abs()),
                "D{}: {} vs {}",
                k + 1,
                c[k],
                fd
            );
        }
    }

    #[test]
    fn polyfit_recovers_a_quartic() {
        let x: Vec<f64> = (0..31).map(|m| -1.5 + 0.1 * f64::from(m)).collect();
        let c = [0.3, -1.0, 2.0, 0.5, -0.25];
        let y: Vec<f64> = x
            .iter()
            .map(|a| (0..5).map(|k| c[k] * a.powi(k as i32)).sum())
            .collect();
        let fit = polyfit(&x, &y, 4);
        for k in 0..5 {
            assert!((fit[k] - c[k]).abs() < 1e-12);
        }
    }
}
