//! Readers and writers: files -> `Mode`.
//!
//! Files are read as streams of lines, plain or gzip-compressed (recognised by the
//! magic bytes 1f 8b, not by the name). Line numbers in errors are 1-based and count
//! the lines of the decompressed text.

mod comment;
mod eigtext;
mod extxyz;
mod format;
pub mod gexc;
mod hdf5;
mod lammps;
mod lammps_data;
mod layout;
mod npy;
mod progress;
mod vector_name;
pub mod write;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;

pub use extxyz::{read_all, read_all_bytes, read_frame};
pub use format::{
    count_frames, count_frames_with, detect_format, read_config, read_configuration, read_mode,
    read_modes, Format, EXTENSIONS,
};
pub use progress::Progress;

use nalgebra::Vector3;

use crate::error::{Error, Result};
use crate::model::{Cell, Mode, ModeKind, TypeMap};
use crate::potential::{Atoms, Units};

/// How to read a mode file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The eigenvector's name; default "mode". Extended XYZ: the `Properties` column
    /// (R:3) or three R:1 columns; LAMMPS dump: three columns. The three columns may be
    /// named as LAMMPS, OVITO and ASE write them: `mode[1]`, `c_mode[1]`, `mode1`,
    /// `mode.1`, `mode.X`, `modex`, `mode_x` (see `vector_name`), so "v" selects
    /// `vx vy vz`; when several triples match, the name of one triple's first column
    /// (`c_mode[1]`) picks it. NumPy `.npz`: the array name, if not one of the usual.
    pub vector: String,
    /// Species-label overrides on top of the built-in aliases.
    pub types: TypeMap,
    /// The configuration (positions, species, box) for an eigenvector file that has
    /// none: plain-text eigenvectors or a `.npy` array of modes. A LAMMPS data file, a
    /// LAMMPS dump or an extended XYZ file (first snapshot; other columns ignored).
    pub config: Option<PathBuf>,
    /// The format, if not detected from the content (see `detect_format`).
    pub format: Option<Format>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            vector: "mode".to_owned(),
            types: TypeMap::default(),
            config: None,
            format: None,
        }
    }
}

/// A configuration without an eigenvector (positions shifted so the box starts at 0).
#[derive(Clone, Debug)]
pub struct Config {
    pub positions: Vec<Vector3<f64>>,
    pub species: Vec<u8>,
    pub cell: Cell,
    /// Per-atom masses and diameters and the units, where the file gives them.
    pub extras: Extras,
}

impl Config {
    /// The configuration as the potential sees it: frame `frame` of `source`, with the
    /// file's per-atom diameters where it has them.
    pub fn atoms<'a>(&'a self, source: &'a Path, frame: usize) -> Atoms<'a> {
        Atoms {
            source,
            frame,
            positions: &self.positions,
            species: &self.species,
            sizes: self.extras.sizes.as_deref(),
            cell: &self.cell,
            deformation: None,
        }
    }
}

/// What a file may say beyond positions and species (ANALYSIS.md section 12).
#[derive(Clone, Debug, Default)]
pub struct Extras {
    pub masses: Option<Vec<f64>>,
    pub sizes: Option<Vec<f64>>,
    pub units: Option<Units>,
    pub kind: ModeKind,
}

impl Extras {
    /// The mode with these masses, diameters and units (checked by `Mode`).
    pub fn apply(&self, mut mode: Mode) -> Result<Mode> {
        if let Some(m) = &self.masses {
            mode = mode.with_masses(m.clone())?;
        }
        if let Some(s) = &self.sizes {
            mode = mode.with_sizes(s.clone())?;
        }
        mode.units = mode.units.or(self.units);
        mode.kind = self.kind;
        Ok(mode)
    }
}

/// A capacity for `count` items of at least `min_bytes` bytes each in a file of
/// `file_size` bytes: never more than the file could hold, whatever a header claims.
pub(crate) fn capacity(count: usize, file_size: u64, min_bytes: u64) -> usize {
    let fit = usize::try_from(file_size / min_bytes.max(1)).unwrap_or(usize::MAX);
    count.min(fit.saturating_add(16))
}

/// `tok` as a finite number, or a message saying what is wrong with it.
pub(crate) fn finite(tok: &str) -> Result<f64, String> {
    match tok.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(format!("'{}' is not finite", clip(tok))),
        Err(_) => Err(format!("'{}' is not a number", clip(tok))),
    }
}

/// The species index of `label`, or a message saying how to map it.
pub(crate) fn species_of(label: &str, opts: &ReadOptions, species: &[&str]) -> Result<u8, String> {
    let found = opts.types.resolve(label, species);
    let found = match Progress::current() {
        Some(p) => p.label(label, found),
        None => found,
    };
    found.ok_or_else(|| {
        format!(
            "unknown species label '{}' (the potential's species are {}; map it with --types {}=...)",
            clip(label),
            species.join(", "),
            clip(label)
        )
    })
}

const BUF_SIZE: usize = 1 << 16;

/// A file read line by line, transparently gunzipped, counting lines.
pub(crate) struct LineReader {
    inner: Box<dyn BufRead + Send>,
    path: PathBuf,
    buf: Vec<u8>,
    /// Number of lines read or skipped so far (= 1-based number of the last one).
    line: u64,
    /// Size of the file on disk (compressed size for gzip), for capacity caps.
    pub file_size: u64,
}

impl LineReader {
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_counted(path, Progress::current())
    }

    /// Opens `path` for a look at its first lines, not counted as load progress.
    pub fn peek(path: &Path) -> Result<Self> {
        Self::open_counted(path, None)
    }

    fn open_counted(path: &Path, progress: Option<Progress>) -> Result<Self> {
        let io_err = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        let file = File::open(path).map_err(io_err)?;
        let file_size = file.metadata().map_err(io_err)?.len();
        match progress {
            Some(p) => {
                let file = p.counted(file, file_size);
                Self::from_reader(path, BufReader::with_capacity(BUF_SIZE, file), file_size)
            }
            None => Self::from_reader(path, BufReader::with_capacity(BUF_SIZE, file), file_size),
        }
    }

    /// Reads text held in memory (the built-in example), `name` standing in for the path.
    pub fn from_bytes(name: &Path, bytes: &'static [u8]) -> Result<Self> {
        Self::from_reader(name, bytes, bytes.len() as u64)
    }

    fn from_reader(
        path: &Path,
        mut raw: impl BufRead + Send + 'static,
        file_size: u64,
    ) -> Result<Self> {
        let gz = raw
            .fill_buf()
            .map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?
            .starts_with(&[0x1f, 0x8b]);
        let inner: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::with_capacity(BUF_SIZE, MultiGzDecoder::new(raw)))
        } else {
            Box::new(raw)
        };
        Ok(Self {
            inner,
            path: path.to_owned(),
            buf: Vec::new(),
            line: 0,
            file_size,
        })
    }

    /// 1-based number of the last line read or skipped (0 before the first).
    pub fn line(&self) -> u64 {
        self.line
    }

    fn read_error(&self, e: std::io::Error) -> Error {
        let msg = match self.line {
            0 => e.to_string(),
            n => format!("{e} (after line {n})"),
        };
        let source = std::io::Error::new(e.kind(), msg);
        Error::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// The next line without its line ending, with its 1-based number; None at the end.
    pub fn next_line(&mut self) -> Result<Option<(u64, &str)>> {
        self.buf.clear();
        let n = match self.inner.read_until(b'\n', &mut self.buf) {
            Ok(n) => n,
            Err(e) => return Err(self.read_error(e)),
        };
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        let mut bytes = self.buf.as_slice();
        if let Some(b) = bytes.strip_suffix(b"\n") {
            bytes = b;
        }
        if let Some(b) = bytes.strip_suffix(b"\r") {
            bytes = b;
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some((self.line, s))),
            Err(e) => Err(Error::parse(
                &self.path,
                self.line,
                format!("not valid UTF-8 text (byte {})", e.valid_up_to() + 1),
            )),
        }
    }

    /// Skips one line without looking at it; false at the end of the file.
    pub fn skip_line(&mut self) -> Result<bool> {
        match self.inner.skip_until(b'\n') {
            Ok(0) => Ok(false),
            Ok(_) => {
                self.line += 1;
                Ok(true)
            }
            Err(e) => Err(self.read_error(e)),
        }
    }
}

/// At most 40 characters of `s`, for messages.
pub(crate) fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_owned(),
    }
}
