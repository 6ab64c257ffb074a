//! The shared example data (shared/data, README there) beside the checkout.

use std::path::{Path, PathBuf};

/// shared/data/NAME beside the checkout: ../shared from a clone, ../../shared from a
/// worktree in a folder of worktrees.
pub fn shared(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    root.ancestors()
        .skip(1)
        .map(|d| d.join("shared/data").join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("shared/data/{name} not found beside {}", root.display()))
}
