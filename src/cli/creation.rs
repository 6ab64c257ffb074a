//! `softmode creation FILE [--frame K | --all] --json PATH`: E_s and Delta A (section 11).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use serde_json::Value;
use softmode::analysis::creation::{creation, CreationResult, CreationSettings};
use softmode::potential::Potential;
use softmode::Mode;

use super::analyze::load;
use super::args::{FrameArgs, OutputArgs, SettingsArgs};
use super::figures::StyleArgs;
use super::output::write_json;

/// The settings of ANALYSIS.md section 11 (defaults in the glass's a0 and sqrt(m_mean) a0;
/// given values in file units).
#[derive(Args, Debug, Clone)]
pub struct CreationArgs {
    /// Core radius r_core [default: 2.6 a0]
    #[arg(long)]
    pub r_core: Option<f64>,
    /// The outer displacement runs over [-A_out_max, A_out_max] [default: 3 sqrt(m_mean) a0]
    #[arg(long)]
    pub aout_max: Option<f64>,
    /// Step of the A_out grid [default: 0.05 sqrt(m_mean) a0]
    #[arg(long)]
    pub aout_step: Option<f64>,
    /// Relaxation stops below this largest force on a core atom
    #[arg(long, default_value_t = 1e-8)]
    pub force_tol: f64,
}

impl CreationArgs {
    /// The settings for `mode`: the glass's defaults with every flag given.
    pub fn settings(
        &self,
        analysis: &SettingsArgs,
        mode: &Mode,
        potential: &Potential,
    ) -> CreationSettings {
        let d = CreationSettings::for_glass(mode, potential);
        CreationSettings {
            r_core: self.r_core.unwrap_or(d.r_core),
            a_out_max: self.aout_max.unwrap_or(d.a_out_max),
            step: self.aout_step.unwrap_or(d.step),
            force_tol: self.force_tol,
            r_centre: analysis.r_centre.unwrap_or(d.r_centre),
        }
    }
}

#[derive(Args, Debug)]
pub struct CreationCommand {
    /// Mode file: extended XYZ, LAMMPS dump, .npz, or with --config plain-text or .npy eigenvectors
    pub file: PathBuf,
    #[command(flatten)]
    pub frames: FrameArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub creation: CreationArgs,
    /// Also draw the double-well figure and its CSV into DIR
    #[arg(long, value_name = "DIR")]
    pub figures: Option<PathBuf>,
    #[command(flatten)]
    pub look: StyleArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// E_s and Delta A of every mode, in order.
pub fn compute(
    modes: &[Mode],
    args: &CreationArgs,
    settings: &SettingsArgs,
) -> anyhow::Result<Vec<CreationResult>> {
    let potential = settings.potential()?;
    modes
        .iter()
        .map(|m| {
            let s = args.settings(settings, m, &potential);
            creation(m, potential.as_ref(), &s, &Default::default())
                .with_context(|| format!("{} frame {}", m.source.display(), m.frame))
        })
        .collect()
}

pub fn run(args: &CreationCommand) -> anyhow::Result<()> {
    let modes = load(&args.file, &args.frames, &args.settings)?;
    let results = compute(&modes, &args.creation, &args.settings)?;
    let potential = args.settings.potential()?;
    let with_names = |m: &Mode, r: &CreationResult| -> anyhow::Result<Value> {
        let mut v = serde_json::to_value(r)?;
        v["file"] = Value::from(m.file_name());
        v["frame"] = Value::from(m.frame);
        v["settings"] =
            serde_json::to_value(args.creation.settings(&args.settings, m, &potential))?;
        v["program"] = softmode::report::program();
        Ok(v)
    };
    if let Some(dir) = &args.figures {
        write_figures(dir, &modes, &results, args)?;
    }
    let values = modes
        .iter()
        .zip(&results)
        .map(|(m, r)| with_names(m, r))
        .collect::<anyhow::Result<Vec<_>>>()?;
    match &args.output.json {
        Some(path) => write_json(path, values, args.frames.all, args.output.force),
        None => {
            for (m, r) in modes.iter().zip(&results) {
                let show = |x: Option<f64>| {
                    x.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.4}"))
                };
                println!(
                    "{} frame {}: n_core = {}, E_s = {} E0, Delta A = {}, linear term {}",
                    m.file_name(),
                    m.frame,
                    r.n_core,
                    show(r.e_s),
                    show(r.delta_a),
                    show(r.linear_term)
                );
            }
            Ok(())
        }
    }
}

/// `<stem>_m<frame>_creation.<ext>` for every format, and the CSV.
fn write_figures(
    dir: &std::path::Path,
    modes: &[Mode],
    results: &[CreationResult],
    args: &CreationCommand,
) -> anyhow::Result<()> {
    use softmode::export::figures::{double_well, file_stem, render_creation, write_file};
    let style = args.look.figure_style()?;
    let formats = args.look.formats()?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (m, r) in modes.iter().zip(results) {
        let base = dir.join(format!("{}_creation", file_stem(m)));
        let title = format!("{} frame {}", m.file_name(), m.frame);
        for f in &formats {
            let path = base.with_extension(f.extension());
            write_file(
                &path,
                &render_creation(r, &title, *f, &style)?,
                args.output.force,
            )?;
            eprintln!("{}", path.display());
        }
        write_file(
            &base.with_extension("csv"),
            double_well::csv(r).as_bytes(),
            args.output.force,
        )?;
    }
    Ok(())
}
