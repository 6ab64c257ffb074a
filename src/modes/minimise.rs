//! Energy minimisation at a fixed box: FIRE (Bitzek et al. 2006) to a modest force, then
//! Newton steps with the exact sparse Hessian to the tolerance of ANALYSIS.md section 13.
//!
//! FIRE is robust far from a minimum but converges linearly; the Newton steps converge
//! quadratically once the Hessian is positive definite (translations aside), which a
//! Cholesky factor of H + mu I tells: where it fails, FIRE goes on to a smaller force.

use nalgebra::Vector3;

use super::factor::Cholesky;
use super::{largest_of, LargestForce};
use crate::analysis::progress::Progress;
use crate::error::{Error, Result};
use crate::potential::{Atoms, Potential};

/// The minimised configuration.
#[derive(Clone, Debug)]
pub struct Minimised {
    /// Positions (not wrapped: each atom moved continuously from where it was).
    pub positions: Vec<Vector3<f64>>,
    /// Total energy.
    pub energy: f64,
    pub largest_force: LargestForce,
    pub fire_steps: usize,
    pub newton_steps: usize,
}

/// FIRE hands over to Newton below this largest force per atom (relative to the
/// force scale sqrt(mean diagonal of H) x typical length 1: any modest value works).
const FIRE_HANDOVER: f64 = 1e-3;
const MAX_FIRE_STEPS: usize = 200_000;
const MAX_NEWTON_STEPS: usize = 30;

/// Minimises the energy of `atoms` (box fixed) to a largest force per atom below `tol`.
pub fn minimise(
    pot: &Potential,
    atoms: &Atoms,
    tol: f64,
    progress: &Progress,
) -> Result<Minimised> {
    if !(tol.is_finite() && tol > 0.0) {
        return Err(Error::Setting(format!(
            "force tolerance {tol} must be positive"
        )));
    }
    let mut state = State::new(pot, atoms)?;
    let start_force = state.largest().force.max(tol);
    let report = |f: f64| {
        // log-scale fraction of the way from the starting force to tol.
        let done = (start_force / f.max(tol)).ln() / (start_force / tol).ln().max(1e-300);
        progress.stage(done.clamp(0.0, 1.0))
    };
    let mut handover = FIRE_HANDOVER.max(tol);
    let mut newton_steps = 0;
    for _ in 0..8 {
        state.fire(handover, progress, &report)?;
        match state.newton(tol, &report)? {
            Newton::Converged(steps) => {
                newton_steps += steps;
                return state.finish(newton_steps);
            }
            Newton::Stalled(steps) => {
                newton_steps += steps;
                handover = (handover * 1e-2).max(tol);
            }
        }
    }
    Err(Error::invalid(
        atoms.source,
        format!(
            "the minimisation did not reach a largest force of {tol:e} (it stopped at {:e} on atom {})",
            state.largest().force,
            state.largest().atom
        ),
    ))
}

enum Newton {
    Converged(usize),
    Stalled(usize),
}

/// Positions, forces and FIRE's velocities, with the configuration's fixed parts.
struct State<'a> {
    pot: &'a Potential,
    atoms: Atoms<'a>,
    positions: Vec<Vector3<f64>>,
    forces: Vec<Vector3<f64>>,
    fire_steps: usize,
    /// FIRE's largest time step (unit masses): 0.5 / sqrt(Gershgorin bound of H).
    dt_max: f64,
}

impl<'a> State<'a> {
    fn new(pot: &'a Potential, atoms: &Atoms<'a>) -> Result<Self> {
        let positions = atoms.positions.to_vec();
        let forces = pot.forces(atoms)?;
        let h = pot.hessian(atoms)?;
        let bound = h
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|(_, m)| m.abs().row_sum().max())
                    .sum::<f64>()
            })
            .fold(0.0, f64::max);
        Ok(Self {
            pot,
            atoms: *atoms,
            positions,
            forces,
            fire_steps: 0,
            dt_max: 0.5 / bound.max(f64::MIN_POSITIVE).sqrt(),
        })
    }

    fn at<'b>(&self, positions: &'b [Vector3<f64>]) -> Atoms<'b>
    where
        'a: 'b,
    {
        Atoms {
            positions,
            ..self.atoms
        }
    }

    fn largest(&self) -> LargestForce {
        largest_of(&self.forces)
    }

    fn forces_at(&self, positions: &[Vector3<f64>]) -> Result<Vec<Vector3<f64>>> {
        self.pot.forces(&self.at(positions))
    }

    /// FIRE (unit masses) until the largest force per atom is below `target`.
    fn fire(
        &mut self,
        target: f64,
        progress: &Progress,
        report: &dyn Fn(f64) -> Result<()>,
    ) -> Result<()> {
        let (n_min, f_inc, f_dec, alpha_start, f_alpha) = (5, 1.1, 0.5, 0.1, 0.99);
        let mut dt = 0.2 * self.dt_max;
        let mut alpha = alpha_start;
        let mut since_uphill = 0;
        let mut v = vec![Vector3::zeros(); self.positions.len()];
        let mut steps = 0;
        while self.largest().force > target {
            if steps >= MAX_FIRE_STEPS {
                return Err(Error::invalid(
                    self.atoms.source,
                    format!(
                        "FIRE did not reach a largest force of {target:e} in {steps} steps (at {:e})",
                        self.largest().force
                    ),
                ));
            }
            if steps % 50 == 0 {
                report(self.largest().force)?;
            } else if progress.is_cancelled() {
                return Err(Error::Cancelled);
            }
            let power: f64 = v.iter().zip(&self.forces).map(|(v, f)| v.dot(f)).sum();
            if power > 0.0 {
                let v_norm = v.iter().map(|x| x.norm_squared()).sum::<f64>().sqrt();
                let f_norm = self
                    .forces
                    .iter()
                    .map(|x| x.norm_squared())
                    .sum::<f64>()
                    .sqrt();
                for (vi, fi) in v.iter_mut().zip(&self.forces) {
                    *vi = *vi * (1.0 - alpha) + fi * (alpha * v_norm / f_norm);
                }
                since_uphill += 1;
                if since_uphill > n_min {
                    dt = (dt * f_inc).min(self.dt_max);
                    alpha *= f_alpha;
                }
            } else {
                v.iter_mut().for_each(|x| *x = Vector3::zeros());
                since_uphill = 0;
                dt *= f_dec;
                alpha = alpha_start;
            }
            for ((p, vi), fi) in self.positions.iter_mut().zip(&mut v).zip(&self.forces) {
                *vi += fi * dt;
                *p += *vi * dt;
            }
            self.forces = self.forces_at(&self.positions)?;
            steps += 1;
        }
        self.fire_steps += steps;
        Ok(())
    }

    /// Newton steps dx = (H + mu I)^-1 F (translations projected out), each accepted
    /// only if it lowers the largest force (else halved, up to 8 times).
    fn newton(&mut self, tol: f64, report: &dyn Fn(f64) -> Result<()>) -> Result<Newton> {
        for step in 0..MAX_NEWTON_STEPS {
            let current = self.largest().force;
            report(current)?;
            if current < tol {
                return Ok(Newton::Converged(step));
            }
            let Some(dx) = self.newton_step()? else {
                return Ok(Newton::Stalled(step));
            };
            let mut scale = 1.0;
            let mut accepted = false;
            for _ in 0..8 {
                let trial: Vec<Vector3<f64>> = self
                    .positions
                    .iter()
                    .zip(&dx)
                    .map(|(p, d)| p + d * scale)
                    .collect();
                let forces = self.forces_at(&trial)?;
                if largest_of(&forces).force < current {
                    self.positions = trial;
                    self.forces = forces;
                    accepted = true;
                    break;
                }
                scale *= 0.5;
            }
            if !accepted {
                return Ok(Newton::Stalled(step));
            }
        }
        Ok(if self.largest().force < tol {
            Newton::Converged(MAX_NEWTON_STEPS)
        } else {
            Newton::Stalled(MAX_NEWTON_STEPS)
        })
    }

    /// The Newton displacement, or None where H + mu I is not positive definite. mu is
    /// 1e-10 of the mean diagonal: it makes the translations invertible, and slows the
    /// convergence by mu / omega2_min only.
    fn newton_step(&self) -> Result<Option<Vec<Vector3<f64>>>> {
        let atoms = self.at(&self.positions);
        let d = super::Dynamical::new(self.pot.hessian(&atoms)?, &vec![1.0; atoms.len()]);
        let mu = 1e-10 * d.mean_diagonal().abs().max(f64::MIN_POSITIVE);
        let Ok(chol) = Cholesky::of(&d.shifted_lower(-mu)) else {
            return Ok(None);
        };
        let mean = self.forces.iter().sum::<Vector3<f64>>() / self.forces.len() as f64;
        let mut rhs: Vec<f64> = self
            .forces
            .iter()
            .flat_map(|f| {
                let f = f - mean;
                [f.x, f.y, f.z]
            })
            .collect();
        chol.solve_in_place(&mut rhs);
        let dx: Vec<Vector3<f64>> = rhs
            .chunks_exact(3)
            .map(|c| Vector3::new(c[0], c[1], c[2]))
            .collect();
        let shift = dx.iter().sum::<Vector3<f64>>() / dx.len() as f64;
        Ok(Some(dx.into_iter().map(|d| d - shift).collect()))
    }

    fn finish(self, newton_steps: usize) -> Result<Minimised> {
        let energy = self.pot.energies(&self.at(&self.positions))?.iter().sum();
        let largest_force = self.largest();
        Ok(Minimised {
            positions: self.positions,
            energy,
            largest_force,
            fire_steps: self.fire_steps,
            newton_steps,
        })
    }
}
