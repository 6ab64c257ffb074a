//! The species dialog: a file whose labels are not the potential's own species names
//! (LAMMPS types 1, 2, element symbols, ..) is mapped label by label, prefilled with the
//! readers' default guess (`TypeMap::default`). The choice is remembered per file
//! (`Persisted::type_maps`) and used silently on the next open; "Species…" in the top
//! bar changes it later.

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::app::jobs::Source;
use crate::app::state::Persisted;
use crate::app::SoftmodeApp;
use crate::model::TypeMap;

/// The labels of the file shown and the dialog, if open.
#[derive(Default)]
pub struct Types {
    labels: Vec<String>,
    dialog: Option<Dialog>,
}

struct Dialog {
    path: PathBuf,
    /// (label, species index) per label of the file.
    rows: Vec<(String, usize)>,
}

fn key(path: &Path) -> String {
    path.display().to_string()
}

/// The mapping remembered for `source` (the default aliases if none).
pub fn saved_map(state: &Persisted, source: &Source) -> TypeMap {
    let Source::File(p) = source else {
        return TypeMap::default();
    };
    state
        .type_maps
        .get(&key(p))
        .and_then(|t| TypeMap::parse(t).ok())
        .unwrap_or_default()
}

/// After a load of `source` that used `labels`: true (and the dialog opens) when the
/// file has labels other than the species' own names and no mapping is remembered.
pub fn must_ask(app: &mut SoftmodeApp, source: &Source, labels: Vec<String>) -> bool {
    let Source::File(p) = source else {
        return false;
    };
    let species = app.potential.species();
    let own = labels.iter().all(|l| species.contains(&l.as_str()));
    // Scripted runs (--screenshot, --bench-frames, --snapshot, --movie) have nobody to
    // answer: the default guess.
    let scripted = app.script.launch.scripted();
    let ask = !own && !scripted && !app.state.type_maps.contains_key(&key(p));
    if ask {
        app.types.dialog = Some(open(p, &labels, &app.state, &species));
    }
    app.types.labels = labels;
    ask
}

/// The dialog prefilled with the remembered mapping, else the default guess.
fn open(path: &Path, labels: &[String], state: &Persisted, species: &[&str]) -> Dialog {
    let map = saved_map(state, &Source::File(path.to_owned()));
    let rows = labels
        .iter()
        .map(|l| (l.clone(), usize::from(map.resolve(l, species).unwrap_or(0))))
        .collect();
    Dialog {
        path: path.to_owned(),
        rows,
    }
}

/// "Species…" beside the file name, to change the mapping of the file shown.
pub fn button(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    let Some(Source::File(p)) = app.source.clone() else {
        return;
    };
    if !app.types.labels.is_empty() && ui.button("Species…").clicked() {
        let species = app.potential.species();
        app.types.dialog = Some(open(&p, &app.types.labels, &app.state, &species));
    }
}

/// The dialog window; Apply remembers the mapping and reloads the file with it.
pub fn window(app: &mut SoftmodeApp, ctx: &egui::Context) {
    let Some(d) = app.types.dialog.as_mut() else {
        return;
    };
    let species = app.potential.species();
    let (mut apply, mut cancel) = (false, false);
    egui::Window::new("Map species")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} uses these species labels; choose the potential's species for each:",
                d.path.file_name().unwrap_or_default().to_string_lossy()
            ));
            for (label, k) in &mut d.rows {
                ui.horizontal(|ui| {
                    ui.label(format!("type {label}:"));
                    for (j, name) in species.iter().enumerate() {
                        ui.radio_value(k, j, format!("{label} -> {name}"));
                    }
                });
            }
            ui.horizontal(|ui| {
                apply = ui.button("Apply").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
    if cancel {
        app.types.dialog = None;
    }
    if apply {
        let Some(d) = app.types.dialog.take() else {
            return;
        };
        let text: Vec<String> = d
            .rows
            .iter()
            .map(|(l, k)| format!("{l}={}", species[*k]))
            .collect();
        app.state.type_maps.insert(key(&d.path), text.join(","));
        app.start_load(ctx, Source::File(d.path));
    }
}
