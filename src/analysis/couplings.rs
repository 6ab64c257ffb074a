//! Couplings and soft-potential parameters (ANALYSIS.md section 8, eqs. 8-11).

use nalgebra::Vector3;

/// lambda_t^2 = (P11^2 + P22^2 + P33^2 - P11 P22 - P22 P33 - P33 P11) / 15.
pub fn lambda_t(p: &[f64; 3]) -> f64 {
    let [a, b, c] = *p;
    ((a * a + b * b + c * c - a * b - b * c - c * a) / 15.0)
        .max(0.0)
        .sqrt()
}

/// lambda_l^2 = (P11 + P22 + P33)^2 + (16/9) lambda_t^2.
pub fn lambda_l(p: &[f64; 3]) -> f64 {
    let t = lambda_t(p);
    (p.iter().sum::<f64>().powi(2) + 16.0 / 9.0 * t * t).sqrt()
}

/// Participation N_e = 1 / sum |e_i|^4 of a normalised eigenvector.
pub fn participation(e: &[Vector3<f64>]) -> f64 {
    1.0 / e.iter().map(|v| v.norm_squared().powi(2)).sum::<f64>()
}

/// W = D4^(1/3) / 2^(2/3), None for D4 <= 0.
pub fn w_of_d4(d4: f64) -> Option<f64> {
    (d4 > 0.0).then(|| d4.cbrt() / 2f64.powf(2.0 / 3.0))
}

/// A0 = 1 / (2^(1/6) D4^(1/6)), None for D4 <= 0.
pub fn a0_of_d4(d4: f64) -> Option<f64> {
    (d4 > 0.0).then(|| 1.0 / (2f64.powf(1.0 / 6.0) * d4.powf(1.0 / 6.0)))
}

/// The set means of Table I, computed as the paper does (D4^(1/3) averaged first).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SetMeans {
    pub n: usize,
    pub lambda_l: f64,
    pub lambda_t: f64,
    pub w: f64,
    pub a0: f64,
}

/// Means over modes given (principal values, D4); modes with D4 <= 0 are left out of
/// the D4 average. None for an empty set.
pub fn set_means(rows: &[([f64; 3], f64)]) -> Option<SetMeans> {
    if rows.is_empty() {
        return None;
    }
    let n = rows.len() as f64;
    let lambda_l = rows.iter().map(|(p, _)| lambda_l(p)).sum::<f64>() / n;
    let lambda_t = rows.iter().map(|(p, _)| lambda_t(p)).sum::<f64>() / n;
    let cubes: Vec<f64> = rows
        .iter()
        .filter(|r| r.1 > 0.0)
        .map(|r| r.1.cbrt())
        .collect();
    let m = cubes.iter().sum::<f64>() / cubes.len() as f64;
    Some(SetMeans {
        n: rows.len(),
        lambda_l,
        lambda_t,
        w: m / 2f64.powf(2.0 / 3.0),
        a0: 1.0 / (2f64.powf(1.0 / 6.0) * m.sqrt()),
    })
}
