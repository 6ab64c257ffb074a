//! `softmode modes CONFIG [--potential NAME] [-k 10] [--minimise] --out modes.extxyz
//! [--quartic] [--json PATH] [--force]`: the k lowest normal modes of a configuration
//! (ANALYSIS.md section 13), or the quartic modes started from them (section 15), written
//! as the example data are.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;
use softmode::analysis::progress::Progress;
use softmode::io::write::{write_modes, write_quartic_modes};
use softmode::io::{read_config, ReadOptions};
use softmode::modes::{of_configuration, quartic_of, ComputedModes, Modes, Request};
use softmode::potential::Potential;
use softmode::quartic::QuarticSettings;
use softmode::{Mode, TypeMap};

use super::output::write_text;

#[derive(Args, Debug)]
pub struct ModesArgs {
    /// Configuration: extended XYZ (first frame), LAMMPS data or dump, .npz, HDF5
    pub config: PathBuf,
    /// Potential: a built-in name or a file of LAMMPS commands
    #[arg(long, default_value = "3dipl")]
    pub potential: String,
    /// Number of modes (the lowest, translations excluded)
    #[arg(short, long, default_value_t = 10)]
    pub k: usize,
    /// How: shift-invert on a sparse factor, or Chebyshev-filtered products with D when
    /// the factor would not fit in half the free memory (auto); or either one forced
    #[arg(long, default_value = "auto", value_parser = ["auto", "shift-invert", "filtered"])]
    pub route: String,
    /// Minimise the energy first (FIRE, then Newton steps) to a largest force per atom
    /// below 1e-10 (lj) or 1e-9 eV/A (metal)
    #[arg(long)]
    pub minimise: bool,
    /// Species labels of the file mapped to the potential's species, e.g. 1=S,2=L
    #[arg(long, default_value = "")]
    pub types: String,
    /// Write the quartic modes (ANALYSIS.md section 15) started from the k normal modes
    /// instead of the normal modes
    #[arg(long)]
    pub quartic: bool,
    /// The modes as extended XYZ, one frame per mode
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// omega2, residuals, N_e, timings and the route as JSON ("-" for standard output)
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Overwrite existing output files
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ModesArgs) -> anyhow::Result<()> {
    let pot = softmode::potential::load(&args.potential)?;
    let opts = ReadOptions {
        types: TypeMap::parse(&args.types)?,
        ..ReadOptions::default()
    };
    let config = read_config(&args.config, &opts, &pot.species())?;
    let request = Request {
        k: args.k,
        minimise: args.minimise,
        route: args.route.parse()?,
    };
    let computed = of_configuration(&pot, &args.config, config, request, &Progress::default())?;
    eprintln!(
        "largest force per atom: {:.3e} (atom {})",
        computed.force_before.force, computed.force_before.atom
    );
    if let Some(m) = &computed.minimised {
        eprintln!(
            "minimised: {} FIRE + {} Newton steps, largest force {:.3e}, energy {:?}",
            m.fire_steps, m.newton_steps, m.largest_force.force, m.energy
        );
    }
    print_summary(&computed.solution);
    if args.quartic {
        write_quartic(args, &pot, &computed.modes)?;
    } else {
        write_modes(&args.out, &computed.modes, &pot.species(), args.force)?;
    }
    eprintln!("wrote {}", args.out.display());
    if let Some(path) = &args.json {
        let value = report(args, &pot, &computed);
        write_text(
            path,
            &(serde_json::to_string_pretty(&value)? + "\n"),
            args.force,
        )?;
    }
    Ok(())
}

/// The quartic modes from the normal modes `modes` (all of one configuration).
fn write_quartic(args: &ModesArgs, pot: &Potential, modes: &[Mode]) -> anyhow::Result<()> {
    let base = modes
        .first()
        .ok_or_else(|| anyhow::anyhow!("no normal modes"))?;
    let (_, found) = quartic_of(
        pot,
        modes,
        &QuarticSettings::default(),
        &Progress::default(),
    )?;
    super::quartic::print_quartic(&found);
    write_quartic_modes(&args.out, base, &found, &pot.species(), args.force)?;
    Ok(())
}

fn print_summary(modes: &Modes) {
    let cost = if modes.factor_bytes > 0 {
        format!(
            "factor {:.1} MB, {} solves",
            modes.factor_bytes as f64 / 1e6,
            modes.lanczos_steps
        )
    } else {
        format!("{} products with D", modes.products)
    };
    eprintln!(
        "route: {} ({cost}); {:.2} s",
        modes.route, modes.timings.total_s
    );
    println!(
        "{:>5} {:>22} {:>10} {:>9}",
        "mode", "omega2", "residual", "N_e"
    );
    for (k, p) in modes.pairs.iter().enumerate() {
        println!(
            "{k:>5} {:>22.15e} {:>10.2e} {:>9.2}",
            p.omega2, p.residual, p.n_e
        );
    }
}

fn report(args: &ModesArgs, pot: &Potential, computed: &ComputedModes) -> serde_json::Value {
    let list: Vec<serde_json::Value> = computed
        .solution
        .pairs
        .iter()
        .enumerate()
        .map(|(k, p)| json!({"mode_index": k, "omega2": p.omega2, "residual": p.residual, "N_e": p.n_e}))
        .collect();
    let mut v = softmode::report::modes(computed);
    v["config"] = json!(args.config.display().to_string());
    v["potential"] = json!(pot.name());
    v["units"] = json!(pot.units.as_str());
    v["modes"] = json!(list);
    v
}
