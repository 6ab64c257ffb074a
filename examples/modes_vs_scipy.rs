//! Times the 10 lowest modes of the example glass tiled n x n x n (1: 2,000 atoms, 2:
//! 16,000) and writes its dynamical matrix (lower triangle, Matrix Market) for
//! benches/scripts/modes_vs_scipy.py, which times scipy's shift-invert eigsh on it.
//!
//! cargo run --release --no-default-features --example modes_vs_scipy -- N OUT.mtx

use std::io::{BufWriter, Write};
use std::path::Path;

use softmode::analysis::progress::Progress;
use softmode::io::{read_frame, ReadOptions};
use softmode::modes::dynamical::Dynamical;
use softmode::modes::lowest_modes;
use softmode::potential::Potential;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let tile: usize = args.get(1).map_or(Ok(1), |s| s.parse())?;
    let out = args.get(2).map_or("/tmp/modes_d.mtx", String::as_str);
    let pot = Potential::ipl3d();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz");
    let glass = read_frame(&path, 0, &ReadOptions::default(), &pot.species())?.tiled([tile; 3]);
    let masses = glass.masses_for(&pot);
    let modes = lowest_modes(&pot, &glass.atoms(), &masses, 10, &Progress::default())?;
    let omega2: Vec<f64> = modes.pairs.iter().map(|p| p.omega2).collect();
    let residual = modes.pairs.iter().map(|p| p.residual).fold(0.0, f64::max);
    println!(
        "{}",
        serde_json::json!({
            "atoms": glass.n_atoms(),
            "route": modes.route,
            "factor_bytes": modes.factor_bytes,
            "solves": modes.lanczos_steps,
            "timings": modes.timings,
            "omega2": omega2,
            "max_residual": residual,
        })
    );
    let d = Dynamical::new(pot.hessian(&glass.atoms())?, &masses);
    write_matrix_market(Path::new(out), &d)?;
    Ok(())
}

/// The lower triangle of D as a symmetric Matrix Market file.
fn write_matrix_market(path: &Path, d: &Dynamical) -> anyhow::Result<()> {
    let lower = d.shifted_lower(0.0);
    let m = lower.as_ref();
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "%%MatrixMarket matrix coordinate real symmetric")?;
    writeln!(out, "{} {} {}", d.dim(), d.dim(), m.compute_nnz())?;
    for c in 0..d.dim() {
        for (r, v) in m.row_idx_of_col(c).zip(m.val_of_col(c)) {
            writeln!(out, "{} {} {v:e}", r + 1, c + 1)?;
        }
    }
    out.flush()?;
    Ok(())
}
