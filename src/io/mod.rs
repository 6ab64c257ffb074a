//! Readers and writers: files -> `Mode`.
//!
//! Files are read as streams of lines, plain or gzip-compressed (recognised by the
//! magic bytes 1f 8b, not by the name). Line numbers in errors are 1-based and count
//! the lines of the decompressed text.

mod comment;
mod extxyz;
mod layout;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;

pub use extxyz::{count_frames, read_all, read_all_bytes, read_frame};

use crate::error::{Error, Result};
use crate::model::TypeMap;

/// How to read a mode file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The `Properties` column holding the eigenvector (R:3); default "mode".
    pub vector: String,
    /// Species-label overrides on top of the built-in aliases.
    pub types: TypeMap,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            vector: "mode".to_owned(),
            types: TypeMap::default(),
        }
    }
}

const BUF_SIZE: usize = 1 << 16;

/// A file read line by line, transparently gunzipped, counting lines.
pub(crate) struct LineReader {
    inner: Box<dyn BufRead>,
    path: PathBuf,
    buf: Vec<u8>,
    /// Number of lines read or skipped so far (= 1-based number of the last one).
    line: u64,
    /// Size of the file on disk (compressed size for gzip), for capacity caps.
    pub file_size: u64,
}

impl LineReader {
    pub fn open(path: &Path) -> Result<Self> {
        let io_err = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        let file = File::open(path).map_err(io_err)?;
        let file_size = file.metadata().map_err(io_err)?.len();
        Self::from_reader(path, BufReader::with_capacity(BUF_SIZE, file), file_size)
    }

    /// Reads text held in memory (the built-in example), `name` standing in for the path.
    pub fn from_bytes(name: &Path, bytes: &'static [u8]) -> Result<Self> {
        Self::from_reader(name, bytes, bytes.len() as u64)
    }

    fn from_reader(path: &Path, mut raw: impl BufRead + 'static, file_size: u64) -> Result<Self> {
        let gz = raw
            .fill_buf()
            .map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?
            .starts_with(&[0x1f, 0x8b]);
        let inner: Box<dyn BufRead> = if gz {
            Box::new(BufReader::with_capacity(BUF_SIZE, MultiGzDecoder::new(raw)))
        } else {
            Box::new(raw)
        };
        Ok(Self {
            inner,
            path: path.to_owned(),
            buf: Vec::new(),
            line: 0,
            file_size,
        })
    }

    /// 1-based number of the last line read or skipped (0 before the first).
    pub fn line(&self) -> u64 {
        self.line
    }

    fn read_error(&self, e: std::io::Error) -> Error {
        let msg = match self.line {
            0 => e.to_string(),
            n => format!("{e} (after line {n})"),
        };
        let source = std::io::Error::new(e.kind(), msg);
        Error::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// The next line without its line ending, with its 1-based number; None at the end.
    pub fn next_line(&mut self) -> Result<Option<(u64, &str)>> {
        self.buf.clear();
        let n = match self.inner.read_until(b'\n', &mut self.buf) {
            Ok(n) => n,
            Err(e) => return Err(self.read_error(e)),
        };
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        let mut bytes = self.buf.as_slice();
        if let Some(b) = bytes.strip_suffix(b"\n") {
            bytes = b;
        }
        if let Some(b) = bytes.strip_suffix(b"\r") {
            bytes = b;
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some((self.line, s))),
            Err(e) => Err(Error::parse(
                &self.path,
                self.line,
                format!("not valid UTF-8 text (byte {})", e.valid_up_to() + 1),
            )),
        }
    }

    /// Skips one line without looking at it; false at the end of the file.
    pub fn skip_line(&mut self) -> Result<bool> {
        match self.inner.skip_until(b'\n') {
            Ok(0) => Ok(false),
            Ok(_) => {
                self.line += 1;
                Ok(true)
            }
            Err(e) => Err(self.read_error(e)),
        }
    }
}

/// At most 40 characters of `s`, for messages.
pub(crate) fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_owned(),
    }
}
