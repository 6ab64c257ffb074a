//! The modes of a configuration, as the CLI, the Python package and the window compute
//! them: the largest force, an optional minimisation, the k lowest eigenpairs, and one
//! `Mode` per eigenpair carrying the configuration's masses, diameters and units.

use std::path::Path;

use crate::analysis::progress::Progress;
use crate::error::{Error, Result};
use crate::io::Config;
use crate::model::Mode;
use crate::potential::Potential;
use crate::quartic::{quartic_modes, QuarticMode, QuarticSettings};

use super::{force_tolerance, largest_force, lowest_modes_by, minimise, LargestForce};
use super::{Minimised, Modes, Route, NOT_A_MINIMUM};

/// What to compute for a configuration.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    /// Number of modes (the lowest, translations excluded).
    pub k: usize,
    /// Minimise first (else a configuration that is not a minimum is refused).
    pub minimise: bool,
    pub route: Route,
}

impl Default for Request {
    fn default() -> Self {
        Self {
            k: 10,
            minimise: false,
            route: Route::Auto,
        }
    }
}

/// What `of_configuration` found.
pub struct ComputedModes {
    /// One mode per eigenpair, lowest first (frame = index), at the minimised positions
    /// when a minimisation ran.
    pub modes: Vec<Mode>,
    /// The largest force per atom of the configuration as given.
    pub force_before: LargestForce,
    pub minimised: Option<Minimised>,
    /// The eigen-solution: omega2, residuals, N_e, route, timings.
    pub solution: Modes,
}

/// The `k` lowest modes of `config` (read from `path`) under `pot`. A configuration whose
/// largest force exceeds `NOT_A_MINIMUM` is refused unless `request.minimise` is set, which
/// first minimises it to the force tolerance of its units (ANALYSIS.md section 13). The
/// file's per-atom masses win over the potential's (section 12).
pub fn of_configuration(
    pot: &Potential,
    path: &Path,
    mut config: Config,
    request: Request,
    progress: &Progress,
) -> Result<ComputedModes> {
    let force_before = largest_force(pot, &config.atoms(path, 0))?;
    let minimised = if request.minimise {
        let tol = force_tolerance(pot.units);
        let m = minimise(pot, &config.atoms(path, 0), tol, progress)?;
        config.positions = m.positions.iter().map(|p| config.cell.wrap(p)).collect();
        Some(m)
    } else if force_before.force > NOT_A_MINIMUM {
        return Err(not_a_minimum(path, &force_before));
    } else {
        None
    };
    let masses: Vec<f64> = match &config.extras.masses {
        Some(m) => m.clone(),
        None => config.species.iter().map(|&s| pot.mass(s)).collect(),
    };
    let atoms = config.atoms(path, 0);
    let solution = lowest_modes_by(pot, &atoms, &masses, request.k, request.route, progress)?;
    let modes = as_modes(path, &config, &masses, &solution)?;
    Ok(ComputedModes {
        modes,
        force_before,
        minimised,
        solution,
    })
}

/// The quartic modes (ANALYSIS.md section 15) started from the normal modes `normal`
/// (all of one configuration, as `of_configuration` gives them): one `Mode` of kind
/// quartic per distinct quartic mode (frame = index, omega2 = kappa), and the iteration's
/// record of each.
pub fn quartic_of(
    pot: &Potential,
    normal: &[Mode],
    settings: &QuarticSettings,
    progress: &Progress,
) -> Result<(Vec<Mode>, Vec<QuarticMode>)> {
    let Some(base) = normal.first() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let starts: Vec<_> = normal.iter().map(|m| m.e.clone()).collect();
    let masses = base.masses_for(pot);
    let found = quartic_modes(pot, &base.atoms(), &masses, &starts, settings, progress)?;
    let modes = found
        .iter()
        .enumerate()
        .map(|(k, q)| q.as_mode(base, k))
        .collect();
    Ok((modes, found))
}

fn not_a_minimum(path: &Path, force: &LargestForce) -> Error {
    Error::invalid(
        path,
        format!(
            "the largest force per atom is {:.3e} (atom {}), above {NOT_A_MINIMUM:e}: not a minimum, so the Hessian's eigenvectors are not normal modes; minimise it first (the minimise option)",
            force.force, force.atom
        ),
    )
}

/// One `Mode` per eigenpair with the configuration's extras; the masses used are written
/// into each mode unless all are 1.
fn as_modes(path: &Path, config: &Config, masses: &[f64], solution: &Modes) -> Result<Vec<Mode>> {
    let unit_masses = masses.iter().all(|m| *m == 1.0);
    solution
        .pairs
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mode = Mode::new(
                path,
                k,
                config.positions.clone(),
                config.species.clone(),
                config.cell,
                p.e.clone(),
                Some(p.omega2),
            )?;
            let mode = config.extras.apply(mode)?;
            if unit_masses || mode.masses.is_some() {
                Ok(mode)
            } else {
                mode.with_masses(masses.to_vec())
            }
        })
        .collect()
}
