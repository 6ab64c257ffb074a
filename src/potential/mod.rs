//! Potentials (ANALYSIS.md sections 3 and 12) behind one type, `Potential`.
//!
//! A potential is pair functions phi_ab(r) and, for embedded-atom potentials, an
//! embedding: E_i = F_a(rho_i) + (1/2) sum_j phi_ab(r_ij), rho_i = sum_j f_ab(r_ij).
//! A pure pair potential is the case without an embedding. Every computation on a
//! configuration (per-atom energies, forces, Hessian-vector products, the sparse
//! Hessian, the energy terms along a displacement) is written once, in `model`, over
//! these functions, so no consumer knows which potential it has.

mod builtin;
pub mod eam;
mod ipl;
pub mod jet;
pub mod lammps;
pub mod model;
pub mod neighbours;
pub mod series;

use std::fmt::Debug;
use std::sync::Arc;

pub use builtin::{Contact, Shape, SoftSpheres, SpeciesLj, SOFT_SPHERES_MAX_SIZE};
pub use ipl::Ipl3d;
pub use model::{Atoms, LineTerms, SparseHessian};

/// Unit system of a potential and its files (ANALYSIS.md section 12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Reduced units: length a0, energy E0, mass M = 1.
    #[default]
    Lj,
    /// Angstrom, eV, amu.
    Metal,
}

/// omega = 2 pi nu of omega2 = 1 eV / (amu Å^2), in THz: sqrt(e / (amu 1e-20 m^2)) / 2 pi
/// with e = 1.602176634e-19 J and amu = 1.66053906660e-27 kg (CODATA 2018).
const THZ_PER_SQRT_METAL_OMEGA2: f64 = 15.633_304_24;

impl Units {
    pub fn as_str(self) -> &'static str {
        match self {
            Units::Lj => "lj",
            Units::Metal => "metal",
        }
    }

    /// The frequency nu = sqrt(omega2) / 2 pi in THz (metal units; None in lj, where the
    /// time unit is the glass's own).
    pub fn frequency_thz(self, omega2: f64) -> Option<f64> {
        match self {
            Units::Metal if omega2 >= 0.0 => Some(THZ_PER_SQRT_METAL_OMEGA2 * omega2.sqrt()),
            _ => None,
        }
    }

    /// A figure label in markup with its reduced unit symbols (*a*_0, *E*_0, *M*) written
    /// in these units: unchanged in lj, Å, eV and amu in metal.
    pub fn markup(self, label: &str) -> String {
        match self {
            Units::Lj => label.to_owned(),
            Units::Metal => label
                .replace("*a*_0", "Å")
                .replace("*E*_0", "eV")
                .replace("*M*", "amu"),
        }
    }

    /// A plain-text label's unit symbols (the words a0, E0, M) in these units.
    pub fn plain(self, label: &str) -> String {
        if self == Units::Lj {
            return label.to_owned();
        }
        let mut out = String::with_capacity(label.len() + 8);
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            out.push_str(match word.as_str() {
                "a0" => "Å",
                "E0" => "eV",
                "M" => "amu",
                w => w,
            });
            word.clear();
        };
        for c in label.chars() {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }
}

/// Elastic moduli of the glass (energy / length^3 of the potential's units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moduli {
    pub bulk: f64,
    pub shear: f64,
}

/// What a pair function needs to know of an atom: its species index and its diameter
/// (the file's per-atom diameter, else its species' diameter; see `Potential::atom`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Atom {
    pub species: u8,
    pub size: f64,
}

impl Atom {
    pub fn of(species: u8) -> Self {
        Self { species, size: 1.0 }
    }
}

/// Radially symmetric pair functions phi(r) between two atoms.
pub trait PairFunctions: Send + Sync + Debug {
    /// Interaction range of the pair; phi is zero at and beyond it.
    fn cutoff(&self, a: Atom, b: Atom) -> f64;
    /// The largest cut-off over all pairs this potential can meet (for neighbour lists;
    /// a polydisperse potential answers for the largest diameter it was built for).
    fn max_cutoff(&self) -> f64;
    /// The largest per-atom diameter `max_cutoff` covers, for potentials that read
    /// diameters (None: sizes are ignored).
    fn largest_size(&self) -> Option<f64> {
        None
    }
    /// [phi, phi', phi'', phi''', phi''''] at distance r (all zero at r >= cutoff).
    fn derivatives(&self, a: Atom, b: Atom, r: f64) -> [f64; 5];
    /// phi at squared distance r2 (the hot path of the "fit" method avoids a sqrt).
    fn energy_r2(&self, a: Atom, b: Atom, r2: f64) -> f64 {
        self.derivatives(a, b, r2.sqrt())[0]
    }
}

/// The many-body part of an embedded-atom potential (LAMMPS eam/alloy, eam/fs).
pub trait Embedding: Send + Sync + Debug {
    /// Range of the density functions.
    fn cutoff(&self) -> f64;
    /// [f, f', f'', f''', f''''] at r: the density that a neighbour of species `from`
    /// adds at an atom of species `at` (eam/alloy: a function of `from` alone).
    fn density(&self, at: u8, from: u8, r: f64) -> [f64; 5];
    /// [F, F', F'', F''', F''''] of species `a` at density rho.
    fn embed(&self, a: u8, rho: f64) -> [f64; 5];
}

/// One species: its name (as files label it), mass and drawing diameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Species {
    pub name: String,
    /// In the mass unit of the potential's units (1 in lj, amu in metal).
    pub mass: f64,
    /// The like-pair length scale, for drawing atoms.
    pub diameter: f64,
}

impl Species {
    pub fn new(name: &str, mass: f64, diameter: f64) -> Self {
        Self {
            name: name.to_owned(),
            mass,
            diameter,
        }
    }
}

/// A potential: species, units, known moduli and the functions that define it.
#[derive(Clone, Debug)]
pub struct Potential {
    /// Built-in name ("3dipl", "ka-lj", ..) or the file it was read from.
    pub name: String,
    pub species: Vec<Species>,
    pub units: Units,
    /// The moduli of the glasses it makes, where known (ANALYSIS.md section 12).
    pub moduli: Option<Moduli>,
    /// Tabulated (interpolated) functions: their second derivative jumps at the table
    /// points, so the Taylor D3/D4 describe the interpolation (section 12).
    pub tabulated: bool,
    /// Per-atom diameters are needed (polydisperse soft spheres): the file column.
    pub needs_sizes: bool,
    pub pair: Arc<dyn PairFunctions>,
    pub embedding: Option<Arc<dyn Embedding>>,
}

impl Potential {
    /// A pair potential with no known moduli, not tabulated.
    pub fn pair(
        name: &str,
        species: Vec<Species>,
        units: Units,
        pair: Arc<dyn PairFunctions>,
    ) -> Self {
        Self {
            name: name.to_owned(),
            species,
            units,
            moduli: None,
            tabulated: false,
            needs_sizes: false,
            pair,
            embedding: None,
        }
    }

    /// The paper's 3DIPL glass (section 3): species S and L, unit masses, B = 56, G = 14.
    pub fn ipl3d() -> Self {
        let ipl = Ipl3d::default();
        let species = vec![
            Species::new("S", 1.0, ipl.lambda_of(0, 0)),
            Species::new("L", 1.0, ipl.lambda_of(1, 1)),
        ];
        Self {
            moduli: Some(Moduli {
                bulk: 56.0,
                shear: 14.0,
            }),
            ..Self::pair("3dipl", species, Units::Lj, Arc::new(ipl))
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The species names, in index order (a mode's species are indices into this).
    pub fn species(&self) -> Vec<&str> {
        self.species.iter().map(|s| s.name.as_str()).collect()
    }

    pub fn moduli(&self) -> Option<Moduli> {
        self.moduli
    }

    /// A many-body (embedded-atom) potential: the core energy is a sum of per-atom
    /// energies and full weight is undefined (section 12).
    pub fn is_many_body(&self) -> bool {
        self.embedding.is_some()
    }

    /// The drawing diameter of a species.
    pub fn diameter(&self, species: u8) -> f64 {
        self.species
            .get(usize::from(species))
            .map_or(1.0, |s| s.diameter)
    }

    /// Atom i of a configuration as the pair functions see it: its diameter is the
    /// file's if it has one, else the species' (binary harmonic spheres without sizes).
    #[inline]
    pub fn atom(&self, species: u8, size: Option<f64>) -> Atom {
        Atom {
            species,
            size: size.unwrap_or_else(|| self.diameter(species)),
        }
    }

    /// The mass of a species (1 for an unknown index).
    pub fn mass(&self, species: u8) -> f64 {
        self.species
            .get(usize::from(species))
            .map_or(1.0, |s| s.mass)
    }

    /// The range beyond which no term of this potential couples two atoms directly.
    pub fn max_cutoff(&self) -> f64 {
        let e = self.embedding.as_ref().map_or(0.0, |e| e.cutoff());
        self.pair.max_cutoff().max(e)
    }
}

/// A built-in potential by name.
pub fn by_name(name: &str) -> Option<Potential> {
    match name.to_ascii_lowercase().as_str() {
        "3dipl" | "ipl" => Some(Potential::ipl3d()),
        "ka-lj" | "ka" | "kob-andersen" => Some(Potential::ka_lj()),
        "ka-lj-shifted" => Some(Potential::ka_lj_shifted()),
        "wahnstrom" => Some(Potential::wahnstrom()),
        "soft-spheres" => Some(Potential::soft_spheres(SOFT_SPHERES_MAX_SIZE)),
        "harmonic" => Some(Potential::harmonic()),
        "hertzian" => Some(Potential::hertzian()),
        _ => None,
    }
}

/// The names `by_name` knows, for messages.
pub const BUILT_IN: &[&str] = &[
    "3dipl",
    "ka-lj",
    "ka-lj-shifted",
    "wahnstrom",
    "soft-spheres",
    "harmonic",
    "hertzian",
];

/// A potential from `spec`: a built-in name, else a file of LAMMPS commands.
pub fn load(spec: &str) -> crate::error::Result<Potential> {
    if let Some(p) = by_name(spec) {
        return Ok(p);
    }
    let path = std::path::Path::new(spec);
    if path.is_file() {
        return lammps::read(path);
    }
    Err(crate::error::Error::Setting(format!(
        "potential '{spec}' is neither a built-in name ({}) nor a file of LAMMPS commands",
        BUILT_IN.join(", ")
    )))
}
