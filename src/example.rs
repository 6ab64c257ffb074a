//! The built-in example: quartic mode q0 (ANALYSIS.md section 15) of an 8,000-atom 3DIPL
//! glass made for it (tests/data/scripts/make_example_glass.py says how), shipped inside
//! the binary. Its box (21.37 a0) is large enough that the default fit shell 6..8 a0 and
//! the P(r_s) scan up to r_s = 8.5 a0 lie inside half of it. A quartic mode rather than
//! the lowest normal mode: at this size the normal modes hybridize with the sound waves,
//! whose extended part makes <e^2> r^4 grow without bound (Fig. 3); the quartic mode is
//! the same soft spot without them (Gartner and Lerner 2016, the paper's q-rows), so the
//! first screen shows the dipole far field the paper is about.

use std::path::Path;

use crate::analysis::Potential;
use crate::error::Result;
use crate::io::{read_all_bytes, ReadOptions};
use crate::model::Mode;

const BYTES: &[u8] = include_bytes!("../assets/example_mode.extxyz.gz");

/// What the window calls the example.
pub const DESCRIPTION: &str = "built-in example: quartic mode q0 of an 8,000-atom 3DIPL glass";

/// The name the example goes by in messages and results.
pub const NAME: &str = "example_mode.extxyz.gz";

/// The example mode (3DIPL species).
pub fn example_mode() -> Result<Mode> {
    let mut modes = read_all_bytes(
        Path::new(NAME),
        BYTES,
        &ReadOptions::default(),
        &Potential::ipl3d().species(),
    )?;
    Ok(modes.remove(0))
}

/// Frame `frame` of the 2,000-atom 3DIPL glass in tests/data, for the library's unit
/// tests (small and fast, with reference files).
#[cfg(test)]
pub(crate) fn test_glass(frame: usize) -> Mode {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz");
    let pot = Potential::ipl3d();
    crate::io::read_frame(&path, frame, &ReadOptions::default(), &pot.species())
        .expect("test glass")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::{Analyzer, Settings};
    use nalgebra::Vector3;
    use std::sync::Arc;

    /// The example is what its script says: 8,000 atoms, half of them large, at the
    /// energy LAMMPS reported for the quenched glass (6.4384985823863 E0 per atom), a
    /// minimum (largest force below section 13's 1e-10), and a quartic mode: kappa =
    /// e.H.e is the file's omega2 and H e = (kappa / chi) U4:::eee (section 15's 1e-8).
    #[test]
    fn the_example_is_a_quenched_glass_and_its_mode_a_quartic_mode() {
        let mode = example_mode().expect("example");
        let pot = Potential::ipl3d();
        assert_eq!(mode.n_atoms(), 8000);
        assert_eq!(mode.species.iter().filter(|&&s| s == 1).count(), 4000);
        assert_eq!(mode.kind, crate::model::ModeKind::Quartic);
        let atoms = mode.atoms();
        let energy: f64 = pot.energies(&atoms).expect("energies").iter().sum();
        assert!(
            (energy / 8000.0 - 6.4384985823863).abs() < 1e-11,
            "{energy}"
        );
        let forces = pot.forces(&atoms).expect("forces");
        assert!(forces.iter().all(|f| f.norm() < 1e-10));
        let e = &mode.e;
        let dot = |a: &[Vector3<f64>], b: &[Vector3<f64>]| -> f64 {
            a.iter().zip(b).map(|(x, y)| x.dot(y)).sum()
        };
        let he = pot.hessian_times(&atoms, e).expect("H e");
        let u4 = pot.fourth_order_gradient(&atoms, e).expect("U4:::eee");
        let (kappa, chi) = (dot(e, &he), dot(e, &u4));
        let omega2 = mode.omega2_file.expect("omega2 in the file");
        assert!(
            (kappa - omega2).abs() < 1e-10 * omega2,
            "{kappa} vs {omega2}"
        );
        let residual: f64 = he
            .iter()
            .zip(&u4)
            .map(|(h, w)| (h - w * (kappa / chi)).norm_squared())
            .sum();
        assert!(
            residual.sqrt() < 1e-8,
            "stationarity residual {}",
            residual.sqrt()
        );
    }

    /// What the first screen shows: a compact core, and a fit shell and P(r_s) scan that
    /// never reach past half the box.
    #[test]
    fn the_example_shows_a_localized_mode_inside_half_the_box() {
        let a = Analyzer::new(
            example_mode().expect("example"),
            Arc::new(Potential::ipl3d()),
        )
        .run(&Settings::default())
        .expect("analysis");
        assert!(a.n_e < 100.0, "N_e = {}", a.n_e);
        assert!(a.r_in.is_some_and(|r| r < 3.0), "r_in = {:?}", a.r_in);
        assert!(!a.beyond_half_box && a.dipole.is_some());
        let inside = |p: &crate::analysis::ScanPoint| p.r_s > 8.5 || !p.beyond_half_box;
        assert!(a.dipole_scan.iter().all(inside));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }
}
