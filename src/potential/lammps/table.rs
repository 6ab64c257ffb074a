//! LAMMPS `pair_style table linear|spline N`: tabulated files (sections of `N n [R|RSQ
//! lo hi] [FPRIME|FP fplo fphi]` then `i r e f` lines), re-tabulated on N points evenly
//! spaced in r^2 exactly as LAMMPS's pair_table.cpp does (Numerical-Recipes splines of
//! the file's e and f in r, then the interpolation tables in r^2), so that energies and
//! forces are LAMMPS's to round-off.
//!
//! Energy comes from the e table, and phi', phi'', .. from the force table f/r (phi' =
//! -r (f/r)): the forces are LAMMPS's and the Hessian is the derivative of those forces.

use std::path::Path;

use super::Radial;
use crate::error::{Error, Result};
use crate::potential::jet::{Jet, Scalar};

/// Interpolation of the r^2 tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableStyle {
    Linear,
    Spline,
}

/// One section of a table file, as read.
#[derive(Clone, Debug)]
struct FileTable {
    r: Vec<f64>,
    e: Vec<f64>,
    f: Vec<f64>,
    /// R / RSQ grid (lo, hi) and whether it is in r^2.
    grid: Option<(f64, f64, bool)>,
    fprime: Option<(f64, f64)>,
}

/// The interpolation tables of one type pair, on N points evenly spaced in r^2.
#[derive(Clone, Debug)]
pub struct Table {
    style: TableStyle,
    innersq: f64,
    delta: f64,
    invdelta: f64,
    e: Vec<f64>,
    /// f / r
    f: Vec<f64>,
    e2: Vec<f64>,
    f2: Vec<f64>,
    pub cut: f64,
}

/// Reads section `keyword` of `path` and builds the N-point tables with the given cut-off
/// (the section's end when None). Errors name the table file and its line.
pub fn read(
    path: &Path,
    keyword: &str,
    style: TableStyle,
    n: usize,
    cut: Option<f64>,
) -> Result<Table> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = read_section(path, &text, keyword)?;
    build(path, &file, style, n, cut)
}

fn read_section(path: &Path, text: &str, keyword: &str) -> Result<FileTable> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(k, l)| (k as u64 + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    while let Some((_, line)) = lines.next() {
        let (at, params) = lines
            .next()
            .ok_or_else(|| Error::parse(path, 0, format!("section {line}: no parameter line")))?;
        let (n, grid, fprime) = parameters(path, at, params)?;
        if line.split_whitespace().next() != Some(keyword) {
            lines.by_ref().take(n).for_each(drop);
            continue;
        }
        let mut table = FileTable {
            r: Vec::with_capacity(n),
            e: Vec::with_capacity(n),
            f: Vec::with_capacity(n),
            grid,
            fprime,
        };
        for i in 0..n {
            let Some((at, line)) = lines.next() else {
                let last = text.lines().count() as u64;
                return Err(Error::parse(
                    path,
                    last,
                    format!("section {keyword}: the file ends after {i} of its N = {n} lines"),
                ));
            };
            let [r, e, f] = table_line(path, at, line, i + 1)?;
            table.r.push(grid_r(grid, i, n).unwrap_or(r));
            table.e.push(e);
            table.f.push(f);
        }
        return Ok(table);
    }
    Err(Error::parse(path, 0, format!("no section named {keyword}")))
}

type Parameters = (usize, Option<(f64, f64, bool)>, Option<(f64, f64)>);

/// `N n [R|RSQ lo hi] [FPRIME|FP lo hi]`.
fn parameters(path: &Path, at: u64, line: &str) -> Result<Parameters> {
    let bad = |msg: String| Error::parse(path, at, msg);
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = |k: usize| -> Result<f64> {
        words
            .get(k)
            .and_then(|w| w.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                bad(format!(
                    "'{line}': a number expected after {}",
                    words[k - 1]
                ))
            })
    };
    let (mut n, mut grid, mut fprime, mut k) = (0usize, None, None, 0);
    while k < words.len() {
        match words[k] {
            "N" => {
                n = words
                    .get(k + 1)
                    .and_then(|w| w.parse().ok())
                    .ok_or_else(|| bad(format!("'{line}': N needs a whole number")))?;
                k += 2;
            }
            w @ ("R" | "RSQ") => {
                grid = Some((number(k + 1)?, number(k + 2)?, w == "RSQ"));
                k += 3;
            }
            "FPRIME" | "FP" => {
                fprime = Some((number(k + 1)?, number(k + 2)?));
                k += 3;
            }
            w => {
                return Err(bad(format!(
                    "'{w}' in the parameter line (supported: N, R, RSQ, FPRIME)"
                )))
            }
        }
    }
    if n < 2 {
        return Err(bad(format!("'{line}': N must be at least 2")));
    }
    Ok((n, grid, fprime))
}

/// The i-th (0-based) r of an R or RSQ grid, which LAMMPS uses instead of the file's r.
fn grid_r(grid: Option<(f64, f64, bool)>, i: usize, n: usize) -> Option<f64> {
    let (lo, hi, squared) = grid?;
    let (i, m) = (i as f64, (n - 1) as f64);
    // In LAMMPS's order of operations, so that the points agree to the last bit.
    Some(if squared {
        (lo * lo + (hi * hi - lo * lo) * i / m).sqrt()
    } else {
        lo + (hi - lo) * i / m
    })
}

fn table_line(path: &Path, at: u64, line: &str, index: usize) -> Result<[f64; 3]> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let numbers: Option<Vec<f64>> = words
        .get(1..4)
        .map(|w| {
            w.iter()
                .map(|x| x.parse::<f64>().ok().filter(|v| v.is_finite()))
                .collect()
        })
        .unwrap_or(None);
    match (words.len(), numbers, words[0].parse::<usize>()) {
        (4, Some(v), Ok(i)) if i == index => Ok([v[0], v[1], v[2]]),
        _ => Err(Error::parse(
            path,
            at,
            format!("'{line}': expected the table line '{index} r e f' (four numbers)"),
        )),
    }
}

fn build(
    path: &Path,
    file: &FileTable,
    style: TableStyle,
    n: usize,
    cut: Option<f64>,
) -> Result<Table> {
    let ninput = file.r.len();
    let (rlo, rhi) = match file.grid {
        Some((lo, hi, _)) => (lo, hi),
        None => (file.r[0], file.r[ninput - 1]),
    };
    let cut = cut.unwrap_or(rhi);
    if !(cut > rlo && cut <= rhi) || rlo <= 0.0 {
        return Err(Error::parse(
            path,
            0,
            format!("the cut-off {cut} must lie in the table's range ({rlo}, {rhi}] with r > 0"),
        ));
    }
    if file.r.windows(2).any(|w| w[1] <= w[0]) {
        return Err(Error::parse(path, 0, "the r values must increase"));
    }
    // LAMMPS uses the file's values unsplined only for linear tables that already are
    // the N-point r^2 grid ending at the cut-off.
    let matches = style == TableStyle::Linear
        && ninput == n
        && matches!(file.grid, Some((_, hi, true)) if hi == cut);
    let splined = FileSplines::new(file);
    let tlm1 = (n - 1) as f64;
    let innersq = rlo * rlo;
    let delta = (cut * cut - innersq) / tlm1;
    let rsq: Vec<f64> = (0..n).map(|i| innersq + i as f64 * delta).collect();
    let (e, f_raw): (Vec<f64>, Vec<f64>) = rsq
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            if matches {
                (file.e[i], file.f[i])
            } else {
                let r = s.sqrt();
                (splined.e(file, r), splined.f(file, r))
            }
        })
        .unzip();
    let f: Vec<f64> = f_raw.iter().zip(&rsq).map(|(f, s)| f / s.sqrt()).collect();
    let (e2, f2) = match style {
        TableStyle::Linear => (Vec::new(), Vec::new()),
        TableStyle::Spline => {
            let ends = force_slopes_in_rsq(file, &splined, innersq, delta, cut, &f_raw);
            // dE/d(r^2) = -f / (2 r) at both ends.
            let ep0 = -f_raw[0] / (2.0 * innersq.sqrt());
            let epn = -f_raw[n - 1] / (2.0 * cut);
            (spline(&rsq, &e, ep0, epn), spline(&rsq, &f, ends.0, ends.1))
        }
    };
    Ok(Table {
        style,
        innersq,
        delta,
        invdelta: 1.0 / delta,
        e,
        f,
        e2,
        f2,
        cut,
    })
}

/// d(f/r)/d(r^2) at the inner end and at the cut-off, as LAMMPS takes them: from FPRIME
/// where given (at the cut-off only if it is the file's last r), else by a secant over a
/// tenth of a bin.
fn force_slopes_in_rsq(
    file: &FileTable,
    s: &FileSplines,
    innersq: f64,
    delta: f64,
    cut: f64,
    f: &[f64],
) -> (f64, f64) {
    let secant = 0.1 * delta;
    let h = |rsq: f64| s.f(file, rsq.sqrt()) / rsq.sqrt();
    let r0 = innersq.sqrt();
    let last = f[f.len() - 1];
    let fp0 = match file.fprime {
        Some((lo, _)) => (lo / r0 - f[0] / innersq) / (2.0 * r0),
        None => (h(innersq + secant) - f[0] / r0) / secant,
    };
    let fpn = match file.fprime {
        Some((_, hi)) if cut == file.r[file.r.len() - 1] => {
            (hi / cut - last / (cut * cut)) / (2.0 * cut)
        }
        _ => (last / cut - h(cut * cut - secant)) / secant,
    };
    (fp0, fpn)
}

/// Splines of the file's e and f in r (LAMMPS `spline_table`).
struct FileSplines {
    e2: Vec<f64>,
    f2: Vec<f64>,
}

impl FileSplines {
    fn new(t: &FileTable) -> Self {
        let n = t.r.len();
        let e2 = spline(&t.r, &t.e, -t.f[0], -t.f[n - 1]);
        let (fplo, fphi) = t.fprime.unwrap_or((
            (t.f[1] - t.f[0]) / (t.r[1] - t.r[0]),
            (t.f[n - 1] - t.f[n - 2]) / (t.r[n - 1] - t.r[n - 2]),
        ));
        let f2 = spline(&t.r, &t.f, fplo, fphi);
        Self { e2, f2 }
    }

    fn e(&self, t: &FileTable, r: f64) -> f64 {
        splint(&t.r, &t.e, &self.e2, r)
    }

    fn f(&self, t: &FileTable, r: f64) -> f64 {
        splint(&t.r, &t.f, &self.f2, r)
    }
}

/// Second derivatives of the cubic spline through (x, y) with end slopes yp1, ypn
/// (Numerical Recipes, as LAMMPS).
fn spline(x: &[f64], y: &[f64], yp1: f64, ypn: f64) -> Vec<f64> {
    let n = x.len();
    let mut y2 = vec![0.0; n];
    let mut u = vec![0.0; n];
    y2[0] = -0.5;
    u[0] = (3.0 / (x[1] - x[0])) * ((y[1] - y[0]) / (x[1] - x[0]) - yp1);
    for i in 1..n - 1 {
        let sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
        let p = sig * y2[i - 1] + 2.0;
        y2[i] = (sig - 1.0) / p;
        u[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
        u[i] = (6.0 * u[i] / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
    }
    let qn = 0.5;
    let un = (3.0 / (x[n - 1] - x[n - 2])) * (ypn - (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]));
    y2[n - 1] = (un - qn * u[n - 2]) / (qn * y2[n - 2] + 1.0);
    for k in (0..n - 1).rev() {
        y2[k] = y2[k] * y2[k + 1] + u[k];
    }
    y2
}

/// The spline's value at x (bisection for the interval, as LAMMPS `splint`).
fn splint(xa: &[f64], ya: &[f64], y2a: &[f64], x: f64) -> f64 {
    let (mut klo, mut khi) = (0, xa.len() - 1);
    while khi - klo > 1 {
        let k = (khi + klo) >> 1;
        if xa[k] > x {
            khi = k;
        } else {
            klo = k;
        }
    }
    let h = xa[khi] - xa[klo];
    let a = (xa[khi] - x) / h;
    let b = (x - xa[klo]) / h;
    a * ya[klo]
        + b * ya[khi]
        + ((a * a * a - a) * y2a[klo] + (b * b * b - b) * y2a[khi]) * (h * h) / 6.0
}

impl Table {
    /// The bin of r^2 (the first or last bin beyond the table's ends: LAMMPS stops on a
    /// pair closer than the inner end; we extrapolate its first bin).
    #[inline]
    fn bin(&self, rsq: f64) -> usize {
        let k = ((rsq - self.innersq) * self.invdelta).max(0.0) as usize;
        k.min(self.e.len() - 2)
    }

    /// The interpolated y at rsq in bin k (y2 empty: linear).
    #[inline]
    fn interpolate<T: Scalar>(&self, y: &[f64], y2: &[f64], k: usize, rsq: T) -> T {
        let b =
            (rsq - T::constant(self.innersq + k as f64 * self.delta)) * T::constant(self.invdelta);
        if y2.is_empty() {
            return T::constant(y[k]) + b * T::constant(y[k + 1] - y[k]);
        }
        let one = T::constant(1.0);
        let a = one - b;
        let deltasq6 = T::constant(self.delta * self.delta / 6.0);
        a * T::constant(y[k])
            + b * T::constant(y[k + 1])
            + ((a * a * a - a) * T::constant(y2[k]) + (b * b * b - b) * T::constant(y2[k + 1]))
                * deltasq6
    }

    fn energy_at<T: Scalar>(&self, rsq: T) -> T {
        let k = self.bin(rsq.value());
        match self.style {
            // LAMMPS: e[i] + fraction * de[i]
            TableStyle::Linear => self.interpolate(&self.e, &[], k, rsq),
            TableStyle::Spline => self.interpolate(&self.e, &self.e2, k, rsq),
        }
    }
}

impl Radial for Table {
    fn derivatives(&self, r: f64) -> [f64; 5] {
        let x = Jet::variable(r);
        let rsq = x * x;
        let k = self.bin(r * r);
        let f2: &[f64] = match self.style {
            TableStyle::Linear => &[],
            TableStyle::Spline => &self.f2,
        };
        let dphi = -(x * self.interpolate(&self.f, f2, k, rsq));
        let d = dphi.derivatives();
        [self.energy_at(r * r), d[0], d[1], d[2], d[3]]
    }

    fn energy_r2(&self, r2: f64) -> f64 {
        self.energy_at(r2)
    }
}
