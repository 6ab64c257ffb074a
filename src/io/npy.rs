//! NumPy `.npy` and `.npz` (through the `npyz` and `zip` crates).
//!
//! An `.npz` archive holds named arrays (`np.savez` or `np.savez_compressed`):
//! - `positions` (or `pos`): (N, 3) floats;
//! - `types`: (N) integers, labels mapped like LAMMPS types (`1` -> first species, or
//!   `--types 1=S,2=L`); or `species`: (N) strings (`S`, `Cu`, .. mapped by `--types`)
//!   or integers 0, 1, .. indexing the potential's species;
//! - `box` (or `cell`): (3) edge lengths or a (3, 3) diagonal matrix;
//! - the modes: `modes`, `eigenvectors` or `mode` (or the name given by `--vector`) as
//!   (N, 3) for one mode, (k, N, 3) for k modes, or (3N, k) with the modes as columns
//!   (what `numpy.linalg.eigh` returns);
//! - optionally `omega2` (or `eigenvalues`): (k) floats.
//!
//! Without `positions` the configuration comes from `--config`; a lone `.npy` is the
//! modes array alone and always needs `--config`. Float arrays are f8 or f4, any byte
//! order, C or Fortran order. Sizes in a header are checked against the bytes present
//! before anything is allocated.

use std::io::Read;
use std::path::Path;

use nalgebra::Vector3;
use npyz::{DType, NpyFile, Order, TypeChar};

use super::{format, species_of, Config, Extras, ReadOptions};
use crate::error::{Error, Result};
use crate::model::{Cell, Mode};

/// An array in C order. `name` is what readers look it up by; `what` names it in
/// messages (the `.npz` member, or the HDF5 dataset path it came from).
pub(super) struct Array {
    pub name: String,
    pub what: String,
    pub shape: Vec<usize>,
    pub data: Data,
}

pub(super) enum Data {
    Float(Vec<f64>),
    Int(Vec<i64>),
    Str(Vec<String>),
}

pub(super) fn shape_text(s: &[usize]) -> String {
    let items: Vec<String> = s.iter().map(usize::to_string).collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// Where the header text starts and its claimed length, from the first 12 bytes.
fn header_span(b: &[u8]) -> Result<(usize, usize), String> {
    if b.len() < 10 || !b.starts_with(b"\x93NUMPY") {
        return Err("not a NumPy array (no \\x93NUMPY magic)".to_owned());
    }
    match b[6] {
        1 => Ok((10usize, usize::from(u16::from_le_bytes([b[8], b[9]])))),
        2 | 3 if b.len() >= 12 => Ok((12, u32::from_le_bytes([b[8], b[9], b[10], b[11]]) as usize)),
        v => Err(format!("NumPy format version {v} is not supported")),
    }
}

/// The shape in the header of the array `r` streams, reading the header only; a header
/// longer than the `limit` bytes present is refused before npyz allocates it.
fn header_shape(mut r: impl Read, limit: u64) -> Result<Vec<u64>, String> {
    let mut buf = Vec::new();
    (&mut r)
        .take(12)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    let (start, len) = header_span(&buf)?;
    let end = start.saturating_add(len);
    if end as u64 > limit {
        return Err(format!(
            "the header claims {len} bytes, the file holds {}",
            limit.saturating_sub(start as u64)
        ));
    }
    let rest = end.saturating_sub(buf.len()) as u64;
    r.take(rest)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    let npy = NpyFile::new(&buf[..]).map_err(|e| format!("not a valid NumPy array: {e}"))?;
    Ok(npy.shape().to_vec())
}

/// Checks what npyz would trust blindly: the header length, a plain dtype and a shape
/// whose size fits in the bytes present. Returns the number of data bytes.
fn check_header(b: &[u8]) -> Result<usize, String> {
    let (start, len) = header_span(b)?;
    let text = b.get(start..start.saturating_add(len)).ok_or_else(|| {
        format!(
            "the header claims {len} bytes, the file holds {}",
            b.len() - start
        )
    })?;
    let text = String::from_utf8_lossy(text);
    let after = |key: &str| -> Vec<String> {
        let mut out = Vec::new();
        for q in ['\'', '"'] {
            let pat = format!("{q}{key}{q}");
            for (i, _) in text.match_indices(&pat) {
                let rest = text[i + pat.len()..].trim_start();
                out.push(
                    rest.strip_prefix(':')
                        .unwrap_or(rest)
                        .trim_start()
                        .to_owned(),
                );
            }
        }
        out
    };
    for d in after("descr") {
        if !(d.starts_with('\'') || d.starts_with('"')) {
            return Err(
                "structured dtypes are not supported (plain numbers or strings only)".to_owned(),
            );
        }
    }
    for s in after("shape") {
        let inner = s
            .strip_prefix('(')
            .and_then(|r| r.split(')').next())
            .ok_or("the shape is not a tuple")?;
        let mut size: u64 = 1;
        for item in inner.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let d: u64 = item
                .parse()
                .map_err(|_| format!("shape entry '{}' is not an integer", super::clip(item)))?;
            size = size.checked_mul(d).ok_or("the shape's size overflows")?;
        }
        let data = b.len() - start - len;
        if size > data as u64 {
            return Err(format!(
                "the shape ({inner}) needs more data than the {data} bytes present"
            ));
        }
    }
    Ok(b.len() - start - len)
}

fn collect<T: npyz::Deserialize, R: Read, U>(
    npy: NpyFile<R>,
    f: impl Fn(T) -> U,
) -> Result<Vec<U>, String> {
    let n = usize::try_from(npy.len()).map_err(|_| "too large")?;
    let data = npy.data::<T>().map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(n);
    for x in data {
        out.push(f(x.map_err(|e| format!("data cut short: {e}"))?));
    }
    Ok(out)
}

/// Parses one `.npy` image held in memory.
fn parse_array(name: &str, b: &[u8]) -> Result<Array, String> {
    let data_len = check_header(b)?;
    let npy = NpyFile::new(b).map_err(|e| format!("not a valid NumPy array: {e}"))?;
    let shape: Vec<usize> = npy
        .shape()
        .iter()
        .map(|d| usize::try_from(*d).map_err(|_| "too large".to_owned()))
        .collect::<Result<_, _>>()?;
    let order = npy.order();
    let DType::Plain(ts) = npy.dtype() else {
        return Err("structured dtypes are not supported".to_owned());
    };
    let size = ts.size_field();
    let item = usize::try_from(size).unwrap_or(usize::MAX).max(1);
    let count = shape
        .iter()
        .try_fold(1usize, |a, d| a.checked_mul(*d))
        .ok_or("too large")?;
    if count.checked_mul(item).is_none_or(|bytes| bytes > data_len) {
        return Err(format!(
            "shape {} of {}-byte items needs more than the {data_len} bytes present",
            shape_text(&shape),
            item
        ));
    }
    let data = match (ts.type_char(), size) {
        (TypeChar::Float, 8) => Data::Float(collect(npy, |x: f64| x)?),
        (TypeChar::Float, 4) => Data::Float(collect(npy, |x: f32| f64::from(x))?),
        (TypeChar::Int, 1) => Data::Int(collect(npy, |x: i8| i64::from(x))?),
        (TypeChar::Int, 2) => Data::Int(collect(npy, |x: i16| i64::from(x))?),
        (TypeChar::Int, 4) => Data::Int(collect(npy, |x: i32| i64::from(x))?),
        (TypeChar::Int, 8) => Data::Int(collect(npy, |x: i64| x)?),
        (TypeChar::Uint, 1) => Data::Int(collect(npy, |x: u8| i64::from(x))?),
        (TypeChar::Uint, 2) => Data::Int(collect(npy, |x: u16| i64::from(x))?),
        (TypeChar::Uint, 4) => Data::Int(collect(npy, |x: u32| i64::from(x))?),
        (TypeChar::UnicodeStr | TypeChar::ByteStr, _) => Data::Str(collect(npy, |x: String| x)?),
        _ => {
            return Err(format!(
                "dtype '{}' is not supported (floats, integers or strings)",
                ts
            ))
        }
    };
    let mut a = Array {
        name: name.to_owned(),
        what: format!("array '{name}'"),
        shape,
        data,
    };
    if order == Order::Fortran && a.shape.len() > 1 {
        a.make_c_order();
    }
    Ok(a)
}

impl Array {
    fn make_c_order(&mut self) {
        let shape = self.shape.clone();
        let n: usize = shape.iter().product();
        // C index -> Fortran offset.
        let offset = |mut c: usize| {
            let (mut off, mut stride) = (0, 1);
            let mut idx = vec![0; shape.len()];
            for (j, d) in shape.iter().enumerate().rev() {
                idx[j] = c % d;
                c /= d;
            }
            for (j, d) in shape.iter().enumerate() {
                off += idx[j] * stride;
                stride *= d;
            }
            off
        };
        fn permute<T: Clone>(v: &[T], n: usize, offset: impl Fn(usize) -> usize) -> Vec<T> {
            (0..n).map(|c| v[offset(c)].clone()).collect()
        }
        self.data = match &self.data {
            Data::Float(v) => Data::Float(permute(v, n, offset)),
            Data::Int(v) => Data::Int(permute(v, n, offset)),
            Data::Str(v) => Data::Str(permute(v, n, offset)),
        };
    }

    pub(super) fn err(&self, path: &Path, msg: impl std::fmt::Display) -> Error {
        Error::parse(
            path,
            0,
            format!("{} of shape {}: {msg}", self.what, shape_text(&self.shape)),
        )
    }

    /// The data as finite floats.
    pub(super) fn floats(&self, path: &Path) -> Result<Vec<f64>> {
        match &self.data {
            Data::Float(v) => match v.iter().position(|x| !x.is_finite()) {
                Some(i) => Err(self.err(path, format!("element {i} (flat index) is {}", v[i]))),
                None => Ok(v.clone()),
            },
            Data::Int(v) => Ok(v.iter().map(|x| *x as f64).collect()),
            Data::Str(_) => Err(self.err(path, "expected numbers, found strings")),
        }
    }
}

fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        source: e,
    }
}

/// A lone `.npy` of modes on the configuration from `--config`.
pub(super) fn read_npy(path: &Path, frame: Option<usize>, config: Config) -> Result<Vec<Mode>> {
    let bytes = std::fs::read(path).map_err(|e| io_err(path, e))?;
    let a = parse_array("modes", &bytes).map_err(|m| Error::parse(path, 0, m))?;
    build_modes(path, frame, &a, None, config)
}

/// Named arrays: the members of an `.npz` archive, or the datasets an HDF5 file holds
/// under the names used here (`positions`, `species` or `types`, `box`).
pub(super) struct Arrays {
    pub arrays: Vec<Array>,
}

impl Arrays {
    fn open_npz(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
            .map_err(|e| Error::parse(path, 0, format!("not a valid .npz (zip) archive: {e}")))?;
        let mut arrays = Vec::new();
        for i in 0..zip.len() {
            let mut member = zip
                .by_index(i)
                .map_err(|e| Error::parse(path, 0, format!("archive member {i}: {e}")))?;
            let Some(name) = member.name().strip_suffix(".npy").map(str::to_owned) else {
                continue;
            };
            // A deflated member expands at most ~1032 times: a bound on a zip bomb.
            let limit = member
                .compressed_size()
                .saturating_mul(1100)
                .saturating_add(4096);
            let mut bytes = Vec::new();
            (&mut member)
                .take(limit)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::parse(path, 0, format!("archive member '{name}.npy': {e}")))?;
            let a = parse_array(&name, &bytes)
                .map_err(|m| Error::parse(path, 0, format!("array '{name}': {m}")))?;
            arrays.push(a);
        }
        Ok(Self { arrays })
    }

    fn get(&self, names: &[&str]) -> Option<&Array> {
        names
            .iter()
            .find_map(|n| self.arrays.iter().find(|a| a.name == *n))
    }

    fn listing(&self) -> String {
        let v: Vec<String> = self
            .arrays
            .iter()
            .map(|a| format!("{} {}", a.name, shape_text(&a.shape)))
            .collect();
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    }

    pub(super) fn config(
        &self,
        path: &Path,
        opts: &ReadOptions,
        species: &[&str],
    ) -> Result<Option<Config>> {
        let Some(pos) = self.get(&["positions", "pos"]) else {
            return Ok(None);
        };
        let n = match pos.shape.as_slice() {
            [n, 3] if *n > 0 => *n,
            _ => return Err(pos.err(path, "expected (N, 3) with N > 0")),
        };
        let p = pos.floats(path)?;
        let positions = p
            .chunks_exact(3)
            .map(|c| Vector3::new(c[0], c[1], c[2]))
            .collect();
        let bx = self.get(&["box", "cell"]).ok_or_else(|| {
            Error::parse(
                path,
                0,
                format!(
                    "no 'box' array (3 edge lengths); the arrays are {}",
                    self.listing()
                ),
            )
        })?;
        let b = bx.floats(path)?;
        let lengths = match bx.shape.as_slice() {
            [3] => [b[0], b[1], b[2]],
            [3, 3] => {
                if [1, 2, 3, 5, 6, 7].iter().any(|i| b[*i] != 0.0) {
                    return Err(bx.err(
                        path,
                        "the box is not diagonal (tilted); only orthorhombic boxes are supported",
                    ));
                }
                [b[0], b[4], b[8]]
            }
            _ => return Err(bx.err(path, "expected (3,) or (3, 3)")),
        };
        if !lengths.iter().all(|l| *l > 0.0) {
            return Err(bx.err(path, format!("box lengths {lengths:?} must be positive")));
        }
        let ty = self.get(&["types", "species"]).ok_or_else(|| {
            Error::parse(
                path,
                0,
                format!(
                    "no 'types' or 'species' array; the arrays are {}",
                    self.listing()
                ),
            )
        })?;
        if ty.shape != [n] {
            return Err(ty.err(path, format!("expected ({n},), one entry per position")));
        }
        let kinds = match &ty.data {
            Data::Str(v) => v
                .iter()
                .map(|l| species_of(l, opts, species).map_err(|m| ty.err(path, m)))
                .collect::<Result<Vec<u8>>>()?,
            Data::Int(v) if ty.name == "species" => v
                .iter()
                .map(|i| {
                    u8::try_from(*i)
                        .ok()
                        .filter(|s| usize::from(*s) < species.len())
                        .ok_or_else(|| {
                            ty.err(
                                path,
                                format!(
                                    "species index {i} out of range (the potential has {})",
                                    species.len()
                                ),
                            )
                        })
                })
                .collect::<Result<Vec<u8>>>()?,
            Data::Int(v) => v
                .iter()
                .map(|i| species_of(&i.to_string(), opts, species).map_err(|m| ty.err(path, m)))
                .collect::<Result<Vec<u8>>>()?,
            Data::Float(_) => return Err(ty.err(path, "expected integers or strings")),
        };
        Ok(Some(Config {
            positions,
            species: kinds,
            cell: Cell::new(lengths),
            extras: Extras::default(),
        }))
    }
}

pub(super) fn read_npz(
    path: &Path,
    frame: Option<usize>,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Vec<Mode>> {
    let npz = Arrays::open_npz(path)?;
    let config = match npz.config(path, opts, species)? {
        Some(c) => c,
        None => match &opts.config {
            Some(cfg) => format::read_config(cfg, opts, species)?,
            None => {
                let msg = format!(
                    "no 'positions' array and no --config; the arrays are {}",
                    npz.listing()
                );
                return Err(Error::parse(path, 0, msg));
            }
        },
    };
    let modes = npz
        .get(&[opts.vector.as_str(), "modes", "eigenvectors", "mode"])
        .ok_or_else(|| {
            Error::parse(
                path,
                0,
                format!("no 'modes' array; the arrays are {}", npz.listing()),
            )
        })?;
    let omega2 = npz.get(&["omega2", "eigenvalues"]);
    build_modes(path, frame, modes, omega2, config)
}

/// The number of modes of a modes array of `shape` on `n` atoms (`n` asked only when the
/// shape alone does not tell).
fn count_of(path: &Path, shape: &[u64], n: impl FnOnce() -> Result<usize>) -> Result<usize> {
    let bad = || {
        Error::parse(
            path,
            0,
            format!("modes array of shape {shape:?}: expected (N, 3), (k, N, 3) or (3N, k)"),
        )
    };
    let k = match shape {
        [k, _, 3] => *k,
        [r, c] => {
            let n = n()? as u64;
            match (*r, *c) {
                (r, 3) if r == n => 1,
                (r, k) if r == 3 * n => k,
                _ => return Err(bad()),
            }
        }
        _ => return Err(bad()),
    };
    usize::try_from(k).map_err(|_| bad())
}

/// Number of modes of a lone `.npy`, from its header.
pub(super) fn count_npy(path: &Path, n: impl FnOnce() -> Result<usize>) -> Result<usize> {
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let size = file.metadata().map_err(|e| io_err(path, e))?.len();
    let shape =
        header_shape(std::io::BufReader::new(file), size).map_err(|m| Error::parse(path, 0, m))?;
    count_of(path, &shape, n)
}

/// Number of modes of an `.npz`, from the headers of its modes and positions arrays.
pub(super) fn count_npz(
    path: &Path,
    opts: &ReadOptions,
    config_atoms: impl FnOnce() -> Result<usize>,
) -> Result<usize> {
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| Error::parse(path, 0, format!("not a valid .npz (zip) archive: {e}")))?;
    let mut shape_of = |name: &str| -> Option<Result<Vec<u64>>> {
        let member = zip.by_name(&format!("{name}.npy")).ok()?;
        // As in `open_npz`: a deflated member expands at most ~1032 times.
        let limit = member
            .compressed_size()
            .saturating_mul(1100)
            .saturating_add(4096);
        Some(
            header_shape(member, limit)
                .map_err(|m| Error::parse(path, 0, format!("array '{name}': {m}"))),
        )
    };
    let names = [opts.vector.as_str(), "modes", "eigenvectors", "mode"];
    let modes = names
        .iter()
        .find_map(|n| shape_of(n))
        .ok_or_else(|| Error::parse(path, 0, "no 'modes' array"))??;
    let positions = ["positions", "pos"].iter().find_map(|n| shape_of(n));
    count_of(path, &modes, || match positions {
        Some(p) => Ok(p?.first().copied().unwrap_or(0) as usize),
        None => config_atoms(),
    })
}

pub(super) fn read_npz_config(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Config> {
    Arrays::open_npz(path)?
        .config(path, opts, species)?
        .ok_or_else(|| Error::parse(path, 0, "no 'positions' array"))
}

pub(super) fn build_modes(
    path: &Path,
    frame: Option<usize>,
    a: &Array,
    omega2: Option<&Array>,
    config: Config,
) -> Result<Vec<Mode>> {
    let n = config.positions.len();
    // (number of modes, component j of atom i of mode m -> flat index)
    type Index = Box<dyn Fn(usize, usize, usize) -> usize>;
    let (k, index): (usize, Index) = match a.shape.as_slice() {
        [r, 3] if *r == n => (1, Box::new(|_, i, j| 3 * i + j)),
        [k, r, 3] if *r == n => (*k, Box::new(move |m, i, j| (m * n + i) * 3 + j)),
        [r, k] if *r == 3 * n => {
            let k = *k;
            (k, Box::new(move |m, i, j| (3 * i + j) * k + m))
        }
        _ => {
            let msg = format!(
                "the configuration has {n} atoms: expected ({n}, 3), (k, {n}, 3) or ({}, k)",
                3 * n
            );
            return Err(a.err(path, msg));
        }
    };
    if k == 0 {
        return Err(a.err(path, "no modes"));
    }
    let values = a.floats(path)?;
    let w = match omega2 {
        None => None,
        Some(o) if o.shape == [k] || (k == 1 && o.shape.is_empty()) => Some(o.floats(path)?),
        Some(o) => return Err(o.err(path, format!("expected ({k},), one eigenvalue per mode"))),
    };
    let range = match frame {
        None => 0..k,
        Some(f) if f < k => f..f + 1,
        Some(f) => {
            return Err(Error::parse(
                path,
                0,
                format!("frame {f} requested, but the file has {k} modes"),
            ))
        }
    };
    range
        .map(|m| {
            let e = (0..n)
                .map(|i| {
                    Vector3::new(
                        values[index(m, i, 0)],
                        values[index(m, i, 1)],
                        values[index(m, i, 2)],
                    )
                })
                .collect();
            let pos = config.positions.clone();
            Mode::new(
                path,
                m,
                pos,
                config.species.clone(),
                config.cell,
                e,
                w.as_ref().map(|w| w[m]),
            )
            .and_then(|mode| config.extras.apply(mode))
        })
        .collect()
}
