//! `softmode creation FILE [--frame K | --all] --json PATH`: E_s and Delta A (section 11).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use serde_json::Value;
use softmode::analysis::creation::{creation, CreationResult, CreationSettings};
use softmode::Mode;

use super::analyze::load;
use super::args::{FrameArgs, OutputArgs, SettingsArgs};
use super::figures::StyleArgs;
use super::output::write_json;

/// The settings of ANALYSIS.md section 11.
#[derive(Args, Debug, Clone)]
pub struct CreationArgs {
    /// Core radius r_core (a0)
    #[arg(long, default_value_t = 2.6)]
    pub r_core: f64,
    /// The outer displacement runs over [-A_out_max, A_out_max] (M^1/2 a0)
    #[arg(long, default_value_t = 3.0)]
    pub aout_max: f64,
    /// Step of the A_out grid
    #[arg(long, default_value_t = 0.05)]
    pub aout_step: f64,
    /// Relaxation stops below this largest force on a core atom
    #[arg(long, default_value_t = 1e-8)]
    pub force_tol: f64,
}

impl CreationArgs {
    pub fn settings(&self, r_centre: f64) -> CreationSettings {
        CreationSettings {
            r_core: self.r_core,
            a_out_max: self.aout_max,
            step: self.aout_step,
            force_tol: self.force_tol,
            r_centre,
        }
    }
}

#[derive(Args, Debug)]
pub struct CreationCommand {
    /// Mode file (extended XYZ, plain or .gz)
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
    let s = args.settings(settings.r_centre);
    modes
        .iter()
        .map(|m| {
            creation(m, potential.as_ref(), &s, None, None)
                .with_context(|| format!("{} frame {}", m.source.display(), m.frame))
        })
        .collect()
}

pub fn run(args: &CreationCommand) -> anyhow::Result<()> {
    let modes = load(&args.file, &args.frames, &args.settings)?;
    let results = compute(&modes, &args.creation, &args.settings)?;
    let with_names = |m: &Mode, r: &CreationResult| -> anyhow::Result<Value> {
        let mut v = serde_json::to_value(r)?;
        v["file"] = Value::from(m.file_name());
        v["frame"] = Value::from(m.frame);
        v["settings"] = serde_json::to_value(args.creation.settings(args.settings.r_centre))?;
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
