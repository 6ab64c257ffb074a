//! The largest eigenpairs of a symmetric operator by block Lanczos with full
//! reorthogonalisation, in the complement of a given orthonormal set (deflation).
//!
//! Used on the shift-invert operator (D - sigma I)^-1, whose largest eigenvalues belong
//! to the eigenvalues of D nearest above sigma. The operator is applied to a block of
//! vectors at once: a solve with a sparse factor reads the factor once for the whole
//! block, and the cost of a solve is in that reading. Every new block is Gram-Schmidt
//! orthogonalised twice against the deflated vectors and all earlier Lanczos vectors, so
//! the deflated directions (the translations, modes found before) never re-enter by
//! round-off, and no spurious copies of converged Ritz values arise. The Rayleigh
//! quotient matrix is computed from the operator's output, so no recurrence is trusted.
//! The basis grows without restarts: shift-invert converges the wanted end of the
//! spectrum in a few tens of vectors.

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatMut, MatRef, Par};
use nalgebra::{DMatrix, SymmetricEigen};

use crate::error::{Error, Result};

/// What to compute.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of largest eigenpairs.
    pub wanted: usize,
    /// Vectors per operator application. A random block of b vectors sees every
    /// eigenspace of dimension <= b, so degenerate eigenvalues up to b-fold are found.
    pub block: usize,
    /// Converged when the residual estimate |beta_m s_mi| <= tol |theta_i|.
    pub tol: f64,
    /// Largest basis (the iteration fails beyond it).
    pub max_steps: usize,
    /// Seed of the start vector (reproducible results).
    pub seed: u64,
}

/// The converged Ritz pairs, largest theta first.
#[derive(Debug)]
pub struct Ritz {
    pub thetas: Vec<f64>,
    pub vectors: Vec<Vec<f64>>,
    /// Vectors the operator was applied to.
    pub steps: usize,
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// A small deterministic generator (splitmix64) for start vectors.
pub(crate) struct SplitMix(pub(crate) u64);

impl SplitMix {
    pub(crate) fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    }
}

/// Column-major n x m storage of orthonormal vectors.
struct Basis {
    n: usize,
    values: Vec<f64>,
}

impl Basis {
    fn of(n: usize, vectors: &[Vec<f64>]) -> Self {
        Self {
            n,
            values: vectors.concat(),
        }
    }

    fn len(&self) -> usize {
        self.values.len() / self.n
    }

    fn mat(&self) -> MatRef<'_, f64> {
        MatRef::from_column_major_slice(&self.values, self.n, self.len())
    }

    fn column(&self, j: usize) -> &[f64] {
        &self.values[j * self.n..(j + 1) * self.n]
    }

    /// w <- w - Q (Q^T w) for the block w (n x b, column-major).
    fn project_out(&self, w: &mut [f64]) {
        if self.len() == 0 {
            return;
        }
        let b = w.len() / self.n;
        let mut c = Mat::<f64>::zeros(self.len(), b);
        let mut w = MatMut::from_column_major_slice_mut(w, self.n, b);
        matmul(
            c.as_mut(),
            Accum::Replace,
            self.mat().transpose(),
            w.as_ref(),
            1.0,
            par(),
        );
        matmul(w.as_mut(), Accum::Add, self.mat(), c.as_ref(), -1.0, par());
    }

    /// Q^T w for the block w.
    fn coefficients(&self, w: &[f64]) -> Mat<f64> {
        let b = w.len() / self.n;
        let w = MatRef::from_column_major_slice(w, self.n, b);
        let mut c = Mat::<f64>::zeros(self.len(), b);
        matmul(
            c.as_mut(),
            Accum::Replace,
            self.mat().transpose(),
            w,
            1.0,
            par(),
        );
        c
    }
}

fn par() -> Par {
    Par::rayon(0)
}

/// Makes the block w (n x b) orthonormal and orthogonal to `deflate` and `basis`:
/// block Gram-Schmidt twice, then the columns among themselves. A column that vanishes
/// (its direction already spanned) is replaced by a random one, so the block keeps its
/// size.
fn orthonormalise(w: &mut [f64], deflate: &Basis, basis: &Basis, rng: &mut SplitMix) {
    let n = deflate.n;
    let b = w.len() / n;
    let before: Vec<f64> = w.chunks_exact(n).map(norm).collect();
    for _ in 0..2 {
        deflate.project_out(w);
        basis.project_out(w);
    }
    for j in 0..b {
        for attempt in 0..4 {
            for _ in 0..2 {
                for i in 0..j {
                    let (done, rest) = w.split_at_mut(j * n);
                    let qi = &done[i * n..(i + 1) * n];
                    let wj = &mut rest[..n];
                    let c = dot(qi, wj);
                    wj.iter_mut().zip(qi).for_each(|(x, q)| *x -= c * q);
                }
            }
            let len = norm(&w[j * n..(j + 1) * n]);
            if len > 1e-10 * before[j].max(f64::MIN_POSITIVE) || attempt == 3 {
                w[j * n..(j + 1) * n].iter_mut().for_each(|x| *x /= len);
                break;
            }
            // An invariant subspace: continue in a new random direction.
            let column = &mut w[j * n..(j + 1) * n];
            column.iter_mut().for_each(|x| *x = rng.next());
            for _ in 0..2 {
                deflate.project_out(column);
                basis.project_out(column);
            }
        }
    }
}

/// The `opts.wanted` largest eigenpairs of the symmetric operator `op` restricted to the
/// complement of the orthonormal vectors `deflate` (n components each). `op` replaces a
/// block of vectors (n x b, column-major) by its image. `check` is called once per block
/// (progress, cancel) with the number of vectors so far.
pub fn largest(
    op: &mut dyn FnMut(&mut [f64]) -> Result<()>,
    n: usize,
    deflate: &[Vec<f64>],
    opts: Options,
    check: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<Ritz> {
    let free = n.saturating_sub(deflate.len());
    if opts.wanted == 0 || opts.wanted > free {
        return Err(Error::Setting(format!(
            "{} eigenpairs asked for in a space of dimension {free}",
            opts.wanted
        )));
    }
    let max_steps = opts.max_steps.min(free);
    let b = opts.block.clamp(1, max_steps);
    let mut rng = SplitMix(opts.seed);
    let deflate = Basis::of(n, deflate);
    let mut basis = Basis::of(n, &[]);
    // Column j of `coupling`: Q^T (A q_j) over the basis as it was after q_j's block.
    let mut coupling: Vec<Vec<f64>> = Vec::new();
    let mut block: Vec<f64> = (0..n * b).map(|_| rng.next()).collect();
    orthonormalise(&mut block, &deflate, &basis, &mut rng);
    loop {
        check(basis.len())?;
        let m = basis.len() + block.len() / n;
        basis.values.extend_from_slice(&block);
        let mut w = block;
        op(&mut w)?;
        let image = w.clone();
        let room = max_steps.saturating_sub(m).min(b);
        let next = if room > 0 {
            w.truncate(room * n);
            orthonormalise(&mut w, &deflate, &basis, &mut rng);
            w
        } else {
            Vec::new()
        };
        let mut with_next = Basis {
            n,
            values: std::mem::take(&mut basis.values),
        };
        with_next.values.extend_from_slice(&next);
        let c = with_next.coefficients(&image);
        with_next.values.truncate(m * n);
        basis = with_next;
        for col in c.col_iter() {
            coupling.push(col.iter().copied().collect());
        }
        if m >= opts.wanted {
            let (thetas, s) = rayleigh_ritz(&coupling, m);
            let order = largest_first(&thetas, opts.wanted);
            let first_of_last = m - image.len() / n;
            let converged = order.iter().all(|&i| {
                residual(&coupling, &s, i, first_of_last, m) <= opts.tol * thetas[i].abs()
            });
            if converged || m == free {
                return Ok(ritz_pairs(&basis, &thetas, &s, &order, m));
            }
            if next.is_empty() {
                return Err(Error::Setting(format!(
                    "the Lanczos iteration did not converge in {m} steps"
                )));
            }
        }
        block = next;
    }
}

/// Eigenvalues and eigenvectors (columns) of the m x m Rayleigh quotient Q^T A Q. Entry
/// (i, j) is read from the later of the two columns, which always has it (an earlier
/// column's image has no part along blocks after its next one).
fn rayleigh_ritz(coupling: &[Vec<f64>], m: usize) -> (Vec<f64>, DMatrix<f64>) {
    let t = DMatrix::from_fn(m, m, |i, j| coupling[i.max(j)][i.min(j)]);
    let eig = SymmetricEigen::new(t);
    (eig.eigenvalues.iter().copied().collect(), eig.eigenvectors)
}

/// |A y - theta y| of the Ritz vector y = Q s_i: the part of A y outside the basis, which
/// comes from the last block's images alone (their components along the next block).
fn residual(
    coupling: &[Vec<f64>],
    s: &DMatrix<f64>,
    i: usize,
    first_of_last: usize,
    m: usize,
) -> f64 {
    let rows = coupling[m - 1].len();
    (m..rows)
        .map(|r| {
            (first_of_last..m)
                .map(|j| coupling[j][r] * s[(j, i)])
                .sum::<f64>()
                .powi(2)
        })
        .sum::<f64>()
        .sqrt()
}

/// Indices of the `k` largest values, largest first.
fn largest_first(values: &[f64], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    idx.truncate(k);
    idx
}

fn ritz_pairs(
    basis: &Basis,
    thetas: &[f64],
    s: &DMatrix<f64>,
    order: &[usize],
    steps: usize,
) -> Ritz {
    let vectors = order
        .iter()
        .map(|&i| {
            let mut y = vec![0.0; basis.n];
            for j in 0..basis.len() {
                let c = s[(j, i)];
                y.iter_mut()
                    .zip(basis.column(j))
                    .for_each(|(a, q)| *a += c * q);
            }
            y
        })
        .collect();
    Ritz {
        thetas: order.iter().map(|&i| thetas[i]).collect(),
        vectors,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// diag(1..=n) with e_0 deflated: the largest are n, n-1, ..
    #[test]
    fn finds_the_largest_of_a_diagonal_outside_the_deflated_set() {
        let n = 200;
        let mut e0 = vec![0.0; n];
        e0[n - 1] = 1.0; // deflate the largest, n
        let mut op = |x: &mut [f64]| -> Result<()> {
            for column in x.chunks_exact_mut(n) {
                column
                    .iter_mut()
                    .enumerate()
                    .for_each(|(i, v)| *v *= (i + 1) as f64);
            }
            Ok(())
        };
        let opts = Options {
            wanted: 3,
            block: 2,
            tol: 1e-12,
            max_steps: 200,
            seed: 1,
        };
        let r = largest(&mut op, n, &[e0], opts, &mut |_| Ok(())).expect("converges");
        for (k, theta) in r.thetas.iter().enumerate() {
            let want = (n - 1 - k) as f64;
            assert!((theta - want).abs() < 1e-9 * want, "{theta} vs {want}");
            let y = &r.vectors[k];
            assert!((y[n - 2 - k].abs() - 1.0).abs() < 1e-8);
            assert!(y[n - 1].abs() < 1e-14, "the deflated direction stays out");
        }
    }

    #[test]
    fn a_tiny_space_is_solved_exactly() {
        // 3 x 3 with eigenvalues 1, 2, 4 and nothing deflated: the whole spectrum.
        let mut op = |x: &mut [f64]| -> Result<()> {
            for column in x.chunks_exact_mut(3) {
                column[1] *= 2.0;
                column[2] *= 4.0;
            }
            Ok(())
        };
        let opts = Options {
            wanted: 3,
            block: 2,
            tol: 1e-14,
            max_steps: 50,
            seed: 7,
        };
        let r = largest(&mut op, 3, &[], opts, &mut |_| Ok(())).expect("exact");
        for (got, want) in r.thetas.iter().zip([4.0, 2.0, 1.0]) {
            assert!((got - want).abs() < 1e-13, "{got} vs {want}");
        }
        let bad = Options { wanted: 4, ..opts };
        assert!(largest(&mut op, 3, &[], bad, &mut |_| Ok(())).is_err());
    }
}
