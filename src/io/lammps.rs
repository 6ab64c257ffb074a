//! LAMMPS text dump (`dump custom`, also what OVITO writes): per snapshot the items
//! `TIMESTEP`, `NUMBER OF ATOMS`, `BOX BOUNDS` and `ATOMS <columns>`, then one line per
//! atom. Each snapshot is one mode.
//!
//! - Box: `BOX BOUNDS pp pp pp` (lo hi per line), the triclinic form `BOX BOUNDS xy xz
//!   yz ..` only with zero tilts, and OVITO's `BOX BOUNDS abc origin ..` (a, b, c and
//!   the origin, one edge per line) only when a, b, c lie along x, y, z.
//! - Columns: `type` (else `element`) for the species, mapped by `--types`; positions
//!   `x y z`, `xu yu zu`, `xs ys zs` or `xsu ysu zsu` (scaled: times the box); the
//!   eigenvector is the triple named by `ReadOptions::vector` (see there); `id`, if
//!   present, orders the atoms; `mass` and `diameter` (or `radius`, x2), if present, give
//!   per-atom masses and diameters (finite and positive). Positions are taken relative
//!   to the box origin.

use std::path::Path;

use nalgebra::Vector3;

use super::vector_name::{ambiguous, triple_names, vector_triples};
use super::{capacity, clip, finite, species_of, Config, Extras, LineReader, ReadOptions};
use crate::error::{Error, Result};
use crate::model::{Cell, Mode};

/// The modes of every snapshot (or of snapshot `frame` only).
pub(super) fn read(
    path: &Path,
    frame: Option<usize>,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Vec<Mode>> {
    let mut rd = LineReader::open(path)?;
    let mut modes = Vec::new();
    let mut k = 0;
    loop {
        let want = frame.is_none_or(|f| f == k);
        let Some(snap) = snapshot(&mut rd, path, k, want.then_some(opts), species)? else {
            break;
        };
        if let Some((config, e)) = snap {
            let extras = config.extras;
            let mode = Mode::new(
                path,
                k,
                config.positions,
                config.species,
                config.cell,
                e.unwrap_or_default(),
                None,
            )?;
            modes.push(extras.apply(mode)?);
            if frame.is_some() {
                return Ok(modes);
            }
        }
        k += 1;
    }
    match frame {
        _ if k == 0 => Err(Error::parse(path, 0, "no snapshots: the file is empty")),
        Some(f) => Err(Error::parse(
            path,
            0,
            format!("frame {f} requested, but the file has {k} snapshots"),
        )),
        None => Ok(modes),
    }
}

/// The first snapshot's configuration (eigenvector columns not needed).
pub(super) fn read_config(path: &Path, opts: &ReadOptions, species: &[&str]) -> Result<Config> {
    let mut rd = LineReader::open(path)?;
    let opts = ReadOptions {
        vector: String::new(),
        ..opts.clone()
    };
    match snapshot(&mut rd, path, 0, Some(&opts), species)? {
        Some(Some((config, _))) => Ok(config),
        _ => Err(Error::parse(path, 0, "no snapshots: the file is empty")),
    }
}

/// Number of snapshots: headers are read, atom lines skipped unparsed.
pub(super) fn count_frames(path: &Path) -> Result<usize> {
    let mut rd = LineReader::open(path)?;
    let mut k = 0;
    while snapshot(&mut rd, path, k, None, &[])?.is_some() {
        k += 1;
    }
    match k {
        0 => Err(Error::parse(path, 0, "no snapshots: the file is empty")),
        _ => Ok(k),
    }
}

type Parsed = (Config, Option<Vec<Vector3<f64>>>);

/// The next snapshot: None at the end of the file; Some(None) if skipped (`opts` None).
fn snapshot(
    rd: &mut LineReader,
    path: &Path,
    k: usize,
    opts: Option<&ReadOptions>,
    species: &[&str],
) -> Result<Option<Option<Parsed>>> {
    let mut count: Option<usize> = None;
    let mut bounds: Option<([f64; 3], [f64; 3])> = None;
    let mut first = true;
    loop {
        let (line, text) = match rd.next_line()? {
            None if first => return Ok(None),
            None => {
                let msg = format!("snapshot {k}: file ends before its ATOMS item");
                return Err(Error::parse(path, rd.line(), msg));
            }
            Some((_, t)) if first && t.trim().is_empty() => continue,
            Some((l, t)) => (l, t.trim().to_owned()),
        };
        first = false;
        let Some(item) = text.strip_prefix("ITEM:").map(str::trim) else {
            let msg = format!(
                "snapshot {k}: expected an 'ITEM:' line, found '{}'",
                clip(&text)
            );
            return Err(Error::parse(path, line, msg));
        };
        let value = |rd: &mut LineReader| -> Result<(u64, String)> {
            match rd.next_line()? {
                Some((l, t)) => Ok((l, t.trim().to_owned())),
                None => Err(Error::parse(
                    path,
                    rd.line(),
                    format!("snapshot {k}: file ends after ITEM: {}", clip(item)),
                )),
            }
        };
        if item == "TIMESTEP" || item == "TIME" || item == "UNITS" {
            value(rd)?;
        } else if item == "NUMBER OF ATOMS" {
            let (l, t) = value(rd)?;
            count = match t.parse::<usize>() {
                Ok(0) => {
                    return Err(Error::parse(
                        path,
                        l,
                        format!("snapshot {k}: number of atoms is 0"),
                    ))
                }
                Ok(n) => Some(n),
                Err(_) => {
                    let msg = format!(
                        "snapshot {k}: expected the number of atoms, found '{}'",
                        clip(&t)
                    );
                    return Err(Error::parse(path, l, msg));
                }
            };
        } else if let Some(rest) = item.strip_prefix("BOX BOUNDS") {
            bounds = Some(box_bounds(rd, path, k, rest)?);
        } else if let Some(cols) = item.strip_prefix("ATOMS") {
            let (Some(n), Some((lo, len))) = (count, bounds) else {
                let msg =
                    format!("snapshot {k}: ITEM: ATOMS before NUMBER OF ATOMS and BOX BOUNDS");
                return Err(Error::parse(path, line, msg));
            };
            return match opts {
                None => {
                    for got in 0..n {
                        if !rd.skip_line()? {
                            return Err(truncated(rd, path, k, got, n));
                        }
                    }
                    Ok(Some(None))
                }
                Some(o) => {
                    let bounds = (lo, len);
                    let item = AtomsItem {
                        k,
                        n,
                        bounds,
                        columns: cols,
                        line,
                    };
                    atoms(rd, path, item, o, species).map(|p| Some(Some(p)))
                }
            };
        } else {
            let msg = format!("snapshot {k}: unknown item 'ITEM: {}'", clip(item));
            return Err(Error::parse(path, line, msg));
        }
    }
}

fn truncated(rd: &LineReader, path: &Path, k: usize, got: usize, n: usize) -> Error {
    let msg = format!("snapshot {k}: file ends after {got} of the {n} atom lines");
    Error::parse(path, rd.line(), msg)
}

/// (origin, edge lengths) from the BOX BOUNDS item (`rest`: what follows its name).
fn box_bounds(
    rd: &mut LineReader,
    path: &Path,
    k: usize,
    rest: &str,
) -> Result<([f64; 3], [f64; 3])> {
    let words: Vec<&str> = rest.split_ascii_whitespace().collect();
    let (nums, flags) = match words.as_slice() {
        ["abc", "origin", f @ ..] => (4, f),
        ["xy", "xz", "yz", f @ ..] => (3, f),
        f => (2, f),
    };
    let flag_ok = |f: &&str| (1..=2).contains(&f.len()) && f.chars().all(|c| "pfsm".contains(c));
    if !(flags.is_empty() || flags.len() == 3 && flags.iter().all(flag_ok)) {
        let msg = format!(
            "snapshot {k}: BOX BOUNDS '{}': expected boundary flags like 'pp pp pp'",
            clip(rest.trim())
        );
        return Err(Error::parse(path, rd.line(), msg));
    }
    let mut rows = [[0.0; 4]; 3];
    for (axis, row) in rows.iter_mut().enumerate() {
        let Some((line, text)) = rd.next_line()? else {
            let msg = format!("snapshot {k}: file ends inside BOX BOUNDS");
            return Err(Error::parse(path, rd.line(), msg));
        };
        let toks: Vec<&str> = text.split_ascii_whitespace().collect();
        if toks.len() != nums {
            let msg = format!(
                "snapshot {k}: box line {} has {} numbers, expected {nums}",
                axis + 1,
                toks.len()
            );
            return Err(Error::parse(path, line, msg));
        }
        for (j, t) in toks.iter().enumerate() {
            row[j] = finite(t)
                .map_err(|m| Error::parse(path, line, format!("snapshot {k}: box: {m}")))?;
        }
    }
    let line = rd.line();
    let (lo, len) = match nums {
        4 => {
            // Rows: a, b, c with the origin component last.
            let off = [
                rows[0][1], rows[0][2], rows[1][0], rows[1][2], rows[2][0], rows[2][1],
            ];
            if off.iter().any(|x| *x != 0.0) {
                let msg = format!(
                    "snapshot {k}: the box is not orthorhombic (a = {:?}, b = {:?}, c = {:?}); only boxes with edges along x, y, z are supported",
                    &rows[0][..3], &rows[1][..3], &rows[2][..3]
                );
                return Err(Error::parse(path, line, msg));
            }
            (
                [rows[0][3], rows[1][3], rows[2][3]],
                [rows[0][0], rows[1][1], rows[2][2]],
            )
        }
        n => {
            if n == 3 && rows.iter().any(|r| r[2] != 0.0) {
                let msg = format!(
                    "snapshot {k}: tilted (triclinic) box, xy = {}, xz = {}, yz = {}; only orthorhombic boxes are supported",
                    rows[0][2], rows[1][2], rows[2][2]
                );
                return Err(Error::parse(path, line, msg));
            }
            let lo = [rows[0][0], rows[1][0], rows[2][0]];
            (
                lo,
                [rows[0][1] - lo[0], rows[1][1] - lo[1], rows[2][1] - lo[2]],
            )
        }
    };
    if !len.iter().all(|l| l.is_finite() && *l > 0.0) {
        let msg = format!("snapshot {k}: box edge lengths {len:?} must be positive");
        return Err(Error::parse(path, line, msg));
    }
    Ok((lo, len))
}

/// The three columns of the eigenvector named `name` (see `vector_name`); an error
/// message if none or several triples match.
fn vector_columns(cols: &[&str], name: &str) -> Result<[usize; 3], String> {
    let found = vector_triples(cols, name);
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no eigenvector columns '{name}[1] {name}[2] {name}[3]' (or {name}1.., {name}.X.., {name}x.., {name}_x.., also behind c_ or f_) among '{}' (choose the name with --vector)",
            clip(&cols.join(" "))
        )),
        many => {
            let listed: Vec<String> = many.iter().map(|t| triple_names(cols, *t)).collect();
            Err(ambiguous(name, &listed))
        }
    }
}

/// The ATOMS item of snapshot `k`: `n` atom lines under the column names `columns`
/// (the item's line is `line`), in a box of origin `bounds.0` and edges `bounds.1`.
struct AtomsItem<'a> {
    k: usize,
    n: usize,
    bounds: ([f64; 3], [f64; 3]),
    columns: &'a str,
    line: u64,
}

/// Where each quantity is among an ATOMS item's columns.
struct Columns<'a> {
    names: Vec<&'a str>,
    id: Option<usize>,
    kind: usize,
    pos: [usize; 3],
    /// Positions in box fractions (xs ys zs, xsu ysu zsu).
    scaled: bool,
    vector: Option<[usize; 3]>,
    mass: Option<usize>,
    /// The diameter column and its factor (2 for a radius).
    size: Option<(usize, f64)>,
}

impl<'a> Columns<'a> {
    fn of(header: &'a str, opts: &ReadOptions) -> std::result::Result<Self, String> {
        let names: Vec<&str> = header.split_ascii_whitespace().collect();
        let find = |name: &str| names.iter().position(|c| *c == name);
        let Some(kind) = find("type").or_else(|| find("element")) else {
            return Err(format!(
                "no 'type' or 'element' column among '{}'",
                clip(&names.join(" "))
            ));
        };
        let pos = [
            (["x", "y", "z"], false),
            (["xu", "yu", "zu"], false),
            (["xs", "ys", "zs"], true),
            (["xsu", "ysu", "zsu"], true),
        ]
        .into_iter()
        .find_map(|(n, scaled)| Some(([find(n[0])?, find(n[1])?, find(n[2])?], scaled)));
        let Some((pos, scaled)) = pos else {
            return Err("no position columns (x y z, xu yu zu, xs ys zs or xsu ysu zsu)".into());
        };
        let vector = match opts.vector.as_str() {
            "" => None,
            v => Some(vector_columns(&names, v)?),
        };
        let size = find("diameter")
            .map(|c| (c, 1.0))
            .or_else(|| find("radius").map(|c| (c, 2.0)));
        Ok(Self {
            id: find("id"),
            kind,
            pos,
            scaled,
            vector,
            mass: find("mass"),
            size,
            names,
        })
    }

    /// The atom of one line (`index`: its place in the item, the id without an id
    /// column); `species` maps a type label to a species index.
    fn atom(
        &self,
        toks: &[&str],
        index: usize,
        (lo, len): ([f64; 3], [f64; 3]),
        species: &mut dyn FnMut(&str) -> std::result::Result<u8, String>,
    ) -> std::result::Result<AtomRow, String> {
        if toks.len() != self.names.len() {
            let (want, got) = (self.names.len(), toks.len());
            return Err(format!("expected {want} fields, found {got}"));
        }
        let num = |c: usize| finite(toks[c]).map_err(|m| format!("column {}: {m}", self.names[c]));
        let positive = |c: Option<usize>, factor: f64| -> std::result::Result<f64, String> {
            let Some(c) = c else { return Ok(1.0) };
            match num(c)? {
                x if x > 0.0 => Ok(x * factor),
                x => Err(format!("column {}: {x} is not positive", self.names[c])),
            }
        };
        let extra = [
            positive(self.mass, 1.0)?,
            positive(self.size.map(|s| s.0), self.size.map_or(1.0, |s| s.1))?,
        ];
        let id = match self.id {
            None => index as u64,
            Some(c) => toks[c]
                .parse::<u64>()
                .map_err(|_| format!("id '{}' is not a non-negative integer", clip(toks[c])))?,
        };
        let species = species(toks[self.kind])?;
        let mut position = Vector3::zeros();
        for j in 0..3 {
            let x = num(self.pos[j])?;
            position[j] = if self.scaled { x * len[j] } else { x - lo[j] };
        }
        let mut vector = Vector3::zeros();
        if let Some(vc) = self.vector {
            for j in 0..3 {
                vector[j] = num(vc[j])?;
            }
        }
        Ok(AtomRow {
            id,
            species,
            position,
            vector,
            line: 0,
            extra,
        })
    }
}

/// One atom line of an ATOMS item.
struct AtomRow {
    id: u64,
    species: u8,
    position: Vector3<f64>,
    vector: Vector3<f64>,
    line: u64,
    /// Mass and diameter (1 where the file has no such column).
    extra: [f64; 2],
}

fn atoms(
    rd: &mut LineReader,
    path: &Path,
    item: AtomsItem,
    opts: &ReadOptions,
    species: &[&str],
) -> Result<Parsed> {
    let k = item.k;
    let err = |line, m: String| Error::parse(path, line, format!("snapshot {k}: {m}"));
    let cols = Columns::of(item.columns, opts).map_err(|m| err(item.line, m))?;
    let mut rows: Vec<AtomRow> = Vec::with_capacity(capacity(item.n, rd.file_size, 8));
    let mut seen: Vec<(String, u8)> = Vec::new();
    let mut species_of_label = |label: &str| {
        if let Some((_, s)) = seen.iter().find(|(l, _)| l == label) {
            return Ok(*s);
        }
        let s = species_of(label, opts, species)?;
        seen.push((label.to_owned(), s));
        Ok(s)
    };
    for got in 0..item.n {
        let Some((line, text)) = rd.next_line()? else {
            return Err(truncated(rd, path, k, got, item.n));
        };
        let toks: Vec<&str> = text.split_ascii_whitespace().collect();
        let row = cols
            .atom(&toks, got, item.bounds, &mut species_of_label)
            .map_err(|m| err(line, m))?;
        rows.push(AtomRow { line, ..row });
    }
    if cols.id.is_some() {
        rows.sort_by_key(|r| r.id);
        if let Some(w) = rows.windows(2).find(|w| w[0].id == w[1].id) {
            let line = w[0].line.max(w[1].line);
            return Err(err(line, format!("atom id {} appears twice", w[0].id)));
        }
    }
    let config = Config {
        positions: rows.iter().map(|r| r.position).collect(),
        species: rows.iter().map(|r| r.species).collect(),
        cell: Cell::new(item.bounds.1),
        extras: Extras {
            masses: cols.mass.map(|_| rows.iter().map(|r| r.extra[0]).collect()),
            sizes: cols.size.map(|_| rows.iter().map(|r| r.extra[1]).collect()),
            units: None,
            kind: Default::default(),
        },
    };
    let e = cols.vector.map(|_| rows.iter().map(|r| r.vector).collect());
    Ok((config, e))
}
