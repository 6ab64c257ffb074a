//! The command line: the window (default) and the batch commands.

pub mod analyze;
pub mod args;
pub mod creation;
pub mod export_xyz;
pub mod figures;
pub mod modes;
pub mod moduli;
pub mod output;
pub mod quartic;
pub mod scale;
pub mod table;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// softmode: strain-field analysis of soft modes in glasses (U. Buchenau 2020).
#[derive(Parser, Debug)]
#[command(
    name = "softmode",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Mode file to open (extended XYZ, plain or .gz); the built-in example if absent
    pub file: Option<PathBuf>,
    /// Frame (mode) of FILE to open
    #[arg(long)]
    pub frame: Option<usize>,
    /// Open the window, save a PNG of it once the analysis and the 3D view are complete, exit
    #[arg(long, value_name = "PATH")]
    pub screenshot: Option<PathBuf>,
    /// Window size for --screenshot and --bench-frames, e.g. 1280x800
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,
    /// Open the window, orbit the camera for N frames, print the frame times, exit
    #[arg(long, value_name = "N")]
    pub bench_frames: Option<usize>,
    /// Repeat the glass N x N x N times (benchmarks of large systems)
    #[arg(long, value_name = "N", default_value_t = 1, hide = true)]
    pub tile: usize,
    /// Open the window, render the 3D view off-screen to this PNG (never replacing a
    /// file) once it is complete, exit
    #[arg(long, value_name = "PATH")]
    pub snapshot: Option<PathBuf>,
    /// Pixel size of --snapshot and --movie pictures, e.g. 3000x3000 (the default)
    #[arg(long, value_name = "WxH", value_parser = parse_pixels)]
    pub snapshot_size: Option<[u32; 2]>,
    /// Transparent background for --snapshot and --movie
    #[arg(long)]
    pub transparent: bool,
    /// Open the window, save one period of the mode animation as DIR/frame_0000.png ...
    /// (refused when DIR holds frame files), exit
    #[arg(long, value_name = "DIR")]
    pub movie: Option<PathBuf>,
    /// Frames of --movie
    #[arg(long, value_name = "N", default_value_t = 24)]
    pub movie_frames: usize,
    /// Start with the mode animation playing (also under --bench-frames)
    #[arg(long)]
    pub animate: bool,
    /// The 3D view's settings as a JSON file, any of their names, e.g.
    /// {"color_by": "Species", "slab": "P11", "slab_width": 3.0, "arrows": "Dipole"};
    /// replaces the saved view (reproducible --snapshot and --screenshot pictures)
    #[arg(long, value_name = "JSON")]
    pub view: Option<PathBuf>,
    /// Potential of FILE: a built-in name (3dipl, ka-lj, ...) or a file of LAMMPS
    /// commands [default: the one remembered for FILE, else 3dipl]
    #[arg(long, value_name = "NAME|FILE")]
    pub potential: Option<String>,
}

/// Parses "WxH" into [W, H] pixels of an off-screen picture (1..=16384 each).
pub fn parse_pixels(s: &str) -> Result<[u32; 2], String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("size {s:?} is not WxH"))?;
    let num = |t: &str| {
        t.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (1..=16384).contains(v))
    };
    match (num(w), num(h)) {
        (Some(w), Some(h)) => Ok([w, h]),
        _ => Err(format!(
            "size {s:?}: width and height must be 1..16384 pixels"
        )),
    }
}

/// Parses "WxH" into [W, H].
pub fn parse_size(s: &str) -> Result<[f32; 2], String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("size {s:?} is not WxH"))?;
    let num = |t: &str| {
        t.trim()
            .parse::<f32>()
            .ok()
            .filter(|v| *v >= 100.0 && *v <= 10000.0)
    };
    match (num(w), num(h)) {
        (Some(w), Some(h)) => Ok([w, h]),
        _ => Err(format!(
            "size {s:?}: width and height must be 100..10000 pixels"
        )),
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Analyse modes and write every number of ANALYSIS.md as JSON
    Analyze(analyze::AnalyzeArgs),
    /// Print Table I (one row per mode) with the set's means
    Table(table::TableArgs),
    /// Scale the reduced parameters to a real glass (paper section III)
    Scale(scale::ScaleArgs),
    /// Creation energy E_s and core displacement Delta A (ANALYSIS.md section 11)
    Creation(creation::CreationCommand),
    /// Write Fig. 1-3 and the P(r_s) scan as SVG/PDF/PNG, their data as CSV, and the JSON
    Figures(figures::FiguresArgs),
    /// Write a mode with its dipole field and random part (or displaced by A) as extended XYZ
    ExportXyz(export_xyz::ExportXyzArgs),
    /// Elastic constants C (6x6), B and G of a configuration (ANALYSIS.md section 14)
    Moduli(moduli::ModuliArgs),
    /// Quartic modes from the normal modes of a mode file (ANALYSIS.md section 15)
    Quartic(quartic::QuarticArgs),
    /// The lowest normal modes of a configuration (ANALYSIS.md section 13), as extended XYZ
    Modes(modes::ModesArgs),
}
