//! The generic potential computations (src/potential/model.rs) on the 3DIPL glass,
//! against finite differences of themselves one derivative down, and the analysis's
//! e.H.e against the file's omega2 (an independent eigen-solver).

mod common;

use nalgebra::Vector3;
use softmode::potential::Potential;
use softmode::Mode;

fn displaced(mode: &Mode, u: &[Vector3<f64>], h: f64) -> Mode {
    let mut m = mode.clone();
    for (p, d) in m.positions.iter_mut().zip(u) {
        *p += d * h;
    }
    m
}

fn total_energy(pot: &Potential, mode: &Mode) -> f64 {
    pot.energies(&mode.atoms()).expect("energies").iter().sum()
}

/// A smooth direction that moves every atom (the mode plus a deterministic wiggle).
fn direction(mode: &Mode) -> Vec<Vector3<f64>> {
    mode.e
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let t = i as f64;
            e + Vector3::new((0.7 * t).sin(), (1.3 * t).cos(), (0.3 * t).sin()) * 0.01
        })
        .collect()
}

#[test]
fn forces_are_minus_the_energy_gradient() {
    let pot = Potential::ipl3d();
    let mode = common::example_mode(0);
    let u = direction(&mode);
    let base = displaced(&mode, &u, 0.05);
    let f = pot.forces(&base.atoms()).expect("forces");
    let h = 1e-5;
    let fd = (total_energy(&pot, &displaced(&base, &u, h))
        - total_energy(&pot, &displaced(&base, &u, -h)))
        / (2.0 * h);
    let analytic: f64 = -f.iter().zip(&u).map(|(f, u)| f.dot(u)).sum::<f64>();
    assert!(
        (fd - analytic).abs() < 1e-6 * analytic.abs().max(1.0),
        "dE/dh {fd} vs -F.u {analytic}"
    );
}

#[test]
fn hessian_products_are_force_differences() {
    let pot = Potential::ipl3d();
    let mode = common::example_mode(1);
    let u = direction(&mode);
    let h = 1e-6;
    let plus = pot
        .forces(&displaced(&mode, &u, h).atoms())
        .expect("forces");
    let minus = pot
        .forces(&displaced(&mode, &u, -h).atoms())
        .expect("forces");
    let hu = pot.hessian_times(&mode.atoms(), &u).expect("H u");
    let sparse = pot.hessian(&mode.atoms()).expect("H").times(&u);
    let scale = hu.iter().map(|v| v.norm()).fold(0.0, f64::max);
    for i in 0..mode.n_atoms() {
        let fd = (minus[i] - plus[i]) / (2.0 * h);
        assert!(
            (fd - hu[i]).norm() < 1e-6 * scale,
            "atom {i}: {fd} vs {}",
            hu[i]
        );
        assert!(
            (sparse[i] - hu[i]).norm() < 1e-12 * scale,
            "atom {i}: sparse"
        );
    }
}

/// The per-atom energies add up to the pair sum of the line terms at A = 0 and along
/// the line, and their Taylor coefficients match finite differences of the total.
#[test]
fn line_terms_sum_to_the_energy() {
    let pot = Potential::ipl3d();
    let mode = common::example_mode(2);
    let line = pot.line_terms(&mode.atoms(), &mode.e, 0.5).expect("terms");
    let along = |a: f64| (0..line.len()).map(|k| line.energy(k, a)).sum::<f64>();
    for a in [0.0, 0.3, -0.5] {
        let direct = total_energy(&pot, &displaced(&mode, &mode.e, a));
        assert!(
            (along(a) - direct).abs() < 1e-9 * direct.abs(),
            "A = {a}: {} vs {direct}",
            along(a)
        );
    }
    let d2: f64 = (0..line.len()).map(|k| line.taylor(k)[1]).sum();
    // Richardson-extrapolated central differences (error O(h^4)), term by term so that
    // the large total does not round the small differences away.
    let fd = |h: f64| {
        (0..line.len())
            .map(|k| line.energy(k, h) - 2.0 * line.energy(k, 0.0) + line.energy(k, -h))
            .sum::<f64>()
            / (h * h)
            / 2.0
    };
    let fd2 = (4.0 * fd(1e-3) - fd(2e-3)) / 3.0;
    assert!((d2 - fd2).abs() < 1e-6 * d2.abs(), "D2 {d2} vs {fd2}");
}

/// The line terms are exactly the pairs that can come within range for |A| <= a_max
/// (r - a_max |u_j - u_i| below the pair's cutoff), counted here by an O(N^2)
/// minimum-image search: the cell list and its square-root-free shortcuts lose none
/// and keep no other. Along a mode, and along a field where 21 atoms move far (those
/// the search takes one by one).
#[test]
fn line_terms_are_the_pairs_that_come_within_range() {
    let pot = Potential::ipl3d();
    let mode = common::example_mode(2);
    let atoms = mode.atoms();
    let n = mode.n_atoms();
    let few_far: Vec<Vector3<f64>> = (0..n)
        .map(|i| {
            let size = if i % 97 == 0 { 0.3 } else { 0.01 };
            Vector3::new(1.0, -0.5, (i % 5) as f64 - 2.0).normalize() * size
        })
        .collect();
    for (u, a_max) in [
        (&mode.e, 0.0),
        (&mode.e, 0.5),
        (&mode.e, 3.0),
        (&few_far, 1.5),
    ] {
        let line = pot.line_terms(&atoms, u, a_max).expect("terms");
        let mut want = 0;
        for i in 0..n {
            for j in i + 1..n {
                let r = mode
                    .cell
                    .delta(&mode.positions[i], &mode.positions[j])
                    .norm();
                let d = (u[j] - u[i]).norm();
                let range = pot.pair.cutoff(atoms.atom(&pot, i), atoms.atom(&pot, j));
                want += usize::from(r - a_max * d < range);
            }
        }
        assert_eq!(line.len(), want, "a_max {a_max}");
    }
}

/// e.H.e of every mode equals the omega2 that an independent eigen-solver wrote.
#[test]
fn rayleigh_quotients_equal_the_file_omega2() {
    let pot = Potential::ipl3d();
    for mode in common::example_modes() {
        let he = pot.hessian_times(&mode.atoms(), &mode.e).expect("H e");
        let ehe: f64 = he.iter().zip(&mode.e).map(|(h, e)| h.dot(e)).sum();
        let w = mode.omega2_file.expect("omega2 in file");
        assert!(
            (ehe - w).abs() < 1e-7 * w,
            "frame {}: {ehe} vs {w}",
            mode.frame
        );
    }
}

#[test]
fn species_outside_the_potential_are_an_error() {
    let pot = Potential::ipl3d();
    let mut mode = common::example_mode(0);
    mode.species[7] = 5;
    let err = pot.energies(&mode.atoms()).expect_err("species 5");
    let text = err.to_string();
    assert!(text.contains("atom 7") && text.contains("3dipl"), "{text}");
}
