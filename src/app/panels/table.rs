//! The "Table I" window: one row per mode of the loaded file and of files added to the
//! set, with the set's means as the paper computes them (`export::table`). Modes are
//! analysed on a thread; the table is copied or saved as markdown, CSV or LaTeX through
//! the export machinery (never overwriting without asking).

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui;

use crate::analysis::{Potential, Settings};
use crate::app::export_ui::{ExportPrefs, ExportUi, Target};
use crate::app::job::JobSet;
use crate::export::table::{Row, Table, TableFormat};
use crate::io::{read_modes, ReadOptions};
use crate::model::Mode;

enum Msg {
    Picked(Vec<PathBuf>),
    Rows {
        name: String,
        rows: Result<Vec<Row>, String>,
    },
}

#[derive(Default)]
pub struct TableUi {
    pub open: bool,
    pub table: Table,
    /// The files (or "loaded file") whose rows are in the table, to add each once.
    pub sources: Vec<String>,
    /// Analyses and dialogs under way.
    jobs: JobSet<Msg>,
    pub error: Option<String>,
}

impl TableUi {
    pub fn busy(&self) -> bool {
        self.jobs.busy()
    }

    /// Analyses `modes` on a thread and appends their rows under `name`.
    pub fn add_modes(
        &mut self,
        ctx: &egui::Context,
        name: String,
        modes: Vec<Mode>,
        potential: Arc<Potential>,
        settings: Settings,
    ) {
        if self.sources.contains(&name) {
            self.error = Some(format!("{name} is already in the table"));
            return;
        }
        self.jobs.spawn(ctx, move |_| Msg::Rows {
            rows: rows_of(modes, potential, &settings),
            name,
        });
    }

    /// Reads and analyses each file on a thread.
    pub fn add_files(
        &mut self,
        ctx: &egui::Context,
        files: Vec<PathBuf>,
        potential: Arc<Potential>,
        settings: &Settings,
    ) {
        for file in files {
            let name = file.display().to_string();
            if self.sources.contains(&name) {
                continue;
            }
            let (potential, settings) = (potential.clone(), settings.clone());
            self.jobs.spawn(ctx, move |_| {
                let rows = read_modes(&file, &ReadOptions::default(), &potential.species())
                    .map_err(|e| e.to_string())
                    .and_then(|modes| rows_of(modes, potential, &settings));
                Msg::Rows { name, rows }
            });
        }
    }

    fn pick_files(&mut self, ctx: &egui::Context) {
        self.jobs.spawn(ctx, |_| {
            let files = rfd::FileDialog::new()
                .set_title("Add mode files to Table I")
                .pick_files()
                .unwrap_or_default();
            Msg::Picked(files)
        });
    }

    /// Takes in finished work.
    fn poll(&mut self, ctx: &egui::Context, potential: &Arc<Potential>, s: &Settings) {
        for msg in self.jobs.poll() {
            match msg {
                Ok(Msg::Picked(files)) => self.add_files(ctx, files, potential.clone(), s),
                Ok(Msg::Rows { name, rows }) => match rows {
                    Ok(rows) => {
                        self.sources.push(name);
                        self.table.rows.extend(rows);
                        self.error = None;
                    }
                    Err(e) => self.error = Some(e),
                },
                Err(lost) => self.error = Some(lost.to_owned()),
            }
        }
    }
}

/// The window. `modes` are the loaded file's modes, `label` its name.
#[allow(clippy::too_many_arguments)]
pub fn window(
    ctx: &egui::Context,
    t: &mut TableUi,
    ex: &mut ExportUi,
    prefs: &ExportPrefs,
    label: Option<String>,
    modes: &[Arc<Mode>],
    potential: &Arc<Potential>,
    settings: &Settings,
) {
    t.poll(ctx, potential, settings);
    let mut open = t.open;
    egui::Window::new("Table I")
        .open(&mut open)
        .default_size([900.0, 360.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let can_add = !modes.is_empty() && label.is_some();
                if ui
                    .add_enabled(
                        can_add,
                        egui::Button::new("Add the loaded file (all frames)"),
                    )
                    .clicked()
                {
                    if let Some(name) = label.clone() {
                        let modes = modes.iter().map(|m| (**m).clone()).collect();
                        t.add_modes(ctx, name, modes, potential.clone(), settings.clone());
                    }
                }
                if ui.button("Add files…").clicked() {
                    t.pick_files(ctx);
                }
                if ui.button("Clear").clicked() {
                    t.table = Table::default();
                    t.sources.clear();
                }
                if t.busy() {
                    ui.spinner();
                    ui.label("analysing…");
                }
            });
            ui.horizontal(|ui| {
                let has = !t.table.rows.is_empty();
                if ui
                    .add_enabled(has, egui::Button::new("Copy (markdown)"))
                    .clicked()
                {
                    ui.ctx().copy_text(t.table.render(TableFormat::Markdown));
                }
                for (name, format, ext) in [
                    ("Save LaTeX…", TableFormat::Latex, "tex"),
                    ("Save markdown…", TableFormat::Markdown, "md"),
                    ("Save CSV…", TableFormat::Csv, "csv"),
                ] {
                    if ui.add_enabled(has, egui::Button::new(name)).clicked() {
                        let text = t.table.render(format);
                        ex.pick(
                            ctx,
                            move |path| Target::Text { path, text },
                            false,
                            format!("table1.{ext}"),
                            None,
                            prefs.last_dir.clone(),
                        );
                    }
                }
            });
            ui.label("Rows use the window's current settings.");
            if let Some(e) = &t.error {
                ui.colored_label(egui::Color32::from_rgb(255, 110, 100), e);
            }
            if let Some(m) = t.table.means_text() {
                ui.strong(m);
            }
            let (header, body) = t.table.cells();
            egui::ScrollArea::both().show(ui, |ui| {
                egui::Grid::new("table1").striped(true).show(ui, |ui| {
                    for h in &header {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for row in &body {
                        for c in row {
                            ui.label(c);
                        }
                        ui.end_row();
                    }
                });
            });
        });
    t.open = open;
}

/// The Table I rows of `modes` (analysed in parallel with `settings`), in frame order;
/// an error names the file and the frame.
fn rows_of(
    modes: Vec<Mode>,
    potential: Arc<Potential>,
    settings: &Settings,
) -> Result<Vec<Row>, String> {
    use rayon::prelude::*;
    modes
        .into_par_iter()
        .map(|m| {
            let name = format!("{} frame {}", m.source.display(), m.frame);
            crate::analysis::Analyzer::new(m, potential.clone())
                .run(settings)
                .map(|a| Row::of(&a))
                .map_err(|e| format!("{name}: {e}"))
        })
        .collect()
}
