//! What the window remembers across restarts (eframe storage, serde): the analysis
//! settings, the view settings, the camera and the recent files. Runtime handles (GL,
//! threads, the loaded modes) are not here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::camera::OrbitCamera;
use super::scene::ViewSettings;
use crate::analysis::creation::CreationSettings;
use crate::analysis::Settings;

/// The key under which `Persisted` is stored.
pub const STORAGE_KEY: &str = "softmode.state";

/// Most recent files kept.
pub const MAX_RECENT: usize = 10;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// The analysis settings; `fig1_r_c` is the window's r_c (core sphere, Fig. 1, Fig. 2 line).
    pub settings: Settings,
    pub view: ViewSettings,
    pub camera: Option<OrbitCamera>,
    pub recent: Vec<PathBuf>,
    /// Settings of the creation-energy window (ANALYSIS.md section 11).
    pub creation: CreationSettings,
    /// The species mapping chosen per file (path -> "1=S,2=L"), used on the next open.
    pub type_maps: BTreeMap<String, String>,
    /// The potential chosen per file (path -> built-in name or potential file).
    pub potentials: BTreeMap<String, String>,
    /// Figure style, formats and the last export folder (absent in older saved states).
    pub export: super::export_ui::ExportPrefs,
}

impl Persisted {
    /// Puts `path` first in the recent files (once), keeping at most `MAX_RECENT`.
    pub fn push_recent(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses saved state; anything unreadable gives the defaults (a newer or older
    /// version must never stop the window from opening).
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }
}

/// View settings from a JSON file (--view): any subset of the names of `ViewSettings`,
/// the rest default. An unknown name is an error (a typo must not pass silently).
pub fn read_view(path: &Path) -> anyhow::Result<ViewSettings> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the view settings {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
    let known = serde_json::to_value(ViewSettings::default())?;
    let (Some(given), Some(known)) = (value.as_object(), known.as_object()) else {
        anyhow::bail!(
            "{}: expected a JSON object of view settings",
            path.display()
        );
    };
    if let Some(k) = given.keys().find(|k| !known.contains_key(*k)) {
        anyhow::bail!(
            "{}: unknown view setting {k:?} (known: {})",
            path.display(),
            known.keys().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    serde_json::from_value(value).with_context(|| format!("{}: bad view settings", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_capped() {
        let mut s = Persisted::default();
        for k in 0..15 {
            s.push_recent(Path::new(&format!("/m/{k}.extxyz")));
        }
        s.push_recent(Path::new("/m/12.extxyz"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], Path::new("/m/12.extxyz"));
        assert_eq!(
            s.recent.iter().filter(|p| p.ends_with("12.extxyz")).count(),
            1
        );
    }

    #[test]
    fn view_files_set_what_they_name_and_reject_typos() {
        use crate::app::scene::{ColorBy, SlabNormal};
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("v.json");
        std::fs::write(
            &p,
            r#"{"color_by": "Species", "slab": "P11", "slab_width": 3.0}"#,
        )
        .expect("write");
        let v = read_view(&p).expect("view");
        assert_eq!(v.color_by, ColorBy::Species);
        assert_eq!(v.slab, SlabNormal::P11);
        assert_eq!(v.slab_width, 3.0);
        assert_eq!(v.arrows, ViewSettings::default().arrows);
        for (text, says) in [
            (
                r#"{"colour_by": "Species"}"#,
                "unknown view setting \"colour_by\"",
            ),
            (r#"{"slab": "Q"}"#, "bad view settings"),
            ("[1]", "expected a JSON object"),
            ("{", "not JSON"),
        ] {
            std::fs::write(&p, text).expect("write");
            let e = format!("{:#}", read_view(&p).expect_err(text));
            assert!(e.contains(says) && e.contains("v.json"), "{e}");
        }
        let e = format!(
            "{:#}",
            read_view(&dir.path().join("none.json")).expect_err("missing")
        );
        assert!(e.contains("none.json"), "{e}");
    }

    #[test]
    fn partial_and_broken_json_fall_back_to_defaults() {
        // A state saved before type_maps existed still loads.
        let s = Persisted::from_json(r#"{"settings": {"r_s": 5.5}, "unknown": 1}"#);
        assert!(s.type_maps.is_empty());
        assert_eq!(s.settings.r_s, 5.5);
        assert_eq!(s.settings.d_fit, Settings::default().d_fit);
        assert_eq!(s.view, ViewSettings::default());
        assert_eq!(Persisted::from_json("not json"), Persisted::default());
        let mut t = Persisted::default();
        t.push_recent(Path::new("/a.xyz"));
        t.settings.flip = true;
        t.type_maps.insert("/a.xyz".into(), "1=L,2=S".into());
        assert_eq!(Persisted::from_json(&t.to_json()), t);
    }
}
