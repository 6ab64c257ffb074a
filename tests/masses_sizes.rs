//! Per-atom masses and diameters and the units in extended XYZ: read (the Cu-Zr glass of
//! shared/data, ASE's `masses:R:1`), written and read back, and bad values rejected
//! with the file and line.

mod shared_data;

use nalgebra::Vector3;
use softmode::io::{read_all, read_frame, read_modes, write::write_modes, ReadOptions};
use softmode::potential::Units;
use softmode::{Cell, Mode};

use shared_data::shared;

/// cuzr2000 (ASE-style `masses:R:1` column, `units="metal"`): the masses per species and
/// the units come from the file.
#[test]
fn cuzr_masses_and_units_from_the_file() {
    let species = ["Cu", "Zr"];
    let mode = read_frame(
        &shared("cuzr2000.extxyz.gz"),
        0,
        &ReadOptions::default(),
        &species,
    )
    .expect("cuzr2000 frame 0");
    let masses = mode.masses.as_ref().expect("masses column");
    let count = |m: f64| masses.iter().filter(|&&x| x == m).count();
    assert_eq!((count(63.546), count(91.224)), (1280, 720));
    for (s, m) in mode.species.iter().zip(masses) {
        assert_eq!(*m, [63.546, 91.224][usize::from(*s)]);
    }
    assert_eq!(mode.units, Some(Units::Metal));
    assert!(mode.sizes.is_none());
}

fn three_atoms() -> Mode {
    let v = |x: f64, y: f64, z: f64| Vector3::new(x, y, z);
    Mode::new(
        "made.xyz",
        0,
        vec![v(0.5, 0.5, 0.5), v(2.0, 1.0, 0.25), v(3.5, 4.0, 1.0)],
        vec![0, 0, 0],
        Cell::new([5.0, 5.0, 5.0]),
        vec![v(0.1, 0.2, 0.3), v(-0.3, 0.1, 0.0), v(0.2, -0.2, 0.1)],
        Some(0.75),
    )
    .expect("valid mode")
}

/// Diameters, masses and units written and read back: the same numbers, bit for bit.
#[test]
fn diameters_masses_and_units_round_trip() {
    let mut mode = three_atoms()
        .with_sizes(vec![0.73, 1.0, 1.0 / 0.62])
        .and_then(|m| m.with_masses(vec![1.0, 2.5, 0.1]))
        .expect("valid sizes and masses");
    mode.units = Some(Units::Lj);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("poly.xyz");
    write_modes(&path, &[mode.clone()], &["A"], false).expect("written");
    let back = read_all(&path, &ReadOptions::default(), &["A"]).expect("read back");
    assert_eq!(back[0].sizes, mode.sizes);
    assert_eq!(back[0].masses, mode.masses);
    assert_eq!(back[0].units, Some(Units::Lj));
    // Unit masses and no units: neither column nor key is written.
    let plain = three_atoms();
    let path = dir.path().join("plain.xyz");
    write_modes(&path, &[plain], &["A"], false).expect("written");
    let text = std::fs::read_to_string(&path).expect("text");
    assert!(
        !text.contains("masses") && !text.contains("units"),
        "{text}"
    );
}

/// A `radius` column is half the diameter.
#[test]
fn radius_column_gives_diameters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("radius.xyz");
    let text =
        "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:radius:R:1:mode:R:3\n\
                A 0 0 0 0.5 1 0 0\nA 1 1 1 0.6 0 1 0\n";
    std::fs::write(&path, text).expect("written");
    let m = read_all(&path, &ReadOptions::default(), &["A"]).expect("read");
    assert_eq!(m[0].sizes, Some(vec![1.0, 1.2]));
    assert_eq!(m[0].masses, None);
}

/// A mass or diameter that is not a positive number: an error naming file and line.
#[test]
fn bad_masses_and_diameters_name_the_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let head =
        "3\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:mode:R:3:masses:R:1\n";
    for (bad, what) in [
        ("-1", "not positive"),
        ("0", "not positive"),
        ("nan", "not finite"),
        ("x", "not a number"),
    ] {
        let path = dir.path().join("bad.xyz");
        let text = format!("{head}A 0 0 0 1 0 0 1\nA 1 1 1 0 1 0 {bad}\nA 2 2 2 0 0 1 1\n");
        std::fs::write(&path, text).expect("written");
        let err = read_all(&path, &ReadOptions::default(), &["A"])
            .expect_err(bad)
            .to_string();
        assert!(
            err.contains("bad.xyz, line 4") && err.contains("masses") && err.contains(what),
            "{bad}: {err}"
        );
    }
    let path = dir.path().join("bad_sigma.xyz");
    let text = "1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:mode:R:3:sigma:R:1\nA 0 0 0 1 0 0 -0.5\n";
    std::fs::write(&path, text).expect("written");
    let err = read_all(&path, &ReadOptions::default(), &["A"])
        .expect_err("negative")
        .to_string();
    assert!(err.contains("line 3") && err.contains("diameter"), "{err}");
    let path = dir.path().join("bad_units.xyz");
    let text = "1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:mode:R:3 units=real\nA 0 0 0 1 0 0\n";
    std::fs::write(&path, text).expect("written");
    let err = read_all(&path, &ReadOptions::default(), &["A"])
        .expect_err("units")
        .to_string();
    assert!(
        err.contains("line 2") && err.contains("units 'real'"),
        "{err}"
    );
}

/// A LAMMPS dump's `mass` and `radius` columns, in atom-id order; a bad mass names its
/// line.
#[test]
fn lammps_dump_masses_and_radii() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("glass.dump");
    let head = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n\
                0 5\n0 5\n0 5\nITEM: ATOMS id type x y z mass radius mode[1] mode[2] mode[3]\n";
    std::fs::write(
        &path,
        format!("{head}2 2 1 1 1 2.5 0.7 0 1 0\n1 1 0 0 0 1.5 0.5 1 0 0\n"),
    )
    .expect("written");
    let m = read_modes(&path, &ReadOptions::default(), &["A", "B"]).expect("read");
    assert_eq!(m[0].masses, Some(vec![1.5, 2.5]));
    assert_eq!(m[0].sizes, Some(vec![1.0, 1.4]));
    std::fs::write(
        &path,
        format!("{head}2 2 1 1 1 2.5 0.7 0 1 0\n1 1 0 0 0 -1.5 0.5 1 0 0\n"),
    )
    .expect("written");
    let err = read_modes(&path, &ReadOptions::default(), &["A", "B"])
        .expect_err("negative mass")
        .to_string();
    assert!(err.contains("line 11") && err.contains("mass"), "{err}");
}
