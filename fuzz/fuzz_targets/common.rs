//! Shared by the fuzz targets: the input goes through a file, as users' files do.

use std::path::PathBuf;

use softmode::io::{read_mode, read_modes, Format, ReadOptions};

pub const SPECIES: &[&str] = &["S", "L"];

/// A per-process scratch file holding `bytes`.
pub fn file(tag: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("softmode-fuzz-{}-{tag}", std::process::id()));
    std::fs::write(&path, bytes).expect("scratch file");
    path
}

/// A small valid configuration (3 atoms) for the eigenvector readers.
#[allow(dead_code)]
pub fn config() -> PathBuf {
    file(
        "config.data",
        b"fuzz\n\n3 atoms\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms # atomic\n\n1 1 1 1 1\n2 2 3 1 1\n3 1 5 1 1\n",
    )
}

/// Reads `bytes` as `format`, every mode and mode 1; errors are fine, panics are not.
#[allow(dead_code)]
pub fn read(tag: &str, bytes: &[u8], format: Format, config: Option<PathBuf>) {
    read_with(tag, &file(tag, bytes), format, config);
}

/// As `read`, for a file already written.
pub fn read_with(_tag: &str, path: &std::path::Path, format: Format, config: Option<PathBuf>) {
    let path = path.to_owned();
    let opts = ReadOptions {
        format: Some(format),
        config,
        ..ReadOptions::default()
    };
    let _ = read_modes(&path, &opts, SPECIES);
    let _ = read_mode(&path, 1, &opts, SPECIES);
    // Detection must not panic either.
    let auto = ReadOptions {
        format: None,
        ..opts
    };
    let _ = read_modes(&path, &auto, SPECIES);
}
