//! Keyword arguments -> the library's settings, named as the CLI flags (`--half-weight`
//! is `half_weight=True`, `--rs 7` is `rs=7.0`). Every name is consumed by one group;
//! a name no group knows is a SettingError listing the known ones.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use pyo3::conversion::FromPyObjectOwned;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use softmode::analysis::{CreationSettings, Method, Settings};
use softmode::io::ReadOptions;
use softmode::potential::{self, Potential};
use softmode::{Mode, TypeMap};

use crate::errors;

/// The analysis settings, as the CLI flags name them.
const ANALYSIS: [&str; 16] = [
    "method",
    "amax",
    "na",
    "r_centre",
    "rs",
    "dfit",
    "shell_d",
    "rin_band",
    "fr_rmax",
    "fig1_rc",
    "half_weight",
    "omega_term",
    "flip",
    "bulk",
    "shear",
    "potential",
];
/// How a file is read.
const READER: [&str; 4] = ["vector", "types", "config", "input_format"];
/// The settings of the creation energy (section 11).
const CREATION: [&str; 4] = ["r_core", "aout_max", "aout_step", "force_tol"];

/// The setting names of each group: {"analysis": [..], "reader": [..], "creation": [..]}.
#[pyfunction]
pub fn setting_names() -> BTreeMap<&'static str, Vec<&'static str>> {
    BTreeMap::from([
        ("analysis", ANALYSIS.to_vec()),
        ("reader", READER.to_vec()),
        ("creation", CREATION.to_vec()),
    ])
}

/// The potential `spec` (a built-in name or a file of LAMMPS commands): the one place a
/// `potential=` keyword is resolved.
pub fn potential(py: Python<'_>, spec: &str) -> PyResult<Arc<Potential>> {
    potential::load(spec)
        .map(Arc::new)
        .map_err(|e| errors::to_py(py, e))
}

/// Keyword arguments being consumed by name.
pub struct Kwargs<'py> {
    py: Python<'py>,
    map: BTreeMap<String, Bound<'py, PyAny>>,
    known: Vec<&'static str>,
}

impl<'py> Kwargs<'py> {
    pub fn new(py: Python<'py>, dict: Option<&Bound<'py, PyDict>>) -> PyResult<Self> {
        let mut map = BTreeMap::new();
        for (k, v) in dict.into_iter().flat_map(|d| d.iter()) {
            map.insert(k.extract::<String>()?, v);
        }
        Ok(Self {
            py,
            map,
            known: Vec::new(),
        })
    }

    /// The value of `name` if given (None also when given as None).
    pub fn take<T: FromPyObjectOwned<'py>>(&mut self, name: &'static str) -> PyResult<Option<T>> {
        self.known.push(name);
        let Some(v) = self.map.remove(name) else {
            return Ok(None);
        };
        if v.is_none() {
            return Ok(None);
        }
        v.extract::<T>().map(Some).map_err(|e| {
            let e: PyErr = e.into();
            errors::setting(
                self.py,
                format!(
                    "{name} = {}: {e}",
                    v.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                ),
            )
        })
    }

    /// An error for any name left over.
    pub fn finish(self) -> PyResult<()> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(k) => {
                let mut known = self.known.clone();
                known.sort_unstable();
                Err(errors::setting(
                    self.py,
                    format!("unknown setting '{k}' (known here: {})", known.join(", ")),
                ))
            }
        }
    }

    /// The analysis settings for `mode` under `potential`: the glass's defaults
    /// (`Settings::for_glass`, ANALYSIS.md section 12) with every keyword given.
    pub fn analysis(&mut self, mode: &Mode, potential: &Potential) -> PyResult<Settings> {
        let d = Settings::for_glass(mode, potential);
        let method = match self.take::<String>("method")?.as_deref() {
            None => d.method,
            Some("taylor") => Method::Taylor,
            Some("fit") => Method::Fit,
            Some(m) => {
                return Err(errors::setting(
                    self.py,
                    format!("method = '{m}': expected 'taylor' or 'fit'"),
                ))
            }
        };
        let s = Settings {
            method,
            a_max: self.take("amax")?.unwrap_or(d.a_max),
            n_a: self.take("na")?.unwrap_or(d.n_a),
            r_centre: self.take("r_centre")?.unwrap_or(d.r_centre),
            r_s: self.take("rs")?.unwrap_or(d.r_s),
            d_fit: self.take("dfit")?.unwrap_or(d.d_fit),
            shell_d: self.take("shell_d")?.unwrap_or(d.shell_d),
            r_in_band: self.take("rin_band")?.unwrap_or(d.r_in_band),
            f_r_rmax: self.take("fr_rmax")?.unwrap_or(d.f_r_rmax),
            fig1_r_c: self.take("fig1_rc")?.unwrap_or(d.fig1_r_c),
            half_weight: self.take("half_weight")?.unwrap_or(d.half_weight),
            omega_term: self.take("omega_term")?.unwrap_or(d.omega_term),
            flip: self.take("flip")?.unwrap_or(d.flip),
            bulk: self.take("bulk")?,
            shear: self.take("shear")?,
            a0: d.a0,
        };
        s.validate().map_err(|e| errors::to_py(self.py, e))?;
        Ok(s)
    }

    /// The potential of `potential=` (default 3dipl).
    pub fn potential(&mut self) -> PyResult<Arc<Potential>> {
        let name = self.take::<String>("potential")?;
        potential(self.py, name.as_deref().unwrap_or("3dipl"))
    }

    /// How to read a file.
    pub fn reader(&mut self) -> PyResult<ReadOptions> {
        let d = ReadOptions::default();
        let types = self.take::<String>("types")?.unwrap_or_default();
        let format = self.take::<String>("input_format")?;
        Ok(ReadOptions {
            vector: self.take("vector")?.unwrap_or(d.vector),
            types: TypeMap::parse(&types).map_err(|e| errors::to_py(self.py, e))?,
            config: self.take::<PathBuf>("config")?,
            format: format
                .map(|f| f.parse())
                .transpose()
                .map_err(|e| errors::to_py(self.py, e))?,
        })
    }

    /// The creation-energy settings for `mode` under `potential`: the glass's defaults
    /// (`CreationSettings::for_glass`) with every keyword given.
    pub fn creation(&mut self, mode: &Mode, potential: &Potential) -> PyResult<CreationSettings> {
        let d = CreationSettings::for_glass(mode, potential);
        Ok(CreationSettings {
            r_core: self.take("r_core")?.unwrap_or(d.r_core),
            a_out_max: self.take("aout_max")?.unwrap_or(d.a_out_max),
            step: self.take("aout_step")?.unwrap_or(d.step),
            force_tol: self.take("force_tol")?.unwrap_or(d.force_tol),
            r_centre: self.take("r_centre")?.unwrap_or(d.r_centre),
        })
    }
}
