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

/// Shows `panel` without filling it: the window is cleared to the panel colour
/// (`clear_color`), and on llvmpipe filling the 1280x800 window once more cost 3 ms a
/// frame (2,000 atoms orbiting: 17.1 -> 13.9 ms). The contents still see the panel
/// colour as their background, unpainted, so that egui's scroll fades blend into it.
pub fn show_unfilled<R>(
    panel: egui::Panel,
    ui: &mut egui::Ui,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> egui::InnerResponse<R> {
    let frame = egui::Frame::side_top_panel(ui.style());
    let background =
        egui::UiStackInfo::new(egui::UiKind::Frame).with_frame(egui::Frame::NONE.fill(frame.fill));
    panel
        .frame(frame.fill(egui::Color32::TRANSPARENT))
        .show(ui, |ui| {
            ui.scope_builder(egui::UiBuilder::new().ui_stack_info(background), add)
                .inner
        })
}

/// File buttons, recent files, the progress of background work and the last error.
pub fn top_bar(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    show_unfilled(egui::Panel::top("top"), ui, |ui| {
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
