//! The mode centre of eq. (1), iterated as ANALYSIS.md section 2 prescribes.

use nalgebra::Vector3;

use crate::model::Mode;

const MAX_ITERATIONS: usize = 50;
const TOLERANCE: f64 = 1e-9;

/// The converged centre and what the user is shown about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Centre {
    /// Unwrapped position (near the start atom); `wrapped` is in [0, L).
    pub position: Vector3<f64>,
    pub wrapped: Vector3<f64>,
    pub start_atom: usize,
    pub iterations: usize,
    pub converged: bool,
    pub shift_from_start: f64,
    pub n_in_sphere: usize,
    pub weight_in_sphere: f64,
}

/// Weighted mean of the minimum-image offsets inside R: (sum d |e|^2, sum |e|^2, count).
fn sphere_moments(mode: &Mode, c: &Vector3<f64>, r_centre: f64) -> (Vector3<f64>, f64, usize) {
    let r2max = r_centre * r_centre;
    let mut first = Vector3::zeros();
    let mut weight = 0.0;
    let mut count = 0;
    for (p, e) in mode.positions.iter().zip(&mode.e) {
        let d = mode.cell.delta(c, p);
        if d.norm_squared() < r2max {
            let w = e.norm_squared();
            first += d * w;
            weight += w;
            count += 1;
        }
    }
    (first, weight, count)
}

/// Finds the centre: start at the atom of largest |e_i| (lowest index among equals) and
/// move to the |e|^2-weighted mean of the atoms within `r_centre` until it stops moving.
pub fn find_centre(mode: &Mode, r_centre: f64) -> Centre {
    let mut start_atom = 0;
    let mut best = f64::NEG_INFINITY;
    for (i, e) in mode.e.iter().enumerate() {
        let a = e.norm_squared();
        if a > best {
            best = a;
            start_atom = i;
        }
    }
    let start = mode.positions[start_atom];
    let mut c = start;
    let mut iterations = 0;
    let mut converged = false;
    while iterations < MAX_ITERATIONS {
        let (first, weight, _) = sphere_moments(mode, &c, r_centre);
        // The start atom itself is always inside with weight > 0 until c leaves it far behind.
        let step = if weight > 0.0 {
            first / weight
        } else {
            Vector3::zeros()
        };
        c += step;
        iterations += 1;
        if step.norm() < TOLERANCE {
            converged = true;
            break;
        }
    }
    let (_, weight_in_sphere, n_in_sphere) = sphere_moments(mode, &c, r_centre);
    Centre {
        position: c,
        wrapped: mode.cell.wrap(&c),
        start_atom,
        iterations,
        converged,
        shift_from_start: mode.cell.delta(&start, &c).norm(),
        n_in_sphere,
        weight_in_sphere,
    }
}
