//! Speed of the analysis core (criterion). Sizes: the 2,000-atom example glass and its
//! 2x2x2 (16,000) and 4x4x4 (128,000) tilings with the mode in every copy.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use softmode::analysis::{Analyzer, Method, Potential, Settings};
use softmode::io::{read_all, read_frame, ReadOptions};
use softmode::Mode;

fn example_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz")
}

fn example(frame: usize) -> Mode {
    read_frame(
        &example_file(),
        frame,
        &ReadOptions::default(),
        &Potential::ipl3d().species(),
    )
    .expect("example")
}

fn potential() -> Arc<Potential> {
    Arc::new(Potential::ipl3d())
}

fn sizes() -> Vec<(&'static str, Mode)> {
    let m = example(0);
    vec![
        ("2k", m.clone()),
        ("16k", m.tiled([2, 2, 2])),
        ("128k", m.tiled([4, 4, 4])),
    ]
}

/// The whole analysis from a loaded mode (no cache), both methods.
fn whole_analysis(c: &mut Criterion) {
    let mut g = c.benchmark_group("whole_analysis");
    g.sample_size(10);
    for (name, mode) in sizes() {
        for method in [Method::Taylor, Method::Fit] {
            let settings = Settings {
                method,
                ..Settings::default()
            };
            g.bench_with_input(BenchmarkId::new(method.as_str(), name), &mode, |b, m| {
                b.iter(|| {
                    Analyzer::new(m.clone(), potential())
                        .run(&settings)
                        .expect("analysis")
                });
            });
        }
    }
    g.finish();
}

/// What dragging a slider costs once the first stage is cached.
fn slider_changes(c: &mut Criterion) {
    let mut g = c.benchmark_group("slider");
    g.sample_size(20);
    for (name, mode) in sizes() {
        let mut an = Analyzer::new(mode, potential());
        let a = an.run(&Settings::default()).expect("analysis");
        let mut r_c = 1.0;
        g.bench_function(BenchmarkId::new("r_c_lookup", name), |b| {
            b.iter(|| {
                r_c = if r_c > 11.0 { 1.0 } else { r_c + 0.37 };
                black_box(a.d_at(black_box(r_c)))
            });
        });
        let mut k = 0;
        g.bench_function(BenchmarkId::new("r_s_change", name), |b| {
            b.iter(|| {
                k = (k + 1) % 8;
                let s = Settings {
                    r_s: 4.0 + 0.5 * f64::from(k),
                    ..Settings::default()
                };
                an.run(&s).expect("analysis")
            });
        });
    }
    g.finish();
}

/// `analyze --all` on the example file: load 10 frames and analyse them, as the CLI does.
fn analyze_all(c: &mut Criterion) {
    use rayon::prelude::*;
    let mut g = c.benchmark_group("analyze_all_10_modes");
    g.sample_size(10);
    for method in [Method::Taylor, Method::Fit] {
        let settings = Settings {
            method,
            ..Settings::default()
        };
        g.bench_function(method.as_str(), |b| {
            b.iter(|| {
                let modes = read_all(
                    &example_file(),
                    &ReadOptions::default(),
                    &Potential::ipl3d().species(),
                )
                .expect("load");
                let out: Vec<_> = modes
                    .into_par_iter()
                    .map(|m| {
                        Analyzer::new(m, potential())
                            .run(&settings)
                            .expect("analysis")
                    })
                    .collect();
                out
            });
        });
    }
    g.finish();
}

/// Reading one frame of extended XYZ: the example (2,000 atoms, gzip) and a 128,000-atom
/// plain-text frame written from the tiled example.
fn load(c: &mut Criterion) {
    use std::io::Write;
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("2k_gz_frame", |b| b.iter(|| example(3)));
    let big = example(0).tiled([4, 4, 4]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.extxyz");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let l = big.cell.lengths;
    writeln!(f, "{}", big.n_atoms()).expect("write");
    writeln!(
        f,
        "Lattice=\"{} 0 0 0 {} 0 0 0 {}\" Properties=species:S:1:pos:R:3:mode:R:3",
        l[0], l[1], l[2]
    )
    .expect("write");
    for ((p, e), s) in big.positions.iter().zip(&big.e).zip(&big.species) {
        writeln!(
            f,
            "{} {:?} {:?} {:?} {:?} {:?} {:?}",
            ["S", "L"][*s as usize],
            p[0],
            p[1],
            p[2],
            e[0],
            e[1],
            e[2]
        )
        .expect("write");
    }
    drop(f);
    g.bench_function("128k_plain_frame", |b| {
        b.iter(|| {
            read_frame(
                &path,
                0,
                &ReadOptions::default(),
                &Potential::ipl3d().species(),
            )
            .expect("load")
        });
    });
    g.finish();
}

/// One 2,000-atom mode of each glass with its own potential, both methods, side by side:
/// 3DIPL (pairs), Kob-Andersen (lepton formula) and Cu-Zr (EAM/FS tables, metal units).
fn glasses(c: &mut Criterion) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut cases = vec![("3dipl", example(0), potential())];
    for name in ["ka2000", "cuzr2000"] {
        let spec = shared.join(format!("{name}.lammps"));
        let Ok(pot) = softmode::potential::load(&spec.display().to_string()) else {
            eprintln!("{name}: no potential file at {}", spec.display());
            continue;
        };
        let file = shared.join(format!("{name}.extxyz.gz"));
        let mode = read_frame(&file, 0, &ReadOptions::default(), &pot.species()).expect(name);
        cases.push((name, mode, Arc::new(pot)));
    }
    let mut g = c.benchmark_group("glasses");
    g.sample_size(10);
    for (name, mode, pot) in &cases {
        for method in [Method::Taylor, Method::Fit] {
            let settings = Settings {
                method,
                ..Settings::for_glass(mode, pot)
            };
            g.bench_with_input(BenchmarkId::new(method.as_str(), name), mode, |b, m| {
                b.iter(|| {
                    Analyzer::new(m.clone(), pot.clone())
                        .run(&settings)
                        .expect("analysis")
                });
            });
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    whole_analysis,
    slider_changes,
    analyze_all,
    load,
    glasses
);
criterion_main!(benches);
