//! Elastic moduli (ANALYSIS.md section 14): a Lennard-Jones fcc crystal against its
//! closed-form lattice sums, and the 3DIPL glass against the finite-strain measurement.

use std::path::{Path, PathBuf};
use std::time::Instant;

use nalgebra::Matrix6;
use softmode::elastic_moduli::{elastic_moduli, finite_strain_moduli};
use softmode::io::{read_frame, ReadOptions};
use softmode::potential::{Atom, PairFunctions, Potential};

mod common;
use common::crystal::{lattice_vectors, lj, Crystal, LjCut};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// C11, C12, C44 and p of the fcc lattice by lattice sums over the neighbours of one
/// atom (atomic volume a^3/4): C_eta = (1/2 Omega) sum (phi'' - phi'/R) R^4 components / R^2,
/// sigma = (1/2 Omega) sum phi' R R / R = -p 1, and the stress terms of an isotropic
/// pressure: C11 = C_eta11 - p, C12 = C_eta12 + p, C44 = C_eta44 - p.
fn lattice_sums(pot: &LjCut, a: f64) -> (f64, f64, f64, f64) {
    let omega = a * a * a / 4.0;
    let (mut c11, mut c12, mut c44, mut s11) = (0.0, 0.0, 0.0, 0.0);
    for r in lattice_vectors(a, pot.rc) {
        let d = r.norm();
        let phi = pot.derivatives(Atom::of(0), Atom::of(0), d);
        let w = (phi[2] - phi[1] / d) / (d * d);
        c11 += w * r.x.powi(4);
        c12 += w * r.x * r.x * r.y * r.y;
        c44 += w * r.y * r.y * r.z * r.z;
        s11 += phi[1] * r.x * r.x / d;
    }
    let f = 1.0 / (2.0 * omega);
    let p = -s11 * f;
    (c11 * f - p, c12 * f + p, c44 * f - p, p)
}

#[test]
fn lj_fcc_crystal_has_its_lattice_sum_constants() {
    let pot = lj();
    // Away from zero pressure, so that the stress terms count.
    for a in [1.5496, 1.60] {
        let crystal = Crystal::fcc(4, a);
        let atoms = crystal.atoms();
        let m = elastic_moduli(&pot, &atoms).expect("test value");
        let (c11, c12, c44, p) = lattice_sums(&LjCut { rc: 2.5 }, a);
        let close = |x: f64, y: f64| (x - y).abs() < 1e-10 * y.abs().max(1.0);
        let c = &m.c;
        for i in 0..3 {
            assert!(
                close(c[(i, i)], c11),
                "a {a}: C{i}{i} {} vs {c11}",
                c[(i, i)]
            );
            assert!(
                close(c[(i + 3, i + 3)], c44),
                "a {a}: C44 {} vs {c44}",
                c[(i + 3, i + 3)]
            );
            for j in 0..3 {
                if i != j {
                    assert!(
                        close(c[(i, j)], c12),
                        "a {a}: C{i}{j} {} vs {c12}",
                        c[(i, j)]
                    );
                }
            }
        }
        // Cubic symmetry: nothing else, and no non-affine part in a Bravais lattice.
        for i in 0..6 {
            for j in 0..6 {
                let cubic = i == j || (i < 3 && j < 3);
                assert!(
                    cubic || c[(i, j)].abs() < 1e-10,
                    "a {a}: C{i}{j} = {}",
                    c[(i, j)]
                );
            }
        }
        assert!(m.non_affine.abs().max() < 1e-12, "{}", m.non_affine);
        assert!(close(m.pressure, p), "a {a}: p {} vs {p}", m.pressure);
        eprintln!("fcc a = {a}: C11 {c11:.6} C12 {c12:.6} C44 {c44:.6} p {p:.6}");
    }
}

/// The largest |C_IJ - reference_IJ| relative to the largest |reference_IJ|, and the
/// largest relative deviation of the twelve main components (C11..C33, C12.., C44..).
fn deviations(c: &Matrix6<f64>, reference: &Matrix6<f64>) -> (f64, f64) {
    let whole = (c - reference).abs().max() / reference.abs().max();
    let mut main: f64 = 0.0;
    for i in 0..6 {
        for j in 0..6 {
            if i == j || (i < 3 && j < 3) {
                main = main.max(((c[(i, j)] - reference[(i, j)]) / reference[(i, j)]).abs());
            }
        }
    }
    (whole, main)
}

#[test]
fn ipl_glass_closed_form_matches_finite_strain() {
    let pot = Potential::ipl3d();
    let mode = read_frame(
        &data("ipl2000_g1.extxyz.gz"),
        0,
        &ReadOptions::default(),
        &pot.species(),
    )
    .expect("test value");
    let atoms = mode.atoms();
    let clock = Instant::now();
    let m = elastic_moduli(&pot, &atoms).expect("test value");
    let closed_s = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    let fd = finite_strain_moduli(&pot, &atoms, 1e-5, 1e-11).expect("test value");
    let fd_s = clock.elapsed().as_secs_f64();
    let (whole, main) = deviations(&m.c, &fd);
    eprintln!(
        "3DIPL glass: B {:.4} G {:.4} p {:.4}; closed form {closed_s:.2} s ({} CG iterations), \
         finite strain {fd_s:.2} s; |dC|max/|C|max {whole:.2e}, main components {main:.2e}\nC = {}\nfinite strain = {}",
        m.bulk, m.shear, m.pressure, m.cg_iterations, m.c, fd
    );
    assert!(whole < 1e-3 && main < 1e-3, "{whole:.2e} {main:.2e}");
    // Section 14: G near 14, B clearly above the frozen glasses' 56 (pressure about 20).
    assert!((12.0..16.0).contains(&m.shear), "G = {}", m.shear);
    assert!(m.bulk > 60.0, "B = {}", m.bulk);
    assert!((15.0..25.0).contains(&m.pressure), "p = {}", m.pressure);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    // The non-affine part is real in a glass: it lowers the shear modulus.
    let (_, g_born) = softmode::elastic_moduli::isotropic_averages(&(m.born + m.stress_terms));
    assert!(
        g_born > 1.2 * m.shear,
        "affine G {g_born} vs relaxed {}",
        m.shear
    );
}
