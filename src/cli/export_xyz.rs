//! `softmode export-xyz FILE [--frame K] --out PATH [--displace A] [--force]`: the mode
//! with its dipole field s and random part e_r as extended XYZ vector columns (for OVITO
//! and ASE), or the configuration displaced by A e along the mode.

use std::path::PathBuf;

use clap::Args;
use softmode::export::xyz::write_analysis;
use softmode::io::write::write_displaced;

use super::analyze::{analyse, load};
use super::args::{FrameArgs, SettingsArgs};

#[derive(Args, Debug)]
pub struct ExportXyzArgs {
    /// Mode file (any format `analyze` reads)
    pub file: PathBuf,
    /// Frame (mode) index, 0-based
    #[arg(long, default_value_t = 0)]
    pub frame: usize,
    /// Output extended XYZ file
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Write the configuration displaced by A e (A in M^1/2 a0) instead of the fields
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub displace: Option<f64>,
    /// Positions as the mode centre plus minimum-image offsets (the mode in the middle)
    #[arg(long)]
    pub centred: bool,
    /// Overwrite an existing output file
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

pub fn run(args: &ExportXyzArgs) -> anyhow::Result<()> {
    let frames = FrameArgs {
        frame: Some(args.frame),
        all: false,
    };
    let mut modes = load(&args.file, &frames, &args.settings)?;
    let potential = args.settings.potential()?;
    let species = potential.species();
    if let Some(a) = args.displace {
        let mode = modes.remove(0);
        let mode = if args.settings.flip {
            mode.flipped()
        } else {
            mode
        };
        write_displaced(&args.out, &mode, a, &species, args.force)?;
    } else {
        let analysis = analyse(modes, &args.settings)?.remove(0);
        write_analysis(&args.out, &analysis, &species, args.centred, args.force)?;
    }
    eprintln!("wrote {}", args.out.display());
    Ok(())
}
