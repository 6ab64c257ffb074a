//! Which reader a file needs, and the one entry point that dispatches to it.
//!
//! The format is told from the content: NumPy magic bytes (`\x93NUMPY`), a zip archive
//! (`PK`, an `.npz`), the HDF5 signature (`\x89HDF`), and for text (plain or gzip) the first lines: `ITEM:` starts a
//! LAMMPS dump, an `N atoms` header line marks a LAMMPS data file, an atom count followed
//! by a comment line is extended XYZ, and lines of numbers only are a plain-text
//! eigenvector file. The extension decides only when the content does not.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::{eigtext, extxyz, hdf5, lammps, lammps_data, npy, Config, LineReader, ReadOptions};
use crate::error::{Error, Result};
use crate::model::Mode;

/// A file format softmode reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Extended XYZ (ASE, OVITO), one frame per mode.
    Extxyz,
    /// LAMMPS text dump, one snapshot per mode.
    LammpsDump,
    /// LAMMPS data file (atomic style): a configuration only.
    LammpsData,
    /// A NumPy `.npy` array of modes (needs a configuration).
    Npy,
    /// A NumPy `.npz` archive of named arrays.
    Npz,
    /// Plain-text eigenvectors (needs a configuration).
    Text,
    /// HDF5 in the atooms layout (configuration and normal modes).
    Hdf5,
}

/// File-name endings of the formats the detector reads (the open dialog's filter; the
/// content decides the format, so these only narrow the list shown).
pub const EXTENSIONS: &[&str] = &[
    "extxyz",
    "xyz",
    "gz",
    "dump",
    "lammpstrj",
    "data",
    "lmp",
    "npy",
    "npz",
    "txt",
    "dat",
    "h5",
    "hdf5",
];

impl Format {
    pub const NAMES: [&'static str; 7] = [
        "extxyz",
        "lammps-dump",
        "lammps-data",
        "npy",
        "npz",
        "text",
        "hdf5",
    ];
    const ALL: [Format; 7] = [
        Format::Extxyz,
        Format::LammpsDump,
        Format::LammpsData,
        Format::Npy,
        Format::Npz,
        Format::Text,
        Format::Hdf5,
    ];

    pub fn name(self) -> &'static str {
        let i = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::NAMES[i]
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(s))
            .map(|i| Self::ALL[i])
            .ok_or_else(|| {
                Error::Setting(format!(
                    "unknown format '{s}' (known: {})",
                    Self::NAMES.join(", ")
                ))
            })
    }
}

/// The format of `path`, from its content (extension as a fallback).
pub fn detect_format(path: &Path) -> Result<Format> {
    let mut magic = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut magic))
        .map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
    if magic[..n].starts_with(b"\x93NUMPY") {
        return Ok(Format::Npy);
    }
    if magic[..n].starts_with(b"PK") {
        return Ok(Format::Npz);
    }
    if magic[..n].starts_with(b"\x89HDF\r\n\x1a\n") {
        return Ok(Format::Hdf5);
    }
    let mut rd = LineReader::peek(path)?;
    let mut lines: Vec<String> = Vec::new();
    while lines.len() < 40 {
        match rd.next_line()? {
            Some((_, t)) if t.trim().is_empty() => continue,
            Some((_, t)) => lines.push(t.trim().to_owned()),
            None => break,
        }
    }
    let numeric = |t: &str| t.split_ascii_whitespace().all(|w| w.parse::<f64>().is_ok());
    let by_ext = || {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        let ext = match ext.as_str() {
            "gz" => Path::new(path.file_stem()?)
                .extension()?
                .to_str()?
                .to_ascii_lowercase(),
            _ => ext,
        };
        match ext.as_str() {
            "xyz" | "extxyz" => Some(Format::Extxyz),
            "dump" | "lammpstrj" => Some(Format::LammpsDump),
            "data" | "lmp" => Some(Format::LammpsData),
            "txt" | "dat" | "eig" => Some(Format::Text),
            _ => None,
        }
    };
    let Some(first) = lines.first() else {
        return Ok(by_ext().unwrap_or(Format::Extxyz));
    };
    if first.starts_with("ITEM:") {
        return Ok(Format::LammpsDump);
    }
    let atoms_line = |t: &String| {
        let w: Vec<&str> = t
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        w.len() == 2 && w[1] == "atoms" && w[0].parse::<u64>().is_ok()
    };
    if lines.iter().skip(1).any(atoms_line) {
        return Ok(Format::LammpsData);
    }
    let count_line = first.parse::<u64>().is_ok();
    let comment_follows = lines.get(1).is_some_and(|t| !numeric(t) || t.contains('='));
    if count_line && (comment_follows || lines.len() == 1) {
        return Ok(Format::Extxyz);
    }
    if numeric(first) || first.starts_with('#') {
        return Ok(Format::Text);
    }
    Ok(by_ext().unwrap_or(Format::Extxyz))
}

/// Every mode of `path`, whatever its format (see `detect_format`; `opts.format`
/// overrides). Species are mapped through `opts.types` onto `species`.
pub fn read_modes(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Vec<Mode>> {
    read(path, None, opts, species)
}

/// Mode `frame` (0-based) of `path`, whatever its format.
pub fn read_mode(path: &Path, frame: usize, opts: &ReadOptions, species: &[&str]) -> Result<Mode> {
    let mut modes = read(path, Some(frame), opts, species)?;
    match modes.len() {
        0 => Err(Error::parse(path, 0, "no modes")),
        _ => Ok(modes.swap_remove(0)),
    }
}

fn read(
    path: &Path,
    frame: Option<usize>,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Vec<Mode>> {
    let format = match opts.format {
        Some(f) => f,
        None => detect_format(path)?,
    };
    match format {
        Format::Extxyz => match frame {
            None => extxyz::read_all(path, opts, species),
            Some(k) => Ok(vec![extxyz::read_frame(path, k, opts, species)?]),
        },
        Format::LammpsDump => lammps::read(path, frame, opts, species),
        Format::LammpsData => Err(no_eigenvector(path)),
        Format::Npy => {
            let (_, config) = config_for(path, opts, species, format)?;
            npy::read_npy(path, frame, config)
        }
        Format::Npz => npy::read_npz(path, frame, opts, species),
        Format::Hdf5 => hdf5::read(path, frame, opts, species),
        Format::Text => {
            let (cfg_path, config) = config_for(path, opts, species, format)?;
            eigtext::read(path, frame, &cfg_path, config)
        }
    }
}

fn config_for(
    path: &Path,
    opts: &ReadOptions,
    species: &[&str],
    format: Format,
) -> Result<(PathBuf, Config)> {
    let cfg = opts.config.as_ref().ok_or_else(|| {
        Error::parse(
            path,
            0,
            format!("a {format} eigenvector file has no positions: give the configuration with --config PATH (LAMMPS data or dump, extended XYZ)"),
        )
    })?;
    Ok((cfg.clone(), read_config(cfg, opts, species)?))
}

/// The configuration in `path`: a LAMMPS data file, or the first snapshot of a LAMMPS
/// dump or an extended XYZ file (eigenvector columns not needed).
pub fn read_config(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Config> {
    match detect_format(path)? {
        Format::Extxyz => extxyz::read_config(path, opts, species),
        Format::LammpsDump => lammps::read_config(path, opts, species),
        Format::LammpsData => lammps_data::read(path, opts, species),
        Format::Npz => npy::read_npz_config(path, opts, species),
        Format::Hdf5 => hdf5::read_config(path, opts, species),
        f => Err(Error::parse(
            path,
            0,
            format!("a {f} file cannot serve as the configuration (use a LAMMPS data or dump file, extended XYZ or .npz)"),
        )),
    }
}

/// The configuration of frame `frame`: for frame 0 that of any configuration file (see
/// `read_config`), for a later frame the positions of that mode of a mode file.
pub fn read_configuration(
    path: &Path,
    frame: usize,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Config> {
    if frame == 0 {
        return read_config(path, opts, species);
    }
    let mode = read_mode(path, frame, opts, species)?;
    Ok(Config {
        extras: super::Extras {
            masses: mode.masses,
            sizes: mode.sizes,
            units: mode.units,
            kind: mode.kind,
        },
        positions: mode.positions,
        species: mode.species,
        cell: mode.cell,
    })
}

fn no_eigenvector(path: &Path) -> Error {
    Error::parse(
        path,
        0,
        format!(
            "a LAMMPS data file holds a configuration but no eigenvector: open the eigenvector file with --config {}",
            path.display()
        ),
    )
}

/// Number of modes in `path`, whatever its format, read with the default options (no
/// configuration: a `.npy` or text file is an error, as for `read_modes`).
pub fn count_frames(path: &Path) -> Result<usize> {
    count_frames_with(path, &ReadOptions::default(), &[])
}

/// Number of modes in `path` without parsing the modes: extxyz and LAMMPS dumps skip the
/// atom lines unparsed, NumPy and HDF5 read the array shapes only, plain text counts
/// lines. `.npy`, text and an `.npz` without positions need the configuration's atom
/// count (`opts.config`), which is read.
pub fn count_frames_with(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<usize> {
    let format = match opts.format {
        Some(f) => f,
        None => detect_format(path)?,
    };
    let atoms = || -> Result<usize> {
        let (_, config) = config_for(path, opts, species, format)?;
        Ok(config.positions.len())
    };
    match format {
        Format::Extxyz => extxyz::count_frames(path),
        Format::LammpsDump => lammps::count_frames(path),
        Format::LammpsData => Err(no_eigenvector(path)),
        Format::Npy => npy::count_npy(path, atoms),
        Format::Npz => npy::count_npz(path, opts, atoms),
        Format::Text => eigtext::count(path, atoms()?),
        Format::Hdf5 => hdf5::count_frames(path),
    }
}
