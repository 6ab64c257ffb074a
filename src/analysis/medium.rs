//! The isotropic elastic medium and the displacement field of a force dipole in it
//! (eq. 4): what the dipole fit and the moment sums both build on.

use std::f64::consts::PI;

use nalgebra::{Matrix3, Vector3, Vector6};

/// Isotropic elastic medium: bulk and shear modulus.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Medium {
    pub bulk: f64,
    pub shear: f64,
}

impl Medium {
    /// f = 3G / (3B + 4G) = v_t^2 / v_l^2 (eq. 4).
    pub fn f(&self) -> f64 {
        3.0 * self.shear / (3.0 * self.bulk + 4.0 * self.shear)
    }

    /// The six displacement fields s(x) of unit tensors, columns in the order
    /// P = [xx, yy, zz, xy, xz, yz] (an off-diagonal unknown sets both symmetric entries).
    /// s = [2f P n - (1-f) tr(P) n + 3(1-f) (n.P.n) n] / (8 pi G r^2).
    #[inline]
    pub fn basis(&self, x: &Vector3<f64>) -> [Vector3<f64>; 6] {
        let r2 = x.norm_squared();
        let n = x / r2.sqrt();
        let f = self.f();
        let scale = 1.0 / (8.0 * PI * self.shear * r2);
        let (a, b) = (2.0 * f * scale, 3.0 * (1.0 - f) * scale);
        let c = (1.0 - f) * scale;
        let e = |k: usize| Vector3::ith(k, 1.0);
        let diag = |k: usize| e(k) * (a * n[k]) + n * (b * n[k] * n[k] - c);
        let off =
            |k: usize, l: usize| (e(k) * n[l] + e(l) * n[k]) * a + n * (2.0 * b * n[k] * n[l]);
        [diag(0), diag(1), diag(2), off(0, 1), off(0, 2), off(1, 2)]
    }

    /// The dipole field of P at x (zero at the centre itself, where it is undefined).
    #[inline]
    pub fn field(&self, p: &Matrix3<f64>, x: &Vector3<f64>) -> Vector3<f64> {
        if x.norm_squared() == 0.0 {
            return Vector3::zeros();
        }
        let b = self.basis(x);
        let q = unknowns(p);
        (0..6).map(|k| b[k] * q[k]).sum()
    }
}

/// [xx, yy, zz, xy, xz, yz] of a symmetric tensor.
pub fn unknowns(p: &Matrix3<f64>) -> Vector6<f64> {
    Vector6::new(
        p[(0, 0)],
        p[(1, 1)],
        p[(2, 2)],
        p[(0, 1)],
        p[(0, 2)],
        p[(1, 2)],
    )
}
