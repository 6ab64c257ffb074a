//! The largest eigenpairs of a symmetric operator by Lanczos with full
//! reorthogonalisation, in the complement of a given orthonormal set (deflation).
//!
//! Used on the shift-invert operator (D - sigma I)^-1, whose largest eigenvalues belong
//! to the eigenvalues of D nearest above sigma. Every new Krylov vector is
//! Gram-Schmidt orthogonalised twice against the deflated vectors and all earlier
//! Lanczos vectors, so the deflated directions (the translations, modes found before)
//! never re-enter by round-off, and no spurious copies of converged Ritz values arise.
//! The basis grows without restarts: shift-invert converges the wanted end of the
//! spectrum in a few tens of steps, so a few hundred vectors always suffice.

use nalgebra::{DMatrix, SymmetricEigen};
use rayon::prelude::*;

use crate::error::{Error, Result};

/// What to compute.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of largest eigenpairs.
    pub wanted: usize,
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
    /// Lanczos steps (operator applications) taken.
    pub steps: usize,
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// w <- w - sum_l (q_l . w) q_l, twice (classical Gram-Schmidt with one
/// re-orthogonalisation is accurate to round-off for any w).
pub fn project_out(w: &mut [f64], basis: &[Vec<f64>]) {
    if basis.is_empty() {
        return;
    }
    for _ in 0..2 {
        let c: Vec<f64> = basis.par_iter().map(|q| -dot(q, w)).collect();
        add_combination(w, basis, &c);
    }
}

/// out <- out + sum_l c_l q_l, in parallel over blocks of components.
fn add_combination(out: &mut [f64], basis: &[Vec<f64>], c: &[f64]) {
    const BLOCK: usize = 1024;
    out.par_chunks_mut(BLOCK)
        .enumerate()
        .for_each(|(chunk, block)| {
            let start = chunk * BLOCK;
            let len = block.len();
            for (q, cl) in basis.iter().zip(c) {
                for (x, qv) in block.iter_mut().zip(&q[start..start + len]) {
                    *x += cl * qv;
                }
            }
        });
}

/// A small deterministic generator (splitmix64) for start vectors.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    }
}

/// A random unit vector orthogonal to `deflate` and `basis`.
fn fresh_vector(
    rng: &mut SplitMix,
    n: usize,
    deflate: &[Vec<f64>],
    basis: &[Vec<f64>],
) -> Vec<f64> {
    let mut v: Vec<f64> = (0..n).map(|_| rng.next()).collect();
    project_out(&mut v, deflate);
    project_out(&mut v, basis);
    let len = norm(&v);
    v.iter_mut().for_each(|x| *x /= len);
    v
}

/// The `opts.wanted` largest eigenpairs of the symmetric operator `op` restricted to the
/// complement of the orthonormal vectors `deflate` (n components each). `check` is called
/// once per step (progress, cancel).
pub fn largest(
    op: &mut dyn FnMut(&[f64]) -> Result<Vec<f64>>,
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
    let mut rng = SplitMix(opts.seed);
    let mut basis: Vec<Vec<f64>> = Vec::new();
    let (mut alpha, mut beta) = (Vec::new(), Vec::new());
    let mut v = fresh_vector(&mut rng, n, deflate, &basis);
    loop {
        check(basis.len())?;
        let mut w = op(&v)?;
        basis.push(v);
        let a = dot(basis.last().map_or(&[][..], |q| q), &w);
        alpha.push(a);
        project_out(&mut w, deflate);
        project_out(&mut w, &basis);
        let b = norm(&w);
        let steps = basis.len();
        let exhausted = steps == max_steps;
        if steps >= opts.wanted && (exhausted || steps.is_multiple_of(4)) {
            let (thetas, s) = tridiagonal_eigen(&alpha, &beta);
            let last = steps - 1;
            let order = largest_first(&thetas, opts.wanted);
            let converged = order
                .iter()
                .all(|&i| (b * s[(last, i)]).abs() <= opts.tol * thetas[i].abs());
            if converged || steps == free {
                return Ok(ritz_pairs(&basis, &thetas, &s, &order, steps));
            }
            if exhausted {
                return Err(Error::Setting(format!(
                    "the Lanczos iteration did not converge in {steps} steps"
                )));
            }
        }
        if b <= 1e-12 * a.abs().max(f64::MIN_POSITIVE) {
            // An invariant subspace: continue in a new direction, uncoupled.
            v = fresh_vector(&mut rng, n, deflate, &basis);
            beta.push(0.0);
        } else {
            v = w.iter().map(|x| x / b).collect();
            beta.push(b);
        }
    }
}

/// Eigenvalues and eigenvectors (columns) of the tridiagonal matrix (alpha, beta).
fn tridiagonal_eigen(alpha: &[f64], beta: &[f64]) -> (Vec<f64>, DMatrix<f64>) {
    let m = alpha.len();
    let t = DMatrix::from_fn(m, m, |i, j| match i.abs_diff(j) {
        0 => alpha[i],
        1 => beta[i.min(j)],
        _ => 0.0,
    });
    let eig = SymmetricEigen::new(t);
    (eig.eigenvalues.iter().copied().collect(), eig.eigenvectors)
}

/// Indices of the `k` largest values, largest first.
fn largest_first(values: &[f64], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    idx.truncate(k);
    idx
}

fn ritz_pairs(
    basis: &[Vec<f64>],
    thetas: &[f64],
    s: &DMatrix<f64>,
    order: &[usize],
    steps: usize,
) -> Ritz {
    let n = basis[0].len();
    let vectors = order
        .iter()
        .map(|&i| {
            let mut y = vec![0.0; n];
            let c: Vec<f64> = (0..basis.len()).map(|j| s[(j, i)]).collect();
            add_combination(&mut y, basis, &c);
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
        let mut op = |x: &[f64]| -> Result<Vec<f64>> {
            Ok(x.iter()
                .enumerate()
                .map(|(i, v)| (i + 1) as f64 * v)
                .collect())
        };
        let opts = Options {
            wanted: 3,
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
        let mut op = |x: &[f64]| -> Result<Vec<f64>> { Ok(vec![x[0], 2.0 * x[1], 4.0 * x[2]]) };
        let opts = Options {
            wanted: 3,
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
