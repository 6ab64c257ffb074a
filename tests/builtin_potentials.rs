//! The built-in potentials against the LAMMPS glasses of
//! shared/data (README there): per-atom energies of the KA glass along mode 0 against
//! LAMMPS's `compute pe/atom`.

mod shared_data;

use nalgebra::Vector3;
use shared_data::{json, numbers, shared};
use softmode::io::{read_frame, ReadOptions};
use softmode::potential::{Atoms, Potential};

/// The KA built-in equals LAMMPS (pair_style lepton with the same smoothing): per-atom
/// and total energies of frame 0 moved along mode 0 by A e_i / sqrt(m_i), and the
/// forces at A = 0.
#[test]
fn ka_lj_equals_lammps_along_mode_0() {
    let pot = Potential::ka_lj();
    let mode = read_frame(
        &shared("ka2000.extxyz.gz"),
        0,
        &ReadOptions::default(),
        &pot.species(),
    )
    .expect("ka2000 frame 0");
    assert_eq!(mode.species.iter().filter(|&&s| s == 1).count(), 400);
    let check = json("ka2000_lammps_check.json");
    let u = mode.displacements(&mode.masses_for(&pot));
    let (mut worst_atom, mut worst_total) = (0.0f64, 0.0f64);
    for (k, a) in numbers(&check["A"]).into_iter().enumerate() {
        let positions: Vec<Vector3<f64>> = mode
            .positions
            .iter()
            .zip(&u)
            .map(|(r, u)| r + a * u)
            .collect();
        let atoms = Atoms {
            positions: &positions,
            ..mode.atoms()
        };
        let ours = pot.energies(&atoms).expect("energies");
        let lammps = numbers(&check["pe_atom"][k]);
        assert_eq!(ours.len(), lammps.len());
        for (i, (o, l)) in ours.iter().zip(&lammps).enumerate() {
            let rel = (o - l).abs() / l.abs();
            assert!(rel < 1e-9, "A = {a}, atom {i}: {o} vs LAMMPS {l}");
            worst_atom = worst_atom.max(rel);
        }
        let total: f64 = ours.iter().sum();
        let e_tot = check["E_tot"][k].as_f64().expect("E_tot");
        let rel = (total - e_tot).abs() / e_tot.abs();
        assert!(rel < 1e-9, "A = {a}: E_tot {total} vs LAMMPS {e_tot}");
        worst_total = worst_total.max(rel);
    }
    let forces = pot.forces(&mode.atoms()).expect("forces");
    let mut worst_force = 0.0f64;
    for (i, f) in forces.iter().enumerate() {
        let l = Vector3::from_iterator(numbers(&check["forces_A0"][i]));
        worst_force = worst_force.max((f - l).amax());
    }
    assert!(worst_force < 1e-10, "largest force deviation {worst_force}");
    println!(
        "ka-lj vs LAMMPS: per-atom energies {worst_atom:.2e}, E_tot {worst_total:.2e} \
         relative; forces {worst_force:.2e} absolute"
    );
}

/// The shifted variant differs from the smoothed one and from LAMMPS: the check above
/// can tell them apart.
#[test]
fn ka_lj_shifted_is_not_the_lammps_potential() {
    let mode = read_frame(
        &shared("ka2000.extxyz.gz"),
        0,
        &ReadOptions::default(),
        &Potential::ka_lj().species(),
    )
    .expect("ka2000 frame 0");
    let e = |p: Potential| -> f64 { p.energies(&mode.atoms()).expect("energies").iter().sum() };
    let check = json("ka2000_lammps_check.json");
    let e0 = check["E_tot"][3].as_f64().expect("E_tot at A = 0");
    assert!((e(Potential::ka_lj_shifted()) - e0).abs() > 1.0);
}
