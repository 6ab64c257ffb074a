//! softmode's entry point: parse the command line and dispatch.

mod cli;

use clap::Parser;
use cli::{Cli, Command};

fn main() -> std::process::ExitCode {
    let args = Cli::parse();
    let result = match &args.command {
        Some(Command::Analyze(a)) => cli::analyze::run(a),
        Some(Command::Table(a)) => cli::table::run(a),
        Some(Command::Scale(a)) => cli::scale::run(a),
        Some(Command::Creation(a)) => cli::creation::run(a),
        Some(Command::Figures(a)) => cli::figures::run(a),
        Some(Command::ExportXyz(a)) => cli::export_xyz::run(a),
        None => cli::analyze::run_default(args.file.as_deref(), args.frame),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("softmode: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
