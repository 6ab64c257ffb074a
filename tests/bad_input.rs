//! The bad-input corpus in tests/data/bad (see its README.txt): every file must give an
//! error that names the file and, where the fault is on a line, that line; never a panic.

use std::path::{Path, PathBuf};

use softmode::io::{count_frames, read_all, read_frame, ReadOptions};

const SPECIES: &[&str] = &["S", "L"];

/// Valid syntax; the analysis rejects it (two atoms on top of each other), not the loader.
const ANALYSIS_REJECTS: &str = "two_atoms_same_place.extxyz";

/// (file, line of the fault (None: not tied to a line), a fragment of the message).
const CORPUS: &[(&str, Option<u64>, &str)] = &[
    ("bad_omega2.extxyz", Some(2), "omega2 'fast'"),
    ("bad_properties.extxyz", Some(2), "name:type:ncols"),
    (
        "bad_second_frame.extxyz",
        Some(10),
        "'zero' is not a number",
    ),
    (
        "blank_line_in_frame.extxyz",
        Some(4),
        "expected 7 fields, found 0",
    ),
    ("count_3_lines_4.extxyz", Some(6), "expected the atom count"),
    (
        "count_5_lines_4.extxyz",
        Some(6),
        "after 4 of the 5 atom lines",
    ),
    ("empty.extxyz", None, "no frames"),
    ("gzip_garbage.extxyz.gz", None, ""),
    (
        "huge_count.extxyz",
        Some(4),
        "after 2 of the 1000000000000 atom lines",
    ),
    ("inf.extxyz", Some(5), "'inf' is not finite"),
    ("missing_comment.extxyz", Some(1), "no comment line"),
    ("missing_lattice.extxyz", Some(2), "no Lattice"),
    ("missing_vector_column.extxyz", Some(2), "velo:R:3"),
    ("nan.extxyz", Some(3), "column mode, component 2"),
    ("negative_count.extxyz", Some(1), "'-3'"),
    ("non_integer_count.extxyz", Some(1), "'3.5'"),
    ("non_numeric.extxyz", Some(4), "column pos, component 2"),
    ("not_utf8.extxyz", Some(4), "UTF-8"),
    ("tilted_cell.extxyz", Some(2), "tilted cell"),
    (
        "too_few_columns.extxyz",
        Some(5),
        "expected 7 fields, found 6",
    ),
    (
        "too_many_columns.extxyz",
        Some(3),
        "expected 7 fields, found 8",
    ),
    (
        "truncated_frame.extxyz",
        Some(8),
        "after 1 of the 3 atom lines of frame 1",
    ),
    ("truncated_gzip.extxyz.gz", None, ""),
    (
        "unknown_species.extxyz",
        Some(4),
        "unknown species label 'Cu'",
    ),
    ("unterminated_quote.extxyz", Some(2), "unterminated quote"),
    ("vector_not_real3.extxyz", Some(2), "mode:R:4"),
    ("zero_count.extxyz", Some(1), "atom count is 0"),
    ("zero_norm_mode.extxyz", None, "zero or non-finite norm"),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad")
}

/// The corpus files on disk (README.txt excluded), sorted.
fn files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/data/bad exists")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n != "README.txt")
        .collect();
    names.sort();
    names
}

#[test]
fn table_covers_the_corpus() {
    let mut listed: Vec<String> = CORPUS.iter().map(|c| c.0.to_owned()).collect();
    listed.push(ANALYSIS_REJECTS.to_owned());
    listed.sort();
    assert_eq!(
        listed,
        files(),
        "CORPUS must list every file in tests/data/bad"
    );
    assert!(CORPUS.len() >= 16);
}

#[test]
fn every_bad_file_is_an_error_naming_file_and_line() {
    let opts = ReadOptions::default();
    for (name, line, fragment) in CORPUS {
        let path = dir().join(name);
        let msg = match read_all(&path, &opts, SPECIES) {
            Ok(m) => panic!("{name}: read {} frames, expected an error", m.len()),
            Err(e) => e.to_string(),
        };
        assert!(
            msg.contains(name),
            "{name}: message does not name the file: {msg}"
        );
        match line {
            Some(n) => assert!(
                msg.contains(&format!(", line {n}: ")),
                "{name}: want line {n}: {msg}"
            ),
            None => assert!(!msg.contains(", line "), "{name}: no line expected: {msg}"),
        }
        assert!(
            msg.contains(fragment),
            "{name}: want '{fragment}' in: {msg}"
        );
        // The other entry points must not panic either (they may succeed: count_frames
        // reads only the count lines).
        let _ = count_frames(&path);
        let _ = read_frame(&path, 0, &opts, SPECIES);
        let _ = read_frame(&path, 1, &opts, SPECIES);
    }
}

#[test]
fn huge_count_fails_fast() {
    let t = std::time::Instant::now();
    let path = dir().join("huge_count.extxyz");
    assert!(read_all(&path, &ReadOptions::default(), SPECIES).is_err());
    assert!(count_frames(&path).is_err());
    assert!(t.elapsed().as_secs_f64() < 1.0, "took {:?}", t.elapsed());
}

#[test]
fn analysis_rejects_is_valid_for_the_loader() {
    let path = dir().join(ANALYSIS_REJECTS);
    let m = read_all(&path, &ReadOptions::default(), SPECIES).expect("valid syntax");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].positions[0], m[0].positions[1]);
}

// Enabled once the CLI exists.
#[test]
fn cli_rejects_every_bad_file() {
    let mut names: Vec<&str> = CORPUS.iter().map(|c| c.0).collect();
    names.push(ANALYSIS_REJECTS);
    for name in names {
        let path = dir().join(name);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_softmode"))
            .arg("analyze")
            .arg(&path)
            .args(["--all", "--json", "-"])
            .output()
            .expect("run softmode");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}: exit status {}", out.status);
        assert!(
            stderr.contains(name),
            "{name}: stderr does not name the file: {stderr}"
        );
    }
}
