//! HDF5 in the atooms layout (through the pure-Rust `hdf5-pure` crate, so no C library).
//!
//! The configuration is what `atooms.trajectory.hdf5` writes: positions in
//! `trajectory/particle/position/<sample>` or `initialstate/particle/position` (N, 3);
//! species in `trajectory/particle/species/<sample>` or `initialstate/particle/element`
//! (strings, mapped like extxyz labels), else `initialstate/particle/identity` (1, 2, ..
//! mapped like LAMMPS types); the box in `trajectory/cell/sidebox/<sample>` or
//! `initialstate/cell/sidebox` (3). The modes are atooms' normal-mode groups for the
//! first sample: `trajectory/normalmodes/eigenvalues/<s>` (every omega2),
//! `trajectory/normalmodes/eigenvectors/index/<s>` (the stored modes, 1-based) and
//! `trajectory/normalmodes/eigenvectors/vector/<s>_mode_%05d` (N, 3) each. Plain datasets
//! `trajectory/normalmodes/eigenvectors` ((N, 3), (k, N, 3) or (3N, k)) and `eigenvalues`
//! (k) are read too. Errors name the dataset.

use std::path::Path;

use hdf5_pure::{DType, Dataset, File};

use super::npy::{build_modes, Array, Arrays, Data};
use super::{Config, ReadOptions};
use crate::error::{Error, Result};
use crate::model::Mode;

const MODES: &str = "trajectory/normalmodes";

struct H5<'a> {
    path: &'a Path,
    file: File,
    /// Bytes on disk: no dataset may claim more (times the deflate bound if filtered).
    size: u64,
}

impl<'a> H5<'a> {
    fn open(path: &'a Path) -> Result<Self> {
        let size = std::fs::metadata(path)
            .map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?
            .len();
        let file = File::open(path)
            .map_err(|e| Error::parse(path, 0, format!("not a readable HDF5 file: {e}")))?;
        Ok(Self { path, file, size })
    }

    fn err(&self, name: &str, msg: impl std::fmt::Display) -> Error {
        Error::parse(self.path, 0, format!("dataset '{name}': {msg}"))
    }

    fn exists(&self, name: &str) -> bool {
        self.file.dataset(name).is_ok()
    }

    /// Member names of group `name` (sorted), empty if there is no such group.
    fn members(&self, name: &str) -> Vec<String> {
        let Ok(g) = self.file.group(name) else {
            return Vec::new();
        };
        let mut v = g.datasets().unwrap_or_default();
        v.extend(g.groups().unwrap_or_default());
        v.sort();
        v
    }

    /// Dataset `name` as an array looked up as `key`; its size is checked against the
    /// file before anything is read.
    fn array(&self, name: &str, key: &str) -> Result<Array> {
        let ds = self
            .file
            .dataset(name)
            .map_err(|e| self.err(name, format!("missing ({e})")))?;
        let shape: Vec<usize> = ds
            .shape()
            .map_err(|e| self.err(name, e))?
            .iter()
            .map(|d| usize::try_from(*d).map_err(|_| self.err(name, "too large")))
            .collect::<Result<_>>()?;
        let dtype = ds.dtype().map_err(|e| self.err(name, e))?;
        self.check_size(&ds, name, &shape)?;
        let h5 = |e: hdf5_pure::Error| self.err(name, e);
        let data = match dtype {
            DType::F32 | DType::F64 => Data::Float(ds.read_f64().map_err(h5)?),
            DType::I8 | DType::I16 | DType::I32 | DType::I64 | DType::U8 | DType::U16 => {
                Data::Int(ds.read_i64().map_err(h5)?)
            }
            DType::U32 => Data::Int(
                ds.read_u32()
                    .map_err(h5)?
                    .into_iter()
                    .map(i64::from)
                    .collect(),
            ),
            DType::String | DType::VariableLengthString => Data::Str(
                // atooms pads labels ('%3s'); fixed-length strings may keep NULs.
                ds.read_string()
                    .map_err(h5)?
                    .iter()
                    .map(|s| {
                        s.trim_matches(|c: char| c == '\0' || c.is_whitespace())
                            .to_owned()
                    })
                    .collect(),
            ),
            t => {
                return Err(self.err(
                    name,
                    format!("type {t} is not supported (numbers or strings)"),
                ))
            }
        };
        let n = shape.iter().product::<usize>();
        let len = match &data {
            Data::Float(v) => v.len(),
            Data::Int(v) => v.len(),
            Data::Str(v) => v.len(),
        };
        if len != n {
            return Err(self.err(name, format!("{len} values read for {n} elements")));
        }
        Ok(Array {
            name: key.to_owned(),
            what: format!("dataset '{name}'"),
            shape,
            data,
        })
    }

    fn check_size(&self, ds: &Dataset, name: &str, shape: &[usize]) -> Result<()> {
        let item = ds.element_size().map_err(|e| self.err(name, e))?.max(1);
        // A deflated chunk expands at most ~1032 times.
        let room = if ds.filters().is_empty() {
            self.size
        } else {
            self.size.saturating_mul(1100)
        };
        let bytes = shape.iter().try_fold(item, |a, d| a.checked_mul(*d as u64));
        match bytes {
            Some(b) if b <= room => Ok(()),
            _ => Err(self.err(
                name,
                format!(
                    "shape {} needs more bytes than the {}-byte file holds",
                    super::npy::shape_text(shape),
                    self.size
                ),
            )),
        }
    }

    /// The first of `names` that exists, as an array looked up as `key`.
    fn first_of(&self, names: &[String], key: &str) -> Result<Option<Array>> {
        match names.iter().find(|n| self.exists(n)) {
            Some(n) => self.array(n, key).map(Some),
            None => Ok(None),
        }
    }

    /// The sample whose modes are read: the first of the normal-mode index group, else of
    /// the trajectory's sample index.
    fn sample(&self) -> Option<String> {
        self.members(&format!("{MODES}/eigenvectors/index"))
            .into_iter()
            .chain(self.members("trajectory/realtime/sampleindex"))
            .next()
    }

    fn config(&self, opts: &ReadOptions, species: &[&str]) -> Result<Config> {
        let s = self.sample().unwrap_or_default();
        let at = |traj: &str, init: &str| vec![format!("trajectory/{traj}/{s}"), init.to_owned()];
        let need = |a: Option<Array>, names: Vec<String>| {
            a.ok_or_else(|| {
                Error::parse(self.path, 0, format!("no dataset {}", names.join(" or ")))
            })
        };
        let pos_names = at("particle/position", "initialstate/particle/position");
        let pos = need(self.first_of(&pos_names, "positions")?, pos_names)?;
        let box_names = at("cell/sidebox", "initialstate/cell/sidebox");
        let mut bx = need(self.first_of(&box_names, "box")?, box_names)?;
        // Some atooms files keep the box as (1, 3).
        if bx.shape == [1, 3] {
            bx.shape = vec![3];
        }
        let mut sp_names = at("particle/species", "initialstate/particle/element");
        let kinds = match self.first_of(&sp_names, "species")? {
            Some(a) if matches!(a.data, Data::Str(_)) => a,
            Some(a) => return Err(a.err(self.path, "expected strings (species labels)")),
            None => {
                sp_names.push("initialstate/particle/identity".to_owned());
                let id = "initialstate/particle/identity".to_owned();
                need(self.first_of(&[id], "types")?, sp_names)?
            }
        };
        let arrays = Arrays {
            arrays: vec![pos, bx, kinds],
        };
        arrays
            .config(self.path, opts, species)?
            .ok_or_else(|| Error::parse(self.path, 0, "no positions"))
    }

    /// The modes as one array ((k, N, 3), or as stored for plain datasets) and their
    /// eigenvalues, if any.
    fn modes(&self, n: usize) -> Result<(Array, Option<Array>)> {
        let vectors = format!("{MODES}/eigenvectors");
        let values = format!("{MODES}/eigenvalues");
        if self.exists(&vectors) {
            let w = self.first_of(&[values], "omega2")?;
            return Ok((self.array(&vectors, "modes")?, w));
        }
        let s = self.sample().ok_or_else(|| {
            Error::parse(
                self.path,
                0,
                format!("no normal modes: no group {vectors}/index (atooms layout) and no dataset {vectors}"),
            )
        })?;
        let index_name = format!("{vectors}/index/{s}");
        let index = self.array(&index_name, "index")?;
        let Data::Int(idx) = &index.data else {
            return Err(index.err(self.path, "expected integers (1-based mode numbers)"));
        };
        if idx.is_empty() {
            return Err(index.err(self.path, "no modes"));
        }
        let all_w = self.first_of(&[format!("{values}/{s}")], "eigenvalues")?;
        let all_w = match &all_w {
            Some(a) => Some((a, a.floats(self.path)?)),
            None => None,
        };
        let mut e = Vec::new();
        let mut w = Vec::new();
        for &k in idx {
            let name = format!("{vectors}/vector/{s}_mode_{k:05}");
            let v = self.array(&name, "mode")?;
            if v.shape != [n, 3] {
                return Err(v.err(
                    self.path,
                    format!("expected ({n}, 3): the configuration has {n} atoms"),
                ));
            }
            e.extend(v.floats(self.path)?);
            if let Some((a, vals)) = &all_w {
                let i = usize::try_from(k - 1).ok().filter(|i| *i < vals.len());
                let i = i.ok_or_else(|| {
                    index.err(
                        self.path,
                        format!("mode {k} has no eigenvalue in {}", a.what),
                    )
                })?;
                w.push(vals[i]);
            }
        }
        let k = idx.len();
        let modes = Array {
            name: "modes".to_owned(),
            what: format!("the modes of {index_name}"),
            shape: vec![k, n, 3],
            data: Data::Float(e),
        };
        let omega2 = all_w.map(|(a, _)| Array {
            name: "omega2".to_owned(),
            what: a.what.clone(),
            shape: vec![k],
            data: Data::Float(w),
        });
        Ok((modes, omega2))
    }
}

/// Every mode (or mode `frame`) of an atooms HDF5 file.
pub(super) fn read(
    path: &Path,
    frame: Option<usize>,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Vec<Mode>> {
    let h5 = H5::open(path)?;
    let config = h5.config(opts, species)?;
    let (modes, omega2) = h5.modes(config.positions.len())?;
    build_modes(path, frame, &modes, omega2.as_ref(), config)
}

/// The configuration alone (positions, species, box).
pub(super) fn read_config(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Config> {
    H5::open(path)?.config(opts, species)
}

/// How many modes the file holds, from the shapes alone (no eigenvector is read).
pub(super) fn count_frames(path: &Path) -> Result<usize> {
    let h5 = H5::open(path)?;
    let vectors = format!("{MODES}/eigenvectors");
    if let Ok(ds) = h5.file.dataset(&vectors) {
        let shape = ds.shape().map_err(|e| h5.err(&vectors, e))?;
        let k = match shape.as_slice() {
            [_, 3] => 1,
            [k, _, 3] | [_, k] => *k,
            _ => return Err(h5.err(&vectors, "expected (N, 3), (k, N, 3) or (3N, k)")),
        };
        return usize::try_from(k).map_err(|_| h5.err(&vectors, "too large"));
    }
    let s = h5.sample().ok_or_else(|| {
        Error::parse(
            path,
            0,
            format!("no normal modes: no group {vectors}/index"),
        )
    })?;
    let name = format!("{vectors}/index/{s}");
    let ds = h5
        .file
        .dataset(&name)
        .map_err(|e| h5.err(&name, format!("missing ({e})")))?;
    let shape = ds.shape().map_err(|e| h5.err(&name, e))?;
    shape
        .iter()
        .try_fold(1u64, |a, d| a.checked_mul(*d))
        .and_then(|k| usize::try_from(k).ok())
        .ok_or_else(|| h5.err(&name, "too large"))
}
