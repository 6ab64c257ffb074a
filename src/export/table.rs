//! Table I of the paper for a set of modes, with the set's means computed as the paper
//! does, as markdown, CSV or LaTeX.

use std::fmt::Write as _;

use crate::analysis::couplings::{set_means, SetMeans};
use crate::analysis::Analysis;

/// Output format of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Markdown,
    Csv,
    Latex,
}

impl std::str::FromStr for TableFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "markdown" | "md" => Ok(Self::Markdown),
            "csv" => Ok(Self::Csv),
            "latex" | "tex" => Ok(Self::Latex),
            _ => Err(format!("unknown table format '{s}' (markdown, csv, latex)")),
        }
    }
}

/// One row of Table I.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub file: String,
    pub frame: usize,
    /// The paper's name: m or q and the frame ("m3", "q0").
    pub mode: String,
    pub omega2: f64,
    pub n_e: f64,
    pub r_in: Option<f64>,
    pub f_r: Option<f64>,
    pub principal: Option<[f64; 3]>,
    pub d4: f64,
    pub lambda_t: Option<f64>,
    pub lambda_l: Option<f64>,
    pub w: Option<f64>,
    /// Extra columns (e.g. E_s, Delta A), already formatted; headers in `Table::extra`.
    pub extra: Vec<Option<f64>>,
}

impl Row {
    pub fn of(a: &Analysis) -> Self {
        Self {
            file: a.mode.file_name(),
            frame: a.mode.frame,
            mode: a.mode.label(),
            omega2: a.omega2,
            n_e: a.n_e,
            r_in: a.r_in,
            f_r: a.f_r,
            principal: a.dipole.as_ref().map(|d| d.principal.values),
            d4: a.d4(),
            lambda_t: a.lambda_t,
            lambda_l: a.lambda_l,
            w: a.w,
            extra: Vec::new(),
        }
    }
}

/// Rows and the names of any extra columns.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub extra: Vec<String>,
}

impl Table {
    /// The set's means (rows without a dipole fit are left out).
    pub fn means(&self) -> Option<SetMeans> {
        let set: Vec<([f64; 3], f64)> = self
            .rows
            .iter()
            .filter_map(|r| r.principal.map(|p| (p, r.d4)))
            .collect();
        set_means(&set)
    }

    /// The column headers and the formatted cells of every row (what `render` writes
    /// and the window shows).
    pub fn cells(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header: Vec<String> = [
            "file", "frame", "mode", "omega2", "N_e", "r_in", "f_r", "P11", "P22", "P33", "D4",
            "lambda_t", "lambda_l", "W",
        ]
        .map(String::from)
        .to_vec();
        header.extend(self.extra.iter().cloned());
        let cell = |x: Option<f64>, digits: usize| {
            x.map_or_else(|| "-".to_owned(), |v| format!("{v:.digits$}"))
        };
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let p = |k: usize| cell(r.principal.map(|p| p[k]), 2);
                let mut v = vec![
                    r.file.clone(),
                    r.frame.to_string(),
                    r.mode.clone(),
                    cell(Some(r.omega2), 4),
                    cell(Some(r.n_e), 1),
                    cell(r.r_in, 2),
                    cell(r.f_r, 3),
                    p(0),
                    p(1),
                    p(2),
                    cell(Some(r.d4), 3),
                    cell(r.lambda_t, 2),
                    cell(r.lambda_l, 2),
                    cell(r.w, 3),
                ];
                v.extend(r.extra.iter().map(|x| cell(*x, 4)));
                v
            })
            .collect();
        (header, body)
    }

    /// The line of the set's means, as `render` appends it.
    pub fn means_text(&self) -> Option<String> {
        self.means().map(|m| format!(
            "set of {} modes: mean lambda_l = {:.2}, mean lambda_t = {:.2}, W_set = {:.3}, A0_set = {:.3} (D4^(1/3) averaged first)",
            m.n, m.lambda_l, m.lambda_t, m.w, m.a0
        ))
    }

    pub fn render(&self, format: TableFormat) -> String {
        let (header, body) = self.cells();
        let mut out = String::new();
        match format {
            TableFormat::Csv => {
                let _ = writeln!(out, "{}", header.join(","));
                for row in &body {
                    let _ = writeln!(
                        out,
                        "{}",
                        row.iter()
                            .map(|c| csv_field(c))
                            .collect::<Vec<_>>()
                            .join(",")
                    );
                }
            }
            TableFormat::Markdown => {
                let _ = writeln!(out, "| {} |", header.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                for row in &body {
                    let _ = writeln!(out, "| {} |", row.join(" | "));
                }
            }
            TableFormat::Latex => {
                let _ = writeln!(
                    out,
                    "\\begin{{tabular}}{{lll{}}}",
                    "r".repeat(header.len() - 3)
                );
                let _ = writeln!(out, "\\hline");
                let tex: Vec<String> = header.iter().map(|h| latex_header(h)).collect();
                let _ = writeln!(out, "{} \\\\", tex.join(" & "));
                let _ = writeln!(out, "\\hline");
                for row in &body {
                    let cells: Vec<String> = row.iter().map(|c| c.replace('_', "\\_")).collect();
                    let _ = writeln!(out, "{} \\\\", cells.join(" & "));
                }
                let _ = writeln!(out, "\\hline\n\\end{{tabular}}");
            }
        }
        if let Some(text) = self.means_text() {
            match format {
                TableFormat::Csv => {
                    let _ = writeln!(out, "# {text}");
                }
                TableFormat::Markdown => {
                    let _ = writeln!(out, "\n{text}");
                }
                TableFormat::Latex => {
                    let _ = writeln!(out, "% {text}");
                }
            }
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn latex_header(h: &str) -> String {
    match h {
        "omega2" => "$\\omega^2$".into(),
        "N_e" => "$N_e$".into(),
        "r_in" => "$r_{\\rm in}$".into(),
        "f_r" => "$f_r$".into(),
        "P11" => "$P_{11}$".into(),
        "P22" => "$P_{22}$".into(),
        "P33" => "$P_{33}$".into(),
        "D4" => "$D_4$".into(),
        "lambda_t" => "$\\lambda_t$".into(),
        "lambda_l" => "$\\lambda_l$".into(),
        "W" => "$W$".into(),
        "E_s" => "$E_s$".into(),
        "Delta_A" => "$\\Delta A$".into(),
        other => other.replace('_', "\\_"),
    }
}
