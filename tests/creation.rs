//! The creation energy of ANALYSIS.md section 11 against the reference results in
//! `tests/data/reference_creation/` (frames 0-2 of the example glass), and by
//! self-consistency: forces against finite differences of E_core, the force tolerance
//! after relaxation, and E_p = A_core = 0 at A_out = 0.

use softmode::analysis::progress::Progress;
use std::path::{Path, PathBuf};

use softmode::analysis::creation::{creation, CoreSetup, CreationResult, CreationSettings};
use softmode::analysis::{find_centre, Potential};
use softmode::io::{read_frame, ReadOptions};
use softmode::Mode;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn glass(frame: usize) -> Mode {
    let path = data("ipl2000_g1.extxyz.gz");
    read_frame(
        &path,
        frame,
        &ReadOptions::default(),
        &Potential::ipl3d().species(),
    )
    .expect("example glass")
}

fn reference(frame: usize) -> CreationResult {
    let path = data(&format!("reference_creation/ipl2000_g1_m{frame}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("reference"))
        .expect("parse reference")
}

fn check_against_reference(frame: usize) {
    let mode = glass(frame);
    let progress = Progress::default();
    let got = creation(
        &mode,
        &Potential::ipl3d(),
        &CreationSettings::default(),
        &progress,
    )
    .expect("creation");
    assert_eq!(progress.fraction(), 1.0, "progress: all grid points done");
    let want = reference(frame);
    assert_eq!(got.n_core, want.n_core, "n_core");
    assert_eq!(got.a.len(), want.a.len(), "grid length");
    let mut outside = 0;
    for k in 0..got.a.len() {
        assert!(
            (got.a[k] - want.a[k]).abs() < 1e-12,
            "grid point {k}: {} vs {}",
            got.a[k],
            want.a[k]
        );
        let (de, da) = (
            (got.e[k] - want.e[k]).abs(),
            (got.core_a[k] - want.core_a[k]).abs(),
        );
        if de > 1e-7 || da > 1e-7 {
            outside += 1;
            println!(
                "m{frame} A_out = {:+.2}: E {} vs {} (diff {de:.2e}), core_A {} vs {} (diff {da:.2e})",
                got.a[k], got.e[k], want.e[k], got.core_a[k], want.core_a[k]
            );
        }
    }
    println!(
        "m{frame}: {outside} of {} grid points outside 1e-7; iterations_max {}",
        got.a.len(),
        got.iterations_max
    );
    assert!(
        outside as f64 <= 0.05 * got.a.len() as f64,
        "m{frame}: {outside} points outside 1e-7"
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let rel = |a: Option<f64>, b: Option<f64>| {
        (a.expect("got") - b.expect("want")).abs() / b.expect("want").abs()
    };
    assert!(
        rel(got.e_s, want.e_s) < 1e-6,
        "E_s {:?} vs {:?}",
        got.e_s,
        want.e_s
    );
    assert!(
        rel(got.delta_a, want.delta_a) < 1e-5,
        "Delta_A {:?} vs {:?}",
        got.delta_a,
        want.delta_a
    );
    for (g, w) in [(&got.minus, &want.minus), (&got.plus, &want.plus)] {
        let (g, w) = (g.as_ref().expect("side"), w.as_ref().expect("side"));
        assert!(
            (g.a_out - w.a_out).abs() < 1e-12 && g.interior == w.interior,
            "{g:?} vs {w:?}"
        );
    }
    // The JSON has the reference's names and no NaN.
    let json = serde_json::to_value(&got).expect("json");
    for key in [
        "r_core",
        "n_core",
        "A",
        "E",
        "core_A",
        "linear_term",
        "minus",
        "plus",
        "E_s",
        "Delta_A",
        "iterations_max",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn reference_mode_0() {
    check_against_reference(0);
}

#[test]
fn reference_mode_1() {
    check_against_reference(1);
}

#[test]
fn reference_mode_2() {
    check_against_reference(2);
}

fn setup_of<'a>(mode: &'a Mode, pot: &'a Potential) -> CoreSetup<'a> {
    let s = CreationSettings::default();
    CoreSetup::new(
        mode,
        pot,
        &find_centre(mode, s.r_centre).position,
        s.r_core,
        s.a_out_max,
    )
    .expect("setup")
}

#[test]
fn forces_match_finite_differences() {
    let mode = glass(0);
    let pot = Potential::ipl3d();
    let setup = setup_of(&mode, &pot);
    for a_out in [-2.0, 0.7, 3.0] {
        let mut problem = setup.problem(a_out);
        let x = problem.start();
        let mut g = vec![0.0; x.len()];
        problem.energy_gradient(&x, &mut g);
        let h = 1e-5;
        let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for k in 0..x.len() {
            let (mut xp, mut xm) = (x.clone(), x.clone());
            xp[k] += h;
            xm[k] -= h;
            let fd = (problem.energy(&xp) - problem.energy(&xm)) / (2.0 * h);
            assert!(
                (fd - g[k]).abs() <= 1e-6 * gmax.max(1.0),
                "A_out {a_out}, coordinate {k}: {} vs fd {fd}",
                g[k]
            );
        }
    }
}

#[test]
fn relaxed_forces_below_tolerance_and_zero_at_origin() {
    let pot = Potential::ipl3d();
    let tol = CreationSettings::default().force_tol;
    let mut rebuilds = 0;
    // Mode 2 at A_out = 2.85: two core atoms move by ~0.95 a0, beyond the pair list's
    // half slack, so the list is rebuilt during the relaxation.
    for (frame, a_out) in [
        (1, -3.0),
        (1, -1.45),
        (1, 0.0),
        (1, 2.05),
        (1, 3.0),
        (2, 2.85),
    ] {
        let mode = glass(frame);
        let setup = setup_of(&mode, &pot);
        let r = setup.relax(a_out, tol, None).expect("relax");
        rebuilds += r.rebuilds;
        let mut problem = setup.problem(a_out);
        let mut g = vec![0.0; r.minimum.x.len()];
        problem.energy_gradient(&r.minimum.x, &mut g);
        let fmax = g
            .chunks(3)
            .map(|c| (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]).sqrt())
            .fold(0.0, f64::max);
        assert!(
            r.minimum.converged && fmax < tol,
            "m{frame} A_out {a_out}: largest core force {fmax}"
        );
        if a_out == 0.0 {
            assert!(
                r.e_p.abs() < 1e-12 && r.core_a.abs() < 1e-12,
                "E_p {} A_core {}",
                r.e_p,
                r.core_a
            );
        }
    }
    assert!(rebuilds > 0, "the pair-list rebuild was not exercised");
}

#[test]
fn cancelled_run_is_an_error() {
    let mode = glass(0);
    let progress = Progress::default();
    progress.cancel();
    let r = creation(
        &mode,
        &Potential::ipl3d(),
        &CreationSettings::default(),
        &progress,
    );
    assert!(matches!(r, Err(softmode::Error::Cancelled)));
}

/// The relaxed core kept for the 3D view: one shift per core atom and grid point, zero
/// at A_out = 0, and giving back the reported A_core.
#[test]
fn relaxed_core_shifts_reproduce_core_a() {
    let mode = glass(0);
    let settings = CreationSettings {
        step: 0.5,
        ..CreationSettings::default()
    };
    let r =
        creation(&mode, &Potential::ipl3d(), &settings, &Progress::default()).expect("creation");
    assert_eq!(r.core.len(), r.n_core);
    assert_eq!(r.relaxed_shift.len(), r.a.len());
    let den: f64 = r.core.iter().map(|&i| mode.e[i].norm_squared()).sum();
    for (k, shifts) in r.relaxed_shift.iter().enumerate() {
        assert_eq!(shifts.len(), r.n_core);
        let num: f64 = r
            .core
            .iter()
            .zip(shifts)
            .map(|(&i, u)| u.dot(&mode.e[i]))
            .sum();
        assert!(
            (num / den - r.core_a[k]).abs() < 1e-9,
            "A_out = {}: {} vs {}",
            r.a[k],
            num / den,
            r.core_a[k]
        );
        if r.a[k] == 0.0 {
            assert!(shifts.iter().all(|u| u.norm() < 1e-6));
        }
    }
    // a core shift at a non-zero A_out is not simply A_out e (the core relaxed)
    let last = r.a.len() - 1;
    let moved: f64 = r
        .core
        .iter()
        .zip(&r.relaxed_shift[last])
        .map(|(&i, u)| (u - r.a[last] * mode.e[i]).norm())
        .fold(0.0, f64::max);
    assert!(moved > 1e-4, "{moved}");
}

/// An embedding that adds nothing: 3DIPL with it is the same glass, but its E_core goes
/// through the many-body cluster path (E(X) - E(X without the core)).
#[derive(Debug)]
struct NoEmbedding;

impl softmode::potential::Embedding for NoEmbedding {
    fn cutoff(&self) -> f64 {
        0.0
    }
    fn density(&self, _: u8, _: u8, _: f64) -> [f64; 5] {
        [0.0; 5]
    }
    fn embed(&self, _: u8, _: f64) -> [f64; 5] {
        [0.0; 5]
    }
}

/// The many-body definition of E_core reduces to the pairs with a core atom: the
/// cluster path gives the pair path's E_p and A_core at every grid point.
#[test]
fn many_body_core_energy_equals_the_pair_sum_for_a_pair_potential() {
    let mode = glass(1);
    let settings = CreationSettings {
        step: 0.5,
        ..CreationSettings::default()
    };
    let pair =
        creation(&mode, &Potential::ipl3d(), &settings, &Progress::default()).expect("pairs");
    let many = Potential {
        embedding: Some(std::sync::Arc::new(NoEmbedding)),
        ..Potential::ipl3d()
    };
    assert!(many.is_many_body());
    let cluster = creation(&mode, &many, &settings, &Progress::default()).expect("cluster");
    for k in 0..pair.a.len() {
        assert!(
            (pair.e[k] - cluster.e[k]).abs() < 1e-7
                && (pair.core_a[k] - cluster.core_a[k]).abs() < 1e-7,
            "A_out = {}: E {} vs {}, A_core {} vs {}",
            pair.a[k],
            pair.e[k],
            cluster.e[k],
            pair.core_a[k],
            cluster.core_a[k]
        );
    }
}
