//! The elastic moduli of a glass (ANALYSIS.md section 14), for any potential.
//!
//! C_IJ = d sigma_I / d eps_J at relaxed atoms (Voigt, engineering shear strain, sigma
//! the Cauchy stress) in closed form: the Born term minus the non-affine relaxation
//! (1/V) Xi^T H^+ Xi (Lutsko 1989; Lemaitre and Maloney 2006) gives d^2W/d eta^2 for the
//! Green-Lagrange strain eta, and a pre-stressed glass adds (Wallace 1972)
//! (1/2)(d_ik s_jl + d_il s_jk + d_jk s_il + d_jl s_ik) - d_kl s_ij (s = sigma), so that
//! C is what a finite-strain measurement gives (`finite_strain_moduli`, the check).

use std::time::Instant;

use nalgebra::{Matrix3, Matrix6, Vector3};

use crate::error::{Error, Result};
use crate::potential::model::stress::{to_voigt, VOIGT};
use crate::potential::{Atoms, Potential};
use crate::pseudo_inverse::{dot, PseudoInverse};

/// The elastic constants of a configuration and their parts (energy / length^3).
#[derive(Clone, Debug)]
pub struct ElasticModuli {
    /// C_IJ = d sigma_I / d eps_J (Voigt xx, yy, zz, yz, xz, xy; engineering shear).
    pub c: Matrix6<f64>,
    /// B = (C11 + C22 + C33 + 2 (C12 + C13 + C23)) / 9.
    pub bulk: f64,
    /// G = (C11 + C22 + C33 - C12 - C13 - C23 + 3 (C44 + C55 + C66)) / 15.
    pub shear: f64,
    /// The stress sigma (minus LAMMPS's virial pressure tensor).
    pub stress: Matrix3<f64>,
    /// p = -tr(sigma) / 3.
    pub pressure: f64,
    /// The Born term (1/V) d^2U / d eta^2 at fixed atoms.
    pub born: Matrix6<f64>,
    /// (1/V) Xi^T H^+ Xi.
    pub non_affine: Matrix6<f64>,
    /// The terms the stress adds (Wallace).
    pub stress_terms: Matrix6<f64>,
    pub volume: f64,
    /// The largest force on an atom: the closed form assumes a minimum.
    pub max_force: f64,
    /// Conjugate-gradient iterations of the six H^+ Xi solves.
    pub cg_iterations: usize,
    pub seconds: f64,
    pub warnings: Vec<String>,
}

/// Above this largest force per atom a configuration is not a minimum (section 13; the
/// same number in lj and metal units).
const NOT_A_MINIMUM: f64 = 1e-6;

/// The moduli of `atoms` in closed form.
pub fn elastic_moduli(pot: &Potential, atoms: &Atoms) -> Result<ElasticModuli> {
    let start = Instant::now();
    let max_force = max_norm(&pot.forces(atoms)?);
    let terms = pot.strain_terms(atoms)?;
    let hessian = pot.hessian(atoms)?;
    let solver = PseudoInverse::of_hessian(&hessian);
    let xi: Vec<Vec<Vector3<f64>>> = (0..6)
        .map(|j| terms.xi.iter().map(|x| x[j]).collect())
        .collect();
    let mut non_affine = Matrix6::zeros();
    let mut cg_iterations = 0;
    for j in 0..6 {
        let s = solver
            .solve(&xi[j], None)
            .map_err(|m| Error::invalid(atoms.source, format!("H^+ Xi: {m}")))?;
        cg_iterations += s.iterations;
        for i in 0..6 {
            non_affine[(i, j)] = dot(&xi[i], &s.x) / terms.volume;
        }
    }
    let non_affine = (non_affine + non_affine.transpose()) / 2.0;
    let stress_terms = stress_terms(&terms.stress);
    let c = terms.born - non_affine + stress_terms;
    let (bulk, shear) = isotropic_averages(&c);
    let mut warnings = Vec::new();
    if max_force > NOT_A_MINIMUM {
        warnings.push(format!(
            "the largest force per atom is {max_force:.2e}: the configuration is not a minimum, \
             and the moduli assume one"
        ));
    }
    Ok(ElasticModuli {
        c,
        bulk,
        shear,
        stress: terms.stress,
        pressure: -terms.stress.trace() / 3.0,
        born: terms.born,
        non_affine,
        stress_terms,
        volume: terms.volume,
        max_force,
        cg_iterations,
        seconds: start.elapsed().as_secs_f64(),
        warnings,
    })
}

/// The isotropic averages (B, G) of a Voigt matrix (section 14).
pub fn isotropic_averages(c: &Matrix6<f64>) -> (f64, f64) {
    let diag = c[(0, 0)] + c[(1, 1)] + c[(2, 2)];
    let off = c[(0, 1)] + c[(0, 2)] + c[(1, 2)];
    let shear = c[(3, 3)] + c[(4, 4)] + c[(5, 5)];
    ((diag + 2.0 * off) / 9.0, (diag - off + 3.0 * shear) / 15.0)
}

/// What a stress s adds to d sigma / d eps beyond d^2W / d eta^2:
/// (1/2)(d_ik s_jl + d_il s_jk + d_jk s_il + d_jl s_ik) - d_kl s_ij for I = ij, J = kl.
pub fn stress_terms(s: &Matrix3<f64>) -> Matrix6<f64> {
    let d = |a: usize, b: usize| f64::from(u8::from(a == b));
    Matrix6::from_fn(|p, q| {
        let ((i, j), (k, l)) = (VOIGT[p], VOIGT[q]);
        0.5 * (d(i, k) * s[(j, l)]
            + d(i, l) * s[(j, k)]
            + d(j, k) * s[(i, l)]
            + d(j, l) * s[(i, k)])
            - d(k, l) * s[(i, j)]
    })
}

/// The deformation gradient 1 + h E_J of a strain h in Voigt component J (a shear as
/// eps_ab = eps_ba = h / 2: engineering strain h).
pub fn strain_gradient(j: usize, h: f64) -> Matrix3<f64> {
    let (a, b) = VOIGT[j];
    let mut f = Matrix3::identity();
    if a == b {
        f[(a, a)] += h;
    } else {
        f[(a, b)] += h / 2.0;
        f[(b, a)] += h / 2.0;
    }
    f
}

/// The finite-strain measurement of section 14: strains of +-h in each Voigt component
/// applied to the box and affinely to the atoms, the atoms relaxed at the fixed box
/// (largest force below `max_force`), C from central differences of the stress.
pub fn finite_strain_moduli(
    pot: &Potential,
    atoms: &Atoms,
    h: f64,
    max_force: f64,
) -> Result<Matrix6<f64>> {
    let mut c = Matrix6::zeros();
    for j in 0..6 {
        let mut stress = [Matrix3::zeros(); 2];
        for (s, sign) in stress.iter_mut().zip([1.0, -1.0]) {
            let strained = Atoms {
                deformation: Some(strain_gradient(j, sign * h)),
                ..*atoms
            };
            let positions = relax(pot, &strained, max_force)?;
            *s = pot.stress(&Atoms {
                positions: &positions,
                ..strained
            })?;
        }
        c.set_column(
            j,
            &((to_voigt(&stress[0]) - to_voigt(&stress[1])) / (2.0 * h)),
        );
    }
    Ok(c)
}

/// The atoms of a configuration near a minimum moved to it at the fixed (possibly
/// deformed) box by Newton steps with the exact Hessian, until the largest force per atom
/// is below `max_force`. Positions stay in the undeformed box's coordinates.
pub fn relax(pot: &Potential, atoms: &Atoms, max_force: f64) -> Result<Vec<Vector3<f64>>> {
    const STEPS: usize = 12;
    let to_reference = match atoms.deformation {
        None => Matrix3::identity(),
        Some(f) => f
            .try_inverse()
            .ok_or_else(|| Error::Setting(format!("the deformation {f} is singular")))?,
    };
    let mut positions = atoms.positions.to_vec();
    let mut largest = f64::INFINITY;
    for _ in 0..STEPS {
        let now = Atoms {
            positions: &positions,
            ..*atoms
        };
        let forces = pot.forces(&now)?;
        largest = max_norm(&forces);
        if largest < max_force {
            return Ok(positions);
        }
        let hessian = pot.hessian(&now)?;
        let step = PseudoInverse::of_hessian(&hessian)
            .solve(&forces, None)
            .map_err(|m| Error::invalid(atoms.source, format!("Newton step: {m}")))?;
        for (p, dx) in positions.iter_mut().zip(&step.x) {
            *p += to_reference * dx;
        }
    }
    Err(Error::invalid(
        atoms.source,
        format!(
            "frame {}: {STEPS} Newton steps left a force of {largest:.2e} per atom (wanted below {max_force:.1e}): \
             the configuration is too far from a minimum",
            atoms.frame
        ),
    ))
}

/// The largest |v_i|.
pub fn max_norm(v: &[Vector3<f64>]) -> f64 {
    v.iter().map(|x| x.norm()).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::test_glass;
    use crate::potential::model::toy::ToyEmbedding;

    /// Section 14's check for an embedded-atom potential: the 3DIPL glass relaxed under
    /// a weak toy embedding (the default one makes it unstable), closed form against
    /// strains of +-1e-5 with the atoms relaxed.
    #[test]
    fn embedding_glass_closed_form_matches_finite_strain() {
        let mode = test_glass(0);
        let pot = Potential {
            embedding: Some(std::sync::Arc::new(ToyEmbedding {
                sqrt_weight: [0.03, 0.045],
                square_weight: 0.002,
                ..ToyEmbedding::default()
            })),
            ..Potential::ipl3d()
        };
        let relaxed = relax(&pot, &mode.atoms(), 1e-11).expect("test value");
        let atoms = Atoms {
            positions: &relaxed,
            ..mode.atoms()
        };
        let m = elastic_moduli(&pot, &atoms).expect("test value");
        let fd = finite_strain_moduli(&pot, &atoms, 1e-5, 1e-11).expect("test value");
        let deviation = (m.c - fd).abs().max() / fd.abs().max();
        assert!(deviation < 1e-3, "{deviation:.2e}\n{}\n{fd}", m.c);
        // The embedding's own terms count: the same glass without them differs.
        let pair_only = elastic_moduli(&Potential::ipl3d(), &atoms).expect("test value");
        assert!((pair_only.c - m.c).abs().max() > 100.0 * deviation * fd.abs().max());
    }

    /// The stress terms of an isotropic pressure p: C11 - p, C12 + p, C44 - p.
    #[test]
    fn stress_terms_of_a_pressure() {
        let t = stress_terms(&(Matrix3::identity() * -2.0));
        assert_eq!(
            (t[(0, 0)], t[(0, 1)], t[(3, 3)], t[(0, 3)]),
            (-2.0, 2.0, -2.0, 0.0)
        );
    }
}
