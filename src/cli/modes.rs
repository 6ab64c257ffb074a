//! `softmode modes CONFIG [--potential NAME] [-k 10] [--minimise] --out modes.extxyz
//! [--json PATH] [--force]`: the k lowest normal modes of a configuration (ANALYSIS.md
//! section 13), written as the example data are.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;
use serde_json::json;
use softmode::analysis::progress::Progress;
use softmode::io::write::write_modes;
use softmode::io::{read_config, Config, ReadOptions};
use softmode::modes::{
    force_tolerance, largest_force, lowest_modes, minimise, Minimised, Modes, NOT_A_MINIMUM,
};
use softmode::potential::{Atoms, Potential};
use softmode::{Mode, TypeMap};

use super::output::write_text;

#[derive(Args, Debug)]
pub struct ModesArgs {
    /// Configuration: extended XYZ (first frame), LAMMPS data or dump, .npz, HDF5
    pub config: PathBuf,
    /// Potential
    #[arg(long, default_value = "3dipl")]
    pub potential: String,
    /// Number of modes (the lowest, translations excluded)
    #[arg(short, long, default_value_t = 10)]
    pub k: usize,
    /// Minimise the energy first (FIRE, then Newton steps) to a largest force per atom
    /// below 1e-10 (lj) or 1e-9 eV/A (metal)
    #[arg(long)]
    pub minimise: bool,
    /// Species labels of the file mapped to the potential's species, e.g. 1=S,2=L
    #[arg(long, default_value = "")]
    pub types: String,
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

/// The potential by name (one place to change when potentials come from files).
fn load_potential(name: &str) -> anyhow::Result<Potential> {
    softmode::potential::by_name(name).with_context(|| {
        format!(
            "unknown potential '{name}' (known: {})",
            softmode::potential::BUILT_IN.join(", ")
        )
    })
}

pub fn run(args: &ModesArgs) -> anyhow::Result<()> {
    let pot = load_potential(&args.potential)?;
    let opts = ReadOptions {
        types: TypeMap::parse(&args.types)?,
        ..ReadOptions::default()
    };
    let mut config = read_config(&args.config, &opts, &pot.species())?;
    let before = largest_force(&pot, &atoms_of(&args.config, &config))?;
    eprintln!(
        "largest force per atom: {:.3e} (atom {})",
        before.force, before.atom
    );
    let minimised = if args.minimise {
        let tol = force_tolerance(pot.units);
        let m = minimise(
            &pot,
            &atoms_of(&args.config, &config),
            tol,
            &Progress::default(),
        )?;
        eprintln!(
            "minimised: {} FIRE + {} Newton steps, largest force {:.3e}, energy {:?}",
            m.fire_steps, m.newton_steps, m.largest_force.force, m.energy
        );
        config.positions = m.positions.iter().map(|p| config.cell.wrap(p)).collect();
        Some(m)
    } else if before.force > NOT_A_MINIMUM {
        bail!(
            "{}: the largest force per atom is {:.3e} (atom {}), above {NOT_A_MINIMUM:e}: not a minimum, so the Hessian's eigenvectors are not normal modes; add --minimise",
            args.config.display(),
            before.force,
            before.atom
        );
    } else {
        None
    };
    let atoms = atoms_of(&args.config, &config);
    // The file's per-atom masses win over the potential's (ANALYSIS.md section 12).
    let masses: Vec<f64> = match &config.extras.masses {
        Some(m) => m.clone(),
        None => config.species.iter().map(|&s| pot.mass(s)).collect(),
    };
    let modes = lowest_modes(&pot, &atoms, &masses, args.k, &Progress::default())?;
    print_summary(&modes);
    let out_modes = as_modes(&args.config, &config, &masses, &modes)?;
    write_modes(&args.out, &out_modes, &pot.species(), args.force)?;
    eprintln!("wrote {}", args.out.display());
    if let Some(path) = &args.json {
        let value = report(args, &pot, before.force, minimised.as_ref(), &modes);
        write_text(
            path,
            &(serde_json::to_string_pretty(&value)? + "\n"),
            args.force,
        )?;
    }
    Ok(())
}

fn atoms_of<'a>(path: &'a Path, config: &'a Config) -> Atoms<'a> {
    Atoms {
        source: path,
        frame: 0,
        positions: &config.positions,
        species: &config.species,
        sizes: config.extras.sizes.as_deref(),
        cell: &config.cell,
        deformation: None,
    }
}

/// One `Mode` per eigenpair (frame = mode index), with the masses where not all 1.
fn as_modes(
    path: &Path,
    config: &Config,
    masses: &[f64],
    modes: &Modes,
) -> anyhow::Result<Vec<Mode>> {
    let unit_masses = masses.iter().all(|m| *m == 1.0);
    modes
        .pairs
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mode = Mode::new(
                path,
                k,
                config.positions.clone(),
                config.species.clone(),
                config.cell.clone(),
                p.e.clone(),
                Some(p.omega2),
            )?;
            Ok(if unit_masses {
                mode
            } else {
                mode.with_masses(masses.to_vec())?
            })
        })
        .collect()
}

fn print_summary(modes: &Modes) {
    eprintln!(
        "route: {} (factor {:.1} MB, {} solves); {:.2} s",
        modes.route,
        modes.factor_bytes as f64 / 1e6,
        modes.lanczos_steps,
        modes.timings.total_s
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

fn report(
    args: &ModesArgs,
    pot: &Potential,
    force_before: f64,
    minimised: Option<&Minimised>,
    modes: &Modes,
) -> serde_json::Value {
    let list: Vec<serde_json::Value> = modes
        .pairs
        .iter()
        .enumerate()
        .map(|(k, p)| json!({"mode_index": k, "omega2": p.omega2, "residual": p.residual, "N_e": p.n_e}))
        .collect();
    json!({
        "config": args.config.display().to_string(),
        "potential": pot.name(),
        "units": pot.units.as_str(),
        "largest_force": force_before,
        "minimised": minimised.map(|m| json!({
            "energy": m.energy,
            "largest_force": m.largest_force.force,
            "fire_steps": m.fire_steps,
            "newton_steps": m.newton_steps,
        })),
        "route": modes.route,
        "sigma": modes.sigma,
        "factor_bytes": modes.factor_bytes,
        "solves": modes.lanczos_steps,
        "timings": modes.timings,
        "modes": list,
    })
}
