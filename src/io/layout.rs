//! What a frame's comment line implies: the box, omega2, and the role of every field of
//! an atom line.

use super::comment::{self, Column, ColumnType};
use super::vector_name::{ambiguous, vector_triples};
use super::{clip, ReadOptions};
use crate::model::{Cell, ModeKind};
use crate::potential::Units;

/// What an atom-line field is used for.
#[derive(Clone, Copy)]
pub(super) enum Role {
    Skip,
    Species,
    Pos(usize),
    Vector(usize),
    /// The per-atom mass (ASE's `masses:R:1`).
    Mass,
    /// The per-atom diameter: the field times this factor (2 for a radius).
    Size(f64),
}

/// What the comment line says about a frame.
pub(super) struct Layout {
    /// One role per field of an atom line.
    pub roles: Vec<Role>,
    pub cell: Cell,
    pub omega2: Option<f64>,
    /// `units="lj"|"metal"`, if given.
    pub units: Option<Units>,
    /// `kind="quartic"` marks quartic modes.
    pub kind: ModeKind,
}

impl Layout {
    pub fn has(&self, f: impl Fn(&Role) -> bool) -> bool {
        self.roles.iter().any(f)
    }
}

/// Per-atom mass columns, and diameter columns with the factor to a diameter.
const MASS_COLUMNS: [&str; 2] = ["masses", "mass"];
const SIZE_COLUMNS: [(&str, f64); 4] = [
    ("diameter", 1.0),
    ("diameters", 1.0),
    ("sigma", 1.0),
    ("radius", 2.0),
];

/// The `units` value: lj or metal (any other unit system would be misread).
fn parse_units(value: &str) -> Result<Units, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "lj" => Ok(Units::Lj),
        "metal" => Ok(Units::Metal),
        other => Err(format!(
            "units '{}' is not supported (lj or metal)",
            clip(other)
        )),
    }
}

/// The column `name` if it is one number per atom.
fn scalar_column<'a>(columns: &'a [Column], name: &str) -> Result<Option<&'a Column>, String> {
    let Some(c) = columns.iter().find(|c| c.name == name) else {
        return Ok(None);
    };
    if !matches!(c.kind, ColumnType::Real | ColumnType::Int) || c.ncols != 1 {
        return Err(format!("column {c} must be of type R:1"));
    }
    Ok(Some(c))
}

/// Where the eigenvector is: one R:3 column, or three R:1 columns (x, y, z).
enum VectorColumns {
    Whole(usize),
    Split([usize; 3]),
}

impl VectorColumns {
    /// The component held by field `j` of column `k`, if it is part of the vector.
    fn component(&self, k: usize, j: usize) -> Option<usize> {
        match self {
            Self::Whole(w) => (*w == k).then_some(j),
            Self::Split(t) => t.iter().position(|c| *c == k),
        }
    }
}

/// The eigenvector's columns: the R:3 column `name`, or three R:1 columns named as
/// LAMMPS, OVITO or ASE name a vector's components (`vector_name`); an error if none,
/// several, or a column of the wrong type.
fn vector_columns(columns: &[Column], name: &str) -> Result<VectorColumns, String> {
    let whole = columns.iter().position(|c| c.name == name);
    let scalar: Vec<usize> = (0..columns.len())
        .filter(|k| columns[*k].ncols == 1)
        .collect();
    let scalar_names: Vec<&str> = scalar.iter().map(|k| columns[*k].name.as_str()).collect();
    let mut found: Vec<VectorColumns> = whole.map(VectorColumns::Whole).into_iter().collect();
    found.extend(
        vector_triples(&scalar_names, name)
            .into_iter()
            .map(|t| VectorColumns::Split(t.map(|i| scalar[i]))),
    );
    let describe = |v: &VectorColumns| match v {
        VectorColumns::Whole(k) => columns[*k].to_string(),
        VectorColumns::Split(t) => t.map(|k| columns[k].to_string()).join(" "),
    };
    if found.len() > 1 {
        let listed: Vec<String> = found.iter().map(describe).collect();
        return Err(ambiguous(name, &listed));
    }
    let Some(v) = found.pop() else {
        return Err(format!(
            "no column '{name}' for the eigenvector (nor {name}_x:R:1.., {name}.X.., {name}1..; choose one with --vector)"
        ));
    };
    let fits = |k: usize, n: usize| columns[k].kind == ColumnType::Real && columns[k].ncols == n;
    let ok = match &v {
        VectorColumns::Whole(k) => fits(*k, 3),
        VectorColumns::Split(t) => t.iter().all(|k| fits(*k, 1)),
    };
    if !ok {
        let shape = if matches!(v, VectorColumns::Whole(_)) {
            "R:3"
        } else {
            "R:1"
        };
        return Err(format!("column {} must be of type {shape}", describe(&v)));
    }
    Ok(v)
}

/// The value of `key` (ASCII case-insensitive); an error if it is given twice.
fn lookup<'a>(pairs: &'a [(String, String)], key: &str) -> Result<Option<&'a str>, String> {
    let mut found = pairs.iter().filter(|(k, _)| k.eq_ignore_ascii_case(key));
    let first = found.next().map(|(_, v)| v.as_str());
    if found.next().is_some() {
        return Err(format!("key '{key}' is given twice"));
    }
    Ok(first)
}

/// The layout of a frame from its comment line; errors are messages without location.
pub(super) fn parse_layout(text: &str, opts: &ReadOptions) -> Result<Layout, String> {
    let pairs = comment::parse_pairs(text)?;
    let lattice = lookup(&pairs, "Lattice")?
        .ok_or("the comment line has no Lattice=\"...\" (the periodic box is required)")?;
    let lengths = comment::parse_lattice(lattice)?;
    let props = lookup(&pairs, "Properties")?.unwrap_or(comment::DEFAULT_PROPERTIES);
    let columns = comment::parse_properties(props)?;
    if let Some(pbc) = lookup(&pairs, "pbc")? {
        // Parsed for validation only: the analysis treats the box as periodic anyway.
        comment::parse_pbc(pbc)?;
    }
    let omega2 = match lookup(&pairs, "omega2")? {
        None => None,
        Some(v) => Some(
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("omega2 '{}' is not a finite number", clip(v)))?,
        ),
    };
    let listing = || {
        columns
            .iter()
            .map(Column::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let find = |name: &str| columns.iter().position(|c| c.name == name);
    let species = ["species", "type", "Z"]
        .into_iter()
        .find_map(find)
        .ok_or_else(|| {
            format!(
                "no species column (species:S:1); the columns are {}",
                listing()
            )
        })?;
    let sc = &columns[species];
    if !matches!(sc.kind, ColumnType::Str | ColumnType::Int) || sc.ncols != 1 {
        return Err(format!("species column {sc} must be of type S:1 or I:1"));
    }
    let pos =
        find("pos").ok_or_else(|| format!("no pos:R:3 column; the columns are {}", listing()))?;
    let c = &columns[pos];
    if c.kind != ColumnType::Real || c.ncols != 3 {
        return Err(format!("column {c} must be of type R:3"));
    }
    // An empty vector name reads a configuration only (the eigenvector comes from
    // elsewhere): no eigenvector column is needed.
    let vector = if opts.vector.is_empty() {
        None
    } else {
        Some(
            vector_columns(&columns, &opts.vector)
                .map_err(|m| format!("{m}; the columns are {}", listing()))?,
        )
    };
    let units = lookup(&pairs, "units")?.map(parse_units).transpose()?;
    let kind = lookup(&pairs, "kind")?.map_or(ModeKind::Normal, ModeKind::parse);
    let mut mass = None;
    for name in MASS_COLUMNS {
        mass = mass.or(scalar_column(&columns, name)?.map(|c| c.name.as_str()));
    }
    let mut size = None;
    for (name, factor) in SIZE_COLUMNS {
        size = size.or(scalar_column(&columns, name)?.map(|c| (c.name.as_str(), factor)));
    }
    let mut roles = Vec::new();
    for (k, c) in columns.iter().enumerate() {
        for j in 0..c.ncols {
            roles.push(match k {
                _ if k == species => Role::Species,
                _ if k == pos => Role::Pos(j),
                _ => match vector.as_ref().and_then(|v| v.component(k, j)) {
                    Some(component) => Role::Vector(component),
                    None if mass == Some(c.name.as_str()) => Role::Mass,
                    None => match size {
                        Some((name, factor)) if name == c.name => Role::Size(factor),
                        _ => Role::Skip,
                    },
                },
            });
        }
    }
    Ok(Layout {
        roles,
        cell: Cell::new(lengths),
        omega2,
        units,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(comment: &str, vector: &str) -> Result<Layout, String> {
        let opts = ReadOptions {
            vector: vector.to_owned(),
            ..ReadOptions::default()
        };
        parse_layout(comment, &opts)
    }

    fn roles(l: &Layout) -> String {
        l.roles
            .iter()
            .map(|r| match r {
                Role::Skip => "-".to_owned(),
                Role::Species => "s".to_owned(),
                Role::Pos(j) => format!("p{j}"),
                Role::Vector(j) => format!("v{j}"),
                Role::Mass => "m".to_owned(),
                Role::Size(f) => format!("d{f}"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn roles_follow_properties() {
        let l = layout(
            r#"properties=id:I:1:mode:R:3:x:L:1:pos:R:3:species:S:1 LATTICE="2 0 0 0 3 0 0 0 4" Omega2=1.5"#,
            "mode",
        )
        .expect("valid");
        assert_eq!(roles(&l), "- v0 v1 v2 - p0 p1 p2 s");
        assert_eq!(l.cell.lengths, [2.0, 3.0, 4.0]);
        assert_eq!(l.omega2, Some(1.5));
        let l = layout(
            r#"Lattice="2 0 0 0 3 0 0 0 4" Properties=type:I:1:pos:R:3:dir:R:3"#,
            "dir",
        )
        .expect("valid");
        assert_eq!(roles(&l), "s p0 p1 p2 v0 v1 v2");
        assert_eq!(l.omega2, None);
    }

    #[test]
    fn masses_sizes_and_units() {
        let l = layout(
            r#"Lattice="2 0 0 0 3 0 0 0 4" Properties=species:S:1:pos:R:3:mode:R:3:masses:R:1:radius:R:1:charge:R:1 units="metal""#,
            "mode",
        )
        .expect("valid");
        assert_eq!(roles(&l), "s p0 p1 p2 v0 v1 v2 m d2 -");
        assert_eq!(l.units, Some(Units::Metal));
        let l = layout(
            r#"Lattice="2 0 0 0 3 0 0 0 4" Properties=species:S:1:pos:R:3:mode:R:3:diameter:R:1 units=LJ"#,
            "mode",
        )
        .expect("valid");
        assert_eq!(roles(&l), "s p0 p1 p2 v0 v1 v2 d1");
        assert_eq!(l.units, Some(Units::Lj));
        let e = |c: &str| layout(c, "mode").err().unwrap_or_default();
        let lat = r#"Lattice="2 0 0 0 3 0 0 0 4" Properties=species:S:1:pos:R:3:mode:R:3"#;
        assert!(e(&format!("{lat} units=real")).contains("units 'real'"));
        assert!(e(&format!("{lat}:masses:R:3")).contains("masses:R:3"));
    }

    #[test]
    fn layout_errors() {
        let lat = r#"Lattice="2 0 0 0 3 0 0 0 4""#;
        let e = |c: &str| layout(c, "mode").err().unwrap_or_default();
        assert!(e(r#"Properties=species:S:1:pos:R:3:mode:R:3"#).contains("no Lattice"));
        assert!(e(lat).contains("no column 'mode'"));
        assert!(e(&format!("{lat} Properties=species:S:1:pos:R:3:mode:R:2")).contains("R:3"));
        assert!(e(&format!("{lat} Properties=species:R:1:pos:R:3:mode:R:3")).contains("species"));
        assert!(e(&format!("{lat} Properties=pos:R:3:mode:R:3")).contains("no species"));
        assert!(e(&format!("{lat} lattice=\"1 0 0 0 1 0 0 0 1\"")).contains("twice"));
        assert!(e(&format!("{lat} pbc=\"T T\"")).contains("pbc"));
        assert!(e(&format!("{lat} omega2=nan")).contains("omega2"));
    }
}
