//! The reader against closed forms: lj/cut with shift and mixing, tables written from a
//! closed-form potential, and bad files (every error names the file and the line).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::read;
use crate::potential::{load, Atom, Potential};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path
}

fn phi(pot: &Potential, a: u8, b: u8, r: f64) -> [f64; 5] {
    pot.pair.derivatives(Atom::of(a), Atom::of(b), r)
}

/// 4 eps ((s/r)^12 - (s/r)^6) and its four derivatives, written out by hand.
fn lj_closed_form(eps: f64, s: f64, r: f64) -> [f64; 5] {
    let (a, b) = (4.0 * eps * s.powi(12), 4.0 * eps * s.powi(6));
    [
        a / r.powi(12) - b / r.powi(6),
        -12.0 * a / r.powi(13) + 6.0 * b / r.powi(7),
        156.0 * a / r.powi(14) - 42.0 * b / r.powi(8),
        -2184.0 * a / r.powi(15) + 336.0 * b / r.powi(9),
        32760.0 * a / r.powi(16) - 3024.0 * b / r.powi(10),
    ]
}

fn assert_close(ours: [f64; 5], expect: [f64; 5], rel: f64, what: &str) {
    for k in 0..5 {
        let tol = rel * expect[k].abs().max(1e-300) + 1e-14;
        assert!(
            (ours[k] - expect[k]).abs() <= tol,
            "{what}: derivative {k}: {} vs {}",
            ours[k],
            expect[k]
        );
    }
}

const LJ: &str = "units lj\natom_style atomic\npair_style lj/cut 2.5\npair_modify shift yes\n\
pair_coeff 1 1 1.0 1.0\npair_coeff 2 2 0.5 0.88 2.2\nmass 1 1.0\nmass 2 2.0\n";

#[test]
fn lj_cut_shifted_and_geometric_mixing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pot = read(&write(dir.path(), "lj.lammps", LJ)).expect("valid file");
    assert_eq!(pot.species(), ["1", "2"]);
    assert_eq!(pot.mass(1), 2.0);
    assert!(!pot.tabulated);
    // (eps, sigma, cut) of 11, 22 and the geometric mix for 12
    let pairs = [
        (0, 0, 1.0, 1.0, 2.5),
        (1, 1, 0.5, 0.88, 2.2),
        (0, 1, 0.5f64.sqrt(), 0.88f64.sqrt(), (2.5f64 * 2.2).sqrt()),
    ];
    for (a, b, eps, s, cut) in pairs {
        assert!((pot.pair.cutoff(Atom::of(a), Atom::of(b)) - cut).abs() < 1e-15);
        let offset = lj_closed_form(eps, s, cut)[0];
        for r in [0.8, 1.0, 1.3, 2.0, cut - 1e-9] {
            let mut expect = lj_closed_form(eps, s, r);
            expect[0] -= offset;
            assert_close(phi(&pot, a, b, r), expect, 1e-13, "lj/cut");
            assert_close(phi(&pot, b, a, r), expect, 1e-13, "lj/cut (b, a)");
            let e = pot.pair.energy_r2(Atom::of(a), Atom::of(b), r * r);
            assert!((e - expect[0]).abs() <= 1e-13 * expect[0].abs() + 1e-14);
        }
        assert!(phi(&pot, a, b, cut - 1e-12)[0].abs() < 1e-9, "shifted to 0");
        assert_eq!(phi(&pot, a, b, cut), [0.0; 5]);
    }
    assert!((pot.diameter(0) - 1.0).abs() < 1e-3 && (pot.diameter(1) - 0.88).abs() < 1e-3);
}

#[test]
fn lj_cut_arithmetic_mixing_and_unshifted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = LJ.replace("pair_modify shift yes", "pair_modify mix arithmetic");
    let pot = read(&write(dir.path(), "lj.lammps", &text)).expect("valid file");
    let (eps, s, cut) = (0.5f64.sqrt(), 0.94, 2.35);
    assert!((pot.pair.cutoff(Atom::of(0), Atom::of(1)) - cut).abs() < 1e-15);
    assert_close(
        phi(&pot, 0, 1, 1.1),
        lj_closed_form(eps, s, 1.1),
        1e-13,
        "mixed",
    );
}

/// KA's A-A smoothed Lennard-Jones (c0, c2, c4 of ka2000.lammps) and its derivatives.
fn smoothed_lj(r: f64) -> [f64; 5] {
    let (c0, c2, c4) = (0.040490237952, -0.00970155098112, 0.0006201261686784);
    let mut d = lj_closed_form(1.0, 1.0, r);
    let poly = [
        c0 + c2 * r * r + c4 * r.powi(4),
        2.0 * c2 * r + 4.0 * c4 * r.powi(3),
        2.0 * c2 + 12.0 * c4 * r * r,
        24.0 * c4 * r,
        24.0 * c4,
    ];
    for k in 0..5 {
        d[k] += 4.0 * poly[k];
    }
    d
}

/// A LAMMPS table section of `n` lines, evenly spaced in r from lo to hi.
fn table_section(name: &str, n: usize, lo: f64, hi: f64) -> String {
    let mut s = format!("# smoothed LJ\n\n{name}\nN {n} R {lo} {hi}\n\n");
    for i in 0..n {
        let r = lo + (hi - lo) * i as f64 / (n - 1) as f64;
        let d = smoothed_lj(r);
        writeln!(s, "{} {r:.17e} {:.17e} {:.17e}", i + 1, d[0], -d[1]).expect("string");
    }
    s
}

/// The spline tables reproduce the closed form: with 2000 file points (h = 8.5e-4) and
/// 5000 r^2 points the cubic-spline error is ~ h^4 phi''''/384 ~ 1e-9 at r = 0.85.
#[test]
fn spline_table_matches_the_closed_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tables = table_section("OTHER", 3, 0.9, 2.0);
    tables += &table_section("KA_AA", 2000, 0.8, 2.5);
    write(dir.path(), "ka.table", &tables);
    let text = "pair_style table spline 5000\npair_coeff 1 1 ka.table KA_AA\nmass 1 1\n";
    let pot = read(&write(dir.path(), "t.lammps", text)).expect("valid file");
    assert!(pot.tabulated);
    let mut worst = [0.0f64; 3];
    for k in 0..400 {
        let r = 0.85 + 1.6 * k as f64 / 400.0;
        let (ours, exact) = (phi(&pot, 0, 0, r), smoothed_lj(r));
        for d in 0..3 {
            let dev = (ours[d] - exact[d]).abs() / (exact[d].abs() + 1.0);
            worst[d] = worst[d].max(dev);
        }
    }
    eprintln!("spline table vs closed form (relative to |.| + 1): {worst:?}");
    assert!(worst[0] < 1e-8 && worst[1] < 1e-8, "{worst:?}");
    // phi'' is the derivative of the interpolated force: C1, two orders less accurate
    assert!(worst[2] < 1e-4, "{worst:?}");
    assert_eq!(phi(&pot, 0, 0, 2.5), [0.0; 5]);
}

/// Linear tables: at the r^2 grid the values are exact (a file on that grid is used
/// as is); between them the error is delta^2/8 d2phi/d(r^2)^2.
#[test]
fn linear_table_uses_a_matching_grid_as_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 1000;
    let (lo, hi) = (0.9f64, 2.5f64);
    let mut s = format!("KA\nN {n} RSQ {lo} {hi}\n\n");
    let r_of = |i: usize| (lo * lo + (hi * hi - lo * lo) * i as f64 / (n - 1) as f64).sqrt();
    for i in 0..n {
        let d = smoothed_lj(r_of(i));
        writeln!(s, "{} {:.17e} {:.17e} {:.17e}", i + 1, r_of(i), d[0], -d[1]).expect("string");
    }
    write(dir.path(), "ka.table", &s);
    let text = "pair_style table linear 1000\npair_coeff * * ka.table KA\nmass * 1\n";
    let pot = read(&write(dir.path(), "t.lammps", text)).expect("valid file");
    for i in [0, 10, 500, 998] {
        let r = r_of(i);
        let e = pot.pair.energy_r2(Atom::of(0), Atom::of(0), r * r);
        let exact = smoothed_lj(r);
        assert!(
            (e - exact[0]).abs() <= 1e-12 * (exact[0].abs() + 1.0),
            "{i}: {e}"
        );
        let f = phi(&pot, 0, 0, r)[1];
        assert!(
            (f - exact[1]).abs() <= 1e-11 * (exact[1].abs() + 1.0),
            "{i}: {f}"
        );
    }
    let r = 0.5 * (r_of(100) + r_of(101));
    let dev = (phi(&pot, 0, 0, r)[0] - smoothed_lj(r)[0]).abs();
    assert!(dev < 1e-4 && dev > 0.0, "{dev}");
}

#[test]
fn load_by_name_or_file() {
    assert_eq!(load("3dipl").expect("built in").name(), "3dipl");
    let err = load("no-such-potential").expect_err("an error").to_string();
    assert!(
        err.contains("no-such-potential") && err.contains("3dipl"),
        "{err}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "lj.lammps", LJ);
    let pot = load(path.to_str().expect("utf-8")).expect("file");
    assert_eq!(pot.species.len(), 2);
}

/// The message of reading `text` as a potential file (with `extra` files beside it).
fn error_of(text: &str, extra: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, body) in extra {
        write(dir.path(), name, body);
    }
    let path = write(dir.path(), "bad.lammps", text);
    let err = read(&path).expect_err("a bad file").to_string();
    assert!(err.contains("bad.lammps"), "names the file: {err}");
    err
}

#[test]
fn bad_files_name_file_line_and_what_is_supported() {
    let e = error_of("units lj\nvelocity all create 1.0 1\n", &[]);
    assert!(
        e.contains("line 2")
            && e.contains("unknown command 'velocity'")
            && e.contains("pair_style"),
        "{e}"
    );

    let e = error_of("units lj\npair_style morse 2.5\n", &[]);
    assert!(
        e.contains("line 2") && e.contains("morse") && e.contains("lj/cut, lepton, table"),
        "{e}"
    );

    let e = error_of(
        "pair_style lepton 2.5\npair_coeff 1 1 \"r^-12\"\npair_coeff 2 2 \"r^-12\"\nmass * 1\n",
        &[],
    );
    assert!(
        e.contains("line 1") && e.contains("types 1 2 have no pair_coeff"),
        "{e}"
    );

    let e = error_of(
        "pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.O\nmass * 1\n",
        &[],
    );
    assert!(
        e.contains("line 2") && e.contains("'1.O' is not a number (sigma)"),
        "{e}"
    );

    let e = error_of(
        "pair_style table spline 100\npair_coeff 1 1 missing.table AA\nmass * 1\n",
        &[],
    );
    assert!(
        e.contains("line 2") && e.contains("table file 'missing.table' not found"),
        "{e}"
    );

    let truncated = "AA\nN 5 R 1.0 2.0\n\n1 1.0 1.0 1.0\n2 1.25 0.5 1.0\n3 1.5 0.2 0.5\n";
    let e = error_of(
        "pair_style table spline 100\npair_coeff 1 1 t.table AA\nmass * 1\n",
        &[("t.table", truncated)],
    );
    assert!(
        e.contains("line 2") && e.contains("t.table, line 6") && e.contains("after 3 of its N = 5"),
        "{e}"
    );

    let e = error_of("units real\n", &[]);
    assert!(e.contains("line 1") && e.contains("lj and metal"), "{e}");

    let e = error_of("pair_style lepton 2.5\npair_coeff 1 1 \"4*(1/r\"\n", &[]);
    assert!(e.contains("line 2") && e.contains("expected ')'"), "{e}");

    let e = error_of("pair_style lj/cut 2.5\npair_coeff 1 1 1 1\n", &[]);
    assert!(e.contains("type 1 has no mass"), "{e}");

    let e = error_of(
        "pair_style lj/cut 2.5\npair_coeff 1 1 1 1 -2\nmass 1 1\n",
        &[],
    );
    assert!(
        e.contains("line 2") && e.contains("cut-off must be positive"),
        "{e}"
    );

    let e = error_of("pair_coeff 1 1 1 1\n", &[]);
    assert!(
        e.contains("line 1") && e.contains("pair_coeff before pair_style"),
        "{e}"
    );

    let e = error_of("pair_style lj/cut 2.5\npair_modify tail yes\n", &[]);
    assert!(e.contains("line 2") && e.contains("tail yes"), "{e}");

    let e = error_of("mass 1 1\n", &[]);
    assert!(e.contains("no pair_style"), "{e}");
}
