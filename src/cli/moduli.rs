//! `softmode moduli CONFIG [--frame K] [--potential P] [--json PATH]`: the glass's elastic
//! constants C (6x6), B and G (ANALYSIS.md section 14), in the file's units.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use nalgebra::Matrix6;
use serde_json::{json, Value};
use softmode::elastic_moduli::{elastic_moduli, finite_strain_moduli, ElasticModuli};
use softmode::io::{read_configuration, Config, ReadOptions};
use softmode::potential::{self, Potential};
use softmode::report::rows;
use softmode::TypeMap;

use super::args::OutputArgs;
use super::output::write_text;

#[derive(Args, Debug)]
pub struct ModuliArgs {
    /// Configuration: extended XYZ, LAMMPS data or dump, .npz, HDF5 (a mode file's positions)
    pub config: PathBuf,
    /// Frame of CONFIG, 0-based (a later frame needs a mode file)
    #[arg(long, default_value_t = 0)]
    pub frame: usize,
    /// Potential: a built-in name or a file of LAMMPS commands
    #[arg(long, default_value = "3dipl")]
    pub potential: String,
    /// Species labels of the file mapped to the potential's species, e.g. 1=S,2=L
    #[arg(long, default_value = "")]
    pub types: String,
    /// Also measure C by strains of +-1e-5 with the atoms relaxed, and report the deviation
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The potential of the command line: a built-in name or a file of LAMMPS commands.
pub fn potential_named(spec: &str) -> anyhow::Result<Potential> {
    Ok(potential::load(spec)?)
}

/// The configuration of `args` as the potential sees it.
fn load(args: &ModuliArgs, pot: &Potential) -> anyhow::Result<Config> {
    let opts = ReadOptions {
        types: TypeMap::parse(&args.types)?,
        ..ReadOptions::default()
    };
    Ok(read_configuration(
        &args.config,
        args.frame,
        &opts,
        &pot.species(),
    )?)
}

pub fn run(args: &ModuliArgs) -> anyhow::Result<()> {
    let pot = potential_named(&args.potential)?;
    let config = load(args, &pot)?;
    let atoms = config.atoms(&args.config, args.frame);
    let m = elastic_moduli(&pot, &atoms)
        .with_context(|| format!("elastic moduli of {}", args.config.display()))?;
    let check = match args.check {
        true => Some(finite_strain_moduli(
            &pot,
            &atoms,
            1e-5,
            relaxed_force(&pot),
        )?),
        false => None,
    };
    for w in &m.warnings {
        eprintln!("softmode: warning: {w}");
    }
    match &args.output.json {
        Some(path) => {
            let value = to_json(
                &args.config,
                args.frame,
                &pot,
                atoms.len(),
                &m,
                check.as_ref(),
            );
            write_text(
                path,
                &(serde_json::to_string_pretty(&value)? + "\n"),
                args.output.force,
            )
        }
        None => {
            print!("{}", text(&pot, &m, check.as_ref()));
            Ok(())
        }
    }
}

/// Section 13's force tolerance of a minimum.
fn relaxed_force(pot: &Potential) -> f64 {
    match pot.units {
        potential::Units::Lj => 1e-10,
        potential::Units::Metal => 1e-9,
    }
}

/// The largest |C - check| over the largest |check|.
fn deviation(c: &Matrix6<f64>, check: &Matrix6<f64>) -> f64 {
    (c - check).abs().max() / check.abs().max()
}

fn to_json(
    file: &Path,
    frame: usize,
    pot: &Potential,
    n_atoms: usize,
    m: &ElasticModuli,
    check: Option<&Matrix6<f64>>,
) -> Value {
    let mut v = softmode::report::moduli(pot, m);
    v["file"] = json!(file.display().to_string());
    v["frame"] = json!(frame);
    v["n_atoms"] = json!(n_atoms);
    v["potential_moduli"] = json!(pot.moduli().map(|k| json!({"B": k.bulk, "G": k.shear})));
    v["finite_strain"] = json!(check.map(|c| json!({
        "strain": 1e-5,
        "C": rows(c),
        "max_deviation": deviation(&m.c, c),
    })));
    v
}

fn text(pot: &Potential, m: &ElasticModuli, check: Option<&Matrix6<f64>>) -> String {
    let unit = match pot.units {
        potential::Units::Lj => "E0/a0^3",
        potential::Units::Metal => "eV/A^3",
    };
    let mut out = format!("C ({unit}; Voigt xx yy zz yz xz xy, engineering shear strain):\n");
    for i in 0..6 {
        let row: Vec<String> = (0..6).map(|j| format!("{:11.4}", m.c[(i, j)])).collect();
        out += &format!("  {}\n", row.join(" "));
    }
    out += &format!(
        "B = {:.4}  G = {:.4}  pressure = {:.4} {unit}\n",
        m.bulk, m.shear, m.pressure
    );
    out += &match pot.moduli() {
        Some(k) => format!(
            "the potential's moduli: B = {} G = {} (the dipole fit uses these unless --bulk/--shear are given)\n",
            k.bulk, k.shear
        ),
        None => "the potential has no known moduli: the dipole fit needs these or --bulk/--shear\n"
            .to_owned(),
    };
    if let Some(c) = check {
        out += &format!(
            "finite strain +-1e-5: largest |C - C_strain| / largest |C_strain| = {:.2e}\n",
            deviation(&m.c, c)
        );
    }
    out
}
