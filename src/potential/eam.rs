//! Embedded-atom potentials from LAMMPS setfl files (`pair_style eam/alloy` and
//! `eam/fs`), interpolated exactly as LAMMPS interpolates them (pair_eam.cpp
//! `array2spline`, `interpolate` and `compute`), so that energies and forces equal
//! LAMMPS's to round-off (ANALYSIS.md section 12).
//!
//! LAMMPS's interpolation is a cubic per table interval whose knot slopes come from a
//! five-point stencil: the value and first derivative are continuous, the second jumps
//! at every knot, the third is constant per interval and the fourth is zero.

use std::path::Path;
use std::sync::Arc;

use super::{Atom, Embedding, PairFunctions, Potential, Species, Units};
use crate::error::{Error, Result};

/// The two setfl flavours: eam/alloy has one density function per element (of the
/// neighbour's element alone); eam/fs one per ordered element pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetflKind {
    Alloy,
    Fs,
}

/// Reads a LAMMPS setfl file (eam/alloy or eam/fs); `elements` are the element names of
/// the `pair_coeff * * FILE El1 El2 ..` line in type order (type k -> species k-1).
pub fn read_setfl(path: &Path, kind: SetflKind, elements: &[String]) -> Result<Potential> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = parse_setfl(path, &text, kind)?;
    let map = map_elements(path, &file, elements)?;
    let species = elements
        .iter()
        .zip(&map)
        .map(|(name, &e)| Species::new(name, file.elements[e].mass, file.elements[e].diameter))
        .collect();
    let eam = Arc::new(Eam::new(&file, kind, &map));
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Potential {
        name,
        species,
        units: Units::Metal,
        moduli: None,
        tabulated: true,
        needs_sizes: false,
        pair: eam.clone(),
        embedding: Some(eam),
    })
}

// ---------------------------------------------------------------------------------
// The file

/// One element of a setfl file: its header line and tables.
#[derive(Debug)]
struct ElementTables {
    name: String,
    mass: f64,
    /// Drawing diameter: the nearest-neighbour distance of its lattice.
    diameter: f64,
    /// F(rho) at rho = (k-1) drho.
    frho: Vec<f64>,
    /// eam/alloy: [rho(r)]; eam/fs: rho_(this, b)(r) for every element b in file order.
    rhor: Vec<Vec<f64>>,
}

/// A setfl file as read, before interpolation.
#[derive(Debug)]
struct SetflFile {
    /// The 1-based line of the element names, for messages.
    elements_line: u64,
    elements: Vec<ElementTables>,
    nrho: usize,
    drho: f64,
    nr: usize,
    dr: f64,
    cut: f64,
    /// r phi_ab(r) for a >= b, in the order (0,0), (1,0), (1,1), (2,0), ..
    z2r: Vec<Vec<f64>>,
}

/// The file's lines after the three comment lines, as LAMMPS's reader sees them:
/// `#` starts a comment and blank lines are skipped.
struct Lines<'a> {
    path: &'a Path,
    inner: std::iter::Enumerate<std::str::Lines<'a>>,
    /// The 1-based number of the last line handed out.
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(path: &'a Path, text: &'a str) -> Result<Self> {
        let mut lines = Self {
            path,
            inner: text.lines().enumerate(),
            line: 0,
        };
        let first = lines.raw().unwrap_or_default();
        check_units_tag(path, first)?;
        for _ in 0..2 {
            if lines.raw().is_none() {
                return Err(lines.truncated("the three comment lines of a setfl file"));
            }
        }
        Ok(lines)
    }

    fn raw(&mut self) -> Option<&'a str> {
        let (k, l) = self.inner.next()?;
        self.line = k as u64 + 1;
        Some(l)
    }

    /// The words of the next line that has any, or None at the end of the file.
    fn next_words(&mut self) -> Option<Vec<&'a str>> {
        while let Some(l) = self.raw() {
            let words: Vec<&str> = l
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            if !words.is_empty() {
                return Some(words);
            }
        }
        None
    }

    /// The next line with at least `n` words; `what` names it in the error.
    fn line_of(&mut self, n: usize, what: &str) -> Result<Vec<&'a str>> {
        let words = self.next_words().ok_or_else(|| self.truncated(what))?;
        if words.len() < n {
            return Err(self.error(format!(
                "expected {what} ({n} values), found `{}`",
                words.join(" ")
            )));
        }
        Ok(words)
    }

    /// `n` numbers that may span lines, as LAMMPS's `next_dvector` reads them: the
    /// table starts on a new line and words after its last value are ignored.
    fn table(&mut self, n: usize, what: &str) -> Result<Vec<f64>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let Some(words) = self.next_words() else {
                return Err(self.truncated(&format!("{n} values of {what} (found {})", out.len())));
            };
            for w in words.into_iter().take(n - out.len()) {
                let k = out.len() + 1;
                out.push(self.number(
                    w,
                    &format!(
                    "value {k} of the {n} of {what} (a table shorter than the header announces?)"
                ),
                )?);
            }
        }
        Ok(out)
    }

    /// A finite number, or an error naming the line.
    fn number(&self, word: &str, what: &str) -> Result<f64> {
        match word.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(self.error(format!("`{word}` is not a finite number: expected {what}"))),
        }
    }

    /// A positive integer, or an error naming the line.
    fn count(&self, word: &str, what: &str) -> Result<usize> {
        match word.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(self.error(format!(
                "`{word}` is not a positive integer: expected {what}"
            ))),
        }
    }

    fn error(&self, message: String) -> Error {
        Error::parse(self.path, self.line, message)
    }

    fn truncated(&self, what: &str) -> Error {
        Error::parse(
            self.path,
            self.line,
            format!("the file ends here, but a setfl file needs {what} (truncated?)"),
        )
    }
}

/// The first comment line of a LAMMPS potential file may say `UNITS: metal`; other
/// unit systems would need a conversion we do not do.
fn check_units_tag(path: &Path, first: &str) -> Result<()> {
    let mut words = first.split_whitespace();
    while let Some(w) = words.next() {
        if w == "UNITS:" {
            match words.next() {
                Some("metal") | None => {}
                Some(u) => {
                    return Err(Error::parse(
                        path,
                        1,
                        format!(
                        "the file is in LAMMPS `{u}` units; only `metal` setfl files are supported"
                    ),
                    ))
                }
            }
        }
    }
    Ok(())
}

/// The smallest table LAMMPS's `interpolate` handles (its stencil reads 5 knots).
const MIN_KNOTS: usize = 5;

fn parse_setfl(path: &Path, text: &str, kind: SetflKind) -> Result<SetflFile> {
    let mut lines = Lines::new(path, text)?;
    let names = lines.line_of(2, "the number of elements and their names")?;
    let elements_line = lines.line;
    let n_el = lines.count(names[0], "the number of elements")?;
    if names.len() != n_el + 1 {
        return Err(lines.error(format!(
            "{n_el} elements announced but {} names given",
            names.len() - 1
        )));
    }
    let grid = lines.line_of(5, "Nrho drho Nr dr cutoff")?;
    let nrho = lines.count(grid[0], "Nrho")?;
    let drho = lines.number(grid[1], "drho")?;
    let nr = lines.count(grid[2], "Nr")?;
    let dr = lines.number(grid[3], "dr")?;
    let cut = lines.number(grid[4], "the cut-off")?;
    if nrho < MIN_KNOTS || nr < MIN_KNOTS || drho <= 0.0 || dr <= 0.0 || cut <= 0.0 {
        return Err(lines.error(format!(
            "Nrho {nrho}, drho {drho}, Nr {nr}, dr {dr}, cut-off {cut}: the spacings and cut-off \
             must be positive and each table needs at least {MIN_KNOTS} values"
        )));
    }
    let n_rho_tables = match kind {
        SetflKind::Alloy => 1,
        SetflKind::Fs => n_el,
    };
    let mut elements = Vec::with_capacity(n_el);
    for name in &names[1..] {
        let header = lines.line_of(2, &format!("the header line of element {name}"))?;
        let mass = lines.number(header[1], &format!("the mass of {name}"))?;
        if mass <= 0.0 {
            return Err(lines.error(format!("the mass of {name} is {mass}")));
        }
        let diameter = lattice_diameter(&header).unwrap_or(cut / 3.0);
        let frho = lines.table(nrho, &format!("F(rho) of {name}"))?;
        let rhor = (0..n_rho_tables)
            .map(|b| {
                let what = match kind {
                    SetflKind::Alloy => format!("rho(r) of {name}"),
                    SetflKind::Fs => format!("rho(r) of {name} for {}", names[b + 1]),
                };
                lines.table(nr, &what)
            })
            .collect::<Result<_>>()?;
        elements.push(ElementTables {
            name: (*name).to_owned(),
            mass,
            diameter,
            frho,
            rhor,
        });
    }
    let mut z2r = Vec::with_capacity(n_el * (n_el + 1) / 2);
    for a in 0..n_el {
        for b in 0..=a {
            let what = format!("r phi(r) of {}-{}", names[a + 1], names[b + 1]);
            z2r.push(lines.table(nr, &what)?);
        }
    }
    Ok(SetflFile {
        elements_line,
        elements,
        nrho,
        drho,
        nr,
        dr,
        cut,
        z2r,
    })
}

/// The nearest-neighbour distance of the element's lattice, from its header line
/// `Z mass a lattice` (None when the line does not say).
fn lattice_diameter(header: &[&str]) -> Option<f64> {
    let a: f64 = header.get(2)?.parse().ok().filter(|a: &f64| *a > 0.0)?;
    let factor = match header.get(3)?.to_ascii_lowercase().as_str() {
        "fcc" => 0.5f64.sqrt(),
        "bcc" => 0.75f64.sqrt(),
        "hcp" | "sc" => 1.0,
        "dia" | "diamond" => 3.0f64.sqrt() / 4.0,
        _ => return None,
    };
    Some(a * factor)
}

/// For each named element (species order), its index in the file.
fn map_elements(path: &Path, file: &SetflFile, elements: &[String]) -> Result<Vec<usize>> {
    if elements.is_empty() || elements.len() > usize::from(u8::MAX) {
        return Err(Error::invalid(
            path,
            format!("{} element names given: need 1 to 255", elements.len()),
        ));
    }
    elements
        .iter()
        .map(|name| {
            file.elements
                .iter()
                .position(|e| &e.name == name)
                .ok_or_else(|| {
                    let have: Vec<&str> = file.elements.iter().map(|e| e.name.as_str()).collect();
                    Error::parse(
                        path,
                        file.elements_line,
                        format!(
                            "no element `{name}` in the file (it has {})",
                            have.join(", ")
                        ),
                    )
                })
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// LAMMPS's interpolation

/// A table interpolated as LAMMPS pair_eam.cpp `interpolate()`: for knot m (1-based,
/// index 0 unused) the cubic c[3] p^3 + c[4] p^2 + c[5] p + c[6] in p in [0, 1] up to
/// knot m+1, and c[0..3] the coefficients of its derivative in x.
#[derive(Debug)]
struct Spline {
    coeff: Vec<[f64; 7]>,
}

impl Spline {
    fn new(values: &[f64], delta: f64) -> Self {
        let n = values.len();
        let mut s = vec![[0.0; 7]; n + 1];
        for m in 1..=n {
            s[m][6] = values[m - 1];
        }
        s[1][5] = s[2][6] - s[1][6];
        s[2][5] = 0.5 * (s[3][6] - s[1][6]);
        s[n - 1][5] = 0.5 * (s[n][6] - s[n - 2][6]);
        s[n][5] = s[n][6] - s[n - 1][6];
        for m in 3..=n - 2 {
            s[m][5] = ((s[m - 2][6] - s[m + 2][6]) + 8.0 * (s[m + 1][6] - s[m - 1][6])) / 12.0;
        }
        for m in 1..n {
            s[m][4] = 3.0 * (s[m + 1][6] - s[m][6]) - 2.0 * s[m][5] - s[m + 1][5];
            s[m][3] = s[m][5] + s[m + 1][5] - 2.0 * (s[m + 1][6] - s[m][6]);
        }
        s[n][4] = 0.0;
        s[n][3] = 0.0;
        for c in &mut s[1..] {
            c[2] = c[5] / delta;
            c[1] = 2.0 * c[4] / delta;
            c[0] = 3.0 * c[3] / delta;
        }
        Self { coeff: s }
    }

    /// The value at (m, p), as LAMMPS evaluates it.
    #[inline]
    fn value(&self, at: Knot) -> f64 {
        let c = &self.coeff[at.m];
        let p = at.p;
        ((c[3] * p + c[4]) * p + c[5]) * p + c[6]
    }

    /// The derivatives [f, f', f'', f''', f''''] in x at (m, p): those of the
    /// interval's cubic. Past the last knot LAMMPS holds p = 1 (the value stays, the
    /// slope is the cubic's at the knot); the higher derivatives are taken there too,
    /// as in the reference Hessian of the Cu-Zr data (its omega2 differ by ~5e-7 if they
    /// are set to zero there).
    #[inline]
    fn derivatives(&self, at: Knot, rdelta: f64) -> [f64; 5] {
        let c = &self.coeff[at.m];
        let p = at.p;
        [
            self.value(at),
            (c[0] * p + c[1]) * p + c[2],
            (2.0 * c[0] * p + c[1]) * rdelta,
            2.0 * c[0] * rdelta * rdelta,
            0.0,
        ]
    }
}

/// Where an argument falls in a table: the interval m and the fraction p.
#[derive(Clone, Copy, Debug)]
struct Knot {
    m: usize,
    p: f64,
}

/// An equally spaced grid x = (k-1) delta, k = 1..n, and LAMMPS's lookup in it.
#[derive(Clone, Copy, Debug)]
struct Grid {
    n: usize,
    rdelta: f64,
}

impl Grid {
    fn new(n: usize, delta: f64) -> Self {
        Self {
            n,
            rdelta: 1.0 / delta,
        }
    }

    /// p = x rdelta + 1, m = int(p) kept within 1..n-1, p -= m, p = min(p, 1): the
    /// operations of pair_eam.cpp `compute()` in its order (the density grid clamps m
    /// below at 1; the distance grid needs no clamp since r > 0).
    #[inline]
    fn locate(&self, x: f64) -> Knot {
        let p = x * self.rdelta + 1.0;
        // `as` truncates towards zero as static_cast<int> does (and saturates).
        let m = (p as i64).clamp(1, self.n as i64 - 1) as usize;
        Knot {
            m,
            p: (p - m as f64).min(1.0),
        }
    }
}

/// The interpolated potential: tables by element, looked up by species through maps
/// built once, so a lookup is one grid location and one cubic.
#[derive(Debug)]
struct Eam {
    cut: f64,
    cut_sq: f64,
    r_grid: Grid,
    rho_grid: Grid,
    /// (nrho - 1) drho: beyond it LAMMPS continues F linearly.
    rhomax: f64,
    n_species: usize,
    frho: Vec<Spline>,
    rhor: Vec<Spline>,
    z2r: Vec<Spline>,
    /// Per species: its F table.
    frho_of: Vec<usize>,
    /// Per (at, from) species pair, at * n_species + from: the density table.
    rhor_of: Vec<usize>,
    /// Per (a, b) species pair: the r phi table.
    z2r_of: Vec<usize>,
}

impl Eam {
    fn new(file: &SetflFile, kind: SetflKind, map: &[usize]) -> Self {
        let n_el = file.elements.len();
        let ns = map.len();
        let frho = file
            .elements
            .iter()
            .map(|e| Spline::new(&e.frho, file.drho))
            .collect();
        // rhor in the file's order: element a's tables consecutively.
        let rhor = file
            .elements
            .iter()
            .flat_map(|e| e.rhor.iter().map(|t| Spline::new(t, file.dr)))
            .collect();
        let z2r = file.z2r.iter().map(|t| Spline::new(t, file.dr)).collect();
        let pairs = |f: &dyn Fn(usize, usize) -> usize| -> Vec<usize> {
            (0..ns * ns).map(|k| f(map[k / ns], map[k % ns])).collect()
        };
        // The density at an atom of element `at` from a neighbour of element `from`
        // (pair_eam.cpp compute: rho[i] += rhor_spline[type2rhor[jtype][itype]]):
        // eam/alloy: the neighbour's table; eam/fs: the neighbour's block, the entry of
        // the atom's element (pair_eam_fs.cpp file2array: type2rhor[i][j] = map[i]*n + map[j]).
        let rhor_of = pairs(&|at, from| match kind {
            SetflKind::Alloy => from,
            SetflKind::Fs => from * n_el + at,
        });
        let z2r_of = pairs(&|a, b| {
            let (hi, lo) = (a.max(b), a.min(b));
            hi * (hi + 1) / 2 + lo
        });
        Self {
            cut: file.cut,
            cut_sq: file.cut * file.cut,
            r_grid: Grid::new(file.nr, file.dr),
            rho_grid: Grid::new(file.nrho, file.drho),
            rhomax: (file.nrho - 1) as f64 * file.drho,
            n_species: ns,
            frho,
            rhor,
            z2r,
            frho_of: map.to_vec(),
            rhor_of,
            z2r_of,
        }
    }

    #[inline]
    fn pair_table(&self, a: u8, b: u8) -> &Spline {
        &self.z2r[self.z2r_of[usize::from(a) * self.n_species + usize::from(b)]]
    }
}

/// [phi, .., phi''''] of phi = z / r from z = r phi and its derivatives (Leibniz:
/// phi^(k) = sum_j C(k, j) z^(j) (-1)^(k-j) (k-j)! / r^(k-j+1)). phi and phi' are
/// formed as LAMMPS forms them.
#[inline]
fn divide_by_r(z: &[f64; 5], r: f64) -> [f64; 5] {
    let recip = 1.0 / r;
    let phi = z[0] * recip;
    let (q2, q3, q4) = (recip * recip, recip * recip * recip, recip.powi(4));
    [
        phi,
        z[1] * recip - phi * recip,
        z[2] * recip - 2.0 * z[1] * q2 + 2.0 * phi * q2,
        z[3] * recip - 3.0 * z[2] * q2 + 6.0 * z[1] * q3 - 6.0 * phi * q3,
        z[4] * recip - 4.0 * z[3] * q2 + 12.0 * z[2] * q3 - 24.0 * z[1] * q4 + 24.0 * phi * q4,
    ]
}

impl PairFunctions for Eam {
    fn cutoff(&self, _: Atom, _: Atom) -> f64 {
        self.cut
    }

    fn max_cutoff(&self) -> f64 {
        self.cut
    }

    #[inline]
    fn derivatives(&self, a: Atom, b: Atom, r: f64) -> [f64; 5] {
        if r >= self.cut {
            return [0.0; 5];
        }
        let at = self.r_grid.locate(r);
        let z = self
            .pair_table(a.species, b.species)
            .derivatives(at, self.r_grid.rdelta);
        divide_by_r(&z, r)
    }

    #[inline]
    fn energy_r2(&self, a: Atom, b: Atom, r2: f64) -> f64 {
        if r2 >= self.cut_sq {
            return 0.0;
        }
        let r = r2.sqrt();
        let z = self
            .pair_table(a.species, b.species)
            .value(self.r_grid.locate(r));
        z * (1.0 / r)
    }
}

impl Embedding for Eam {
    fn cutoff(&self) -> f64 {
        self.cut
    }

    #[inline]
    fn density(&self, at: u8, from: u8, r: f64) -> [f64; 5] {
        if r >= self.cut {
            return [0.0; 5];
        }
        let table = &self.rhor[self.rhor_of[usize::from(at) * self.n_species + usize::from(from)]];
        table.derivatives(self.r_grid.locate(r), self.r_grid.rdelta)
    }

    /// F(rho); beyond the table LAMMPS continues F linearly with the slope at its end.
    #[inline]
    fn embed(&self, a: u8, rho: f64) -> [f64; 5] {
        let table = &self.frho[self.frho_of[usize::from(a)]];
        let mut f = table.derivatives(self.rho_grid.locate(rho), self.rho_grid.rdelta);
        if rho > self.rhomax {
            f = [f[0] + f[1] * (rho - self.rhomax), f[1], 0.0, 0.0, 0.0];
        }
        f
    }
}

/// Against LAMMPS, finite differences and closed forms (the shared Cu-Zr data).
#[cfg(test)]
#[path = "eam_tests.rs"]
mod lammps_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// LAMMPS's knot slopes (five-point stencil) are exact for cubics, so inside the
    /// table (away from the two intervals at each end) the interpolation is the cubic
    /// itself, with its derivatives.
    #[test]
    fn spline_reproduces_a_cubic_inside_the_table() {
        let f = |x: f64| {
            [
                1.0 - 2.0 * x + 0.5 * x * x + 0.3 * x * x * x,
                -2.0 + x + 0.9 * x * x,
                1.0 + 1.8 * x,
                1.8,
                0.0,
            ]
        };
        let delta = 0.1;
        let values: Vec<f64> = (0..30).map(|k| f(k as f64 * delta)[0]).collect();
        let spline = Spline::new(&values, delta);
        let grid = Grid::new(values.len(), delta);
        for k in 0..200 {
            let x = 0.25 + k as f64 * (2.3 / 200.0);
            let ours = spline.derivatives(grid.locate(x), grid.rdelta);
            let exact = f(x);
            for d in 0..5 {
                assert!(
                    (ours[d] - exact[d]).abs() < 1e-11,
                    "x = {x}, derivative {d}: {} vs {}",
                    ours[d],
                    exact[d]
                );
            }
        }
    }

    /// LAMMPS's lookup: interval and fraction, clamped at the last knot.
    #[test]
    fn grid_locates_as_lammps() {
        let grid = Grid::new(10, 0.5);
        let k = grid.locate(1.2);
        assert_eq!(k.m, 3);
        assert!((k.p - 0.4).abs() < 1e-15);
        let k = grid.locate(7.0);
        assert_eq!((k.m, k.p), (9, 1.0));
        let k = grid.locate(-0.2);
        assert_eq!(k.m, 1);
        assert!((k.p + 0.4).abs() < 1e-15);
    }

    /// phi = z / r with z = r^3: phi = r^2, exactly.
    #[test]
    fn divide_by_r_of_r_cubed() {
        let r = 1.7;
        let phi = divide_by_r(&[r * r * r, 3.0 * r * r, 6.0 * r, 6.0, 0.0], r);
        let exact = [r * r, 2.0 * r, 2.0, 0.0, 0.0];
        for d in 0..5 {
            assert!((phi[d] - exact[d]).abs() < 1e-13, "{d}: {}", phi[d]);
        }
    }

    /// A one-element file with F(rho) = rho^2 - rho on 10 knots, rho = r^2 tables.
    fn tiny() -> Eam {
        let file = SetflFile {
            elements_line: 4,
            elements: vec![ElementTables {
                name: "X".into(),
                mass: 1.0,
                diameter: 1.0,
                frho: (0..10)
                    .map(|k| (k as f64 * 0.1).powi(2) - k as f64 * 0.1)
                    .collect(),
                rhor: vec![(0..10).map(|k| (k as f64 * 0.5).powi(2)).collect()],
            }],
            nrho: 10,
            drho: 0.1,
            nr: 10,
            dr: 0.5,
            cut: 4.4,
            z2r: vec![(0..10).map(|k| k as f64 * 0.5).collect()],
        };
        Eam::new(&file, SetflKind::Alloy, &[0])
    }

    /// Beyond the table's last density LAMMPS continues F linearly with the end slope.
    #[test]
    fn embedding_is_linear_beyond_the_table() {
        let eam = tiny();
        let rhomax = 0.9;
        let end = eam.embed(0, rhomax);
        for rho in [1.0, 1.7] {
            let f = eam.embed(0, rho);
            assert!((f[0] - (end[0] + end[1] * (rho - rhomax))).abs() < 1e-14);
            assert_eq!(&f[1..], &[end[1], 0.0, 0.0, 0.0]);
        }
    }

    /// Nothing at or beyond the cut-off.
    #[test]
    fn zero_beyond_the_cutoff() {
        let eam = tiny();
        let x = Atom::of(0);
        assert_eq!(eam.density(0, 0, 4.4), [0.0; 5]);
        assert_eq!(PairFunctions::derivatives(&eam, x, x, 4.5), [0.0; 5]);
        assert_eq!(eam.energy_r2(x, x, 4.4 * 4.4), 0.0);
        assert!(eam.density(0, 0, 4.3)[0] > 0.0);
    }

    #[test]
    fn lattice_diameters() {
        let d = |w: &[&str]| lattice_diameter(w);
        assert_eq!(d(&["29", "63.5", "4.0", "hcp"]), Some(4.0));
        assert!(
            (d(&["29", "63.5", "4.0", "fcc"]).unwrap_or(0.0) - 4.0 / 2f64.sqrt()).abs() < 1e-15
        );
        assert_eq!(d(&["29", "63.5"]), None);
        assert_eq!(d(&["29", "63.5", "4.0", "weird"]), None);
    }
}
