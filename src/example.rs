//! The built-in example: mode m3 (frame 3) of the 2,000-atom 3DIPL glass in
//! tests/data, the paper's example mode index, shipped inside the binary.

use std::path::Path;

use crate::analysis::Potential;
use crate::error::Result;
use crate::io::{read_all_bytes, ReadOptions};
use crate::model::Mode;

const BYTES: &[u8] = include_bytes!("../assets/example_mode.extxyz.gz");

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
