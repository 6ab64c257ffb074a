//! Second moments of the eigenvector and the six dipole basis fields, suffix-summed over
//! atoms sorted by distance from the centre. Every dipole-dependent number is a quadratic
//! form in the tensor unknowns q, so with these sums a fit over any shell, S_random(r_c),
//! the shell means of |s|^2 and the radial fraction each cost O(1): dragging r_s, d_fit
//! or the shell width never touches the atoms again.

use nalgebra::{Matrix3, Matrix6, Vector3, Vector6};
use rayon::prelude::*;

use super::medium::Medium;

/// Layout of one moment vector. With masses the fit compares e_i with sqrt(m_i) s_i
/// (ANALYSIS.md section 12): b below is the mass-weighted basis sqrt(m_i) b_k.
const EE: usize = 0; // |e|^2
const EB: usize = 1; // e . b_k, 6
const BB: usize = 7; // b_k . b_l, k <= l, 21
const EN: usize = 28; // (e . n)^2
const ENB: usize = 29; // (e . n) (b_k . n), 6
const NBB: usize = 35; // (b_k . n) (b_l . n), 21
const UU: usize = 56; // |u|^2 = |e|^2 / m
const SS: usize = 57; // unweighted b_k . b_l, 21 (the field s itself, for Fig. 3)
pub const LEN: usize = 78;

pub type Moment = [f64; LEN];

/// The moments of one atom at x (from the centre) with eigenvector e and sqrt(mass)
/// `w`. An atom exactly at the centre, where the field is undefined, contributes |e|^2
/// and |u|^2 only.
pub fn moment(medium: &Medium, x: &Vector3<f64>, e: &Vector3<f64>, w: f64) -> Moment {
    let mut m = [0.0; LEN];
    m[EE] = e.norm_squared();
    m[UU] = m[EE] / (w * w);
    let r2 = x.norm_squared();
    if r2 == 0.0 {
        return m;
    }
    let n = x / r2.sqrt();
    let plain = medium.basis(x);
    let b = plain.map(|v| v * w);
    let en = e.dot(&n);
    let bn: [f64; 6] = std::array::from_fn(|k| b[k].dot(&n));
    m[EN] = en * en;
    let mut t = 0;
    for k in 0..6 {
        m[EB + k] = e.dot(&b[k]);
        m[ENB + k] = en * bn[k];
        for l in k..6 {
            m[BB + t] = b[k].dot(&b[l]);
            m[NBB + t] = bn[k] * bn[l];
            m[SS + t] = plain[k].dot(&plain[l]);
            t += 1;
        }
    }
    m
}

fn add(a: &mut Moment, b: &Moment) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// A symmetric 6x6 matrix from its upper triangle stored at `at`.
fn sym6(m: &Moment, at: usize) -> Matrix6<f64> {
    let mut out = Matrix6::zeros();
    let mut t = 0;
    for k in 0..6 {
        for l in k..6 {
            out[(k, l)] = m[at + t];
            out[(l, k)] = m[at + t];
            t += 1;
        }
    }
    out
}

fn vec6(m: &Moment, at: usize) -> Vector6<f64> {
    Vector6::from_fn(|k, _| m[at + k])
}

/// sum |e - s(q)|^2 for moments `m`: |e|^2 - 2 q.(e.b) + q^T (b.b) q (never below 0).
pub fn residual_sq(m: &Moment, q: &Vector6<f64>) -> f64 {
    (m[EE] - 2.0 * q.dot(&vec6(m, EB)) + q.dot(&(sym6(m, BB) * q))).max(0.0)
}

/// sum |s(q)|^2 (the field itself, without mass weights).
pub fn field_sq(m: &Moment, q: &Vector6<f64>) -> f64 {
    q.dot(&(sym6(m, SS) * q)).max(0.0)
}

/// sum ((e - s(q)) . n)^2.
pub fn radial_residual_sq(m: &Moment, q: &Vector6<f64>) -> f64 {
    (m[EN] - 2.0 * q.dot(&vec6(m, ENB)) + q.dot(&(sym6(m, NBB) * q))).max(0.0)
}

/// sum |u|^2, u_i = e_i / sqrt(m_i) the displacement (|e|^2 for unit masses).
pub fn u_sq(m: &Moment) -> f64 {
    m[UU]
}

/// A least-squares dipole fit: the tensor unknowns, P, its standard errors, the
/// residual fraction and the number of atoms.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldFit {
    pub q: Vector6<f64>,
    pub p: Matrix3<f64>,
    pub p_stderr: Option<Matrix3<f64>>,
    /// The covariance of `q`, sigma^2 (M^T M)^-1 (None without degrees of freedom).
    pub q_cov: Option<Matrix6<f64>>,
    pub residual_fraction: f64,
    pub n_atoms: usize,
}

/// Solves the normal equations held in the summed moments of `n` atoms; None for fewer
/// than 2 atoms or a singular system.
pub fn solve(m: &Moment, n: usize) -> Option<FieldFit> {
    if n < 2 {
        return None;
    }
    let chol = sym6(m, BB).cholesky()?;
    let q = chol.solve(&vec6(m, EB));
    let rss = residual_sq(m, &q);
    let dof = 3 * n as i64 - 6;
    let q_cov = (dof > 0).then(|| chol.inverse() * (rss / dof as f64));
    let p_stderr = q_cov
        .as_ref()
        .map(|cov| tensor(&Vector6::from_fn(|k, _| cov[(k, k)].sqrt())));
    Some(FieldFit {
        q,
        p: tensor(&q),
        p_stderr,
        q_cov,
        residual_fraction: rss / m[EE],
        n_atoms: n,
    })
}

/// The fit through explicit samples (x from the centre, e, unit masses).
pub fn fit_samples<'a>(
    medium: &Medium,
    samples: impl Iterator<Item = (&'a Vector3<f64>, &'a Vector3<f64>)>,
) -> Option<FieldFit> {
    let mut sum = [0.0; LEN];
    let mut n = 0;
    for (x, e) in samples {
        add(&mut sum, &moment(medium, x, e, 1.0));
        n += 1;
    }
    solve(&sum, n)
}

/// P from [xx, yy, zz, xy, xz, yz].
pub fn tensor(q: &Vector6<f64>) -> Matrix3<f64> {
    Matrix3::new(q[0], q[3], q[4], q[3], q[1], q[5], q[4], q[5], q[2])
}

/// Suffix sums of the moments over atoms in order of distance: the sum over the atoms
/// of rank >= k, so that a range [lo, hi) is `from(lo) - from(hi)` and only ever
/// subtracts the farther, smaller part (no cancellation against the large 1/r^4 core).
/// The sums are kept at every `BLOCK`-th rank (a sixteenth of the memory of one per
/// atom: 5 MB instead of 80 at 128,000 atoms); a rank in between adds the moments of
/// the fewer than `BLOCK` atoms up to the next kept sum.
#[derive(Clone, Debug)]
pub struct Suffix {
    medium: Medium,
    /// x, e and sqrt(mass) of the atoms in rank order.
    ranked: Vec<(Vector3<f64>, Vector3<f64>, f64)>,
    /// kept[b] sums the atoms of rank >= b BLOCK; the last is zero.
    kept: Vec<Moment>,
}

const BLOCK: usize = 16;

impl Suffix {
    /// `order` lists atoms by distance; x, e and the sqrt masses `w` are indexed by atom.
    pub fn new(
        medium: &Medium,
        order: &[u32],
        x: &[Vector3<f64>],
        e: &[Vector3<f64>],
        w: &[f64],
    ) -> Self {
        let ranked: Vec<_> = order
            .iter()
            .map(|&i| (x[i as usize], e[i as usize], w[i as usize]))
            .collect();
        let mut kept: Vec<Moment> = ranked
            .par_chunks(BLOCK)
            .map(|block| {
                let mut sum = [0.0; LEN];
                for (x, e, w) in block {
                    add(&mut sum, &moment(medium, x, e, *w));
                }
                sum
            })
            .collect();
        kept.push([0.0; LEN]);
        for k in (0..kept.len() - 1).rev() {
            let (head, tail) = kept.split_at_mut(k + 1);
            add(&mut head[k], &tail[0]);
        }
        Self {
            medium: *medium,
            ranked,
            kept,
        }
    }

    /// The summed moments of the atoms of rank lo..hi.
    pub fn range(&self, lo: usize, hi: usize) -> Moment {
        let (a, b) = (self.from(lo), self.from(hi));
        std::array::from_fn(|k| a[k] - b[k])
    }

    /// The summed moments of the atoms of rank >= lo.
    pub fn from(&self, lo: usize) -> Moment {
        let block = lo.div_ceil(BLOCK);
        let mut sum = self.kept[block];
        let next = (block * BLOCK).min(self.ranked.len());
        for (x, e, w) in &self.ranked[lo..next] {
            add(&mut sum, &moment(&self.medium, x, e, *w));
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any range of ranks, on a kept sum or between two, sums exactly the moments of
    /// its atoms (checked against the plain sum, atom by atom).
    #[test]
    fn ranges_sum_their_atoms() {
        let n = 103;
        let medium = Medium {
            bulk: 2.0,
            shear: 1.0,
        };
        let x: Vec<Vector3<f64>> = (0..n)
            .map(|i| Vector3::new(i as f64 * 0.1, 1.0 - 0.02 * i as f64, 0.3 + (i % 7) as f64))
            .collect();
        let e: Vec<Vector3<f64>> = (0..n)
            .map(|i| Vector3::new((i % 3) as f64 - 1.0, 0.5, 0.01 * i as f64))
            .collect();
        let w: Vec<f64> = (0..n).map(|i| 1.0 + (i % 2) as f64).collect();
        let order: Vec<u32> = (0..n as u32).rev().collect();
        let sums = Suffix::new(&medium, &order, &x, &e, &w);
        for (lo, hi) in [
            (0, n),
            (0, 16),
            (5, 16),
            (16, 32),
            (7, 101),
            (40, 40),
            (99, n),
        ] {
            let mut want = [0.0; LEN];
            for &i in &order[lo..hi] {
                let i = i as usize;
                add(&mut want, &moment(&medium, &x[i], &e[i], w[i]));
            }
            let got = sums.range(lo, hi);
            for k in 0..LEN {
                let scale = want[k].abs().max(1.0);
                assert!((got[k] - want[k]).abs() < 1e-12 * scale, "{lo}..{hi}, {k}");
            }
        }
    }
}
