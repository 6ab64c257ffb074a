//! Extended XYZ (the ASE / OVITO format): per frame an atom-count line, a comment line of
//! `key=value` pairs (`Lattice`, `Properties`, `pbc`, `omega2`, ...) and one line per
//! atom with the columns `Properties` declares.
//!
//! The species column is `species` (S or I), or else `type` or `Z`; positions are
//! `pos:R:3`; the eigenvector is the `R:3` column named by `ReadOptions::vector`. A
//! `masses` (or `mass`) column gives per-atom masses, a `diameter`, `diameters`, `sigma`
//! or `radius` (x2) column per-atom diameters (both finite and positive), and
//! `units="lj"|"metal"` in the comment line the unit system. Other columns are skipped
//! unparsed. Every atom line must have exactly the declared number of
//! fields, and the numbers used must be finite. Blank lines before a count line (between
//! frames, at the end) are skipped; a blank line among the atom lines is an error.

use std::path::Path;

use nalgebra::Vector3;

use super::layout::{parse_layout, Role};
use super::{clip, species_of, Config, Extras, LineReader, ReadOptions};
use crate::error::{Error, Result};
use crate::model::Mode;

/// Every frame of the file as a Mode (species mapped via `opts.types` against `species`).
pub fn read_all(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Vec<Mode>> {
    read_all_from(LineReader::open(path)?, path, opts, species)
}

/// Every frame of text held in memory (gzip or plain), `name` standing in for the path.
pub fn read_all_bytes(
    name: &Path,
    bytes: &'static [u8],
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Vec<Mode>> {
    read_all_from(LineReader::from_bytes(name, bytes)?, name, opts, species)
}

fn read_all_from(
    mut rd: LineReader,
    path: &Path,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Vec<Mode>> {
    let mut modes = Vec::new();
    while let Some(header) = read_count(&mut rd, path)? {
        modes.push(parse_frame(
            &mut rd,
            path,
            &header,
            modes.len(),
            opts,
            species,
        )?);
    }
    if modes.is_empty() {
        return Err(no_frames(path));
    }
    Ok(modes)
}

/// Frame `frame` (0-based) only: frames before it are skipped line by line without
/// parsing numbers; frames after it are not read.
pub fn read_frame(path: &Path, frame: usize, opts: &ReadOptions, species: &[&str]) -> Result<Mode> {
    let mut rd = LineReader::open(path)?;
    for k in 0..=frame {
        let Some(header) = read_count(&mut rd, path)? else {
            return Err(if k == 0 {
                no_frames(path)
            } else {
                Error::parse(
                    path,
                    0,
                    format!("frame {frame} requested, but the file has {k} frames"),
                )
            });
        };
        if k == frame {
            return parse_frame(&mut rd, path, &header, frame, opts, species);
        }
        skip_frame(&mut rd, path, &header, k)?;
    }
    unreachable!("the loop returns at k == frame")
}

/// Number of frames, from the count lines only (comment and atom lines skipped
/// unparsed). A file without frames is an error, as for `read_all`.
pub fn count_frames(path: &Path) -> Result<usize> {
    let mut rd = LineReader::open(path)?;
    let mut n = 0;
    while let Some(header) = read_count(&mut rd, path)? {
        skip_frame(&mut rd, path, &header, n)?;
        n += 1;
    }
    if n == 0 {
        return Err(no_frames(path));
    }
    Ok(n)
}

fn no_frames(path: &Path) -> Error {
    Error::parse(path, 0, "no frames: the file is empty")
}

/// A frame's atom-count line.
struct Header {
    count: usize,
    line: u64,
}

/// Reads the next atom-count line, skipping blank lines; None at the end of the file.
fn read_count(rd: &mut LineReader, path: &Path) -> Result<Option<Header>> {
    loop {
        let Some((line, text)) = rd.next_line()? else {
            return Ok(None);
        };
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        return match t.parse::<u64>() {
            Ok(0) => Err(Error::parse(path, line, "atom count is 0")),
            Ok(n) => match usize::try_from(n) {
                Ok(count) => Ok(Some(Header { count, line })),
                Err(_) => Err(Error::parse(
                    path,
                    line,
                    format!("atom count {n} is too large"),
                )),
            },
            Err(_) => Err(Error::parse(
                path,
                line,
                format!(
                    "expected the atom count (a positive integer), found '{}'",
                    clip(t)
                ),
            )),
        };
    }
}

fn truncated(rd: &LineReader, path: &Path, h: &Header, frame: usize) -> Error {
    let msg = if rd.line() == h.line {
        format!("file ends after the atom count of frame {frame}: no comment line")
    } else {
        let got = rd.line() - h.line - 1;
        format!(
            "file ends here, after {got} of the {} atom lines of frame {frame} (count on line {})",
            h.count, h.line
        )
    };
    Error::parse(path, rd.line(), msg)
}

fn skip_frame(rd: &mut LineReader, path: &Path, h: &Header, frame: usize) -> Result<()> {
    for _ in 0..=h.count {
        if !rd.skip_line()? {
            return Err(truncated(rd, path, h, frame));
        }
    }
    Ok(())
}

fn parse_frame(
    rd: &mut LineReader,
    path: &Path,
    h: &Header,
    frame: usize,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Mode> {
    let (config, vectors, omega2) = parse_atoms(rd, path, h, frame, opts, species)?;
    let extras = config.extras;
    let mode = Mode::new(
        path,
        frame,
        config.positions,
        config.species,
        config.cell,
        vectors,
        omega2,
    )?;
    extras.apply(mode)
}

/// The configuration of the first frame (positions, species, box); no eigenvector
/// column is needed (a configuration beside a separate eigenvector file).
pub(crate) fn read_config(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Config> {
    let mut rd = LineReader::open(path)?;
    let Some(header) = read_count(&mut rd, path)? else {
        return Err(no_frames(path));
    };
    let opts = ReadOptions {
        vector: String::new(),
        ..opts.clone()
    };
    Ok(parse_atoms(&mut rd, path, &header, 0, &opts, species)?.0)
}

type Atoms = (Config, Vec<Vector3<f64>>, Option<f64>);

/// Atom lines read and parsed as one block. The next block is read (and gunzipped) while
/// this one is parsed, and a block's lines are parsed in parallel: on two cores a
/// 128,000-atom frame loads in 34 ms instead of 52 ms, and the text is never held whole.
/// (Four under cargo-fuzz, whose inputs are small, so that it reaches the block joins.)
const BLOCK_LINES: usize = if cfg!(fuzzing) { 4 } else { 8192 };

/// Lines of text with their 1-based line numbers.
#[derive(Default)]
struct Block {
    text: String,
    /// End of each line in `text`.
    ends: Vec<usize>,
    first_line: u64,
}

impl Block {
    fn lines(&self) -> impl Iterator<Item = (u64, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .enumerate()
            .map(|(k, (a, &b))| (self.first_line + k as u64, &self.text[a..b]))
    }
}

/// Reads the next `n` atom lines of the frame (an error if the file ends first).
fn read_block(
    rd: &mut LineReader,
    path: &Path,
    h: &Header,
    frame: usize,
    n: usize,
) -> Result<Block> {
    let mut b = Block {
        first_line: rd.line() + 1,
        ..Block::default()
    };
    for _ in 0..n {
        let Some((_, text)) = rd.next_line()? else {
            return Err(truncated(rd, path, h, frame));
        };
        b.text.push_str(text);
        b.ends.push(b.text.len());
    }
    Ok(b)
}

/// One atom line: its species label, position, vector, and mass and diameter (1 where
/// the file has no such column).
struct AtomLine<'a> {
    label: &'a str,
    p: [f64; 3],
    v: [f64; 3],
    mass: f64,
    size: f64,
}

/// Parses one atom line against `layout`: exactly the declared number of fields, the
/// numbers used finite, masses and diameters positive.
fn parse_line<'a>(
    path: &Path,
    line: u64,
    text: &'a str,
    layout: &super::layout::Layout,
    frame: usize,
    opts: &ReadOptions,
) -> Result<AtomLine<'a>> {
    let nfields = layout.roles.len();
    let mut found = 0;
    let mut label = "";
    let mut p = [0.0; 3];
    let mut v = [0.0; 3];
    let (mut mass, mut size, mut size_factor) = (1.0, 1.0, 1.0);
    let mut bad: Option<(usize, &str)> = None;
    for (k, tok) in text.split_ascii_whitespace().enumerate() {
        found = k + 1;
        let slot = match layout.roles.get(k) {
            Some(Role::Species) => {
                label = tok;
                continue;
            }
            Some(Role::Pos(j)) => &mut p[*j],
            Some(Role::Vector(j)) => &mut v[*j],
            Some(Role::Mass) => &mut mass,
            Some(Role::Size(f)) => {
                size_factor = *f;
                &mut size
            }
            Some(Role::Skip) | None => continue,
        };
        let positive = !matches!(layout.roles[k], Role::Mass | Role::Size(_));
        match tok.parse::<f64>() {
            Ok(x) if x.is_finite() && (positive || x > 0.0) => *slot = x,
            _ => {
                bad.get_or_insert((k, tok));
            }
        }
    }
    if found != nfields {
        let msg = format!("frame {frame}: expected {nfields} fields, found {found}");
        return Err(Error::parse(path, line, msg));
    }
    if let Some((k, tok)) = bad {
        let (name, j) = match layout.roles[k] {
            Role::Pos(j) => ("pos", j),
            Role::Vector(j) => (opts.vector.as_str(), j),
            Role::Mass => ("masses", 0),
            Role::Size(_) => ("diameter", 0),
            Role::Species | Role::Skip => unreachable!("only numbers are checked"),
        };
        let what = match tok.parse::<f64>() {
            Ok(x) if x.is_finite() => "not positive",
            Ok(_) => "not finite",
            Err(_) => "not a number",
        };
        let msg = format!(
            "frame {frame}: field {} (column {name}, component {}): '{}' is {what}",
            k + 1,
            j + 1,
            clip(tok)
        );
        return Err(Error::parse(path, line, msg));
    }
    Ok(AtomLine {
        label,
        p,
        v,
        mass,
        size: size * size_factor,
    })
}

fn parse_atoms(
    rd: &mut LineReader,
    path: &Path,
    h: &Header,
    frame: usize,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Atoms> {
    use rayon::prelude::*;
    let layout = match rd.next_line()? {
        None => return Err(truncated(rd, path, h, frame)),
        Some((line, text)) => parse_layout(text, opts)
            .map_err(|m| Error::parse(path, line, format!("frame {frame}: {m}")))?,
    };
    // Never trust the count for allocation: a line takes at least ~16 bytes on disk.
    let cap = h
        .count
        .min(usize::try_from(rd.file_size / 16).unwrap_or(usize::MAX) + 16);
    let mut positions = Vec::with_capacity(cap);
    let mut vectors = Vec::with_capacity(cap);
    let mut kinds = Vec::with_capacity(cap);
    let (mut masses, mut sizes) = (Vec::new(), Vec::new());
    let (has_masses, has_sizes) = (
        layout.has(|r| matches!(r, Role::Mass)),
        layout.has(|r| matches!(r, Role::Size(_))),
    );
    let mut seen: Vec<(String, u8)> = Vec::new();
    let mut left = h.count;
    let mut next = read_block(rd, path, h, frame, left.min(BLOCK_LINES))?;
    left -= next.ends.len();
    loop {
        let block = std::mem::take(&mut next);
        let more = left.min(BLOCK_LINES);
        let (parsed, following) = rayon::join(
            || {
                let lines: Vec<(u64, &str)> = block.lines().collect();
                lines
                    .par_iter()
                    .with_min_len(512)
                    .map(|&(line, text)| parse_line(path, line, text, &layout, frame, opts))
                    .collect::<Vec<_>>()
            },
            || (more > 0).then(|| read_block(rd, path, h, frame, more)),
        );
        // errors in line order: this block's before a read error of the next
        for (k, atom) in parsed.into_iter().enumerate() {
            let AtomLine {
                label,
                p,
                v,
                mass,
                size,
            } = atom?;
            let kind = match seen.iter().find(|(l, _)| l == label) {
                Some((_, s)) => *s,
                None => {
                    let line = block.first_line + k as u64;
                    let s = species_of(label, opts, species)
                        .map_err(|m| Error::parse(path, line, format!("frame {frame}: {m}")))?;
                    seen.push((label.to_owned(), s));
                    s
                }
            };
            positions.push(Vector3::from(p));
            vectors.push(Vector3::from(v));
            kinds.push(kind);
            if has_masses {
                masses.push(mass);
            }
            if has_sizes {
                sizes.push(size);
            }
        }
        match following {
            Some(b) => {
                next = b?;
                left -= more;
            }
            None => break,
        }
    }
    let config = Config {
        positions,
        species: kinds,
        cell: layout.cell,
        extras: Extras {
            masses: has_masses.then_some(masses),
            sizes: has_sizes.then_some(sizes),
            units: layout.units,
            kind: layout.kind,
        },
    };
    Ok((config, vectors, layout.omega2))
}
