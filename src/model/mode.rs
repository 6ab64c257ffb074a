//! `Mode`: a glass configuration with one normalised eigenvector.

use std::path::PathBuf;

use nalgebra::Vector3;
use serde::{Deserialize, Serialize};

use super::Cell;
use crate::error::{Error, Result};
use crate::potential::{Atoms, Potential, Units};

/// Where the mode's omega^2 comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Omega2Source {
    /// Given in the file.
    File,
    /// Computed as e.H.e from the potential.
    Computed,
}

/// What a frame's vector is: a normal mode of the Hessian, or a quartic mode (ANALYSIS.md
/// section 15; files written by `softmode modes --quartic` say `kind="quartic"`). Table I
/// labels them m0, m1, .. and q0, q1, .. as the paper does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ModeKind {
    #[default]
    Normal,
    Quartic,
}

impl ModeKind {
    /// The value of `kind` in an extended XYZ comment line; anything but "quartic" is a
    /// normal mode.
    pub fn parse(value: &str) -> Self {
        if value.trim().eq_ignore_ascii_case("quartic") {
            Self::Quartic
        } else {
            Self::Normal
        }
    }

    /// The letter of the paper's Table I.
    pub fn letter(self) -> char {
        match self {
            Self::Normal => 'm',
            Self::Quartic => 'q',
        }
    }
}

/// One soft mode: N atoms in a periodic box and the eigenvector e (N x 3), normalised to
/// sum |e_i|^2 = 1 on construction (ANALYSIS.md section 1).
#[derive(Clone, Debug)]
pub struct Mode {
    /// The file it came from (for messages and provenance).
    pub source: PathBuf,
    /// 0-based frame index within the file.
    pub frame: usize,
    pub positions: Vec<Vector3<f64>>,
    /// Species index into the potential's species list (0 = S, 1 = L for 3DIPL).
    pub species: Vec<u8>,
    pub cell: Cell,
    /// The normalised eigenvector.
    pub e: Vec<Vector3<f64>>,
    /// sqrt(sum |e_i|^2) as found in the file.
    pub e_norm_in_file: f64,
    /// omega^2 as given in the file, if any.
    pub omega2_file: Option<f64>,
    /// Per-atom masses from the file (a `masses` column), which win over the potential's.
    pub masses: Option<Vec<f64>>,
    /// Per-atom diameters from the file, for polydisperse potentials.
    pub sizes: Option<Vec<f64>>,
    /// The unit system the file declares (`units="metal"` in extended XYZ), if any.
    pub units: Option<Units>,
    pub kind: ModeKind,
}

impl Mode {
    /// Builds a mode, normalising `e`. Errors name `source`: mismatched lengths,
    /// non-finite numbers, a zero norm, a degenerate box.
    pub fn new(
        source: impl Into<PathBuf>,
        frame: usize,
        positions: Vec<Vector3<f64>>,
        species: Vec<u8>,
        cell: Cell,
        e: Vec<Vector3<f64>>,
        omega2_file: Option<f64>,
    ) -> Result<Self> {
        let source = source.into();
        let n = positions.len();
        if n == 0 {
            return Err(Error::invalid(&source, "no atoms"));
        }
        if species.len() != n || e.len() != n {
            return Err(Error::invalid(
                &source,
                format!(
                    "{} positions, {} species and {} eigenvector rows: the counts must match",
                    n,
                    species.len(),
                    e.len()
                ),
            ));
        }
        if !cell.lengths.iter().all(|l| l.is_finite() && *l > 0.0) {
            return Err(Error::invalid(
                &source,
                format!("box lengths {:?} must be finite and positive", cell.lengths),
            ));
        }
        if let Some(i) = positions
            .iter()
            .position(|p| !p.iter().all(|x| x.is_finite()))
        {
            return Err(Error::invalid(
                &source,
                format!("atom {i}: non-finite position"),
            ));
        }
        if let Some(i) = e.iter().position(|v| !v.iter().all(|x| x.is_finite())) {
            return Err(Error::invalid(
                &source,
                format!("atom {i}: non-finite eigenvector"),
            ));
        }
        let norm = e.iter().map(|v| v.norm_squared()).sum::<f64>().sqrt();
        if !(norm.is_finite() && norm > 0.0) {
            return Err(Error::invalid(
                &source,
                format!("frame {frame}: the eigenvector has zero or non-finite norm ({norm})"),
            ));
        }
        if let Some(w) = omega2_file {
            if !w.is_finite() {
                return Err(Error::invalid(
                    &source,
                    format!("frame {frame}: omega2 is {w}"),
                ));
            }
        }
        let e = e.into_iter().map(|v| v / norm).collect();
        Ok(Self {
            source,
            frame,
            positions,
            species,
            cell,
            e,
            e_norm_in_file: norm,
            omega2_file,
            masses: None,
            sizes: None,
            units: None,
            kind: ModeKind::Normal,
        })
    }

    /// The mode with per-atom masses (all finite and positive, one per atom).
    pub fn with_masses(mut self, masses: Vec<f64>) -> Result<Self> {
        self.masses = Some(self.per_atom("masses", masses)?);
        Ok(self)
    }

    /// The mode with per-atom diameters (all finite and positive, one per atom).
    pub fn with_sizes(mut self, sizes: Vec<f64>) -> Result<Self> {
        self.sizes = Some(self.per_atom("diameters", sizes)?);
        Ok(self)
    }

    fn per_atom(&self, what: &str, v: Vec<f64>) -> Result<Vec<f64>> {
        if v.len() != self.n_atoms() {
            return Err(Error::invalid(
                &self.source,
                format!("{} {what} for {} atoms", v.len(), self.n_atoms()),
            ));
        }
        if let Some(i) = v.iter().position(|m| !(m.is_finite() && *m > 0.0)) {
            return Err(Error::invalid(
                &self.source,
                format!("atom {i}: {what} {} must be finite and positive", v[i]),
            ));
        }
        Ok(v)
    }

    /// The configuration as a potential sees it.
    pub fn atoms(&self) -> Atoms<'_> {
        Atoms {
            source: &self.source,
            frame: self.frame,
            positions: &self.positions,
            species: &self.species,
            sizes: self.sizes.as_deref(),
            cell: &self.cell,
            deformation: None,
        }
    }

    /// Per-atom masses: the file's, else the potential's per species (ANALYSIS.md 12).
    pub fn masses_for(&self, potential: &Potential) -> Vec<f64> {
        match &self.masses {
            Some(m) => m.clone(),
            None => self.species.iter().map(|&s| potential.mass(s)).collect(),
        }
    }

    /// The displacement per unit normal coordinate, u_i = e_i / sqrt(m_i).
    pub fn displacements(&self, masses: &[f64]) -> Vec<Vector3<f64>> {
        self.e
            .iter()
            .zip(masses)
            .map(|(e, m)| e / m.sqrt())
            .collect()
    }

    pub fn n_atoms(&self) -> usize {
        self.positions.len()
    }

    /// The same mode with e -> -e (the sign of an eigenvector is arbitrary).
    pub fn flipped(&self) -> Self {
        let mut m = self.clone();
        for v in &mut m.e {
            *v = -*v;
        }
        m
    }

    /// The glass repeated reps[k] times along axis k with the mode in every copy,
    /// renormalised (for benchmarks and size tests: 2x2x2 of 2,000 atoms is 16,000).
    pub fn tiled(&self, reps: [usize; 3]) -> Self {
        let copies = reps[0] * reps[1] * reps[2];
        let l = self.cell.lengths;
        let mut positions = Vec::with_capacity(self.n_atoms() * copies);
        let mut e = Vec::with_capacity(self.n_atoms() * copies);
        for a in 0..reps[0] {
            for b in 0..reps[1] {
                for c in 0..reps[2] {
                    let shift = Vector3::new(a as f64 * l[0], b as f64 * l[1], c as f64 * l[2]);
                    positions.extend(self.positions.iter().map(|p| p + shift));
                    e.extend(self.e.iter().map(|v| v / (copies as f64).sqrt()));
                }
            }
        }
        Self {
            source: self.source.clone(),
            frame: self.frame,
            species: self.species.repeat(copies),
            cell: Cell::new([
                l[0] * reps[0] as f64,
                l[1] * reps[1] as f64,
                l[2] * reps[2] as f64,
            ]),
            positions,
            e,
            e_norm_in_file: self.e_norm_in_file,
            omega2_file: self.omega2_file,
            masses: self.masses.as_ref().map(|m| m.repeat(copies)),
            sizes: self.sizes.as_ref().map(|m| m.repeat(copies)),
            units: self.units,
            kind: self.kind,
        }
    }

    /// The mode's name in Table I: m or q and its frame ("m3", "q0").
    pub fn label(&self) -> String {
        format!("{}{}", self.kind.letter(), self.frame)
    }

    /// File name without directories, for tables and messages.
    pub fn file_name(&self) -> String {
        self.source.file_name().map_or_else(
            || self.source.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    }
}
