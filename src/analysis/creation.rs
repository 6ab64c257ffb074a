//! The creation energy E_s and Delta A of a soft mode (ANALYSIS.md section 11; the paper's
//! sec. II F gives no algorithm, this is the program's operational definition).
//!
//! For each A_out on the grid the outer atoms are held at r + A_out e and the core atoms
//! (r_i < r_core) relax to the local minimum of E_core reached from r + A_out e. The grid
//! points are independent and run in parallel.
//!
//! Where the core rearranges (two atoms trading places along a string), a grid point can
//! have two minima of equal E_core but different A_core; which one a minimiser reaches is
//! then a matter of its path. Example: mode 2 of the example glass at A_out = 2.8 (E_p
//! agrees with the reference to 3e-13, A_core is 1.348 here and 1.492 there); the side
//! minima that define E_s and Delta A are not affected.

pub mod minimise;
mod problem;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use nalgebra::{DMatrix, DVector, Vector3};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use self::minimise::{minimise, Minimum, Objective, Options};
pub use self::problem::{CoreProblem, CoreSetup};

mod cluster;
use crate::analysis::centre::find_centre;
use crate::analysis::progress::Progress;
use crate::error::{Error, Result};
use crate::model::Mode;
use crate::potential::{Potential, Units};

/// Settings of section 11, with their documented defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreationSettings {
    /// Core radius around the mode centre.
    pub r_core: f64,
    /// The A_out grid runs from -A_out_max to A_out_max ...
    #[serde(rename = "A_out_max")]
    pub a_out_max: f64,
    /// ... in steps of `step` (A_out = k step for integer k, so 0 is on the grid).
    pub step: f64,
    /// Relaxation stops when the largest force on a core atom is below this.
    pub force_tol: f64,
    /// R_centre of the mode-centre iteration (section 2).
    #[serde(rename = "R_centre")]
    pub r_centre: f64,
}

impl Default for CreationSettings {
    fn default() -> Self {
        Self {
            r_core: 2.6,
            a_out_max: 3.0,
            step: 0.05,
            force_tol: 1e-8,
            r_centre: 3.5,
        }
    }
}

impl CreationSettings {
    /// The defaults in the glass's a0 (r_core) and sqrt(m_mean) a0 (the A_out grid),
    /// ANALYSIS.md section 12; `Default` for the paper's glass.
    pub fn for_glass(mode: &Mode, potential: &Potential) -> Self {
        let d = Self::default();
        let scale = crate::analysis::settings::Scale::of(mode, potential);
        Self {
            r_core: d.r_core * scale.a0,
            a_out_max: d.a_out_max * scale.coordinate,
            step: d.step * scale.coordinate,
            r_centre: d.r_centre * scale.a0,
            ..d
        }
    }

    pub fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("r_core", self.r_core),
            ("A_out_max", self.a_out_max),
            ("step", self.step),
            ("force_tol", self.force_tol),
            ("R_centre", self.r_centre),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::Setting(format!("{name} = {v} must be positive")));
            }
        }
        if self.a_out_max / self.step > 100_000.0 {
            return Err(Error::Setting(format!(
                "A_out_max / step = {} grid points per side is too many",
                self.a_out_max / self.step
            )));
        }
        Ok(())
    }

    /// A_out = k step, k = -K ..= K with K = floor(A_out_max / step) (round-off tolerant).
    pub fn grid(&self) -> Vec<f64> {
        let k_max = (self.a_out_max / self.step * (1.0 + 1e-12)).floor() as i64;
        (-k_max..=k_max).map(|k| k as f64 * self.step).collect()
    }
}

/// The minimum of E_t on one side of the grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    #[serde(rename = "A_out")]
    pub a_out: f64,
    /// E_t = E_p - c1 A_out at the minimum.
    #[serde(rename = "E")]
    pub e: f64,
    #[serde(rename = "core_A")]
    pub core_a: f64,
    /// Not at the grid's end.
    pub interior: bool,
}

/// The result of section 11, with the names of `data/reference_creation/`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreationResult {
    pub r_core: f64,
    pub n_core: usize,
    /// The A_out grid.
    #[serde(rename = "A")]
    pub a: Vec<f64>,
    /// E_p(A_out) = E_core(relaxed) - E_core(undisplaced glass).
    #[serde(rename = "E")]
    pub e: Vec<f64>,
    #[serde(rename = "core_A")]
    pub core_a: Vec<f64>,
    /// c1 of the fit c1 A + c2 A^2 + c3 A^3 + c4 A^4 (null with fewer than 4 grid points).
    pub linear_term: Option<f64>,
    pub minus: Option<Side>,
    pub plus: Option<Side>,
    #[serde(rename = "E_s")]
    pub e_s: Option<f64>,
    #[serde(rename = "Delta_A")]
    pub delta_a: Option<f64>,
    /// The most minimiser iterations any grid point needed.
    pub iterations_max: usize,
    /// Grid points where the force tolerance was not reached, and similar notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Atom indices of the core (ascending); not in the JSON of the reference format.
    #[serde(skip)]
    pub core: Vec<usize>,
    /// Per grid point, the relaxed displacement x_i - r_i of each core atom (in `core`
    /// order), so that a view can draw the relaxed core; not in the JSON.
    #[serde(skip)]
    pub relaxed_shift: Vec<Vec<Vector3<f64>>>,
    /// The potential's units (for labels); not in the JSON.
    #[serde(skip)]
    pub units: Units,
}

/// One relaxed grid point.
#[derive(Clone, Debug)]
pub struct Relaxed {
    pub a_out: f64,
    /// E_p: relaxed E_core minus that of the undisplaced glass.
    pub e_p: f64,
    pub core_a: f64,
    pub minimum: Minimum,
    pub rebuilds: usize,
}

impl Objective for CoreProblem<'_> {
    fn eval(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        self.energy_gradient(x, g)
    }

    fn hessian(&mut self, x: &[f64]) -> DMatrix<f64> {
        CoreProblem::hessian(self, x)
    }
}

impl CoreSetup<'_> {
    /// Relaxes the core at `a_out` until the largest core force is below `force_tol`.
    pub fn relax(
        &self,
        a_out: f64,
        force_tol: f64,
        cancel: Option<&AtomicBool>,
    ) -> Result<Relaxed> {
        let mut problem = self.problem(a_out);
        let opts = Options {
            force_tol,
            ..Options::default()
        };
        let start = problem.start();
        let minimum = minimise(&mut problem, start, &opts, cancel)?;
        Ok(Relaxed {
            a_out,
            e_p: minimum.energy - self.reference_energy(),
            core_a: self.core_a(&minimum.x),
            rebuilds: problem.rebuilds(),
            minimum,
        })
    }
}

/// E_s and Delta A of `mode` (ANALYSIS.md section 11). `progress` gets the fraction of
/// grid points done; cancelling it ends the run with `Error::Cancelled`.
pub fn creation(
    mode: &Mode,
    potential: &Potential,
    settings: &CreationSettings,
    progress: &Progress,
) -> Result<CreationResult> {
    let cancel = Some(progress.flag());
    settings.validate()?;
    let grid = settings.grid();
    let a_cover = grid.iter().fold(0.0, |m: f64, a| m.max(a.abs()));
    let centre = find_centre(mode, settings.r_centre);
    let setup = CoreSetup::new(mode, potential, &centre.position, settings.r_core, a_cover)?;
    let done = AtomicUsize::new(0);
    let points = grid
        .par_iter()
        .map(|&a| {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                return Err(Error::Cancelled);
            }
            let r = setup.relax(a, settings.force_tol, cancel)?;
            if !r.e_p.is_finite() {
                return Err(Error::invalid(
                    &mode.source,
                    format!("A_out = {a}: E_core is {}", r.e_p),
                ));
            }
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress.set(n as f64 / grid.len() as f64);
            Ok(r)
        })
        .collect::<Result<Vec<Relaxed>>>()?;
    let mut result = summarise(settings.r_core, setup.n_core(), &points);
    result.core = setup.core().to_vec();
    result.units = potential.units;
    result.relaxed_shift = points
        .iter()
        .map(|p| relaxed_shift(mode, setup.core(), &p.minimum.x))
        .collect();
    Ok(result)
}

impl CreationResult {
    /// E_t = E_p - c1 A_out on the grid (the double well; empty without a linear term).
    pub fn e_t(&self) -> Vec<f64> {
        self.linear_term.map_or_else(Vec::new, |c1| {
            self.a
                .iter()
                .zip(&self.e)
                .map(|(a, e)| e - c1 * a)
                .collect()
        })
    }
}

/// x_i - r_i of the core atoms from the flattened relaxed core positions `x`.
pub fn relaxed_shift(mode: &Mode, core: &[usize], x: &[f64]) -> Vec<Vector3<f64>> {
    core.iter()
        .enumerate()
        .map(|(k, &i)| match x.get(3 * k..3 * k + 3) {
            Some(p) => Vector3::new(p[0], p[1], p[2]) - mode.positions[i],
            None => Vector3::zeros(),
        })
        .collect()
}

/// The linear term, the two minima of E_t, E_s and Delta A from the relaxed grid.
pub fn summarise(r_core: f64, n_core: usize, points: &[Relaxed]) -> CreationResult {
    let a: Vec<f64> = points.iter().map(|p| p.a_out).collect();
    let e: Vec<f64> = points.iter().map(|p| p.e_p).collect();
    let core_a: Vec<f64> = points.iter().map(|p| p.core_a).collect();
    let warnings = points
        .iter()
        .filter(|p| !p.minimum.converged)
        .map(|p| {
            format!(
                "A_out = {}: relaxation stopped at largest core force {:.3e} after {} iterations",
                p.a_out, p.minimum.max_force, p.minimum.iterations
            )
        })
        .collect();
    let linear_term = quartic_fit(&a, &e).map(|c| c[0]);
    let (minus, plus) = match linear_term {
        Some(c1) => {
            let et: Vec<f64> = a.iter().zip(&e).map(|(a, e)| e - c1 * a).collect();
            let side = |range: Vec<usize>, end: usize| {
                let best = range.into_iter().min_by(|&i, &j| et[i].total_cmp(&et[j]))?;
                Some(Side {
                    a_out: a[best],
                    e: et[best],
                    core_a: core_a[best],
                    interior: best != end,
                })
            };
            let n = a.len();
            (
                side((0..n).filter(|&i| a[i] < 0.0).collect(), 0),
                side(
                    (0..n).filter(|&i| a[i] > 0.0).collect(),
                    n.saturating_sub(1),
                ),
            )
        }
        None => (None, None),
    };
    let counts = |s: &Option<Side>| s.as_ref().filter(|s| s.interior && s.e < 0.0).cloned();
    let (e_s, delta_a) = match (counts(&minus), counts(&plus)) {
        (Some(m), Some(p)) => (
            Some(-(m.e + p.e) / 2.0),
            Some((m.core_a.abs() + p.core_a.abs()) / 2.0),
        ),
        _ => (None, None),
    };
    CreationResult {
        r_core,
        n_core,
        a,
        e,
        core_a,
        linear_term,
        minus,
        plus,
        e_s,
        delta_a,
        iterations_max: points
            .iter()
            .map(|p| p.minimum.iterations)
            .max()
            .unwrap_or(0),
        warnings,
        core: Vec::new(),
        relaxed_shift: Vec::new(),
        units: Units::default(),
    }
}

/// Least squares of y by c1 x + c2 x^2 + c3 x^3 + c4 x^4 (no constant); None if the
/// system is rank deficient.
pub fn quartic_fit(x: &[f64], y: &[f64]) -> Option<[f64; 4]> {
    let m = DMatrix::from_fn(x.len(), 4, |i, k| x[i].powi(k as i32 + 1));
    let svd = m.svd(true, true);
    let smax = svd.singular_values.max();
    if svd.singular_values.min() <= 1e-12 * smax || smax == 0.0 {
        return None;
    }
    let c = svd.solve(&DVector::from_column_slice(y), 0.0).ok()?;
    Some([c[0], c[1], c[2], c[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(a_out: f64, e_p: f64) -> Relaxed {
        let minimum = Minimum {
            x: Vec::new(),
            energy: e_p,
            max_force: 0.0,
            iterations: 1,
            converged: true,
        };
        Relaxed {
            a_out,
            e_p,
            core_a: 0.5 * a_out,
            minimum,
            rebuilds: 0,
        }
    }

    #[test]
    fn grid_has_exact_zero_and_ends() {
        let g = CreationSettings::default().grid();
        assert_eq!(g.len(), 121);
        assert_eq!(g[60], 0.0);
        assert!((g[0] + 3.0).abs() < 1e-15 && (g[120] - 3.0).abs() < 1e-15);
    }

    #[test]
    fn fit_recovers_a_quartic_and_the_double_well() {
        let grid = CreationSettings::default().grid();
        // E_p = 0.3 A - A^2 + 0.1 A^3 + 0.25 A^4: E_t has interior minima on both sides.
        let e = |a: f64| 0.3 * a - a * a + 0.1 * a.powi(3) + 0.25 * a.powi(4);
        let points: Vec<Relaxed> = grid.iter().map(|&a| point(a, e(a))).collect();
        let c = quartic_fit(&grid, &points.iter().map(|p| p.e_p).collect::<Vec<_>>()).expect("fit");
        for (got, want) in c.iter().zip([0.3, -1.0, 0.1, 0.25]) {
            assert!((got - want).abs() < 1e-12, "{c:?}");
        }
        let r = summarise(2.6, 10, &points);
        let (m, p) = (
            r.minus.clone().expect("minus"),
            r.plus.clone().expect("plus"),
        );
        assert!(m.interior && p.interior && m.a_out < 0.0 && p.a_out > 0.0);
        let et = |a: f64| e(a) - 0.3 * a;
        assert!((r.e_s.expect("E_s") + (et(m.a_out) + et(p.a_out)) / 2.0).abs() < 1e-12);
        assert!(
            (r.delta_a.expect("Delta_A") - (m.core_a.abs() + p.core_a.abs()) / 2.0).abs() < 1e-15
        );
    }

    #[test]
    fn minimum_at_the_grid_end_gives_null() {
        let grid = CreationSettings::default().grid();
        // A single well: E_t falls monotonically towards A = -3.
        let points: Vec<Relaxed> = grid.iter().map(|&a| point(a, a * a * (a - 4.0))).collect();
        let r = summarise(2.6, 10, &points);
        assert!(!r.minus.as_ref().expect("minus").interior);
        assert_eq!((r.e_s, r.delta_a), (None, None));
        let json = serde_json::to_string(&r).expect("json");
        assert!(
            json.contains("\"E_s\":null")
                && json.contains("\"Delta_A\":null")
                && !json.contains("NaN")
        );
    }

    #[test]
    fn settings_are_validated() {
        let bad = CreationSettings {
            step: 0.0,
            ..CreationSettings::default()
        };
        assert!(bad.validate().is_err());
        let s: CreationSettings =
            serde_json::from_str(r#"{"r_core": 3.0}"#).expect("partial settings");
        assert_eq!(
            s,
            CreationSettings {
                r_core: 3.0,
                ..CreationSettings::default()
            }
        );
    }
}
