//! softmode._native: the library behind `import softmode` (see softmode/__init__.py for
//! the Python side). Every function releases the GIL while it computes and stops on
//! Ctrl-C; errors become the exceptions of softmode/errors.py.

mod convert;
mod errors;
mod functions;
mod interrupt;
mod mode;
mod options;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<mode::PyMode>()?;
    m.add_function(wrap_pyfunction!(mode::mode_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(functions::read, m)?)?;
    m.add_function(wrap_pyfunction!(functions::analyze, m)?)?;
    m.add_function(wrap_pyfunction!(functions::creation, m)?)?;
    m.add_function(wrap_pyfunction!(functions::figures, m)?)?;
    m.add_function(wrap_pyfunction!(functions::moduli, m)?)?;
    m.add_function(wrap_pyfunction!(functions::modes, m)?)?;
    m.add_function(wrap_pyfunction!(functions::set_means, m)?)?;
    m.add_function(wrap_pyfunction!(functions::example, m)?)?;
    m.add_function(wrap_pyfunction!(options::setting_names, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
