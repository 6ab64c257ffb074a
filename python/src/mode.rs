//! `softmode.Mode`: a glass configuration with one normalised eigenvector, built from
//! NumPy arrays (or read from a file), picklable for process pools and Dask.

use std::path::PathBuf;
use std::sync::Arc;

use nalgebra::Vector3;
use numpy::{PyArray1, PyArray2, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use softmode::model::ModeKind;
use softmode::potential::Units;
use softmode::{Cell, Mode, TypeMap};

use crate::convert::{float_array, rows3};
use crate::errors;
use crate::options::potential;

/// One soft mode: positions (N, 3), species (N,) as indices into the potential's species,
/// the orthorhombic box lengths (3,), the eigenvector e (N, 3), normalised to
/// sum |e_i|^2 = 1 (its norm in the input is e_norm_in_file), omega2 when given, and
/// per-atom masses, diameters and the unit system where given (else the potential's).
/// Mode.from_ase and Mode.from_ovito are added by softmode/_interop.py.
#[pyclass(name = "Mode", module = "softmode", frozen)]
pub struct PyMode {
    pub inner: Arc<Mode>,
}

impl PyMode {
    pub fn wrap(mode: Mode) -> Self {
        Self {
            inner: Arc::new(mode),
        }
    }
}

#[pymethods]
impl PyMode {
    /// Mode(positions, species, box, e, omega2=None, masses=None, source="<arrays>",
    /// frame=0, types="", potential="3dipl", sizes=None, units=None). `box`: the three
    /// edge lengths or a diagonal 3x3 cell; `species`: indices (0-based) or labels mapped
    /// like the files' (potential names, A/B.., 1/2.., `types` such as "Cu=S,Zr=L");
    /// `masses`, `sizes` (diameters): N positive numbers, which win over the potential's;
    /// `units`: "lj" or "metal" (None: the potential's).
    #[new]
    #[pyo3(signature = (positions, species, r#box, e, omega2=None, masses=None, source="<arrays>", frame=0, types="", potential="3dipl", sizes=None, units=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        positions: &Bound<'_, PyAny>,
        species: &Bound<'_, PyAny>,
        r#box: &Bound<'_, PyAny>,
        e: &Bound<'_, PyAny>,
        omega2: Option<f64>,
        masses: Option<&Bound<'_, PyAny>>,
        source: &str,
        frame: usize,
        types: &str,
        potential: &str,
        sizes: Option<&Bound<'_, PyAny>>,
        units: Option<&str>,
    ) -> PyResult<Self> {
        let positions = rows3(py, positions, "positions", source)?;
        let e = rows3(py, e, "e", source)?;
        let species = species_indices(py, species, types, potential, source)?;
        let cell = cell(py, r#box, source)?;
        let n = positions.len();
        let masses = per_atom(py, masses, "masses", n, source)?;
        let sizes = per_atom(py, sizes, "sizes", n, source)?;
        let units = units.map(|u| parse_units(py, u)).transpose()?;
        let mode = Mode::new(source, frame, positions, species, cell, e, omega2)
            .and_then(|m| with_extras(m, masses, sizes, units))
            .map_err(|err| errors::to_py(py, err))?;
        Ok(Self::wrap(mode))
    }

    #[getter]
    fn positions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        vectors(py, &self.inner.positions)
    }

    #[getter]
    fn e<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        vectors(py, &self.inner.e)
    }

    #[getter]
    fn species<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u8>> {
        PyArray1::from_slice(py, &self.inner.species)
    }

    #[getter(r#box)]
    fn lengths<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.cell.lengths)
    }

    #[getter]
    fn omega2(&self) -> Option<f64> {
        self.inner.omega2_file
    }

    /// The per-atom masses given (file column or keyword), None if the potential's apply.
    #[getter]
    fn masses<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.inner
            .masses
            .as_ref()
            .map(|m| PyArray1::from_slice(py, m))
    }

    /// The per-atom diameters given, None if not.
    #[getter]
    fn sizes<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.inner
            .sizes
            .as_ref()
            .map(|m| PyArray1::from_slice(py, m))
    }

    /// "normal", or "quartic" for a quartic mode (ANALYSIS.md section 15).
    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner.kind {
            ModeKind::Normal => "normal",
            ModeKind::Quartic => "quartic",
        }
    }

    /// The paper's name in Table I: "m3" for normal mode frame 3, "q0" for a quartic mode.
    #[getter]
    fn label(&self) -> String {
        self.inner.label()
    }

    /// "lj" or "metal" as declared by the file or the keyword, None if not declared.
    #[getter]
    fn units(&self) -> Option<&'static str> {
        self.inner.units.map(Units::as_str)
    }

    #[getter]
    fn e_norm_in_file(&self) -> f64 {
        self.inner.e_norm_in_file
    }

    #[getter]
    fn source(&self) -> String {
        self.inner.source.display().to_string()
    }

    #[getter]
    fn frame(&self) -> usize {
        self.inner.frame
    }

    #[getter]
    fn n_atoms(&self) -> usize {
        self.inner.n_atoms()
    }

    fn __len__(&self) -> usize {
        self.inner.n_atoms()
    }

    fn __repr__(&self) -> String {
        format!(
            "softmode.Mode({} frame {}, {} atoms, box {:?}, omega2 {})",
            self.inner.file_name(),
            self.inner.frame,
            self.inner.n_atoms(),
            self.inner.cell.lengths,
            self.inner
                .omega2_file
                .map_or_else(|| "not given".into(), |w| w.to_string())
        )
    }

    /// Pickling (process pools, Dask): the exact state, e already normalised.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let m = &slf.get().inner;
        let state = (
            m.source.display().to_string(),
            m.frame,
            vectors(py, &m.positions)?,
            PyArray1::from_slice(py, &m.species),
            m.cell.lengths,
            vectors(py, &m.e)?,
            m.e_norm_in_file,
            m.omega2_file,
            m.masses.clone(),
            m.sizes.clone(),
            m.units.map(Units::as_str),
            m.kind == ModeKind::Quartic,
        );
        let rebuild = py.import("softmode._native")?.getattr("mode_from_state")?;
        Ok((rebuild, PyTuple::new(py, [state.into_pyobject(py)?])?))
    }
}

/// The mode of a pickled state (see `__reduce__`), without normalising e again.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn mode_from_state(
    py: Python<'_>,
    state: (
        String,
        usize,
        Bound<'_, PyAny>,
        Vec<u8>,
        [f64; 3],
        Bound<'_, PyAny>,
        f64,
        Option<f64>,
        Option<Vec<f64>>,
        Option<Vec<f64>>,
        Option<String>,
        bool,
    ),
) -> PyResult<PyMode> {
    let (
        source,
        frame,
        positions,
        species,
        lengths,
        e,
        e_norm_in_file,
        omega2_file,
        masses,
        sizes,
        units,
        quartic,
    ) = state;
    let positions = rows3(py, &positions, "positions", &source)?;
    let e = rows3(py, &e, "e", &source)?;
    let n = positions.len();
    let consistent = |v: &Option<Vec<f64>>| v.as_ref().is_none_or(|v| v.len() == n);
    if species.len() != n || e.len() != n || !consistent(&masses) || !consistent(&sizes) {
        return Err(errors::invalid(py, &source, "inconsistent pickled mode"));
    }
    let units = units.map(|u| parse_units(py, &u)).transpose()?;
    let inner = Mode {
        positions,
        e,
        source: PathBuf::from(source),
        frame,
        species,
        cell: Cell::new(lengths),
        e_norm_in_file,
        omega2_file,
        masses,
        sizes,
        units,
        kind: if quartic {
            ModeKind::Quartic
        } else {
            ModeKind::Normal
        },
    };
    Ok(PyMode::wrap(inner))
}

fn vectors<'py>(py: Python<'py>, v: &[Vector3<f64>]) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let flat: Vec<f64> = v.iter().flat_map(|r| r.iter().copied()).collect();
    PyArray1::from_vec(py, flat).reshape([v.len(), 3])
}

/// Species indices from integers or labels (mapped as in the files, `types` first).
fn species_indices(
    py: Python<'_>,
    species: &Bound<'_, PyAny>,
    types: &str,
    potential_name: &str,
    source: &str,
) -> PyResult<Vec<u8>> {
    let pot = potential(py, potential_name)?;
    let names = pot.species();
    if let Ok(labels) = species.extract::<Vec<String>>() {
        let map = TypeMap::parse(types).map_err(|e| errors::to_py(py, e))?;
        return labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                map.resolve(l, &names).ok_or_else(|| {
                    errors::invalid(py, source, format!("atom {i}: unknown species label '{l}' (the potential's species are {}; map it with types=\"{l}=...\")", names.join(", ")))
                })
            })
            .collect();
    }
    let indices: Vec<i64> = species.extract().map_err(|_| {
        errors::invalid(
            py,
            source,
            "species must be a sequence of integer indices or of labels",
        )
    })?;
    indices
        .iter()
        .enumerate()
        .map(|(i, &k)| {
            u8::try_from(k)
                .ok()
                .filter(|k| usize::from(*k) < names.len())
                .ok_or_else(|| {
                    errors::invalid(
                        py,
                        source,
                        format!(
                            "atom {i}: species index {k} is not one of 0..{} ({})",
                            names.len() - 1,
                            names.join(", ")
                        ),
                    )
                })
        })
        .collect()
}

/// The box: three edge lengths, or a diagonal 3x3 cell matrix.
fn cell(py: Python<'_>, obj: &Bound<'_, PyAny>, source: &str) -> PyResult<Cell> {
    let (v, shape) = float_array(py, obj, "box", source)?;
    match shape.as_slice() {
        [3] => Ok(Cell::new([v[0], v[1], v[2]])),
        [3, 3] => {
            let off_diagonal = (0..9).filter(|k| k % 4 != 0).any(|k| v[k] != 0.0);
            if off_diagonal {
                return Err(errors::invalid(py, source, "the box is not orthorhombic (off-diagonal cell entries); softmode handles orthorhombic boxes only"));
            }
            Ok(Cell::new([v[0], v[4], v[8]]))
        }
        s => Err(errors::invalid(
            py,
            source,
            format!("box has shape {s:?}: give the 3 edge lengths or a diagonal 3x3 cell"),
        )),
    }
}

/// A per-atom array of N numbers (`what` names it), if given; the values are checked by
/// the library (`Mode::with_masses`, `Mode::with_sizes`).
fn per_atom(
    py: Python<'_>,
    obj: Option<&Bound<'_, PyAny>>,
    what: &str,
    n: usize,
    source: &str,
) -> PyResult<Option<Vec<f64>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let (v, shape) = float_array(py, obj, what, source)?;
    if shape != [n] {
        return Err(errors::invalid(
            py,
            source,
            format!("{what} has shape {shape:?}, expected ({n},)"),
        ));
    }
    Ok(Some(v))
}

/// The mode with the per-atom masses and sizes and the unit system given.
fn with_extras(
    mut mode: Mode,
    masses: Option<Vec<f64>>,
    sizes: Option<Vec<f64>>,
    units: Option<Units>,
) -> softmode::Result<Mode> {
    if let Some(m) = masses {
        mode = mode.with_masses(m)?;
    }
    if let Some(d) = sizes {
        mode = mode.with_sizes(d)?;
    }
    mode.units = units;
    Ok(mode)
}

/// "lj" or "metal".
fn parse_units(py: Python<'_>, text: &str) -> PyResult<Units> {
    [Units::Lj, Units::Metal]
        .into_iter()
        .find(|u| u.as_str() == text.to_ascii_lowercase())
        .ok_or_else(|| errors::setting(py, format!("units = '{text}': expected 'lj' or 'metal'")))
}
