//! Writers: extended XYZ that OVITO, ASE and our own reader open, with the mode's
//! masses (unless all 1), diameters and units, so that a file round-trips.
//!
//! Floats are written with Rust's shortest round-trip form (`{:?}`), so a file written
//! and read back gives the same bits. A file that exists is replaced only when
//! `overwrite` is set.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;

use nalgebra::Vector3;

use crate::error::{Error, Result};
use crate::model::Mode;

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// Creates `path` for writing; an existing file is `Error::Exists` unless `overwrite`
/// (create_new: no window between the check and the write).
pub(crate) fn create(path: &Path, overwrite: bool) -> Result<BufWriter<std::fs::File>> {
    let mut o = OpenOptions::new();
    o.write(true);
    if overwrite {
        o.create(true).truncate(true);
    } else {
        o.create_new(true);
    }
    o.open(path).map(BufWriter::new).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Exists(path.to_owned())
        } else {
            io_err(path, e)
        }
    })
}

fn name_of(species: &[&str], s: u8) -> String {
    species
        .get(usize::from(s))
        .map_or_else(|| format!("X{s}"), |n| (*n).to_owned())
}

/// The per-atom scalar columns the mode needs to read back the same: `masses` (ASE's
/// name) unless all are 1, and `diameter` where the mode has diameters.
fn scalar_columns(mode: &Mode) -> Vec<(&'static str, &[f64])> {
    let mut out = Vec::new();
    if let Some(m) = mode
        .masses
        .as_deref()
        .filter(|m| m.iter().any(|&x| x != 1.0))
    {
        out.push(("masses", m));
    }
    if let Some(d) = mode.sizes.as_deref() {
        out.push(("diameter", d));
    }
    out
}

/// One frame: `columns` R:3 vector columns after species and pos; `extra` key=value pairs.
pub(crate) fn frame(
    out: &mut impl Write,
    mode: &Mode,
    species: &[&str],
    positions: &[Vector3<f64>],
    columns: &[(&str, Vec<Vector3<f64>>)],
    extra: &str,
) -> std::io::Result<()> {
    let l = mode.cell.lengths;
    writeln!(out, "{}", mode.n_atoms())?;
    let mut props: String = columns.iter().map(|(n, _)| format!(":{n}:R:3")).collect();
    let scalars = scalar_columns(mode);
    for (name, _) in &scalars {
        props.push_str(&format!(":{name}:R:1"));
    }
    write!(
        out,
        "Lattice=\"{:?} 0.0 0.0 0.0 {:?} 0.0 0.0 0.0 {:?}\" Properties=species:S:1:pos:R:3{props}",
        l[0], l[1], l[2]
    )?;
    if let Some(w) = mode.omega2_file {
        write!(out, " omega2={w:?}")?;
    }
    if let Some(u) = mode.units {
        write!(out, " units=\"{}\"", u.as_str())?;
    }
    if mode.kind == crate::model::ModeKind::Quartic {
        write!(out, " kind=\"quartic\"")?;
    }
    writeln!(out, "{extra} pbc=\"T T T\"")?;
    for (i, p) in positions.iter().enumerate() {
        write!(
            out,
            "{} {:?} {:?} {:?}",
            name_of(species, mode.species[i]),
            p.x,
            p.y,
            p.z
        )?;
        for (_, v) in columns {
            write!(out, " {:?} {:?} {:?}", v[i].x, v[i].y, v[i].z)?;
        }
        for (_, v) in &scalars {
            write!(out, " {:?}", v[i])?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Flushes `out` after the writes `r`; an error of either names `path`.
pub(crate) fn finish(
    path: &Path,
    mut out: BufWriter<std::fs::File>,
    r: std::io::Result<()>,
) -> Result<()> {
    r.and_then(|()| out.flush()).map_err(|e| io_err(path, e))
}

/// The modes as extended XYZ (`species pos mode`), one frame each, with omega2 where the
/// mode has one from its file and `mode_index` = its frame. `species` names the species
/// indices.
pub fn write_modes(path: &Path, modes: &[Mode], species: &[&str], overwrite: bool) -> Result<()> {
    let mut out = create(path, overwrite)?;
    let r = modes.iter().try_for_each(|m| {
        frame(
            &mut out,
            m,
            species,
            &m.positions,
            &[("mode", m.e.clone())],
            &format!(" mode_index={}", m.frame),
        )
    });
    finish(path, out, r)
}

/// The configuration displaced by `amplitude` along the (normalised) mode: r_i + A e_i,
/// with the mode as a column, so the file reads back as a mode.
pub fn write_displaced(
    path: &Path,
    mode: &Mode,
    amplitude: f64,
    species: &[&str],
    overwrite: bool,
) -> Result<()> {
    if !amplitude.is_finite() {
        return Err(Error::Setting(format!(
            "displacement amplitude {amplitude} is not finite"
        )));
    }
    let positions: Vec<Vector3<f64>> = mode
        .positions
        .iter()
        .zip(&mode.e)
        .map(|(p, e)| p + amplitude * e)
        .collect();
    let mut out = create(path, overwrite)?;
    let extra = format!(" frame={} displacement_A={amplitude:?}", mode.frame);
    let r = frame(
        &mut out,
        mode,
        species,
        &positions,
        &[("mode", mode.e.clone())],
        &extra,
    );
    finish(path, out, r)
}

/// Quartic modes (ANALYSIS.md section 15) of the configuration of `base`, one frame each
/// as `write_modes` writes normal modes: `mode` = pi, and in the comment line
/// omega2 = kappa, chi, mode_index (0, 1, ..), start_mode (the normal mode it came
/// from) and kind="quartic".
pub fn write_quartic_modes(
    path: &Path,
    base: &Mode,
    modes: &[crate::quartic::QuarticMode],
    species: &[&str],
    overwrite: bool,
) -> Result<()> {
    let mut out = create(path, overwrite)?;
    let r = modes.iter().enumerate().try_for_each(|(n, q)| {
        let mode = q.as_mode(base, n);
        let extra = format!(" chi={:?} mode_index={n} start_mode={}", q.chi, q.start);
        frame(
            &mut out,
            &mode,
            species,
            &base.positions,
            &[("mode", mode.e.clone())],
            &extra,
        )
    });
    finish(path, out, r)
}
