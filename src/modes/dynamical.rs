//! The mass-weighted dynamical matrix D = M^-1/2 H M^-1/2 (ANALYSIS.md section 12) as a
//! faer sparse matrix, its products with vectors and the translation vectors it has as
//! exact zero modes.

use faer::sparse::{SparseColMat, SymbolicSparseColMat};
use nalgebra::Vector3;

use crate::potential::SparseHessian;

/// D of one configuration: the Hessian blocks and 1/sqrt(m_i).
#[derive(Debug)]
pub struct Dynamical {
    hessian: SparseHessian,
    inv_sqrt_m: Vec<f64>,
}

impl Dynamical {
    /// D from the exact Hessian and the per-atom masses.
    pub fn new(hessian: SparseHessian, masses: &[f64]) -> Self {
        let inv_sqrt_m = masses.iter().map(|m| 1.0 / m.sqrt()).collect();
        Self {
            hessian,
            inv_sqrt_m,
        }
    }

    /// 3N, the dimension of D.
    pub fn dim(&self) -> usize {
        3 * self.inv_sqrt_m.len()
    }

    /// D x for a flat vector of 3N components.
    pub fn times(&self, x: &[f64]) -> Vec<f64> {
        let u: Vec<Vector3<f64>> = self
            .inv_sqrt_m
            .iter()
            .enumerate()
            .map(|(i, s)| Vector3::new(x[3 * i], x[3 * i + 1], x[3 * i + 2]) * *s)
            .collect();
        let hu = self.hessian.times(&u);
        hu.iter()
            .zip(&self.inv_sqrt_m)
            .flat_map(|(v, s)| [v.x * s, v.y * s, v.z * s])
            .collect()
    }

    /// For each atom, the atoms it is coupled to (the block pattern of D).
    pub fn neighbours(&self) -> Vec<Vec<u32>> {
        self.hessian
            .rows
            .iter()
            .map(|row| row.iter().map(|(j, _)| *j).collect())
            .collect()
    }

    /// trace(D) / 3N: the mean omega2, the scale of the spectrum.
    pub fn mean_diagonal(&self) -> f64 {
        let trace: f64 = self
            .hessian
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let s2 = self.inv_sqrt_m[i].powi(2);
                row.iter()
                    .find(|(j, _)| *j as usize == i)
                    .map_or(0.0, |(_, m)| m.trace() * s2)
            })
            .sum();
        trace / self.dim() as f64
    }

    /// The lower triangle of D - sigma I in compressed columns. Row k of the block
    /// Hessian is its column k (H is symmetric), and its blocks come sorted by column,
    /// so the rows of each compressed column come out sorted.
    pub fn shifted_lower(&self, sigma: f64) -> SparseColMat<usize, f64> {
        let n = self.dim();
        let mut col_ptr = Vec::with_capacity(n + 1);
        let mut row_idx = Vec::with_capacity(self.hessian.n_blocks() * 5);
        let mut values = Vec::with_capacity(self.hessian.n_blocks() * 5);
        col_ptr.push(0);
        for (k, row) in self.hessian.rows.iter().enumerate() {
            for a in 0..3 {
                let col = 3 * k + a;
                for (j, block) in row.iter().filter(|(j, _)| *j as usize >= k) {
                    let j = *j as usize;
                    let scale = self.inv_sqrt_m[k] * self.inv_sqrt_m[j];
                    for b in 0..3 {
                        let r = 3 * j + b;
                        if r < col {
                            continue;
                        }
                        // H_(3j+b, 3k+a) = (H_jk)[b, a] = (H_kj)[a, b].
                        let mut v = block[(a, b)] * scale;
                        if r == col {
                            v -= sigma;
                        }
                        row_idx.push(r);
                        values.push(v);
                    }
                }
                col_ptr.push(row_idx.len());
            }
        }
        let symbolic = SymbolicSparseColMat::new_checked(n, n, col_ptr, None, row_idx);
        SparseColMat::new(symbolic, values)
    }

    /// The three uniform translations of the mass-weighted coordinates, sqrt(m_i/M) t,
    /// orthonormal (they are exact zero modes of D for any translation-invariant
    /// potential).
    pub fn translations(&self) -> Vec<Vec<f64>> {
        translations(&self.inv_sqrt_m)
    }
}

/// sqrt(m_i) t for t = x, y, z, normalised; `inv_sqrt_m` holds 1/sqrt(m_i).
pub(crate) fn translations(inv_sqrt_m: &[f64]) -> Vec<Vec<f64>> {
    let total_mass: f64 = inv_sqrt_m.iter().map(|s| 1.0 / (s * s)).sum();
    (0..3)
        .map(|axis| {
            let mut t = vec![0.0; 3 * inv_sqrt_m.len()];
            for (i, s) in inv_sqrt_m.iter().enumerate() {
                t[3 * i + axis] = 1.0 / (s * total_mass.sqrt());
            }
            t
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix3;

    /// Two atoms joined by a spring along x, masses 1 and 4.
    fn dimer() -> Dynamical {
        let k = Matrix3::new(2.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.5);
        let hessian = SparseHessian {
            rows: vec![vec![(0, k), (1, -k)], vec![(0, -k), (1, k)]],
        };
        Dynamical::new(hessian, &[1.0, 4.0])
    }

    #[test]
    fn lower_triangle_matches_products() {
        let d = dimer();
        let sigma = -0.25;
        let lower = d.shifted_lower(sigma);
        for c in 0..6 {
            let mut x = vec![0.0; 6];
            x[c] = 1.0;
            let col = d.times(&x);
            for (r, &dr) in col.iter().enumerate().skip(c) {
                let stored = lower.as_ref().get(r, c).copied().unwrap_or(0.0);
                let want = dr - if r == c { sigma } else { 0.0 };
                assert!(
                    (stored - want).abs() < 1e-15,
                    "({r},{c}): {stored} vs {want}"
                );
            }
        }
    }

    #[test]
    fn translations_are_zero_modes() {
        let d = dimer();
        for t in d.translations() {
            let norm: f64 = t.iter().map(|x| x * x).sum();
            assert!((norm - 1.0).abs() < 1e-15);
            assert!(d.times(&t).iter().all(|x| x.abs() < 1e-15));
        }
        // The mean of the spectrum: trace = (2 + 0.5 + 0.5)(1 + 1/4), over 6.
        assert!((d.mean_diagonal() - 3.0 * 1.25 / 6.0).abs() < 1e-15);
    }
}
