//! LAMMPS data file, atomic style: a configuration (positions, types, box) for an
//! eigenvector file that has none.
//!
//! The first line is a comment. Header lines follow (`N atoms`, `xlo xhi`, `ylo yhi`,
//! `zlo zhi`, `xy xz yz` only with zero tilts; others are ignored), then sections, each
//! a title line (`Masses`, `Atoms # atomic`, `Velocities`, ...) and rows that start with
//! a number. `Atoms` rows are `id type x y z` with optional image flags `ix iy iz`;
//! atoms are ordered by id and positions taken relative to (xlo, ylo, zlo).

use std::path::Path;

use nalgebra::Vector3;

use super::{capacity, clip, finite, species_of, Config, Extras, LineReader, ReadOptions};
use crate::error::{Error, Result};
use crate::model::Cell;

/// The text of a line before any `#` comment, trimmed.
fn strip(t: &str) -> &str {
    t.split('#').next().unwrap_or("").trim()
}

pub(super) fn read(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Config> {
    let mut rd = LineReader::open(path)?;
    if rd.next_line()?.is_none() {
        return Err(Error::parse(
            path,
            0,
            "empty file (a LAMMPS data file starts with a comment line)",
        ));
    }
    let (header, atoms_line) = read_header(&mut rd, path)?;
    let (n, lo, hi) = header.complete(path, atoms_line)?;
    let mut rows = read_atoms(&mut rd, path, n, lo, opts, species)?;
    rows.sort_by_key(|r| r.id);
    if let Some(w) = rows.windows(2).find(|w| w[0].id == w[1].id) {
        let line = w[0].line.max(w[1].line);
        return Err(Error::parse(
            path,
            line,
            format!("atom id {} appears twice", w[0].id),
        ));
    }
    Ok(Config {
        positions: rows.iter().map(|r| r.position).collect(),
        species: rows.iter().map(|r| r.species).collect(),
        cell: Cell::new([hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]]),
        extras: Extras::default(),
    })
}

/// What the header lines say: the atom count and the box bounds.
struct Header {
    count: Option<usize>,
    lo: [f64; 3],
    hi: [f64; 3],
}

impl Header {
    /// Takes in one numeric header line (`N atoms`, `xlo xhi`, .., `xy xz yz`); others
    /// (atom types, bonds, rows of other sections) are ignored.
    fn take(&mut self, words: &[&str], path: &Path, line: u64) -> Result<()> {
        let num = |w: &str| finite(w).map_err(|m| Error::parse(path, line, m));
        match words {
            [n, "atoms"] => match n.parse::<usize>() {
                Ok(n) if n > 0 => self.count = Some(n),
                _ => {
                    return Err(Error::parse(
                        path,
                        line,
                        format!("atom count '{}' is not a positive integer", clip(n)),
                    ))
                }
            },
            [a, b, l, h] if l.len() == 3 && l.ends_with("lo") && *h == format!("{}hi", &l[..1]) => {
                let Some(axis) = ["x", "y", "z"].iter().position(|x| *x == &l[..1]) else {
                    return Ok(());
                };
                self.lo[axis] = num(a)?;
                self.hi[axis] = num(b)?;
                if self.hi[axis] <= self.lo[axis] {
                    return Err(Error::parse(
                        path,
                        line,
                        format!("{l} {h}: the upper bound must exceed the lower"),
                    ));
                }
            }
            [a, b, c, "xy", "xz", "yz"] => {
                let t = [num(a)?, num(b)?, num(c)?];
                if t.iter().any(|x| *x != 0.0) {
                    let msg = format!("tilted (triclinic) box, xy = {}, xz = {}, yz = {}; only orthorhombic boxes are supported", t[0], t[1], t[2]);
                    return Err(Error::parse(path, line, msg));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The count and bounds, all of which must precede the Atoms section.
    fn complete(self, path: &Path, atoms_line: u64) -> Result<(usize, [f64; 3], [f64; 3])> {
        let Some(n) = self.count else {
            return Err(Error::parse(
                path,
                atoms_line,
                "Atoms section before the 'N atoms' header line",
            ));
        };
        if let Some(axis) = (0..3).find(|a| self.lo[*a].is_nan()) {
            let l = ["xlo xhi", "ylo yhi", "zlo zhi"][axis];
            return Err(Error::parse(
                path,
                atoms_line,
                format!("no '{l}' header line before the Atoms section"),
            ));
        }
        Ok((n, self.lo, self.hi))
    }
}

/// The header lines and the sections before `Atoms`; returns the header and the line
/// of the Atoms title.
fn read_header(rd: &mut LineReader, path: &Path) -> Result<(Header, u64)> {
    let mut header = Header {
        count: None,
        lo: [f64::NAN; 3],
        hi: [f64::NAN; 3],
    };
    loop {
        let Some((line, text)) = rd.next_line()? else {
            return Err(Error::parse(
                path,
                rd.line(),
                "file ends without an Atoms section",
            ));
        };
        let t = strip(text);
        if t.is_empty() {
            continue;
        }
        let words: Vec<&str> = t.split_ascii_whitespace().collect();
        if words[0].parse::<f64>().is_ok() {
            header.take(&words, path, line)?;
        } else if words[0] == "Atoms" {
            let style = text.split_once('#').map(|(_, s)| s.trim()).unwrap_or("");
            if !(style.is_empty() || style == "atomic") {
                let msg = format!(
                    "Atoms section of style '{}': only the atomic style (id type x y z) is read",
                    clip(style)
                );
                return Err(Error::parse(path, line, msg));
            }
            return Ok((header, line));
        }
    }
}

/// One row of the Atoms section.
struct Row {
    id: u64,
    species: u8,
    /// Relative to (xlo, ylo, zlo).
    position: Vector3<f64>,
    line: u64,
}

/// The n rows of the Atoms section, in file order.
fn read_atoms(
    rd: &mut LineReader,
    path: &Path,
    n: usize,
    lo: [f64; 3],
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::with_capacity(capacity(n, rd.file_size, 10));
    let mut seen: Vec<(String, u8)> = Vec::new();
    while rows.len() < n {
        let Some((line, text)) = rd.next_line()? else {
            let msg = format!(
                "file ends after {} of the {n} atoms of the Atoms section",
                rows.len()
            );
            return Err(Error::parse(path, rd.line(), msg));
        };
        let t = strip(text);
        if t.is_empty() {
            if rows.is_empty() {
                continue;
            }
            let msg = format!(
                "blank line after {} of the {n} atoms of the Atoms section",
                rows.len()
            );
            return Err(Error::parse(path, line, msg));
        }
        let w: Vec<&str> = t.split_ascii_whitespace().collect();
        let row = parse_row(&w, lo, line, &mut |label| {
            if let Some((_, s)) = seen.iter().find(|(l, _)| l == label) {
                return Ok(*s);
            }
            let s = species_of(label, opts, species)?;
            seen.push((label.to_owned(), s));
            Ok(s)
        })
        .map_err(|m| Error::parse(path, line, m))?;
        rows.push(row);
    }
    Ok(rows)
}

/// `id type x y z [ix iy iz]`; `species` maps a type label to a species index.
fn parse_row(
    w: &[&str],
    lo: [f64; 3],
    line: u64,
    species: &mut dyn FnMut(&str) -> std::result::Result<u8, String>,
) -> std::result::Result<Row, String> {
    if w.len() != 5 && w.len() != 8 {
        return Err(format!("expected 5 fields (id type x y z) or 8 (with image flags), found {}: only the atomic style is read", w.len()));
    }
    let id = w[0]
        .parse::<u64>()
        .map_err(|_| format!("atom id '{}' is not a non-negative integer", clip(w[0])))?;
    let species = species(w[1])?;
    let mut position = Vector3::zeros();
    for j in 0..3 {
        position[j] = finite(w[2 + j]).map_err(|m| format!("coordinate {}: {m}", j + 1))? - lo[j];
    }
    if let Some(f) = w[5..].iter().find(|f| f.parse::<i64>().is_err()) {
        return Err(format!("image flag '{}' is not an integer", clip(f)));
    }
    Ok(Row {
        id,
        species,
        position,
        line,
    })
}
