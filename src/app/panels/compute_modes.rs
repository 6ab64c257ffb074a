//! "Modes…" beside the file name: the k lowest normal modes of the configuration in the
//! file (ANALYSIS.md section 13), computed on a thread with progress and cancel
//! (`modes::of_configuration`, as the CLI's `softmode modes`), then shown in the mode
//! list like modes read from a file; "Save modes…" writes them as extended XYZ. With
//! "quartic modes", the quartic modes started from those normal modes (section 15) are
//! shown instead, named q0, q1, .. in Table I.

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui;

use crate::app::job::{Job, Poll, LOST};
use crate::app::jobs::Source;
use crate::app::SoftmodeApp;
use crate::io::{read_config, write::write_modes, ReadOptions};
use crate::model::{Mode, TypeMap};
use crate::modes::{of_configuration, quartic_of, Request, Route};
use crate::potential::Potential;
use crate::quartic::QuarticSettings;

struct Running {
    path: PathBuf,
    job: Job<crate::Result<Vec<Mode>>>,
}

/// The panel's state: the request, the running job and the last message.
pub struct ComputeModes {
    pub k: usize,
    pub minimise: bool,
    /// Show the quartic modes started from the k normal modes instead of them.
    pub quartic: bool,
    /// The configuration file the modes are computed for: the file shown, or the last
    /// file that failed to open as modes (a configuration without eigenvectors).
    pub config: Option<PathBuf>,
    running: Option<Running>,
    pub status: Option<String>,
}

impl Default for ComputeModes {
    fn default() -> Self {
        Self {
            k: 10,
            minimise: false,
            quartic: false,
            config: None,
            running: None,
            status: None,
        }
    }
}

impl ComputeModes {
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// Fraction done of the running job.
    pub fn fraction(&self) -> Option<f32> {
        self.running.as_ref().map(|r| r.job.fraction())
    }

    /// Starts computing the modes of `self.config` (a running job is cancelled first).
    pub fn start(&mut self, ctx: &egui::Context, potential: Arc<Potential>, types: TypeMap) {
        self.cancel();
        let Some(path) = self.config.clone() else {
            return;
        };
        let (k, minimise, quartic) = (self.k, self.minimise, self.quartic);
        self.status = None;
        let file = path.clone();
        let job = Job::spawn(ctx, move |progress| {
            let opts = ReadOptions {
                types,
                ..ReadOptions::default()
            };
            let request = Request {
                k,
                minimise,
                route: Route::Auto,
            };
            let computed = read_config(&file, &opts, &potential.species()).and_then(|config| {
                of_configuration(&potential, &file, config, request, progress)
            })?;
            match quartic {
                true => quartic_of(
                    &potential,
                    &computed.modes,
                    &QuarticSettings::default(),
                    progress,
                )
                .map(|(modes, _)| modes),
                false => Ok(computed.modes),
            }
        });
        self.running = Some(Running { path, job });
    }

    /// Cancels the running job (dropping it raises its flag).
    pub fn cancel(&mut self) {
        self.running = None;
    }

    /// The finished job's modes and their file, if one finished; a failure becomes the
    /// status message.
    fn poll(&mut self) -> Option<(PathBuf, Vec<Mode>)> {
        let outcome = match self.running.as_ref()?.job.poll() {
            Poll::Running => return None,
            Poll::Done(outcome) => outcome,
            Poll::Lost => Err(crate::Error::Setting(LOST.to_owned())),
        };
        let path = self.running.take()?.path;
        match outcome {
            Ok(modes) => {
                let kind = match modes.first().map(|m| m.kind) {
                    Some(crate::model::ModeKind::Quartic) => "quartic modes",
                    _ => "modes",
                };
                self.status = Some(format!(
                    "computed {} {kind} of {}",
                    modes.len(),
                    path.display()
                ));
                Some((path, modes))
            }
            Err(crate::Error::Cancelled) => {
                self.status = Some("mode computation cancelled".to_owned());
                None
            }
            Err(e) => {
                self.status = Some(format!("could not compute modes: {e}"));
                None
            }
        }
    }
}

/// Takes in finished computations: their modes replace the mode list.
pub fn pump(app: &mut SoftmodeApp) {
    if let Some((path, modes)) = app.compute.poll() {
        app.show_modes(Source::File(path), modes);
    }
}

/// The "Modes…" menu: k, minimise first, Compute, Save modes….
pub fn button(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    // Ticking an option must not close the menu; its buttons close it themselves.
    let keep_open = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    let menu = egui::containers::menu::MenuButton::new("Modes…").config(keep_open);
    menu.ui(ui, |ui| {
        let Some(config) = app.compute.config.clone() else {
            ui.label("open a configuration file first");
            return;
        };
        ui.label(format!("configuration: {}", config.display()));
        ui.horizontal(|ui| {
            let label = ui.label("lowest modes k");
            ui.add(egui::DragValue::new(&mut app.compute.k).range(1..=200))
                .labelled_by(label.id);
        });
        ui.checkbox(
            &mut app.compute.minimise,
            "minimise first (FIRE, then Newton)",
        );
        ui.checkbox(
            &mut app.compute.quartic,
            "quartic modes from these normal modes",
        )
        .on_hover_text("Gartner and Lerner's quartic modes (section 15), q0, q1, .. in Table I");
        if ui
            .add_enabled(!app.compute.busy(), egui::Button::new("Compute modes"))
            .on_hover_text("shift-invert Lanczos on a sparse Cholesky factor of D (section 13)")
            .clicked()
        {
            let types = crate::app::panels::types_dialog::saved_map(
                &app.state,
                &Source::File(config.clone()),
            );
            app.compute.start(ui.ctx(), app.potential.clone(), types);
            ui.close();
        }
        if ui
            .add_enabled(!app.modes.is_empty(), egui::Button::new("Save modes…"))
            .on_hover_text("all modes of the list as extended XYZ, one frame per mode")
            .clicked()
        {
            save_modes(app);
            ui.close();
        }
    });
}

/// Asks for a file name and writes the modes; an existing file is never replaced.
fn save_modes(app: &mut SoftmodeApp) {
    let Some(path) = rfd::FileDialog::new()
        .set_title("Save the modes")
        .set_file_name("modes.extxyz")
        .save_file()
    else {
        return;
    };
    let modes: Vec<Mode> = app.modes.iter().map(|m| (**m).clone()).collect();
    app.compute.status = Some(
        match write_modes(&path, &modes, &app.potential.species(), false) {
            Ok(()) => format!("wrote {} modes to {}", modes.len(), path.display()),
            Err(e) => format!("modes not saved: {e}"),
        },
    );
}

/// The progress bar and Cancel of a running computation, or the last message.
pub fn status(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    if let Some(f) = app.compute.fraction() {
        ui.separator();
        ui.add(
            egui::ProgressBar::new(f)
                .desired_width(160.0)
                .text(format!("computing modes {:.0} %", 100.0 * f)),
        );
        if ui.button("Cancel").clicked() {
            app.compute.cancel();
            app.compute.status = Some("mode computation cancelled".to_owned());
        }
    } else if let Some(s) = &app.compute.status {
        ui.separator();
        ui.label(s);
    }
}
