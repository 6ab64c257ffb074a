//! Command-line flags shared by the batch commands: every setting of ANALYSIS.md.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use softmode::analysis::potential::by_name;
use softmode::analysis::{Method, Potential, Settings};
use softmode::io::ReadOptions;
use softmode::TypeMap;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    Taylor,
    Fit,
}

/// Every analysis setting; unset flags keep the documented defaults.
#[derive(Args, Debug, Clone)]
pub struct SettingsArgs {
    /// D_k method: analytic Taylor coefficients or a quartic fit over [-A_max, A_max]
    #[arg(long, value_enum, default_value = "taylor")]
    pub method: MethodArg,
    /// Fit range A_max of the "fit" method and Fig. 1 (M^1/2 a0)
    #[arg(long, default_value_t = 1.5)]
    pub amax: f64,
    /// Number of A points of the fit
    #[arg(long, default_value_t = 31)]
    pub na: usize,
    /// Radius of the centre sphere (a0)
    #[arg(long, default_value_t = 3.5)]
    pub r_centre: f64,
    /// Inner radius r_s of the dipole fit shell (a0)
    #[arg(long, default_value_t = 6.0)]
    pub rs: f64,
    /// Thickness d_fit of the dipole fit shell (a0)
    #[arg(long, default_value_t = 2.0)]
    pub dfit: f64,
    /// Shell width d of Fig. 3 (a0)
    #[arg(long, default_value_t = 0.5)]
    pub shell_d: f64,
    /// Relative band around D4(inf) that defines r_in
    #[arg(long, default_value_t = 0.05)]
    pub rin_band: f64,
    /// Upper end of the f_r fit window and of the radial fraction (a0)
    #[arg(long, default_value_t = 6.0)]
    pub fr_rmax: f64,
    /// Core radius of Fig. 1 (a0)
    #[arg(long, default_value_t = 1.9)]
    pub fig1_rc: f64,
    /// Count core-outside pairs with weight 1/2
    #[arg(long)]
    pub half_weight: bool,
    /// Add omega^2/2 to the elastic line D2_el
    #[arg(long)]
    pub omega_term: bool,
    /// Flip the sign of the eigenvector
    #[arg(long)]
    pub flip: bool,
    /// Bulk modulus B (E0/a0^3); default: the potential's
    #[arg(long)]
    pub bulk: Option<f64>,
    /// Shear modulus G (E0/a0^3); default: the potential's
    #[arg(long)]
    pub shear: Option<f64>,
    /// Pair potential
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

    pub fn settings(&self) -> Settings {
        Settings {
            method: match self.method {
                MethodArg::Taylor => Method::Taylor,
                MethodArg::Fit => Method::Fit,
            },
            r_centre: self.r_centre,
            a_max: self.amax,
            n_a: self.na,
            half_weight: self.half_weight,
            shell_d: self.shell_d,
            r_s: self.rs,
            d_fit: self.dfit,
            bulk: self.bulk,
            shear: self.shear,
            omega_term: self.omega_term,
            flip: self.flip,
            r_in_band: self.rin_band,
            f_r_rmax: self.fr_rmax,
            fig1_r_c: self.fig1_rc,
        }
    }

    pub fn potential(&self) -> anyhow::Result<Arc<Potential>> {
        by_name(&self.potential)
            .map(Arc::from)
            .ok_or_else(|| anyhow::anyhow!("unknown potential '{}' (known: 3dipl)", self.potential))
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
