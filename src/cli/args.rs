//! Command-line flags shared by the batch commands: every setting of ANALYSIS.md.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use softmode::analysis::{Method, Settings};
use softmode::io::ReadOptions;
use softmode::potential::{self, Potential};
use softmode::Mode;
use softmode::TypeMap;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    Taylor,
    Fit,
}

/// Every analysis setting; unset flags keep the documented defaults, which are given in
/// the glass's a0 and sqrt(m_mean) a0 (ANALYSIS.md section 12; both 1 in the paper's
/// reduced units). A value given here is in the file's units.
#[derive(Args, Debug, Clone)]
pub struct SettingsArgs {
    /// D_k method [default: taylor; fit for tabulated potentials]
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Fit range A_max of the "fit" method and Fig. 1 [default: 1.5 sqrt(m_mean) a0]
    #[arg(long)]
    pub amax: Option<f64>,
    /// Number of A points of the fit
    #[arg(long, default_value_t = 31)]
    pub na: usize,
    /// Radius of the centre sphere [default: 3.5 a0]
    #[arg(long)]
    pub r_centre: Option<f64>,
    /// Inner radius r_s of the dipole fit shell [default: 6 a0]
    #[arg(long)]
    pub rs: Option<f64>,
    /// Thickness d_fit of the dipole fit shell [default: 2 a0]
    #[arg(long)]
    pub dfit: Option<f64>,
    /// Shell width d of Fig. 3 [default: 0.5 a0]
    #[arg(long)]
    pub shell_d: Option<f64>,
    /// Relative band around D4(inf) that defines r_in
    #[arg(long, default_value_t = 0.05)]
    pub rin_band: f64,
    /// Upper end of the f_r fit window and of the radial fraction [default: 6 a0]
    #[arg(long)]
    pub fr_rmax: Option<f64>,
    /// Core radius of Fig. 1 [default: 1.9 a0]
    #[arg(long)]
    pub fig1_rc: Option<f64>,
    /// Count core-outside pairs with weight 1/2 (always so for many-body potentials)
    #[arg(long)]
    pub half_weight: bool,
    /// Add omega^2/2 to the elastic line D2_el
    #[arg(long)]
    pub omega_term: bool,
    /// Flip the sign of the eigenvector
    #[arg(long)]
    pub flip: bool,
    /// Bulk modulus B (energy/length^3 of the file's units); default: the potential's
    #[arg(long)]
    pub bulk: Option<f64>,
    /// Shear modulus G (energy/length^3 of the file's units); default: the potential's
    #[arg(long)]
    pub shear: Option<f64>,
    /// Potential: a built-in name (3dipl, ka-lj, ...) or a file of LAMMPS commands
    #[arg(long, default_value = "3dipl")]
    pub potential: String,
    /// Name of the eigenvector column in the file
    #[arg(long, default_value = "mode")]
    pub vector: String,
    /// Species labels of the file mapped to the potential's species, e.g. 1=S,2=L or Cu=S,Zr=L
    #[arg(long, default_value = "")]
    pub types: String,
    /// Configuration for an eigenvector file without positions (plain text, .npy):
    /// a LAMMPS data or dump file, or extended XYZ
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Input file format, if not detected: extxyz, lammps-dump, lammps-data, npy, npz, text, hdf5
    #[arg(long, value_name = "FORMAT")]
    pub input_format: Option<String>,
}

impl SettingsArgs {
    /// The documented defaults, as if no flag were given.
    #[cfg_attr(feature = "gui", allow(dead_code))] // used by run_default only
    pub fn default_flags() -> Self {
        #[derive(clap::Parser)]
        struct Wrapper {
            #[command(flatten)]
            inner: SettingsArgs,
        }
        <Wrapper as clap::Parser>::parse_from(["softmode"]).inner
    }

    /// The settings for `mode` under `potential`: its defaults (`Settings::for_glass`)
    /// with every flag given on the command line.
    pub fn settings_for(&self, mode: &Mode, potential: &Potential) -> Settings {
        let d = Settings::for_glass(mode, potential);
        Settings {
            method: match self.method {
                None => d.method,
                Some(MethodArg::Taylor) => Method::Taylor,
                Some(MethodArg::Fit) => Method::Fit,
            },
            r_centre: self.r_centre.unwrap_or(d.r_centre),
            a_max: self.amax.unwrap_or(d.a_max),
            n_a: self.na,
            half_weight: self.half_weight || d.half_weight,
            shell_d: self.shell_d.unwrap_or(d.shell_d),
            r_s: self.rs.unwrap_or(d.r_s),
            d_fit: self.dfit.unwrap_or(d.d_fit),
            bulk: self.bulk,
            shear: self.shear,
            omega_term: self.omega_term,
            flip: self.flip,
            r_in_band: self.rin_band,
            f_r_rmax: self.fr_rmax.unwrap_or(d.f_r_rmax),
            fig1_r_c: self.fig1_rc.unwrap_or(d.fig1_r_c),
            a0: d.a0,
        }
    }

    pub fn potential(&self) -> anyhow::Result<Arc<Potential>> {
        Ok(Arc::new(potential::load(&self.potential)?))
    }

    pub fn read_options(&self) -> anyhow::Result<ReadOptions> {
        Ok(ReadOptions {
            vector: self.vector.clone(),
            types: TypeMap::parse(&self.types)?,
            config: self.config.clone(),
            format: self.input_format.as_deref().map(str::parse).transpose()?,
        })
    }
}

/// Which frames of a file.
#[derive(Args, Debug, Clone)]
#[group(multiple = false)]
pub struct FrameArgs {
    /// Frame (mode) index, 0-based [default: 0]
    #[arg(long)]
    pub frame: Option<usize>,
    /// Every frame of the file
    #[arg(long)]
    pub all: bool,
}

/// Where JSON goes: a path, or "-" for standard output.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Write the result as JSON to PATH ("-" for standard output)
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Overwrite an existing output file
    #[arg(long)]
    pub force: bool,
}
