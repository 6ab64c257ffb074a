//! Export from the window: the Export menu, the small export menu above each plot, the
//! "Figure style" window and the overwrite question. Everything is written by the library
//! (`export::figures`) from the `Analysis` the window shows; file dialogs and writing run
//! on threads; an existing file is only replaced after "Yes" in an in-window modal (it
//! works the same under Xvfb and in kittest, unlike a native message box).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::job::JobSet;
use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::analysis::creation::CreationResult;
use crate::analysis::Analysis;
use crate::error::Error;
use crate::export::figures::{
    data, double_well, export_all, file_stem, render_creation, write_figure, FigureKind,
    FigureStyle, Format, Width,
};

/// The export settings remembered across restarts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportPrefs {
    /// The folder of the last export (dialogs open there; "Export all to" writes there).
    pub last_dir: Option<PathBuf>,
    pub style: FigureStyle,
    pub svg: bool,
    pub pdf: bool,
    pub png: bool,
    pub dpi: f64,
}

impl Default for ExportPrefs {
    fn default() -> Self {
        Self {
            last_dir: None,
            style: FigureStyle::default(),
            svg: true,
            pdf: true,
            png: true,
            dpi: 600.0,
        }
    }
}

impl ExportPrefs {
    /// The formats ticked, in the order SVG, PDF, PNG.
    pub fn formats(&self) -> Vec<Format> {
        let mut f = Vec::new();
        if self.svg {
            f.push(Format::Svg);
        }
        if self.pdf {
            f.push(Format::Pdf);
        }
        if self.png {
            f.push(Format::Png { dpi: self.dpi });
        }
        f
    }
}

/// What to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Every figure in every ticked format, the CSVs and the JSON, into a folder.
    All(PathBuf),
    Figure {
        kind: FigureKind,
        format: Format,
        path: PathBuf,
    },
    /// The CSV of a plot at `path`; a plot with more than one table writes the others
    /// beside it under their usual names.
    Csv {
        kind: FigureKind,
        path: PathBuf,
    },
    Json(PathBuf),
    /// The creation-energy figure (double well and A_core) of a result, titled `title`,
    /// in `format`, or its CSV data when `format` is None.
    Creation {
        result: Arc<CreationResult>,
        title: String,
        format: Option<Format>,
        path: PathBuf,
    },
    /// Text made elsewhere (the Table I window).
    Text {
        path: PathBuf,
        text: String,
    },
}

impl Target {
    /// The folder to remember after writing.
    fn folder(&self) -> Option<PathBuf> {
        match self {
            Target::All(dir) => Some(dir.clone()),
            Target::Figure { path, .. }
            | Target::Csv { path, .. }
            | Target::Json(path)
            | Target::Creation { path, .. }
            | Target::Text { path, .. } => path.parent().map(Path::to_path_buf),
        }
    }
}

/// A write waiting for Yes or No because a file exists.
pub struct Pending {
    pub target: Target,
    analysis: Option<Arc<Analysis>>,
    pub exists: PathBuf,
}

enum Msg {
    Picked(Option<Target>, Option<Arc<Analysis>>),
    Done {
        target: Target,
        analysis: Option<Arc<Analysis>>,
        result: crate::error::Result<Vec<PathBuf>>,
    },
}

/// Runtime state of exporting (not persisted).
#[derive(Default)]
pub struct ExportUi {
    /// Writes and dialogs under way.
    jobs: JobSet<Msg>,
    /// The last outcome ("wrote 21 files to ...", or the error), shown in the window.
    pub status: Option<String>,
    pub confirm: Option<Pending>,
    pub style_open: bool,
}

/// Writes `target` with the library; `Exists` when a file is there and not `overwrite`.
pub fn perform(
    target: &Target,
    a: Option<&Analysis>,
    prefs: &ExportPrefs,
    overwrite: bool,
) -> crate::error::Result<Vec<PathBuf>> {
    let need = || Error::Setting("no analysis to export yet".into());
    match target {
        Target::Text { path, text } => {
            crate::export::figures::write_file(path, text.as_bytes(), overwrite)?;
            Ok(vec![path.clone()])
        }
        Target::Creation {
            result,
            title,
            format,
            path,
        } => {
            if !overwrite && path.exists() {
                return Err(Error::Exists(path.clone()));
            }
            let bytes = match format {
                Some(f) => render_creation(result, title, *f, &prefs.style)?,
                None => double_well::csv(result).into_bytes(),
            };
            crate::export::figures::write_file(path, &bytes, overwrite)?;
            Ok(vec![path.clone()])
        }
        Target::All(dir) => {
            let formats = prefs.formats();
            if formats.is_empty() {
                return Err(Error::Setting(
                    "no figure format ticked in Figure style".into(),
                ));
            }
            export_all(a.ok_or_else(need)?, dir, &formats, &prefs.style, overwrite)
        }
        Target::Figure { kind, format, path } => {
            write_figure(
                a.ok_or_else(need)?,
                *kind,
                *format,
                &prefs.style,
                path,
                overwrite,
            )?;
            Ok(vec![path.clone()])
        }
        Target::Csv { kind, path } => {
            let a = a.ok_or_else(need)?;
            let dir = path.parent().unwrap_or(Path::new("."));
            let files: Vec<(PathBuf, String)> = data::csv(a, *kind)
                .into_iter()
                .enumerate()
                .map(|(k, (suffix, text))| {
                    let p = if k == 0 {
                        path.clone()
                    } else {
                        dir.join(format!("{}_{suffix}.csv", file_stem(&a.mode)))
                    };
                    (p, text)
                })
                .collect();
            if !overwrite {
                if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
                    return Err(Error::Exists(p.clone()));
                }
            }
            for (p, text) in &files {
                crate::export::figures::write_file(p, text.as_bytes(), overwrite)?;
            }
            Ok(files.into_iter().map(|(p, _)| p).collect())
        }
        Target::Json(path) => {
            let json = serde_json::to_string_pretty(&crate::report::to_json(a.ok_or_else(need)?))
                .map_err(|e| Error::Convert(format!("JSON: {e}")))?;
            crate::export::figures::write_file(path, (json + "\n").as_bytes(), overwrite)?;
            Ok(vec![path.clone()])
        }
    }
}

impl ExportUi {
    pub fn busy(&self) -> bool {
        self.jobs.busy()
    }

    /// Writes `target` on a thread (never replacing a file: that needs `confirm`).
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        target: Target,
        analysis: Option<Arc<Analysis>>,
        prefs: &ExportPrefs,
        overwrite: bool,
    ) {
        self.status = Some("exporting…".into());
        let prefs = prefs.clone();
        self.jobs.spawn(ctx, move |_| Msg::Done {
            result: perform(&target, analysis.as_deref(), &prefs, overwrite),
            target,
            analysis,
        });
    }

    /// Asks for a file name (or a folder for `All`) on a thread, then writes.
    pub fn pick(
        &mut self,
        ctx: &egui::Context,
        make: impl FnOnce(PathBuf) -> Target + Send + 'static,
        folder: bool,
        file_name: String,
        analysis: Option<Arc<Analysis>>,
        start_dir: Option<PathBuf>,
    ) {
        self.jobs.spawn(ctx, move |_| {
            let mut dialog = rfd::FileDialog::new();
            if let Some(d) = start_dir.filter(|d| d.is_dir()) {
                dialog = dialog.set_directory(d);
            }
            let path = if folder {
                dialog.set_title("Export all into a folder").pick_folder()
            } else {
                dialog.set_file_name(file_name).save_file()
            };
            Msg::Picked(path.map(make), analysis)
        });
    }

    /// Takes in finished dialogs and writes; returns the folder to remember, if any.
    pub fn poll(&mut self, ctx: &egui::Context, prefs: &ExportPrefs) -> Option<PathBuf> {
        let mut folder = None;
        for msg in self.jobs.poll() {
            let Ok(msg) = msg else {
                self.status = Some(format!("export failed: {}", super::job::LOST));
                continue;
            };
            match msg {
                Msg::Picked(Some(target), analysis) => {
                    self.start(ctx, target, analysis, prefs, false)
                }
                Msg::Picked(None, _) => {}
                Msg::Done {
                    target,
                    result,
                    analysis,
                } => match result {
                    Ok(paths) => {
                        folder = target.folder();
                        self.status = Some(match paths.as_slice() {
                            [one] => format!("wrote {}", one.display()),
                            _ => format!(
                                "wrote {} files to {}",
                                paths.len(),
                                folder.as_deref().unwrap_or(Path::new(".")).display()
                            ),
                        });
                    }
                    Err(Error::Exists(p)) => {
                        self.status = None;
                        self.confirm = Some(Pending {
                            target,
                            analysis,
                            exists: p,
                        });
                    }
                    Err(e) => self.status = Some(format!("export failed: {e}")),
                },
            }
        }
        folder
    }

    /// The overwrite question; Yes writes again with overwrite, No keeps every file.
    pub fn confirm_modal(&mut self, ctx: &egui::Context, prefs: &ExportPrefs) {
        let Some(p) = &self.confirm else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("softmode overwrite question")).show(ctx, |ui| {
            ui.heading("Overwrite?");
            ui.label(format!("{} already exists.", p.exists.display()));
            if matches!(p.target, Target::All(_) | Target::Csv { .. }) {
                ui.label("Existing files of this export will be replaced.");
            }
            ui.horizontal(|ui| {
                if ui.button("Yes, overwrite").clicked() {
                    answer = Some(true);
                }
                if ui.button("No").clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                if let Some(p) = self.confirm.take() {
                    self.start(ctx, p.target, p.analysis, prefs, true);
                }
            }
            Some(false) => {
                if let Some(p) = self.confirm.take() {
                    self.status = Some(format!("not overwritten: {}", p.exists.display()));
                }
            }
            None => {}
        }
    }
}

/// Menu entries SVG, PDF, PNG and CSV for the figure named `{base}.{ext}`; `target`
/// makes what to write from the format (None: the CSV) and the path picked.
fn format_items(
    ui: &mut egui::Ui,
    ex: &mut ExportUi,
    prefs: &ExportPrefs,
    base: &str,
    analysis: Option<&Arc<Analysis>>,
    target: impl Fn(Option<Format>, PathBuf) -> Target + Clone + Send + 'static,
) {
    let formats = [Format::Svg, Format::Pdf, Format::Png { dpi: prefs.dpi }];
    for format in formats.map(Some).into_iter().chain([None]) {
        let (label, ext) = match format {
            Some(Format::Png { dpi }) => (format!("PNG ({dpi:.0} dpi)…"), "png"),
            Some(f) => (format!("{}…", f.extension().to_uppercase()), f.extension()),
            None => ("CSV data…".to_owned(), "csv"),
        };
        if ui.button(label).clicked() {
            let target = target.clone();
            ex.pick(
                ui.ctx(),
                move |path| target(format, path),
                false,
                format!("{base}.{ext}"),
                analysis.cloned(),
                prefs.last_dir.clone(),
            );
            ui.close();
        }
    }
}

/// Menu entries for one figure: SVG, PDF, PNG and CSV (the plot menus and the Export menu).
pub fn figure_items(
    ui: &mut egui::Ui,
    ex: &mut ExportUi,
    prefs: &ExportPrefs,
    a: &Arc<Analysis>,
    kind: FigureKind,
) {
    let base = format!("{}_{}", file_stem(&a.mode), kind.name());
    format_items(
        ui,
        ex,
        prefs,
        &base,
        Some(a),
        move |format, path| match format {
            Some(format) => Target::Figure { kind, format, path },
            None => Target::Csv { kind, path },
        },
    );
}

/// Menu entries for the creation-energy figure of `result` (mode `mode`).
pub fn creation_items(
    ui: &mut egui::Ui,
    ex: &mut ExportUi,
    prefs: &ExportPrefs,
    mode: &crate::model::Mode,
    result: &Arc<CreationResult>,
) {
    let base = format!("{}_creation", file_stem(mode));
    let title = format!("{} frame {}", mode.file_name(), mode.frame);
    let result = result.clone();
    format_items(ui, ex, prefs, &base, None, move |format, path| {
        Target::Creation {
            result: result.clone(),
            title: title.clone(),
            format,
            path,
        }
    });
}

/// The plot titles of the menus.
pub fn figure_title(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Fig1 => "Fig. 1",
        FigureKind::Fig2 => "Fig. 2",
        FigureKind::Fig3 => "Fig. 3",
        FigureKind::DipoleScan => "P(r_s)",
    }
}

/// The "Export" menu of the menu bar.
pub fn export_menu(
    ui: &mut egui::Ui,
    ex: &mut ExportUi,
    prefs: &ExportPrefs,
    a: Option<&Arc<Analysis>>,
) {
    ui.menu_button("Export", |ui| {
        let Some(a) = a else {
            ui.label("nothing analysed yet");
            return;
        };
        for kind in FigureKind::ALL {
            ui.menu_button(figure_title(kind), |ui| {
                figure_items(ui, ex, prefs, a, kind)
            });
        }
        if ui.button("Result as JSON…").clicked() {
            let name = format!("{}.json", file_stem(&a.mode));
            ex.pick(
                ui.ctx(),
                Target::Json,
                false,
                name,
                Some(a.clone()),
                prefs.last_dir.clone(),
            );
            ui.close();
        }
        ui.separator();
        if ui.button("Export all…").clicked() {
            ex.pick(
                ui.ctx(),
                Target::All,
                true,
                String::new(),
                Some(a.clone()),
                prefs.last_dir.clone(),
            );
            ui.close();
        }
        if let Some(dir) = &prefs.last_dir {
            if ui
                .button(format!("Export all to {}", dir.display()))
                .on_hover_text("every figure in the ticked formats, the CSVs and the JSON")
                .clicked()
            {
                ex.start(
                    ui.ctx(),
                    Target::All(dir.clone()),
                    Some(a.clone()),
                    prefs,
                    false,
                );
                ui.close();
            }
        }
        ui.separator();
        if ui.button("Figure style…").clicked() {
            ex.style_open = true;
            ui.close();
        }
    });
}

/// A small export menu above each of the four plots.
pub fn plot_buttons(ui: &mut egui::Ui, ex: &mut ExportUi, prefs: &ExportPrefs, a: &Arc<Analysis>) {
    ui.columns(4, |cols| {
        for (col, kind) in cols.iter_mut().zip(FigureKind::ALL) {
            col.menu_button(format!("Export {}", figure_title(kind)), |ui| {
                figure_items(ui, ex, prefs, a, kind)
            });
        }
    });
}

/// The "Figure style" window: width, font size, DPI, greyscale and the formats of
/// "Export all".
pub fn style_window(ctx: &egui::Context, open: &mut bool, prefs: &mut ExportPrefs) {
    egui::Window::new("Figure style")
        .open(open)
        .resizable(false)
        .show(ctx, |ui| {
            let mut width = if prefs.style.width_in > 5.0 {
                Width::Double
            } else {
                Width::Single
            };
            let before = width;
            ui.horizontal(|ui| {
                ui.radio_value(&mut width, Width::Single, "single column (3.4 in)");
                ui.radio_value(&mut width, Width::Double, "double column (7 in)");
            });
            if width != before {
                // the journal width sets width and panel aspect; font and colours stay
                let w = FigureStyle::with_width(width);
                prefs.style.width_in = w.width_in;
                prefs.style.aspect = w.aspect;
            }
            ui.horizontal(|ui| {
                let l = ui.label("font (pt)");
                ui.add(
                    egui::DragValue::new(&mut prefs.style.font_pt)
                        .range(5.0..=16.0)
                        .speed(0.1),
                )
                .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let l = ui.label("PNG resolution (dpi)");
                ui.add(
                    egui::DragValue::new(&mut prefs.dpi)
                        .range(72.0..=2400.0)
                        .speed(10.0),
                )
                .labelled_by(l.id);
            });
            ui.checkbox(&mut prefs.style.greyscale, "greyscale");
            ui.checkbox(&mut prefs.style.upright_units, "units upright")
                .on_hover_text("units of the axis labels set upright, as journals set them");
            ui.label("Formats of Export all:");
            ui.horizontal(|ui| {
                ui.checkbox(&mut prefs.svg, "SVG");
                ui.checkbox(&mut prefs.pdf, "PDF");
                ui.checkbox(&mut prefs.png, "PNG");
            });
            if ui.button("Default style").clicked() {
                let keep = prefs.last_dir.clone();
                *prefs = ExportPrefs {
                    last_dir: keep,
                    ..ExportPrefs::default()
                };
            }
        });
}
