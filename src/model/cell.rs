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
            d[k] -= l * nearest_integer(d[k] / l);
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

/// round(x) (half away from zero) for |x| < 2^63. `f64::round` is a library call on
/// baseline x86-64, and the minimum image needs it three times per distance.
#[inline]
fn nearest_integer(x: f64) -> f64 {
    let t = x as i64 as f64;
    let r = x - t;
    if r >= 0.5 {
        t + 1.0
    } else if r <= -0.5 {
        t - 1.0
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_integer_rounds_half_away_from_zero() {
        for x in [
            0.0,
            0.49,
            0.5,
            0.51,
            1.5,
            2.4999,
            -0.5,
            -0.51,
            -1.5,
            -2.6,
            1e12 + 0.5,
            -7.0,
        ] {
            assert_eq!(nearest_integer(x), f64::round(x), "{x}");
        }
    }

    #[test]
    fn minimum_image_is_within_half_the_box() {
        let cell = Cell::new([10.0, 12.0, 14.0]);
        let a = Vector3::new(0.5, 11.5, 3.0);
        let b = Vector3::new(9.7, 0.2, 40.0);
        let d = cell.delta(&a, &b);
        assert!((d - Vector3::new(-0.8, 0.7, -5.0)).norm() < 1e-12, "{d}");
    }
}
