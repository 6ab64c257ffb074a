//! The shared example data (shared/data, README there) beside the checkout. Used by the
//! integration tests, the library's unit tests and the benchmarks (each includes this
//! file as a module), so not every item is used everywhere.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// shared/data/NAME beside the checkout: ../shared from a clone, ../../shared from a
/// worktree in a folder of worktrees.
pub fn shared(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    root.ancestors()
        .skip(1)
        .map(|d| d.join("shared/data").join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("shared/data/{name} not found beside {}", root.display()))
}

/// The JSON file shared/data/NAME.
pub fn json(name: &str) -> Value {
    let path = shared(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A JSON array of numbers.
pub fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}
