//! Publication figures and their data, drawn from `Analysis` only (nothing is recomputed):
//! Fig. 1, Fig. 2 (D2 and D4 panels), Fig. 3 and the P(r_s) scan as SVG (our own writer:
//! text stays text, sub- and superscripts as `<tspan>`s), vector PDF (svg2pdf) and PNG at
//! a chosen DPI (resvg), all with the embedded DejaVu Sans; CSV per plot and the full
//! result as JSON (`report::to_json`).
//!
//! The window's Export menu and the `figures` command call `render`, `write_figure` and
//! `export_all`. No function here overwrites an existing file unless told to.

pub mod axes;
pub mod convert;
pub mod data;
pub mod double_well;
pub mod energy;
pub mod legend;
pub mod marks;
pub mod restoring;
pub mod scan;
pub mod shells;
pub mod style;
pub mod svg;
pub mod text;

use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::error::{Error, Result};

pub use style::{FigureStyle, Width};

/// The figures of one mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FigureKind {
    /// Core energy E(A) - E(0) with the quartic fit and the Taylor quartic.
    Fig1,
    /// D2(r_c) with the elastic lines and r_in; D4(r_c) with its band.
    Fig2,
    /// <e^2>_shell r^4 and the dipole field's, with the fit window.
    Fig3,
    /// Principal values of P against r_s.
    DipoleScan,
}

impl FigureKind {
    pub const ALL: [FigureKind; 4] = [Self::Fig1, Self::Fig2, Self::Fig3, Self::DipoleScan];

    /// The suffix of file names: fig1, fig2, fig3, dipole_scan.
    pub fn name(self) -> &'static str {
        match self {
            Self::Fig1 => "fig1",
            Self::Fig2 => "fig2",
            Self::Fig3 => "fig3",
            Self::DipoleScan => "dipole_scan",
        }
    }
}

/// Output formats of a figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Format {
    Svg,
    Pdf,
    /// PNG at this many dots per inch.
    Png {
        dpi: f64,
    },
}

use serde::{Deserialize, Serialize};

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Png { .. } => "png",
        }
    }

    /// "svg", "pdf" or "png" (PNG at `dpi`).
    pub fn parse(name: &str, dpi: f64) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "svg" => Ok(Format::Svg),
            "pdf" => Ok(Format::Pdf),
            "png" => Ok(Format::Png { dpi }),
            other => Err(Error::Setting(format!(
                "unknown figure format '{other}' (svg, pdf, png)"
            ))),
        }
    }
}

/// The figure as an SVG document (sizes in points at print size).
pub fn render_svg(a: &Analysis, kind: FigureKind, style: &FigureStyle) -> String {
    match kind {
        FigureKind::Fig1 => energy::draw(a, style),
        FigureKind::Fig2 => restoring::draw(a, style),
        FigureKind::Fig3 => shells::draw(a, style),
        FigureKind::DipoleScan => scan::draw(a, style),
    }
}

/// The figure's file contents in `format`.
pub fn render(
    a: &Analysis,
    kind: FigureKind,
    format: Format,
    style: &FigureStyle,
) -> Result<Vec<u8>> {
    style.validate().map_err(Error::Setting)?;
    encode(render_svg(a, kind, style), format)
}

/// An SVG document as the bytes of `format`.
fn encode(svg: String, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Svg => Ok(svg.into_bytes()),
        Format::Pdf => convert::to_pdf(&svg),
        Format::Png { dpi } => convert::to_png(&svg, dpi),
    }
}

/// The creation-energy figure (double well and core displacement) in `format`.
pub fn render_creation(
    c: &crate::analysis::creation::CreationResult,
    name: &str,
    format: Format,
    style: &FigureStyle,
) -> Result<Vec<u8>> {
    style.validate().map_err(Error::Setting)?;
    encode(double_well::draw(c, name, style), format)
}

/// `<stem>_m<frame>`: the file name stem of a mode's exports.
pub fn file_stem(mode: &crate::model::Mode) -> String {
    let name = mode.file_name();
    let stem = name.strip_suffix(".gz").unwrap_or(&name);
    let stem = Path::new(stem)
        .file_stem()
        .map_or_else(|| "mode".to_owned(), |s| s.to_string_lossy().into_owned());
    format!("{stem}_m{}", mode.frame)
}

/// Writes `bytes` to `path`; an existing file is an error unless `overwrite`.
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let mut out = crate::io::write::create(path, overwrite)?;
    let r = std::io::Write::write_all(&mut out, bytes);
    crate::io::write::finish(path, out, r)
}

/// Renders one figure and writes it to `path`.
pub fn write_figure(
    a: &Analysis,
    kind: FigureKind,
    format: Format,
    style: &FigureStyle,
    path: &Path,
    overwrite: bool,
) -> Result<()> {
    if !overwrite && path.exists() {
        return Err(Error::Exists(path.to_owned()));
    }
    let bytes = render(a, kind, format, style)?;
    write_file(path, &bytes, overwrite)
}

/// The paths `export_all` writes, in order: each figure in each format, the CSVs, the JSON.
pub fn export_paths(a: &Analysis, dir: &Path, formats: &[Format]) -> Vec<PathBuf> {
    let stem = file_stem(&a.mode);
    let mut paths = Vec::new();
    for kind in FigureKind::ALL {
        for f in formats {
            paths.push(dir.join(format!("{stem}_{}.{}", kind.name(), f.extension())));
        }
    }
    for kind in FigureKind::ALL {
        for (suffix, _) in data::csv(a, kind) {
            paths.push(dir.join(format!("{stem}_{suffix}.csv")));
        }
    }
    paths.push(dir.join(format!("{stem}.json")));
    paths
}

/// Every figure in every format, the CSV of each plot and the JSON result, into `dir`
/// (created if missing). Refuses before writing anything if a file exists and not
/// `overwrite`. Returns the paths written.
pub fn export_all(
    a: &Analysis,
    dir: &Path,
    formats: &[Format],
    style: &FigureStyle,
    overwrite: bool,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    let paths = export_paths(a, dir, formats);
    if !overwrite {
        if let Some(p) = paths.iter().find(|p| p.exists()) {
            return Err(Error::Exists(p.clone()));
        }
    }
    let mut files: Vec<Vec<u8>> = Vec::with_capacity(paths.len());
    for kind in FigureKind::ALL {
        for &f in formats {
            files.push(render(a, kind, f, style)?);
        }
    }
    for kind in FigureKind::ALL {
        files.extend(
            data::csv(a, kind)
                .into_iter()
                .map(|(_, text)| text.into_bytes()),
        );
    }
    let json = serde_json::to_string_pretty(&crate::report::to_json(a))
        .map_err(|e| Error::Convert(format!("JSON: {e}")))?;
    files.push((json + "\n").into_bytes());
    for (path, bytes) in paths.iter().zip(&files) {
        write_file(path, bytes, overwrite)?;
    }
    Ok(paths)
}
