//! The extended-XYZ reader on the example file and on rewritten copies of it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use softmode::io::{count_frames, read_all, read_frame, ReadOptions};
use softmode::Mode;

const SPECIES: &[&str] = &["S", "L"];
const BOX: f64 = 13.460836455587094;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz")
}

/// The example file as text, decompressed independently of the reader.
fn example_text() -> String {
    let mut s = String::new();
    MultiGzDecoder::new(std::fs::File::open(example()).expect("open example"))
        .read_to_string(&mut s)
        .expect("gunzip example");
    s
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .expect("write test file");
    p
}

fn assert_same(a: &Mode, b: &Mode) {
    assert_eq!(a.frame, b.frame);
    assert_eq!(a.positions, b.positions);
    assert_eq!(a.species, b.species);
    assert_eq!(a.cell, b.cell);
    assert_eq!(a.e, b.e);
    assert_eq!(a.e_norm_in_file, b.e_norm_in_file);
    assert_eq!(a.omega2_file, b.omega2_file);
}

#[test]
fn example_file() {
    let modes = read_all(&example(), &ReadOptions::default(), SPECIES).expect("example reads");
    assert_eq!(modes.len(), 10);
    for (k, m) in modes.iter().enumerate() {
        assert_eq!(m.frame, k);
        assert_eq!(m.n_atoms(), 2000);
        assert_eq!(m.cell.lengths, [BOX; 3]);
        let norm2: f64 = m.e.iter().map(|v| v.norm_squared()).sum();
        assert!((norm2 - 1.0).abs() < 1e-12, "frame {k}: |e|^2 = {norm2}");
        assert!(m.omega2_file.is_some());
        assert_eq!(m.source, example());
    }
    // The value as written in the file, parsed by Rust (round-to-nearest).
    let want: f64 = "0.98785366644735484".parse().expect("number");
    assert_eq!(modes[0].omega2_file, Some(want));

    // Species counts checked against the text itself: atom lines starting with "S ".
    let text = example_text();
    let mut lines = text.lines();
    let first: Vec<&str> = lines.by_ref().skip(2).take(2000).collect();
    let n_s = first.iter().filter(|l| l.starts_with("S ")).count();
    let n_l = first.iter().filter(|l| l.starts_with("L ")).count();
    assert_eq!((n_s, n_l), (1000, 1000));
    let m0 = &modes[0];
    assert_eq!(m0.species.iter().filter(|s| **s == 0).count(), n_s);
    assert_eq!(m0.species.iter().filter(|s| **s == 1).count(), n_l);
    for (line, s) in first.iter().zip(&m0.species) {
        assert_eq!(line.starts_with("S "), *s == 0);
    }
    // First position as written in the file.
    let f: Vec<f64> = first[0]
        .split_whitespace()
        .skip(1)
        .map(|t| t.parse().expect("number"))
        .collect();
    assert_eq!(m0.positions[0].as_slice(), &f[..3]);
    let e0 = m0.e[0] * m0.e_norm_in_file;
    for k in 0..3 {
        assert!((e0[k] - f[3 + k]).abs() <= 1e-15 * f[3 + k].abs().max(1e-3));
    }
}

#[test]
fn read_frame_and_count() {
    let opts = ReadOptions::default();
    let all = read_all(&example(), &opts, SPECIES).expect("example reads");
    let m7 = read_frame(&example(), 7, &opts, SPECIES).expect("frame 7");
    assert_same(&m7, &all[7]);
    let m0 = read_frame(&example(), 0, &opts, SPECIES).expect("frame 0");
    assert_same(&m0, &all[0]);
    let m9 = read_frame(&example(), 9, &opts, SPECIES).expect("frame 9");
    assert_same(&m9, &all[9]);
    let err = read_frame(&example(), 10, &opts, SPECIES).expect_err("no frame 10");
    assert!(err.to_string().contains("10 frames"), "{err}");
    assert_eq!(count_frames(&example()).expect("count"), 10);
}

#[test]
fn permuted_columns_extra_columns_other_vector_and_plain_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = ReadOptions::default();
    let all = read_all(&example(), &opts, SPECIES).expect("example reads");

    // Plain-text copy of the whole file.
    let plain = write(dir.path(), "plain.extxyz", &example_text());
    let modes = read_all(&plain, &opts, SPECIES).expect("plain reads");
    assert_eq!(modes.len(), 10);
    for (a, b) in modes.iter().zip(&all) {
        assert_same(a, b);
    }
    assert_eq!(count_frames(&plain).expect("count"), 10);

    // Frame 0 with columns permuted, an extra I column and an extra R:2 column, and the
    // eigenvector under another name; keys in another case and order.
    let text = example_text();
    let mut lines = text.lines();
    let count = lines.next().expect("count");
    let comment = lines.next().expect("comment");
    let lattice = comment.split('"').nth(1).expect("Lattice value");
    let mut out = format!(
        "{count}\nomega2=0.98785366644735484 PBC=\"T T T\" properties=id:I:1:qlm:R:3:junk:R:2:pos:R:3:species:S:1 \
         lattice=\"{lattice}\"\n"
    );
    for (i, l) in lines.take(2000).enumerate() {
        let f: Vec<&str> = l.split_whitespace().collect();
        out += &format!(
            "{i} {} {} {} 1.5 abc {} {} {} {}\n",
            f[4], f[5], f[6], f[1], f[2], f[3], f[0]
        );
    }
    let p = write(dir.path(), "permuted.xyz", &out);
    let other = ReadOptions {
        vector: "qlm".into(),
        ..ReadOptions::default()
    };
    let m = read_all(&p, &other, SPECIES).expect("permuted reads");
    assert_eq!(m.len(), 1);
    assert_same(&m[0], &all[0]);
    let err = read_all(&p, &opts, SPECIES).expect_err("no 'mode' column");
    let msg = err.to_string();
    assert!(
        msg.contains("line 2") && msg.contains("'mode'") && msg.contains("qlm:R:3"),
        "{msg}"
    );
}

#[test]
fn crlf_blank_trailing_lines_and_type_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "2\r\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:I:1:pos:R:3:mode:R:3\r\n\
                1 0 0 0 1 0 0\r\n2 1 1 1 0 1 0\r\n\n\n";
    let p = write(dir.path(), "crlf.extxyz", text);
    let m = read_all(&p, &ReadOptions::default(), SPECIES).expect("reads");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].species, vec![0, 1]);
    assert_eq!(m[0].omega2_file, None);
    let swapped = ReadOptions {
        types: softmode::TypeMap::parse("1=L,2=S").expect("map"),
        ..ReadOptions::default()
    };
    let m = read_all(&p, &swapped, SPECIES).expect("reads");
    assert_eq!(m[0].species, vec![1, 0]);
}

/// A 128,000-atom frame reads completely (no header-count shortcut, no truncation).
#[test]
fn large_frame_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 128_000;
    let l = 53.84;
    let mut text = format!(
        "{n}\nLattice=\"{l} 0 0 0 {l} 0 0 0 {l}\" Properties=species:S:1:pos:R:3:mode:R:3 pbc=\"T T T\"\n"
    );
    let mut x: u64 = 12345;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..n {
        let s = if i % 2 == 0 { "S" } else { "L" };
        text += &format!(
            "{s} {} {} {} {} {} {}\n",
            next() * l,
            next() * l,
            next() * l,
            next() - 0.5,
            next() - 0.5,
            next() - 0.5
        );
    }
    let p = write(dir.path(), "big.extxyz", &text);
    let m = read_all(&p, &ReadOptions::default(), SPECIES).expect("big frame reads");
    assert_eq!(m[0].n_atoms(), n);
    assert_eq!(m[0].species.iter().filter(|&&s| s == 1).count(), n / 2);
    // Its speed is measured by `cargo bench --bench analysis` (load/128k), not here.
}

/// A load run under a `Progress` counts the whole file once (format detection is not
/// counted) and notes the species labels; unknown labels are read (as species 0) so that
/// the window can ask for them.
#[test]
fn progress_counts_the_file_once_and_notes_labels() {
    use softmode::io::{read_modes, Progress};
    let p = Progress::default();
    let modes = p
        .run(|| read_modes(&example(), &ReadOptions::default(), SPECIES))
        .expect("example");
    assert_eq!(modes.len(), 10);
    assert_eq!(p.fraction(), Some(1.0));
    assert_eq!(p.labels(), vec!["S".to_owned(), "L".to_owned()]);
    let dir = tempfile::tempdir().expect("tempdir");
    let cu = dir.path().join("cu.extxyz");
    let frame = "2\nLattice=\"9 0 0 0 9 0 0 0 9\" Properties=species:S:1:pos:R:3:mode:R:3\n\
                 Cu 1 1 1 1 0 0\nZr 4 4 4 0 1 0\n";
    std::fs::write(&cu, frame).expect("write");
    assert!(read_modes(&cu, &ReadOptions::default(), SPECIES).is_err());
    let p = Progress::default();
    let m = p
        .run(|| read_modes(&cu, &ReadOptions::default(), SPECIES))
        .expect("lenient under Progress");
    assert_eq!(m[0].species, vec![0, 0]);
    assert_eq!(p.labels(), vec!["Cu".to_owned(), "Zr".to_owned()]);
}

/// A frame of `mode` as extended XYZ text with full-precision numbers.
fn frame_text(mode: &Mode) -> String {
    let l = mode.cell.lengths;
    let mut s = format!(
        "{}\nLattice=\"{} 0 0 0 {} 0 0 0 {}\" Properties=species:S:1:pos:R:3:mode:R:3\n",
        mode.n_atoms(),
        l[0],
        l[1],
        l[2]
    );
    for ((p, e), k) in mode.positions.iter().zip(&mode.e).zip(&mode.species) {
        s += &format!(
            "{} {:?} {:?} {:?} {:?} {:?} {:?}\n",
            SPECIES[*k as usize], p[0], p[1], p[2], e[0], e[1], e[2]
        );
    }
    s
}

/// A frame larger than the reader's block of lines (read and parsed block by block, in
/// parallel): the same atoms in the same order, and errors at the right line, the first
/// one in the file winning.
#[test]
fn large_frames_read_in_blocks_keep_order_and_line_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let small = read_frame(&example(), 2, &ReadOptions::default(), SPECIES).expect("example");
    let big = small.tiled([3, 3, 3]); // 54,000 atoms: several blocks
    let text = frame_text(&big);
    let p = write(dir.path(), "big.extxyz", &text);
    let back = read_frame(&p, 0, &ReadOptions::default(), SPECIES).expect("big frame");
    assert_eq!(back.positions, big.positions);
    assert_eq!(back.species, big.species);
    // e is normalised on load: compare against the file's numbers the same way
    let n = big.e.iter().map(|v| v.norm_squared()).sum::<f64>().sqrt();
    for (a, b) in back.e.iter().zip(&big.e) {
        assert!((a - b / n).norm() <= 1e-15);
    }

    let lines: Vec<&str> = text.lines().collect();
    let with = |edits: &[(usize, &str)], keep: usize| {
        let mut l: Vec<String> = lines[..keep].iter().map(|s| s.to_string()).collect();
        for (k, t) in edits {
            l[*k] = (*t).to_owned();
        }
        l.join("\n") + "\n"
    };
    let err = |text: String| {
        let p = write(dir.path(), "bad.extxyz", &text);
        read_frame(&p, 0, &ReadOptions::default(), SPECIES)
            .expect_err("broken file")
            .to_string()
    };
    // a bad number deep in the file: line 40,001 (atom 39,999)
    let e = err(with(&[(40_000, "S 1.0 nan 2.0 0.1 0.2 0.3")], lines.len()));
    assert!(e.contains("line 40001") && e.contains("not finite"), "{e}");
    // a short file: the count says 54,000 atoms, 30,000 lines follow
    let e = err(with(&[], 30_002));
    assert!(
        e.contains("line 30002") && e.contains("after 30000 of the 54000 atom lines"),
        "{e}"
    );
    // both: the bad field at line 9,000 comes first, not the truncation after it
    let e = err(with(&[(8_999, "S 1.0 2.0 3.0 0.1 0.2")], 30_002));
    assert!(
        e.contains("line 9000") && e.contains("expected 7 fields, found 6"),
        "{e}"
    );
    // an unknown species label in a later block names its own line
    let e = err(with(&[(20_000, "X 1.0 2.0 3.0 0.1 0.2 0.3")], lines.len()));
    assert!(e.contains("line 20001"), "{e}");
}
