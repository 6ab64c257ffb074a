//! Least-squares polynomials in the mode coordinate A (the "fit" method of D_k).
//! The Taylor coefficients are the potential's (`potential::series`).

use nalgebra::DMatrix;

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
