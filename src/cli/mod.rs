//! The command line: the window (default) and the batch commands.

pub mod analyze;
pub mod args;
pub mod creation;
pub mod figures;
pub mod export_xyz;
pub mod output;
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
}
