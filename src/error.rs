//! The library's one error type. Every input error names the file, and the line where
//! there is one, so that a user can find the fault without a debugger.

use std::path::PathBuf;

/// Errors of loading and analysing a mode.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file's content is malformed; `line` is 1-based, 0 when not tied to a line.
    #[error("{}{}: {message}", path.display(), line_suffix(*line))]
    Parse {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// The data parsed but cannot be analysed (zero-norm mode, atoms on top of each other..).
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    /// A file is there and was not to be replaced (the caller may ask, then write again
    /// with overwrite).
    #[error("{}: exists; not overwritten", .0.display())]
    Exists(PathBuf),
    /// A result could not be encoded (a figure as SVG, PDF or PNG; JSON).
    #[error("conversion failed: {0}")]
    Convert(String),
    /// A setting is out of its domain.
    #[error("invalid setting: {0}")]
    Setting(String),
    /// The user cancelled a long computation.
    #[error("cancelled")]
    Cancelled,
}

fn line_suffix(line: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(", line {line}")
    }
}

impl Error {
    pub fn parse(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    pub fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
