//! Per-atom scalars that the views colour atoms by: |e_i|, |e_r,i| and the radial share
//! of e_i. Pure functions of an `Analysis`, so a view never computes a number itself.

use nalgebra::Vector3;

use super::run::Analysis;

/// |v_i| for every atom.
pub fn norms(v: &[Vector3<f64>]) -> Vec<f64> {
    v.iter().map(Vector3::norm).collect()
}

/// |e_i| of atom i.
pub fn amplitude(a: &Analysis, i: usize) -> f64 {
    a.mode.e[i].norm()
}

/// The amplitude |e_i| of every atom.
pub fn amplitudes(a: &Analysis) -> Vec<f64> {
    norms(&a.mode.e)
}

/// |e_r,i| = |e_i - s_i| for every atom (|e_i| without a dipole fit).
pub fn random_amplitudes(a: &Analysis) -> Vec<f64> {
    (0..a.mode.n_atoms())
        .map(|i| a.random_part(i).norm())
        .collect()
}

/// Radial share (e_i . x_i / r_i)^2 / |e_i|^2 in [0, 1]; 0 where e_i or x_i vanishes.
pub fn radial_share(e: &Vector3<f64>, x: &Vector3<f64>) -> f64 {
    let (e2, r) = (e.norm_squared(), x.norm());
    if e2 > 0.0 && r > 0.0 {
        (e.dot(x) / r).powi(2) / e2
    } else {
        0.0
    }
}

/// The radial share of e_i for every atom.
pub fn radial_shares(a: &Analysis) -> Vec<f64> {
    a.mode
        .e
        .iter()
        .zip(&a.core.x)
        .map(|(e, x)| radial_share(e, x))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radial_share_limits() {
        let x = Vector3::new(2.0, 0.0, 0.0);
        assert!((radial_share(&Vector3::new(0.3, 0.0, 0.0), &x) - 1.0).abs() < 1e-15);
        assert!(radial_share(&Vector3::new(0.0, 0.3, 0.0), &x).abs() < 1e-15);
        assert!((radial_share(&Vector3::new(1.0, 1.0, 0.0), &x) - 0.5).abs() < 1e-15);
        assert_eq!(radial_share(&Vector3::zeros(), &x), 0.0);
        assert_eq!(radial_share(&x, &Vector3::zeros()), 0.0);
    }

    #[test]
    fn norms_of_vectors() {
        let v = [Vector3::new(3.0, 4.0, 0.0), Vector3::zeros()];
        assert_eq!(norms(&v), vec![5.0, 0.0]);
    }
}
