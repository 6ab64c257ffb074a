//! Writing results: standard output or a file that is never silently overwritten.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};

/// Writes `text` to `path` ("-" = standard output); an existing regular file needs
/// `force` (devices such as /dev/null are written as they are).
pub fn write_text(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    if path.is_file() && !force {
        bail!(
            "{} exists; not overwritten (use --force to replace it)",
            path.display()
        );
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes results as JSON: one object for a single frame, an array for `--all`.
pub fn write_json(
    path: &Path,
    mut values: Vec<serde_json::Value>,
    all: bool,
    force: bool,
) -> anyhow::Result<()> {
    let value = if all || values.len() != 1 {
        serde_json::Value::Array(values)
    } else {
        values.remove(0)
    };
    write_text(path, &(serde_json::to_string_pretty(&value)? + "\n"), force)
}
