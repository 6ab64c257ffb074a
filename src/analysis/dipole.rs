//! The elastic dipole field of eqs. (3)-(5) and its least-squares fit (ANALYSIS.md
//! section 6).

use std::f64::consts::PI;

use nalgebra::{Matrix3, Matrix6, SymmetricEigen, Vector3, Vector6};

use super::core::Core;
use crate::model::Mode;

/// Isotropic elastic medium: bulk and shear modulus.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Medium {
    pub bulk: f64,
    pub shear: f64,
}

impl Medium {
    /// f = 3G / (3B + 4G) = v_t^2 / v_l^2 (eq. 4).
    pub fn f(&self) -> f64 {
        3.0 * self.shear / (3.0 * self.bulk + 4.0 * self.shear)
    }

    /// The six displacement fields s(x) of unit tensors, columns in the order
    /// P = [xx, yy, zz, xy, xz, yz] (an off-diagonal unknown sets both symmetric entries).
    /// s = [2f P n - (1-f) tr(P) n + 3(1-f) (n.P.n) n] / (8 pi G r^2).
    #[inline]
    pub fn basis(&self, x: &Vector3<f64>) -> [Vector3<f64>; 6] {
        let r2 = x.norm_squared();
        let n = x / r2.sqrt();
        let f = self.f();
        let scale = 1.0 / (8.0 * PI * self.shear * r2);
        let (a, b) = (2.0 * f * scale, 3.0 * (1.0 - f) * scale);
        let c = (1.0 - f) * scale;
        let e = |k: usize| Vector3::ith(k, 1.0);
        let diag = |k: usize| e(k) * (a * n[k]) + n * (b * n[k] * n[k] - c);
        let off = |k: usize, l: usize| (e(k) * n[l] + e(l) * n[k]) * a + n * (2.0 * b * n[k] * n[l]);
        [diag(0), diag(1), diag(2), off(0, 1), off(0, 2), off(1, 2)]
    }

    /// The dipole field of P at x (zero at the centre itself, where it is undefined).
    #[inline]
    pub fn field(&self, p: &Matrix3<f64>, x: &Vector3<f64>) -> Vector3<f64> {
        if x.norm_squared() == 0.0 {
            return Vector3::zeros();
        }
        let b = self.basis(x);
        let q = unknowns(p);
        (0..6).map(|k| b[k] * q[k]).sum()
    }
}

/// [xx, yy, zz, xy, xz, yz] of a symmetric tensor.
pub fn unknowns(p: &Matrix3<f64>) -> Vector6<f64> {
    Vector6::new(p[(0, 0)], p[(1, 1)], p[(2, 2)], p[(0, 1)], p[(0, 2)], p[(1, 2)])
}

fn tensor(q: &Vector6<f64>) -> Matrix3<f64> {
    Matrix3::new(q[0], q[3], q[4], q[3], q[1], q[5], q[4], q[5], q[2])
}

/// A fitted dipole tensor and its diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct DipoleFit {
    pub r_s: f64,
    pub d_fit: f64,
    pub p: Matrix3<f64>,
    /// Standard errors; None when there are no degrees of freedom left.
    pub p_stderr: Option<Matrix3<f64>>,
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
            let big = (0..3).max_by(|&a, &b| v[a].abs().total_cmp(&v[b].abs())).unwrap_or(0);
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

/// Least-squares fit of the dipole field to e over the atoms with r_s <= r_i < r_s + d_fit.
/// None for fewer than 2 atoms or a singular system.
pub fn fit_dipole(mode: &Mode, core: &Core, medium: &Medium, r_s: f64, d_fit: f64) -> Option<DipoleFit> {
    let lo = core.r_sorted.partition_point(|&r| r < r_s);
    let hi = core.r_sorted.partition_point(|&r| r < r_s + d_fit);
    let samples = core.order[lo..hi].iter().map(|&i| (&core.x[i as usize], &mode.e[i as usize]));
    let (p, p_stderr, residual_fraction, n_atoms) = fit_field(medium, samples)?;
    Some(DipoleFit {
        r_s,
        d_fit,
        p,
        p_stderr,
        residual_fraction,
        n_atoms,
        principal: Principal::of(&p),
    })
}

/// A fitted P, its standard errors, the residual fraction and the number of atoms.
pub type FieldFit = (Matrix3<f64>, Option<Matrix3<f64>>, f64, usize);

/// Ordinary least squares of sum |e - s(P; x)|^2 over samples (x from the centre, e):
/// (P, its standard errors, residual fraction, sample count). None for fewer than 2
/// samples or a singular system.
pub fn fit_field<'a, I>(medium: &Medium, samples: I) -> Option<FieldFit>
where
    I: Iterator<Item = (&'a Vector3<f64>, &'a Vector3<f64>)> + Clone,
{
    let mut mtm = Matrix6::<f64>::zeros();
    let mut rhs = Vector6::<f64>::zeros();
    let mut e2 = 0.0;
    let mut n = 0usize;
    for (x, e) in samples.clone() {
        let b = medium.basis(x);
        for k in 0..6 {
            rhs[k] += b[k].dot(e);
            for l in k..6 {
                mtm[(k, l)] += b[k].dot(&b[l]);
            }
        }
        e2 += e.norm_squared();
        n += 1;
    }
    if n < 2 {
        return None;
    }
    for k in 0..6 {
        for l in 0..k {
            mtm[(k, l)] = mtm[(l, k)];
        }
    }
    let chol = mtm.cholesky()?;
    let q = chol.solve(&rhs);
    let rss: f64 = samples
        .map(|(x, e)| {
            let b = medium.basis(x);
            let s: Vector3<f64> = (0..6).map(|k| b[k] * q[k]).sum();
            (e - s).norm_squared()
        })
        .sum();
    let dof = 3 * n as i64 - 6;
    let p_stderr = (dof > 0).then(|| {
        let cov = chol.inverse() * (rss / dof as f64);
        tensor(&Vector6::from_fn(|k, _| cov[(k, k)].sqrt()))
    });
    Some((tensor(&q), p_stderr, rss / e2, n))
}

/// The fit shell reaches past half the box (the minimum image no longer covers it).
pub fn beyond_half_box(mode: &Mode, r_s: f64, d_fit: f64) -> bool {
    r_s + d_fit > mode.cell.half_min_length()
}
