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
    let mut count: Option<usize> = None;
    let mut lo = [f64::NAN; 3];
    let mut hi = [f64::NAN; 3];
    // Header lines, then sections up to `Atoms`.
    let atoms_line = loop {
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
        let numeric = words[0].parse::<f64>().is_ok();
        if !numeric {
            // A section title.
            if words[0] == "Atoms" {
                let style = text.split_once('#').map(|(_, s)| s.trim()).unwrap_or("");
                if !(style.is_empty() || style == "atomic") {
                    let msg = format!("Atoms section of style '{}': only the atomic style (id type x y z) is read", clip(style));
                    return Err(Error::parse(path, line, msg));
                }
                break line;
            }
            continue;
        }
        let num = |w: &str| finite(w).map_err(|m| Error::parse(path, line, m));
        match words.as_slice() {
            [n, "atoms"] => {
                count = match n.parse::<usize>() {
                    Ok(0) | Err(_) => {
                        return Err(Error::parse(
                            path,
                            line,
                            format!("atom count '{}' is not a positive integer", clip(n)),
                        ))
                    }
                    Ok(n) => Some(n),
                }
            }
            [a, b, l, h] if l.len() == 3 && l.ends_with("lo") && *h == format!("{}hi", &l[..1]) => {
                let axis = match &l[..1] {
                    "x" => 0,
                    "y" => 1,
                    "z" => 2,
                    _ => continue,
                };
                lo[axis] = num(a)?;
                hi[axis] = num(b)?;
                if hi[axis] <= lo[axis] {
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
            // Other header lines (atom types, bonds, ...) and rows of other sections.
            _ => {}
        }
    };
    let Some(n) = count else {
        return Err(Error::parse(
            path,
            atoms_line,
            "Atoms section before the 'N atoms' header line",
        ));
    };
    if let Some(axis) = (0..3).find(|a| lo[*a].is_nan()) {
        let l = ["xlo xhi", "ylo yhi", "zlo zhi"][axis];
        return Err(Error::parse(
            path,
            atoms_line,
            format!("no '{l}' header line before the Atoms section"),
        ));
    }
    let cap = capacity(n, rd.file_size, 10);
    let mut rows: Vec<(u64, u8, Vector3<f64>, u64)> = Vec::with_capacity(cap);
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
        if w.len() != 5 && w.len() != 8 {
            let msg = format!("expected 5 fields (id type x y z) or 8 (with image flags), found {}: only the atomic style is read", w.len());
            return Err(Error::parse(path, line, msg));
        }
        let id = w[0].parse::<u64>().map_err(|_| {
            Error::parse(
                path,
                line,
                format!("atom id '{}' is not a non-negative integer", clip(w[0])),
            )
        })?;
        let s = match seen.iter().find(|(l, _)| l == w[1]) {
            Some((_, s)) => *s,
            None => {
                let s = species_of(w[1], opts, species).map_err(|m| Error::parse(path, line, m))?;
                seen.push((w[1].to_owned(), s));
                s
            }
        };
        let mut p = Vector3::zeros();
        for j in 0..3 {
            p[j] = finite(w[2 + j])
                .map_err(|m| Error::parse(path, line, format!("coordinate {}: {m}", j + 1)))?
                - lo[j];
        }
        for f in &w[5..] {
            f.parse::<i64>().map_err(|_| {
                Error::parse(
                    path,
                    line,
                    format!("image flag '{}' is not an integer", clip(f)),
                )
            })?;
        }
        rows.push((id, s, p, line));
    }
    rows.sort_by_key(|r| r.0);
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        let line = w[0].3.max(w[1].3);
        return Err(Error::parse(
            path,
            line,
            format!("atom id {} appears twice", w[0].0),
        ));
    }
    Ok(Config {
        positions: rows.iter().map(|r| r.2).collect(),
        species: rows.iter().map(|r| r.1).collect(),
        cell: Cell::new([hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]]),
        extras: Extras::default(),
    })
}
