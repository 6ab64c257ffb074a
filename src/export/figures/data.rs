//! The data behind each figure as CSV: one header line naming the columns with their units
//! in brackets, then one row per point. Numbers are written with `{}` (the shortest text
//! that parses back to the same f64), so the CSV holds exactly the library's values; an
//! empty field is an undefined value (null in the JSON).

use std::fmt::Write as _;

use crate::analysis::Analysis;

use super::FigureKind;

fn num(x: f64) -> String {
    format!("{x}")
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(String::new, num)
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push('\n');
    for row in rows {
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

/// The CSV files of one figure: (file suffix, contents), the header's units those of the
/// glass (a0, E0, M in lj; Å, eV, amu in metal).
pub fn csv(a: &Analysis, kind: FigureKind) -> Vec<(&'static str, String)> {
    let files = match kind {
        FigureKind::Fig1 => vec![
            ("fig1", fig1(a)),
            ("fig1_coefficients", fig1_coefficients(a)),
        ],
        FigureKind::Fig2 => vec![("fig2", fig2(a))],
        FigureKind::Fig3 => vec![("fig3", fig3(a))],
        FigureKind::DipoleScan => vec![("dipole_scan", scan(a))],
    };
    let units = a.potential.units;
    files
        .into_iter()
        .map(|(name, text)| {
            let (header, rows) = text.split_once('\n').unwrap_or((&text, ""));
            (name, format!("{}\n{rows}", units.plain(header)))
        })
        .collect()
}

/// Fig. 1 points: A and E(A) - E(0) at r_c = fig1.r_c.
pub fn fig1(a: &Analysis) -> String {
    let f = &a.fig1;
    let rows = f.a.iter().zip(&f.e).map(|(&x, &e)| vec![num(x), num(e)]);
    table(&["A [M^1/2 a0]", "E(A)-E(0) [E0]"], rows)
}

/// Fig. 1 lines: the quartic fit's coefficients c_k and the Taylor coefficients (0, D1..D4).
pub fn fig1_coefficients(a: &Analysis) -> String {
    let f = &a.fig1;
    let rows = (0..5).map(|k| vec![k.to_string(), opt(f.fit.get(k).copied()), num(f.taylor[k])]);
    table(
        &[
            "k",
            "fit c_k [E0 M^-k/2 a0^-k]",
            "Taylor D_k [E0 M^-k/2 a0^-k]",
        ],
        rows,
    )
}

/// Fig. 2: the r_c grid with D2, D4 and the elastic lines.
pub fn fig2(a: &Analysis) -> String {
    let c = &a.curves;
    let col = |v: &Option<Vec<f64>>, j: usize| opt(v.as_ref().and_then(|v| v.get(j).copied()));
    let rows = (0..c.r_c.len()).map(|j| {
        vec![
            num(c.r_c[j]),
            num(c.d[j][1]),
            num(c.d[j][3]),
            col(&c.d2_elastic, j),
            col(&c.d2_elastic_plus_random, j),
            col(&c.s_random, j),
        ]
    });
    table(
        &[
            "r_c [a0]",
            "D2 [E0 M^-1 a0^-2]",
            "D4 [E0 M^-2 a0^-4]",
            "D2_elastic [E0 M^-1 a0^-2]",
            "D2_elastic_plus_random [E0 M^-1 a0^-2]",
            "S_random [1]",
        ],
        rows,
    )
}

/// Fig. 3: the shells.
pub fn fig3(a: &Analysis) -> String {
    let s = &a.shells;
    let rows = (0..s.r_mid.len()).map(|k| {
        vec![
            num(s.r_mid[k]),
            s.count[k].to_string(),
            opt(s.e2_r4[k]),
            opt(s.s2_r4[k]),
        ]
    });
    table(
        &["r_mid [a0]", "count [1]", "e2_r4 [a0^4]", "s2_r4 [a0^4]"],
        rows,
    )
}

/// The P(r_s) scan.
pub fn scan(a: &Analysis) -> String {
    let rows = a.dipole_scan.iter().map(|p| {
        let pv = |k: usize| opt(p.fit.as_ref().map(|f| f.principal.values[k]));
        vec![
            num(p.r_s),
            pv(0),
            pv(1),
            pv(2),
            opt(p.fit.as_ref().map(|f| f.residual_fraction)),
            p.fit.as_ref().map_or(0, |f| f.n_atoms).to_string(),
            p.beyond_half_box.to_string(),
        ]
    });
    table(
        &[
            "r_s [a0]",
            "P11 [E0 M^-1/2 a0^-1]",
            "P22 [E0 M^-1/2 a0^-1]",
            "P33 [E0 M^-1/2 a0^-1]",
            "residual_fraction [1]",
            "n_atoms [1]",
            "beyond_half_box",
        ],
        rows,
    )
}
