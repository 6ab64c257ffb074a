//! Modes from a configuration (ANALYSIS.md section 13), for any potential: the largest
//! force per atom, a minimiser, and the k lowest eigenpairs of the mass-weighted
//! dynamical matrix D = M^-1/2 H M^-1/2 other than the three uniform translations.
//!
//! Two routes (`Route`):
//! - shift-invert Lanczos: D - sigma I (sigma slightly below zero) is factored by a
//!   sparse Cholesky with a nested-dissection ordering; block Lanczos on
//!   (D - sigma I)^-1 in the complement of the translations gives the eigenvalues of D
//!   nearest above sigma, i.e. the lowest ones, in a few tens of solves;
//! - Chebyshev-filtered subspace iteration on products D X alone (`filtered`), for
//!   glasses whose factor does not fit in memory: slower, but its memory is that of D.
//!
//! `Route::Auto` takes the first while its factor fits in half the available memory and
//! its fill leaves it faster (`FILL_LIMIT`).

pub mod configuration;
pub mod dynamical;
pub mod factor;
pub mod filtered;
pub mod lanczos;
pub mod minimise;
pub mod ordering;

use std::time::Instant;

use nalgebra::Vector3;
use serde::Serialize;

use crate::analysis::progress::Progress;
use crate::error::{Error, Result};
use crate::potential::{Atoms, Potential, Units};
use dynamical::Dynamical;
use factor::{Cholesky, FactorError, Ordering, Symbolic};

pub use configuration::{of_configuration, quartic_of, ComputedModes, Request};
pub use minimise::{minimise, Minimised};

/// Above this largest force per atom (E0/a0 or eV/A) a configuration is not a minimum
/// and its Hessian's eigenvectors are not normal modes (section 13).
pub const NOT_A_MINIMUM: f64 = 1e-6;

/// The largest force per atom a minimisation ends below (section 13).
pub fn force_tolerance(units: Units) -> f64 {
    match units {
        Units::Lj => 1e-10,
        Units::Metal => 1e-9,
    }
}

/// The largest force per atom, |F_i|, and the atom it acts on.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct LargestForce {
    pub force: f64,
    pub atom: usize,
}

pub fn largest_force(pot: &Potential, atoms: &Atoms) -> Result<LargestForce> {
    Ok(largest_of(&pot.forces(atoms)?))
}

fn largest_of(forces: &[Vector3<f64>]) -> LargestForce {
    forces
        .iter()
        .enumerate()
        .map(|(atom, f)| LargestForce {
            force: f.norm(),
            atom,
        })
        .fold(
            LargestForce {
                force: 0.0,
                atom: 0,
            },
            |a, b| if b.force > a.force { b } else { a },
        )
}

/// One eigenpair of D.
#[derive(Clone, Debug, Serialize)]
pub struct Eigenpair {
    /// The Rayleigh quotient e . D . e.
    pub omega2: f64,
    /// |D e - omega2 e|.
    pub residual: f64,
    /// Participation number 1 / sum_i |e_i|^4.
    pub n_e: f64,
    /// Unit norm, largest-magnitude component positive.
    #[serde(skip)]
    pub e: Vec<Vector3<f64>>,
}

/// Wall times of the stages, in seconds.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Timings {
    pub hessian_s: f64,
    pub ordering_s: f64,
    pub factor_s: f64,
    pub lanczos_s: f64,
    pub total_s: f64,
}

/// The k lowest modes and how they were computed.
#[derive(Clone, Debug, Serialize)]
pub struct Modes {
    pub pairs: Vec<Eigenpair>,
    /// Which route, in words: "shift-invert Lanczos on a sparse Cholesky factor (...)".
    pub route: String,
    /// The shift of the factored D - sigma I (shift-invert only).
    pub sigma: Option<f64>,
    /// Memory of the Cholesky factor's values (0 without a factor).
    pub factor_bytes: usize,
    /// Memory of D (its 3x3 blocks and their indices).
    pub matrix_bytes: usize,
    /// Vectors solved for with the factor (Lanczos steps over all passes).
    pub lanczos_steps: usize,
    /// Products of D with one vector (the filtered route's cost).
    pub products: usize,
    pub timings: Timings,
}

/// How the lowest modes are computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Route {
    /// Shift-invert while its factor fits in half the available memory and is less than
    /// `FILL_LIMIT` times D, else filtered.
    #[default]
    Auto,
    /// Shift-invert Lanczos on a sparse Cholesky factor (an error if it does not fit).
    ShiftInvert,
    /// Chebyshev-filtered subspace iteration on products with D, no factor.
    Filtered,
}

impl std::str::FromStr for Route {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(Route::Auto),
            "shift-invert" => Ok(Route::ShiftInvert),
            "filtered" => Ok(Route::Filtered),
            other => Err(Error::Setting(format!(
                "unknown route '{other}' (auto, shift-invert or filtered)"
            ))),
        }
    }
}

/// Residual tolerance of the shift-invert Ritz pairs, relative to theta: with the
/// condition of D - sigma I below ~1e4 this leaves |D e - omega2 e| near 1e-11 omega2_max.
const RITZ_TOL: f64 = 1e-12;

/// The `k` lowest eigenpairs of D other than the translations, ascending, by the route
/// `Route::Auto` picks.
pub fn lowest_modes(
    pot: &Potential,
    atoms: &Atoms,
    masses: &[f64],
    k: usize,
    progress: &Progress,
) -> Result<Modes> {
    lowest_modes_by(pot, atoms, masses, k, Route::Auto, progress)
}

/// The `k` lowest eigenpairs of D other than the translations, ascending, by `route`.
pub fn lowest_modes_by(
    pot: &Potential,
    atoms: &Atoms,
    masses: &[f64],
    k: usize,
    route: Route,
    progress: &Progress,
) -> Result<Modes> {
    check_request(atoms, masses, k)?;
    let start = Instant::now();
    let mut timings = Timings::default();
    let d = Dynamical::new(pot.hessian(atoms)?, masses);
    timings.hessian_s = start.elapsed().as_secs_f64();
    progress.stage(0.1)?;
    let mut modes = match route {
        Route::Filtered => by_filter(&d, atoms, k, &mut timings, progress)?,
        Route::ShiftInvert | Route::Auto => {
            let sigma = shift(&d, atoms)?;
            let t = Instant::now();
            let symbolic = analyse(&d, atoms, sigma)?;
            timings.ordering_s = t.elapsed().as_secs_f64();
            let fits = check_memory(atoms, symbolic.factor_bytes());
            let auto = route == Route::Auto;
            if auto && (fits.is_err() || symbolic.factor_bytes() > FILL_LIMIT * d.bytes()) {
                drop(symbolic);
                by_filter(&d, atoms, k, &mut timings, progress)?
            } else {
                fits?;
                by_shift_invert(&d, atoms, symbolic, sigma, k, &mut timings, progress)?
            }
        }
    };
    modes.pairs.sort_by(|a, b| a.omega2.total_cmp(&b.omega2));
    modes.timings.total_s = start.elapsed().as_secs_f64();
    progress.set(1.0);
    Ok(modes)
}

/// `Route::Auto` filters when the factor would hold more than this many times the bytes of
/// D. Measured on 2 cores: a filter costs ~25,000 products with D (2e4-4e4 for the
/// glasses tried) at ~50 GB/s of D's bytes, and the factor's cost grows faster than its
/// size. Factor/D = 2.4 (Cu-Zr EAM, 2,000 atoms), 11 (KA), 17 (3DIPL): shift-invert 1.6-5x
/// faster; 43 (3DIPL, 16,000 atoms) and 71 (54,000): the filter 1.2-1.4x faster.
const FILL_LIMIT: usize = 40;

/// The nested-dissection ordering and the structure of the factor of D - sigma I.
fn analyse(d: &Dynamical, atoms: &Atoms, sigma: f64) -> Result<Symbolic> {
    let order = ordering::components(&ordering::nested_dissection(
        atoms.positions,
        atoms.cell,
        &d.neighbours(),
    ));
    Symbolic::analyse(&d.shifted_lower(sigma), Ordering::Given(&order))
        .map_err(|e| factor_error(atoms, e, sigma))
}

fn by_shift_invert(
    d: &Dynamical,
    atoms: &Atoms,
    symbolic: Symbolic,
    sigma: f64,
    k: usize,
    timings: &mut Timings,
    progress: &Progress,
) -> Result<Modes> {
    let factor_bytes = symbolic.factor_bytes();
    let t = Instant::now();
    let lower = d.shifted_lower(sigma);
    let chol = Cholesky::new(symbolic, &lower).map_err(|e| factor_error(atoms, e, sigma))?;
    drop(lower);
    timings.factor_s = t.elapsed().as_secs_f64();
    progress.stage(0.3)?;
    let t = Instant::now();
    let (vectors, steps) = shift_invert(d, &chol, k, progress)?;
    timings.lanczos_s = t.elapsed().as_secs_f64();
    Ok(Modes {
        pairs: vectors.iter().map(|y| eigenpair(d, y)).collect(),
        route: "shift-invert Lanczos on a sparse Cholesky factor (nested-dissection ordering)"
            .to_owned(),
        sigma: Some(sigma),
        factor_bytes,
        matrix_bytes: d.bytes(),
        lanczos_steps: steps,
        products: 0,
        timings: *timings,
    })
}

/// Residual tolerance of the filtered route, relative to the spectrum's upper bound b:
/// |D e - omega2 e| <= 1e-11 b, near where round-off in D x (~1e-16 b per term) stops it.
const FILTER_TOL: f64 = 1e-11;

fn by_filter(
    d: &Dynamical,
    atoms: &Atoms,
    k: usize,
    timings: &mut Timings,
    progress: &Progress,
) -> Result<Modes> {
    let t = Instant::now();
    let opts = filtered::Options {
        wanted: k,
        block: filter_block(k),
        tol: FILTER_TOL,
        max_iterations: 200,
        seed: 0x5eed,
    };
    let mut check = |fraction: f64| progress.stage(0.1 + 0.85 * fraction);
    // Atoms near in space near in memory: a product then reads its neighbours from cache.
    let order = ordering::space_filling(atoms.positions, atoms.cell);
    let near = d.permuted(&order);
    let found = filtered::lowest(&near, &near.translations(), opts, &mut check)?;
    drop(near);
    timings.lanczos_s = t.elapsed().as_secs_f64();
    let pairs: Vec<Eigenpair> = found
        .vectors
        .iter()
        .map(|v| eigenpair(d, &in_file_order(v, &order)))
        .collect();
    let tol = opts.tol * found.upper;
    if let Some(p) = pairs.iter().find(|p| p.omega2 < -tol) {
        return Err(Error::invalid(
            atoms.source,
            format!(
                "frame {}: omega2 = {:.3e} < 0: the configuration is not a minimum; minimise it first (--minimise)",
                atoms.frame, p.omega2
            ),
        ));
    }
    Ok(Modes {
        pairs,
        route: format!(
            "Chebyshev-filtered subspace iteration on products with D, no factorisation ({} iterations, block of {})",
            found.iterations, opts.block
        ),
        sigma: None,
        factor_bytes: 0,
        matrix_bytes: d.bytes(),
        lanczos_steps: 0,
        products: found.products,
        timings: *timings,
    })
}

/// The components of `v` (atoms in `order`) back in the atoms' own order.
fn in_file_order(v: &[f64], order: &[u32]) -> Vec<f64> {
    let mut y = vec![0.0; v.len()];
    for (k, &i) in order.iter().enumerate() {
        let i = i as usize;
        y[3 * i..3 * i + 3].copy_from_slice(&v[3 * k..3 * k + 3]);
    }
    y
}

/// Vectors filtered together for k wanted: enough beyond k that the filter's edge stays
/// clear of the k-th eigenvalue and of clusters around it.
fn filter_block(k: usize) -> usize {
    (2 * k).max(k + 12)
}

fn check_request(atoms: &Atoms, masses: &[f64], k: usize) -> Result<()> {
    let n = atoms.len();
    let most = (3 * n).saturating_sub(3);
    if k == 0 || k > most {
        return Err(Error::Setting(format!(
            "k = {k} modes asked for, but {n} atoms have {most} modes besides the 3 translations (k must be 1..={most})"
        )));
    }
    if masses.len() != n {
        return Err(Error::invalid(
            atoms.source,
            format!("{} masses for {n} atoms", masses.len()),
        ));
    }
    if let Some(i) = masses.iter().position(|m| !(m.is_finite() && *m > 0.0)) {
        return Err(Error::invalid(
            atoms.source,
            format!("atom {i}: mass {} must be finite and positive", masses[i]),
        ));
    }
    Ok(())
}

/// sigma = -1e-3 x the mean omega2 (trace / 3N). Below zero, so that D - sigma I is
/// positive definite at any minimum, translations included, and a Cholesky factor exists
/// (its failure then proves an eigenvalue below sigma: not a minimum). Far enough from
/// zero that the translations' round-off (~1e-16 of the scale) cannot make it singular,
/// the condition number staying near 1e3 x omega2_max / mean; close enough that the
/// lowest eigenvalues keep their relative separation (lost: ~1e-3 of the gaps).
fn shift(d: &Dynamical, atoms: &Atoms) -> Result<f64> {
    let mean = d.mean_diagonal();
    if !(mean.is_finite() && mean > 0.0) {
        return Err(Error::invalid(
            atoms.source,
            format!(
                "frame {}: the Hessian's mean diagonal is {mean}: not a minimum of this potential",
                atoms.frame
            ),
        ));
    }
    Ok(-1e-3 * mean)
}

fn factor_error(atoms: &Atoms, e: FactorError, sigma: f64) -> Error {
    match e {
        FactorError::NotPositiveDefinite => Error::invalid(
            atoms.source,
            format!(
                "frame {}: D - sigma I is not positive definite (sigma = {sigma:.3e}): the configuration has a negative omega2, so it is not a minimum; minimise it first (--minimise)",
                atoms.frame
            ),
        ),
        FactorError::Other(msg) => Error::invalid(
            atoms.source,
            format!("the sparse Cholesky factorisation failed: {msg}"),
        ),
    }
}

/// The factor must fit in half the memory available now.
fn check_memory(atoms: &Atoms, bytes: usize) -> Result<()> {
    let Some(available) = available_memory() else {
        return Ok(());
    };
    if bytes > available / 2 {
        return Err(Error::invalid(
            atoms.source,
            format!(
                "{} atoms: the Cholesky factor needs {:.1} GB, more than half of the {:.1} GB available (the filtered route needs no factor)",
                atoms.len(),
                bytes as f64 / 1e9,
                available as f64 / 1e9
            ),
        ));
    }
    Ok(())
}

/// MemAvailable of /proc/meminfo, where there is one.
fn available_memory() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Vectors per solve: a solve with the factor costs about as much for 8 vectors as for
/// one (it is bound by reading the factor).
const BLOCK: usize = 8;

/// The k eigenvectors of D (flat) with the largest theta of (D - sigma I)^-1 outside the
/// translations, and the vectors solved for. A random block of BLOCK vectors finds every
/// eigenspace of up to BLOCK dimensions whole. Only when the k found include a cluster
/// of BLOCK or more equal eigenvalues (a crystal's) can a direction be missing; then
/// further passes, with the found vectors deflated, look for an eigenvalue that beats the
/// smallest found, and any they find replaces it.
fn shift_invert(
    d: &Dynamical,
    chol: &Cholesky,
    k: usize,
    progress: &Progress,
) -> Result<(Vec<Vec<f64>>, usize)> {
    let n = d.dim();
    let translations = d.translations();
    let mut op = |x: &mut [f64]| -> Result<()> {
        chol.solve_in_place(x);
        Ok(())
    };
    let expected = (3 * k + 30) as f64;
    let mut check = |steps: usize| progress.stage(0.3 + 0.6 * (steps as f64 / expected).min(1.0));
    let opts = lanczos::Options {
        wanted: k,
        block: BLOCK,
        tol: RITZ_TOL,
        max_steps: 40 * k + 300,
        seed: 0x5eed,
    };
    let first = lanczos::largest(&mut op, n, &translations, opts, &mut check)?;
    let mut steps = first.steps;
    let (mut thetas, mut vectors) = (first.thetas, first.vectors);
    if !has_cluster(&thetas, BLOCK) {
        return Ok((vectors, steps));
    }
    for pass in 1..=k {
        let free = n - translations.len() - vectors.len();
        if free == 0 {
            break;
        }
        let mut deflate = translations.clone();
        deflate.extend(vectors.iter().cloned());
        let one = lanczos::Options {
            wanted: 1,
            seed: opts.seed + pass as u64,
            ..opts
        };
        let next = lanczos::largest(&mut op, n, &deflate, one, &mut check)?;
        steps += next.steps;
        let smallest = thetas.iter().copied().fold(f64::INFINITY, f64::min);
        if next.thetas[0] <= smallest * (1.0 + 1e-10) {
            break;
        }
        // A missed eigenvalue: it replaces the one with the smallest theta.
        let worst = thetas
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map_or(0, |(i, _)| i);
        thetas[worst] = next.thetas[0];
        vectors[worst] = next.vectors.into_iter().next().unwrap_or_default();
    }
    Ok((vectors, steps))
}

/// Whether `size` or more of `values` agree to 1e-8 relative.
fn has_cluster(values: &[f64], size: usize) -> bool {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.windows(size.max(1)).any(|w| {
        let (lo, hi) = (w[0], w[w.len() - 1]);
        hi - lo <= 1e-8 * hi.abs().max(lo.abs())
    })
}

/// The eigenpair of D from a Ritz vector: normalised, signed, with its Rayleigh
/// quotient, residual and participation number.
fn eigenpair(d: &Dynamical, y: &[f64]) -> Eigenpair {
    let len = lanczos::norm(y);
    let mut e: Vec<f64> = y.iter().map(|x| x / len).collect();
    let largest = e
        .iter()
        .copied()
        .fold(0.0f64, |a, x| if x.abs() > a.abs() { x } else { a });
    if largest < 0.0 {
        e.iter_mut().for_each(|x| *x = -*x);
    }
    let de = d.times(&e);
    let omega2 = lanczos::dot(&e, &de);
    let residual = de
        .iter()
        .zip(&e)
        .map(|(a, b)| (a - omega2 * b).powi(2))
        .sum::<f64>()
        .sqrt();
    let e: Vec<Vector3<f64>> = e
        .chunks_exact(3)
        .map(|c| Vector3::new(c[0], c[1], c[2]))
        .collect();
    Eigenpair {
        omega2,
        residual,
        n_e: participation(&e),
        e,
    }
}

/// N_e = 1 / sum_i |e_i|^4 of a unit-norm e.
pub fn participation(e: &[Vector3<f64>]) -> f64 {
    1.0 / e.iter().map(|v| v.norm_squared().powi(2)).sum::<f64>()
}
