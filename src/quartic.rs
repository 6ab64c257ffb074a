//! Quartic modes (ANALYSIS.md section 15; Gartner and Lerner, SciPost Phys. 1, 016, 2016):
//! unit vectors pi of the mass-weighted coordinates, translations removed, at which
//! kappa^2 / chi is stationary, kappa = pi . D . pi and chi = U4::pi pi pi pi the fourth
//! A-derivative of the energy along u_i = pi_i / sqrt(m_i). Found by the iteration
//! pi <- D^+ (U4:::pi pi pi), normalised, from each of the lowest normal modes.

use std::time::Instant;

use nalgebra::Vector3;

use crate::analysis::progress::Progress;
use crate::error::{Error, Result};
use crate::model::{Mode, ModeKind};
use crate::potential::{Atoms, Potential, SparseHessian};
use crate::pseudo_inverse::{dot, norm, PseudoInverse};

/// How the iteration runs.
#[derive(Clone, Debug)]
pub struct QuarticSettings {
    /// Converged when successive unit vectors differ by less than this.
    pub tolerance: f64,
    /// The iteration limit (a warning when reached).
    pub max_iterations: usize,
    /// A mode is new if |overlap| with every mode already found is below this.
    pub distinct_overlap: f64,
}

impl Default for QuarticSettings {
    fn default() -> Self {
        Self {
            tolerance: 1e-10,
            max_iterations: 2000,
            distinct_overlap: 0.99,
        }
    }
}

/// One quartic mode.
#[derive(Clone, Debug)]
pub struct QuarticMode {
    /// Unit mass-weighted vector, translations removed, largest-magnitude component positive.
    pub pi: Vec<Vector3<f64>>,
    /// pi . D . pi.
    pub kappa: f64,
    /// U4::pi pi pi pi.
    pub chi: f64,
    /// Index of the normal mode it started from.
    pub start: usize,
    /// kappa^2 / chi at that normal mode.
    pub start_ratio: f64,
    pub iterations: usize,
    pub converged: bool,
    /// |D pi - (kappa / chi) U4:::pi pi pi|: zero at a quartic mode.
    pub residual: f64,
    pub seconds: f64,
    pub warning: Option<String>,
}

impl QuarticMode {
    /// kappa^2 / chi.
    pub fn ratio(&self) -> f64 {
        self.kappa * self.kappa / self.chi
    }

    /// The quartic mode as a `Mode` of the configuration `base` (a normal mode of it):
    /// kind quartic, vector pi, omega2 = kappa, frame `index`.
    pub fn as_mode(&self, base: &Mode, index: usize) -> Mode {
        Mode {
            frame: index,
            e: self.pi.clone(),
            e_norm_in_file: 1.0,
            omega2_file: Some(self.kappa),
            kind: ModeKind::Quartic,
            ..base.clone()
        }
    }
}

/// kappa, chi and U4:::pi pi pi of mass-weighted vectors, for one configuration.
pub struct QuarticForm<'a> {
    pot: &'a Potential,
    atoms: &'a Atoms<'a>,
    inv_sqrt_mass: Vec<f64>,
    solver: PseudoInverse<'a>,
}

impl<'a> QuarticForm<'a> {
    /// `hessian`: the configuration's (`pot.hessian(atoms)`).
    pub fn new(
        pot: &'a Potential,
        atoms: &'a Atoms<'a>,
        masses: &[f64],
        hessian: &'a SparseHessian,
    ) -> Self {
        Self {
            pot,
            atoms,
            inv_sqrt_mass: masses.iter().map(|m| 1.0 / m.sqrt()).collect(),
            solver: PseudoInverse::of_dynamical(hessian, masses),
        }
    }

    fn scaled(&self, v: &[Vector3<f64>]) -> Vec<Vector3<f64>> {
        v.iter()
            .zip(&self.inv_sqrt_mass)
            .map(|(v, s)| v * *s)
            .collect()
    }

    /// D pi.
    pub fn d_times(&self, pi: &[Vector3<f64>]) -> Vec<Vector3<f64>> {
        self.solver.times(pi)
    }

    /// U4:::pi pi pi in mass-weighted coordinates.
    pub fn u4(&self, pi: &[Vector3<f64>]) -> Result<Vec<Vector3<f64>>> {
        let u = self.scaled(pi);
        Ok(self.scaled(&self.pot.fourth_order_gradient(self.atoms, &u)?))
    }

    /// (kappa, chi, U4:::pi pi pi).
    pub fn evaluate(&self, pi: &[Vector3<f64>]) -> Result<(f64, f64, Vec<Vector3<f64>>)> {
        let w = self.u4(pi)?;
        Ok((dot(pi, &self.d_times(pi)), dot(pi, &w), w))
    }

    /// |D pi - (kappa / chi) U4:::pi pi pi| for a unit pi.
    pub fn residual(&self, pi: &[Vector3<f64>]) -> Result<f64> {
        let (kappa, chi, w) = self.evaluate(pi)?;
        let d = self.d_times(pi);
        let r: Vec<Vector3<f64>> = d
            .iter()
            .zip(&w)
            .map(|(d, w)| d - w * (kappa / chi))
            .collect();
        Ok(norm(&r))
    }

    /// pi without translations, unit length.
    fn normalised(&self, v: &[Vector3<f64>]) -> Vec<Vector3<f64>> {
        let mut v = v.to_vec();
        self.solver.project(&mut v);
        let n = norm(&v);
        v.iter().map(|x| x / n).collect()
    }

    /// The quartic mode reached from `start` (the normal mode with index `index`).
    fn iterate(
        &self,
        start: &[Vector3<f64>],
        index: usize,
        settings: &QuarticSettings,
        progress: &Progress,
    ) -> Result<QuarticMode> {
        let clock = Instant::now();
        let fail = |m: String| {
            Error::invalid(
                self.atoms.source,
                format!("quartic mode from mode {index}: {m}"),
            )
        };
        let mut pi = self.normalised(start);
        let (kappa0, chi0, _) = self.evaluate(&pi)?;
        if chi0.is_nan() || chi0 <= 0.0 {
            return Err(fail(format!(
                "chi = {chi0:.3e} at the normal mode: the iteration needs chi > 0"
            )));
        }
        let mut guess: Option<Vec<Vector3<f64>>> = None;
        let (mut iterations, mut converged) = (0, false);
        while iterations < settings.max_iterations {
            if progress.is_cancelled() {
                return Err(Error::Cancelled);
            }
            iterations += 1;
            let x = self
                .solver
                .solve(&self.u4(&pi)?, guess.as_deref())
                .map_err(fail)?
                .x;
            let next = self.normalised(&x);
            let change = next
                .iter()
                .zip(&pi)
                .map(|(a, b)| (a - b).norm_squared())
                .sum::<f64>()
                .sqrt();
            (pi, guess) = (next, Some(x));
            if change < settings.tolerance {
                converged = true;
                break;
            }
        }
        positive_largest(&mut pi);
        let (kappa, chi, _) = self.evaluate(&pi)?;
        let warning = (!converged).then(|| {
            format!(
                "quartic mode from mode {index}: not converged in {iterations} iterations (tolerance {:.0e})",
                settings.tolerance
            )
        });
        Ok(QuarticMode {
            residual: self.residual(&pi)?,
            pi,
            kappa,
            chi,
            start: index,
            start_ratio: kappa0 * kappa0 / chi0,
            iterations,
            converged,
            seconds: clock.elapsed().as_secs_f64(),
            warning,
        })
    }
}

/// Sign convention of section 13: the largest-magnitude component positive.
fn positive_largest(v: &mut [Vector3<f64>]) {
    let largest = v
        .iter()
        .flat_map(|x| x.iter().copied())
        .fold(0.0f64, |m, x| if x.abs() > m.abs() { x } else { m });
    if largest < 0.0 {
        v.iter_mut().for_each(|x| *x = -*x);
    }
}

/// The distinct quartic modes reached from `start_modes` (unit mass-weighted normal
/// modes, lowest first): a mode within `distinct_overlap` of one found before is dropped.
/// `progress` counts the start modes done and cancels between iterations.
pub fn quartic_modes(
    pot: &Potential,
    atoms: &Atoms,
    masses: &[f64],
    start_modes: &[Vec<Vector3<f64>>],
    settings: &QuarticSettings,
    progress: &Progress,
) -> Result<Vec<QuarticMode>> {
    if masses.len() != atoms.len() {
        return Err(Error::invalid(
            atoms.source,
            format!("{} masses for {} atoms", masses.len(), atoms.len()),
        ));
    }
    if let Some(k) = start_modes.iter().position(|e| e.len() != atoms.len()) {
        return Err(Error::invalid(
            atoms.source,
            format!(
                "start mode {k} has {} atoms, the configuration {}",
                start_modes[k].len(),
                atoms.len()
            ),
        ));
    }
    let hessian = pot.hessian(atoms)?;
    let form = QuarticForm::new(pot, atoms, masses, &hessian);
    let mut found: Vec<QuarticMode> = Vec::new();
    for (index, start) in start_modes.iter().enumerate() {
        progress.stage(index as f64 / start_modes.len() as f64)?;
        let mode = form.iterate(start, index, settings, progress)?;
        let distinct = found
            .iter()
            .all(|q| dot(&q.pi, &mode.pi).abs() < settings.distinct_overlap);
        if distinct {
            found.push(mode);
        }
    }
    Ok(found)
}
