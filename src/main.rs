//! softmode's entry point: parse the command line and dispatch. Without a subcommand it
//! opens the window (feature "gui") or prints the text summary (without it).

mod cli;

use clap::Parser;
use cli::{Cli, Command};

#[cfg(feature = "gui")]
fn default_command(args: &Cli) -> anyhow::Result<()> {
    let view = args
        .view
        .as_deref()
        .map(softmode::app::state::read_view)
        .transpose()?;
    softmode::app::run(softmode::app::Launch {
        view,
        file: args.file.clone(),
        frame: args.frame,
        screenshot: args.screenshot.clone(),
        size: args.size,
        bench_frames: args.bench_frames,
        tile: args.tile,
        snapshot: args.snapshot.clone(),
        snapshot_size: args.snapshot_size,
        transparent: args.transparent,
        movie: args.movie.clone(),
        movie_frames: args.movie_frames,
        animate: args.animate,
        potential: args.potential.clone(),
        ..Default::default()
    })
}

#[cfg(not(feature = "gui"))]
fn default_command(args: &Cli) -> anyhow::Result<()> {
    if args.screenshot.is_some()
        || args.view.is_some()
        || args.bench_frames.is_some()
        || args.snapshot.is_some()
        || args.movie.is_some()
    {
        anyhow::bail!(
            "--screenshot, --view, --bench-frames, --snapshot and --movie need the window: build with the \"gui\" feature"
        );
    }
    cli::analyze::run_default(args.file.as_deref(), args.frame, args.potential.as_deref())
}

fn main() -> std::process::ExitCode {
    let args = Cli::parse();
    let result = match &args.command {
        Some(Command::Analyze(a)) => cli::analyze::run(a),
        Some(Command::Table(a)) => cli::table::run(a),
        Some(Command::Scale(a)) => cli::scale::run(a),
        Some(Command::Creation(a)) => cli::creation::run(a),
        Some(Command::Figures(a)) => cli::figures::run(a),
        Some(Command::ExportXyz(a)) => cli::export_xyz::run(a),
        Some(Command::Moduli(a)) => cli::moduli::run(a),
        Some(Command::Quartic(a)) => cli::quartic::run(a),
        Some(Command::Modes(a)) => cli::modes::run(a),
        None => default_command(&args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let hint = match e.downcast_ref::<softmode::Error>() {
                Some(softmode::Error::Exists(_)) => " (use --force to replace it)",
                _ => "",
            };
            eprintln!("softmode: error: {e:#}{hint}");
            std::process::ExitCode::FAILURE
        }
    }
}
