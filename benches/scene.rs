//! Speed of the 3D view's scene builder (criterion): what a slider change costs on the
//! UI thread beside the analysis itself. Sizes as in benches/analysis.rs.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use softmode::analysis::{Analyzer, Potential, Settings};
use softmode::app::scene::{self, ArrowField, ColorBy, ViewSettings};
use softmode::io::{read_frame, ReadOptions};

fn build(c: &mut Criterion) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz");
    let potential: Arc<Potential> = Arc::new(Potential::ipl3d());
    let m = read_frame(&file, 0, &ReadOptions::default(), &potential.species()).expect("example");
    let diameters = [1.0, 1.4];
    let mut g = c.benchmark_group("scene_build");
    g.sample_size(20);
    for (name, mode) in [
        ("2k", m.clone()),
        ("16k", m.tiled([2, 2, 2])),
        ("128k", m.tiled([4, 4, 4])),
    ] {
        let a = Analyzer::new(mode, potential.clone())
            .run(&Settings::default())
            .expect("analysis");
        for (label, view) in [
            ("default", ViewSettings::default()),
            (
                "all_atoms_random_colour_dipole_arrows",
                ViewSettings {
                    hide_below: 0.0,
                    color_by: ColorBy::Random,
                    arrows: ArrowField::Dipole,
                    ..ViewSettings::default()
                },
            ),
        ] {
            g.bench_function(BenchmarkId::new(label, name), |b| {
                b.iter(|| scene::build(black_box(&a), &diameters, 1.9, &view))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
