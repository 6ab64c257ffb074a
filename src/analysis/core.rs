//! The first stage: centre, distances, and the per-pair sums behind D_k(r_c)
//! (ANALYSIS.md sections 1, 2 and 4). Everything that depends on r_c alone is a
//! look-up into prefix sums over atoms sorted by distance from the centre.

use std::sync::Arc;

use nalgebra::Vector3;
use rayon::prelude::*;

use super::centre::{find_centre, Centre};
use super::pair_terms::{polyfit, polyfit_operator};
use super::progress::Progress;
use super::settings::{Method, Settings};
use crate::error::Result;
use crate::model::Mode;
use crate::potential::{LineTerms, Potential};

/// The settings the first stage depends on; a change of any other setting reuses it.
#[derive(Clone, Debug, PartialEq)]
pub struct CoreKey {
    pub method: Method,
    pub r_centre: f64,
    pub a_max: f64,
    pub n_a: usize,
    pub flip: bool,
}

impl CoreKey {
    pub fn of(s: &Settings) -> Self {
        Self {
            method: s.method,
            r_centre: s.r_centre,
            a_max: s.a_max,
            n_a: s.n_a,
            flip: s.flip,
        }
    }
}

/// Cumulative pair sums of [D1..D4] by core size: `lo[n]` sums the pairs whose nearer
/// atom is among the n atoms closest to the centre, `hi[n]` those whose farther atom is.
#[derive(Clone, Debug, Default)]
pub struct PairSums {
    lo: Vec<[f64; 4]>,
    hi: Vec<[f64; 4]>,
    /// Sum over all pairs (the whole mode).
    pub total: [f64; 4],
}

impl PairSums {
    fn build(n_atoms: usize, owners: &[[u32; 2]], coefs: &[[f64; 4]]) -> Self {
        // The sums by nearer and by farther atom, one on each core.
        let by_owner = |end: usize| {
            let mut sums = vec![[0.0; 4]; n_atoms + 1];
            for (o, c) in owners.iter().zip(coefs) {
                let s = &mut sums[o[end] as usize + 1];
                for k in 0..4 {
                    s[k] += c[k];
                }
            }
            for n in 1..=n_atoms {
                let before = sums[n - 1];
                for (s, b) in sums[n].iter_mut().zip(before) {
                    *s += b;
                }
            }
            sums
        };
        let (lo, hi) = rayon::join(|| by_owner(0), || by_owner(1));
        let total = lo[n_atoms];
        Self { lo, hi, total }
    }

    /// [D1..D4] of the core made of the `n` atoms nearest the centre.
    #[inline]
    pub fn at(&self, n: usize, half_weight: bool) -> [f64; 4] {
        if half_weight {
            std::array::from_fn(|k| 0.5 * (self.lo[n][k] + self.hi[n][k]))
        } else {
            self.lo[n]
        }
    }
}

/// The result of the first stage.
#[derive(Clone, Debug)]
pub struct Core {
    pub centre: Centre,
    /// Minimum-image vector centre -> atom i, and its length r_i.
    pub x: Vec<Vector3<f64>>,
    pub r: Vec<f64>,
    /// Atom indices sorted by r (ties by index), and the sorted distances.
    pub order: Vec<u32>,
    pub r_sorted: Vec<f64>,
    pub taylor: PairSums,
    pub fit: Option<PairSums>,
    pub omega2_ehe: f64,
    pub eigen_residual: f64,
    /// The largest force on an atom of the undisplaced glass (zero at a minimum).
    pub max_force: f64,
    /// sqrt(m_i / M) of every atom: the displacement is u_i = e_i / sqrt_m[i].
    pub sqrt_m: Vec<f64>,
    /// The energy terms (pairs, and embedding energies of many-body potentials) that
    /// act somewhere in |A| <= A_max.
    line: Arc<LineTerms>,
    /// Term indices grouped by the rank of their nearer owner: the terms of a core of
    /// n atoms are `grouped[..group_start[n]]`.
    grouped: Vec<u32>,
    group_start: Vec<usize>,
    /// Rank of each grouped term's farther owner (for half weight).
    far_rank: Vec<u32>,
    a_grid: Vec<f64>,
}

/// Fig. 1: the core energy over the A grid at one r_c.
#[derive(Clone, Debug)]
pub struct Fig1 {
    pub r_c: f64,
    pub a: Vec<f64>,
    /// E(r_c; A_m) - E(r_c; 0).
    pub e: Vec<f64>,
    /// Least-squares quartic through (A, E), [c0..c4].
    pub fit: Vec<f64>,
    /// [0, D1..D4] of the Taylor method at r_c.
    pub taylor: [f64; 5],
    pub n_core_atoms: usize,
}

/// The polynomial sum_k c_k A^k at `n` equally spaced A in [lo, hi], as (A, value) points.
pub fn polynomial_curve(c: &[f64], lo: f64, hi: f64, n: usize) -> Vec<[f64; 2]> {
    let n = n.max(2);
    (0..n)
        .map(|m| {
            let a = lo + (hi - lo) * m as f64 / (n - 1) as f64;
            [a, c.iter().rev().fold(0.0, |acc, ck| acc * a + ck)]
        })
        .collect()
}

impl Fig1 {
    fn a_range(&self) -> (f64, f64) {
        (
            self.a.first().copied().unwrap_or(-1.0),
            self.a.last().copied().unwrap_or(1.0),
        )
    }

    /// The least-squares quartic over the A range at `n` points.
    pub fn fit_curve(&self, n: usize) -> Vec<[f64; 2]> {
        let (lo, hi) = self.a_range();
        polynomial_curve(&self.fit, lo, hi, n)
    }

    /// The Taylor quartic over the A range at `n` points.
    pub fn taylor_curve(&self, n: usize) -> Vec<[f64; 2]> {
        let (lo, hi) = self.a_range();
        polynomial_curve(&self.taylor, lo, hi, n)
    }
}

/// Each term's owners by their rank in distance from the centre: [nearer, farther].
fn owners_by_rank(line: &LineTerms, rank: &[u32]) -> Vec<[u32; 2]> {
    (0..line.len())
        .map(|k| {
            let [i, j] = line.owners(k);
            let (a, b) = (rank[i as usize], rank[j as usize]);
            [a.min(b), a.max(b)]
        })
        .collect()
}

/// The fit method's sums: each term's energy on the A grid, least-squares fitted by a
/// quartic without constant term (the fit of a sum is the sum of the fits).
fn fit_sums(line: &LineTerms, a_grid: &[f64], n: usize, owners: &[[u32; 2]]) -> PairSums {
    let w = polyfit_operator(a_grid, 4);
    let coefs: Vec<[f64; 4]> = (0..line.len())
        .into_par_iter()
        .map(|k| {
            let mut c = [0.0; 4];
            for (m, am) in a_grid.iter().enumerate() {
                let e = line.energy(k, *am);
                if e != 0.0 {
                    for (q, ck) in c.iter_mut().enumerate() {
                        *ck += w[(q + 1, m)] * e;
                    }
                }
            }
            c
        })
        .collect();
    PairSums::build(n, owners, &coefs)
}

impl Core {
    pub fn compute(mode: &Mode, potential: &Potential, key: &CoreKey) -> Result<Self> {
        Self::compute_with(mode, potential, key, &Progress::default())
    }

    /// `compute`, reporting its stages to `progress` and stopping when it is cancelled.
    pub fn compute_with(
        mode: &Mode,
        potential: &Potential,
        key: &CoreKey,
        progress: &Progress,
    ) -> Result<Self> {
        let n = mode.n_atoms();
        progress.stage(0.0)?;
        let centre = find_centre(mode, key.r_centre);
        progress.stage(0.1)?;
        let x: Vec<Vector3<f64>> = mode
            .positions
            .iter()
            .map(|p| mode.cell.delta(&centre.position, p))
            .collect();
        let r: Vec<f64> = x.iter().map(|v| v.norm()).collect();
        let (order, rank) = rank_by_distance(&r);
        let r_sorted: Vec<f64> = order.iter().map(|&i| r[i as usize]).collect();

        let masses = mode.masses_for(potential);
        let u = mode.displacements(&masses);
        let line = potential.line_terms(&mode.atoms(), &u, key.a_max)?;
        progress.stage(0.4)?;
        let owners = owners_by_rank(&line, &rank);
        let coefs: Vec<[f64; 4]> = (0..line.len())
            .into_par_iter()
            .map(|k| line.taylor(k))
            .collect();
        progress.stage(0.55)?;
        let (forces, hu) = line.forces_and_hessian_times(&mode.atoms());
        let (omega2_ehe, eigen_residual) = rayleigh(mode, &hu, &u, &masses);
        let max_force = forces.iter().map(|f| f.norm()).fold(0.0, f64::max);
        progress.stage(0.65)?;
        let taylor = PairSums::build(n, &owners, &coefs);

        let a_grid = Settings {
            a_max: key.a_max,
            n_a: key.n_a,
            ..Settings::default()
        }
        .a_grid();
        progress.stage(0.75)?;
        let fit = (key.method == Method::Fit).then(|| fit_sums(&line, &a_grid, n, &owners));

        progress.stage(0.9)?;
        let (grouped, group_start, far_rank) = group_by_nearer(n, &owners);
        Ok(Self {
            centre,
            x,
            r,
            order,
            r_sorted,
            taylor,
            fit,
            omega2_ehe,
            eigen_residual,
            max_force,
            sqrt_m: masses.iter().map(|m| m.sqrt()).collect(),
            line: Arc::new(line),
            grouped,
            group_start,
            far_rank,
            a_grid,
        })
    }

    /// Number of atoms with r_i < r_c.
    #[inline]
    pub fn n_within(&self, r_c: f64) -> usize {
        self.r_sorted.partition_point(|&r| r < r_c)
    }

    /// The sums of the chosen method (the Taylor sums if the fit was not computed).
    pub fn sums(&self, method: Method) -> &PairSums {
        match (method, &self.fit) {
            (Method::Fit, Some(f)) => f,
            _ => &self.taylor,
        }
    }

    /// [D1..D4](r_c): a binary search and a look-up.
    #[inline]
    pub fn d_at(&self, method: Method, r_c: f64, half_weight: bool) -> [f64; 4] {
        self.sums(method).at(self.n_within(r_c), half_weight)
    }

    /// Fig. 1 at core radius r_c: E(r_c; A) - E(r_c; 0) on the A grid, with both quartics.
    pub fn fig1(&self, r_c: f64, half_weight: bool) -> Fig1 {
        let n_core = self.n_within(r_c);
        let terms = &self.grouped[..self.group_start[n_core]];
        let far = &self.far_rank[..terms.len()];
        let energy_at = |a: f64| -> f64 {
            terms
                .iter()
                .zip(far)
                .map(|(&k, &f)| {
                    let w = if half_weight && f as usize >= n_core {
                        0.5
                    } else {
                        1.0
                    };
                    w * self.line.energy(k as usize, a)
                })
                .sum()
        };
        let e0 = energy_at(0.0);
        let e: Vec<f64> = self.a_grid.iter().map(|&a| energy_at(a) - e0).collect();
        let fit = polyfit(&self.a_grid, &e, 4);
        let d = self.taylor.at(n_core, half_weight);
        Fig1 {
            r_c,
            a: self.a_grid.clone(),
            e,
            fit,
            taylor: [0.0, d[0], d[1], d[2], d[3]],
            n_core_atoms: n_core,
        }
    }
}

/// Atom indices sorted by r (ties by index), and each atom's rank in that order.
fn rank_by_distance(r: &[f64]) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> = (0..r.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| r[a as usize].total_cmp(&r[b as usize]).then(a.cmp(&b)));
    let mut rank = vec![0u32; r.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i as usize] = k as u32;
    }
    (order, rank)
}

/// omega2_eHe = e.D.e = u.H.u and the eigen-residual |D e - omega2 e|, with
/// (D e)_i = (H u)_i / sqrt(m_i) (ANALYSIS.md sections 1 and 12).
fn rayleigh(mode: &Mode, hu: &[Vector3<f64>], u: &[Vector3<f64>], masses: &[f64]) -> (f64, f64) {
    let omega2: f64 = hu.iter().zip(u).map(|(h, u)| h.dot(u)).sum();
    let residual = hu
        .iter()
        .zip(masses)
        .zip(&mode.e)
        .map(|((h, m), e)| (h / m.sqrt() - e * omega2).norm_squared())
        .sum::<f64>()
        .sqrt();
    (omega2, residual)
}

/// Term indices grouped by the rank of their nearer owner (a counting sort), the start
/// of each group, and each grouped term's farther-owner rank.
fn group_by_nearer(n: usize, owners: &[[u32; 2]]) -> (Vec<u32>, Vec<usize>, Vec<u32>) {
    let mut start = vec![0usize; n + 1];
    for o in owners {
        start[o[0] as usize + 1] += 1;
    }
    for k in 0..n {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut grouped = vec![0u32; owners.len()];
    let mut far = vec![0u32; owners.len()];
    for (k, o) in owners.iter().enumerate() {
        let slot = &mut fill[o[0] as usize];
        grouped[*slot] = k as u32;
        far[*slot] = o[1];
        *slot += 1;
    }
    (grouped, start, far)
}

#[cfg(test)]
mod tests {
    use super::polynomial_curve;

    #[test]
    fn polynomial_curve_evaluates_horner() {
        let pts = polynomial_curve(&[1.0, -2.0, 0.0, 0.0, 0.5], -1.0, 1.0, 3);
        assert_eq!(pts, vec![[-1.0, 3.5], [0.0, 1.0], [1.0, -0.5]]);
    }
}
