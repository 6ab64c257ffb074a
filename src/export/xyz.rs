//! The analysed mode as extended XYZ for OVITO and ASE: the mode with its dipole field
//! and random part as vector columns (written with the readers' own format, io::write).

use std::path::Path;

use nalgebra::Vector3;

use crate::analysis::Analysis;
use crate::error::Result;
use crate::io::write::{create, finish, frame};

/// The analysed mode with its dipole field s and random part e_r = e - s as vector
/// columns `mode`, `dipole_field`, `random_part` (for OVITO and ASE). With `centred`, the
/// positions are the centre plus the minimum-image vectors to it (the mode in the middle
/// of a viewer's picture; not wrapped into the box).
pub fn write_analysis(
    path: &Path,
    a: &Analysis,
    species: &[&str],
    centred: bool,
    overwrite: bool,
) -> Result<()> {
    let mode = &a.mode;
    let n = mode.n_atoms();
    let positions: Vec<Vector3<f64>> = if centred {
        let c = a.core.centre.wrapped;
        a.core.x.iter().map(|x| c + x).collect()
    } else {
        mode.positions.clone()
    };
    let field: Vec<Vector3<f64>> = (0..n).map(|i| a.field_at(i)).collect();
    let random: Vec<Vector3<f64>> = (0..n).map(|i| a.random_part(i)).collect();
    let columns = [
        ("mode", mode.e.clone()),
        ("dipole_field", field),
        ("random_part", random),
    ];
    let mut out = create(path, overwrite)?;
    let extra = format!(" frame={} D4={:?}", mode.frame, a.d4());
    let r = frame(&mut out, mode, species, &positions, &columns, &extra);
    finish(path, out, r)
}
