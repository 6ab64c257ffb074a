//! The built-in example: mode m0 (frame 0) of the 2,000-atom 3DIPL glass in
//! tests/data, shipped inside the binary. Of the glass's ten modes it is the one whose
//! analysis reads best on the first screen: the most compact core (r_in = 2.65 a0), a
//! dipole tensor that holds still as the fit shell moves (P22 = -71 from r_s = 4.5 to 6)
//! and a positive f_r (0.099 +- 0.070, reference file m0). The glass's box (13.46 a0) is
//! small: the default fit shell 6..8 reaches past half of it, which the window explains.

use std::path::Path;

use crate::analysis::Potential;
use crate::error::Result;
use crate::io::{read_all_bytes, ReadOptions};
use crate::model::Mode;

const BYTES: &[u8] = include_bytes!("../assets/example_mode.extxyz.gz");

/// What the window calls the example.
pub const DESCRIPTION: &str = "built-in example: mode m0 of a 2,000-atom 3DIPL glass";

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
    use crate::io::read_frame;

    #[test]
    fn the_example_is_mode_0_of_the_test_glass() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz");
        let pot = Potential::ipl3d();
        let species = pot.species();
        let glass = read_frame(&path, 0, &ReadOptions::default(), &species).expect("test glass");
        let example = example_mode().expect("example");
        assert_eq!(example.positions, glass.positions);
        assert_eq!(example.e, glass.e);
        assert_eq!(example.species, glass.species);
        assert_eq!(example.omega2_file, glass.omega2_file);
    }
}
