//! Speed of the potential layer (criterion): per-atom energies, forces and one
//! Hessian-vector product for the 2,000-atom Cu-Zr EAM glass (LAMMPS eam/fs tables,
//! cut-off 7.6 A, ~110 neighbours per atom) beside the 2,000-atom 3DIPL glass.

use std::hint::black_box;
use std::path::{Path, PathBuf};

#[path = "../tests/shared_data/mod.rs"]
mod shared_data;

use criterion::{criterion_group, criterion_main, Criterion};
use shared_data::shared;
use softmode::io::{read_frame, ReadOptions};
use softmode::potential::eam::{read_setfl, SetflKind};
use softmode::potential::Potential;
use softmode::Mode;

fn glasses() -> Vec<(&'static str, Potential, Mode)> {
    let cuzr = read_setfl(
        &shared("CuZr_mm.eam.fs"),
        SetflKind::Fs,
        &["Cu".to_owned(), "Zr".to_owned()],
    )
    .expect("CuZr_mm.eam.fs");
    let ipl = Potential::ipl3d();
    let load = |path: PathBuf, pot: &Potential| {
        read_frame(&path, 0, &ReadOptions::default(), &pot.species()).expect("glass")
    };
    let ipl_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz");
    vec![
        (
            "cuzr2000",
            cuzr.clone(),
            load(shared("cuzr2000.extxyz.gz"), &cuzr),
        ),
        ("ipl2000", ipl.clone(), load(ipl_file, &ipl)),
    ]
}

fn potential_layer(c: &mut Criterion) {
    let mut g = c.benchmark_group("potential");
    g.sample_size(20);
    for (name, pot, mode) in glasses() {
        let atoms = mode.atoms();
        let u = mode.displacements(&mode.masses_for(&pot));
        g.bench_function(format!("energies/{name}"), |b| {
            b.iter(|| black_box(pot.energies(&atoms).expect("energies")));
        });
        g.bench_function(format!("forces/{name}"), |b| {
            b.iter(|| black_box(pot.forces(&atoms).expect("forces")));
        });
        g.bench_function(format!("hessian_times/{name}"), |b| {
            b.iter(|| black_box(pot.hessian_times(&atoms, &u).expect("H u")));
        });
        g.bench_function(format!("hessian/{name}"), |b| {
            b.iter(|| black_box(pot.hessian(&atoms).expect("hessian")));
        });
    }
    g.finish();
}

criterion_group!(benches, potential_layer);
criterion_main!(benches);
