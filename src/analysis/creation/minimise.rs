//! A compact local minimiser: L-BFGS with a strong-Wolfe line search (Nocedal and
//! Wright, algorithms 3.5 and 3.6, cubic interpolation), finished by Newton steps with
//! the analytic Hessian once the forces are small. The Newton steps are accepted on the
//! force, not the energy, because near 1e-8 the energy change is below round-off.
//!
//! Coordinates come in groups of three (atoms); "force" is the largest per-atom norm of
//! the gradient.

use std::cmp::Ordering;
use std::collections::VecDeque;
use std::sync::atomic::{self, AtomicBool};

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result};

/// A smooth function of the flattened atom positions.
pub trait Objective {
    /// f(x), with the gradient written into `g`.
    fn eval(&mut self, x: &[f64], g: &mut [f64]) -> f64;
    /// The Hessian at x.
    fn hessian(&mut self, x: &[f64]) -> DMatrix<f64>;
}

#[derive(Clone, Debug)]
pub struct Options {
    /// Stop when the largest per-atom gradient norm is below this.
    pub force_tol: f64,
    pub max_iter: usize,
    /// L-BFGS memory.
    pub memory: usize,
    /// Largest displacement of one atom in one step.
    pub max_step: f64,
    /// Try Newton steps once the largest force is below this.
    pub newton_below: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            force_tol: 1e-8,
            max_iter: 5000,
            memory: 10,
            max_step: 0.2,
            newton_below: 1e-3,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub energy: f64,
    pub max_force: f64,
    pub iterations: usize,
    pub converged: bool,
}

/// The largest per-atom norm of a flattened vector.
pub fn max_atom_norm(v: &[f64]) -> f64 {
    v.chunks_exact(3)
        .map(|c| (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]).sqrt())
        .fold(0.0, f64::max)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A point on the search line.
struct Trial {
    alpha: f64,
    f: f64,
    d: f64,
    g: Vec<f64>,
}

const C1: f64 = 1e-4;
const C2: f64 = 0.9;

struct Line<'o, O: Objective> {
    obj: &'o mut O,
    x: &'o [f64],
    p: &'o [f64],
    f0: f64,
    d0: f64,
    /// Energies within this of f0 count as not increased (round-off).
    noise: f64,
    xt: Vec<f64>,
}

impl<O: Objective> Line<'_, O> {
    fn at(&mut self, alpha: f64) -> Trial {
        for ((xt, x), p) in self.xt.iter_mut().zip(self.x).zip(self.p) {
            *xt = x + alpha * p;
        }
        let mut g = vec![0.0; self.x.len()];
        let f = self.obj.eval(&self.xt, &mut g);
        let d = dot(&g, self.p);
        Trial { alpha, f, d, g }
    }

    fn armijo_fails(&self, t: &Trial) -> bool {
        let bound = self.f0 + C1 * t.alpha * self.d0 + self.noise;
        // NaN (atoms on top of each other) fails too.
        !matches!(
            t.f.partial_cmp(&bound),
            Some(Ordering::Less | Ordering::Equal)
        )
    }

    fn curvature_ok(&self, t: &Trial) -> bool {
        t.d.abs() <= -C2 * self.d0
    }

    /// Algorithm 3.5: a step satisfying the strong Wolfe conditions, or the best
    /// sufficient-decrease step found, or None.
    fn search(&mut self, alpha_init: f64, alpha_max: f64) -> Option<Trial> {
        let mut prev = Trial {
            alpha: 0.0,
            f: self.f0,
            d: self.d0,
            g: Vec::new(),
        };
        let mut alpha = alpha_init.min(alpha_max);
        for i in 0..40 {
            let t = self.at(alpha);
            if self.armijo_fails(&t) || (i > 0 && t.f >= prev.f) {
                return self.zoom(prev, t);
            }
            if self.curvature_ok(&t) {
                return Some(t);
            }
            if t.d >= 0.0 {
                return self.zoom(t, prev);
            }
            if alpha >= alpha_max {
                return Some(t);
            }
            alpha = (2.0 * alpha).min(alpha_max);
            prev = t;
        }
        None
    }

    /// Algorithm 3.6 with safeguarded cubic interpolation.
    fn zoom(&mut self, mut lo: Trial, mut hi: Trial) -> Option<Trial> {
        for _ in 0..40 {
            let width = hi.alpha - lo.alpha;
            let guess = cubic_min(&lo, &hi);
            let alpha = match guess {
                Some(a) if (a - lo.alpha) / width > 0.1 && (a - lo.alpha) / width < 0.9 => a,
                _ => lo.alpha + 0.5 * width,
            };
            let t = self.at(alpha);
            if self.armijo_fails(&t) || t.f >= lo.f {
                hi = t;
            } else {
                if self.curvature_ok(&t) {
                    return Some(t);
                }
                if t.d * (hi.alpha - lo.alpha) >= 0.0 {
                    hi = lo;
                }
                lo = t;
            }
            if (hi.alpha - lo.alpha).abs() <= 1e-14 * lo.alpha.abs().max(hi.alpha.abs()) {
                break;
            }
        }
        (lo.alpha > 0.0).then_some(lo)
    }
}

/// The minimiser of the cubic through (a0, f0, d0), (a1, f1, d1).
fn cubic_min(t0: &Trial, t1: &Trial) -> Option<f64> {
    let (a0, a1) = (t0.alpha, t1.alpha);
    let e1 = t0.d + t1.d - 3.0 * (t0.f - t1.f) / (a0 - a1);
    let disc = e1 * e1 - t0.d * t1.d;
    if disc < 0.0 {
        return None;
    }
    let e2 = (a1 - a0).signum() * disc.sqrt();
    let a = a1 - (a1 - a0) * (t1.d + e2 - e1) / (t1.d - t0.d + 2.0 * e2);
    a.is_finite().then_some(a)
}

/// The L-BFGS direction -H g by the two-loop recursion.
fn lbfgs_direction(g: &[f64], hist: &VecDeque<(Vec<f64>, Vec<f64>, f64)>) -> Vec<f64> {
    let mut q = g.to_vec();
    let mut alphas = Vec::with_capacity(hist.len());
    for (s, y, rho) in hist.iter().rev() {
        let a = rho * dot(s, &q);
        q.iter_mut().zip(y).for_each(|(q, y)| *q -= a * y);
        alphas.push(a);
    }
    if let Some((s, y, _)) = hist.back() {
        let gamma = dot(s, y) / dot(y, y);
        q.iter_mut().for_each(|q| *q *= gamma);
    }
    for ((s, y, rho), a) in hist.iter().zip(alphas.iter().rev()) {
        let b = rho * dot(y, &q);
        q.iter_mut().zip(s).for_each(|(q, s)| *q += (a - b) * s);
    }
    q.iter_mut().for_each(|q| *q = -*q);
    q
}

/// The Newton step -H^-1 g if H is positive definite.
fn newton_step(h: DMatrix<f64>, g: &[f64]) -> Option<Vec<f64>> {
    let chol = h.cholesky()?;
    let p = chol.solve(&DVector::from_column_slice(g));
    p.iter()
        .all(|v| v.is_finite())
        .then(|| p.iter().map(|v| -v).collect())
}

/// Minimises `obj` from `x0` until the largest atom force is below `opts.force_tol`.
/// Returns `Err(Cancelled)` if `cancel` is raised; an unconverged run is `Ok` with
/// `converged: false`.
pub fn minimise<O: Objective>(
    obj: &mut O,
    x0: Vec<f64>,
    opts: &Options,
    cancel: Option<&AtomicBool>,
) -> Result<Minimum> {
    let mut x = x0;
    let mut g = vec![0.0; x.len()];
    let mut f = obj.eval(&x, &mut g);
    let mut hist: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::with_capacity(opts.memory);
    let mut iterations = 0;
    // Newton is tried below this force; after a failed try, only once the force has
    // dropped tenfold (a Hessian solve costs far more than an L-BFGS step).
    let mut newton_below = opts.newton_below;
    loop {
        let fmax = max_atom_norm(&g);
        if fmax < opts.force_tol || iterations >= opts.max_iter || !f.is_finite() {
            return Ok(Minimum {
                converged: fmax < opts.force_tol,
                x,
                energy: f,
                max_force: fmax,
                iterations,
            });
        }
        if cancel.is_some_and(|c| c.load(atomic::Ordering::Relaxed)) {
            return Err(Error::Cancelled);
        }
        iterations += 1;
        let noise = 1e-14 * f.abs().max(1.0);
        if fmax < newton_below {
            if let Some(mut p) = newton_step(obj.hessian(&x), &g) {
                let scale = (opts.max_step / max_atom_norm(&p)).min(1.0);
                p.iter_mut().for_each(|v| *v *= scale);
                let xn: Vec<f64> = x.iter().zip(&p).map(|(x, p)| x + p).collect();
                let mut gn = vec![0.0; x.len()];
                let fn_ = obj.eval(&xn, &mut gn);
                if max_atom_norm(&gn) < fmax && fn_ <= f + noise {
                    push(
                        &mut hist,
                        opts.memory,
                        p,
                        gn.iter().zip(&g).map(|(a, b)| a - b).collect(),
                    );
                    (x, f, g) = (xn, fn_, gn);
                    continue;
                }
            }
            newton_below = 0.1 * fmax; // not in the quadratic region yet
        }
        let mut p = lbfgs_direction(&g, &hist);
        if dot(&p, &g) >= 0.0 {
            hist.clear();
            p = g.iter().map(|v| -v).collect();
        }
        let alpha_max = opts.max_step / max_atom_norm(&p);
        let alpha_init = if hist.is_empty() {
            alpha_max.min(1.0)
        } else {
            1.0
        };
        let d0 = dot(&g, &p);
        let mut line = Line {
            obj,
            x: &x,
            p: &p,
            f0: f,
            d0,
            noise,
            xt: vec![0.0; x.len()],
        };
        let Some(t) = line.search(alpha_init, alpha_max) else {
            if hist.is_empty() {
                // Steepest descent found no decrease: round-off floor.
                return Ok(Minimum {
                    converged: false,
                    x,
                    energy: f,
                    max_force: fmax,
                    iterations,
                });
            }
            hist.clear();
            continue;
        };
        let s: Vec<f64> = p.iter().map(|p| t.alpha * p).collect();
        let y: Vec<f64> = t.g.iter().zip(&g).map(|(a, b)| a - b).collect();
        x.iter_mut().zip(&s).for_each(|(x, s)| *x += s);
        push(&mut hist, opts.memory, s, y);
        f = t.f;
        g = t.g;
    }
}

fn push(hist: &mut VecDeque<(Vec<f64>, Vec<f64>, f64)>, memory: usize, s: Vec<f64>, y: Vec<f64>) {
    let sy = dot(&s, &y);
    if sy > 1e-300 && sy.is_finite() {
        if hist.len() == memory {
            hist.pop_front();
        }
        hist.push_back((s, y, 1.0 / sy));
    }
}
