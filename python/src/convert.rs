//! Between NumPy / Python objects and the library's types: input arrays checked for
//! their shape, and the JSON result (softmode::report::to_json, the CLI's `--json`) as
//! Python objects, numeric lists becoming NumPy arrays.

use nalgebra::Vector3;
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

use crate::errors;

/// `obj` as a contiguous float64 array: its values and shape ("what" names it in errors).
pub fn float_array(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    what: &str,
    source: &str,
) -> PyResult<(Vec<f64>, Vec<usize>)> {
    let array = py
        .import("numpy")?
        .call_method1("ascontiguousarray", (obj, "float64"))
        .map_err(|e| {
            errors::invalid(
                py,
                source,
                format!("{what} is not an array of numbers ({e})"),
            )
        })?;
    let array: PyReadonlyArrayDyn<'_, f64> = array.extract()?;
    let values = array
        .as_slice()
        .map_err(|e| errors::invalid(py, source, format!("{what}: {e}")))?;
    Ok((values.to_vec(), array.shape().to_vec()))
}

/// An (N, 3) array as N vectors.
pub fn rows3(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    what: &str,
    source: &str,
) -> PyResult<Vec<Vector3<f64>>> {
    let (v, shape) = float_array(py, obj, what, source)?;
    match shape.as_slice() {
        [_, 3] => Ok(v.chunks_exact(3).map(Vector3::from_column_slice).collect()),
        s => Err(errors::invalid(
            py,
            source,
            format!("{what} has shape {s:?}, expected (N, 3)"),
        )),
    }
}

/// A JSON value as Python objects: objects -> dict, null -> None, numbers -> int or float,
/// lists of numbers (null -> NaN) and rectangular lists of such lists -> NumPy arrays,
/// other lists -> list.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any(),
            None => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => match numeric(items) {
            Some((values, shape)) => PyArray1::from_vec(py, values).reshape(shape)?.into_any(),
            None => PyList::new(
                py,
                items
                    .iter()
                    .map(|x| to_py(py, x))
                    .collect::<PyResult<Vec<_>>>()?,
            )?
            .into_any(),
        },
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, x) in map {
                dict.set_item(k, to_py(py, x)?)?;
            }
            dict.into_any()
        }
    })
}

/// The values and shape of a non-empty list of numbers/nulls or of equal-length such lists.
fn numeric(items: &[Value]) -> Option<(Vec<f64>, Vec<usize>)> {
    let flat = |xs: &[Value]| -> Option<Vec<f64>> {
        xs.iter()
            .map(|x| match x {
                Value::Number(n) => n.as_f64(),
                Value::Null => Some(f64::NAN),
                _ => None,
            })
            .collect()
    };
    let first = items.first()?;
    if !first.is_array() {
        return flat(items).map(|v| (v, vec![items.len()]));
    }
    let width = first.as_array()?.len();
    let mut values = Vec::with_capacity(items.len() * width);
    for row in items {
        let row = row.as_array().filter(|r| r.len() == width && width > 0)?;
        values.extend(flat(row)?);
    }
    Some((values, vec![items.len(), width]))
}
