//! A Lennard-Jones fcc crystal: the potential, the positions and the lattice vectors,
//! for tests with closed-form lattice sums.

use std::sync::Arc;

use nalgebra::Vector3;
use softmode::potential::{Atom, Atoms, PairFunctions, Potential, Species, Units};
use softmode::Cell;

/// LAMMPS lj/cut (eps = sigma = 1), truncated at r_c without a shift.
#[derive(Debug)]
pub struct LjCut {
    pub rc: f64,
}

impl PairFunctions for LjCut {
    fn cutoff(&self, _: Atom, _: Atom) -> f64 {
        self.rc
    }
    fn max_cutoff(&self) -> f64 {
        self.rc
    }
    fn derivatives(&self, _: Atom, _: Atom, r: f64) -> [f64; 5] {
        if r >= self.rc {
            return [0.0; 5];
        }
        // 4 (r^-12 - r^-6) and its derivatives.
        let term = |p: i32, c: f64| {
            let mut d = [0.0; 5];
            let mut coef = c;
            for (k, dk) in d.iter_mut().enumerate() {
                *dk = coef * r.powi(-p - k as i32);
                coef *= -(p as f64 + k as f64);
            }
            d
        };
        let (a, b) = (term(12, 4.0), term(6, -4.0));
        std::array::from_fn(|k| a[k] + b[k])
    }
}

pub fn lj() -> Potential {
    Potential::pair(
        "lj-cut",
        vec![Species::new("A", 1.0, 1.0)],
        Units::Lj,
        Arc::new(LjCut { rc: 2.5 }),
    )
}

/// n^3 conventional fcc cells of edge a.
pub fn fcc(n: usize, a: f64) -> (Vec<Vector3<f64>>, Cell) {
    let basis = [
        [0.0, 0.0, 0.0],
        [0.5, 0.5, 0.0],
        [0.5, 0.0, 0.5],
        [0.0, 0.5, 0.5],
    ];
    let mut p = Vec::new();
    for i in 0..n {
        for j in 0..n {
            for k in 0..n {
                for b in basis {
                    p.push(Vector3::new(i as f64 + b[0], j as f64 + b[1], k as f64 + b[2]) * a);
                }
            }
        }
    }
    (p, Cell::new([n as f64 * a; 3]))
}

/// The fcc lattice vectors (conventional cube of edge a) shorter than rc, 0 excluded.
pub fn lattice_vectors(a: f64, rc: f64) -> Vec<Vector3<f64>> {
    let m = 2 * ((rc / a).ceil() as i32 + 1);
    let mut out = Vec::new();
    for i in -m..=m {
        for j in -m..=m {
            for k in -m..=m {
                // fcc lattice points: integer coordinates (in a/2) with an even sum.
                let r = Vector3::new(i as f64, j as f64, k as f64) * (a / 2.0);
                if (i + j + k) % 2 == 0 && (i, j, k) != (0, 0, 0) && r.norm() < rc {
                    out.push(r);
                }
            }
        }
    }
    out
}

/// One species on the sites of `fcc(n, a)`.
pub struct Crystal {
    pub positions: Vec<Vector3<f64>>,
    pub species: Vec<u8>,
    pub cell: Cell,
}

impl Crystal {
    pub fn fcc(n: usize, a: f64) -> Self {
        let (positions, cell) = fcc(n, a);
        let species = vec![0; positions.len()];
        Self {
            positions,
            species,
            cell,
        }
    }

    pub fn atoms(&self) -> Atoms<'_> {
        Atoms {
            source: std::path::Path::new("fcc"),
            frame: 0,
            positions: &self.positions,
            species: &self.species,
            sizes: None,
            cell: &self.cell,
            deformation: None,
        }
    }
}
