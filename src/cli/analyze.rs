//! `softmode analyze FILE [--frame K | --all] --json PATH`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;
use softmode::analysis::{Analysis, Analyzer};
use softmode::export::summary::summary;
use softmode::io::{read_mode, read_modes};
use softmode::report::to_json;
use softmode::Mode;

use super::args::{FrameArgs, OutputArgs, SettingsArgs};
use super::output::write_json;

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Mode file: extended XYZ, LAMMPS dump, .npz, or with --config plain-text or .npy eigenvectors
    pub file: PathBuf,
    #[command(flatten)]
    pub frames: FrameArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// The modes of `file` selected by `frames`, whatever its format.
pub fn load(file: &Path, frames: &FrameArgs, settings: &SettingsArgs) -> anyhow::Result<Vec<Mode>> {
    let potential = settings.potential()?;
    let opts = settings.read_options()?;
    let species = potential.species();
    Ok(if frames.all {
        read_modes(file, &opts, &species)?
    } else {
        vec![read_mode(file, frames.frame.unwrap_or(0), &opts, &species)?]
    })
}

/// Analyses every mode (in parallel), in frame order.
pub fn analyse(modes: Vec<Mode>, settings: &SettingsArgs) -> anyhow::Result<Vec<Analysis>> {
    let potential = settings.potential()?;
    modes
        .into_par_iter()
        .map(|m| {
            let name = format!("{} frame {}", m.source.display(), m.frame);
            let s = settings.settings_for(&m, &potential);
            Analyzer::new(m, potential.clone())
                .run(&s)
                .with_context(|| name)
        })
        .collect()
}

pub fn run(args: &AnalyzeArgs) -> anyhow::Result<()> {
    let modes = load(&args.file, &args.frames, &args.settings)?;
    let results = analyse(modes, &args.settings)?;
    match &args.output.json {
        Some(path) => write_json(
            path,
            results.iter().map(to_json).collect(),
            args.frames.all,
            args.output.force,
        ),
        None => {
            for a in &results {
                println!("{}", summary(a));
            }
            Ok(())
        }
    }
}

/// `softmode [FILE] [--frame K]` without a window: the summary of one mode (the
/// built-in example when no file is given).
#[cfg_attr(feature = "gui", allow(dead_code))] // the window replaces it
pub fn run_default(
    file: Option<&Path>,
    frame: Option<usize>,
    potential: Option<&str>,
) -> anyhow::Result<()> {
    let mut settings = SettingsArgs::default_flags();
    if let Some(p) = potential {
        settings.potential = p.to_owned();
    }
    let mode = match file {
        Some(f) => load(f, &FrameArgs { frame, all: false }, &settings)?.remove(0),
        None => softmode::example::example_mode()?,
    };
    let results = analyse(vec![mode], &settings)?;
    println!("{}", summary(&results[0]));
    Ok(())
}
