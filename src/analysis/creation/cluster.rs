//! E_core for any potential (ANALYSIS.md sections 11 and 12): the energy of every term
//! that involves a core atom, E(X) - E(X without the core atoms). For a pair potential
//! this is the sum over pairs with at least one core atom; for an embedded-atom
//! potential it adds the embedding energies of the outer neighbours whose density the
//! core changes. Only atoms near the core matter, so the sums run over a cluster:
//! S = the core and every atom that can come within range of it, plus the neighbours of
//! S (whose positions the energies of S need), all in the glass's periodic box.

use nalgebra::{DMatrix, Vector3};

use crate::error::Result;
use crate::model::Mode;
use crate::potential::{Atoms, Potential};

/// The atoms around the core and which of them carry energy terms.
#[derive(Debug)]
pub struct Cluster {
    /// Atom indices, the core's first (in the order of `core`).
    atoms: Vec<usize>,
    n_core: usize,
    /// Per cluster atom: its energy can depend on the core (it is in S).
    in_s: Vec<bool>,
    species: Vec<u8>,
    sizes: Option<Vec<f64>>,
}

impl Cluster {
    /// `distance(i)`: atom i's distance from the core's centre; `reach`: how far any atom
    /// may move towards the core (mode displacement plus relaxation slack).
    pub fn new(
        mode: &Mode,
        potential: &Potential,
        core: &[usize],
        distance: impl Fn(usize) -> f64,
        r_core: f64,
        reach: f64,
    ) -> Self {
        let range = potential.max_cutoff();
        let s_radius = r_core + range + reach;
        let radius = s_radius + range + reach;
        let mut atoms = core.to_vec();
        let mut in_s = vec![true; core.len()];
        for i in 0..mode.n_atoms() {
            let d = distance(i);
            if d >= r_core && d < radius {
                atoms.push(i);
                in_s.push(d < s_radius);
            }
        }
        let species = atoms.iter().map(|&i| mode.species[i]).collect();
        let sizes = mode
            .sizes
            .as_ref()
            .map(|s| atoms.iter().map(|&i| s[i]).collect());
        Self {
            atoms,
            n_core: core.len(),
            in_s,
            species,
            sizes,
        }
    }

    /// The cluster's positions: the core at the flattened `x`, the others at `outer(i)`.
    pub fn positions(&self, x: &[f64], outer: impl Fn(usize) -> Vector3<f64>) -> Vec<Vector3<f64>> {
        self.atoms
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                if k < self.n_core {
                    Vector3::new(x[3 * k], x[3 * k + 1], x[3 * k + 2])
                } else {
                    outer(i)
                }
            })
            .collect()
    }

    fn view<'a>(&'a self, mode: &'a Mode, positions: &'a [Vector3<f64>], skip: usize) -> Atoms<'a> {
        Atoms {
            source: &mode.source,
            frame: mode.frame,
            positions: &positions[skip..],
            species: &self.species[skip..],
            sizes: self.sizes.as_deref().map(|s| &s[skip..]),
            cell: &mode.cell,
            deformation: None,
        }
    }

    /// sum over S of E_i with the core in place.
    pub fn energy_with_core(
        &self,
        mode: &Mode,
        pot: &Potential,
        positions: &[Vector3<f64>],
    ) -> Result<f64> {
        let e = pot.energies(&self.view(mode, positions, 0))?;
        Ok(e.iter()
            .zip(&self.in_s)
            .filter(|(_, s)| **s)
            .map(|(e, _)| e)
            .sum())
    }

    /// sum over S without the core of E_i with the core removed (independent of the
    /// core's positions: a constant of each A_out).
    pub fn energy_without_core(
        &self,
        mode: &Mode,
        pot: &Potential,
        positions: &[Vector3<f64>],
    ) -> Result<f64> {
        let e = pot.energies(&self.view(mode, positions, self.n_core))?;
        let in_s = &self.in_s[self.n_core..];
        Ok(e.iter()
            .zip(in_s)
            .filter(|(_, s)| **s)
            .map(|(e, _)| e)
            .sum())
    }

    /// The gradient of E_core with respect to the core positions (flattened).
    pub fn gradient(
        &self,
        mode: &Mode,
        pot: &Potential,
        positions: &[Vector3<f64>],
        g: &mut [f64],
    ) -> Result<()> {
        let f = pot.forces(&self.view(mode, positions, 0))?;
        for (k, fk) in f.iter().take(self.n_core).enumerate() {
            for c in 0..3 {
                g[3 * k + c] = -fk[c];
            }
        }
        Ok(())
    }

    /// The Hessian of E_core with respect to the core positions.
    pub fn hessian(
        &self,
        mode: &Mode,
        pot: &Potential,
        positions: &[Vector3<f64>],
    ) -> Result<DMatrix<f64>> {
        let h = pot.hessian(&self.view(mode, positions, 0))?;
        let n = 3 * self.n_core;
        let mut out = DMatrix::zeros(n, n);
        for (a, row) in h.rows.iter().take(self.n_core).enumerate() {
            for (b, block) in row.iter().filter(|(b, _)| (*b as usize) < self.n_core) {
                let b = *b as usize;
                out.fixed_view_mut::<3, 3>(3 * a, 3 * b).copy_from(block);
            }
        }
        Ok(out)
    }
}
