//! The fourth-order term of the energy along a displacement, as a vector (ANALYSIS.md
//! section 15): (U4:::uuu)_k = sum d^4U / dr_k dr_l dr_m dr_n u_l u_m u_n, the third
//! A-derivative of the energy gradient along r_i + A u_i, for any potential. Exact: the
//! gradient's A^3 coefficient from the truncated power series of `series`.

use nalgebra::Vector3;
use rayon::prelude::*;

use super::{embedding_at_atoms, pair_functions, Atoms, Neighbourhood};
use crate::error::Result;
use crate::potential::series::{compose, distance_change, mul, Series};
use crate::potential::Potential;

impl Potential {
    /// U4:::uuu; u . U4:::uuu = d^4E / dA^4 along r + A u.
    pub fn fourth_order_gradient(
        &self,
        atoms: &Atoms,
        u: &[Vector3<f64>],
    ) -> Result<Vec<Vector3<f64>>> {
        let hood = self.neighbourhood(atoms)?;
        let slopes = embedding_slopes(self, atoms, &hood, u);
        Ok((0..atoms.len())
            .into_par_iter()
            .map(|k| {
                hood.of(k)
                    .map(|nb| {
                        let j = nb.j as usize;
                        let (r, d) = (nb.r, u[j] - u[k]);
                        let delta = distance_change(&r, &d);
                        let (phi, fkj, fjk) = pair_functions(self, atoms, k, j, r.norm());
                        // g1(A) = phi' + F'_k f'_kj + F'_j f'_jk along the line.
                        let mut g1 = along(&derivative(&phi), &delta);
                        if let Some(s) = &slopes {
                            let fk = mul(&s[k], &along(&derivative(&fkj), &delta));
                            let fj = mul(&s[j], &along(&derivative(&fjk), &delta));
                            for m in 0..4 {
                                g1[m] += fk[m] + fj[m];
                            }
                        }
                        // dE/dr_k = -sum_j g1 (r + A d) / |r + A d|: its A^3 coefficient.
                        let q = mul(&g1, &along(&reciprocal(r.norm()), &delta));
                        -(r * q[3] + d * q[2]) * 6.0
                    })
                    .sum()
            })
            .collect())
    }
}

/// F'_i(rho_i(A)) along the line for every atom; None for a pair potential.
fn embedding_slopes(
    pot: &Potential,
    atoms: &Atoms,
    hood: &Neighbourhood,
    u: &[Vector3<f64>],
) -> Option<Vec<Series>> {
    let e = pot.embedding.as_ref()?;
    let emb = embedding_at_atoms(pot, atoms, hood);
    Some(
        (0..atoms.len())
            .into_par_iter()
            .map(|i| {
                let a = atoms.species[i];
                let mut change: Series = [0.0; 5];
                for nb in hood.of(i) {
                    let j = nb.j as usize;
                    let f = e.density(a, atoms.species[j], nb.r.norm());
                    let c = compose(&f, &distance_change(&nb.r, &(u[j] - u[i])));
                    for m in 0..4 {
                        change[m + 1] += c[m];
                    }
                }
                along(&derivative(&emb[i]), &change)
            })
            .collect(),
    )
}

/// The series of g(x0 + delta(A)) for g's derivatives [g, g', ..] at x0 and a series
/// delta without constant term.
fn along(g: &[f64; 5], delta: &Series) -> Series {
    let c = compose(g, delta);
    [g[0], c[0], c[1], c[2], c[3]]
}

/// [g', g'', g''', g'''', 0]: the derivatives of g' as far as they are known, so that
/// `along` of it is right to A^3 (the A^4 coefficient, which needs g''''', is not used).
fn derivative(g: &[f64; 5]) -> [f64; 5] {
    [g[1], g[2], g[3], g[4], 0.0]
}

/// The derivatives of 1/x at x = r.
fn reciprocal(r: f64) -> [f64; 5] {
    let s = 1.0 / r;
    [
        s,
        -s * s,
        2.0 * s.powi(3),
        -6.0 * s.powi(4),
        24.0 * s.powi(5),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::toy::toy_eam;
    use super::*;
    use crate::example::test_glass;

    /// U4:::uuu against the second central difference of H(r + A u) u, and
    /// u . U4:::uuu against 24 D4 of the line terms, for 3DIPL and the toy EAM.
    #[test]
    fn fourth_order_gradient_matches_hessian_differences() {
        let mode = test_glass(0);
        let atoms = mode.atoms();
        let u = &mode.e;
        for pot in [Potential::ipl3d(), toy_eam()] {
            let v = pot.fourth_order_gradient(&atoms, u).expect("test value");
            // Small: a pair crossing the cut-off (where phi''' jumps) spoils a larger step.
            let h = 2e-4;
            let hu = |a: f64| {
                let p: Vec<Vector3<f64>> = mode
                    .positions
                    .iter()
                    .zip(u)
                    .map(|(p, u)| p + u * a)
                    .collect();
                pot.hessian_times(
                    &Atoms {
                        positions: &p,
                        ..atoms
                    },
                    u,
                )
                .expect("test value")
            };
            // Second differences at h and h/2, Richardson-extrapolated (error O(h^4)).
            let zero = hu(0.0);
            let second = |h: f64| {
                let (up, down) = (hu(h), hu(-h));
                (0..atoms.len())
                    .map(|k| (up[k] - zero[k] * 2.0 + down[k]) / (h * h))
                    .collect::<Vec<_>>()
            };
            let (coarse, fine) = (second(h), second(h / 2.0));
            let scale = v.iter().map(|x| x.norm()).fold(0.0, f64::max);
            let worst = (0..atoms.len())
                .map(|k| ((fine[k] * 4.0 - coarse[k]) / 3.0 - v[k]).norm())
                .fold(0.0, f64::max);
            assert!(
                worst < 1e-4 * scale,
                "{}: worst {worst} of {scale}",
                pot.name
            );
            let chi: f64 = v.iter().zip(u).map(|(v, u)| v.dot(u)).sum();
            let terms = pot.line_terms(&atoms, u, 0.0).expect("test value");
            let d4: f64 = (0..terms.len()).map(|k| terms.taylor(k)[3]).sum();
            assert!(
                (chi - 24.0 * d4).abs() < 1e-10 * chi.abs(),
                "{}: {chi} vs {}",
                pot.name,
                24.0 * d4
            );
        }
    }
}
