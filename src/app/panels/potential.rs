//! The potential of the glass shown (ANALYSIS.md section 12): a built-in one or a file of
//! LAMMPS commands, chosen beside the file name, remembered per file
//! (`Persisted::potentials`) and used again on the next open. Changing it reloads the
//! file, since the species mapping depends on the potential's species.

use std::sync::Arc;

use eframe::egui;

use crate::analysis::Settings;
use crate::app::jobs::Source;
use crate::app::SoftmodeApp;
use crate::model::Mode;
use crate::potential::{self, Potential};

fn key(source: &Source) -> Option<String> {
    match source {
        Source::File(p) => Some(p.display().to_string()),
        Source::Example => None,
    }
}

/// Before loading `source`: switch to the potential remembered for it, if any. A file
/// that no longer loads leaves the current potential and says why.
pub fn use_remembered(app: &mut SoftmodeApp, source: &Source) {
    let spec = key(source).and_then(|k| app.state.potentials.get(&k).cloned());
    let spec = match (spec, source) {
        (Some(s), _) => s,
        (None, Source::Example) => "3dipl".to_owned(),
        (None, Source::File(_)) => return,
    };
    if spec != app.potential.name {
        set(app, &spec);
    }
}

/// Loads the potential `spec` (a built-in name or a file); false with the error shown
/// when it cannot be loaded (the potential in use stays).
fn set(app: &mut SoftmodeApp, spec: &str) -> bool {
    match potential::load(spec) {
        Ok(p) => {
            app.potential = Arc::new(p);
            true
        }
        Err(e) => {
            app.error = Some(format!("potential {spec}: {e}"));
            false
        }
    }
}

/// The user chose `spec`: load it, remember it for the file shown and reload the file.
pub fn choose(app: &mut SoftmodeApp, ctx: &egui::Context, spec: &str) {
    if !set(app, spec) {
        return;
    }
    let Some(source) = app.source.clone() else {
        return;
    };
    if let Some(k) = key(&source) {
        app.state.potentials.insert(k, spec.to_owned());
    }
    app.start_load(ctx, source);
}

/// The potential's name with a menu of the built-ins and "Load LAMMPS potential file…".
pub fn button(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    let title = format!("potential: {}", short_name(&app.potential));
    ui.menu_button(title, |ui| {
        for name in potential::BUILT_IN {
            if ui.button(*name).clicked() {
                choose(app, ui.ctx(), name);
                ui.close();
            }
        }
        ui.separator();
        if ui.button("Load LAMMPS potential file…").clicked() {
            app.jobs.pick_potential(ui.ctx());
            ui.close();
        }
    })
    .response
    .on_hover_text(describe(&app.potential));
}

fn short_name(p: &Potential) -> String {
    std::path::Path::new(&p.name)
        .file_name()
        .map_or_else(|| p.name.clone(), |n| n.to_string_lossy().into_owned())
}

/// One line on the potential: species with masses, units, moduli.
pub fn describe(p: &Potential) -> String {
    let species: Vec<String> = p
        .species
        .iter()
        .map(|s| format!("{} (m = {})", s.name, s.mass))
        .collect();
    let moduli = p.moduli.map_or("moduli unknown".to_owned(), |m| {
        format!("B = {}, G = {}", m.bulk, m.shear)
    });
    format!(
        "{}: {}; {} units; {}",
        p.name,
        species.join(", "),
        p.units.as_str(),
        moduli
    )
}

/// The settings for a newly selected mode: where the glass's scale (a0) differs from
/// the one the settings were made for, its defaults replace the lengths, A_max and the
/// moduli (a length in one unit system is meaningless in another); a many-body
/// potential always gets half weight.
pub fn settings_for(current: &Settings, mode: &Mode, potential: &Potential) -> Settings {
    let glass = Settings::for_glass(mode, potential);
    let mut s = current.clone();
    if (glass.a0 - s.a0).abs() > 1e-9 * glass.a0 {
        s = Settings {
            omega_term: s.omega_term,
            flip: s.flip,
            n_a: s.n_a,
            r_in_band: s.r_in_band,
            ..glass.clone()
        };
    }
    s.half_weight |= glass.half_weight;
    s
}
