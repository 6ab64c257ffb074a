//! Helpers shared by the integration tests: the example glass and JSON comparison.
#![allow(dead_code)]

pub mod crystal;
#[path = "../shared_data/mod.rs"]
mod shared_data;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use softmode::analysis::Potential;
use softmode::io::{read_all, read_frame, ReadOptions};
use softmode::Mode;

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

pub fn example_path() -> PathBuf {
    data("ipl2000_g1.extxyz.gz")
}

pub fn potential() -> Arc<Potential> {
    Arc::new(Potential::ipl3d())
}

pub fn example_modes() -> Vec<Mode> {
    read_all(
        &example_path(),
        &ReadOptions::default(),
        &Potential::ipl3d().species(),
    )
    .expect("example file")
}

pub fn example_mode(frame: usize) -> Mode {
    read_frame(
        &example_path(),
        frame,
        &ReadOptions::default(),
        &Potential::ipl3d().species(),
    )
    .expect("example file")
}

/// Frames 0 and 3 of the example glass with the default settings, analysed once per test
/// binary (the figure tests draw them).
pub fn figure_analyses() -> &'static [softmode::analysis::Analysis] {
    use softmode::analysis::{Analysis, Analyzer, Settings};
    static A: std::sync::OnceLock<Vec<Analysis>> = std::sync::OnceLock::new();
    A.get_or_init(|| {
        [0, 3]
            .into_iter()
            .map(|k| {
                Analyzer::new(example_mode(k), potential())
                    .run(&Settings::default())
                    .expect("analysis")
            })
            .collect()
    })
}

pub fn reference(frame: usize) -> Value {
    let path = data(&format!("reference/ipl2000_g1_m{frame}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("reference file"))
        .expect("reference JSON")
}

/// Compares `ours` with `reference` recursively: numbers within rel |ref| + abs, nulls
/// where the reference has null, integers, strings and booleans equal. Returns the
/// differences (path: ours vs reference).
pub fn compare(
    ours: &Value,
    reference: &Value,
    path: &str,
    rel: f64,
    abs: f64,
    out: &mut Vec<String>,
) {
    match (ours, reference) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get(k) {
                    Some(x) => compare(x, v, &format!("{path}.{k}"), rel, abs, out),
                    None => out.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() == b.len() {
                for (i, (x, v)) in a.iter().zip(b).enumerate() {
                    compare(x, v, &format!("{path}[{i}]"), rel, abs, out);
                }
            } else {
                out.push(format!("{path}: length {} vs {}", a.len(), b.len()));
            }
        }
        (Value::Number(a), Value::Number(b)) if b.is_f64() || a.is_f64() => {
            let (x, y) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            let within = (x - y).abs() <= rel * y.abs() + abs;
            if !within {
                out.push(format!("{path}: {x} vs {y}"));
            }
        }
        (a, b) => {
            if a != b {
                out.push(format!("{path}: {a} vs {b}"));
            }
        }
    }
}

/// A file of the shared data folder (`../shared/data` beside the checkout).
pub fn shared_data(name: &str) -> PathBuf {
    shared_data::shared(name)
}
