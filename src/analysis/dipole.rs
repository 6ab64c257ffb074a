//! The elastic dipole field of eqs. (3)-(5) and its least-squares fit (ANALYSIS.md
//! section 6).

use nalgebra::{Matrix3, Matrix6, SymmetricEigen, Vector3, Vector6};

use super::core::Core;
pub use super::medium::{unknowns, Medium};
use super::moments::{solve, Suffix};
use crate::model::Mode;

/// A fitted dipole tensor and its diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct DipoleFit {
    pub r_s: f64,
    pub d_fit: f64,
    pub p: Matrix3<f64>,
    /// P as the unknowns [xx, yy, zz, xy, xz, yz].
    pub q: Vector6<f64>,
    /// Standard errors; None when there are no degrees of freedom left.
    pub p_stderr: Option<Matrix3<f64>>,
    /// Standard errors of the principal values P11, P22, P33, propagated from the full
    /// covariance of P to first order (d lambda_k = a_k . dP . a_k, a_k the axis); None
    /// without degrees of freedom.
    pub principal_stderr: Option<[f64; 3]>,
    pub residual_fraction: f64,
    pub n_atoms: usize,
    pub principal: Principal,
}

/// Eigenvalues of P ordered P11 (largest), P22 (smallest), P33 (the third), with axes.
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    pub values: [f64; 3],
    /// Unit axes in the order of `values`, each with its largest component positive.
    pub axes: [Vector3<f64>; 3],
}

impl Principal {
    pub fn of(p: &Matrix3<f64>) -> Self {
        let eig = SymmetricEigen::new(*p);
        let mut idx = [0usize, 1, 2];
        idx.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
        // Descending: largest, middle, smallest -> P11, P22 = smallest, P33 = middle.
        let pick = [idx[0], idx[2], idx[1]];
        let axes = pick.map(|k| {
            let v: Vector3<f64> = eig.eigenvectors.column(k).into_owned();
            let big = (0..3)
                .max_by(|&a, &b| v[a].abs().total_cmp(&v[b].abs()))
                .unwrap_or(0);
            if v[big] < 0.0 {
                -v
            } else {
                v
            }
        });
        Self {
            values: pick.map(|k| eig.eigenvalues[k]),
            axes,
        }
    }

    pub fn trace(&self) -> f64 {
        self.values.iter().sum()
    }

    /// (P11 - P22) / sqrt 2.
    pub fn shear_planar(&self) -> f64 {
        (self.values[0] - self.values[1]) / 2f64.sqrt()
    }

    /// (P11 + P22 - 2 P33) / sqrt 6.
    pub fn shear_second(&self) -> f64 {
        (self.values[0] + self.values[1] - 2.0 * self.values[2]) / 6f64.sqrt()
    }
}

/// Least-squares fit of the dipole field to e over the atoms with r_s <= r_i < r_s + d_fit,
/// from the suffix-summed moments. None for fewer than 2 atoms or a singular system.
pub fn fit_dipole(core: &Core, moments: &Suffix, r_s: f64, d_fit: f64) -> Option<DipoleFit> {
    let lo = core.r_sorted.partition_point(|&r| r < r_s);
    let hi = core.r_sorted.partition_point(|&r| r < r_s + d_fit);
    let fit = solve(&moments.range(lo, hi), hi - lo)?;
    let principal = Principal::of(&fit.p);
    Some(DipoleFit {
        r_s,
        d_fit,
        principal_stderr: fit
            .q_cov
            .as_ref()
            .map(|cov| principal_stderr(&principal, cov)),
        principal,
        p: fit.p,
        q: fit.q,
        p_stderr: fit.p_stderr,
        residual_fraction: fit.residual_fraction,
        n_atoms: fit.n_atoms,
    })
}

/// Standard errors of the principal values from the covariance of the unknowns
/// [xx, yy, zz, xy, xz, yz]: lambda_k changes by g . dq with
/// g = [a_x^2, a_y^2, a_z^2, 2 a_x a_y, 2 a_x a_z, 2 a_y a_z] (a the k-th axis), so its
/// variance is g^T cov g (first-order perturbation of a non-degenerate eigenvalue).
pub fn principal_stderr(principal: &Principal, cov: &Matrix6<f64>) -> [f64; 3] {
    principal.axes.map(|a| {
        let g = Vector6::new(
            a.x * a.x,
            a.y * a.y,
            a.z * a.z,
            2.0 * a.x * a.y,
            2.0 * a.x * a.z,
            2.0 * a.y * a.z,
        );
        g.dot(&(cov * g)).max(0.0).sqrt()
    })
}

/// The fit shell reaches past half the box (the minimum image no longer covers it).
pub fn beyond_half_box(mode: &Mode, r_s: f64, d_fit: f64) -> bool {
    r_s + d_fit > mode.cell.half_min_length()
}
