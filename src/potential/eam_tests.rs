//! EAM potentials from setfl files (src/potential/eam.rs) through the generic
//! computations of src/potential/model.rs: the Cu-Zr glass against LAMMPS
//! (`cuzr2000_lammps_check.json`), forces and Hessians against finite differences, e.D.e
//! against the file's omega2, the Taylor coefficients against finite differences, and a
//! synthetic eam/alloy file against a closed-form computation.

use std::path::{Path, PathBuf};

use crate::io::{read_all, read_frame, ReadOptions};
use crate::potential::eam::{read_setfl, SetflKind};
use crate::potential::{Atoms, Potential};
use crate::shared_data::{json, numbers, shared};
use crate::{Cell, Error, Mode};
use nalgebra::Vector3;
use serde_json::Value;

fn elements(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn cuzr() -> Potential {
    read_setfl(
        &shared("CuZr_mm.eam.fs"),
        SetflKind::Fs,
        &elements(&["Cu", "Zr"]),
    )
    .expect("CuZr_mm.eam.fs")
}

fn glass(pot: &Potential, frame: usize) -> Mode {
    let path = shared("cuzr2000.extxyz.gz");
    read_frame(&path, frame, &ReadOptions::default(), &pot.species()).expect("cuzr2000")
}

fn check_json() -> Value {
    json("cuzr2000_lammps_check.json")
}

/// A configuration that owns its positions.
struct Config {
    source: PathBuf,
    positions: Vec<Vector3<f64>>,
    species: Vec<u8>,
    cell: Cell,
}

impl Config {
    fn of(mode: &Mode) -> Self {
        Self {
            source: mode.source.clone(),
            positions: mode.positions.clone(),
            species: mode.species.clone(),
            cell: mode.cell,
        }
    }

    /// r_i + a u_i.
    fn moved(&self, u: &[Vector3<f64>], a: f64) -> Self {
        Self {
            positions: self
                .positions
                .iter()
                .zip(u)
                .map(|(r, d)| r + d * a)
                .collect(),
            source: self.source.clone(),
            species: self.species.clone(),
            cell: self.cell,
        }
    }

    fn atoms(&self) -> Atoms<'_> {
        Atoms {
            source: &self.source,
            frame: 0,
            positions: &self.positions,
            species: &self.species,
            sizes: None,
            cell: &self.cell,
            deformation: None,
        }
    }
}

/// u_i = e_i / sqrt(m_i) with the masses of the potential (63.546 Cu, 91.224 Zr).
fn displacements(pot: &Potential, mode: &Mode) -> Vec<Vector3<f64>> {
    mode.displacements(&mode.masses_for(pot))
}

/// A deterministic pseudo-random field in [-1, 1)^3 (xorshift), zero outside `atoms`.
fn random_field(n: usize, atoms: impl Iterator<Item = usize>, seed: u64) -> Vec<Vector3<f64>> {
    let mut s = seed;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    };
    let mut u = vec![Vector3::zeros(); n];
    for i in atoms {
        u[i] = Vector3::new(next(), next(), next());
    }
    u
}

fn dot(a: &[Vector3<f64>], b: &[Vector3<f64>]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x.dot(y)).sum()
}

fn max_abs_diff(a: &[Vector3<f64>], b: &[Vector3<f64>]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).amax())
        .fold(0.0, f64::max)
}

fn max_abs(a: &[Vector3<f64>]) -> f64 {
    a.iter().map(|x| x.amax()).fold(0.0, f64::max)
}

// ---------------------------------------------------------------------------------
// Cu-Zr against LAMMPS

#[test]
fn cuzr_species_masses_and_units_come_from_the_file() {
    let pot = cuzr();
    assert_eq!(pot.species(), ["Cu", "Zr"]);
    assert_eq!(pot.species[0].mass, 63.546);
    assert_eq!(pot.species[1].mass, 91.224);
    assert_eq!(pot.units, crate::potential::Units::Metal);
    assert!(pot.tabulated && pot.is_many_body() && pot.moduli.is_none());
    assert_eq!(pot.name, "CuZr_mm.eam.fs");
    assert_eq!(pot.max_cutoff(), 7.6);
    // Nearest-neighbour distances of fcc Cu (a = 3.639087) and hcp Zr (a = 3.220299).
    assert!((pot.species[0].diameter - 3.639087 / 2f64.sqrt()).abs() < 1e-12);
    assert!((pot.species[1].diameter - 3.220299).abs() < 1e-12);
}

/// Per-atom energies and the total energy along mode 0 equal LAMMPS's compute pe/atom
/// and pe at every A of the check file (configurations r_i + A e_i / sqrt(m_i)).
#[test]
fn cuzr_energies_equal_lammps_along_mode_0() {
    let pot = cuzr();
    let mode = glass(&pot, 0);
    let check = check_json();
    let u = displacements(&pot, &mode);
    let base = Config::of(&mode);
    let amplitudes = numbers(&check["A"]);
    let totals = numbers(&check["E_tot"]);
    let per_atom = check["pe_atom"].as_array().expect("pe_atom");
    assert_eq!(amplitudes.len(), 7);
    let (mut worst_atom, mut worst_total) = (0.0f64, 0.0f64);
    for (k, &a) in amplitudes.iter().enumerate() {
        let config = base.moved(&u, a);
        let ours = pot.energies(&config.atoms()).expect("energies");
        let lammps = numbers(&per_atom[k]);
        assert_eq!(ours.len(), lammps.len());
        for (i, (x, y)) in ours.iter().zip(&lammps).enumerate() {
            let rel = (x - y).abs() / y.abs();
            worst_atom = worst_atom.max(rel);
            assert!(rel < 1e-9, "A = {a}, atom {i}: {x} vs LAMMPS {y}");
        }
        let total: f64 = ours.iter().sum();
        let rel = (total - totals[k]).abs() / totals[k].abs();
        worst_total = worst_total.max(rel);
        assert!(rel < 1e-9, "A = {a}: E_tot {total} vs LAMMPS {}", totals[k]);
    }
    println!(
        "max relative deviation from LAMMPS: pe/atom {worst_atom:.2e}, E_tot {worst_total:.2e}"
    );
}

/// The forces at the minimum equal LAMMPS's (which are ~1e-14 there: compared absolutely).
#[test]
fn cuzr_forces_equal_lammps_at_the_minimum() {
    let pot = cuzr();
    let mode = glass(&pot, 0);
    let ours = pot.forces(&mode.atoms()).expect("forces");
    let lammps: Vec<Vector3<f64>> = check_json()["forces_A0"]
        .as_array()
        .expect("forces_A0")
        .iter()
        .map(|f| {
            let f = numbers(f);
            Vector3::new(f[0], f[1], f[2])
        })
        .collect();
    let diff = max_abs_diff(&ours, &lammps);
    println!(
        "forces at A = 0: max |ours - LAMMPS| = {diff:.2e} eV/A, max |ours| = {:.2e}",
        max_abs(&ours)
    );
    assert!(diff < 1e-9, "max force difference {diff} eV/A");
}

/// The glass with every atom moved randomly by up to 0.03 A along each axis.
fn shaken(mode: &Mode) -> Config {
    let n = mode.n_atoms();
    Config::of(mode).moved(&random_field(n, 0..n, 99), 0.03)
}

/// Away from the minimum the forces are minus the gradient of the total energy
/// (central differences of the summed per-atom energy changes, step 1e-6 A).
#[test]
fn cuzr_forces_are_the_energy_gradient() {
    let pot = cuzr();
    let mode = glass(&pot, 0);
    let config = shaken(&mode);
    let forces = pot.forces(&config.atoms()).expect("forces");
    let largest = max_abs(&forces);
    assert!(
        largest > 0.1,
        "the shaken configuration should have forces ({largest})"
    );
    let h = 1e-6;
    for &i in &[0usize, 17, 402, 1311, 1999] {
        for (c, &f) in forces[i].iter().enumerate() {
            let energy_at = |s: f64| {
                let mut moved = shaken(&mode);
                moved.positions[i][c] += s;
                pot.energies(&moved.atoms()).expect("energies")
            };
            let (plus, minus) = (energy_at(h), energy_at(-h));
            let de: f64 = plus.iter().zip(&minus).map(|(p, m)| p - m).sum();
            let fd = -de / (2.0 * h);
            assert!(
                (fd - f).abs() < 1e-6 * (1.0 + f.abs()),
                "atom {i} axis {c}: force {f} vs -dE/dx {fd}"
            );
        }
    }
}

/// The forces and H u that the analysis takes from its line terms (whose pair list
/// reaches past the cutoff by a_max |u_j - u_i|) equal those of a fresh search, for the
/// many-body potential, at a shaken configuration and a large a_max.
#[test]
fn cuzr_line_terms_forces_and_hessian_times_equal_a_fresh_search() {
    let pot = cuzr();
    let mode = glass(&pot, 0);
    let config = shaken(&mode);
    let atoms = config.atoms();
    let u = random_field(mode.n_atoms(), 0..mode.n_atoms(), 3);
    let terms = pot.line_terms(&atoms, &u, 2.0).expect("line terms");
    let (f_line, hu_line) = terms.forces_and_hessian_times(&atoms);
    let f = pot.forces(&atoms).expect("forces");
    let hu = pot.hessian_times(&atoms, &u).expect("H u");
    for (name, a, b) in [("forces", &f_line, &f), ("H u", &hu_line, &hu)] {
        let diff = max_abs_diff(a, b);
        println!("{name}: max diff {diff:.2e}, scale {:.2e}", max_abs(b));
        assert!(diff < 1e-12 * max_abs(b), "{name}: {diff}");
    }
}

// ---------------------------------------------------------------------------------
// Hessians

/// H u from `hessian_times` against central differences of the forces, for u on a
/// few atoms (step 1e-7 A: few pair distances cross a table knot, where the
/// interpolation's curvature jumps), at a shaken configuration.
#[test]
fn cuzr_hessian_times_equals_force_differences() {
    let pot = cuzr();
    let mode = glass(&pot, 0);
    let base = shaken(&mode);
    let n = mode.n_atoms();
    for (seed, atoms) in [(7u64, vec![3usize]), (11, vec![100, 101, 640, 1500, 1999])] {
        let u = random_field(n, atoms.into_iter(), seed);
        let hu = pot.hessian_times(&base.atoms(), &u).expect("H u");
        let h = 1e-7;
        let fp = pot.forces(&base.moved(&u, h).atoms()).expect("forces");
        let fm = pot.forces(&base.moved(&u, -h).atoms()).expect("forces");
        let fd: Vec<Vector3<f64>> = fp
            .iter()
            .zip(&fm)
            .map(|(p, m)| (m - p) / (2.0 * h))
            .collect();
        let (diff, scale) = (max_abs_diff(&hu, &fd), max_abs(&hu));
        println!("seed {seed}: max |Hu - FD| = {diff:.2e}, max |Hu| = {scale:.2e}");
        assert!(
            diff < 1e-6 * scale,
            "H u vs force differences: {diff} (scale {scale})"
        );
    }
}

/// The sparse Hessian applied to a field equals `hessian_times` (both exact), is
/// symmetric, and its rows sum to zero (translation invariance).
#[test]
fn cuzr_sparse_hessian_equals_hessian_times() {
    let pot = cuzr();
    let mode = glass(&pot, 0);
    let config = shaken(&mode);
    let atoms = config.atoms();
    let hess = pot.hessian(&atoms).expect("hessian");
    let u = random_field(mode.n_atoms(), 0..mode.n_atoms(), 5);
    let a = hess.times(&u);
    let b = pot.hessian_times(&atoms, &u).expect("H u");
    let diff = max_abs_diff(&a, &b);
    println!(
        "sparse H u vs hessian_times: {diff:.2e} (scale {:.2e})",
        max_abs(&b)
    );
    assert!(diff < 1e-11 * max_abs(&b), "{diff}");
    let ones = vec![Vector3::new(1.0, -2.0, 0.5); mode.n_atoms()];
    assert!(max_abs(&hess.times(&ones)) < 1e-10, "rows must sum to zero");
    for (i, row) in hess.rows.iter().enumerate().step_by(97) {
        for (j, m) in row {
            let back = hess.rows[*j as usize]
                .iter()
                .find(|(k, _)| *k as usize == i)
                .expect("symmetric pattern");
            assert!((m - back.1.transpose()).amax() < 1e-12, "block ({i}, {j})");
        }
    }
}

/// e.D.e = u.H.u (u = e / sqrt(m)) equals the file's omega2 for every mode.
#[test]
fn cuzr_e_dynamical_matrix_e_equals_omega2() {
    let pot = cuzr();
    let modes = read_all(
        &shared("cuzr2000.extxyz.gz"),
        &ReadOptions::default(),
        &pot.species(),
    )
    .expect("cuzr2000");
    assert_eq!(modes.len(), 10);
    let hess = pot.hessian(&modes[0].atoms()).expect("hessian");
    let mut worst = 0.0f64;
    for mode in &modes {
        let u = displacements(&pot, mode);
        let by_product = dot(&u, &pot.hessian_times(&mode.atoms(), &u).expect("H u"));
        let by_matrix = dot(&u, &hess.times(&u));
        let omega2 = mode.omega2_file.expect("omega2 in the file");
        for ours in [by_product, by_matrix] {
            let rel = (ours - omega2).abs() / omega2;
            worst = worst.max(rel);
            assert!(
                rel < 1e-7,
                "frame {}: e.D.e {ours} vs omega2 {omega2}",
                mode.frame
            );
        }
    }
    println!("e.D.e vs omega2: max relative deviation {worst:.2e}");
}

// ---------------------------------------------------------------------------------
// Taylor coefficients of the embedding terms

/// The LAMMPS table index of x on a grid of spacing d (p = x/d + 1, m = int(p)).
fn knot_index(x: f64, d: f64) -> i64 {
    (x / d + 1.0) as i64
}

/// Whether atom i's density and every distance to its neighbours stay inside one
/// table interval for r + A u, |A| <= a.
fn stays_between_knots(
    pot: &Potential,
    config: &Config,
    u: &[Vector3<f64>],
    i: usize,
    a: f64,
) -> bool {
    let emb = pot.embedding.as_ref().expect("embedding");
    let (dr, drho) = (7.6e-4, 0.03);
    let rho_at = |s: f64| -> f64 {
        let mut rho = 0.0;
        for j in 0..config.positions.len() {
            if j == i {
                continue;
            }
            let r0 = config
                .cell
                .delta(&config.positions[i], &config.positions[j]);
            let r = (r0 + (u[j] - u[i]) * s).norm();
            if knot_index(r, dr) != knot_index(r0.norm(), dr) && r0.norm() < 7.7 {
                return f64::NAN;
            }
            rho += emb.density(config.species[i], config.species[j], r)[0];
        }
        rho
    };
    let (lo, hi) = (rho_at(-a), rho_at(a));
    lo.is_finite() && hi.is_finite() && knot_index(lo, drho) == knot_index(hi, drho)
}

/// The embedding term of atom i.
fn embedding_term(terms: &crate::potential::LineTerms, i: usize) -> usize {
    (0..terms.len())
        .find(|&k| terms.owners(k) == [i as u32, i as u32])
        .expect("an embedding term per atom")
}

/// D1 and D2 of the embedding terms along mode 0 against central differences, for the
/// most displaced atoms whose distances and density stay between table knots for
/// |A| <= 1e-4 amu^1/2 A (D3 and D4 of the C1 interpolation depend on the knots,
/// section 12): D1 and D2 against `LineTerms::energy` (steps 1e-5 and 1e-4; round-off
/// limits D2 to ~1e-4 relative there), and D2 also against the D1 of the terms built
/// at A = +-1e-6 (no round-off problem).
#[test]
fn cuzr_embedding_taylor_equals_energy_differences() {
    let pot = cuzr();
    let mode = glass(&pot, 0);
    let u = displacements(&pot, &mode);
    let config = Config::of(&mode);
    let terms = pot
        .line_terms(&config.atoms(), &u, 0.0)
        .expect("line terms");
    let h = 1e-6;
    let terms_at = |a: f64| {
        pot.line_terms(&config.moved(&u, a).atoms(), &u, 0.0)
            .expect("line terms")
    };
    let (plus, minus) = (terms_at(h), terms_at(-h));
    let mut by_motion: Vec<usize> = (0..mode.n_atoms()).collect();
    by_motion.sort_by(|&a, &b| u[b].norm().total_cmp(&u[a].norm()));
    let mut checked = 0;
    for &i in by_motion.iter().take(200) {
        if !stays_between_knots(&pot, &config, &u, i, 1e-4) {
            continue;
        }
        let k = embedding_term(&terms, i);
        let taylor = terms.taylor(k);
        let e = |a: f64| terms.energy(k, a);
        let (h1, h2) = (1e-5, 1e-4);
        let d1 = (e(h1) - e(-h1)) / (2.0 * h1);
        let d2 = (e(h2) - 2.0 * e(0.0) + e(-h2)) / (2.0 * h2 * h2);
        let d1_at = |t: &crate::potential::LineTerms| t.taylor(embedding_term(t, i))[0];
        let d2_from_d1 = (d1_at(&plus) - d1_at(&minus)) / (4.0 * h);
        // Floor: 1e-6 of the D2 of the most displaced atoms (~1e-5), where a near-zero D2
        // meets the round-off of D1s that large.
        let close = |x: f64, y: f64, rel: f64| (x - y).abs() <= rel * y.abs() + 1e-11;
        // Round-off of the differences: a few ulps of the energy over h1 and h2^2.
        let ulps = 8.0 * f64::EPSILON * e(0.0).abs();
        let (d1_round_off, d2_round_off) = (ulps / h1, ulps / (h2 * h2));
        assert!(
            (taylor[0] - d1).abs() <= 1e-6 * d1.abs() + d1_round_off,
            "atom {i}: D1 {} vs {d1} (round-off {d1_round_off:.1e})",
            taylor[0]
        );
        assert!(
            (taylor[1] - d2).abs() <= 1e-3 * d2.abs() + d2_round_off,
            "atom {i}: D2 {} vs {d2} (round-off {d2_round_off:.1e})",
            taylor[1]
        );
        assert!(
            close(taylor[1], d2_from_d1, 1e-6),
            "atom {i}: D2 {} vs {d2_from_d1}",
            taylor[1]
        );
        checked += 1;
    }
    println!("embedding Taylor D1, D2 checked on {checked} of the 200 most displaced atoms");
    assert!(checked >= 20, "only {checked} terms away from table knots");
}

// ---------------------------------------------------------------------------------
// A synthetic eam/alloy file against closed forms

/// Johnson-style functions of two elements: density f_b(r) = fe exp(-beta (r/re - 1)),
/// pair phi_ab(r) = A_ab exp(-alpha_ab (r/re - 1)) (mixed by the geometric mean),
/// embedding F_a(rho) = -E_a sqrt(rho) + c_a rho^2.
struct Johnson {
    re: f64,
    fe: [f64; 2],
    beta: [f64; 2],
    a: [f64; 2],
    alpha: [f64; 2],
    e: [f64; 2],
    c: [f64; 2],
}

const JOHNSON: Johnson = Johnson {
    re: 2.5,
    fe: [1.0, 1.4],
    beta: [5.5, 6.5],
    a: [0.35, 0.5],
    alpha: [8.0, 9.0],
    e: [2.0, 3.0],
    c: [0.01, 0.02],
};

const NR: usize = 6000;
const DR: f64 = 1e-3;
const NRHO: usize = 5000;
const DRHO: f64 = 4e-3;
const CUT: f64 = 5.999;

impl Johnson {
    fn density(&self, b: usize, r: f64) -> [f64; 2] {
        let k = self.beta[b] / self.re;
        let f = self.fe[b] * (-self.beta[b] * (r / self.re - 1.0)).exp();
        [f, -k * f]
    }

    fn pair(&self, a: usize, b: usize) -> (f64, f64) {
        (
            (self.a[a] * self.a[b]).sqrt(),
            0.5 * (self.alpha[a] + self.alpha[b]),
        )
    }

    fn phi(&self, a: usize, b: usize, r: f64) -> [f64; 2] {
        let (amp, alpha) = self.pair(a, b);
        let p = amp * (-alpha * (r / self.re - 1.0)).exp();
        [p, -alpha / self.re * p]
    }

    fn embed(&self, a: usize, rho: f64) -> [f64; 2] {
        let s = rho.sqrt();
        [
            -self.e[a] * s + self.c[a] * rho * rho,
            -0.5 * self.e[a] / s + 2.0 * self.c[a] * rho,
        ]
    }

    /// The setfl text: elements "Aa" (mass 20) and "Bb" (mass 50).
    fn setfl(&self) -> String {
        let mut s = String::from("synthetic Johnson eam/alloy\nsecond comment\nthird comment\n");
        s += "2 Aa Bb\n";
        s += &format!("{NRHO} {DRHO:e} {NR} {DR:e} {CUT}\n");
        let table = |f: &dyn Fn(f64) -> f64, n: usize, d: f64| -> String {
            let v: Vec<String> = (0..n)
                .map(|k| format!("{:.17e}", f(k as f64 * d)))
                .collect();
            v.chunks(5).map(|c| c.join(" ") + "\n").collect()
        };
        for (el, mass) in [(0usize, 20.0), (1, 50.0)] {
            s += &format!("{} {mass} 3.5 fcc\n", 10 + el);
            s += &table(&|rho| self.embed(el, rho)[0], NRHO, DRHO);
            s += &table(&|r| self.density(el, r)[0], NR, DR);
        }
        for a in 0..2 {
            for b in 0..=a {
                s += &table(&|r| r * self.phi(a, b, r)[0], NR, DR);
            }
        }
        s
    }
}

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// Five atoms in a large box, species mapped Bb, Aa (type order differs from the file's).
fn johnson_config() -> Config {
    let positions = [
        [10.0, 10.0, 10.0],
        [12.4, 10.3, 9.8],
        [10.9, 12.6, 10.4],
        [11.5, 11.2, 12.7],
        [14.1, 12.9, 11.6],
    ];
    Config {
        source: PathBuf::from("five atoms"),
        positions: positions
            .iter()
            .map(|p| Vector3::new(p[0], p[1], p[2]))
            .collect(),
        species: vec![0, 1, 1, 0, 1],
        cell: Cell::new([30.0, 30.0, 30.0]),
    }
}

/// Closed-form per-atom energies and forces (file elements: species 0 = Bb = element 1).
fn johnson_direct(config: &Config, element_of: &[usize]) -> (Vec<f64>, Vec<Vector3<f64>>) {
    let j = JOHNSON;
    let n = config.positions.len();
    let el = |i: usize| element_of[usize::from(config.species[i])];
    let vec_ij = |i: usize, k: usize| config.positions[k] - config.positions[i];
    let neighbours = |i: usize| (0..n).filter(move |&k| k != i && vec_ij(i, k).norm() < CUT);
    let rho: Vec<f64> = (0..n)
        .map(|i| {
            neighbours(i)
                .map(|k| j.density(el(k), vec_ij(i, k).norm())[0])
                .sum()
        })
        .collect();
    let emb: Vec<[f64; 2]> = (0..n).map(|i| j.embed(el(i), rho[i])).collect();
    let energies = (0..n)
        .map(|i| {
            let pairs: f64 = neighbours(i)
                .map(|k| j.phi(el(i), el(k), vec_ij(i, k).norm())[0])
                .sum();
            emb[i][0] + 0.5 * pairs
        })
        .collect();
    let forces = (0..n)
        .map(|i| {
            neighbours(i)
                .map(|k| {
                    let r = vec_ij(i, k).norm();
                    let g = j.phi(el(i), el(k), r)[1]
                        + emb[i][1] * j.density(el(k), r)[1]
                        + emb[k][1] * j.density(el(i), r)[1];
                    vec_ij(i, k) * (g / r)
                })
                .sum()
        })
        .collect();
    (energies, forces)
}

#[test]
fn alloy_energies_and_forces_equal_closed_forms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_file(dir.path(), "johnson.eam.alloy", &JOHNSON.setfl());
    let pot = read_setfl(&path, SetflKind::Alloy, &elements(&["Bb", "Aa"])).expect("setfl");
    assert_eq!(pot.species(), ["Bb", "Aa"]);
    assert_eq!((pot.species[0].mass, pot.species[1].mass), (50.0, 20.0));
    let config = johnson_config();
    let (energies, forces) = johnson_direct(&config, &[1, 0]);
    let ours = pot.energies(&config.atoms()).expect("energies");
    let our_forces = pot.forces(&config.atoms()).expect("forces");
    for i in 0..energies.len() {
        assert!(
            (ours[i] - energies[i]).abs() < 1e-9 * energies[i].abs(),
            "atom {i}: {} vs closed form {}",
            ours[i],
            energies[i]
        );
    }
    let diff = max_abs_diff(&our_forces, &forces);
    println!(
        "alloy: max force deviation {diff:.2e} (scale {:.2e})",
        max_abs(&forces)
    );
    assert!(diff < 1e-8 * max_abs(&forces), "forces: {diff}");
}

// ---------------------------------------------------------------------------------
// Bad files

fn parse_error(text: &str, kind: SetflKind, names: &[&str]) -> (PathBuf, u64, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_file(dir.path(), "bad.eam", text);
    match read_setfl(&path, kind, &elements(names)) {
        Err(Error::Parse {
            path: p,
            line,
            message,
        }) => {
            assert_eq!(p, path, "the error names the file");
            (p, line, message)
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

/// The 1-based number of the line of `text` that holds `needle` first.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle") as u64
        + 1
}

#[test]
fn truncated_setfl_is_an_error_at_its_last_line() {
    let text = JOHNSON.setfl();
    let cut = &text[..text.len() / 2];
    let cut = &cut[..cut.rfind('\n').expect("newline") + 1];
    let (_, line, message) = parse_error(cut, SetflKind::Alloy, &["Aa"]);
    assert_eq!(line, cut.lines().count() as u64, "{message}");
    assert!(message.contains("truncated"), "{message}");
}

#[test]
fn non_number_is_an_error_at_its_line() {
    let text = JOHNSON
        .setfl()
        .replacen("3.5 fcc\n", "3.5 fcc\n-0.0 oops ", 1);
    let (_, line, message) = parse_error(&text, SetflKind::Alloy, &["Aa"]);
    assert_eq!(line, line_of(&text, "oops"), "{message}");
    assert!(message.contains("`oops`"), "{message}");
}

/// A file whose header announces more values than a table has: the next table's
/// header line is read as numbers and named.
#[test]
fn short_table_is_an_error() {
    let announced = format!("{NRHO} {DRHO:e} {NR} ");
    let text = JOHNSON
        .setfl()
        .replacen(&announced, &format!("{NRHO} {DRHO:e} {} ", NR + 5), 1);
    let (_, line, message) = parse_error(&text, SetflKind::Alloy, &["Aa"]);
    assert_eq!(line, line_of(&text, "11 50 3.5 fcc"), "{message}");
    assert!(
        message.contains("`fcc`") && message.contains("rho(r) of Aa"),
        "{message}"
    );
}

#[test]
fn element_missing_from_the_file_is_an_error_at_the_element_line() {
    let (_, line, message) = parse_error(&JOHNSON.setfl(), SetflKind::Alloy, &["Aa", "Cu"]);
    assert_eq!(line, 4);
    assert!(
        message.contains("`Cu`") && message.contains("Aa, Bb"),
        "{message}"
    );
}

/// Read as eam/fs, the alloy file's tables run out (fs has two density tables per element).
#[test]
fn alloy_file_read_as_fs_is_an_error() {
    let (_, _, message) = parse_error(&JOHNSON.setfl(), SetflKind::Fs, &["Aa"]);
    assert!(message.contains("rho(r) of"), "{message}");
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = read_setfl(
        Path::new("/nonexistent/x.eam.fs"),
        SetflKind::Fs,
        &elements(&["Cu"]),
    )
    .expect_err("missing");
    assert!(err.to_string().contains("/nonexistent/x.eam.fs"), "{err}");
}
