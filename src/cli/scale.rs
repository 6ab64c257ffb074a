//! `softmode scale`: the section III numbers for a real glass, beside the paper's.

use clap::Args;
use softmode::analysis::scaling::{debye, scale, LengthInput, ScaleInput, Scaled};

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
    /// Reduced lambda_t [default: Table I mean]
    #[arg(long, default_value_t = 20.9735)]
    pub lambda_t: f64,
    /// Reduced W [default: Table I W_set]
    #[arg(long, default_value_t = 1.3287)]
    pub w: f64,
    /// Reduced A0 [default: Table I A0_set]
    #[arg(long, default_value_t = 0.6134)]
    pub a0_red: f64,
    /// Longitudinal sound velocity (m/s): also print v_t and the Debye energy
    #[arg(long)]
    pub vl: Option<f64>,
    /// v_t^2 / v_l^2 for the Debye energy
    #[arg(long, default_value_t = 3.0 / 16.0)]
    pub vt2_vl2: f64,
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
    for (name, v) in [
        ("mass (u)", args.mass_u),
        ("shear modulus (GPa)", args.shear_gpa),
    ] {
        anyhow::ensure!(v.is_finite() && v > 0.0, "{name} must be positive, got {v}");
    }
    print!("{}", render(&scale(&input)));
    if let Some(vl) = args.vl {
        let d = debye(vl, scale(&input).v_a_nm3, args.vt2_vl2);
        println!(
            "v_t = {:.0} m/s, Debye velocity {:.0} m/s, hbar omega_D = {:.2} meV (paper, NiZr2: 22.5)",
            d.v_t, d.v_debye, d.energy_mev
        );
    }
    Ok(())
}

/// The numbers, each beside the paper's printed value and the assumption behind it.
pub fn render(s: &Scaled) -> String {
    let g = Scaled::gamma_t_ev;
    format!(
        "a0 = {:.4} nm, V_a = {:.5} nm^3\n\
         hbar^2/(M a0^2) = {:.3} ueV          (paper 8.64; CODATA 2018 gives this value)\n\
         E0 = G a0^3/14 = {:.4} eV          (paper 0.208 = G V_a/14 = {:.4} eV)\n\
         W/kB = {:.3} K                     (paper 3.85; {:.3} K with E0 = G V_a/14)\n\
         A0 = {:.4} M^1/2 a0 in physical units\n\
         Lambda_t = {:.3} eV                (paper 0.64; {:.3} eV with E0 = G V_a/14, {:.3} eV with that E0 and the paper's A0 = 0.785)\n\
         gamma_t = Lambda_t/sqrt 3 = {:.3} eV (paper 0.37; {:.3} / {:.3} eV under the same assumptions)\n",
        s.a0_nm,
        s.v_a_nm3,
        s.hbar2_ma2_uev,
        s.e0_ev,
        s.e0_va_ev,
        s.w_over_kb,
        s.w_over_kb_va,
        s.a0_phys,
        s.lambda_t_ev,
        s.lambda_t_va_ev,
        s.lambda_t_va_paper_a0_ev,
        g(s.lambda_t_ev),
        g(s.lambda_t_va_ev),
        g(s.lambda_t_va_paper_a0_ev),
    )
}
