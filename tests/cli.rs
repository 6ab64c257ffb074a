//! The command line end to end: analyze, table, scale; outputs checked against the
//! reference files and the paper's printed numbers.

mod common;

use std::process::Command;

use common::{compare, data, example_path, reference};
use serde_json::Value;

fn softmode(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_softmode"))
        .args(args)
        .output()
        .expect("run softmode")
}

/// `softmode COMMAND FILE FLAGS.. --json -`, its standard output parsed.
fn json_of(command: &str, file: &std::path::Path, flags: &[&str]) -> Value {
    let mut args = vec![command, file.to_str().expect("path")];
    args.extend_from_slice(flags);
    args.extend(["--json", "-"]);
    serde_json::from_str(&stdout(&softmode(&args))).expect("JSON")
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

#[test]
fn analyze_all_writes_an_array_in_frame_order() {
    let file = example_path();
    let out = softmode(&[
        "analyze",
        file.to_str().expect("path"),
        "--all",
        "--json",
        "-",
    ]);
    let text = stdout(&out);
    assert!(!text.contains("NaN"));
    let v: Value = serde_json::from_str(&text).expect("JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 10);
    for (k, obj) in arr.iter().enumerate() {
        assert_eq!(obj["frame"], k);
        let r = reference(k);
        let mut diffs = Vec::new();
        for key in ["D4", "f_r", "K", "lambda_t", "N_e", "r_in"] {
            compare(&obj[key], &r[key], key, 1e-6, 1e-9, &mut diffs);
        }
        compare(
            &obj["dipole"]["principal"],
            &r["dipole"]["principal"],
            "principal",
            1e-6,
            1e-9,
            &mut diffs,
        );
        assert!(diffs.is_empty(), "frame {k}: {diffs:?}");
        assert_eq!(obj["program"]["name"], "softmode");
        assert_eq!(obj["settings"]["B"], 56.0);
    }
}

#[test]
fn analyze_one_frame_with_the_fit_method() {
    let v = json_of(
        "analyze",
        &example_path(),
        &["--frame", "4", "--method", "fit"],
    );
    let r = reference(4);
    assert_eq!(v["method"], "fit");
    let mut diffs = Vec::new();
    compare(
        &v["D4"],
        &r["fit_result"]["D4"],
        "D4",
        1e-6,
        1e-9,
        &mut diffs,
    );
    compare(
        &v["r_in"],
        &r["fit_result"]["r_in"],
        "r_in",
        0.0,
        0.0,
        &mut diffs,
    );
    compare(
        &v["f_r"],
        &r["fit_result"]["f_r"],
        "f_r",
        1e-6,
        1e-9,
        &mut diffs,
    );
    assert!(diffs.is_empty(), "{diffs:?}");
}

#[test]
fn settings_flags_reach_the_analysis() {
    let flags = [
        "--frame",
        "0",
        "--rs",
        "3.5",
        "--dfit",
        "1.5",
        "--shell-d",
        "0.25",
        "--bulk",
        "60",
        "--shear",
        "15",
        "--flip",
    ];
    let v = json_of("analyze", &example_path(), &flags);
    assert_eq!(v["dipole"]["r_s"], 3.5);
    assert_eq!(v["dipole"]["d_fit"], 1.5);
    assert_eq!(v["dipole"]["beyond_half_box"], false);
    assert_eq!(v["shells"]["d"], 0.25);
    assert_eq!(v["settings"]["G"], 15.0);
    assert_eq!(v["settings"]["flip"], true);
    // Flipping e flips D1 and D3.
    let r = reference(0);
    let d3 = v["D_inf"]["D3"].as_f64().expect("D3");
    assert!((d3 + r["D_inf"]["D3"].as_f64().expect("D3")).abs() < 1e-8);
}

#[test]
fn an_existing_output_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("out.json");
    std::fs::write(&target, "keep me").expect("write");
    let file = example_path();
    let args = [
        "analyze",
        file.to_str().expect("path"),
        "--json",
        target.to_str().expect("path"),
    ];
    let out = softmode(&args);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists"));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep me");
    let mut forced = args.to_vec();
    forced.push("--force");
    stdout(&softmode(&forced));
    assert!(std::fs::read_to_string(&target)
        .expect("read")
        .contains("\"D_inf\""));
}

#[test]
fn table_lists_every_frame_with_the_set_means() {
    let file = example_path();
    let md = stdout(&softmode(&["table", file.to_str().expect("path")]));
    let rows = md.lines().filter(|l| l.starts_with("| ipl2000_g1")).count();
    assert_eq!(rows, 10);
    assert!(md.contains("W_set"));
    let csv = stdout(&softmode(&[
        "table",
        file.to_str().expect("path"),
        "--format",
        "csv",
    ]));
    let mut lines = csv.lines();
    assert_eq!(lines.next().map(|h| h.split(',').count()), Some(14));
    let first: Vec<&str> = lines.next().expect("row").split(',').collect();
    assert_eq!(first[2], "m0", "the paper's name of frame 0");
    let d4: f64 = first[10].parse().expect("D4");
    let r = reference(0);
    assert!((d4 - r["D4"].as_f64().expect("D4")).abs() < 1e-3);
    let tex = stdout(&softmode(&[
        "table",
        file.to_str().expect("path"),
        "--format",
        "latex",
    ]));
    assert!(tex.contains("\\begin{tabular}") && tex.contains("$P_{11}$"));
}

#[test]
fn scale_prints_the_reference_case() {
    let out = stdout(&softmode(&[
        "scale",
        "--mass-u",
        "91.3",
        "--a0-nm",
        "0.229",
        "--shear-gpa",
        "31.8",
    ]));
    for s in [
        "8.731 ueV",
        "0.1703 eV",
        "0.2077 eV",
        "0.422 eV",
        "W/kB = 3.624 K",
        "paper 8.64",
        "paper 0.64",
    ] {
        assert!(out.contains(s), "missing {s} in\n{out}");
    }
    let nizr = stdout(&softmode(&[
        "scale",
        "--mass-u",
        "70.2",
        "--volume-nm3",
        "0.0188",
        "--shear-gpa",
        "30",
        "--vl",
        "4790",
    ]));
    assert!(nizr.contains("22.61 meV"), "{nizr}");
    let bad = softmode(&["scale", "--mass-u", "91.3", "--shear-gpa", "31.8"]);
    assert!(!bad.status.success());
}

#[test]
fn a_missing_file_is_named_in_the_error() {
    let out = softmode(&["analyze", "no_such_file.extxyz", "--json", "-"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no_such_file.extxyz"));
    let bad = data("bad/nan.extxyz");
    let out = softmode(&["analyze", bad.to_str().expect("path"), "--json", "-"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nan.extxyz") && err.contains("line"), "{err}");
}

#[test]
fn creation_command_matches_the_reference() {
    let file = example_path();
    let v = json_of("creation", &file, &["--frame", "1"]);
    let path = data("reference_creation/ipl2000_g1_m1.json");
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("reference")).expect("JSON");
    let mut diffs = Vec::new();
    compare(&v["E_s"], &r["E_s"], "E_s", 1e-6, 0.0, &mut diffs);
    compare(
        &v["Delta_A"],
        &r["Delta_A"],
        "Delta_A",
        1e-5,
        0.0,
        &mut diffs,
    );
    compare(&v["n_core"], &r["n_core"], "n_core", 0.0, 0.0, &mut diffs);
    assert!(diffs.is_empty(), "{diffs:?}");
    assert_eq!(v["frame"], 1);
    let table = stdout(&softmode(&[
        "table",
        file.to_str().expect("path"),
        "--creation",
        "--format",
        "csv",
    ]));
    let header = table.lines().next().expect("header");
    assert!(header.ends_with("E_s,Delta_A"), "{header}");
}

#[test]
fn scale_with_a_gexc_file_prints_eq_12_and_names_bad_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("gexc.txt");
    std::fs::write(&good, "E_meV g_exc\n2.0 0.01\n4.0 0.02\n").expect("write");
    let nizr = [
        "scale",
        "--mass-u",
        "70.2",
        "--volume-nm3",
        "0.0188",
        "--shear-gpa",
        "30",
        "--vl",
        "4790",
        "--gexc",
    ];
    let mut args = nizr.to_vec();
    let good_s = good.to_string_lossy().into_owned();
    args.push(&good_s);
    let out = stdout(&softmode(&args));
    assert!(out.contains("eq. 12"), "{out}");
    // Eq. 12 by hand from the three Lambda_t the command prints (3 digits):
    // Gamma = (3 pi/2) Lambda^2 g / (M v_l^2), Lambda in J, g per J, M = 70.2 u.
    let lambda_line = out
        .lines()
        .find(|l| l.starts_with("Lambda_t = "))
        .expect("a Lambda_t line");
    let ev: Vec<f64> = lambda_line
        .split(" eV")
        .filter_map(|part| part.rsplit([' ', '=']).next()?.parse().ok())
        .collect();
    assert_eq!(ev.len(), 3, "{lambda_line}");
    let (e_charge, mass) = (1.602_176_634e-19, 70.2 * 1.660_539_066_60e-27);
    let rows: Vec<Vec<f64>> = out
        .lines()
        .skip_while(|l| !l.starts_with("E (meV)"))
        .skip(1)
        .map(|l| {
            l.split_whitespace()
                .map(|t| t.parse().expect("a number"))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    for (row, [e_mev, g_mev]) in rows.iter().zip([[2.0, 0.01], [4.0, 0.02]]) {
        assert_eq!(row[..2], [e_mev, g_mev], "{out}");
        for (k, lambda_ev) in ev.iter().enumerate() {
            let lambda = lambda_ev * e_charge;
            let want = 1.5 * std::f64::consts::PI * lambda * lambda * (g_mev / (1e-3 * e_charge))
                / (mass * 4790.0 * 4790.0);
            let got = row[2 + k];
            assert!(
                (got / want - 1.0).abs() < 5e-3,
                "Gamma {k}: {got} vs {want}"
            );
        }
    }

    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "1 0.1\n2 oops\n").expect("write");
    let bad_s = bad.to_string_lossy().into_owned();
    let mut args = nizr.to_vec();
    args.push(&bad_s);
    let out = softmode(&args);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt:2:"), "{err}");
    // eq. 12 needs v_l
    let no_vl = softmode(&[
        "scale",
        "--mass-u",
        "70.2",
        "--a0-nm",
        "0.25",
        "--shear-gpa",
        "30",
        "--gexc",
        &good_s,
    ]);
    assert!(!no_vl.status.success());
}

/// `softmode modes` on the Kob-Andersen configuration with its LAMMPS potential file, by
/// both routes: scipy's eigenvalues (ka2000_info.json) in the JSON report and in the
/// written modes, and the report says which route ran and what it cost.
#[test]
fn modes_command_takes_a_lammps_potential_file() {
    for route in ["shift-invert", "filtered"] {
        modes_command_by(route);
    }
    let bad = softmode(&[
        "modes", "x.extxyz", "--route", "fastest", "--out", "y.extxyz",
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("shift-invert") && err.contains("filtered"),
        "{err}"
    );
}

fn modes_command_by(route: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("ka_modes.extxyz");
    let json = dir.path().join("ka_modes.json");
    let config = common::shared_data("ka2000.extxyz.gz");
    let lammps = common::shared_data("ka2000.lammps");
    let run = softmode(&[
        "modes",
        config.to_str().expect("path"),
        "--potential",
        lammps.to_str().expect("path"),
        "-k",
        "3",
        "--route",
        route,
        "--out",
        out.to_str().expect("path"),
        "--json",
        json.to_str().expect("path"),
    ]);
    stdout(&run);
    let info: Value = serde_json::from_str(
        &std::fs::read_to_string(common::shared_data("ka2000_info.json")).expect("info"),
    )
    .expect("info JSON");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("report")).expect("JSON");
    let written =
        softmode::io::read_modes(&out, &softmode::io::ReadOptions::default(), &["A", "B"])
            .expect("written modes");
    assert_eq!(written.len(), 3);
    for k in 0..3 {
        let want = info["all_eigs"][k + 3].as_f64().expect("eigenvalue");
        let got = report["modes"][k]["omega2"].as_f64().expect("omega2");
        assert!(
            (got - want).abs() < 1e-9 * want,
            "{route}, mode {k}: {got} vs {want}"
        );
        let file = written[k].omega2_file.expect("omega2 in the file");
        assert!((file - want).abs() < 1e-9 * want);
    }
    let said = report["route"].as_str().expect("route");
    let (factor, products) = (report["factor_bytes"].as_u64(), report["products"].as_u64());
    match route {
        "filtered" => {
            assert!(said.contains("Chebyshev"), "{said}");
            assert_eq!(factor, Some(0));
            assert!(products.expect("products") > 0);
            assert!(report["sigma"].is_null());
        }
        _ => {
            assert!(said.contains("Cholesky"), "{said}");
            assert!(factor.expect("factor") > 0);
            assert!(report["sigma"].as_f64().expect("sigma") < 0.0);
        }
    }
}

/// `softmode modes --quartic`: quartic modes from the lowest normal modes, each with
/// kappa^2/chi not above that of its starting normal mode (ANALYSIS.md section 15).
#[test]
fn modes_command_writes_quartic_modes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("quartic.extxyz");
    let file = example_path();
    let run = softmode(&[
        "modes",
        file.to_str().expect("path"),
        "-k",
        "2",
        "--quartic",
        "--out",
        out.to_str().expect("path"),
    ]);
    let text = stdout(&run);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('q')).collect();
    assert!(!lines.is_empty(), "no quartic mode printed: {text}");
    for line in &lines {
        // "... kappa^2/chi X (normal mode Y), ..."
        let after = line.split("kappa^2/chi ").nth(1).expect("ratio");
        let ratio: f64 = after
            .split_whitespace()
            .next()
            .expect("x")
            .parse()
            .expect("x");
        let start: f64 = after
            .split("(normal mode ")
            .nth(1)
            .and_then(|s| s.split(')').next())
            .expect("start ratio")
            .parse()
            .expect("start");
        assert!(ratio <= start * (1.0 + 1e-9), "{line}");
    }
    let written =
        softmode::io::read_modes(&out, &softmode::io::ReadOptions::default(), &["S", "L"])
            .expect("quartic modes file");
    assert_eq!(written.len(), lines.len());
    // Table I names them as the paper does: q0, q1, .. (m0, .. for normal modes).
    let names: Vec<String> = written.iter().map(softmode::Mode::label).collect();
    let want: Vec<String> = (0..written.len()).map(|k| format!("q{k}")).collect();
    assert_eq!(names, want);
    let csv = stdout(&softmode(&[
        "table",
        out.to_str().expect("path"),
        "--format",
        "csv",
    ]));
    let column: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(2))
        .take(written.len())
        .collect();
    assert_eq!(column, want);
}

/// `softmode moduli` reads the file's per-atom diameters: an fcc crystal of soft spheres
/// and the same crystal with positions, box and diameters all scaled by s have the same
/// energy, so C scales as 1/s^3 (energy over volume) for any pair shape f(r / sigma).
#[test]
fn moduli_command_uses_the_files_diameters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, s: f64| {
        let (cells, a) = (3, 1.5);
        let basis = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.0],
            [0.5, 0.0, 0.5],
            [0.0, 0.5, 0.5],
        ];
        let mut lines = Vec::new();
        for (i, j, k) in (0..cells)
            .flat_map(|i| (0..cells).flat_map(move |j| (0..cells).map(move |k| (i, j, k))))
        {
            for b in basis {
                let p = [i as f64 + b[0], j as f64 + b[1], k as f64 + b[2]].map(|x| x * a * s);
                lines.push(format!("A {} {} {} {}", p[0], p[1], p[2], s));
            }
        }
        let l = cells as f64 * a * s;
        let text = format!(
            "{}\nLattice=\"{l} 0 0 0 {l} 0 0 0 {l}\" Properties=species:S:1:pos:R:3:diameter:R:1\n{}\n",
            lines.len(),
            lines.join("\n")
        );
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    let moduli = |path: &std::path::Path| json_of("moduli", path, &["--potential", "soft-spheres"]);
    let s = 1.3;
    let (small, large) = (
        moduli(&write("a.extxyz", 1.0)),
        moduli(&write("b.extxyz", s)),
    );
    let (b1, b2) = (
        small["B"].as_f64().expect("B"),
        large["B"].as_f64().expect("B"),
    );
    let (g1, g2) = (
        small["G"].as_f64().expect("G"),
        large["G"].as_f64().expect("G"),
    );
    assert!(b1 > 0.0 && g1 > 0.0, "B {b1} G {g1}");
    let cube = s * s * s;
    assert!((b2 * cube - b1).abs() < 1e-9 * b1, "B {b1} vs {b2} x s^3");
    assert!((g2 * cube - g1).abs() < 1e-9 * g1, "G {g1} vs {g2} x s^3");
}
