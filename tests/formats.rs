//! The same mode written by the test in every supported format reads back as the same
//! Mode and gives the same analysis (to 1e-12 where the format keeps every digit).

mod common;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use npyz::WriterBuilder;

use common::{compare, data, example_mode, potential};
use serde_json::Value;
use softmode::analysis::{Analyzer, Settings};
use softmode::export::xyz::write_analysis;
use softmode::io::write::{write_displaced, write_modes};
use softmode::io::{
    count_frames, count_frames_with, detect_format, read_mode, read_modes, Format, ReadOptions,
};
use softmode::report::to_json;
use softmode::{Mode, TypeMap};

const SPECIES: &[&str] = &["S", "L"];

/// The example mode with its omega2 dropped (formats without an eigenvalue) or kept.
fn mode(keep_omega2: bool) -> Mode {
    let mut m = example_mode(3);
    if !keep_omega2 {
        m.omega2_file = None;
    }
    m
}

fn analyse(m: Mode) -> Value {
    let a = Analyzer::new(m, potential())
        .run(&Settings::default())
        .expect("analysis");
    let mut v = to_json(&a);
    let o = v.as_object_mut().expect("object");
    o.remove("file");
    o.remove("e_norm_in_file");
    o.remove("frame");
    o.remove("mode");
    v
}

fn assert_same(ours: Mode, reference: &Mode, what: &str) {
    assert_eq!(ours.n_atoms(), reference.n_atoms(), "{what}");
    assert_eq!(ours.species, reference.species, "{what}");
    assert_eq!(ours.cell, reference.cell, "{what}");
    assert_eq!(ours.positions, reference.positions, "{what}: positions");
    for (a, b) in ours.e.iter().zip(&reference.e) {
        assert!((a - b).norm() < 1e-15, "{what}: e {a} vs {b}");
    }
    assert_eq!(ours.omega2_file, reference.omega2_file, "{what}: omega2");
    let mut diffs = Vec::new();
    compare(
        &analyse(ours),
        &analyse(reference.clone()),
        "",
        1e-12,
        1e-14,
        &mut diffs,
    );
    assert!(diffs.is_empty(), "{what}: {diffs:#?}");
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write test file");
}

/// A LAMMPS dump of `modes` with the atoms in a shuffled id order.
fn dump_text(modes: &[&Mode], box_line: &str) -> String {
    let mut s = String::new();
    for (k, m) in modes.iter().enumerate() {
        let l = m.cell.lengths;
        let _ = writeln!(
            s,
            "ITEM: TIMESTEP\n{k}\nITEM: NUMBER OF ATOMS\n{}",
            m.n_atoms()
        );
        if box_line == "abc" {
            let _ = writeln!(s, "ITEM: BOX BOUNDS abc origin pp pp pp");
            let _ = writeln!(
                s,
                "{:?} 0.0 0.0 0.0\n0.0 {:?} 0.0 0.0\n0.0 0.0 {:?} 0.0",
                l[0], l[1], l[2]
            );
        } else {
            let _ = writeln!(s, "ITEM: BOX BOUNDS pp pp pp");
            let _ = writeln!(s, "0.0 {:?}\n0.0 {:?}\n0.0 {:?}", l[0], l[1], l[2]);
        }
        let _ = writeln!(s, "ITEM: ATOMS id type x y z c_mode[1] c_mode[2] c_mode[3]");
        let n = m.n_atoms();
        for j in 0..n {
            let i = (j * 7 + 3) % n; // a permutation for n not divisible by 7
            let (p, e) = (m.positions[i], m.e[i]);
            let _ = writeln!(
                s,
                "{} {} {:?} {:?} {:?} {:?} {:?} {:?}",
                i + 1,
                m.species[i] + 1,
                p.x,
                p.y,
                p.z,
                e.x,
                e.y,
                e.z
            );
        }
    }
    s
}

fn data_text(m: &Mode) -> String {
    let l = m.cell.lengths;
    let mut s = format!(
        "LAMMPS data file written by a test\n\n{} atoms\n2 atom types\n\n",
        m.n_atoms()
    );
    let _ = writeln!(
        s,
        "0.0 {:?} xlo xhi\n0.0 {:?} ylo yhi\n0.0 {:?} zlo zhi\n",
        l[0], l[1], l[2]
    );
    s.push_str("Masses\n\n1 1.0\n2 1.0\n\nAtoms # atomic\n\n");
    for (i, p) in m.positions.iter().enumerate().rev() {
        let _ = writeln!(
            s,
            "{} {} {:?} {:?} {:?} 0 0 0",
            i + 1,
            m.species[i] + 1,
            p.x,
            p.y,
            p.z
        );
    }
    s.push_str("\nVelocities\n\n1 0 0 0\n");
    s
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn opts_with_config(cfg: &Path) -> ReadOptions {
    ReadOptions {
        config: Some(cfg.to_owned()),
        ..ReadOptions::default()
    }
}

#[test]
fn lammps_dump_gives_the_same_analysis() {
    let d = dir();
    let m = mode(false);
    for box_line in ["pp", "abc"] {
        let path = d.path().join(format!("modes_{box_line}.dump"));
        write(&path, &dump_text(&[&m, &m.flipped()], box_line));
        assert_eq!(detect_format(&path).expect("detect"), Format::LammpsDump);
        let all = read_modes(&path, &ReadOptions::default(), SPECIES).expect("dump reads");
        assert_eq!(all.len(), 2);
        assert_eq!(count_frames(&path).expect("count"), 2, "{box_line}");
        assert_eq!(all[1].e[0], -all[0].e[0]);
        let one = read_mode(&path, 1, &ReadOptions::default(), SPECIES).expect("frame 1");
        assert_eq!(one.frame, 1);
        assert_same(all.into_iter().next().expect("mode 0"), &m, box_line);
    }
}

#[test]
fn data_file_with_text_eigenvectors_in_every_layout() {
    let d = dir();
    let with_w = mode(true);
    let without = mode(false);
    let cfg = d.path().join("glass.data");
    write(&cfg, &data_text(&with_w));
    assert_eq!(detect_format(&cfg).expect("detect"), Format::LammpsData);
    let comps = |m: &Mode| {
        m.e.iter()
            .flat_map(|v| [v.x, v.y, v.z])
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
    };
    // Layout A: omega2 then 3N numbers, one mode per line (two modes).
    let w = with_w.omega2_file.expect("the example has omega2");
    let a = format!(
        "# omega2 e...\n{w:?} {}\n{w:?} {}\n",
        comps(&with_w).join(" "),
        comps(&with_w.flipped()).join(" ")
    );
    // Layout B: 3N lines per mode, blank-line separated; and N lines of 3.
    let b = format!(
        "{}\n\n{}\n",
        comps(&without).join("\n"),
        comps(&without).join("\n")
    );
    let b3: String = without
        .e
        .iter()
        .map(|v| format!("{:?} {:?} {:?}\n", v.x, v.y, v.z))
        .collect();
    let cases = [
        ("a.txt", a, &with_w, 2),
        ("b.txt", b, &without, 2),
        ("b3.eig", b3, &without, 1),
    ];
    for (name, text, reference, count) in cases {
        let path = d.path().join(name);
        write(&path, &text);
        let opts = opts_with_config(&cfg);
        let modes = read_modes(&path, &opts, SPECIES).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(modes.len(), count, "{name}");
        assert_eq!(
            count_frames_with(&path, &opts, SPECIES).expect("count"),
            count
        );
        let last = read_mode(&path, count - 1, &opts, SPECIES).expect("last mode");
        assert_eq!(last.frame, count - 1);
        assert_same(modes.into_iter().next().expect("mode"), reference, name);
        // Without a configuration: a clear error.
        let e = read_modes(&path, &ReadOptions::default(), SPECIES).expect_err("needs --config");
        assert!(e.to_string().contains("--config"), "{e}");
        let e = count_frames(&path).expect_err("needs --config");
        assert!(e.to_string().contains("--config"), "{e}");
    }
    // The dump serves as the configuration too.
    let dump = d.path().join("conf.dump");
    write(&dump, &dump_text(&[&without], "pp"));
    let path = d.path().join("b3.eig");
    let m = read_mode(&path, 0, &opts_with_config(&dump), SPECIES).expect("dump as config");
    assert_same(m, &without, "dump as config");
}

fn npy_bytes(shape: &[u64], values: &[f64]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = npyz::WriteOptions::<f64>::new()
        .default_dtype()
        .shape(shape)
        .writer(&mut out)
        .begin_nd()
        .expect("npy writer");
    w.extend(values.iter().copied()).expect("npy data");
    w.finish().expect("npy finish");
    out
}

fn npy_i64(shape: &[u64], values: &[i64]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = npyz::WriteOptions::<i64>::new()
        .default_dtype()
        .shape(shape)
        .writer(&mut out)
        .begin_nd()
        .expect("npy writer");
    w.extend(values.iter().copied()).expect("npy data");
    w.finish().expect("npy finish");
    out
}

fn npz(path: &Path, arrays: &[(&str, Vec<u8>)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).expect("create npz"));
    for (name, bytes) in arrays {
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file(format!("{name}.npy"), o).expect("zip member");
        z.write_all(bytes).expect("zip data");
    }
    z.finish().expect("zip finish");
}

#[test]
fn numpy_npz_and_npy_give_the_same_analysis() {
    let d = dir();
    let m = mode(true);
    let n = m.n_atoms() as u64;
    let pos: Vec<f64> = m.positions.iter().flat_map(|p| [p.x, p.y, p.z]).collect();
    let e: Vec<f64> = m.e.iter().flat_map(|v| [v.x, v.y, v.z]).collect();
    let flipped: Vec<f64> = e.iter().map(|x| -x).collect();
    let types: Vec<i64> = m.species.iter().map(|s| i64::from(*s) + 1).collect();
    let w = m.omega2_file.expect("omega2");
    let mut two = e.clone();
    two.extend(&flipped);
    // (3N, k): column j is mode j.
    let cols: Vec<f64> = e.iter().zip(&flipped).flat_map(|(a, b)| [*a, *b]).collect();
    let base = |modes: (&[u64], &[f64])| {
        vec![
            ("positions", npy_bytes(&[n, 3], &pos)),
            ("types", npy_i64(&[n], &types)),
            ("box", npy_bytes(&[3], &m.cell.lengths)),
            ("modes", npy_bytes(modes.0, modes.1)),
            ("omega2", npy_bytes(&[2], &[w, w])),
        ]
    };
    for (name, shape) in [("kn3.npz", vec![2, n, 3]), ("3nk.npz", vec![3 * n, 2])] {
        let path = d.path().join(name);
        let values = if shape.len() == 3 { &two } else { &cols };
        npz(&path, &base((&shape, values)));
        assert_eq!(detect_format(&path).expect("detect"), Format::Npz);
        let modes = read_modes(&path, &ReadOptions::default(), SPECIES)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(modes.len(), 2);
        assert_eq!(count_frames(&path).expect("count"), 2, "{name}");
        assert_eq!(modes[1].e[5], -modes[0].e[5]);
        assert_same(modes.into_iter().next().expect("mode"), &m, name);
    }
    // A lone .npy of one mode (N, 3) beside a LAMMPS data file.
    let cfg = d.path().join("glass.data");
    write(&cfg, &data_text(&m));
    let path = d.path().join("mode.npy");
    std::fs::write(&path, npy_bytes(&[n, 3], &e)).expect("write npy");
    assert_eq!(detect_format(&path).expect("detect"), Format::Npy);
    let one = read_mode(&path, 0, &opts_with_config(&cfg), SPECIES).expect("npy + data");
    let count = count_frames_with(&path, &opts_with_config(&cfg), SPECIES).expect("count");
    assert_eq!(count, 1);
    // (3N, 2) needs the configuration's N to tell it from (N, 3).
    std::fs::write(&path, npy_bytes(&[3 * n, 2], &cols)).expect("write npy");
    let count = count_frames_with(&path, &opts_with_config(&cfg), SPECIES).expect("count");
    assert_eq!(count, 2);
    let e = count_frames_with(&cfg, &ReadOptions::default(), SPECIES).expect_err("data file");
    assert!(e.to_string().contains("no eigenvector"), "{e}");
    assert_same(one, &mode(false), "npy");
}

#[test]
fn extxyz_writer_round_trips() {
    let d = dir();
    let m = mode(true);
    let path = d.path().join("out.extxyz");
    write_modes(&path, &[m.clone(), m.flipped()], SPECIES, false).expect("write");
    let back = read_modes(&path, &ReadOptions::default(), SPECIES).expect("read back");
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].e, m.e, "bit-identical");
    assert_same(back.into_iter().next().expect("mode"), &m, "extxyz");
    // Never overwritten unless asked.
    let e = write_modes(&path, std::slice::from_ref(&m), SPECIES, false).expect_err("exists");
    assert!(e.to_string().contains("not overwritten"), "{e}");
    write_modes(&path, std::slice::from_ref(&m), SPECIES, true).expect("overwrite");
}

#[test]
fn analysis_and_displaced_writers_read_back() {
    let d = dir();
    let m = mode(true);
    let a = Analyzer::new(m.clone(), potential())
        .run(&Settings::default())
        .expect("analysis");
    let path = d.path().join("fields.extxyz");
    write_analysis(&path, &a, SPECIES, false, false).expect("write");
    let text = std::fs::read_to_string(&path).expect("read");
    let comment = text.lines().nth(1).expect("comment line");
    assert!(
        comment
            .contains("Properties=species:S:1:pos:R:3:mode:R:3:dipole_field:R:3:random_part:R:3"),
        "{comment}"
    );
    let read = |v: &str| {
        let o = ReadOptions {
            vector: v.to_owned(),
            ..ReadOptions::default()
        };
        read_mode(&path, 0, &o, SPECIES).expect("vector column")
    };
    assert_eq!(read("mode").e, m.e);
    let s = read("dipole_field");
    let r = read("random_part");
    for i in [0, 17, 1999] {
        let (si, ri) = (s.e[i] * s.e_norm_in_file, r.e[i] * r.e_norm_in_file);
        assert!((si - a.field_at(i)).norm() < 1e-15);
        assert!((si + ri - m.e[i]).norm() < 1e-15, "s + e_r = e");
    }
    let path = d.path().join("displaced.extxyz");
    write_displaced(&path, &m, 0.5, SPECIES, false).expect("write displaced");
    let moved = read_mode(&path, 0, &ReadOptions::default(), SPECIES).expect("read displaced");
    for i in [0, 999] {
        assert!((moved.positions[i] - (m.positions[i] + 0.5 * m.e[i])).norm() < 1e-15);
    }
}

/// The example mode with every number rounded as ASE writes it ('%16.8f').
fn rounded_like_ase(m: &Mode) -> Mode {
    let r = |x: f64| format!("{x:.8}").parse::<f64>().expect("number");
    let raw = |v: &nalgebra::Vector3<f64>| v.map(r);
    Mode::new(
        m.source.clone(),
        0,
        m.positions.iter().map(raw).collect(),
        m.species.clone(),
        m.cell,
        m.e.iter().map(|v| raw(&(v * m.e_norm_in_file))).collect(),
        m.omega2_file,
    )
    .expect("valid")
}

/// tests/data/ase_cuzr_m3.extxyz.gz was written by ase.io.write(format="extxyz") from
/// mode 3 of the example with S -> Cu, L -> Zr (tests/data/scripts/make_ase_file.py).
#[test]
fn ase_written_file_gives_the_example_results() {
    let path: PathBuf = data("ase_cuzr_m3.extxyz.gz");
    let opts = ReadOptions {
        types: TypeMap::parse("Cu=S,Zr=L").expect("types"),
        ..ReadOptions::default()
    };
    let m = read_mode(&path, 0, &opts, SPECIES).expect("ASE file reads");
    let reference = mode(true);
    // Exactly the example as ASE rounds it (8 decimals) ...
    assert_same(m.clone(), &rounded_like_ase(&reference), "ASE");
    // ... and the example's results to the precision 8 decimals leave.
    let run = |m: Mode| {
        Analyzer::new(m, potential())
            .run(&Settings::default())
            .expect("analysis")
    };
    let (a, b) = (run(m), run(reference));
    for k in 0..4 {
        assert!(
            (a.d_inf[k] - b.d_inf[k]).abs() <= 1e-4 * b.d_inf[3].abs(),
            "D{} {} vs {}",
            k + 1,
            a.d_inf[k],
            b.d_inf[k]
        );
    }
    let (fa, fb) = (a.f_r.expect("f_r"), b.f_r.expect("f_r"));
    assert!((fa - fb).abs() <= 1e-4 * fb.abs(), "f_r {fa} vs {fb}");
    let e = read_mode(&path, 0, &ReadOptions::default(), SPECIES).expect_err("Cu unmapped");
    assert!(e.to_string().contains("--types Cu="), "{e}");
}

#[test]
fn export_xyz_command() {
    let d = dir();
    let out = d.path().join("m3.extxyz");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_softmode"))
            .arg("export-xyz")
            .arg(common::example_path())
            .args(["--frame", "3", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .expect("run softmode")
    };
    assert!(run(&[]).status.success());
    let again = run(&[]);
    assert!(!again.status.success(), "an existing file is kept");
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("exists; not overwritten (use --force to replace it)"),
        "{said}"
    );
    assert!(run(&["--displace", "-0.25", "--force"]).status.success());
    let moved = read_mode(&out, 0, &ReadOptions::default(), SPECIES).expect("reads back");
    let m = mode(true);
    assert!((moved.positions[7] - (m.positions[7] - 0.25 * m.e[7])).norm() < 1e-15);
}

/// The h5py-written atooms file (tests/data/scripts/make_atooms_h5.py) holds modes 3 and
/// 4 of the example glass: mode 0 of the file must analyse like the example's mode 3.
#[test]
fn atooms_hdf5_gives_the_example_results() {
    let path = data("ipl2000_m3m4_atooms.h5");
    assert_eq!(detect_format(&path).expect("detect"), Format::Hdf5);
    assert_eq!(count_frames(&path).expect("count"), 2);
    let modes = read_modes(&path, &ReadOptions::default(), SPECIES).expect("hdf5 reads");
    assert_eq!(modes.len(), 2);
    let four = common::example_mode(4);
    assert_eq!(modes[1].e, four.e);
    assert_eq!(modes[1].omega2_file, four.omega2_file);
    assert_same(
        modes.into_iter().next().expect("mode"),
        &mode(true),
        "atooms h5",
    );
    let one = read_mode(&path, 1, &ReadOptions::default(), SPECIES).expect("frame 1");
    assert_eq!(one.e, four.e);
    // Positions, species and box serve as the configuration of a text eigenvector.
    let d = dir();
    let eig = d.path().join("m3.txt");
    let m = mode(false);
    let text: String =
        m.e.iter()
            .map(|v| format!("{:?} {:?} {:?}\n", v.x, v.y, v.z))
            .collect();
    write(&eig, &text);
    let from_text = read_mode(&eig, 0, &opts_with_config(&path), SPECIES).expect("h5 config");
    assert_same(from_text, &m, "h5 as config");
}

/// Plain datasets `trajectory/normalmodes/eigenvectors` (k, N, 3) and `eigenvalues` (k),
/// species by `identity`, the box kept as (1, 3).
#[test]
fn hdf5_plain_datasets() {
    let path = data("h5_plain_datasets.h5");
    assert_eq!(count_frames(&path).expect("count"), 2);
    let m = read_modes(&path, &ReadOptions::default(), SPECIES).expect("reads");
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].species, vec![0, 1, 1, 0]);
    assert_eq!(m[0].cell.lengths, [10.0, 11.0, 12.0]);
    assert_eq!(m[0].e[0].x, 1.0);
    assert_eq!(m[1].e[3].z, -1.0);
    assert_eq!(m[1].omega2_file, Some(0.75));
    let swapped = ReadOptions {
        types: TypeMap::parse("1=L,2=S").expect("map"),
        ..ReadOptions::default()
    };
    let m = read_modes(&path, &swapped, SPECIES).expect("reads");
    assert_eq!(m[0].species, vec![1, 0, 0, 1]);
}
