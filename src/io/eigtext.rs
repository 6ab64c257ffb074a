//! Plain-text eigenvectors beside a configuration (`--config`). Lines starting with `#`
//! are comments. The layout is told by the number of numbers on the first data line,
//! with N the configuration's atom count:
//! - 1 + 3N: one mode per line, the eigenvalue omega^2 then e_1x e_1y e_1z e_2x ...;
//! - 3N: one mode per line, no eigenvalue;
//! - 3: one atom per line, N lines per mode;
//! - 1: one component per line, 3N lines per mode.
//!
//! In the last two, modes may be separated by blank lines; a blank line inside a mode is
//! an error, as is a last mode cut short.

use std::path::Path;

use nalgebra::Vector3;

use super::{capacity, finite, Config, LineReader};
use crate::error::{Error, Result};
use crate::model::Mode;

/// Number of modes for a configuration of `n` atoms: data lines are counted, and only
/// the first is split (its width tells the lines per mode).
pub(super) fn count(path: &Path, n: usize) -> Result<usize> {
    let mut rd = LineReader::open(path)?;
    let (mut lines, mut per) = (0usize, 0usize);
    while let Some((line, text)) = rd.next_line()? {
        let t = text.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if lines == 0 {
            per = Layout::of(t.split_ascii_whitespace().count(), n, "the configuration")
                .map_err(|m| Error::parse(path, line, m))?
                .per;
        }
        lines += 1;
    }
    match lines {
        0 => Err(Error::parse(path, 0, "no modes: the file has no numbers")),
        _ if lines % per != 0 => Err(Error::parse(
            path,
            rd.line(),
            format!("{lines} data lines are not a whole number of modes of {per} lines"),
        )),
        _ => Ok(lines / per),
    }
}

/// The modes of `path` (or mode `frame` only) on the configuration read from `cfg_path`.
pub(super) fn read(
    path: &Path,
    frame: Option<usize>,
    cfg_path: &Path,
    config: Config,
) -> Result<Vec<Mode>> {
    let n = config.positions.len();
    let n3 = 3 * n;
    let mut rd = LineReader::open(path)?;
    let cfg = cfg_path.display();
    let mut layout: Option<Layout> = None;
    let mut modes = Vec::new();
    let mut k = 0; // the mode being read
    let mut in_mode = 0; // lines of it read so far
    let cap = capacity(n3, rd.file_size, 2);
    let mut values: Vec<f64> = Vec::new();
    let mut omega2 = None;
    let mut last_line = 0;
    while let Some((line, text)) = rd.next_line()? {
        let t = text.trim();
        if t.starts_with('#') {
            continue;
        }
        if t.is_empty() {
            if in_mode != 0 {
                let per = layout.map_or(0, |l| l.per);
                let msg = format!("blank line after {in_mode} of the {per} lines of mode {k} (the configuration {cfg} has {n} atoms)");
                return Err(Error::parse(path, line, msg));
            }
            continue;
        }
        last_line = line;
        let fields = t.split_ascii_whitespace().count();
        let Layout {
            width,
            per,
            with_value,
        } = match layout {
            Some(l) => l,
            None => *layout.insert(
                Layout::of(fields, n, &format!("the configuration {cfg}"))
                    .map_err(|m| Error::parse(path, line, m))?,
            ),
        };
        if fields != width {
            let msg = format!("{fields} numbers, but the lines before have {width} (the configuration {cfg} has {n} atoms)");
            return Err(Error::parse(path, line, msg));
        }
        let wanted = frame.is_none_or(|f| f == k);
        if wanted {
            if in_mode == 0 {
                values = Vec::with_capacity(cap);
            }
            let numbers =
                numbers(t).map_err(|m| Error::parse(path, line, format!("mode {k}, {m}")))?;
            let (value, components) = numbers.split_at(usize::from(with_value));
            omega2 = value.first().copied().or(omega2);
            values.extend_from_slice(components);
        }
        in_mode += 1;
        if in_mode == per {
            if wanted {
                modes.push(mode_of(path, k, &config, &values, omega2)?);
                if frame.is_some() {
                    return Ok(modes);
                }
            }
            in_mode = 0;
            k += 1;
        }
    }
    if in_mode != 0 {
        let per = layout.map_or(0, |l| l.per);
        let msg = format!("file ends after {in_mode} of the {per} lines of mode {k} (the configuration {cfg} has {n} atoms)");
        return Err(Error::parse(path, last_line, msg));
    }
    match frame {
        _ if k == 0 => Err(Error::parse(path, 0, "no modes: the file has no numbers")),
        Some(f) => Err(Error::parse(
            path,
            0,
            format!("frame {f} requested, but the file has {k} modes"),
        )),
        None => Ok(modes),
    }
}

/// Mode `k` of `path`: the configuration with the components `values` (e_1x e_1y ...).
fn mode_of(
    path: &Path,
    k: usize,
    config: &Config,
    values: &[f64],
    omega2: Option<f64>,
) -> Result<Mode> {
    let e = values
        .chunks_exact(3)
        .map(|c| Vector3::new(c[0], c[1], c[2]))
        .collect();
    let pos = config.positions.clone();
    let mode = Mode::new(path, k, pos, config.species.clone(), config.cell, e, omega2)?;
    config.extras.apply(mode)
}

/// How the numbers of a mode are laid out.
#[derive(Clone, Copy, Debug)]
struct Layout {
    /// Numbers per line.
    width: usize,
    /// Lines per mode.
    per: usize,
    /// The first number of a mode is its omega^2.
    with_value: bool,
}

impl Layout {
    /// The layout of a file whose first line has `fields` numbers, for `n` atoms; an
    /// error says what `config` (the configuration, named) would need.
    fn of(fields: usize, n: usize, config: &str) -> std::result::Result<Self, String> {
        let n3 = 3 * n;
        let (per, with_value) = match fields {
            f if f == n3 + 1 => (1, true),
            f if f == n3 => (1, false),
            3 => (n, false),
            1 => (n3, false),
            f => return Err(format!("{f} numbers on a line, but {config} has {n} atoms: expected {} (omega^2 then the 3N components: one mode per line), {n3} (one mode per line), 3 (one atom per line) or 1 (one component per line)", n3 + 1)),
        };
        Ok(Self {
            width: fields,
            per,
            with_value,
        })
    }
}

/// The finite numbers of a line; an error names the field (1-based).
fn numbers(t: &str) -> std::result::Result<Vec<f64>, String> {
    t.split_ascii_whitespace()
        .enumerate()
        .map(|(j, tok)| finite(tok).map_err(|m| format!("field {}: {m}", j + 1)))
        .collect()
}
