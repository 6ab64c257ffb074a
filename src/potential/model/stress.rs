//! The response of a configuration to a homogeneous strain, for any potential (ANALYSIS.md
//! section 14): the stress, the Born term and Xi = d^2U / dr d eta.
//!
//! Every term of E = sum_pairs phi(r_ij) + sum_i F_i(rho_i) depends on the pair distances
//! only, and a Green-Lagrange strain eta changes them as r^2 -> r^T (1 + 2 eta) r, so
//! dr / d eta_ab = r_a r_b / r. With the pair's effective derivatives
//! g1 = phi' + F'_i f'_ij + F'_j f'_ji and g2 = phi'' + F'_i f''_ij + F'_j f''_ji (those
//! of the Hessian) and tau_i = sum_j f'_ij dr_ij / d eta (the strain derivative of rho_i):
//! - virial dU/d eta = sum_pairs g1 r r^T / r,
//! - Born d^2U / d eta^2 = sum_pairs (g2 - g1 / r) v v^T + sum_i F''_i tau_i tau_i^T,
//!   v_ab = r_a r_b / r,
//! - Xi_k = d^2U / dr_k d eta: the pair parts below plus sum_c F''_c tau_c d rho_c / dr_k.
//!
//! Tensors are in Voigt order xx, yy, zz, yz, xz, xy; derivatives with respect to a shear
//! component are those of the symmetric tensor (eta_yz = eta_zy together, halved), so the
//! Voigt matrices are the tensor components C_ijkl.

use nalgebra::{Matrix3, Matrix6, Vector3, Vector6};
use rayon::prelude::*;

use super::{embedding_at_atoms, pair_functions, Atoms, Neighbourhood};
use crate::error::Result;
use crate::potential::Potential;

/// The index pairs (a, b) of the Voigt components xx, yy, zz, yz, xz, xy.
pub const VOIGT: [(usize, usize); 6] = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)];

/// A symmetric tensor's Voigt components (no factors of 2).
pub fn to_voigt(t: &Matrix3<f64>) -> Vector6<f64> {
    Vector6::from_fn(|i, _| t[VOIGT[i]])
}

/// The strain derivatives of a configuration's energy with the atoms held fixed.
#[derive(Clone, Debug)]
pub struct StrainTerms {
    /// Volume of the (deformed) box.
    pub volume: f64,
    /// sigma = (1/V) dU/d eps: minus LAMMPS's virial pressure tensor.
    pub stress: Matrix3<f64>,
    /// The Born term (1/V) d^2U / d eta_I d eta_J (Voigt; eta the Green-Lagrange strain).
    pub born: Matrix6<f64>,
    /// xi[k][J] = d^2U / dr_k d eta_J: the force on atom k is -xi[k] eta to first order.
    pub xi: Vec<[Vector3<f64>; 6]>,
}

/// v_I = r_a r_b / r, the strain derivative of the pair distance.
#[inline]
fn distance_strain(r: &Vector3<f64>) -> Vector6<f64> {
    let d = r.norm();
    Vector6::from_fn(|i, _| {
        let (a, b) = VOIGT[i];
        r[a] * r[b] / d
    })
}

/// d^2 phi(|r|) / dr_head d eta for a radial term with derivatives g1, g2, r pointing at
/// the head atom: (g2 - g1/r) (r / r) v^T + (g1 / r) d(1 + 2 eta) r / d eta.
#[inline]
fn pair_xi(r: &Vector3<f64>, g1: f64, g2: f64) -> [Vector3<f64>; 6] {
    let d = r.norm();
    let v = distance_strain(r);
    std::array::from_fn(|i| {
        let (a, b) = VOIGT[i];
        let mut x = r * ((g2 - g1 / d) * v[i] / d);
        x[a] += g1 / d * r[b];
        x[b] += g1 / d * r[a];
        x
    })
}

/// One atom's share of W (stress x volume), the Born term and the six columns of Xi.
type AtomStrainTerms = (Matrix3<f64>, Matrix6<f64>, [Vector3<f64>; 6]);

impl Potential {
    /// The stress sigma = (1/V) dU/d eps (minus LAMMPS's virial pressure tensor, no
    /// kinetic part), of the deformed box if `atoms` carries a deformation.
    pub fn stress(&self, atoms: &Atoms) -> Result<Matrix3<f64>> {
        let hood = self.neighbourhood(atoms)?;
        let emb = embedding_at_atoms(self, atoms, &hood);
        let virial: Matrix3<f64> = (0..atoms.len())
            .into_par_iter()
            .map(|i| {
                let mut w = Matrix3::zeros();
                for (nb, g1, _) in effective_pairs(self, atoms, &hood, &emb, i) {
                    w += nb * nb.transpose() * (0.5 * g1 / nb.norm());
                }
                w
            })
            .sum();
        Ok(virial / volume(atoms))
    }

    /// The stress, the Born term and Xi of the configuration (section 14).
    pub fn strain_terms(&self, atoms: &Atoms) -> Result<StrainTerms> {
        let hood = self.neighbourhood(atoms)?;
        let emb = embedding_at_atoms(self, atoms, &hood);
        let tau = density_strains(self, atoms, &hood);
        let per_atom: Vec<AtomStrainTerms> = (0..atoms.len())
            .into_par_iter()
            .map(|k| {
                let (mut w, mut born) = (Matrix3::zeros(), Matrix6::zeros());
                let mut xi = [Vector3::zeros(); 6];
                for (r, g1, g2) in effective_pairs(self, atoms, &hood, &emb, k) {
                    w += r * r.transpose() * (0.5 * g1 / r.norm());
                    let v = distance_strain(&r);
                    born += v * v.transpose() * (0.5 * (g2 - g1 / r.norm()));
                    // The pair vector from the neighbour to k: k is its head.
                    add(&mut xi, &pair_xi(&-r, g1, g2), 1.0);
                }
                born += tau[k] * tau[k].transpose() * emb[k][2];
                embedding_xi(self, atoms, &hood, &emb, &tau, k, &mut xi);
                (w, born, xi)
            })
            .collect();
        let v = volume(atoms);
        let (w, born) = per_atom
            .iter()
            .fold((Matrix3::zeros(), Matrix6::zeros()), |(w, b), t| {
                (w + t.0, b + t.1)
            });
        Ok(StrainTerms {
            volume: v,
            stress: w / v,
            born: born / v,
            xi: per_atom.into_iter().map(|t| t.2).collect(),
        })
    }
}

/// The volume of the (deformed) box.
fn volume(atoms: &Atoms) -> f64 {
    atoms.cell.volume() * atoms.deformation.map_or(1.0, |f| f.determinant())
}

fn add(acc: &mut [Vector3<f64>; 6], x: &[Vector3<f64>; 6], w: f64) {
    for (a, b) in acc.iter_mut().zip(x) {
        *a += b * w;
    }
}

/// Atom i's pairs as (vector to the neighbour, g1, g2).
fn effective_pairs<'a>(
    pot: &'a Potential,
    atoms: &'a Atoms,
    hood: &'a Neighbourhood,
    emb: &'a [[f64; 5]],
    i: usize,
) -> impl Iterator<Item = (Vector3<f64>, f64, f64)> + 'a {
    hood.of(i).map(move |nb| {
        let j = nb.j as usize;
        let (phi, fij, fji) = pair_functions(pot, atoms, i, j, nb.r.norm());
        let g1 = phi[1] + emb[i][1] * fij[1] + emb[j][1] * fji[1];
        let g2 = phi[2] + emb[i][1] * fij[2] + emb[j][1] * fji[2];
        (nb.r, g1, g2)
    })
}

/// tau_i = d rho_i / d eta for every atom (zeros for a pair potential).
fn density_strains(pot: &Potential, atoms: &Atoms, hood: &Neighbourhood) -> Vec<Vector6<f64>> {
    let Some(e) = &pot.embedding else {
        return vec![Vector6::zeros(); atoms.len()];
    };
    (0..atoms.len())
        .into_par_iter()
        .map(|i| {
            let a = atoms.species[i];
            hood.of(i)
                .map(|nb| {
                    let f1 = e.density(a, atoms.species[nb.j as usize], nb.r.norm())[1];
                    distance_strain(&nb.r) * f1
                })
                .sum()
        })
        .collect()
}

/// Adds sum_c F''_c tau_c d rho_c / dr_k over the centres c = k and k's neighbours.
fn embedding_xi(
    pot: &Potential,
    atoms: &Atoms,
    hood: &Neighbourhood,
    emb: &[[f64; 5]],
    tau: &[Vector6<f64>],
    k: usize,
    xi: &mut [Vector3<f64>; 6],
) {
    let Some(e) = &pot.embedding else {
        return;
    };
    let a = atoms.species[k];
    let mut own = Vector3::zeros();
    for nb in hood.of(k) {
        let j = nb.j as usize;
        let r = nb.r.norm();
        let b = atoms.species[j];
        // rho_k moves by -f'_(k<-j) r/|r|, rho_j by f'_(j<-k) (-r)/|r|.
        own -= nb.r * (e.density(a, b, r)[1] / r);
        let grad_j = -nb.r * (e.density(b, a, r)[1] / r);
        for (i, x) in xi.iter_mut().enumerate() {
            *x += grad_j * (emb[j][2] * tau[j][i]);
        }
    }
    for (i, x) in xi.iter_mut().enumerate() {
        *x += own * (emb[k][2] * tau[k][i]);
    }
}

#[cfg(test)]
mod tests {
    use super::super::toy::toy_eam;
    use super::*;
    use crate::example::test_glass;

    /// 1 + h E_J with E_J the Voigt unit strain (shear: E_ab = E_ba = 1/2).
    fn gradient(e: &Matrix3<f64>, h: f64) -> Matrix3<f64> {
        Matrix3::identity() + e * h
    }

    fn unit(j: usize) -> Matrix3<f64> {
        let (a, b) = VOIGT[j];
        let mut e = Matrix3::zeros();
        e[(a, b)] += 0.5;
        e[(b, a)] += 0.5;
        e
    }

    fn energy(pot: &Potential, atoms: &Atoms, f: Matrix3<f64>) -> f64 {
        let strained = Atoms {
            deformation: Some(f),
            ..*atoms
        };
        pot.energies(&strained).expect("test value").iter().sum()
    }

    /// The stress, the Born term and Xi against central differences of the energy and
    /// the forces under affine strains, for 3DIPL and for the toy embedded-atom potential.
    #[test]
    fn strain_terms_match_finite_differences() {
        let mode = test_glass(0);
        let atoms = mode.atoms();
        for pot in [Potential::ipl3d(), toy_eam()] {
            let t = pot.strain_terms(&atoms).expect("test value");
            let v = t.volume;
            let h = 1e-4;
            // dU/d eps_J = V sigma_J; d^2U/dh^2 along 1 + h E = V (E:C:E + sigma:E^2).
            for j in 0..6 {
                let e = unit(j);
                let up = energy(&pot, &atoms, gradient(&e, h));
                let down = energy(&pot, &atoms, gradient(&e, -h));
                let zero = energy(&pot, &atoms, Matrix3::identity());
                let sigma = (up - down) / (2.0 * h) / v;
                let expect = to_voigt(&t.stress)[j];
                assert!(
                    (sigma - expect).abs() < 1e-6 * (1.0 + expect.abs()),
                    "{}: sigma_{j} {sigma} vs {expect}",
                    pot.name
                );
                let curv = (up - 2.0 * zero + down) / (h * h) / v;
                let expect = t.born[(j, j)] + (t.stress.component_mul(&(e * e))).sum();
                assert!(
                    (curv - expect).abs() < 1e-4 * expect.abs(),
                    "{}: C_{j}{j} {curv} vs {expect}",
                    pot.name
                );
            }
            // A mixed component by polarisation: (E_I + E_J):C:(E_I + E_J).
            let e = unit(0) + unit(4);
            let up = energy(&pot, &atoms, gradient(&e, h));
            let down = energy(&pot, &atoms, gradient(&e, -h));
            let zero = energy(&pot, &atoms, Matrix3::identity());
            let curv = (up - 2.0 * zero + down) / (h * h) / v;
            let b = &t.born;
            let expect =
                b[(0, 0)] + b[(4, 4)] + 2.0 * b[(0, 4)] + (t.stress.component_mul(&(e * e))).sum();
            assert!(
                (curv - expect).abs() < 1e-4 * expect.abs(),
                "{}: mixed {curv} vs {expect}",
                pot.name
            );
            // Xi_J = d/dh (dU/du) = -d/dh F^T f under 1 + h E_J (u in undeformed coordinates).
            for j in 0..6 {
                let e = unit(j);
                let force = |h: f64| -> Vec<Vector3<f64>> {
                    let f = gradient(&e, h);
                    let strained = Atoms {
                        deformation: Some(f),
                        ..atoms
                    };
                    pot.forces(&strained)
                        .expect("test value")
                        .iter()
                        .map(|x| f.transpose() * x)
                        .collect()
                };
                let (up, down) = (force(1e-5), force(-1e-5));
                let mut worst: f64 = 0.0;
                let scale = t.xi.iter().map(|x| x[j].norm()).fold(0.0, f64::max);
                for k in 0..atoms.len() {
                    let fd = -(up[k] - down[k]) / 2e-5;
                    worst = worst.max((fd - t.xi[k][j]).norm());
                }
                assert!(
                    worst < 1e-6 * scale,
                    "{}: Xi_{j} off by {worst} (scale {scale})",
                    pot.name
                );
            }
        }
    }

    /// The stress of a deformed box is that of the same pair vectors: an isotropic scaling
    /// of lengths by s multiplies 3DIPL's r^-10 part, so compare with `stress` of the
    /// positions and box scaled instead.
    #[test]
    fn deformation_equals_scaled_configuration() {
        let mode = test_glass(0);
        let pot = Potential::ipl3d();
        let s = 1.0 + 3e-3;
        let f = Matrix3::identity() * s;
        let deformed = pot
            .stress(&Atoms {
                deformation: Some(f),
                ..mode.atoms()
            })
            .expect("test value");
        let positions: Vec<Vector3<f64>> = mode.positions.iter().map(|p| p * s).collect();
        let cell = crate::model::Cell::new(mode.cell.lengths.map(|l| l * s));
        let scaled = pot
            .stress(&Atoms {
                positions: &positions,
                cell: &cell,
                ..mode.atoms()
            })
            .expect("test value");
        assert!(
            (deformed - scaled).norm() < 1e-10 * scaled.norm(),
            "{deformed} vs {scaled}"
        );
    }
}
