//! softmode's errors as the Python exceptions of softmode/errors.py, with the file and
//! the line as attributes.

use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use softmode::Error;

/// An exception of softmode.errors by class name, with `file` and `line` set.
fn raise(
    py: Python<'_>,
    class: &str,
    message: String,
    file: Option<String>,
    line: Option<u64>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("softmode.errors")?.getattr(class)?;
        let err = cls.call1((message.clone(),))?;
        err.setattr("file", file.clone())?;
        err.setattr("line", line)?;
        Ok(PyErr::from_value(err))
    };
    build().unwrap_or_else(|e| e)
}

/// A library error as a Python exception.
pub fn to_py(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    match e {
        Error::Io { path, .. } => raise(
            py,
            "FileError",
            message,
            Some(path.display().to_string()),
            None,
        ),
        Error::Parse { path, line, .. } => raise(
            py,
            "ParseError",
            message,
            Some(path.display().to_string()),
            (line > 0).then_some(line),
        ),
        Error::Invalid { path, .. } => raise(
            py,
            "InvalidModeError",
            message,
            Some(path.display().to_string()),
            None,
        ),
        Error::Exists(path) => raise(
            py,
            "FileError",
            format!("{message} (pass force=True)"),
            Some(path.display().to_string()),
            None,
        ),
        Error::Setting(_) | Error::Convert(_) => setting(py, message),
        Error::Cancelled => PyKeyboardInterrupt::new_err("softmode: cancelled"),
    }
}

/// A bad setting or argument (softmode.errors.SettingError, a ValueError).
pub fn setting(py: Python<'_>, message: impl Into<String>) -> PyErr {
    raise(py, "SettingError", message.into(), None, None)
}

/// A bad input array (softmode.errors.InvalidModeError, a ValueError) naming `source`.
pub fn invalid(py: Python<'_>, source: &str, message: impl Into<String>) -> PyErr {
    let message = format!("{source}: {}", message.into());
    raise(
        py,
        "InvalidModeError",
        message,
        Some(source.to_owned()),
        None,
    )
}
