//! The lowest eigenpairs of D without a factorisation: Chebyshev-filtered subspace
//! iteration (Zhou, Saad, Tiago and Chelikowsky, J. Comput. Phys. 219, 172 (2006)).
//!
//! A block of s > k vectors is multiplied by a Chebyshev polynomial of D that is at most
//! 1 in magnitude on [a, b] (a: the largest Ritz value of the block, b: above the whole
//! spectrum) and grows fast below a, then Rayleigh-Ritz on the filtered block gives the
//! next Ritz pairs. Only products D X are needed, so memory is that of D and a few
//! blocks: the route for glasses whose Cholesky factor does not fit. Each eigenvalue below
//! a converges by 1 / T_m((b + a - 2 lambda)/(b - a)) per filter of degree m, and a block
//! larger than k keeps a above the k-th eigenvalue, clusters that straddle k included.
//! The translations (exact zero modes) are projected out of every block.

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatMut, MatRef, Par};
use nalgebra::{DMatrix, SymmetricEigen};

use super::dynamical::Dynamical;
use super::lanczos::{dot, norm, SplitMix};
use crate::error::{Error, Result};

/// What to compute.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of lowest eigenpairs.
    pub wanted: usize,
    /// Vectors filtered together (more than `wanted`).
    pub block: usize,
    /// Converged when |D x - theta x| <= tol b for each wanted pair, b bounding the
    /// spectrum.
    pub tol: f64,
    pub max_iterations: usize,
    pub seed: u64,
}

/// The lowest Ritz pairs, ascending.
#[derive(Debug)]
pub struct Filtered {
    pub thetas: Vec<f64>,
    pub vectors: Vec<Vec<f64>>,
    /// Products of D with one vector, all stages.
    pub products: usize,
    pub iterations: usize,
    /// The upper bound b of the spectrum used by the filter.
    pub upper: f64,
}

/// The filter never amplifies the lowest Ritz value's direction by more than this over
/// the filter edge: the orthonormalisation of the filtered block keeps the less
/// amplified wanted directions to ~1e-16 x this, relative.
const AMPLIFICATION: f64 = 1e8;
/// A filter aims at reducing the unwanted part of the k-th vector by this factor.
const REDUCTION: f64 = 1e6;
const MAX_DEGREE: usize = 400;
/// Lanczos steps of the estimate of the largest eigenvalue.
const BOUND_STEPS: usize = 40;

/// The `opts.wanted` lowest eigenpairs of D outside the orthonormal `deflate` vectors,
/// or, as soon as a Ritz value falls below -tol b, the Ritz pairs then (the first
/// negative, unconverged: D has a negative eigenvalue at or below it).
/// `check(fraction)` is called after each product (progress, cancel).
pub fn lowest(
    d: &Dynamical,
    deflate: &[Vec<f64>],
    opts: Options,
    check: &mut dyn FnMut(f64) -> Result<()>,
) -> Result<Filtered> {
    let n = d.dim();
    let free = n.saturating_sub(deflate.len());
    let s = opts.block.min(free);
    if opts.wanted == 0 || opts.wanted > s {
        return Err(Error::Setting(format!(
            "{} eigenpairs asked for with a block of {s} vectors in a space of dimension {free}",
            opts.wanted
        )));
    }
    let deflate = Mat::from_fn(n, deflate.len(), |i, j| deflate[j][i]);
    let (upper, mut products) = upper_bound(d, opts.seed);
    let tol = opts.tol * upper;
    let mut rng = SplitMix(opts.seed ^ 0x9e37);
    let mut x: Vec<f64> = (0..n * s).map(|_| rng.next()).collect();
    let mut ritz = rayleigh_ritz(d, &deflate, &mut x, s);
    products += s;
    let first = ritz.worst_residual(opts.wanted).max(tol);
    for iteration in 1..=opts.max_iterations {
        let degree = degree(&ritz.thetas, opts.wanted, upper);
        let edge = ritz.thetas[s - 1];
        let progress =
            (first / ritz.worst_residual(opts.wanted).max(tol)).ln() / (first / tol).ln();
        let mut each = || check(progress.clamp(0.0, 1.0));
        x = chebyshev(d, ritz.vectors, s, degree, edge, upper, &mut each)?;
        products += degree * s;
        ritz = rayleigh_ritz(d, &deflate, &mut x, s);
        products += s;
        // A Ritz value is never below the lowest eigenvalue: a negative one proves a
        // negative eigenvalue (not a minimum), and the caller is told at once.
        if ritz.worst_residual(opts.wanted) <= tol || ritz.thetas[0] < -tol {
            return Ok(ritz.into_filtered(opts.wanted, products, iteration, upper));
        }
    }
    Err(Error::Setting(format!(
        "the Chebyshev-filtered iteration did not converge in {} iterations (largest residual {:.1e}, wanted {tol:.1e})",
        opts.max_iterations,
        ritz.worst_residual(opts.wanted)
    )))
}

/// Ritz pairs of a block, ascending, with residual norms.
struct Ritz {
    thetas: Vec<f64>,
    /// n x s row-major.
    vectors: Vec<f64>,
    residuals: Vec<f64>,
}

impl Ritz {
    fn worst_residual(&self, k: usize) -> f64 {
        self.residuals[..k].iter().copied().fold(0.0, f64::max)
    }

    fn into_filtered(self, k: usize, products: usize, iterations: usize, upper: f64) -> Filtered {
        let s = self.thetas.len();
        let vectors = (0..k)
            .map(|t| self.vectors.iter().skip(t).step_by(s).copied().collect())
            .collect();
        Filtered {
            thetas: self.thetas[..k].to_vec(),
            vectors,
            products,
            iterations,
            upper,
        }
    }
}

/// Degree of the next filter: enough to reduce the unwanted part of the k-th Ritz
/// vector by REDUCTION, but amplifying the lowest by no more than AMPLIFICATION.
fn degree(thetas: &[f64], k: usize, upper: f64) -> usize {
    let edge = thetas[thetas.len() - 1];
    let half = 0.5 * (upper - edge).max(f64::MIN_POSITIVE);
    let at = |theta: f64| ((upper - theta) / half - 1.0).max(1.0);
    let cap = AMPLIFICATION.acosh() / at(thetas[0]).acosh();
    let goal = REDUCTION.acosh() / at(thetas[k - 1]).acosh();
    // NaN (both points at the edge) falls to the cap by `min`.
    (goal.min(cap).min(MAX_DEGREE as f64) as usize).max(2)
}

/// p(D) X for the Chebyshev polynomial of degree m of the interval [a, b] mapped onto
/// [-1, 1] (three-term recurrence, two spare blocks). `x` is n x s row-major.
fn chebyshev(
    d: &Dynamical,
    x: Vec<f64>,
    s: usize,
    m: usize,
    a: f64,
    b: f64,
    check: &mut dyn FnMut() -> Result<()>,
) -> Result<Vec<f64>> {
    let e = 0.5 * (b - a);
    let c = 0.5 * (b + a);
    let mut previous = x;
    let mut current = vec![0.0; previous.len()];
    // T_1(y) = y with y = (D - c) / e.
    d.apply(&previous, s, [1.0 / e, -c / e, 0.0], &mut current);
    check()?;
    for _ in 1..m {
        // T_(j+1) = 2 y T_j - T_(j-1), written over T_(j-1).
        d.apply(&current, s, [2.0 / e, -2.0 * c / e, -1.0], &mut previous);
        std::mem::swap(&mut previous, &mut current);
        check()?;
    }
    Ok(current)
}

/// Orthonormalises the block `x` (n x s row-major) in the complement of `deflate`, and
/// returns the Ritz pairs of D in its span.
fn rayleigh_ritz(d: &Dynamical, deflate: &Mat<f64>, x: &mut [f64], s: usize) -> Ritz {
    let n = d.dim();
    let q = orthonormal(x, deflate, s);
    let mut w = vec![0.0; n * s];
    d.apply(&q, s, [1.0, 0.0, 0.0], &mut w);
    let qm = MatRef::from_row_major_slice(&q, n, s);
    let wm = MatRef::from_row_major_slice(&w, n, s);
    let mut g = Mat::<f64>::zeros(s, s);
    matmul(g.as_mut(), Accum::Replace, qm.transpose(), wm, 1.0, par());
    let g = DMatrix::from_fn(s, s, |i, j| 0.5 * (g[(i, j)] + g[(j, i)]));
    let eig = SymmetricEigen::new(g);
    let mut order: Vec<usize> = (0..s).collect();
    order.sort_by(|&i, &j| eig.eigenvalues[i].total_cmp(&eig.eigenvalues[j]));
    let rotation = Mat::from_fn(s, s, |i, j| eig.eigenvectors[(i, order[j])]);
    let thetas: Vec<f64> = order.iter().map(|&i| eig.eigenvalues[i]).collect();
    let mut vectors = vec![0.0; n * s];
    let mut images = vec![0.0; n * s];
    for (out, from) in [(&mut vectors, qm), (&mut images, wm)] {
        let out = MatMut::from_row_major_slice_mut(out, n, s);
        matmul(out, Accum::Replace, from, rotation.as_ref(), 1.0, par());
    }
    let mut residuals = vec![0.0; s];
    for ((v, dv), _) in vectors
        .chunks_exact(s)
        .zip(images.chunks_exact(s))
        .zip(0..n)
    {
        for t in 0..s {
            residuals[t] += (dv[t] - thetas[t] * v[t]).powi(2);
        }
    }
    residuals.iter_mut().for_each(|r| *r = r.sqrt());
    Ritz {
        thetas,
        vectors,
        residuals,
    }
}

/// An orthonormal basis (n x s row-major) of the part of `x` outside `deflate`: the
/// projection and a Householder QR, twice (a filtered block's columns differ in scale by
/// up to AMPLIFICATION, and the second pass restores orthogonality to the last digits).
fn orthonormal(x: &mut [f64], deflate: &Mat<f64>, s: usize) -> Vec<f64> {
    let n = deflate.nrows();
    let mut q = Mat::from_fn(n, s, |i, j| x[i * s + j]);
    for _ in 0..2 {
        for _ in 0..2 {
            project_out(q.as_mut(), deflate);
        }
        q = q.qr().compute_thin_Q();
    }
    let mut out = vec![0.0; n * s];
    for (i, row) in out.chunks_exact_mut(s).enumerate() {
        row.iter_mut().enumerate().for_each(|(j, v)| *v = q[(i, j)]);
    }
    out
}

/// q <- q - T (T^T q).
fn project_out(mut q: MatMut<'_, f64>, t: &Mat<f64>) {
    if t.ncols() == 0 {
        return;
    }
    let mut c = Mat::<f64>::zeros(t.ncols(), q.ncols());
    matmul(
        c.as_mut(),
        Accum::Replace,
        t.transpose(),
        q.as_ref(),
        1.0,
        par(),
    );
    matmul(q.as_mut(), Accum::Add, t.as_ref(), c.as_ref(), -1.0, par());
}

/// An upper bound of D's spectrum and the products it took: the largest Ritz value of
/// a short Lanczos run plus its residual norm (Zhou and Li's bound), never above the
/// rigorous Gershgorin bound.
fn upper_bound(d: &Dynamical, seed: u64) -> (f64, usize) {
    let n = d.dim();
    let steps = BOUND_STEPS.min(n);
    let mut rng = SplitMix(seed);
    let mut v: Vec<f64> = (0..n).map(|_| rng.next()).collect();
    let len = norm(&v);
    v.iter_mut().for_each(|x| *x /= len);
    let mut basis: Vec<Vec<f64>> = Vec::with_capacity(steps);
    let mut t = DMatrix::<f64>::zeros(steps, steps);
    let mut beta = 0.0;
    let mut m = 0;
    while m < steps {
        let mut w = d.times(&v);
        t[(m, m)] = dot(&v, &w);
        if m > 0 {
            t[(m - 1, m)] = beta;
            t[(m, m - 1)] = beta;
        }
        basis.push(v);
        m += 1;
        for _ in 0..2 {
            for q in &basis {
                let c = dot(q, &w);
                w.iter_mut().zip(q).for_each(|(x, y)| *x -= c * y);
            }
        }
        beta = norm(&w);
        if beta <= 1e-14 * t[(m - 1, m - 1)].abs() {
            break;
        }
        v = w.iter().map(|x| x / beta).collect();
    }
    let t = t.view((0, 0), (m, m)).into_owned();
    let largest = SymmetricEigen::new(t)
        .eigenvalues
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    ((largest + beta).min(d.gershgorin_bound()), m)
}

fn par() -> Par {
    Par::rayon(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::potential::SparseHessian;
    use nalgebra::Matrix3;

    /// A ring of n atoms of mass m joined by isotropic springs K: omega2 =
    /// 2 K (1 - cos(2 pi q / n)) / m, three-fold for each q, and q ~ n - q.
    fn ring(n: usize, spring: f64, mass: f64) -> Dynamical {
        let k = Matrix3::identity() * spring;
        let rows = (0..n)
            .map(|i| {
                let mut row = vec![
                    (i as u32, k * 2.0),
                    (((i + 1) % n) as u32, -k),
                    (((i + n - 1) % n) as u32, -k),
                ];
                row.sort_by_key(|(j, _)| *j);
                row
            })
            .collect();
        Dynamical::new(SparseHessian { rows }, &vec![mass; n])
    }

    #[test]
    fn a_ring_of_springs_gives_its_phonons_degenerate_levels_whole() {
        let (n, spring, mass) = (50, 1.5, 2.0);
        let d = ring(n, spring, mass);
        let mut want: Vec<f64> = (1..n)
            .flat_map(|q| {
                let w =
                    2.0 * spring * (1.0 - (2.0 * std::f64::consts::PI * q as f64 / n as f64).cos())
                        / mass;
                [w; 3]
            })
            .collect();
        want.sort_by(f64::total_cmp);
        // k = 9 cuts the second six-fold level.
        let opts = Options {
            wanted: 9,
            block: 21,
            tol: 1e-12,
            max_iterations: 100,
            seed: 3,
        };
        let found = lowest(&d, &d.translations(), opts, &mut |_| Ok(())).expect("converges");
        for (got, want) in found.thetas.iter().zip(&want) {
            assert!((got - want).abs() < 1e-10 * want, "{got} vs {want}");
        }
        for (i, v) in found.vectors.iter().enumerate() {
            assert!((norm(v) - 1.0).abs() < 1e-12);
            for t in d.translations() {
                assert!(dot(v, &t).abs() < 1e-12, "a translation in vector {i}");
            }
            let dv = d.times(v);
            let r: f64 = dv
                .iter()
                .zip(v)
                .map(|(a, b)| (a - found.thetas[i] * b).powi(2))
                .sum();
            assert!(r.sqrt() < 1e-10, "residual {}", r.sqrt());
        }
        assert!(
            found.upper >= 4.0 * spring / mass * (1.0 - 1e-12),
            "bound {}",
            found.upper
        );
    }

    #[test]
    fn a_block_no_larger_than_the_request_is_refused() {
        let d = ring(10, 1.0, 1.0);
        let opts = Options {
            wanted: 5,
            block: 4,
            tol: 1e-12,
            max_iterations: 10,
            seed: 1,
        };
        assert!(lowest(&d, &d.translations(), opts, &mut |_| Ok(())).is_err());
    }
}
