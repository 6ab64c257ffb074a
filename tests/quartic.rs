//! Quartic modes (ANALYSIS.md section 15) of the 3DIPL glass from its lowest normal modes.

use std::path::{Path, PathBuf};
use std::time::Instant;

use nalgebra::Vector3;
use softmode::io::{read_all, ReadOptions};
use softmode::potential::neighbours::pairs_within;
use softmode::potential::{Atoms, Potential};
use softmode::quartic::{quartic_modes, QuarticSettings};
use softmode::Mode;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn glass() -> Vec<Mode> {
    read_all(
        &data("ipl2000_g1.extxyz.gz"),
        &ReadOptions::default(),
        &Potential::ipl3d().species(),
    )
    .expect("test value")
}

/// The total energy at r + A u.
fn energy_along(pot: &Potential, atoms: &Atoms, u: &[Vector3<f64>], a: f64) -> f64 {
    let p: Vec<Vector3<f64>> = atoms
        .positions
        .iter()
        .zip(u)
        .map(|(p, u)| p + u * a)
        .collect();
    pot.energies(&Atoms {
        positions: &p,
        ..*atoms
    })
    .expect("test value")
    .iter()
    .sum()
}

/// Section 15's pair formula for chi: each pair adds phi'''' x^4 + 6 phi''' x^2 p / r
/// + phi'' (3 p^2 - 12 x^2 p) / r^2 + 3 phi' p (4 x^2 - p) / r^3.
fn chi_pair_formula(pot: &Potential, atoms: &Atoms, u: &[Vector3<f64>]) -> f64 {
    let pairs = pairs_within(atoms, pot.max_cutoff()).expect("test value");
    pairs
        .iter()
        .map(|pr| {
            let (i, j) = (pr.i as usize, pr.j as usize);
            let r = pr.r.norm();
            let phi = pot
                .pair
                .derivatives(atoms.atom(pot, i), atoms.atom(pot, j), r);
            let z = u[j] - u[i];
            let x = pr.r.dot(&z) / r;
            let p = z.norm_squared() - x * x;
            phi[4] * x.powi(4)
                + 6.0 * phi[3] * x * x * p / r
                + phi[2] * (3.0 * p * p - 12.0 * x * x * p) / (r * r)
                + 3.0 * phi[1] * p * (4.0 * x * x - p) / r.powi(3)
        })
        .sum()
}

#[test]
fn quartic_modes_of_the_ipl_glass() {
    let modes = glass();
    let pot = Potential::ipl3d();
    let atoms = modes[0].atoms();
    let masses = modes[0].masses_for(&pot);
    let starts: Vec<Vec<Vector3<f64>>> = modes.iter().take(4).map(|m| m.e.clone()).collect();
    let clock = Instant::now();
    let found = quartic_modes(
        &pot,
        &atoms,
        &masses,
        &starts,
        &QuarticSettings::default(),
        &softmode::analysis::progress::Progress::default(),
    )
    .expect("test value");
    eprintln!(
        "{} quartic modes from {} normal modes in {:.1} s",
        found.len(),
        starts.len(),
        clock.elapsed().as_secs_f64()
    );
    assert!(!found.is_empty());
    for (n, q) in found.iter().enumerate() {
        eprintln!(
            "q{n} from m{}: kappa {:.6} chi {:.4} kappa^2/chi {:.6e} (start {:.6e}), {} iterations, residual {:.2e}, {:.1} s",
            q.start, q.kappa, q.chi, q.ratio(), q.start_ratio, q.iterations, q.residual, q.seconds
        );
        assert!(q.converged, "{:?}", q.warning);
        assert!(q.residual < 1e-8, "q{n}: residual {:.2e}", q.residual);
        assert!(
            q.ratio() <= q.start_ratio * (1.0 + 1e-12),
            "q{n}: {} > {}",
            q.ratio(),
            q.start_ratio
        );
        for other in &found[..n] {
            let overlap: f64 = q.pi.iter().zip(&other.pi).map(|(a, b)| a.dot(b)).sum();
            assert!(overlap.abs() < 0.99, "q{n}: overlap {overlap}");
        }
        let norm: f64 = q.pi.iter().map(|v| v.norm_squared()).sum();
        let drift: Vector3<f64> = q.pi.iter().sum();
        assert!((norm - 1.0).abs() < 1e-12 && drift.norm() < 1e-12);
    }
    // kappa and chi of the first against finite differences of the energy along u = pi
    // (unit masses), Richardson-extrapolated, and chi against section 15's pair formula.
    let q = &found[0];
    let u = &q.pi;
    let e = |a: f64| energy_along(&pot, &atoms, u, a);
    let e0 = e(0.0);
    let second = |h: f64| (e(h) - 2.0 * e0 + e(-h)) / (h * h);
    let fourth =
        |h: f64| (e(2.0 * h) - 4.0 * e(h) + 6.0 * e0 - 4.0 * e(-h) + e(-2.0 * h)) / h.powi(4);
    let kappa = (4.0 * second(1e-3) - second(2e-3)) / 3.0;
    let chi = (4.0 * fourth(0.005) - fourth(0.01)) / 3.0;
    eprintln!("kappa {} vs {kappa}; chi {} vs {chi}", q.kappa, q.chi);
    assert!(
        (q.kappa - kappa).abs() < 1e-5 * q.kappa,
        "kappa {} vs {kappa}",
        q.kappa
    );
    assert!((q.chi - chi).abs() < 1e-3 * q.chi, "chi {} vs {chi}", q.chi);
    let formula = chi_pair_formula(&pot, &atoms, u);
    assert!(
        (q.chi - formula).abs() < 1e-10 * q.chi,
        "chi {} vs formula {formula}",
        q.chi
    );
}

/// A cancelled computation stops with `Error::Cancelled` (the window's Cancel).
#[test]
fn a_cancelled_quartic_computation_stops() {
    let modes = glass();
    let pot = Potential::ipl3d();
    let progress = softmode::analysis::progress::Progress::default();
    progress.cancel();
    let starts = vec![modes[0].e.clone()];
    let got = quartic_modes(
        &pot,
        &modes[0].atoms(),
        &modes[0].masses_for(&pot),
        &starts,
        &QuarticSettings::default(),
        &progress,
    );
    assert!(
        matches!(got, Err(softmode::Error::Cancelled)),
        "{:?}",
        got.map(|f| f.len())
    );
}
