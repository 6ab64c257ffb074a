//! The module's functions: read, analyze, creation, figures, set_means. Each computes
//! without the GIL (interrupt::run) and returns Python objects.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;
use softmode::analysis::couplings::set_means as means_of;
use softmode::analysis::{creation as creation_of, Analyzer, Settings};
use softmode::elastic_moduli::elastic_moduli;
use softmode::export::figures::{export_all, FigureStyle, Format};
use softmode::io::{read_config, read_mode, read_modes, Config, Extras};
use softmode::modes::{of_configuration, ComputedModes, Request};
use softmode::potential::Potential;
use softmode::report::{program, to_json};

use crate::convert::to_py;
use crate::errors;
use crate::interrupt;
use crate::mode::PyMode;
use crate::options::Kwargs;

/// read(path, frame=None, potential="3dipl", vector="mode", types="", config=None,
/// input_format=None): every mode of the file as a list, or mode `frame` (0-based).
#[pyfunction]
#[pyo3(signature = (path, frame=None, **options))]
pub fn read<'py>(
    py: Python<'py>,
    path: PathBuf,
    frame: Option<usize>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut kw = Kwargs::new(py, options)?;
    let potential = kw.potential()?;
    let opts = kw.reader()?;
    kw.finish()?;
    let species = potential.species();
    let one = |mode| Bound::new(py, PyMode::wrap(mode)).map(Bound::into_any);
    match frame {
        Some(k) => one(interrupt::run(py, |_| {
            read_mode(&path, k, &opts, &species)
        })?),
        None => {
            let modes = interrupt::run(py, |_| read_modes(&path, &opts, &species))?;
            let items = modes.into_iter().map(one).collect::<PyResult<Vec<_>>>()?;
            Ok(PyList::new(py, items)?.into_any())
        }
    }
}

/// analyze(mode, **settings): every number of ANALYSIS.md section 10 as a dict (the
/// CLI's `analyze --json` object; curves as NumPy arrays, undefined values None/NaN).
#[pyfunction]
#[pyo3(signature = (mode, **settings))]
pub fn analyze<'py>(
    py: Python<'py>,
    mode: &PyMode,
    settings: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (s, potential) = analysis_settings(py, mode, settings)?;
    let m = (*mode.inner).clone();
    let value = interrupt::run(py, |p| {
        Analyzer::new(m, potential)
            .run_with(&s, p)
            .map(|a| to_json(&a))
    })?;
    to_py(py, &value)
}

/// The potential and the analysis settings of `mode`: the glass's defaults, then the
/// keywords given.
fn analysis_settings(
    py: Python<'_>,
    mode: &PyMode,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<(Settings, Arc<Potential>)> {
    let mut kw = Kwargs::new(py, settings)?;
    let potential = kw.potential()?;
    let s = kw.analysis(&mode.inner, &potential)?;
    kw.finish()?;
    Ok((s, potential))
}

/// creation(mode, **settings): E_s and Delta A (ANALYSIS.md section 11) as a dict, the
/// CLI's `creation --json` object. Settings: r_core, aout_max, aout_step, force_tol,
/// r_centre, potential.
#[pyfunction]
#[pyo3(signature = (mode, **settings))]
pub fn creation<'py>(
    py: Python<'py>,
    mode: &PyMode,
    settings: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut kw = Kwargs::new(py, settings)?;
    let potential = kw.potential()?;
    let s = kw.creation(&mode.inner, &potential)?;
    kw.finish()?;
    let m = mode.inner.clone();
    let result = interrupt::run(py, |p| {
        creation_of(&m, potential.as_ref(), &s, p)
    })?;
    let json_err = |e: serde_json::Error| errors::setting(py, format!("creation result: {e}"));
    let mut v = serde_json::to_value(&result).map_err(json_err)?;
    v["file"] = Value::from(m.file_name());
    v["frame"] = Value::from(m.frame);
    v["settings"] = serde_json::to_value(&s).map_err(json_err)?;
    v["program"] = program();
    to_py(py, &v)
}

/// figures(mode, out_dir, formats="svg,pdf", dpi=600, style=None, force=False,
/// **settings): Fig. 1-3 and the P(r_s) scan, their CSV data and the JSON result in
/// out_dir, as `softmode figures` writes them; returns the paths written. `style`: a
/// dict of the FigureStyle fields (width_in, font_pt, greyscale, ...).
#[pyfunction]
#[pyo3(signature = (mode, out_dir, formats=None, dpi=600.0, style=None, force=false, **settings))]
#[allow(clippy::too_many_arguments)]
pub fn figures<'py>(
    py: Python<'py>,
    mode: &PyMode,
    out_dir: PathBuf,
    formats: Option<&Bound<'py, PyAny>>,
    dpi: f64,
    style: Option<&Bound<'py, PyDict>>,
    force: bool,
    settings: Option<&Bound<'py, PyDict>>,
) -> PyResult<Vec<PathBuf>> {
    let (s, potential) = analysis_settings(py, mode, settings)?;
    let style = figure_style(py, style)?;
    let formats = figure_formats(py, formats, dpi)?;
    let m = (*mode.inner).clone();
    let written = interrupt::run(py, |p| {
        let a = Analyzer::new(m, potential).run_with(&s, p)?;
        Ok(export_all(&a, &out_dir, &formats, &style, force))
    })?;
    written.map_err(|e| errors::to_py(py, e))
}

/// The formats: a list of names or one comma-separated string, "svg,pdf" if None.
fn figure_formats(
    py: Python<'_>,
    formats: Option<&Bound<'_, PyAny>>,
    dpi: f64,
) -> PyResult<Vec<Format>> {
    let names: Vec<String> = match formats {
        None => vec!["svg".into(), "pdf".into()],
        Some(f) => match f.extract::<String>() {
            Ok(text) => text.split(',').map(str::to_owned).collect(),
            Err(_) => f.extract()?,
        },
    };
    names
        .iter()
        .map(|f| Format::parse(f, dpi))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| errors::to_py(py, e))
}

/// The figure style from a dict of FigureStyle fields (the CLI's --style file).
fn figure_style(py: Python<'_>, style: Option<&Bound<'_, PyDict>>) -> PyResult<FigureStyle> {
    let Some(dict) = style else {
        return Ok(FigureStyle::default());
    };
    let text: String = py
        .import("json")?
        .call_method1("dumps", (dict,))?
        .extract()?;
    let style: FigureStyle =
        serde_json::from_str(&text).map_err(|e| errors::setting(py, format!("style: {e}")))?;
    style
        .validate()
        .map_err(|e| errors::setting(py, format!("style: {e}")))?;
    Ok(style)
}

/// set_means(rows): the set's means of Table I (mean lambda_l, lambda_t, W_set, A0_set,
/// n) from (principal [P11, P22, P33], D4) pairs, as the CLI's table prints them; None
/// for an empty set.
#[pyfunction]
pub fn set_means(
    rows: Vec<([f64; 3], f64)>,
) -> Option<std::collections::BTreeMap<&'static str, f64>> {
    means_of(&rows).map(|m| {
        std::collections::BTreeMap::from([
            ("n", m.n as f64),
            ("lambda_l", m.lambda_l),
            ("lambda_t", m.lambda_t),
            ("W_set", m.w),
            ("A0_set", m.a0),
        ])
    })
}

/// example(): the built-in example mode (mode m0, frame 0, of the 2,000-atom 3DIPL glass).
#[pyfunction]
pub fn example(py: Python<'_>) -> PyResult<PyMode> {
    interrupt::run(py, |_| softmode::example::example_mode()).map(PyMode::wrap)
}

/// moduli(mode, potential="3dipl"): the elastic constants of the mode's glass in closed
/// form (ANALYSIS.md section 14) as a dict: C (6x6, Voigt), B, G, stress (3x3),
/// pressure, born, non_affine, stress_terms, volume, max_force, warnings (energy /
/// length^3 of the potential's units).
#[pyfunction]
#[pyo3(signature = (mode, **settings))]
pub fn moduli<'py>(
    py: Python<'py>,
    mode: &PyMode,
    settings: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut kw = Kwargs::new(py, settings)?;
    let potential = kw.potential()?;
    kw.finish()?;
    let m = mode.inner.clone();
    let c = interrupt::run(py, |_| elastic_moduli(&potential, &m.atoms()))?;
    let mut v = softmode::report::moduli(&potential, &c);
    v["file"] = Value::from(m.file_name());
    v["frame"] = Value::from(m.frame);
    to_py(py, &v)
}

/// modes(config, k=10, minimise=False, info=False, route="auto", potential="3dipl",
/// types="", input_format=None): the k lowest normal modes of a configuration
/// (ANALYSIS.md section 13) as a list of Modes, lowest first; `config` is a file (LAMMPS
/// data or dump, extended XYZ, .npz, HDF5) or a Mode (its eigenvector is ignored). A
/// configuration that is not a minimum is refused unless minimise=True. `route`: "auto",
/// "shift-invert" or "filtered" (no factorisation). With info=True: (modes, dict of
/// omega2, residual, N_e, route, timings, largest_force, minimised).
#[pyfunction]
#[pyo3(signature = (config, k=10, minimise=false, info=false, route="auto", **options))]
pub fn modes<'py>(
    py: Python<'py>,
    config: &Bound<'py, PyAny>,
    k: usize,
    minimise: bool,
    info: bool,
    route: &str,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut kw = Kwargs::new(py, options)?;
    let potential = kw.potential()?;
    let opts = kw.reader()?;
    kw.finish()?;
    let (path, given) = match config.cast::<PyMode>() {
        Ok(m) => (
            m.get().inner.source.clone(),
            Some(config_of(&m.get().inner)),
        ),
        Err(_) => (config.extract::<PathBuf>()?, None),
    };
    let request = Request {
        k,
        minimise,
        route: route.parse().map_err(|e| errors::to_py(py, e))?,
    };
    let computed = interrupt::run(py, |p| {
        let config = match given {
            Some(c) => c,
            None => read_config(&path, &opts, &potential.species())?,
        };
        of_configuration(&potential, &path, config, request, p)
    })?;
    let report = info.then(|| modes_report(&computed));
    let items = computed
        .modes
        .into_iter()
        .map(|m| Bound::new(py, PyMode::wrap(m)).map(Bound::into_any))
        .collect::<PyResult<Vec<_>>>()?;
    let list = PyList::new(py, items)?.into_any();
    match report {
        None => Ok(list),
        Some(r) => Ok((list, to_py(py, &r)?).into_pyobject(py)?.into_any()),
    }
}

/// The configuration of a Mode (its eigenvector dropped).
fn config_of(mode: &softmode::Mode) -> Config {
    Config {
        positions: mode.positions.clone(),
        species: mode.species.clone(),
        cell: mode.cell,
        extras: Extras {
            masses: mode.masses.clone(),
            sizes: mode.sizes.clone(),
            units: mode.units,
            kind: mode.kind,
        },
    }
}

fn modes_report(c: &ComputedModes) -> Value {
    let column = |f: fn(&softmode::modes::Eigenpair) -> f64| -> Vec<f64> {
        c.solution.pairs.iter().map(f).collect()
    };
    let mut v = softmode::report::modes(c);
    v["omega2"] = Value::from(column(|p| p.omega2));
    v["residual"] = Value::from(column(|p| p.residual));
    v["N_e"] = Value::from(column(|p| p.n_e));
    v
}
