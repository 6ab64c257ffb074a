//! Physics invariants on the real modes of the example glass: forces vanish, the Taylor
//! D2 is half the eigenvalue, D_k agree with finite differences of the total energy, and
//! the results transform correctly under rotations, axis permutations and e -> -e.

mod common;

use common::{example_mode, example_modes, potential};
use nalgebra::Matrix3;
use softmode::analysis::neighbours::pairs_within;
use softmode::analysis::{Analysis, Analyzer, Settings};
use softmode::{Cell, Mode};

fn analyse(mode: Mode, settings: &Settings) -> Analysis {
    Analyzer::new(mode, potential())
        .run(settings)
        .expect("analysis")
}

#[test]
fn forces_vanish_and_d2_is_half_the_eigenvalue() {
    for mode in example_modes() {
        let frame = mode.frame;
        let a = analyse(mode, &Settings::default());
        assert!(
            a.d_inf[0].abs() < 1e-9,
            "m{frame}: D1(inf) = {}",
            a.d_inf[0]
        );
        let rel = (2.0 * a.d_inf[1] - a.core.omega2_ehe).abs() / a.core.omega2_ehe;
        assert!(
            rel < 1e-9,
            "m{frame}: 2 D2 = {} vs e.H.e = {}",
            2.0 * a.d_inf[1],
            a.core.omega2_ehe
        );
        assert!(
            a.core.eigen_residual < 1e-8,
            "m{frame}: residual {}",
            a.core.eigen_residual
        );
        // The file's omega2 is the eigenvalue of the same Hessian.
        assert!((a.omega2 - a.core.omega2_ehe).abs() < 1e-9 * a.omega2);
    }
}

/// Total energy of the glass displaced by A e, summed independently of the analysis.
fn total_energy(mode: &Mode, a: f64) -> f64 {
    let pot = potential();
    let pairs = pairs_within(&mode.atoms(), pot.max_cutoff() + 0.5).expect("pairs");
    pairs
        .iter()
        .map(|p| {
            let (i, j) = (p.i as usize, p.j as usize);
            let r = mode.cell.delta(&mode.positions[i], &mode.positions[j])
                + (mode.e[j] - mode.e[i]) * a;
            let atom = |k: usize| softmode::potential::Atom::of(mode.species[k]);
            pot.pair.derivatives(atom(i), atom(j), r.norm())[0]
        })
        .sum()
}

#[test]
fn taylor_coefficients_match_finite_differences_of_the_total_energy() {
    let mode = example_mode(3);
    let a = analyse(mode.clone(), &Settings::default());
    let h = 0.02;
    let e = |k: f64| total_energy(&mode, k * h);
    let d2 = (e(1.0) - 2.0 * e(0.0) + e(-1.0)) / (h * h) / 2.0;
    let d3 = (e(2.0) - 2.0 * e(1.0) + 2.0 * e(-1.0) - e(-2.0)) / (2.0 * h * h * h) / 6.0;
    let d4 = (e(2.0) - 4.0 * e(1.0) + 6.0 * e(0.0) - 4.0 * e(-1.0) + e(-2.0)) / h.powi(4) / 24.0;
    // Central differences are accurate to O(h^2) times the next coefficients.
    assert!(
        (a.d_inf[1] - d2).abs() < 1e-3 * a.d_inf[3].abs(),
        "D2 {} vs {d2}",
        a.d_inf[1]
    );
    assert!(
        (a.d_inf[2] - d3).abs() < 2e-2 * a.d_inf[3].abs(),
        "D3 {} vs {d3}",
        a.d_inf[2]
    );
    assert!(
        (a.d_inf[3] - d4).abs() < 2e-2 * a.d_inf[3].abs(),
        "D4 {} vs {d4}",
        a.d_inf[3]
    );
}

/// The mode with positions and e mapped by `map`, box lengths permuted by `lengths`.
fn transformed(mode: &Mode, rot: &Matrix3<f64>, lengths: [f64; 3]) -> Mode {
    let cell = Cell::new(lengths);
    let positions = mode
        .positions
        .iter()
        .map(|p| cell.wrap(&(rot * p)))
        .collect();
    let e = mode.e.iter().map(|v| rot * v).collect();
    Mode::new(
        "rotated",
        mode.frame,
        positions,
        mode.species.clone(),
        cell,
        e,
        mode.omega2_file,
    )
    .expect("mode")
}

fn assert_covariant(a: &Analysis, b: &Analysis, rot: &Matrix3<f64>) {
    for k in 0..4 {
        assert!(
            (a.d_inf[k] - b.d_inf[k]).abs() < 1e-9 * (1.0 + a.d_inf[k].abs()),
            "D{}",
            k + 1
        );
    }
    assert_eq!(a.r_in, b.r_in);
    assert_eq!(a.core.centre.start_atom, b.core.centre.start_atom);
    let (pa, pb) = (
        a.dipole.as_ref().expect("fit"),
        b.dipole.as_ref().expect("fit"),
    );
    assert_eq!(pa.n_atoms, pb.n_atoms);
    let expected = rot * pa.p * rot.transpose();
    assert!(
        (expected - pb.p).norm() < 1e-8 * pa.p.norm(),
        "P' = R P R^T:\n{expected}\n{}",
        pb.p
    );
    for k in 0..3 {
        assert!((pa.principal.values[k] - pb.principal.values[k]).abs() < 1e-8 * pa.p.norm());
    }
    for (x, y) in [
        (a.f_r, b.f_r),
        (a.k, b.k),
        (a.radial_fraction, b.radial_fraction),
        (a.lambda_t, b.lambda_t),
    ] {
        let (x, y) = (x.expect("defined"), y.expect("defined"));
        assert!((x - y).abs() < 1e-8 * x.abs(), "{x} vs {y}");
    }
}

#[test]
fn rotation_and_permutation_transform_p_as_a_tensor() {
    let mode = example_mode(0);
    let l = mode.cell.lengths;
    let a = analyse(mode.clone(), &Settings::default());
    // 90 degrees about z: (x, y, z) -> (-y, x, z).
    let rot_z = Matrix3::new(0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0);
    let b = analyse(
        transformed(&mode, &rot_z, [l[1], l[0], l[2]]),
        &Settings::default(),
    );
    assert_covariant(&a, &b, &rot_z);
    // Cyclic permutation: (x, y, z) -> (y, z, x).
    let perm = Matrix3::new(0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0);
    let c = analyse(
        transformed(&mode, &perm, [l[1], l[2], l[0]]),
        &Settings::default(),
    );
    assert_covariant(&a, &c, &perm);
}

#[test]
fn flipping_e_flips_p_and_the_odd_coefficients() {
    let mode = example_mode(1);
    let a = analyse(mode.clone(), &Settings::default());
    let b = analyse(
        mode,
        &Settings {
            flip: true,
            ..Settings::default()
        },
    );
    let (pa, pb) = (
        &a.dipole.as_ref().expect("fit").p,
        &b.dipole.as_ref().expect("fit").p,
    );
    assert!((pa + pb).norm() < 1e-12 * pa.norm());
    for (k, sign) in [(0, -1.0), (1, 1.0), (2, -1.0), (3, 1.0)] {
        assert!((a.d_inf[k] - sign * b.d_inf[k]).abs() < 1e-10 * (1.0 + a.d_inf[k].abs()));
    }
    assert_eq!(a.r_in, b.r_in);
    assert!((a.f_r.expect("f_r") - b.f_r.expect("f_r")).abs() < 1e-9);
}

#[test]
fn fit_shell_past_half_the_box_is_reported() {
    let mode = example_mode(0);
    let half = mode.cell.half_min_length();
    let mut an = Analyzer::new(mode, potential());
    let inside = an
        .run(&Settings {
            r_s: 3.0,
            d_fit: 2.0,
            ..Settings::default()
        })
        .expect("analysis");
    assert!(3.0 + 2.0 < half && !inside.beyond_half_box);
    assert!(!inside.warnings.iter().any(|w| w.contains("half the box")));
    let outside = an.run(&Settings::default()).expect("analysis");
    assert!(6.0 + 2.0 > half && outside.beyond_half_box);
    assert!(
        outside
            .warnings
            .iter()
            .any(|w| w.contains("beyond half the box")),
        "{:?}",
        outside.warnings
    );
    // The scan marks exactly the shells that reach past L/2.
    for p in &outside.dipole_scan {
        assert_eq!(p.beyond_half_box, p.r_s + 2.0 > half, "r_s = {}", p.r_s);
    }
}

#[test]
fn r_c_lookup_agrees_with_the_grid_curves() {
    let a = analyse(example_mode(2), &Settings::default());
    for (k, rc) in a.curves.r_c.iter().enumerate() {
        assert_eq!(a.d_at(*rc), a.curves.d[k]);
    }
    // Far outside every atom the core is the whole mode.
    for (all, inf) in a.d_at(1e6).iter().zip(&a.d_inf) {
        assert!((all - inf).abs() < 1e-9 * (1.0 + inf.abs()));
    }
}

#[test]
fn tiled_glass_keeps_the_eigenvalue() {
    // A periodic copy of an eigenvector is an eigenvector of the tiled glass.
    let mode = example_mode(0).tiled([2, 1, 1]);
    let a = analyse(
        mode,
        &Settings {
            r_s: 3.0,
            ..Settings::default()
        },
    );
    assert!(a.core.eigen_residual < 1e-8);
    assert!((2.0 * a.d_inf[1] - a.omega2).abs() < 1e-9 * a.omega2);
}

#[test]
fn half_weight_and_omega_term_switches() {
    let mode = example_mode(0);
    let mut an = Analyzer::new(mode, potential());
    let full = an.run(&Settings::default()).expect("analysis");
    let half = an
        .run(&Settings {
            half_weight: true,
            ..Settings::default()
        })
        .expect("analysis");
    // The whole mode has no outside: both weightings agree at infinity ...
    for (a, b) in full.d_inf.iter().zip(&half.d_inf) {
        assert!((a - b).abs() < 1e-12 * (1.0 + a.abs()));
    }
    // ... and inside, half weight lies between the core-core pairs and the full sum.
    let k = full
        .curves
        .r_c
        .iter()
        .position(|&r| r == 1.9)
        .expect("grid point");
    assert!(half.curves.d[k][3] < full.curves.d[k][3]);
    assert!(half.fig1.e != full.fig1.e);

    let omega = an
        .run(&Settings {
            omega_term: true,
            ..Settings::default()
        })
        .expect("analysis");
    let (with, without) = (
        omega.curves.d2_elastic.expect("el"),
        full.curves.d2_elastic.clone().expect("el"),
    );
    for (a, b) in with.iter().zip(&without) {
        assert!((a - b - full.omega2 / 2.0).abs() < 1e-9 * (1.0 + a.abs()));
    }
}

#[test]
fn invalid_settings_are_rejected_by_name() {
    let mut an = Analyzer::new(example_mode(0), potential());
    for (s, name) in [
        (
            Settings {
                n_a: 3,
                ..Settings::default()
            },
            "n_A",
        ),
        (
            Settings {
                shell_d: 0.0,
                ..Settings::default()
            },
            "shell_d",
        ),
        (
            Settings {
                a_max: f64::NAN,
                ..Settings::default()
            },
            "A_max",
        ),
        (
            Settings {
                shear: Some(-1.0),
                ..Settings::default()
            },
            "G",
        ),
    ] {
        let err = an.run(&s).expect_err("invalid").to_string();
        assert!(err.contains(name), "{err}");
    }
}

#[test]
fn analyzer_reports_when_the_first_stage_is_cached() {
    let mut an = softmode::analysis::Analyzer::new(common::example_mode(3), common::potential());
    let s = softmode::analysis::Settings::default();
    assert!(!an.is_cached(&s));
    let a = an.run(&s).expect("run");
    assert!(an.is_cached(&s));
    // dipole, shells and r_c settings reuse the first stage; method and flip do not
    let cheap = softmode::analysis::Settings {
        r_s: 5.0,
        d_fit: 1.5,
        shell_d: 0.25,
        fig1_r_c: 2.5,
        ..s.clone()
    };
    assert!(an.is_cached(&cheap));
    assert!(!an.is_cached(&softmode::analysis::Settings {
        flip: true,
        ..s.clone()
    }));
    assert!(!an.is_cached(&softmode::analysis::Settings {
        method: softmode::analysis::Method::Fit,
        ..s.clone()
    }));
    // the D4 band that defines r_in
    let (lo, hi) = a.d4_band();
    assert!((hi - lo - 2.0 * s.r_in_band * a.d4().abs()).abs() < 1e-12);
    assert!(((lo + hi) / 2.0 - a.d4()).abs() < 1e-12);
    // Fig. 1's curves pass through the fitted and Taylor coefficients at A = 0
    let mid = a.fig1.fit_curve(3)[1];
    assert!(mid[0].abs() < 1e-12 && (mid[1] - a.fig1.fit[0]).abs() < 1e-12);
    assert_eq!(a.fig1.taylor_curve(3)[1][1], 0.0);
}

#[test]
fn progress_reaches_one_and_a_cancelled_run_keeps_the_cache() {
    use softmode::analysis::Progress;
    let mut an = Analyzer::new(example_mode(3), potential());
    let s = Settings::default();
    let p = Progress::default();
    let a = an.run_with(&s, &p).expect("run");
    assert_eq!(p.fraction(), 1.0);
    // a cancelled run of other first-stage settings fails and keeps the old stage
    let fit = Settings {
        method: softmode::analysis::Method::Fit,
        ..s.clone()
    };
    let stop = Progress::default();
    stop.cancel();
    let err = an.run_with(&fit, &stop).expect_err("cancelled");
    assert!(matches!(err, softmode::Error::Cancelled), "{err}");
    assert!(an.is_cached(&s) && !an.is_cached(&fit));
    assert_eq!(an.run(&s).expect("rerun").n_e, a.n_e);
}
