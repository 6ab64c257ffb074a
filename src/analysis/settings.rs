//! Every setting of ANALYSIS.md with its documented default (the defaults are what tests
//! and benchmarks use). Serialised with the names of the reference files.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Mode;
use crate::potential::{Potential, Units};

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
    /// The length a0 in which the grids are given (the r_c grid k a0 / 20 and the
    /// P(r_s) scan 3..10 a0): 1 in lj units, (V_a / 1.22)^(1/3) in metal units.
    pub a0: f64,
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
            a0: 1.0,
        }
    }
}

/// The scales of a glass in which the defaults of ANALYSIS.md sections 2-11 are given
/// (section 12): the length a0 and the unit sqrt(m_mean) a0 of the normal coordinate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub a0: f64,
    pub coordinate: f64,
}

impl Scale {
    /// The paper's glass: a0 = 1, unit masses.
    pub const REDUCED: Scale = Scale {
        a0: 1.0,
        coordinate: 1.0,
    };

    /// lj: a0 = 1; metal: a0 = (V_a / 1.22)^(1/3), V_a = box volume / N (the paper's
    /// atomic volume is 1.22 a0^3). The coordinate unit is sqrt(m_mean) a0.
    pub fn of(mode: &Mode, potential: &Potential) -> Scale {
        let a0 = match mode.units.unwrap_or(potential.units) {
            Units::Lj => 1.0,
            Units::Metal => (mode.cell.volume() / mode.n_atoms() as f64 / 1.22).cbrt(),
        };
        let masses = mode.masses_for(potential);
        let m_mean = masses.iter().sum::<f64>() / masses.len().max(1) as f64;
        Scale {
            a0,
            coordinate: m_mean.sqrt() * a0,
        }
    }
}

impl Settings {
    /// The defaults for a glass: lengths in its a0, A_max in its coordinate unit, the
    /// fit method for tabulated potentials and per-atom (half) weight for many-body
    /// ones (ANALYSIS.md section 12). The paper's glass gets `Settings::default()`.
    pub fn for_glass(mode: &Mode, potential: &Potential) -> Settings {
        let d = Settings::default();
        let Scale { a0, coordinate } = Scale::of(mode, potential);
        Settings {
            method: if potential.tabulated {
                Method::Fit
            } else {
                d.method
            },
            half_weight: potential.is_many_body(),
            r_centre: d.r_centre * a0,
            a_max: d.a_max * coordinate,
            shell_d: d.shell_d * a0,
            r_s: d.r_s * a0,
            d_fit: d.d_fit * a0,
            f_r_rmax: d.f_r_rmax * a0,
            fig1_r_c: d.fig1_r_c * a0,
            a0,
            ..d
        }
    }

    /// The r_c grid of ANALYSIS.md section 4: k a0 / 20, k = 1 .. 240.
    pub fn rc_grid(&self) -> Vec<f64> {
        (1..=RC_GRID_LEN)
            .map(|k| k as f64 * self.a0 / 20.0)
            .collect()
    }

    /// The r_s of the P(r_s) scan: 3, 3.5, .., 10 a0.
    pub fn scan_grid(&self) -> Vec<f64> {
        (0..=14)
            .map(|k| (3.0 + 0.5 * f64::from(k)) * self.a0)
            .collect()
    }
}

/// Number of points of the r_c grid (ANALYSIS.md section 4).
pub const RC_GRID_LEN: usize = 240;

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
            ("a0", self.a0),
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
