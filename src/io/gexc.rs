//! The excess density of states g_exc(E) for eq. 12's damping: a plain two-column text
//! file, energy (meV) and g_exc (modes per atom and per meV), separated by blanks, tabs
//! or commas. Lines starting with '#' and blank lines are skipped; a first line that is
//! not numeric is taken as a header. Every error names the file and the line.

use std::path::Path;

/// The points (energy meV, g_exc per atom per meV), in file order, energies increasing.
pub fn read_gexc(path: &Path) -> Result<Vec<[f64; 2]>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_gexc(&text, &path.display().to_string())
}

/// Parses the text of a g_exc file; `name` is used in the messages.
pub fn parse_gexc(text: &str, name: &str) -> Result<Vec<[f64; 2]>, String> {
    let mut points: Vec<[f64; 2]> = Vec::new();
    for (k, raw) in text.lines().enumerate() {
        let line_no = k + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|f| !f.is_empty())
            .collect();
        let numbers: Option<Vec<f64>> = fields.iter().map(|f| f.parse::<f64>().ok()).collect();
        let Some(numbers) = numbers else {
            // a header (column names) is allowed only before the first point
            if points.is_empty() && fields.iter().all(|f| f.parse::<f64>().is_err()) {
                continue;
            }
            return Err(format!(
                "{name}:{line_no}: expected two numbers (energy meV, g_exc per atom per meV), got {line:?}"
            ));
        };
        let [e, g] = numbers[..] else {
            return Err(format!(
                "{name}:{line_no}: expected two columns, got {}",
                numbers.len()
            ));
        };
        if !(e.is_finite() && e > 0.0) {
            return Err(format!(
                "{name}:{line_no}: the energy must be a positive number of meV, got {e}"
            ));
        }
        if !(g.is_finite() && g >= 0.0) {
            return Err(format!(
                "{name}:{line_no}: g_exc must be a non-negative number, got {g}"
            ));
        }
        if let Some(last) = points.last() {
            if e <= last[0] {
                return Err(format!(
                    "{name}:{line_no}: energies must increase ({e} after {})",
                    last[0]
                ));
            }
        }
        points.push([e, g]);
    }
    if points.is_empty() {
        return Err(format!("{name}: no data lines (energy meV, g_exc)"));
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_comments_commas_and_tabs() {
        let text = "# g_exc of NiZr2\nE_meV g_exc\n1.0 0.001\n\n2.0,0.004\n3.0\t0.009\n";
        let p = parse_gexc(text, "g.txt").expect("good file");
        assert_eq!(p, vec![[1.0, 0.001], [2.0, 0.004], [3.0, 0.009]]);
    }

    #[test]
    fn bad_lines_name_the_file_and_the_line() {
        let cases = [
            ("1 0.1\n2 x\n", "g.txt:2:"),
            ("1 0.1\n2 0.2 0.3\n", "g.txt:2:"),
            ("1 0.1\n\n# c\n-3 0.2\n", "g.txt:4:"),
            ("1 0.1\n2 -0.2\n", "g.txt:2:"),
            ("2 0.1\n1 0.2\n", "g.txt:2:"),
            ("1 NaN\n", "g.txt:1:"),
            ("1\n", "g.txt:1:"),
        ];
        for (text, want) in cases {
            let err = parse_gexc(text, "g.txt").expect_err(text);
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
        assert!(parse_gexc("# only\n", "g.txt")
            .expect_err("empty")
            .contains("g.txt"));
    }

    #[test]
    fn a_missing_file_is_named() {
        let err = read_gexc(Path::new("/no/such/gexc.txt")).expect_err("missing");
        assert!(err.contains("/no/such/gexc.txt"), "{err}");
    }
}
