//! Everything a potential computes on a configuration, written once over the pair
//! functions and the optional embedding (ANALYSIS.md section 12):
//! E_i = F_a(rho_i) + (1/2) sum_j phi(r_ij), rho_i = sum_j f_(a <- b)(r_ij).
//!
//! Per-atom loops visit each atom's own neighbours (every pair twice), so the loops
//! run in parallel without shared writes.

pub mod quartic;
pub mod stress;
#[cfg(test)]
pub(crate) mod toy;

use std::path::Path;

use nalgebra::{Matrix3, Vector3};
use rayon::prelude::*;

use super::neighbours::{pairs_where, pairs_within_reach, Pair};
use super::series::{compose, distance_change, radial_block_times, Series};
use super::{Atom, Potential};
use crate::error::{Error, Result};
use crate::model::Cell;

/// A configuration as a potential sees it (borrowed from a `Mode` or a reader).
#[derive(Clone, Copy, Debug)]
pub struct Atoms<'a> {
    /// The file it came from, for messages.
    pub source: &'a Path,
    pub frame: usize,
    pub positions: &'a [Vector3<f64>],
    /// Indices into the potential's species.
    pub species: &'a [u8],
    /// Per-atom diameters (polydisperse potentials), if the file has them.
    pub sizes: Option<&'a [f64]>,
    pub cell: &'a Cell,
    /// A homogeneous deformation F applied to the box and affinely to the atoms (a
    /// strained, possibly triclinic box): every pair vector is F times the minimum-image
    /// vector of `positions` in `cell`, and forces and the Hessian are with respect to
    /// the deformed positions F r_i. None: undeformed.
    pub deformation: Option<Matrix3<f64>>,
}

impl Atoms<'_> {
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Atom i as `pot`'s pair functions see it (its diameter: the file's, else the
    /// species').
    #[inline]
    pub fn atom(&self, pot: &Potential, i: usize) -> Atom {
        pot.atom(self.species[i], self.sizes.map(|s| s[i]))
    }
}

/// A neighbour of an atom: its index and the vector to it.
#[derive(Clone, Copy, Debug)]
struct Neighbour {
    j: u32,
    r: Vector3<f64>,
}

/// Each atom's pairs (each pair seen from both ends), grouped by atom.
#[derive(Debug)]
struct Neighbourhood {
    pairs: Vec<Pair>,
    start: Vec<usize>,
    /// (pair index, the atom is the pair's i).
    list: Vec<(u32, bool)>,
}

impl Neighbourhood {
    fn new(n: usize, pairs: Vec<Pair>) -> Self {
        let mut start = vec![0usize; n + 1];
        for p in &pairs {
            start[p.i as usize + 1] += 1;
            start[p.j as usize + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut list = vec![(0u32, false); start[n]];
        for (k, p) in pairs.iter().enumerate() {
            list[fill[p.i as usize]] = (k as u32, true);
            fill[p.i as usize] += 1;
            list[fill[p.j as usize]] = (k as u32, false);
            fill[p.j as usize] += 1;
        }
        Self { pairs, start, list }
    }

    /// Atom i's pairs as (pair index, i is the pair's first atom).
    fn pairs_of(&self, i: usize) -> &[(u32, bool)] {
        &self.list[self.start[i]..self.start[i + 1]]
    }

    /// Atom i's neighbours with the vector from i to each.
    fn of(&self, i: usize) -> impl Iterator<Item = Neighbour> + '_ {
        self.pairs_of(i).iter().map(|&(p, from_i)| {
            let pair = &self.pairs[p as usize];
            if from_i {
                Neighbour {
                    j: pair.j,
                    r: pair.r,
                }
            } else {
                Neighbour {
                    j: pair.i,
                    r: -pair.r,
                }
            }
        })
    }
}

/// The derivatives of the embedding at every atom ([F, F', ..] at rho_i); zeros for a
/// pair potential.
fn embedding_at_atoms(pot: &Potential, atoms: &Atoms, hood: &Neighbourhood) -> Vec<[f64; 5]> {
    let Some(emb) = &pot.embedding else {
        return vec![[0.0; 5]; atoms.len()];
    };
    (0..atoms.len())
        .into_par_iter()
        .map(|i| {
            let a = atoms.species[i];
            let rho: f64 = hood
                .of(i)
                .map(|nb| emb.density(a, atoms.species[nb.j as usize], nb.r.norm())[0])
                .sum();
            emb.embed(a, rho)
        })
        .collect()
}

/// phi and the two densities of the pair (i, j) at distance r: (phi, f_(i <- j), f_(j <- i)).
#[inline]
fn pair_functions(
    pot: &Potential,
    atoms: &Atoms,
    i: usize,
    j: usize,
    r: f64,
) -> ([f64; 5], [f64; 5], [f64; 5]) {
    let phi = pot
        .pair
        .derivatives(atoms.atom(pot, i), atoms.atom(pot, j), r);
    match &pot.embedding {
        None => (phi, [0.0; 5], [0.0; 5]),
        Some(e) => {
            let (a, b) = (atoms.species[i], atoms.species[j]);
            (phi, e.density(a, b, r), e.density(b, a, r))
        }
    }
}

/// The pair (i, nb.j) at distance r: g1 and g2, the first and second derivatives in r of
/// its energy at fixed embedding slopes (phi' + F'_i f'_(i<-j) + F'_j f'_(j<-i), and the
/// same with the second derivatives), and the density slopes f'_(i<-j), f'_(j<-i).
struct PairSlopes {
    r: f64,
    g1: f64,
    g2: f64,
    f_ij: f64,
    f_ji: f64,
}

fn pair_slopes(
    pot: &Potential,
    atoms: &Atoms,
    emb: &[[f64; 5]],
    i: usize,
    nb: &Neighbour,
) -> PairSlopes {
    let j = nb.j as usize;
    let r = nb.r.norm();
    let (phi, fij, fji) = pair_functions(pot, atoms, i, j, r);
    PairSlopes {
        r,
        g1: phi[1] + emb[i][1] * fij[1] + emb[j][1] * fji[1],
        g2: phi[2] + emb[i][1] * fij[2] + emb[j][1] * fji[2],
        f_ij: fij[1],
        f_ji: fji[1],
    }
}

/// `Potential::forces_and_hessian_times` over a neighbourhood already found (pairs
/// beyond their range contribute zero, so a list with a skin serves as well).
fn forces_and_hessian_times_over(
    pot: &Potential,
    atoms: &Atoms,
    hood: &Neighbourhood,
    u: &[Vector3<f64>],
) -> (Field, Field) {
    let emb = embedding_at_atoms(pot, atoms, hood);
    // rho_dot_i = d rho_i / dA along u (zero for a pair potential).
    let rho_dot: Vec<f64> = match &pot.embedding {
        None => vec![0.0; atoms.len()],
        Some(e) => (0..atoms.len())
            .into_par_iter()
            .map(|i| {
                let a = atoms.species[i];
                hood.of(i)
                    .map(|nb| {
                        let j = nb.j as usize;
                        let r = nb.r.norm();
                        let f1 = e.density(a, atoms.species[j], r)[1];
                        f1 * nb.r.dot(&(u[j] - u[i])) / r
                    })
                    .sum()
            })
            .collect(),
    };
    (0..atoms.len())
        .into_par_iter()
        .map(|i| {
            let (mut force, mut hu) = (Vector3::zeros(), Vector3::zeros());
            for nb in hood.of(i) {
                let j = nb.j as usize;
                let PairSlopes {
                    r,
                    g1,
                    g2,
                    f_ij,
                    f_ji,
                } = pair_slopes(pot, atoms, &emb, i, &nb);
                let c = emb[i][2] * rho_dot[i] * f_ij + emb[j][2] * rho_dot[j] * f_ji;
                force += nb.r * (g1 / r);
                hu -= radial_block_times(&nb.r, &(u[j] - u[i]), g1, g2) + nb.r * (c / r);
            }
            (force, hu)
        })
        .unzip()
}

impl Potential {
    /// Every species index of `atoms` must be one of ours, and diameters present where needed.
    pub fn check(&self, atoms: &Atoms) -> Result<()> {
        let n_species = self.species.len();
        if let Some(i) = atoms
            .species
            .iter()
            .position(|&s| usize::from(s) >= n_species)
        {
            return Err(Error::invalid(
                atoms.source,
                format!(
                    "atom {i} has species index {} but the potential {} has {} species ({})",
                    atoms.species[i],
                    self.name,
                    n_species,
                    self.species().join(", ")
                ),
            ));
        }
        if self.needs_sizes && atoms.sizes.is_none() {
            return Err(Error::invalid(
                atoms.source,
                format!(
                    "the potential {} needs per-atom diameters (a `diameter` column)",
                    self.name
                ),
            ));
        }
        self.check_sizes(atoms)
    }

    /// Per-atom diameters must lie within what the neighbour range covers.
    fn check_sizes(&self, atoms: &Atoms) -> Result<()> {
        let (Some(max), Some(sizes)) = (self.pair.largest_size(), atoms.sizes) else {
            return Ok(());
        };
        match sizes.iter().position(|&s| s > max) {
            None => Ok(()),
            Some(i) => Err(Error::invalid(
                atoms.source,
                format!(
                    "atom {i} has diameter {} but the potential {} covers diameters up to {max} \
                     (its cut-off grows with the diameter; rescale the diameters or build the \
                     potential for a larger range)",
                    sizes[i], self.name
                ),
            )),
        }
    }

    fn neighbourhood(&self, atoms: &Atoms) -> Result<Neighbourhood> {
        self.check(atoms)?;
        let pair_range = |p: &Pair| {
            let (a, b) = (
                atoms.atom(self, p.i as usize),
                atoms.atom(self, p.j as usize),
            );
            let e = self.embedding.as_ref().map_or(0.0, |e| e.cutoff());
            self.pair.cutoff(a, b).max(e)
        };
        let pairs = pairs_where(atoms, self.max_cutoff(), |p| p.r.norm() < pair_range(p))?;
        Ok(Neighbourhood::new(atoms.len(), pairs))
    }

    /// Per-atom energies E_i (LAMMPS `compute pe/atom`); their sum is the total energy.
    pub fn energies(&self, atoms: &Atoms) -> Result<Vec<f64>> {
        let hood = self.neighbourhood(atoms)?;
        let emb = embedding_at_atoms(self, atoms, &hood);
        Ok((0..atoms.len())
            .into_par_iter()
            .map(|i| {
                let (a, nbs) = (atoms.atom(self, i), hood.of(i));
                let pairs: f64 = nbs
                    .map(|nb| {
                        let b = atoms.atom(self, nb.j as usize);
                        self.pair.energy_r2(a, b, nb.r.norm_squared())
                    })
                    .sum();
                emb[i][0] + 0.5 * pairs
            })
            .collect())
    }

    /// Forces -dE/dr_i.
    pub fn forces(&self, atoms: &Atoms) -> Result<Vec<Vector3<f64>>> {
        let hood = self.neighbourhood(atoms)?;
        let emb = embedding_at_atoms(self, atoms, &hood);
        Ok((0..atoms.len())
            .into_par_iter()
            .map(|i| {
                hood.of(i)
                    .map(|nb| {
                        let j = nb.j as usize;
                        let r = nb.r.norm();
                        let (phi, fij, fji) = pair_functions(self, atoms, i, j, r);
                        let g1 = phi[1] + emb[i][1] * fij[1] + emb[j][1] * fji[1];
                        nb.r * (g1 / r)
                    })
                    .sum()
            })
            .collect())
    }

    /// The Hessian applied to a displacement field u: (H u)_i = sum_j d^2E/dr_i dr_j u_j.
    pub fn hessian_times(&self, atoms: &Atoms, u: &[Vector3<f64>]) -> Result<Vec<Vector3<f64>>> {
        Ok(self.forces_and_hessian_times(atoms, u)?.1)
    }

    /// The forces and H u in one pass over the pairs (the analysis needs both: the
    /// largest force and the eigen-residual), each pair's derivatives computed once.
    pub fn forces_and_hessian_times(
        &self,
        atoms: &Atoms,
        u: &[Vector3<f64>],
    ) -> Result<(Field, Field)> {
        let hood = self.neighbourhood(atoms)?;
        Ok(forces_and_hessian_times_over(self, atoms, &hood, u))
    }

    /// The exact Hessian as 3x3 blocks, row by row (both triangles, columns ascending).
    pub fn hessian(&self, atoms: &Atoms) -> Result<SparseHessian> {
        let hood = self.neighbourhood(atoms)?;
        let emb = embedding_at_atoms(self, atoms, &hood);
        let rows = (0..atoms.len())
            .into_par_iter()
            .map(|k| {
                let mut row = pair_row(self, atoms, &hood, &emb, k);
                if let Some(e) = &self.embedding {
                    embedding_row(e.as_ref(), atoms, &hood, &emb, k, &mut row);
                }
                merge_columns(row)
            })
            .collect();
        Ok(SparseHessian { rows })
    }

    /// The energy terms along r_i + A u_i, for the core energy (ANALYSIS.md sections 4
    /// and 12). `a_max`: the pairs kept are those inside the range somewhere in
    /// |A| <= a_max (0: at A = 0 only).
    pub fn line_terms(&self, atoms: &Atoms, u: &[Vector3<f64>], a_max: f64) -> Result<LineTerms> {
        LineTerms::new(self, atoms, u, a_max)
    }
}

/// The pair-curvature blocks of row k: K_kj = -(g'' n n^T + (g'/r)(I - n n^T)) off the
/// diagonal and their negative sum on it.
fn pair_row(
    pot: &Potential,
    atoms: &Atoms,
    hood: &Neighbourhood,
    emb: &[[f64; 5]],
    k: usize,
) -> Vec<(u32, Matrix3<f64>)> {
    let mut row = Vec::with_capacity(hood.pairs_of(k).len() + 1);
    let mut diag = Matrix3::zeros();
    for nb in hood.of(k) {
        let PairSlopes { r, g1, g2, .. } = pair_slopes(pot, atoms, emb, k, &nb);
        let n = nb.r / r;
        let nn = n * n.transpose();
        let block = nn * g2 + (Matrix3::identity() - nn) * (g1 / r);
        diag += block;
        row.push((nb.j, -block));
    }
    row.push((k as u32, diag));
    row
}

/// The embedding curvature F''_c grad(rho_c) grad(rho_c)^T of every centre c that row k
/// takes part in (c = k and each neighbour of k), added to `row`.
fn embedding_row(
    e: &dyn super::Embedding,
    atoms: &Atoms,
    hood: &Neighbourhood,
    emb: &[[f64; 5]],
    k: usize,
    row: &mut Vec<(u32, Matrix3<f64>)>,
) {
    let centres = std::iter::once(k).chain(hood.of(k).map(|nb| nb.j as usize));
    for c in centres {
        if emb[c][2] == 0.0 {
            continue;
        }
        let grad = density_gradient(e, atoms, hood, c);
        let Some(vk) = grad.iter().find(|(l, _)| *l as usize == k).map(|g| g.1) else {
            continue;
        };
        for (l, vl) in &grad {
            row.push((*l, vk * vl.transpose() * emb[c][2]));
        }
    }
}

/// d rho_c / d r_l for l = c and each neighbour of c.
fn density_gradient(
    e: &dyn super::Embedding,
    atoms: &Atoms,
    hood: &Neighbourhood,
    c: usize,
) -> Vec<(u32, Vector3<f64>)> {
    let a = atoms.species[c];
    let mut own = Vector3::zeros();
    let mut grad: Vec<(u32, Vector3<f64>)> = hood
        .of(c)
        .map(|nb| {
            let r = nb.r.norm();
            let v = nb.r * (e.density(a, atoms.species[nb.j as usize], r)[1] / r);
            own -= v;
            (nb.j, v)
        })
        .collect();
    grad.push((c as u32, own));
    grad
}

/// Sorts blocks by column and adds up those of the same column.
fn merge_columns(mut row: Vec<(u32, Matrix3<f64>)>) -> Vec<(u32, Matrix3<f64>)> {
    row.sort_unstable_by_key(|(c, _)| *c);
    let mut out: Vec<(u32, Matrix3<f64>)> = Vec::with_capacity(row.len());
    for (c, m) in row {
        match out.last_mut() {
            Some((last, acc)) if *last == c => *acc += m,
            _ => out.push((c, m)),
        }
    }
    out
}

/// A sparse symmetric Hessian: for each atom, the (column atom, 3x3 block) pairs.
#[derive(Clone, Debug)]
pub struct SparseHessian {
    pub rows: Vec<Vec<(u32, Matrix3<f64>)>>,
}

impl SparseHessian {
    /// H u.
    pub fn times(&self, u: &[Vector3<f64>]) -> Vec<Vector3<f64>> {
        self.rows
            .par_iter()
            .map(|row| row.iter().map(|(j, m)| m * u[*j as usize]).sum())
            .collect()
    }

    /// Number of stored 3x3 blocks.
    pub fn n_blocks(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

/// One 3-vector per atom.
type Field = Vec<Vector3<f64>>;

/// One energy term along the line r + A u: a pair's phi, or an atom's embedding energy.
#[derive(Clone, Copy, Debug)]
enum Term {
    Pair(u32),
    Embed(u32),
}

/// The energy of a configuration moved along r_i + A u_i as a sum of terms, each owned
/// by one atom (an embedding energy) or two (a pair): the core energy of section 4 sums
/// the terms with an owner in the core, section 12's per-atom energies split each pair
/// half to each owner. Owns what it needs, so the analysis can keep it.
#[derive(Debug)]
pub struct LineTerms {
    potential: Potential,
    species: Vec<u8>,
    sizes: Option<Vec<f64>>,
    u: Vec<Vector3<f64>>,
    /// The pairs, also listed per atom.
    hood: Neighbourhood,
    terms: Vec<Term>,
}

impl LineTerms {
    fn new(pot: &Potential, atoms: &Atoms, u: &[Vector3<f64>], a_max: f64) -> Result<Self> {
        pot.check(atoms)?;
        // A pair can only come within range for |A| <= a_max if r < range + a_max |d|,
        // and |d| = |u_j - u_i| <= |u_i| + |u_j|: each atom reaches a_max |u_i| farther.
        let reach: Vec<f64> = u.iter().map(|v| a_max * v.norm()).collect();
        let e_cut = pot.embedding.as_ref().map_or(0.0, |e| e.cutoff());
        let pairs = pairs_within_reach(atoms, pot.max_cutoff(), Some(&reach), |p| {
            let (i, j) = (p.i as usize, p.j as usize);
            let range = pot
                .pair
                .cutoff(atoms.atom(pot, i), atoms.atom(pot, j))
                .max(e_cut);
            // Inside the range at A = 0, or out of reach for every |A| <= a_max: decided
            // without a square root.
            let r_sq = p.r.norm_squared();
            if r_sq < range * range {
                return true;
            }
            let skin = reach[i] + reach[j];
            if r_sq >= (range + skin) * (range + skin) {
                return false;
            }
            p.r.norm() - a_max * (u[j] - u[i]).norm() < range
        })?;
        let mut terms: Vec<Term> = (0..pairs.len() as u32).map(Term::Pair).collect();
        if pot.embedding.is_some() {
            terms.extend((0..atoms.len() as u32).map(Term::Embed));
        }
        // Each atom's list serves the embedding terms and the forces and H u at A = 0.
        let hood = Neighbourhood::new(atoms.len(), pairs);
        Ok(Self {
            potential: pot.clone(),
            species: atoms.species.to_vec(),
            sizes: atoms.sizes.map(<[f64]>::to_vec),
            u: u.to_vec(),
            hood,
            terms,
        })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// The forces and H u at A = 0 (`Potential::forces_and_hessian_times`) from the
    /// pairs found here, without a second search. `atoms` must be those of `new`.
    pub fn forces_and_hessian_times(&self, atoms: &Atoms) -> (Field, Field) {
        forces_and_hessian_times_over(&self.potential, atoms, &self.hood, &self.u)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn atom(&self, i: u32) -> Atom {
        let i = i as usize;
        let size = self.sizes.as_ref().map(|s| s[i]);
        self.potential.atom(self.species[i], size)
    }

    /// The atoms a term belongs to (the same atom twice for an embedding energy).
    pub fn owners(&self, k: usize) -> [u32; 2] {
        match self.terms[k] {
            Term::Pair(p) => [self.hood.pairs[p as usize].i, self.hood.pairs[p as usize].j],
            Term::Embed(i) => [i, i],
        }
    }

    /// The pair's vector at A = 0 and its change per unit A, oriented from atom `from`.
    fn pair_line(&self, p: u32, from_i: bool) -> (Vector3<f64>, Vector3<f64>) {
        let pair = &self.hood.pairs[p as usize];
        let d = self.u[pair.j as usize] - self.u[pair.i as usize];
        if from_i {
            (pair.r, d)
        } else {
            (-pair.r, -d)
        }
    }

    fn embedded_pairs(&self, i: u32) -> &[(u32, bool)] {
        self.hood.pairs_of(i as usize)
    }

    /// The other atom of pair p seen from its end `from_i`.
    fn other(&self, p: u32, from_i: bool) -> u32 {
        let pair = &self.hood.pairs[p as usize];
        if from_i {
            pair.j
        } else {
            pair.i
        }
    }

    /// Taylor coefficients [D1..D4] of the term's energy in A at A = 0.
    pub fn taylor(&self, k: usize) -> [f64; 4] {
        match self.terms[k] {
            Term::Pair(p) => {
                let pair = &self.hood.pairs[p as usize];
                let (r, d) = self.pair_line(p, true);
                let phi =
                    self.potential
                        .pair
                        .derivatives(self.atom(pair.i), self.atom(pair.j), r.norm());
                compose(&phi, &distance_change(&r, &d))
            }
            Term::Embed(i) => self.embedding_taylor(i),
        }
    }

    fn embedding_taylor(&self, i: u32) -> [f64; 4] {
        let Some(e) = &self.potential.embedding else {
            return [0.0; 4];
        };
        let a = self.species[i as usize];
        let mut rho0 = 0.0;
        let mut delta: Series = [0.0; 5];
        for &(p, from_i) in self.embedded_pairs(i) {
            let (r, d) = self.pair_line(p, from_i);
            let f = e.density(a, self.species[self.other(p, from_i) as usize], r.norm());
            rho0 += f[0];
            let c = compose(&f, &distance_change(&r, &d));
            for m in 0..4 {
                delta[m + 1] += c[m];
            }
        }
        compose(&e.embed(a, rho0), &delta)
    }

    /// The term's energy at A.
    pub fn energy(&self, k: usize, a: f64) -> f64 {
        match self.terms[k] {
            Term::Pair(p) => {
                let pair = &self.hood.pairs[p as usize];
                let (r, d) = self.pair_line(p, true);
                self.potential.pair.energy_r2(
                    self.atom(pair.i),
                    self.atom(pair.j),
                    (r + d * a).norm_squared(),
                )
            }
            Term::Embed(i) => {
                let Some(e) = &self.potential.embedding else {
                    return 0.0;
                };
                let s = self.species[i as usize];
                let rho: f64 = self
                    .embedded_pairs(i)
                    .iter()
                    .map(|&(p, from_i)| {
                        let (r, d) = self.pair_line(p, from_i);
                        let other = self.species[self.other(p, from_i) as usize];
                        e.density(s, other, (r + d * a).norm())[0]
                    })
                    .sum();
                e.embed(s, rho)[0]
            }
        }
    }
}
