//! Modes from a configuration (ANALYSIS.md section 13) against the example glass's own
//! eigenpairs (scipy shift-invert Lanczos on an independent NumPy Hessian,
//! `ipl2000_g1_info.json`), invariance under translation, the minimiser and bad input.

mod common;

use nalgebra::Vector3;
use softmode::analysis::progress::Progress;
use softmode::modes::{
    force_tolerance, largest_force, lowest_modes, lowest_modes_by, minimise, Modes, Route,
};
use softmode::potential::Units;
use softmode::Mode;

fn info() -> serde_json::Value {
    let text = std::fs::read_to_string(common::data("ipl2000_g1_info.json")).expect("info file");
    serde_json::from_str(&text).expect("info JSON")
}

fn modes_of(mode: &Mode, k: usize, route: Route) -> Modes {
    let pot = common::potential();
    let masses = mode.masses_for(&pot);
    lowest_modes_by(&pot, &mode.atoms(), &masses, k, route, &Progress::default()).expect("modes")
}

/// Both routes: the factor's and the factorisation-free one.
const ROUTES: [Route; 2] = [Route::ShiftInvert, Route::Filtered];

fn overlap(a: &[Vector3<f64>], b: &[Vector3<f64>]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x.dot(y)).sum()
}

/// Groups of consecutive indices whose omega2 agree to 1e-6 relative (degenerate).
fn degenerate_groups(omega2: &[f64]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, w) in omega2.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if (w - omega2[g[0]]).abs() < 1e-6 * w.abs() => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

#[test]
fn eigenpairs_match_the_reference() {
    for route in ROUTES {
        eigenpairs_match_the_reference_by(route);
    }
}

fn eigenpairs_match_the_reference_by(route: Route) {
    let file_modes = common::example_modes();
    let eigs: Vec<f64> = info()["all_eigs"]
        .as_array()
        .expect("all_eigs")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect();
    let reference = &eigs[3..]; // the three zero translations first
    let ours = modes_of(&file_modes[0], reference.len(), route);
    eprintln!("{route:?}: {}", ours.route);
    assert_eq!(ours.pairs.len(), reference.len());
    let mut worst = 0.0f64;
    for (p, want) in ours.pairs.iter().zip(reference) {
        let rel = (p.omega2 - want).abs() / want;
        worst = worst.max(rel);
        assert!(rel < 1e-9, "omega2 {} vs {want} ({rel:e})", p.omega2);
        assert!(p.residual < 1e-9, "residual {:e}", p.residual);
        let norm = p.e.iter().map(|v| v.norm_squared()).sum::<f64>();
        assert!((norm - 1.0).abs() < 1e-12);
    }
    eprintln!("largest relative omega2 deviation from scipy: {worst:e}");
    let omega2: Vec<f64> = ours.pairs.iter().map(|p| p.omega2).collect();
    for group in degenerate_groups(&omega2[..file_modes.len()]) {
        // Each file vector lies in the span of our group (a subspace for a degenerate one).
        for &i in &group {
            let inside: f64 = group
                .iter()
                .map(|&j| overlap(&ours.pairs[j].e, &file_modes[i].e).powi(2))
                .sum::<f64>()
                .sqrt();
            assert!(inside > 1.0 - 1e-9, "mode {i}: overlap {inside}");
            if group.len() == 1 {
                let o = overlap(&ours.pairs[i].e, &file_modes[i].e);
                assert!(
                    o > 1.0 - 1e-9,
                    "mode {i}: same sign convention, overlap {o}"
                );
            }
        }
    }
    for (p, m) in ours
        .pairs
        .iter()
        .zip(info()["modes"].as_array().expect("modes"))
    {
        let ne = m["Ne"].as_f64().expect("Ne");
        assert!((p.n_e - ne).abs() < 1e-8 * ne, "N_e {} vs {ne}", p.n_e);
    }
}

#[test]
fn translations_never_appear_and_a_shift_changes_nothing() {
    let glass = common::example_mode(0);
    let ours = modes_of(&glass, 4, Route::Auto);
    for p in &ours.pairs {
        let sum: Vector3<f64> = p.e.iter().sum();
        // Unit masses: the translation along t is (1/sqrt N) t for every atom.
        assert!(sum.norm() / (glass.n_atoms() as f64).sqrt() < 1e-12);
        assert!(p.omega2 > 0.5, "a zero mode slipped in: {}", p.omega2);
    }
    let mut shifted = glass.clone();
    let shift = Vector3::new(0.37, -1.1, 29.3);
    for p in &mut shifted.positions {
        *p += shift;
    }
    for route in ROUTES {
        let moved = modes_of(&shifted, 4, route);
        for (a, b) in ours.pairs.iter().zip(&moved.pairs) {
            assert!((a.omega2 - b.omega2).abs() < 1e-11 * a.omega2);
            assert!(overlap(&a.e, &b.e).abs() > 1.0 - 1e-9);
        }
    }
}

/// A small deterministic generator.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

#[test]
fn a_displaced_glass_returns_to_its_minimum() {
    let glass = common::example_mode(0);
    let pot = common::potential();
    let energy0 = info()["energy"].as_f64().expect("energy");
    let mut rng = Lcg(42);
    let noise: Vec<Vector3<f64>> = (0..glass.n_atoms())
        .map(|_| Vector3::new(rng.next(), rng.next(), rng.next()) * 1e-3)
        .collect();
    let mean = noise.iter().sum::<Vector3<f64>>() / noise.len() as f64;
    let mut displaced = glass.clone();
    for ((p, e), d) in displaced.positions.iter_mut().zip(&glass.e).zip(&noise) {
        *p += e * 0.3 + (d - mean);
    }
    let start = largest_force(&pot, &displaced.atoms()).expect("forces");
    assert!(
        start.force > 1e-2,
        "the displacement matters: {}",
        start.force
    );
    let tol = force_tolerance(Units::Lj);
    let m = minimise(&pot, &displaced.atoms(), tol, &Progress::default()).expect("minimised");
    assert!(m.largest_force.force < tol);
    assert!(
        (m.energy - energy0).abs() < 1e-10 * energy0.abs(),
        "energy {} vs {energy0}",
        m.energy
    );
    let worst = m
        .positions
        .iter()
        .zip(&glass.positions)
        .map(|(a, b)| glass.cell.delta(a, b).norm())
        .fold(0.0, f64::max);
    assert!(worst < 1e-6, "positions off by {worst:e}");
    eprintln!(
        "minimiser: {} FIRE + {} Newton steps, largest force {:e}, positions within {worst:e}",
        m.fire_steps, m.newton_steps, m.largest_force.force
    );
}

#[test]
fn bad_input_gives_clear_errors() {
    let glass = common::example_mode(0);
    let pot = common::potential();
    let masses = glass.masses_for(&pot);
    let progress = Progress::default();

    let too_many = 3 * glass.n_atoms() - 2;
    let err = lowest_modes(&pot, &glass.atoms(), &masses, too_many, &progress)
        .expect_err("k too large")
        .to_string();
    assert!(err.contains("5997"), "{err}");

    let mut overlapping = glass.clone();
    overlapping.positions[1] = overlapping.positions[0];
    let err = lowest_modes(&pot, &overlapping.atoms(), &masses, 3, &progress)
        .expect_err("overlapping atoms")
        .to_string();
    assert!(err.contains("atoms 0 and 1"), "{err}");

    let mut foreign = glass.clone();
    foreign.species[5] = 2;
    let err = lowest_modes(&pot, &foreign.atoms(), &masses, 3, &progress)
        .expect_err("species not covered")
        .to_string();
    assert!(err.contains("atom 5") && err.contains("species"), "{err}");

    let err = minimise(&pot, &foreign.atoms(), 1e-10, &progress)
        .expect_err("species not covered")
        .to_string();
    assert!(err.contains("atom 5"), "{err}");
}

#[test]
fn a_mass_that_is_not_positive_is_refused() {
    let glass = common::example_mode(0);
    let pot = common::potential();
    let mut masses = glass.masses_for(&pot);
    masses[3] = -1.0;
    let err = lowest_modes(&pot, &glass.atoms(), &masses, 3, &Progress::default())
        .expect_err("negative mass")
        .to_string();
    assert!(err.contains("atom 3") && err.contains("mass"), "{err}");
}

/// The Kob-Andersen and Cu-Zr glasses made with LAMMPS (`../shared/data`): their
/// configurations, read as configurations and solved with their own LAMMPS potential
/// files, give scipy's eigenvalues (`*_info.json`, all_eigs) and the files' eigenvectors,
/// masses included (Cu-Zr: metal units, amu).
#[test]
fn lammps_glasses_give_their_files_modes() {
    for name in ["ka2000", "cuzr2000"] {
        let lammps = common::shared_data(&format!("{name}.lammps"));
        let pot = softmode::potential::load(&lammps.display().to_string()).expect("potential");
        let path = common::shared_data(&format!("{name}.extxyz.gz"));
        let opts = softmode::io::ReadOptions::default();
        let files = softmode::io::read_modes(&path, &opts, &pot.species()).expect("modes");
        let config = softmode::io::read_config(&path, &opts, &pot.species()).expect("config");
        let computed = softmode::modes::of_configuration(
            &pot,
            &path,
            config,
            softmode::modes::Request {
                k: files.len(),
                ..Default::default()
            },
            &Progress::default(),
        )
        .expect("computed modes");
        let text = std::fs::read_to_string(common::shared_data(&format!("{name}_info.json")))
            .expect("info");
        let info: serde_json::Value = serde_json::from_str(&text).expect("info JSON");
        let eigs = info["all_eigs"].as_array().expect("all_eigs");
        for (k, (ours, file)) in computed.modes.iter().zip(&files).enumerate() {
            let want = eigs[k + 3].as_f64().expect("number");
            let got = ours.omega2_file.expect("omega2");
            assert!(
                (got - want).abs() < 1e-9 * want,
                "{name} mode {k}: omega2 {got} vs scipy {want}"
            );
            let o = overlap(&ours.e, &file.e);
            assert!(o > 1.0 - 1e-9, "{name} mode {k}: overlap {o}");
            assert_eq!(ours.masses, file.masses, "{name}: masses carried over");
        }
    }
}

/// The lowest 20 modes of a Lennard-Jones fcc crystal (256 atoms, L = 4a) against lattice
/// dynamics: D(k) = sum_R (1 - cos k.R) [phi'' RR/r^2 + phi'/r (I - RR/r^2)] at the
/// crystal's 256 wave vectors. They include a 12-fold degenerate transverse level, more
/// than one block of the Lanczos solver holds.
#[test]
fn an_fcc_crystal_has_its_phonon_frequencies() {
    use common::crystal::{lattice_vectors, lj, Crystal, LjCut};
    use nalgebra::{Matrix3, SymmetricEigen};
    use softmode::potential::{Atom, PairFunctions};

    let (a, rc) = (1.5496, 2.5);
    let crystal = Crystal::fcc(4, a);
    let (atoms, positions) = (crystal.atoms(), &crystal.positions);
    let k = 20;
    let masses = vec![1.0; positions.len()];
    let progress = Progress::default();
    let got = ROUTES.map(|route| {
        lowest_modes_by(&lj(), &atoms, &masses, k, route, &progress).expect("modes of the crystal")
    });

    let pot = LjCut { rc };
    let vectors = lattice_vectors(a, rc);
    let mut spectrum = Vec::new();
    // Wave vectors 2 pi n / L modulo fcc's reciprocal lattice (n ~ n + 8 e_i ~ n + (4,4,4)).
    for n1 in 0..4 {
        for n2 in 0..8 {
            for n3 in 0..8 {
                let q = Vector3::new(n1 as f64, n2 as f64, n3 as f64)
                    * (2.0 * std::f64::consts::PI / (4.0 * a));
                let d: Matrix3<f64> = vectors
                    .iter()
                    .map(|r| {
                        let d = r.norm();
                        let phi = pot.derivatives(Atom::of(0), Atom::of(0), d);
                        let rr = r * r.transpose() / (d * d);
                        (rr * phi[2] + (Matrix3::identity() - rr) * (phi[1] / d))
                            * (1.0 - q.dot(r).cos())
                    })
                    .sum();
                spectrum.extend(SymmetricEigen::new(d).eigenvalues.iter().copied());
            }
        }
    }
    spectrum.sort_by(f64::total_cmp);
    assert!(
        spectrum[..3].iter().all(|w| w.abs() < 1e-10),
        "translations"
    );
    assert!(
        (spectrum[3] - spectrum[14]).abs() < 1e-9 * spectrum[3],
        "12-fold transverse level"
    );
    for (modes, route) in got.iter().zip(ROUTES) {
        for (pair, want) in modes.pairs.iter().zip(&spectrum[3..3 + k]) {
            assert!(
                (pair.omega2 - want).abs() < 1e-9 * want,
                "{route:?}: omega2 {} vs lattice dynamics {want}",
                pair.omega2
            );
        }
    }
}

/// A stretched fcc crystal (nearest neighbours at 1.34 sigma, past the inflection point
/// of the Lennard-Jones pair at 1.24 sigma) has zero forces by symmetry but negative
/// omega2: a stationary point that is not a minimum. Both routes say so.
#[test]
fn a_stretched_crystal_is_not_a_minimum_on_either_route() {
    use common::crystal::{lj, Crystal};
    let crystal = Crystal::fcc(4, 1.9);
    let atoms = crystal.atoms();
    let pot = lj();
    let force = largest_force(&pot, &atoms).expect("forces");
    assert!(force.force < 1e-12, "a stationary point: {}", force.force);
    let masses = vec![1.0; crystal.positions.len()];
    for route in ROUTES {
        let err = lowest_modes_by(&pot, &atoms, &masses, 5, route, &Progress::default())
            .expect_err("not a minimum")
            .to_string();
        assert!(err.contains("not a minimum"), "{route:?}: {err}");
    }
}
