//! Time of the creation energy (ANALYSIS.md section 11) of one mode of the example glass:
//! 121 constrained core relaxations, parallel over the A_out grid.

use std::io::Read;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::Vector3;
use softmode::analysis::{creation, CreationSettings, Ipl3d};
use softmode::{Cell, Mode};

/// Frame 0 of the example glass (a bench-local reader until `io::read_frame` lands).
fn example_mode() -> Mode {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path).expect("open"))
        .read_to_string(&mut text)
        .expect("gunzip");
    let mut lines = text.lines();
    let n: usize = lines.next().expect("count").trim().parse().expect("n");
    let comment = lines.next().expect("comment");
    let lattice = comment
        .split("Lattice=\"")
        .nth(1)
        .expect("Lattice")
        .split('"')
        .next()
        .expect("lattice");
    let l: Vec<f64> = lattice
        .split_whitespace()
        .map(|v| v.parse().expect("number"))
        .collect();
    let (mut pos, mut species, mut e) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines.take(n) {
        let f: Vec<f64> = line
            .split_whitespace()
            .skip(1)
            .map(|v| v.parse().expect("number"))
            .collect();
        species.push(u8::from(line.starts_with('L')));
        pos.push(Vector3::new(f[0], f[1], f[2]));
        e.push(Vector3::new(f[3], f[4], f[5]));
    }
    Mode::new(
        &path,
        0,
        pos,
        species,
        Cell::new([l[0], l[4], l[8]]),
        e,
        None,
    )
    .expect("mode")
}

fn bench_creation(c: &mut Criterion) {
    let mode = example_mode();
    let pot = Ipl3d::default();
    let settings = CreationSettings::default();
    c.bench_function("creation_ipl2000_m0", |b| {
        b.iter(|| creation(&mode, &pot, &settings, None, None).expect("creation"));
    });
}

criterion_group!(benches, bench_creation);
criterion_main!(benches);
