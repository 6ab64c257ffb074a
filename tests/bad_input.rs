//! The bad-input corpus in tests/data/bad (see its README.txt): every file must give an
//! error that names the file and, where the fault is on a line, that line; never a panic.

use std::path::{Path, PathBuf};

use softmode::io::{count_frames, read_all, read_frame, read_mode, read_modes, ReadOptions};

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

/// Valid files the other readers' entries use as configuration or eigenvectors.
const HELPERS: &[&str] = &["ok_config3.data", "ok_dump3.dump", "ok_eig3.txt"];

/// The other readers' share: (file, configuration it is read with, line, fragment). A
/// data file (a configuration) is read as the configuration of ok_eig3.txt.
#[rustfmt::skip]
const FORMATS: &[(&str, Option<&str>, Option<u64>, &str)] = &[
    ("dump_truncated.dump", None, Some(11), "after 2 of the 3 atom lines"),
    ("dump_tilted.dump", None, Some(8), "tilted (triclinic) box"),
    ("dump_tilted_abc.dump", None, Some(8), "not orthorhombic"),
    ("dump_no_vector.dump", None, Some(9), "no eigenvector columns"),
    ("dump_duplicate_id.dump", None, Some(12), "atom id 2 appears twice"),
    ("dump_bad_number.dump", None, Some(11), "column y: '1.0e' is not a number"),
    ("dump_second_snapshot_cut.dump", None, Some(15), "file ends after ITEM: NUMBER OF ATOMS"),
    ("dump_zero_box.dump", None, Some(8), "must be positive"),
    ("data_tilted.data", None, Some(9), "tilted"),
    ("data_truncated.data", None, Some(13), "after 2 of the 3 atoms"),
    ("data_charge_style.data", None, Some(10), "only the atomic style"),
    ("data_no_box.data", None, Some(8), "no 'zlo zhi'"),
    ("eig_wrong_atom_count.txt", Some("ok_config3.data"), Some(1), "7 numbers on a line, but the configuration"),
    ("eig_truncated.txt", Some("ok_dump3.dump"), Some(13), "after 4 of the 9 lines of mode 1"),
    ("eig_nan.txt", Some("ok_config3.data"), Some(1), "'nan' is not finite"),
    ("eig_blank_inside.txt", Some("ok_config3.data"), Some(3), "blank line after 2 of the 3 lines of mode 0"),
    ("eig_ragged.txt", Some("ok_config3.data"), Some(2), "4 numbers, but the lines before have 3"),
    ("npy_wrong_shape.npy", Some("ok_config3.data"), None, "expected (3, 3), (k, 3, 3) or (9, k)"),
    ("npy_nan.npy", Some("ok_config3.data"), None, "is NaN"),
    ("npy_truncated.npy", Some("ok_config3.data"), None, "bytes present"),
    ("npy_huge_shape.npy", Some("ok_config3.data"), None, "needs more data"),
    ("npy_not_numpy.npy", Some("ok_config3.data"), None, "the header claims 32767 bytes"),
    ("npy_huge_header.npy", Some("ok_config3.data"), None, "the header claims 4278913629 bytes"),
    ("npz_tilted_box.npz", None, None, "not diagonal"),
    ("npz_no_modes.npz", None, None, "no 'modes' array"),
    ("npz_bad_omega2.npz", None, None, "expected (2,), one eigenvalue per mode"),
    ("npz_unknown_type.npz", None, None, "unknown species label '7'"),
    ("npz_garbage.npz", None, None, "not a valid .npz"),
    ("h5_missing_vector.h5", None, None, "dataset 'trajectory/normalmodes/eigenvectors/vector/sample_0000001_mode_00001': missing"),
    ("h5_wrong_shape.h5", None, None, "of shape (4, 2): expected (4, 3)"),
    ("h5_nan.h5", None, None, "dataset 'trajectory/normalmodes/eigenvectors/vector/sample_0000001_mode_00001' of shape (4, 3): element 4 (flat index) is NaN"),
    ("h5_count_mismatch.h5", None, None, "of shape (3, 3): expected (4, 3): the configuration has 4 atoms"),
    ("h5_missing_box.h5", None, None, "no dataset trajectory/cell/sidebox/sample_0000001 or initialstate/cell/sidebox"),
    ("h5_index_past_eigenvalues.h5", None, None, "mode 2 has no eigenvalue in dataset 'trajectory/normalmodes/eigenvalues/sample_0000001'"),
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
    listed.extend(FORMATS.iter().map(|c| c.0.to_owned()));
    listed.extend(HELPERS.iter().map(|h| (*h).to_owned()));
    listed.sort();
    assert_eq!(
        listed,
        files(),
        "CORPUS must list every file in tests/data/bad"
    );
    assert!(CORPUS.len() >= 16);
}

/// The error message names the file `name`, the line (", line N: ", or none) and says
/// `fragment`.
fn assert_says(msg: &str, name: &str, line: Option<u64>, fragment: &str) {
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
        assert_says(&msg, name, *line, fragment);
        // The other entry points must not panic either (they may succeed: count_frames
        // reads only the count lines).
        let _ = count_frames(&path);
        let _ = read_frame(&path, 0, &opts, SPECIES);
        let _ = read_frame(&path, 1, &opts, SPECIES);
    }
}

/// Every other reader rejects its share with the file and line named, without panicking.
#[test]
fn every_reader_rejects_its_share() {
    for (name, config, line, fragment) in FORMATS {
        let (file, opts) = match (name.ends_with(".data"), config) {
            (true, _) => (dir().join("ok_eig3.txt"), Some(dir().join(name))),
            (false, c) => (dir().join(name), c.map(|c| dir().join(c))),
        };
        let opts = ReadOptions {
            config: opts,
            ..ReadOptions::default()
        };
        let msg = match read_modes(&file, &opts, SPECIES) {
            Ok(m) => panic!("{name}: read {} modes, expected an error", m.len()),
            Err(e) => e.to_string(),
        };
        assert_says(&msg, name, *line, fragment);
        if let Some(c) = config {
            if *line == Some(1) && name.starts_with("eig_wrong") {
                assert!(
                    msg.contains(c),
                    "{name}: message does not name the configuration: {msg}"
                );
            }
        }
        let _ = read_mode(&file, 1, &opts, SPECIES);
        // Counting reads headers only; a header claiming more than the file holds is
        // refused before it is allocated (the fuzzer's npy_huge_header.npy).
        let count = softmode::io::count_frames_with(&file, &opts, SPECIES);
        if name.starts_with("npy_huge_header") {
            let e = count.expect_err("huge header").to_string();
            assert!(e.contains("the header claims"), "{e}");
        }
        // And without the configuration, no panic either.
        let _ = read_modes(&dir().join(name), &ReadOptions::default(), SPECIES);
    }
    // The old corpus through the dispatching entry point: errors, never panics.
    for (name, _, _) in CORPUS {
        assert!(
            read_modes(&dir().join(name), &ReadOptions::default(), SPECIES).is_err(),
            "{name}"
        );
    }
}

#[test]
fn helpers_are_valid() {
    let cfg = |c: &str| ReadOptions {
        config: Some(dir().join(c)),
        ..ReadOptions::default()
    };
    let m = read_modes(
        &dir().join("ok_dump3.dump"),
        &ReadOptions::default(),
        SPECIES,
    )
    .expect("dump");
    assert_eq!(m[0].species, vec![0, 1, 0]);
    for c in ["ok_config3.data", "ok_dump3.dump"] {
        let e = read_modes(&dir().join("ok_eig3.txt"), &cfg(c), SPECIES).expect("eig");
        assert_eq!(e[0].omega2_file, Some(0.5));
        assert_eq!(e[0].positions, m[0].positions, "{c}");
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
