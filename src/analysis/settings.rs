//! Every setting of ANALYSIS.md with its documented default (the defaults are what tests
//! and benchmarks use). Serialised with the names of the reference files.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How D_k(r_c) is obtained from the core energy E(r_c; A).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// D_k = (1/k!) d^k E/dA^k at A = 0, analytically.
    #[default]
    Taylor,
    /// Least-squares quartic through E at n_A points in [-A_max, A_max].
    Fit,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Taylor => "taylor",
            Method::Fit => "fit",
        }
    }
}

/// The analysis settings. Groups: centre and core energy (changing them redoes the pair
/// sums), dipole and shells (redo only the dipole-dependent part), look-ups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub method: Method,
    #[serde(rename = "R_centre")]
    pub r_centre: f64,
    #[serde(rename = "A_max")]
    pub a_max: f64,
    #[serde(rename = "n_A")]
    pub n_a: usize,
    pub half_weight: bool,
    pub shell_d: f64,
    pub r_s: f64,
    pub d_fit: f64,
    /// Bulk modulus B; `None` takes the potential's.
    #[serde(rename = "B")]
    pub bulk: Option<f64>,
    /// Shear modulus G; `None` takes the potential's.
    #[serde(rename = "G")]
    pub shear: Option<f64>,
    pub omega_term: bool,
    pub flip: bool,
    pub r_in_band: f64,
    pub f_r_rmax: f64,
    pub fig1_r_c: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            method: Method::Taylor,
            r_centre: 3.5,
            a_max: 1.5,
            n_a: 31,
            half_weight: false,
            shell_d: 0.5,
            r_s: 6.0,
            d_fit: 2.0,
            bulk: None,
            shear: None,
            omega_term: false,
            flip: false,
            r_in_band: 0.05,
            f_r_rmax: 6.0,
            fig1_r_c: 1.9,
        }
    }
}

/// The r_c grid of ANALYSIS.md section 4: k / 20.0, k = 1 .. 240.
pub const RC_GRID_LEN: usize = 240;

pub fn rc_grid() -> Vec<f64> {
    (1..=RC_GRID_LEN).map(|k| k as f64 / 20.0).collect()
}

impl Settings {
    /// Rejects values outside their domain, naming the setting.
    pub fn validate(&self) -> Result<()> {
        let positive = [
            ("R_centre", self.r_centre),
            ("A_max", self.a_max),
            ("shell_d", self.shell_d),
            ("d_fit", self.d_fit),
            ("f_r_rmax", self.f_r_rmax),
            ("fig1_r_c", self.fig1_r_c),
        ];
        for (name, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::Setting(format!("{name} = {v} must be positive")));
            }
        }
        if !(self.r_s.is_finite() && self.r_s >= 0.0) {
            return Err(Error::Setting(format!("r_s = {} must be >= 0", self.r_s)));
        }
        if !(self.r_in_band.is_finite() && self.r_in_band > 0.0) {
            return Err(Error::Setting(format!(
                "r_in_band = {} must be positive",
                self.r_in_band
            )));
        }
        if self.n_a < 5 {
            return Err(Error::Setting(format!(
                "n_A = {} must be at least 5 for a quartic fit",
                self.n_a
            )));
        }
        for (name, v) in [("B", self.bulk), ("G", self.shear)] {
            if let Some(v) = v {
                if !(v.is_finite() && v > 0.0) {
                    return Err(Error::Setting(format!("{name} = {v} must be positive")));
                }
            }
        }
        Ok(())
    }

    /// The A grid of the fit method: A_m = -A_max + 2 A_max m / (n_A - 1).
    pub fn a_grid(&self) -> Vec<f64> {
        let n = self.n_a;
        (0..n)
            .map(|m| -self.a_max + 2.0 * self.a_max * m as f64 / (n - 1) as f64)
            .collect()
    }
}
