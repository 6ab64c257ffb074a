//! Potentials as LAMMPS users write them: a file of LAMMPS commands (`units`, `mass`,
//! `pair_style`, `pair_coeff`, `pair_modify`), read into a `Potential` that gives LAMMPS's
//! energies and forces.
//!
//! Supported: `units lj|metal`; `mass T V` (T a type or range `*`, `1*2`); pair styles
//! `lj/cut RC` (`pair_coeff I J eps sigma [rc]`; unlisted I J mixed, geometric by default
//! as LAMMPS's `pair_modify mix geometric`), `lepton [RC]` (`pair_coeff I J "formula in r"
//! [rc]`), `table linear|spline N` (`pair_coeff I J file keyword [rc]`), `eam/alloy` and
//! `eam/fs` (`pair_coeff * * file El1 El2 ..`); `pair_modify shift yes|no` (lj/cut and
//! lepton; LAMMPS ignores it for table and eam), `mix geometric|arithmetic|sixthpower`,
//! `tail no`. Commands without effect on the energy (`atom_style`, `boundary`,
//! `neighbor`, `neigh_modify`, `comm_modify`, `newton`) are ignored; anything else is an
//! error naming the file, the line and what is supported.
//!
//! Species are the types "1", "2", .. or, for eam, the elements of the pair_coeff line.
//! File names in the commands are looked up beside the potential file, then in the
//! current folder, then in `$LAMMPS_POTENTIALS`.

mod input;
pub mod lepton;
mod lj;
mod table;

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use lepton::Formula;
pub use lj::{LjCut, Mix};

use self::input::Command;
use self::table::TableStyle;
use super::eam::{read_setfl, SetflKind};
use super::{Atom, PairFunctions, Potential, Species, Units};
use crate::error::{Error, Result};

/// A pair function of r alone (one type pair), zero-cut by `TypePairs`.
pub trait Radial: Send + Sync + Debug {
    /// [phi, phi', phi'', phi''', phi''''] at r (inside the cut-off).
    fn derivatives(&self, r: f64) -> [f64; 5];
    /// phi at r^2 (inside the cut-off).
    fn energy_r2(&self, r2: f64) -> f64;
}

/// A pair function and a cut-off for every pair of types.
#[derive(Debug)]
pub struct TypePairs {
    n: usize,
    /// n x n, symmetric.
    cut: Vec<f64>,
    cutsq: Vec<f64>,
    funcs: Vec<Arc<dyn Radial>>,
    max_cut: f64,
}

impl TypePairs {
    /// From the pairs i <= j in row order (i, j) -> (function, cut-off).
    fn new(n: usize, upper: Vec<(Arc<dyn Radial>, f64)>) -> Self {
        let mut cut = vec![0.0; n * n];
        let mut funcs = Vec::with_capacity(n * n);
        let mut k_of = vec![0; n * n];
        let mut k = 0;
        for i in 0..n {
            for j in i..n {
                k_of[i * n + j] = k;
                k_of[j * n + i] = k;
                k += 1;
            }
        }
        for (ij, &k) in k_of.iter().enumerate() {
            cut[ij] = upper[k].1;
            funcs.push(upper[k].0.clone());
        }
        let max_cut = cut.iter().copied().fold(0.0, f64::max);
        let cutsq = cut.iter().map(|c| c * c).collect();
        Self {
            n,
            cut,
            cutsq,
            funcs,
            max_cut,
        }
    }

    #[inline]
    fn index(&self, a: Atom, b: Atom) -> usize {
        usize::from(a.species) * self.n + usize::from(b.species)
    }
}

impl PairFunctions for TypePairs {
    fn cutoff(&self, a: Atom, b: Atom) -> f64 {
        self.cut[self.index(a, b)]
    }

    fn max_cutoff(&self) -> f64 {
        self.max_cut
    }

    fn derivatives(&self, a: Atom, b: Atom, r: f64) -> [f64; 5] {
        let k = self.index(a, b);
        if r * r >= self.cutsq[k] {
            return [0.0; 5];
        }
        self.funcs[k].derivatives(r)
    }

    fn energy_r2(&self, a: Atom, b: Atom, r2: f64) -> f64 {
        let k = self.index(a, b);
        // LAMMPS: rsq < cutsq
        if r2 >= self.cutsq[k] {
            return 0.0;
        }
        self.funcs[k].energy_r2(r2)
    }
}

/// A lepton formula with its offset (phi at the cut-off where `pair_modify shift yes`).
#[derive(Debug)]
struct LeptonPair {
    formula: Arc<Formula>,
    offset: f64,
}

impl Radial for LeptonPair {
    fn derivatives(&self, r: f64) -> [f64; 5] {
        let mut d = self.formula.derivatives(r);
        d[0] -= self.offset;
        d
    }

    fn energy_r2(&self, r2: f64) -> f64 {
        self.formula.value(r2.sqrt()) - self.offset
    }
}

const IGNORED: &[&str] = &[
    "atom_style",
    "boundary",
    "neighbor",
    "neigh_modify",
    "comm_modify",
    "newton",
];
const COMMANDS: &str = "units, mass, pair_style, pair_coeff, pair_modify (and, ignored: atom_style, boundary, neighbor, neigh_modify, comm_modify, newton)";
const STYLES: &str = "lj/cut, lepton, table, eam/alloy, eam/fs";

/// Reads a file of LAMMPS commands into a potential.
pub fn read(path: &Path) -> Result<Potential> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let commands = input::commands(&text).map_err(|(line, msg)| Error::parse(path, line, msg))?;
    let ntypes = count_types(path, &commands)?;
    let mut reader = Reader::new(path, ntypes);
    for c in &commands {
        reader.command(c)?;
    }
    reader.finish()
}

/// The pair style of a file.
#[derive(Clone, Debug)]
enum Style {
    LjCut { cut: f64 },
    Lepton { cut: Option<f64> },
    Table { style: TableStyle, n: usize },
    Eam(SetflKind),
}

/// What one pair_coeff gave a type pair.
#[derive(Clone, Debug)]
enum Coeff {
    Lj { eps: f64, sigma: f64, cut: f64 },
    Lepton { formula: Arc<Formula>, cut: f64 },
    Table(Arc<table::Table>),
}

struct Reader<'a> {
    path: &'a Path,
    ntypes: usize,
    units: Units,
    masses: Vec<Option<f64>>,
    /// The style and the line of its pair_style command.
    style: Option<(Style, u64)>,
    shift: bool,
    mix: Mix,
    /// Upper triangle, row order.
    coeffs: Vec<Option<Coeff>>,
    eam: Option<Potential>,
}

/// The number of atom types: the elements of an eam pair_coeff, else the largest type
/// number named (ranges included), at least 1.
fn count_types(path: &Path, commands: &[Command]) -> Result<usize> {
    let style = commands
        .iter()
        .find(|c| c.words[0] == "pair_style")
        .and_then(|c| c.words.get(1));
    let is_eam = style.is_some_and(|s| s.starts_with("eam/"));
    let mut n = 1;
    for c in commands {
        match c.words[0].as_str() {
            "pair_coeff" if is_eam => n = n.max(c.words.len().saturating_sub(4)),
            "pair_coeff" | "mass" => {
                for w in c
                    .words
                    .iter()
                    .skip(1)
                    .take(if c.words[0] == "mass" { 1 } else { 2 })
                {
                    let largest = w.split('*').filter_map(|p| p.parse::<usize>().ok()).max();
                    n = n.max(largest.unwrap_or(1));
                }
            }
            _ => {}
        }
    }
    if n > 255 {
        return Err(Error::parse(
            path,
            0,
            format!("{n} atom types: at most 255"),
        ));
    }
    Ok(n)
}

impl<'a> Reader<'a> {
    fn new(path: &'a Path, ntypes: usize) -> Self {
        Self {
            path,
            ntypes,
            units: Units::Lj,
            masses: vec![None; ntypes],
            style: None,
            shift: false,
            mix: Mix::default(),
            coeffs: vec![None; ntypes * (ntypes + 1) / 2],
            eam: None,
        }
    }

    fn error(&self, c: &Command, msg: impl Into<String>) -> Error {
        Error::parse(self.path, c.line, msg)
    }

    fn command(&mut self, c: &Command) -> Result<()> {
        match c.words[0].as_str() {
            "units" => self.units(c),
            "mass" => self.mass(c),
            "pair_style" => self.pair_style(c),
            "pair_modify" => self.pair_modify(c),
            "pair_coeff" => self.pair_coeff(c),
            w if IGNORED.contains(&w) => Ok(()),
            w => Err(self.error(c, format!("unknown command '{w}' (supported: {COMMANDS})"))),
        }
    }

    fn arity(&self, c: &Command, counts: &[usize], usage: &str) -> Result<()> {
        if counts.contains(&c.words.len()) {
            Ok(())
        } else {
            Err(self.error(c, format!("'{}': expected {usage}", c.words.join(" "))))
        }
    }

    fn number(&self, c: &Command, k: usize, what: &str) -> Result<f64> {
        let w = &c.words[k];
        w.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| self.error(c, format!("'{w}' is not a number ({what})")))
    }

    fn positive(&self, c: &Command, k: usize, what: &str) -> Result<f64> {
        let v = self.number(c, k, what)?;
        if v > 0.0 {
            Ok(v)
        } else {
            Err(self.error(c, format!("{what} must be positive, not {v}")))
        }
    }

    /// A type or a range (`*`, `2*`, `*2`, `1*2`), 0-based, inclusive.
    fn types(&self, c: &Command, k: usize) -> Result<(usize, usize)> {
        let w = &c.words[k];
        let n = self.ntypes;
        let parse = |s: &str, empty: usize| -> Option<usize> {
            if s.is_empty() {
                Some(empty)
            } else {
                s.parse::<usize>().ok()
            }
        };
        let (lo, hi) = match w.split_once('*') {
            None => parse(w, 0).map(|t| (t, t)),
            Some((a, b)) => parse(a, 1).zip(parse(b, n)),
        }
        .filter(|(lo, hi)| 1 <= *lo && lo <= hi && *hi <= n)
        .ok_or_else(|| {
            self.error(
                c,
                format!("'{w}' is not an atom type or range of types 1..{n} (1, *, 1*2, ..)"),
            )
        })?;
        Ok((lo - 1, hi - 1))
    }

    fn units(&mut self, c: &Command) -> Result<()> {
        self.arity(c, &[2], "units lj|metal")?;
        self.units = match c.words[1].as_str() {
            "lj" => Units::Lj,
            "metal" => Units::Metal,
            u => return Err(self.error(c, format!("units {u}: supported are lj and metal"))),
        };
        Ok(())
    }

    fn mass(&mut self, c: &Command) -> Result<()> {
        self.arity(c, &[3], "mass TYPE VALUE")?;
        let (lo, hi) = self.types(c, 1)?;
        let m = self.positive(c, 2, "the mass")?;
        self.masses[lo..=hi].iter_mut().for_each(|x| *x = Some(m));
        Ok(())
    }

    fn pair_style(&mut self, c: &Command) -> Result<()> {
        if let Some((_, line)) = &self.style {
            return Err(self.error(
                c,
                format!("a second pair_style (the first is on line {line})"),
            ));
        }
        let name = c.words.get(1).map_or("", String::as_str);
        let style = match name {
            "lj/cut" => {
                self.arity(c, &[3], "pair_style lj/cut CUTOFF")?;
                Style::LjCut {
                    cut: self.positive(c, 2, "the cut-off")?,
                }
            }
            "lepton" => {
                self.arity(c, &[2, 3], "pair_style lepton [CUTOFF]")?;
                let cut = match c.words.len() {
                    3 => Some(self.positive(c, 2, "the cut-off")?),
                    _ => None,
                };
                Style::Lepton { cut }
            }
            "table" => self.table_style(c)?,
            "eam/alloy" | "eam/fs" => {
                self.arity(c, &[2], &format!("pair_style {name} (no arguments)"))?;
                Style::Eam(if name == "eam/fs" {
                    SetflKind::Fs
                } else {
                    SetflKind::Alloy
                })
            }
            s => {
                return Err(self.error(
                    c,
                    format!("pair_style '{s}' is not supported (supported: {STYLES})"),
                ))
            }
        };
        self.style = Some((style, c.line));
        Ok(())
    }

    fn table_style(&self, c: &Command) -> Result<Style> {
        self.arity(c, &[4], "pair_style table linear|spline N")?;
        let style = match c.words[2].as_str() {
            "linear" => TableStyle::Linear,
            "spline" => TableStyle::Spline,
            s => {
                return Err(self.error(c, format!("table style '{s}' (supported: linear, spline)")))
            }
        };
        let n = c.words[3]
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 2)
            .ok_or_else(|| {
                self.error(c, format!("'{}' is not a table length N >= 2", c.words[3]))
            })?;
        Ok(Style::Table { style, n })
    }

    fn require_style(&self, c: &Command) -> Result<Style> {
        match &self.style {
            Some((s, _)) => Ok(s.clone()),
            None => Err(self.error(c, format!("{} before pair_style", c.words[0]))),
        }
    }

    fn pair_modify(&mut self, c: &Command) -> Result<()> {
        self.require_style(c)?;
        if c.words.len() < 3 || c.words.len().is_multiple_of(2) {
            return Err(self.error(c, "expected pair_modify KEYWORD VALUE .."));
        }
        for kv in c.words[1..].chunks(2) {
            match (kv[0].as_str(), kv[1].as_str()) {
                ("shift", "yes") => self.shift = true,
                ("shift", "no") => self.shift = false,
                ("tail", "no") => {}
                ("mix", m) if Mix::named(m).is_some() => self.mix = Mix::named(m).expect("known"),
                (k, v) => {
                    return Err(self.error(
                        c,
                        format!("pair_modify {k} {v} is not supported (supported: shift yes|no, mix geometric|arithmetic|sixthpower, tail no)"),
                    ))
                }
            }
        }
        Ok(())
    }

    fn pair_coeff(&mut self, c: &Command) -> Result<()> {
        let style = self.require_style(c)?;
        if let Style::Eam(kind) = style {
            return self.eam_coeff(c, kind);
        }
        if c.words.len() < 3 {
            return Err(self.error(c, "expected pair_coeff I J .."));
        }
        let coeff = match style {
            Style::LjCut { cut } => {
                self.arity(c, &[5, 6], "pair_coeff I J EPSILON SIGMA [CUTOFF]")?;
                Coeff::Lj {
                    eps: self.number(c, 3, "epsilon")?,
                    sigma: self.positive(c, 4, "sigma")?,
                    cut: self.optional_cut(c, 5, Some(cut))?,
                }
            }
            Style::Lepton { cut } => {
                self.arity(c, &[4, 5], "pair_coeff I J \"FORMULA IN r\" [CUTOFF]")?;
                let formula = Formula::parse(&c.words[3])
                    .map_err(|m| self.error(c, format!("formula \"{}\": {m}", c.words[3])))?;
                Coeff::Lepton {
                    formula: Arc::new(formula),
                    cut: self.optional_cut(c, 4, cut)?,
                }
            }
            Style::Table { style, n } => {
                self.arity(c, &[5, 6], "pair_coeff I J FILE KEYWORD [CUTOFF]")?;
                let cut = match c.words.len() {
                    6 => Some(self.positive(c, 5, "the cut-off")?),
                    _ => None,
                };
                let file = self.locate(c, &c.words[3], "table")?;
                let t = table::read(&file, &c.words[4], style, n, cut)
                    .map_err(|e| self.error(c, e.to_string()))?;
                Coeff::Table(Arc::new(t))
            }
            Style::Eam(_) => unreachable!("handled above"),
        };
        self.set_pairs(c, coeff)
    }

    /// The cut-off in word k, else the style's global one.
    fn optional_cut(&self, c: &Command, k: usize, global: Option<f64>) -> Result<f64> {
        match (c.words.len() > k, global) {
            (true, _) => self.positive(c, k, "the cut-off"),
            (false, Some(cut)) => Ok(cut),
            (false, None) => Err(self.error(
                c,
                "no cut-off: give one in pair_style or at the end of pair_coeff",
            )),
        }
    }

    /// Assigns `coeff` to the pairs (i, j), i <= j, of the ranges (LAMMPS swaps I > J).
    fn set_pairs(&mut self, c: &Command, coeff: Coeff) -> Result<()> {
        let (mut a, mut b) = (self.types(c, 1)?, self.types(c, 2)?);
        if a.0 == a.1 && b.0 == b.1 && a.0 > b.0 {
            std::mem::swap(&mut a, &mut b);
        }
        let mut count = 0;
        for i in a.0..=a.1 {
            for j in b.0.max(i)..=b.1 {
                let k = self.upper(i, j);
                self.coeffs[k] = Some(coeff.clone());
                count += 1;
            }
        }
        if count == 0 {
            return Err(self.error(c, "these types name no pair I <= J"));
        }
        Ok(())
    }

    fn upper(&self, i: usize, j: usize) -> usize {
        let n = self.ntypes;
        i * n - i * (i + 1) / 2 + j
    }

    fn eam_coeff(&mut self, c: &Command, kind: SetflKind) -> Result<()> {
        let n = self.ntypes;
        if c.words.len() != 4 + n || c.words[1] != "*" || c.words[2] != "*" {
            return Err(self.error(
                c,
                "expected pair_coeff * * FILE ELEMENT .. (one element per type)",
            ));
        }
        let elements: Vec<String> = c.words[4..].to_vec();
        if let Some(e) = elements.iter().find(|e| *e == "NULL") {
            return Err(self.error(c, format!("element {e}: every type needs an element here")));
        }
        let file = self.locate(c, &c.words[3], "setfl")?;
        let pot = read_setfl(&file, kind, &elements).map_err(|e| self.error(c, e.to_string()))?;
        if pot.species.len() != n {
            return Err(self.error(
                c,
                format!(
                    "{} gave {} species for {n} types",
                    file.display(),
                    pot.species.len()
                ),
            ));
        }
        // As LAMMPS: the file's masses, until a later mass command.
        for (m, s) in self.masses.iter_mut().zip(&pot.species) {
            *m = Some(s.mass);
        }
        self.eam = Some(pot);
        Ok(())
    }

    /// A file named in a command: beside the potential file, in the current folder, in
    /// $LAMMPS_POTENTIALS.
    fn locate(&self, c: &Command, name: &str, what: &str) -> Result<PathBuf> {
        let env = std::env::var_os("LAMMPS_POTENTIALS").map(PathBuf::from);
        let beside = self.path.parent().unwrap_or(Path::new("")).join(name);
        let candidates = [
            Some(beside),
            Some(PathBuf::from(name)),
            env.map(|d| d.join(name)),
        ];
        candidates
            .into_iter()
            .flatten()
            .find(|p| p.is_file())
            .ok_or_else(|| {
                self.error(
                    c,
                    format!("{what} file '{name}' not found beside the potential file, in the current folder or in $LAMMPS_POTENTIALS"),
                )
            })
    }

    fn finish(self) -> Result<Potential> {
        let Some((style, line)) = self.style.clone() else {
            return Err(Error::parse(
                self.path,
                0,
                format!("no pair_style (supported: {STYLES})"),
            ));
        };
        let at_style = |msg: String| Error::parse(self.path, line, msg);
        let masses: Vec<f64> = self
            .masses
            .iter()
            .enumerate()
            .map(|(t, m)| {
                m.ok_or_else(|| {
                    at_style(format!(
                        "type {} has no mass: add `mass {} VALUE`",
                        t + 1,
                        t + 1
                    ))
                })
            })
            .collect::<Result<_>>()?;
        let name = self.path.display().to_string();
        if let Some(mut pot) = self.eam {
            for (s, m) in pot.species.iter_mut().zip(&masses) {
                s.mass = *m;
            }
            pot.units = self.units;
            pot.name = name;
            return Ok(pot);
        }
        let pairs = self.pair_functions(&style, &at_style)?;
        let species = (0..self.ntypes)
            .map(|t| {
                let (f, cut) = &pairs[self.upper(t, t)];
                Species::new(
                    &(t + 1).to_string(),
                    masses[t],
                    like_pair_size(f.as_ref(), *cut),
                )
            })
            .collect();
        let mut pot = Potential::pair(
            &name,
            species,
            self.units,
            Arc::new(TypePairs::new(self.ntypes, pairs)),
        );
        pot.tabulated = matches!(style, Style::Table { .. });
        Ok(pot)
    }

    /// Every pair's function and cut-off, mixing lj/cut pairs that have no pair_coeff.
    fn pair_functions(
        &self,
        style: &Style,
        at_style: &dyn Fn(String) -> Error,
    ) -> Result<Vec<(Arc<dyn Radial>, f64)>> {
        let n = self.ntypes;
        let mut out = Vec::with_capacity(self.coeffs.len());
        for i in 0..n {
            for j in i..n {
                let coeff = self.coeffs[self.upper(i, j)]
                    .clone()
                    .or_else(|| self.mixed(i, j));
                let Some(coeff) = coeff else {
                    let mixing = matches!(style, Style::LjCut { .. });
                    return Err(at_style(format!(
                        "types {} {} have no pair_coeff{}",
                        i + 1,
                        j + 1,
                        if mixing {
                            " (and no I I, J J to mix)"
                        } else {
                            " (this style does not mix)"
                        }
                    )));
                };
                let f = self.radial(coeff);
                if !(f.1 > 0.0 && f.1.is_finite()) {
                    return Err(at_style(format!(
                        "types {} {}: cut-off {} must be positive and finite",
                        i + 1,
                        j + 1,
                        f.1
                    )));
                }
                out.push(f);
            }
        }
        Ok(out)
    }

    /// lj/cut i j from i i and j j by the mixing rule.
    fn mixed(&self, i: usize, j: usize) -> Option<Coeff> {
        let lj = |k: usize| match &self.coeffs[self.upper(k, k)] {
            Some(Coeff::Lj { eps, sigma, cut }) => Some((*eps, *sigma, *cut)),
            _ => None,
        };
        let (eps, sigma, cut) = self.mix.mix(lj(i)?, lj(j)?);
        Some(Coeff::Lj { eps, sigma, cut })
    }

    fn radial(&self, coeff: Coeff) -> (Arc<dyn Radial>, f64) {
        match coeff {
            Coeff::Lj { eps, sigma, cut } => {
                (Arc::new(LjCut::new(eps, sigma, cut, self.shift)), cut)
            }
            Coeff::Lepton { formula, cut } => {
                let offset = if self.shift { formula.value(cut) } else { 0.0 };
                (Arc::new(LeptonPair { formula, offset }), cut)
            }
            Coeff::Table(t) => {
                let cut = t.cut;
                (t as Arc<dyn Radial>, cut)
            }
        }
    }
}

/// A drawing diameter for a species: where its like-pair phi turns from repulsive to
/// attractive (sigma for Lennard-Jones), else two thirds of the cut-off.
fn like_pair_size(f: &dyn Radial, cut: f64) -> f64 {
    let steps = 2000;
    let r_at = |k: usize| cut * (0.2 + 0.8 * k as f64 / steps as f64);
    (0..steps)
        .find(|&k| f.energy_r2(r_at(k).powi(2)) > 0.0 && f.energy_r2(r_at(k + 1).powi(2)) <= 0.0)
        .map_or(cut / 1.5, |k| r_at(k + 1))
}

#[cfg(test)]
mod tests;
