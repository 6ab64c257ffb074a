//! Truncated power series in the mode coordinate A (to A^4): the energy of a term along
//! r_i + A u_i, expanded analytically.

use nalgebra::Vector3;

/// Coefficients of A^0 .. A^4.
pub type Series = [f64; 5];

#[inline]
pub fn mul(a: &Series, b: &Series) -> Series {
    let mut c = [0.0; 5];
    for i in 0..5 {
        for j in 0..5 - i {
            c[i + j] += a[i] * b[j];
        }
    }
    c
}

/// [D1..D4] of g(x0 + delta(A)) for g's derivatives `g` = [g, g', .., g''''] at x0 and a
/// series `delta` without constant term: sum_k g^(k) delta^k / k!.
#[inline]
pub fn compose(g: &[f64; 5], delta: &Series) -> [f64; 4] {
    let delta2 = mul(delta, delta);
    let delta3 = mul(&delta2, delta);
    let delta4 = mul(&delta3, delta);
    std::array::from_fn(|m| {
        let k = m + 1;
        g[1] * delta[k] + g[2] / 2.0 * delta2[k] + g[3] / 6.0 * delta3[k] + g[4] / 24.0 * delta4[k]
    })
}

/// |r + A d| - |r| as a series in A: |r + A d| = r sqrt(1 + t),
/// t = (2 r.d A + d.d A^2) / r^2, expanded in t.
#[inline]
pub fn distance_change(r_vec: &Vector3<f64>, d: &Vector3<f64>) -> Series {
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
    delta
}

/// Taylor coefficients [D1, D2, D3, D4] of phi(|r + A d|) at A = 0, given the radial
/// derivatives `phi` = [phi, phi', .., phi''''] at r = |r_vec|. Exact to round-off.
#[inline]
pub fn taylor_coefficients(r_vec: &Vector3<f64>, d: &Vector3<f64>, phi: &[f64; 5]) -> [f64; 4] {
    compose(phi, &distance_change(r_vec, d))
}

/// The pair Hessian block of a radial function applied to d: g'' (n.d) n + (g'/r) (d - (n.d) n).
#[inline]
pub fn radial_block_times(
    r_vec: &Vector3<f64>,
    d: &Vector3<f64>,
    g1: f64,
    g2: f64,
) -> Vector3<f64> {
    let r = r_vec.norm();
    let n = r_vec / r;
    let nd = n.dot(d);
    n * (g2 * nd) + (d - n * nd) * (g1 / r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::potential::{Atom, Ipl3d, PairFunctions};

    /// Taylor coefficients against finite differences of phi(|r + A d|).
    #[test]
    fn taylor_matches_finite_differences() {
        let pot = Ipl3d::default();
        let (a, b) = (Atom::of(0), Atom::of(1));
        let r = Vector3::new(0.9, 0.35, -0.2);
        let d = Vector3::new(0.07, -0.12, 0.05);
        let phi = pot.derivatives(a, b, r.norm());
        let c = taylor_coefficients(&r, &d, &phi);
        let e = |t: f64| pot.derivatives(a, b, (r + d * t).norm())[0];
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

    /// compose against the series of exp(x0 + delta) with delta = A (all derivatives e^x0).
    #[test]
    fn compose_of_exponential() {
        let g = [1.0; 5];
        let c = compose(&g, &[0.0, 1.0, 0.0, 0.0, 0.0]);
        assert_eq!(c, [1.0, 0.5, 1.0 / 6.0, 1.0 / 24.0]);
    }

    /// |r + A d| exactly along the line: r = (1, 0, 0), d = (0, 1, 0): sqrt(1 + A^2).
    #[test]
    fn distance_change_perpendicular() {
        let s = distance_change(&Vector3::new(1.0, 0.0, 0.0), &Vector3::new(0.0, 1.0, 0.0));
        let expect = [0.0, 0.0, 0.5, 0.0, -0.125];
        for k in 0..5 {
            assert!((s[k] - expect[k]).abs() < 1e-15, "{k}: {}", s[k]);
        }
    }
}
