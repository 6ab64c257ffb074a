//! LAMMPS potential files against LAMMPS: the Kob-Andersen glass's per-atom and total
//! energies along mode 0 and its forces (`ka2000_lammps_check.json`), forces of a
//! displaced glass against finite differences, and the lepton formula against the
//! closed form of the smoothed Lennard-Jones pair.

mod shared_data;

use nalgebra::Vector3;
use serde_json::Value;
use shared_data::{json, numbers, shared};
use softmode::io::{read_mode, ReadOptions};
use softmode::potential::{lammps, Atom, Atoms, Potential};
use softmode::Mode;

fn ka() -> (Potential, Mode, Value) {
    let pot = lammps::read(&shared("ka2000.lammps")).expect("ka2000.lammps");
    let mode = read_mode(
        &shared("ka2000.extxyz.gz"),
        0,
        &ReadOptions::default(),
        &pot.species(),
    )
    .expect("ka2000 glass");
    (pot, mode, json("ka2000_lammps_check.json"))
}

fn displaced(mode: &Mode, a: f64) -> Vec<Vector3<f64>> {
    mode.positions
        .iter()
        .zip(&mode.e)
        .map(|(r, e)| r + e * a)
        .collect()
}

fn atoms<'a>(mode: &'a Mode, positions: &'a [Vector3<f64>]) -> Atoms<'a> {
    Atoms {
        positions,
        ..mode.atoms()
    }
}

#[test]
fn ka_energies_equal_lammps_along_mode_0() {
    let (pot, mode, check) = ka();
    assert_eq!(pot.species(), ["1", "2"]);
    assert_eq!(mode.species.iter().filter(|&&s| s == 1).count(), 400);
    let (mut worst_atom, mut worst_total) = (0.0f64, 0.0f64);
    for (k, a) in numbers(&check["A"]).into_iter().enumerate() {
        let positions = displaced(&mode, a);
        let ours = pot.energies(&atoms(&mode, &positions)).expect("energies");
        let lammps = numbers(&check["pe_atom"][k]);
        for (o, l) in ours.iter().zip(&lammps) {
            worst_atom = worst_atom.max((o - l).abs() / l.abs());
        }
        let total: f64 = ours.iter().sum();
        let e_tot = check["E_tot"][k].as_f64().expect("E_tot");
        worst_total = worst_total.max((total - e_tot).abs() / e_tot.abs());
    }
    eprintln!("KA vs LAMMPS: per-atom energy {worst_atom:.2e}, total {worst_total:.2e} (relative)");
    assert!(worst_atom < 1e-9, "{worst_atom}");
    assert!(worst_total < 1e-9, "{worst_total}");
}

/// At the minimum LAMMPS's forces are ~1e-12 (round-off), so they are compared
/// absolutely, against the pair-force scale (~10-100 in LJ units).
#[test]
fn ka_forces_equal_lammps_at_the_minimum() {
    let (pot, mode, check) = ka();
    let ours = pot.forces(&mode.atoms()).expect("forces");
    let lammps = check["forces_A0"].as_array().expect("forces_A0");
    let mut worst = 0.0f64;
    for (f, l) in ours.iter().zip(lammps) {
        let l = numbers(l);
        worst = worst.max((f - Vector3::new(l[0], l[1], l[2])).amax());
    }
    eprintln!("KA forces vs LAMMPS at A = 0: largest difference {worst:.2e}");
    assert!(worst < 1e-9, "{worst}");
}

/// Away from the minimum, forces against central differences of the total energy.
#[test]
fn ka_forces_are_minus_the_energy_gradient() {
    let (pot, mode, _) = ka();
    let positions = displaced(&mode, 0.4);
    let forces = pot.forces(&atoms(&mode, &positions)).expect("forces");
    let scale = forces.iter().map(|f| f.amax()).fold(0.0, f64::max);
    assert!(scale > 1e-3, "displaced glass has forces ({scale})");
    let total = |p: &[Vector3<f64>]| -> f64 {
        pot.energies(&atoms(&mode, p))
            .expect("energies")
            .iter()
            .sum()
    };
    let h = 1e-5;
    let mut worst = 0.0f64;
    for i in [0, 7, 1599, 1600, 1999] {
        for axis in 0..3 {
            let mut p = positions.clone();
            p[i][axis] += h;
            let up = total(&p);
            p[i][axis] -= 2.0 * h;
            let down = total(&p);
            let fd = -(up - down) / (2.0 * h);
            worst = worst.max((forces[i][axis] - fd).abs() / scale);
        }
    }
    eprintln!("KA forces vs finite differences at A = 0.4: {worst:.2e} of the largest force");
    assert!(worst < 1e-6, "{worst}");
}

/// The lepton formulas of ka2000.lammps against 4 eps ((s/r)^12 - (s/r)^6 + c0
/// + c2 (r/s)^2 + c4 (r/s)^4), differentiated by hand, for every pair.
#[test]
fn ka_lepton_equals_the_closed_form_with_four_derivatives() {
    let pot = lammps::read(&shared("ka2000.lammps")).expect("ka2000.lammps");
    // The digits as written in ka2000.lammps.
    #[allow(clippy::excessive_precision)]
    let (c0, c2, c4) = (
        0.040490237952000005,
        -0.009701550981120001,
        0.00062012616867840006,
    );
    for (a, b, eps, s) in [(0, 0, 1.0, 1.0), (0, 1, 1.5, 0.8), (1, 1, 0.5, 0.88)] {
        let cut = pot.pair.cutoff(Atom::of(a), Atom::of(b));
        assert!((cut - 2.5 * s).abs() < 1e-15, "cut-off {cut}");
        for k in 0..=40 {
            let r = s * (0.8 + 1.65 * k as f64 / 40.0);
            let x = r / s;
            let terms = [
                [x.powi(-12), -x.powi(-6), c0, c2 * x * x, c4 * x.powi(4)],
                [
                    -12.0 * x.powi(-13),
                    6.0 * x.powi(-7),
                    0.0,
                    2.0 * c2 * x,
                    4.0 * c4 * x.powi(3),
                ],
                [
                    156.0 * x.powi(-14),
                    -42.0 * x.powi(-8),
                    0.0,
                    2.0 * c2,
                    12.0 * c4 * x * x,
                ],
                [
                    -2184.0 * x.powi(-15),
                    336.0 * x.powi(-9),
                    0.0,
                    0.0,
                    24.0 * c4 * x,
                ],
                [
                    32760.0 * x.powi(-16),
                    -3024.0 * x.powi(-10),
                    0.0,
                    0.0,
                    24.0 * c4,
                ],
            ];
            let ours = pot.pair.derivatives(Atom::of(a), Atom::of(b), r);
            for d in 0..5 {
                let scale = 4.0 * eps / s.powi(d as i32);
                let exact = scale * terms[d].iter().sum::<f64>();
                // relative to the size of the terms (the sum cancels near the minimum)
                let size = scale * terms[d].iter().map(|t| t.abs()).sum::<f64>();
                assert!(
                    (ours[d] - exact).abs() <= 1e-12 * size,
                    "pair {a}{b}, r = {r}, derivative {d}: {} vs {exact}",
                    ours[d]
                );
            }
        }
    }
}
