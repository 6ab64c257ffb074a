//! x = A^+ b for the Hessian H or the mass-weighted dynamical matrix D = M^-1/2 H M^-1/2
//! of a periodic configuration, by preconditioned conjugate gradients in the space
//! orthogonal to the three uniform translations (their null space; ANALYSIS.md
//! sections 14 and 15). The preconditioner is the inverse of A's 3x3 diagonal blocks.

use nalgebra::{Matrix3, Vector3};
use rayon::prelude::*;

use crate::potential::SparseHessian;

/// A pseudo-inverse applied by conjugate gradients.
#[derive(Debug)]
pub struct PseudoInverse<'a> {
    hessian: &'a SparseHessian,
    /// 1/sqrt(m_i) for D, None for H.
    inv_sqrt_mass: Option<Vec<f64>>,
    /// The null vectors (translations), orthonormal, as per-atom weights: t_ai = w_i e_a.
    translation_weights: Vec<f64>,
    preconditioner: Vec<Matrix3<f64>>,
    /// Stop when |A x - b| <= tolerance |b|.
    pub tolerance: f64,
    pub max_iterations: usize,
}

/// A solution and what it cost.
#[derive(Clone, Debug)]
pub struct Solve {
    pub x: Vec<Vector3<f64>>,
    pub iterations: usize,
    /// |A x - b| / |b| (projected b).
    pub residual: f64,
}

pub(crate) fn dot(a: &[Vector3<f64>], b: &[Vector3<f64>]) -> f64 {
    a.par_iter().zip(b).map(|(x, y)| x.dot(y)).sum()
}

pub(crate) fn norm(a: &[Vector3<f64>]) -> f64 {
    dot(a, a).sqrt()
}

/// y += s x.
fn axpy(y: &mut [Vector3<f64>], s: f64, x: &[Vector3<f64>]) {
    y.par_iter_mut().zip(x).for_each(|(y, x)| *y += x * s);
}

impl<'a> PseudoInverse<'a> {
    /// H^+.
    pub fn of_hessian(hessian: &'a SparseHessian) -> Self {
        Self::new(hessian, None)
    }

    /// D^+ with D = M^-1/2 H M^-1/2 (masses per atom).
    pub fn of_dynamical(hessian: &'a SparseHessian, masses: &[f64]) -> Self {
        Self::new(hessian, Some(masses))
    }

    fn new(hessian: &'a SparseHessian, masses: Option<&[f64]>) -> Self {
        let n = hessian.rows.len();
        let inv_sqrt_mass: Option<Vec<f64>> =
            masses.map(|m| m.iter().map(|m| 1.0 / m.sqrt()).collect());
        let w = |i: usize| inv_sqrt_mass.as_ref().map_or(1.0, |s| s[i]);
        // D's translations are sqrt(m_i) t.
        let t: Vec<f64> = (0..n).map(|i| 1.0 / w(i)).collect();
        let t_norm = t.iter().map(|x| x * x).sum::<f64>().sqrt();
        let preconditioner = (0..n)
            .map(|i| {
                let diag = hessian.rows[i]
                    .iter()
                    .find(|(j, _)| *j as usize == i)
                    .map_or(Matrix3::identity(), |b| b.1)
                    * (w(i) * w(i));
                block_inverse(&diag)
            })
            .collect();
        Self {
            hessian,
            inv_sqrt_mass,
            translation_weights: t.iter().map(|x| x / t_norm).collect(),
            preconditioner,
            tolerance: 1e-12,
            max_iterations: 20 * n.max(10),
        }
    }

    /// A x.
    pub fn times(&self, x: &[Vector3<f64>]) -> Vec<Vector3<f64>> {
        match &self.inv_sqrt_mass {
            None => self.hessian.times(x),
            Some(s) => {
                let y: Vec<Vector3<f64>> = x.iter().zip(s).map(|(x, s)| x * *s).collect();
                let hy = self.hessian.times(&y);
                hy.into_iter().zip(s).map(|(v, s)| v * *s).collect()
            }
        }
    }

    /// x minus its components along the translations.
    pub fn project(&self, x: &mut [Vector3<f64>]) {
        let w = &self.translation_weights;
        let c: Vector3<f64> = x.iter().zip(w).map(|(x, w)| x * *w).sum();
        x.par_iter_mut().zip(w).for_each(|(x, w)| *x -= c * *w);
    }

    /// A^+ b, starting from `guess` (or 0). Errors (no convergence, negative curvature)
    /// are messages for the caller to attach to its configuration.
    pub fn solve(
        &self,
        b: &[Vector3<f64>],
        guess: Option<&[Vector3<f64>]>,
    ) -> Result<Solve, String> {
        let mut b = b.to_vec();
        self.project(&mut b);
        let b_norm = norm(&b);
        let mut x = match guess {
            Some(g) => g.to_vec(),
            None => vec![Vector3::zeros(); b.len()],
        };
        self.project(&mut x);
        if b_norm == 0.0 {
            return Ok(Solve {
                x: vec![Vector3::zeros(); b.len()],
                iterations: 0,
                residual: 0.0,
            });
        }
        let ax = self.times(&x);
        let mut r: Vec<Vector3<f64>> = b.iter().zip(&ax).map(|(b, a)| b - a).collect();
        self.project(&mut r);
        let mut z = self.precondition(&r);
        let mut p = z.clone();
        let mut rz = dot(&r, &z);
        for it in 0..=self.max_iterations {
            let residual = norm(&r) / b_norm;
            if residual <= self.tolerance {
                return Ok(Solve {
                    x,
                    iterations: it,
                    residual,
                });
            }
            let ap = self.times(&p);
            let pap = dot(&p, &ap);
            if pap.is_nan() || pap <= 0.0 {
                return Err(format!(
                    "conjugate gradients met a direction of non-positive curvature ({pap:.3e}): \
                     the configuration is not at a minimum"
                ));
            }
            let alpha = rz / pap;
            axpy(&mut x, alpha, &p);
            axpy(&mut r, -alpha, &ap);
            self.project(&mut r);
            z = self.precondition(&r);
            let rz_new = dot(&r, &z);
            let beta = rz_new / rz;
            rz = rz_new;
            p.par_iter_mut()
                .zip(&z)
                .for_each(|(p, z)| *p = z + *p * beta);
        }
        Err(format!(
            "conjugate gradients did not reach a relative residual of {:.1e} in {} iterations ({:.1e})",
            self.tolerance,
            self.max_iterations,
            norm(&r) / b_norm
        ))
    }

    /// P M^-1 P r: the block-diagonal preconditioner kept orthogonal to the translations.
    fn precondition(&self, r: &[Vector3<f64>]) -> Vec<Vector3<f64>> {
        let mut z: Vec<Vector3<f64>> = r
            .par_iter()
            .zip(&self.preconditioner)
            .map(|(r, m)| m * r)
            .collect();
        self.project(&mut z);
        z
    }
}

/// The inverse of a diagonal block if it is positive definite, else 1/(its mean
/// diagonal) (or 1) times the identity: a preconditioner must be positive definite.
fn block_inverse(m: &Matrix3<f64>) -> Matrix3<f64> {
    if let Some(c) = m.cholesky() {
        return c.inverse();
    }
    let mean = m.trace() / 3.0;
    Matrix3::identity() * if mean > 0.0 { 1.0 / mean } else { 1.0 }
}
