//! `softmode scale`: the section III numbers for a real glass, beside the paper's.

use clap::Args;
use std::path::PathBuf;

use softmode::analysis::scaling::{damping_rows, debye, scale, GExc, LengthInput, ScaleInput};
use softmode::export::scaling::{render, render_damping, render_debye};
use softmode::io::gexc::read_gexc;

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("length").required(true).args(["volume_nm3", "a0_nm"])))]
pub struct ScaleArgs {
    /// Mean atomic mass (u)
    #[arg(long)]
    pub mass_u: f64,
    /// Atomic volume V_a (nm^3); a0 = (V_a / 1.22)^(1/3)
    #[arg(long)]
    pub volume_nm3: Option<f64>,
    /// Length unit a0 (nm), entered directly
    #[arg(long)]
    pub a0_nm: Option<f64>,
    /// Shear modulus (GPa)
    #[arg(long)]
    pub shear_gpa: f64,
    /// Reduced lambda_t [default: the mean of the paper's Table I, unrounded]
    #[arg(long, default_value_t = ScaleInput::pd_si_cu_unrounded().lambda_t)]
    pub lambda_t: f64,
    /// Reduced W [default: Table I W_set]
    #[arg(long, default_value_t = ScaleInput::pd_si_cu_unrounded().w)]
    pub w: f64,
    /// Reduced A0 [default: Table I A0_set]
    #[arg(long, default_value_t = ScaleInput::pd_si_cu_unrounded().a0)]
    pub a0_red: f64,
    /// Longitudinal sound velocity (m/s): also print v_t and the Debye energy
    #[arg(long)]
    pub vl: Option<f64>,
    /// v_t^2 / v_l^2 for the Debye energy
    #[arg(long, default_value_t = 3.0 / 16.0)]
    pub vt2_vl2: f64,
    /// Eq. 12 damping for the excess density of states in FILE: two columns, energy (meV)
    /// and g_exc (per atom per meV); needs --vl
    #[arg(
        long,
        value_name = "FILE",
        requires = "vl",
        conflicts_with = "gexc_ratio"
    )]
    pub gexc: Option<PathBuf>,
    /// Eq. 12 damping for g_exc = R times the Debye density of states; needs --vl
    #[arg(long, value_name = "R", requires = "vl")]
    pub gexc_ratio: Option<f64>,
}

pub fn run(args: &ScaleArgs) -> anyhow::Result<()> {
    let length = match (args.a0_nm, args.volume_nm3) {
        (Some(a), _) => LengthInput::A0Nm(a),
        (None, Some(v)) => LengthInput::VolumeNm3(v),
        (None, None) => anyhow::bail!("give --a0-nm or --volume-nm3"),
    };
    let input = ScaleInput {
        mass_u: args.mass_u,
        shear_gpa: args.shear_gpa,
        length,
        lambda_t: args.lambda_t,
        w: args.w,
        a0: args.a0_red,
    };
    input.validate().map_err(anyhow::Error::msg)?;
    let scaled = scale(&input);
    print!("{}", render(&scaled));
    if let Some(vl) = args.vl {
        anyhow::ensure!(
            vl.is_finite() && vl > 0.0 && args.vt2_vl2.is_finite() && args.vt2_vl2 > 0.0,
            "--vl and --vt2-vl2 must be positive"
        );
        let d = debye(vl, scaled.v_a_nm3, args.vt2_vl2);
        println!("{}", render_debye(&d));
        let g = match (&args.gexc, args.gexc_ratio) {
            (Some(file), _) => Some(GExc::Points(read_gexc(file).map_err(anyhow::Error::msg)?)),
            (None, Some(r)) => {
                anyhow::ensure!(
                    r.is_finite() && r >= 0.0,
                    "--gexc-ratio must be a non-negative number, got {r}"
                );
                Some(GExc::RatioToDebye(r))
            }
            (None, None) => None,
        };
        if let Some(g) = g {
            let rows = damping_rows(&scaled, args.mass_u, vl, &g, d.energy_mev);
            print!("{}", render_damping(&rows));
        }
    }
    Ok(())
}
