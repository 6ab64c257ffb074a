//! The extended-XYZ comment line: `key=value` pairs, values optionally quoted, and the
//! `Lattice` and `Properties` values. Errors are plain messages; the caller adds the file
//! and line.

/// The comment line split into (key, value) pairs in file order. A bare key (no `=`) is
/// a flag with value "T". Values (and keys) may be quoted with `"..."` (backslash escapes
/// `\"` and `\\`) or braced with `{...}`; whitespace around `=` is allowed.
pub fn parse_pairs(line: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let key = read_token(&mut chars, true)?;
        if key.is_empty() {
            return Err("empty key before '='".to_owned());
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let value = if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            read_token(&mut chars, false)?
        } else {
            "T".to_owned()
        };
        pairs.push((key, value));
    }
}

fn unterminated(open: char, text: &str) -> String {
    let clipped: String = text.chars().take(30).collect();
    let more = if clipped.len() < text.len() {
        "..."
    } else {
        ""
    };
    let what = if open == '"' { "quote" } else { "brace" };
    format!("unterminated {what}: {open}{clipped}{more}")
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn read_token(chars: &mut Chars<'_>, is_key: bool) -> Result<String, String> {
    let mut out = String::new();
    match chars.peek() {
        Some('"') => {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(unterminated('"', &out)),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(c) => out.push(c),
                        None => return Err(unterminated('"', &out)),
                    },
                    Some(c) => out.push(c),
                }
            }
        }
        Some('{') if !is_key => {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(unterminated('{', &out)),
                    Some('}') => break,
                    Some(c) => out.push(c),
                }
            }
        }
        _ => {
            while let Some(c) = chars.next_if(|c| !(c.is_whitespace() || (is_key && *c == '='))) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// The box edge lengths from a `Lattice` value (9 numbers, three cell vectors). Only
/// orthorhombic boxes: every off-diagonal element must be 0 or at most 1e-12 L in size.
pub fn parse_lattice(value: &str) -> Result<[f64; 3], String> {
    let nums = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("Lattice: '{s}' is not a finite number"))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    if nums.len() != 9 {
        return Err(format!("Lattice has {} numbers, expected 9", nums.len()));
    }
    let diag = [nums[0], nums[4], nums[8]];
    if let Some(k) = diag.iter().position(|l| *l <= 0.0) {
        return Err(format!(
            "Lattice: box length {} in direction {} must be positive",
            diag[k],
            k + 1
        ));
    }
    let scale = diag.iter().copied().fold(0.0, f64::max);
    for row in 0..3 {
        for col in 0..3 {
            let x = nums[3 * row + col];
            if row != col && x.abs() > 1e-12 * scale {
                return Err(format!(
                    "tilted cell: Lattice vector {} has component {} = {x} (only orthorhombic \
                     boxes are supported)",
                    row + 1,
                    col + 1
                ));
            }
        }
    }
    Ok(diag)
}

/// The type of a `Properties` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// S: string.
    Str,
    /// R: real.
    Real,
    /// I: integer.
    Int,
    /// L: logical.
    Logical,
}

/// One `Properties` entry: `name:type:ncols`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnType,
    pub ncols: usize,
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = match self.kind {
            ColumnType::Str => 'S',
            ColumnType::Real => 'R',
            ColumnType::Int => 'I',
            ColumnType::Logical => 'L',
        };
        write!(f, "{}:{t}:{}", self.name, self.ncols)
    }
}

/// The default `Properties` when the comment line has none.
pub const DEFAULT_PROPERTIES: &str = "species:S:1:pos:R:3";

/// Parses `name:type:ncols:name:type:ncols...`; names must be distinct.
pub fn parse_properties(value: &str) -> Result<Vec<Column>, String> {
    let parts: Vec<&str> = value.trim().split(':').collect();
    if !parts.len().is_multiple_of(3) {
        return Err(format!(
            "Properties '{value}' is not a list of name:type:ncols triples"
        ));
    }
    let mut columns: Vec<Column> = Vec::with_capacity(parts.len() / 3);
    for t in parts.chunks_exact(3) {
        let name = t[0].trim();
        if name.is_empty() {
            return Err(format!("Properties '{value}' has an empty column name"));
        }
        let kind = match t[1].trim().to_ascii_uppercase().as_str() {
            "S" => ColumnType::Str,
            "R" => ColumnType::Real,
            "I" => ColumnType::Int,
            "L" => ColumnType::Logical,
            other => {
                return Err(format!(
                    "Properties: column '{name}' has unknown type '{other}' (S, R, I or L)"
                ))
            }
        };
        let ncols = t[2]
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("Properties: column '{name}' has column count '{}'", t[2]))?;
        if columns.iter().any(|c| c.name == name) {
            return Err(format!("Properties: column '{name}' appears twice"));
        }
        columns.push(Column {
            name: name.to_owned(),
            kind,
            ncols,
        });
    }
    Ok(columns)
}

/// Parses a `pbc` value: three of T/F/True/False/1/0.
pub fn parse_pbc(value: &str) -> Result<[bool; 3], String> {
    let flags = value
        .split_whitespace()
        .map(|s| match s.to_ascii_lowercase().as_str() {
            "t" | "true" | "1" => Ok(true),
            "f" | "false" | "0" => Ok(false),
            _ => Err(format!("pbc: '{s}' is not T or F")),
        })
        .collect::<Result<Vec<bool>, String>>()?;
    <[bool; 3]>::try_from(flags).map_err(|f| format!("pbc has {} values, expected 3", f.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(s: &str) -> Vec<(String, String)> {
        parse_pairs(s).expect("valid comment line")
    }

    #[test]
    fn quoted_bare_and_flags() {
        let p = pairs(
            r#"Lattice="1 0 0 0 2 0 0 0 3"  energy=-1.5e3 pbc="T T T" flag "my key"="a \"b\"" x = {1 2}"#,
        );
        let want = [
            ("Lattice", "1 0 0 0 2 0 0 0 3"),
            ("energy", "-1.5e3"),
            ("pbc", "T T T"),
            ("flag", "T"),
            ("my key", r#"a "b""#),
            ("x", "1 2"),
        ];
        assert_eq!(p.len(), want.len());
        for ((k, v), (wk, wv)) in p.iter().zip(want) {
            assert_eq!((k.as_str(), v.as_str()), (wk, wv));
        }
        assert!(pairs("   ").is_empty());
        assert!(parse_pairs(r#"Lattice="1 2"#).is_err());
        assert!(parse_pairs("a={1 2").is_err());
        assert!(parse_pairs("=3").is_err());
    }

    #[test]
    fn lattice() {
        assert_eq!(
            parse_lattice("13.46 0 0 0 13.46 0 0 0 13.46"),
            Ok([13.46; 3])
        );
        assert_eq!(parse_lattice("1 0 0 0 2 0 0 0 3"), Ok([1.0, 2.0, 3.0]));
        assert_eq!(parse_lattice("10 1e-13 0 0 10 0 0 0 10"), Ok([10.0; 3]));
        let tilted = parse_lattice("10 0 0 0.5 10 0 0 0 10").expect_err("tilted");
        assert!(tilted.contains("tilted"), "{tilted}");
        assert!(parse_lattice("10 0 0 0 10 0 0 0").is_err());
        assert!(parse_lattice("10 0 0 0 10 0 0 0 x").is_err());
        assert!(parse_lattice("10 0 0 0 10 0 0 0 nan").is_err());
        assert!(parse_lattice("10 0 0 0 -10 0 0 0 10").is_err());
    }

    #[test]
    fn properties() {
        let c = parse_properties("species:S:1:pos:R:3:mode:R:3:id:I:1:fixed:L:1").expect("valid");
        assert_eq!(c.len(), 5);
        assert_eq!(
            c[1],
            Column {
                name: "pos".into(),
                kind: ColumnType::Real,
                ncols: 3
            }
        );
        assert_eq!(c[3].kind, ColumnType::Int);
        assert_eq!(c[4].kind, ColumnType::Logical);
        assert_eq!(c[2].to_string(), "mode:R:3");
        assert!(parse_properties("species:S:1:pos:R").is_err());
        assert!(parse_properties("species:X:1").is_err());
        assert!(parse_properties("species:S:0").is_err());
        assert!(parse_properties("pos:R:3:pos:R:3").is_err());
        assert_eq!(parse_properties(DEFAULT_PROPERTIES).map(|c| c.len()), Ok(2));
    }

    #[test]
    fn pbc() {
        assert_eq!(parse_pbc("T T T"), Ok([true; 3]));
        assert_eq!(parse_pbc("T F true"), Ok([true, false, true]));
        assert!(parse_pbc("T T").is_err());
        assert!(parse_pbc("T T Q").is_err());
    }
}
