//! `softmode quartic MODEFILE [--potential P] [-k N] --out FILE`: the quartic modes
//! (ANALYSIS.md section 15) reached from the normal modes of a mode file.

use std::path::PathBuf;

use clap::Args;
use softmode::analysis::progress::Progress;
use softmode::io::{read_modes, write::write_quartic_modes, ReadOptions};
use softmode::quartic::{quartic_modes, QuarticMode, QuarticSettings};
use softmode::TypeMap;

use super::moduli::potential_named;

#[derive(Args, Debug)]
pub struct QuarticArgs {
    /// Normal modes of one configuration (one frame per mode, lowest first), e.g. extended XYZ
    pub modes: PathBuf,
    /// Potential: a built-in name or a file of LAMMPS commands
    #[arg(long, default_value = "3dipl")]
    pub potential: String,
    /// Species labels of the file mapped to the potential's species, e.g. 1=S,2=L
    #[arg(long, default_value = "")]
    pub types: String,
    /// Start from the N lowest modes of the file [default: all]
    #[arg(short = 'k', long = "count", value_name = "N")]
    pub count: Option<usize>,
    /// Iteration limit per quartic mode
    #[arg(long, default_value_t = 2000)]
    pub max_iterations: usize,
    /// Where to write the quartic modes (extended XYZ)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Overwrite an existing output file
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &QuarticArgs) -> anyhow::Result<()> {
    let pot = potential_named(&args.potential)?;
    let opts = ReadOptions {
        types: TypeMap::parse(&args.types)?,
        ..ReadOptions::default()
    };
    let mut modes = read_modes(&args.modes, &opts, &pot.species())?;
    modes.truncate(args.count.unwrap_or(modes.len()));
    let base = modes
        .first()
        .ok_or_else(|| anyhow::anyhow!("{}: no modes", args.modes.display()))?;
    if let Some(m) = modes.iter().find(|m| m.positions != base.positions) {
        anyhow::bail!(
            "{}: frame {} has other positions than frame 0: the modes must be of one configuration",
            args.modes.display(),
            m.frame
        );
    }
    let settings = QuarticSettings {
        max_iterations: args.max_iterations,
        ..QuarticSettings::default()
    };
    let starts: Vec<_> = modes.iter().map(|m| m.e.clone()).collect();
    let masses = base.masses_for(&pot);
    let found = quartic_modes(
        &pot,
        &base.atoms(),
        &masses,
        &starts,
        &settings,
        &Progress::default(),
    )?;
    print_quartic(&found);
    write_quartic_modes(&args.out, base, &found, &pot.species(), args.force)?;
    Ok(())
}

/// One line per quartic mode on standard output, warnings on standard error.
pub fn print_quartic(found: &[QuarticMode]) {
    for (n, q) in found.iter().enumerate() {
        println!(
            "q{n} from mode {}: kappa {:.6} chi {:.6} kappa^2/chi {:.6e} (normal mode {:.6e}), {} iterations, residual {:.1e}",
            q.start, q.kappa, q.chi, q.ratio(), q.start_ratio, q.iterations, q.residual
        );
        if let Some(w) = &q.warning {
            eprintln!("softmode: warning: {w}");
        }
    }
}
