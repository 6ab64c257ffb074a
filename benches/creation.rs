//! Time of the creation energy (ANALYSIS.md section 11) of one mode of the example glass:
//! 121 constrained core relaxations, parallel over the A_out grid.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use softmode::analysis::{creation, CreationSettings, Potential};
use softmode::io::{read_frame, ReadOptions};
use softmode::Mode;

/// Frame 0 of the example glass.
fn example_mode() -> Mode {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz");
    read_frame(
        &path,
        0,
        &ReadOptions::default(),
        &Potential::ipl3d().species(),
    )
    .expect("example glass")
}

fn bench_creation(c: &mut Criterion) {
    let mode = example_mode();
    let pot = Potential::ipl3d();
    let settings = CreationSettings::default();
    c.bench_function("creation_ipl2000_m0", |b| {
        b.iter(|| creation(&mode, &pot, &settings, &Default::default()).expect("creation"));
    });
}

criterion_group!(benches, bench_creation);
criterion_main!(benches);
