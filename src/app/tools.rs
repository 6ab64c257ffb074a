//! The menu bar (Export, Windows) and the windows it opens: Figure style, Table I and
//! the section III calculator, plus the overwrite question. Kept apart from the frame
//! loop so that the loop only calls `menu_bar` and `show`.

use eframe::egui;

use super::export_ui::{self, ExportUi};
use super::jobs::Source;
use super::panels::calculator::{self, CalculatorUi};
use super::panels::table::{self, TableUi};
use super::SoftmodeApp;

/// Runtime state of the extra windows (not persisted; the export settings are).
#[derive(Default)]
pub struct Tools {
    pub export: ExportUi,
    pub table: TableUi,
    pub calc: CalculatorUi,
}

impl Tools {
    pub fn busy(&self) -> bool {
        self.export.busy() || self.table.busy()
    }
}

/// The menu bar at the very top.
pub fn menu_bar(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    super::panels::show_unfilled(egui::Panel::top("menu_bar"), ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            export_ui::export_menu(
                ui,
                &mut app.tools.export,
                &app.state.export,
                app.live.shown(),
            );
            ui.menu_button("Windows", |ui| {
                ui.checkbox(&mut app.tools.table.open, "Table I");
                ui.checkbox(&mut app.tools.calc.open, "Section III calculator");
                ui.checkbox(&mut app.tools.export.style_open, "Figure style");
            });
            if app.tools.export.busy() {
                ui.spinner();
            }
            if let Some(s) = &app.tools.export.status {
                let colour = if s.starts_with("export failed") {
                    egui::Color32::from_rgb(255, 110, 100)
                } else {
                    ui.visuals().text_color()
                };
                ui.colored_label(colour, s);
            }
        });
    });
}

/// The export buttons above the plots.
pub fn plot_buttons(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    if let Some(a) = app.analysis().cloned() {
        export_ui::plot_buttons(ui, &mut app.tools.export, &app.state.export, &a);
    }
}

/// Finished work, the open windows and the overwrite question.
pub fn show(app: &mut SoftmodeApp, ctx: &egui::Context) {
    if let Some(dir) = app.tools.export.poll(ctx, &app.state.export) {
        app.state.export.last_dir = Some(dir);
    }
    if app.tools.busy() {
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
    export_ui::style_window(ctx, &mut app.tools.export.style_open, &mut app.state.export);
    let label = match &app.source {
        Some(Source::File(p)) => Some(p.display().to_string()),
        Some(Source::Example) => Some("built-in example".to_owned()),
        None => None,
    };
    table::window(
        ctx,
        &mut app.tools.table,
        &mut app.tools.export,
        &app.state.export,
        label,
        &app.modes,
        &app.potential,
        &app.state.settings,
    );
    calculator::window(ctx, &mut app.tools.calc);
    app.tools.export.confirm_modal(ctx, &app.state.export);
}
