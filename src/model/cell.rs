//! Orthorhombic periodic box and the minimum-image convention.

use nalgebra::Vector3;
use serde::{Deserialize, Serialize};

/// An orthorhombic periodic box with edge lengths `lengths` (origin at 0).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub lengths: [f64; 3],
}

impl Cell {
    pub fn new(lengths: [f64; 3]) -> Self {
        Self { lengths }
    }

    /// The minimum-image vector equivalent to `d`.
    #[inline]
    pub fn min_image(&self, mut d: Vector3<f64>) -> Vector3<f64> {
        for k in 0..3 {
            let l = self.lengths[k];
            d[k] -= l * (d[k] / l).round();
        }
        d
    }

    /// The minimum-image vector from `a` to `b`.
    #[inline]
    pub fn delta(&self, a: &Vector3<f64>, b: &Vector3<f64>) -> Vector3<f64> {
        self.min_image(b - a)
    }

    /// `p` wrapped into [0, L) in every direction.
    pub fn wrap(&self, p: &Vector3<f64>) -> Vector3<f64> {
        let mut w = *p;
        for k in 0..3 {
            let l = self.lengths[k];
            w[k] = p[k].rem_euclid(l);
            if w[k] >= l {
                // rem_euclid can return l for tiny negative inputs.
                w[k] = 0.0;
            }
        }
        w
    }

    /// Half the shortest edge: the largest distance the minimum image resolves uniquely.
    pub fn half_min_length(&self) -> f64 {
        0.5 * self.lengths.iter().copied().fold(f64::INFINITY, f64::min)
    }

    pub fn volume(&self) -> f64 {
        self.lengths.iter().product()
    }
}
