//! The mass-weighted dynamical matrix D = M^-1/2 H M^-1/2 (ANALYSIS.md section 12) in
//! compressed block rows (3x3 blocks, D_ij = H_ij / sqrt(m_i m_j)), its products with
//! one vector or a block of vectors, its lower triangle for a factor, and the
//! translation vectors it has as exact zero modes.

use faer::sparse::{SparseColMat, SymbolicSparseColMat};
use nalgebra::Matrix3;
use rayon::prelude::*;

use crate::potential::SparseHessian;

/// D of one configuration.
#[derive(Debug)]
pub struct Dynamical {
    /// Blocks of atom i: `row_start[i]..row_start[i + 1]`, sorted by column.
    row_start: Vec<usize>,
    cols: Vec<u32>,
    blocks: Vec<Matrix3<f64>>,
    inv_sqrt_m: Vec<f64>,
}

impl Dynamical {
    /// D from the exact Hessian and the per-atom masses (the Hessian's rows are
    /// released as they are copied, so the two are not held at once).
    pub fn new(hessian: SparseHessian, masses: &[f64]) -> Self {
        let inv_sqrt_m: Vec<f64> = masses.iter().map(|m| 1.0 / m.sqrt()).collect();
        let n_blocks = hessian.n_blocks();
        let mut row_start = Vec::with_capacity(masses.len() + 1);
        let mut cols = Vec::with_capacity(n_blocks);
        let mut blocks = Vec::with_capacity(n_blocks);
        row_start.push(0);
        for (i, row) in hessian.rows.into_iter().enumerate() {
            for (j, m) in row {
                cols.push(j);
                blocks.push(m * (inv_sqrt_m[i] * inv_sqrt_m[j as usize]));
            }
            row_start.push(cols.len());
        }
        Self {
            row_start,
            cols,
            blocks,
            inv_sqrt_m,
        }
    }

    /// D with its atoms renumbered: atom k of the result is atom `order[k]` of `self`
    /// (`order` a permutation of the atoms).
    pub fn permuted(&self, order: &[u32]) -> Self {
        let mut new_index = vec![0u32; order.len()];
        for (k, &i) in order.iter().enumerate() {
            new_index[i as usize] = k as u32;
        }
        let mut row_start = Vec::with_capacity(order.len() + 1);
        let mut cols = Vec::with_capacity(self.cols.len());
        let mut blocks = Vec::with_capacity(self.blocks.len());
        row_start.push(0);
        for &i in order {
            let mut row: Vec<(u32, Matrix3<f64>)> = self
                .row(i as usize)
                .map(|(j, m)| (new_index[j], *m))
                .collect();
            row.sort_unstable_by_key(|(j, _)| *j);
            for (j, m) in row {
                cols.push(j);
                blocks.push(m);
            }
            row_start.push(cols.len());
        }
        Self {
            row_start,
            cols,
            blocks,
            inv_sqrt_m: order.iter().map(|&i| self.inv_sqrt_m[i as usize]).collect(),
        }
    }

    /// 3N, the dimension of D.
    pub fn dim(&self) -> usize {
        3 * self.inv_sqrt_m.len()
    }

    /// Bytes of the stored blocks and indices.
    pub fn bytes(&self) -> usize {
        self.blocks.len() * (std::mem::size_of::<Matrix3<f64>>() + 4) + self.row_start.len() * 8
    }

    fn row(&self, i: usize) -> impl Iterator<Item = (usize, &Matrix3<f64>)> {
        let range = self.row_start[i]..self.row_start[i + 1];
        self.cols[range.clone()]
            .iter()
            .map(|&j| j as usize)
            .zip(&self.blocks[range])
    }

    /// D x for a flat vector of 3N components.
    pub fn times(&self, x: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; x.len()];
        self.apply(x, 1, [1.0, 0.0, 0.0], &mut out);
        out
    }

    /// out <- c[0] D x + c[1] x + c[2] out for a block of s vectors stored row-major
    /// (component r of vector t at r s + t), in one pass over D: the block of atom j,
    /// 3 s contiguous numbers, is read once for all s vectors.
    pub fn apply(&self, x: &[f64], s: usize, c: [f64; 3], out: &mut [f64]) {
        let width = 3 * s;
        out.par_chunks_mut(width).enumerate().for_each_init(
            || vec![0.0; width],
            |acc, (i, out_i)| {
                acc.iter_mut().for_each(|v| *v = 0.0);
                for (j, block) in self.row(i) {
                    let xj = &x[j * width..(j + 1) * width];
                    let (x0, rest) = xj.split_at(s);
                    let (x1, x2) = rest.split_at(s);
                    for (a, acc_a) in acc.chunks_exact_mut(s).enumerate() {
                        let (m0, m1, m2) = (block[(a, 0)], block[(a, 1)], block[(a, 2)]);
                        let xs = x0.iter().zip(x1).zip(x2);
                        for (v, ((p, q), r)) in acc_a.iter_mut().zip(xs) {
                            *v += m0 * p + m1 * q + m2 * r;
                        }
                    }
                }
                let xi = &x[i * width..(i + 1) * width];
                for ((o, a), xv) in out_i.iter_mut().zip(acc.iter()).zip(xi) {
                    *o = c[0] * a + c[1] * xv + c[2] * *o;
                }
            },
        );
    }

    /// For each atom, the atoms it is coupled to (the block pattern of D).
    pub fn neighbours(&self) -> Vec<Vec<u32>> {
        (0..self.inv_sqrt_m.len())
            .map(|i| self.row(i).map(|(j, _)| j as u32).collect())
            .collect()
    }

    /// trace(D) / 3N: the mean omega2, the scale of the spectrum.
    pub fn mean_diagonal(&self) -> f64 {
        let trace: f64 = (0..self.inv_sqrt_m.len())
            .map(|i| {
                self.row(i)
                    .find(|(j, _)| *j == i)
                    .map_or(0.0, |(_, m)| m.trace())
            })
            .sum();
        trace / self.dim() as f64
    }

    /// The largest row sum of |D_rc| (Gershgorin): no eigenvalue of D lies above it.
    pub fn gershgorin_bound(&self) -> f64 {
        (0..self.inv_sqrt_m.len())
            .into_par_iter()
            .map(|i| {
                (0..3)
                    .map(|a| {
                        self.row(i)
                            .map(|(_, m)| m.row(a).iter().map(|v| v.abs()).sum::<f64>())
                            .sum::<f64>()
                    })
                    .fold(0.0, f64::max)
            })
            .reduce(|| 0.0, f64::max)
    }

    /// The lower triangle of D - sigma I in compressed columns. Row k of the block
    /// matrix is its column k (D is symmetric), and its blocks come sorted by column,
    /// so the rows of each compressed column come out sorted.
    pub fn shifted_lower(&self, sigma: f64) -> SparseColMat<usize, f64> {
        let n = self.dim();
        let mut col_ptr = Vec::with_capacity(n + 1);
        let mut row_idx = Vec::with_capacity(self.blocks.len() * 5);
        let mut values = Vec::with_capacity(self.blocks.len() * 5);
        col_ptr.push(0);
        for k in 0..self.inv_sqrt_m.len() {
            for a in 0..3 {
                let col = 3 * k + a;
                for (j, block) in self.row(k).filter(|(j, _)| *j >= k) {
                    for b in 0..3 {
                        let r = 3 * j + b;
                        if r < col {
                            continue;
                        }
                        // D_(3j+b, 3k+a) = (D_jk)[b, a] = (D_kj)[a, b].
                        let mut v = block[(a, b)];
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

    /// A block product is the product with each column, and the Gershgorin bound lies
    /// above the dimer's largest eigenvalue, 2 (1 + 1/4) along x.
    #[test]
    fn a_block_product_is_the_product_of_each_column() {
        let d = dimer();
        let s = 3;
        let x: Vec<f64> = (0..6 * s).map(|i| (i as f64 * 0.37).sin()).collect();
        let mut out: Vec<f64> = (0..6 * s).map(|i| i as f64).collect();
        let before = out.clone();
        d.apply(&x, s, [2.0, -0.5, 3.0], &mut out);
        for t in 0..s {
            let column: Vec<f64> = (0..6).map(|r| x[r * s + t]).collect();
            let dx = d.times(&column);
            for r in 0..6 {
                let want = 2.0 * dx[r] - 0.5 * column[r] + 3.0 * before[r * s + t];
                assert!((out[r * s + t] - want).abs() < 1e-14);
            }
        }
        assert!(d.gershgorin_bound() >= 2.5 - 1e-15);
        // Renumbered atoms: the same product, its components renumbered.
        let swapped = d.permuted(&[1, 0]);
        let x = [0.3, -1.0, 2.0, 0.7, 0.1, -0.4];
        let dx = d.times(&x);
        let back = swapped.times(&[x[3], x[4], x[5], x[0], x[1], x[2]]);
        for a in 0..3 {
            assert!((back[a] - dx[3 + a]).abs() < 1e-15);
            assert!((back[3 + a] - dx[a]).abs() < 1e-15);
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
