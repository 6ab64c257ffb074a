//! The constrained core of ANALYSIS.md section 11: outer atoms held at r_j + A_out e_j,
//! core atoms free; E_core = all pairs with at least one core atom (minimum image).
//!
//! The candidate pairs are found once per mode (`CoreSetup`), with a margin that covers
//! the largest mode displacement on the grid plus a relaxation slack; each evaluation
//! checks the true distance against the cut-off. A `CoreProblem` rebuilds its own list
//! if a core atom relaxes further than half the slack from where the list is valid.

use nalgebra::{DMatrix, Matrix3, Vector3};

use super::cluster::Cluster;
use crate::error::{Error, Result};
use crate::model::Mode;
use crate::potential::{Atom, Potential};

/// Relaxation slack of the pair lists (a0): a list stays valid while every core atom is
/// within SLACK / 2 of the list's reference position.
const SLACK: f64 = 1.0;

/// A candidate pair: core atom `a` (index into the core list) and atom `j` (a core index
/// for core-core pairs, an atom index for core-outer ones), with the periodic `shift`
/// that makes `pos(j) + shift - pos(a)` the minimum image at build time.
#[derive(Clone, Copy, Debug)]
struct Pair {
    a: u32,
    j: u32,
    shift: Vector3<f64>,
    cut2: f64,
    sa: Atom,
    sb: Atom,
}

/// Core-core and core-outer candidate pairs.
#[derive(Clone, Debug, Default)]
struct PairList {
    cc: Vec<Pair>,
    co: Vec<Pair>,
}

/// Builds the pair list for core positions `xc` and outer positions `outer(j)`, keeping
/// pairs closer than cut-off + `extra(i, j)` + SLACK (i, j atom indices).
fn build_list(
    mode: &Mode,
    potential: &Potential,
    core: &[usize],
    is_core: &[bool],
    xc: &[Vector3<f64>],
    outer: impl Fn(usize) -> Vector3<f64>,
    extra: impl Fn(usize, usize) -> f64,
) -> PairList {
    let mut list = PairList::default();
    let atoms = mode.atoms();
    let mut core_slot = vec![u32::MAX; mode.n_atoms()];
    for (k, &i) in core.iter().enumerate() {
        core_slot[i] = k as u32;
    }
    for (k, &i) in core.iter().enumerate() {
        let sa = atoms.atom(i);
        for j in 0..mode.n_atoms() {
            if j == i || (is_core[j] && core_slot[j] as usize <= k) {
                continue;
            }
            let sb = atoms.atom(j);
            let pj = if is_core[j] {
                xc[core_slot[j] as usize]
            } else {
                outer(j)
            };
            let raw = pj - xc[k];
            let d = mode.cell.min_image(raw);
            let cut = potential.pair.cutoff(sa, sb);
            let reach = cut + extra(i, j) + SLACK;
            if d.norm_squared() < reach * reach {
                let (target, jj) = if is_core[j] {
                    (&mut list.cc, core_slot[j])
                } else {
                    (&mut list.co, j as u32)
                };
                target.push(Pair {
                    a: k as u32,
                    j: jj,
                    shift: d - raw,
                    cut2: cut * cut,
                    sa,
                    sb,
                });
            }
        }
    }
    list
}

/// Per-mode data shared by all grid points: the core and the candidate pairs.
#[derive(Debug)]
pub struct CoreSetup<'a> {
    mode: &'a Mode,
    potential: &'a Potential,
    /// The displacement per unit A_out, u_i = e_i / sqrt(m_i), and sqrt(m_i).
    u: Vec<Vector3<f64>>,
    sqrt_m: Vec<f64>,
    /// Atom indices of the core (r_i < r_core), ascending.
    core: Vec<usize>,
    is_core: Vec<bool>,
    list: PairList,
    /// For many-body potentials: E_core over the cluster around the core, instead of
    /// the pair list.
    cluster: Option<Cluster>,
    /// The grid's largest |A_out| the list covers.
    a_cover: f64,
    /// E_core of the undisplaced glass.
    e_ref: f64,
}

impl<'a> CoreSetup<'a> {
    /// The core around `centre` (unwrapped) and its pairs for |A_out| <= `a_cover`.
    pub fn new(
        mode: &'a Mode,
        potential: &'a Potential,
        centre: &Vector3<f64>,
        r_core: f64,
        a_cover: f64,
    ) -> Result<Self> {
        let is_core: Vec<bool> = mode
            .positions
            .iter()
            .map(|p| mode.cell.delta(centre, p).norm() < r_core)
            .collect();
        let core: Vec<usize> = (0..mode.n_atoms()).filter(|&i| is_core[i]).collect();
        if core.is_empty() {
            return Err(Error::Setting(format!(
                "r_core = {r_core}: the core holds no atom"
            )));
        }
        let masses = mode.masses_for(potential);
        let u = mode.displacements(&masses);
        let sqrt_m: Vec<f64> = masses.iter().map(|m| m.sqrt()).collect();
        let e_max = u.iter().map(|e| e.norm()).fold(0.0, f64::max);
        let reach = potential.max_cutoff() + 2.0 * a_cover * e_max + SLACK;
        if reach >= mode.cell.half_min_length() {
            return Err(Error::invalid(
                &mode.source,
                format!(
                    "the box is too small for the creation energy: pair reach {reach:.3} \
                     (cut-off + 2 A_out_max max|u| + slack) exceeds half the box"
                ),
            ));
        }
        let xc: Vec<Vector3<f64>> = core.iter().map(|&i| mode.positions[i]).collect();
        let norms: Vec<f64> = u.iter().map(|e| e.norm()).collect();
        let list = build_list(
            mode,
            potential,
            &core,
            &is_core,
            &xc,
            |j| mode.positions[j],
            |i, j| a_cover * (norms[i] + norms[j]),
        );
        let cluster = potential.is_many_body().then(|| {
            let distance = |i: usize| mode.cell.delta(centre, &mode.positions[i]).norm();
            let reach = 2.0 * a_cover * e_max + SLACK;
            Cluster::new(mode, potential, &core, distance, r_core, reach)
        });
        let mut setup = Self {
            mode,
            potential,
            cluster,
            u,
            sqrt_m,
            core,
            is_core,
            list,
            a_cover,
            e_ref: 0.0,
        };
        let mut p0 = setup.problem(0.0);
        setup.e_ref = p0.energy(&p0.start());
        Ok(setup)
    }

    pub fn n_core(&self) -> usize {
        self.core.len()
    }

    /// Atom indices of the core.
    pub fn core(&self) -> &[usize] {
        &self.core
    }

    /// E_core of the undisplaced glass.
    pub fn reference_energy(&self) -> f64 {
        self.e_ref
    }

    /// A_core = sum_core sqrt(m_i) (x_i - r_i).e_i / sum_core |e_i|^2 for flattened core
    /// positions x (ANALYSIS.md sections 11 and 12).
    pub fn core_a(&self, x: &[f64]) -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for (k, &i) in self.core.iter().enumerate() {
            let u = Vector3::new(x[3 * k], x[3 * k + 1], x[3 * k + 2]) - self.mode.positions[i];
            num += self.sqrt_m[i] * u.dot(&self.mode.e[i]);
            den += self.mode.e[i].norm_squared();
        }
        num / den
    }

    /// The problem at `a_out` (|a_out| must not exceed the cover given to `new`).
    pub fn problem(&self, a_out: f64) -> CoreProblem<'_> {
        debug_assert!(a_out.abs() <= self.a_cover * (1.0 + 1e-12));
        let start: Vec<Vector3<f64>> = self
            .core
            .iter()
            .map(|&i| self.mode.positions[i] + a_out * self.u[i])
            .collect();
        let outer_e = self.cluster.as_ref().map_or(0.0, |c| {
            let flat: Vec<f64> = start.iter().flat_map(|v| [v.x, v.y, v.z]).collect();
            let at_rest = c.positions(&flat, |j| self.mode.positions[j] + a_out * self.u[j]);
            c.energy_without_core(self.mode, self.potential, &at_rest)
                .unwrap_or(f64::NAN)
        });
        CoreProblem {
            setup: self,
            a_out,
            outer_e,
            list: self.list.clone(),
            reference: start,
            rebuilds: 0,
        }
    }
}

/// E_core as a function of the flattened core positions at one A_out.
#[derive(Debug)]
pub struct CoreProblem<'s> {
    setup: &'s CoreSetup<'s>,
    a_out: f64,
    /// Many-body potentials: the S-atoms' energies without the core at this A_out.
    outer_e: f64,
    list: PairList,
    /// Core positions around which `list` is valid (within SLACK / 2).
    reference: Vec<Vector3<f64>>,
    rebuilds: usize,
}

#[inline]
fn atom(x: &[f64], k: usize) -> Vector3<f64> {
    Vector3::new(x[3 * k], x[3 * k + 1], x[3 * k + 2])
}

impl CoreProblem<'_> {
    /// The start X = r + A_out e of the core atoms, flattened.
    pub fn start(&self) -> Vec<f64> {
        self.reference
            .iter()
            .flat_map(|v| [v.x, v.y, v.z])
            .collect()
    }

    /// How often the pair list had to be rebuilt.
    pub fn rebuilds(&self) -> usize {
        self.rebuilds
    }

    fn outer(&self, j: usize) -> Vector3<f64> {
        self.setup.mode.positions[j] + self.a_out * self.setup.u[j]
    }

    /// Rebuilds the pair list around `x` if a core atom left its valid region.
    fn ensure_list(&mut self, x: &[f64]) {
        let limit2 = 0.25 * SLACK * SLACK;
        let valid = self
            .reference
            .iter()
            .enumerate()
            .all(|(k, r)| (atom(x, k) - r).norm_squared() < limit2);
        if valid {
            return;
        }
        let s = self.setup;
        let xc: Vec<Vector3<f64>> = (0..s.core.len()).map(|k| atom(x, k)).collect();
        self.list = build_list(
            s.mode,
            s.potential,
            &s.core,
            &s.is_core,
            &xc,
            |j| self.outer(j),
            |_, _| 0.0,
        );
        self.reference = xc;
        self.rebuilds += 1;
    }

    /// Visits every interacting pair: (core a, Some(core b) or None, d = x_b - x_a, species).
    fn for_pairs(
        &self,
        x: &[f64],
        mut f: impl FnMut(usize, Option<usize>, Vector3<f64>, f64, Atom, Atom),
    ) {
        for p in &self.list.cc {
            let (a, b) = (p.a as usize, p.j as usize);
            let d = atom(x, b) - atom(x, a) + p.shift;
            let r2 = d.norm_squared();
            if r2 < p.cut2 {
                f(a, Some(b), d, r2, p.sa, p.sb);
            }
        }
        for p in &self.list.co {
            let a = p.a as usize;
            let d = self.outer(p.j as usize) + p.shift - atom(x, a);
            let r2 = d.norm_squared();
            if r2 < p.cut2 {
                f(a, None, d, r2, p.sa, p.sb);
            }
        }
    }

    /// The cluster's positions with the core at x (many-body potentials).
    fn cluster_positions(&self, c: &Cluster, x: &[f64]) -> Vec<Vector3<f64>> {
        c.positions(x, |j| self.outer(j))
    }

    /// E_core(x) (infinite where the potential cannot be evaluated, e.g. atoms on top of
    /// each other, so that a minimiser backs off).
    pub fn energy(&mut self, x: &[f64]) -> f64 {
        let s = self.setup;
        if let Some(c) = &s.cluster {
            let pos = self.cluster_positions(c, x);
            return c
                .energy_with_core(s.mode, s.potential, &pos)
                .map_or(f64::INFINITY, |e| e - self.outer_e);
        }
        self.ensure_list(x);
        let pot = self.setup.potential.pair.as_ref();
        let mut e = 0.0;
        self.for_pairs(x, |_, _, _, r2, sa, sb| e += pot.energy_r2(sa, sb, r2));
        e
    }

    /// E_core(x) and its gradient g = -forces (flattened like x).
    pub fn energy_gradient(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        let s = self.setup;
        if let Some(c) = &s.cluster {
            let pos = self.cluster_positions(c, x);
            if c.gradient(s.mode, s.potential, &pos, g).is_err() {
                return f64::INFINITY;
            }
            return c
                .energy_with_core(s.mode, s.potential, &pos)
                .map_or(f64::INFINITY, |e| e - self.outer_e);
        }
        self.ensure_list(x);
        let pot = self.setup.potential.pair.as_ref();
        g.fill(0.0);
        let mut e = 0.0;
        self.for_pairs(x, |a, b, d, r2, sa, sb| {
            let r = r2.sqrt();
            let [phi, d1, ..] = pot.derivatives(sa, sb, r);
            e += phi;
            let gb = d * (d1 / r);
            for c in 0..3 {
                g[3 * a + c] -= gb[c];
                if let Some(b) = b {
                    g[3 * b + c] += gb[c];
                }
            }
        });
        e
    }

    /// The analytic Hessian of E_core with respect to the core positions.
    pub fn hessian(&mut self, x: &[f64]) -> DMatrix<f64> {
        let s = self.setup;
        if let Some(c) = &s.cluster {
            let pos = self.cluster_positions(c, x);
            let n = x.len();
            return c
                .hessian(s.mode, s.potential, &pos)
                .unwrap_or_else(|_| DMatrix::from_element(n, n, f64::NAN));
        }
        self.ensure_list(x);
        let pot = self.setup.potential.pair.as_ref();
        let n = x.len();
        let mut h = DMatrix::zeros(n, n);
        self.for_pairs(x, |a, b, d, r2, sa, sb| {
            let r = r2.sqrt();
            let [_, d1, d2, ..] = pot.derivatives(sa, sb, r);
            let u = d / r;
            let uu = u * u.transpose();
            let k: Matrix3<f64> = uu * d2 + (Matrix3::identity() - uu) * (d1 / r);
            let mut add = |i: usize, j: usize, m: &Matrix3<f64>| {
                let mut v = h.fixed_view_mut::<3, 3>(3 * i, 3 * j);
                v += m;
            };
            add(a, a, &k);
            if let Some(b) = b {
                add(b, b, &k);
                add(a, b, &(-k));
                add(b, a, &(-k));
            }
        });
        h
    }
}
