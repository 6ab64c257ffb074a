//! EAM setfl files (LAMMPS eam/alloy, eam/fs). Placeholder in the `lammps` branch: the
//! real reader is written on another branch with exactly this signature.

use std::path::Path;

use super::Potential;
use crate::error::{Error, Result};

/// The two setfl layouts: eam/alloy (one density per element) and eam/fs (one per pair).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetflKind {
    Alloy,
    Fs,
}

/// Reads a setfl file for the given elements (one per atom type, in type order).
pub fn read_setfl(path: &Path, kind: SetflKind, elements: &[String]) -> Result<Potential> {
    let _ = (kind, elements);
    Err(Error::invalid(
        path,
        "EAM setfl files are not yet supported",
    ))
}
