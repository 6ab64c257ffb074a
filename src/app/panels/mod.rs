//! The panels around the 3D view: the top bar (file, progress, errors), the controls on
//! the left and the numbers on the right.

pub mod calculator;
pub mod compute_modes;
pub mod controls;
pub mod creation;
pub mod numbers;
pub mod potential;
pub mod table;
pub mod types_dialog;

use eframe::egui;

use super::jobs::Source;
use super::SoftmodeApp;

/// File buttons, recent files, the progress of background work and the last error.
pub fn top_bar(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal(|ui| {
            if ui.button("Open…").clicked() {
                app.jobs.pick_file(ui.ctx());
            }
            if ui.button("Load example").clicked() {
                app.start_load(ui.ctx(), Source::Example);
            }
            ui.menu_button("Recent", |ui| {
                if app.state.recent.is_empty() {
                    ui.label("no recent files");
                }
                for p in app.state.recent.clone() {
                    if ui.button(p.display().to_string()).clicked() {
                        app.start_load(ui.ctx(), Source::File(p));
                        ui.close();
                    }
                }
            });
            ui.separator();
            ui.label(match &app.source {
                Some(Source::Example) => crate::example::DESCRIPTION.to_owned(),
                Some(Source::File(p)) => p.display().to_string(),
                None => "nothing loaded".to_owned(),
            });
            potential::button(app, ui);
            types_dialog::button(app, ui);
            compute_modes::button(app, ui);
            if let Some(what) = app.jobs.loading().map(str::to_owned) {
                ui.separator();
                match app.jobs.progress.fraction() {
                    Some(f) => ui.add(
                        egui::ProgressBar::new(f)
                            .desired_width(160.0)
                            .show_percentage(),
                    ),
                    None => ui.spinner(),
                };
                ui.label(format!("loading {what}"));
                if ui.button("Cancel").clicked() {
                    app.jobs.cancel_load();
                }
            } else if app.jobs.analysing() {
                ui.separator();
                let f = app.jobs.analysis_fraction();
                ui.add(
                    egui::ProgressBar::new(f)
                        .desired_width(160.0)
                        .text(format!("analysing {:.0} %", 100.0 * f)),
                );
                if ui.button("Cancel").clicked() {
                    app.jobs.cancel_analysis();
                }
            }
            compute_modes::status(app, ui);
        });
        if let Some(e) = &app.error {
            ui.colored_label(egui::Color32::from_rgb(255, 110, 100), e);
        }
    });
}
