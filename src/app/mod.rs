//! The window (feature "gui"): a 3D view of the mode, live Figs. 1-3 and P(r_s), the
//! controls and the numbers. Every number shown is read from an `Analysis`.

pub mod animation;
pub mod camera;
pub mod colormap;
pub mod creation_job;
pub mod export_ui;
pub mod job;
pub mod jobs;
mod live;
pub mod markup;
pub mod panels;
pub mod plots;
pub mod renderer;
pub mod scene;
#[cfg(test)]
mod scene_tests;
pub mod snapshot;
pub mod state;
pub mod tools;
pub mod viewport3d;

mod app_impl;
mod launch;
mod tools3d;

use std::path::PathBuf;
use std::sync::Arc;

pub use launch::run;

use crate::analysis::{Analysis, Potential};
use crate::model::Mode;
use jobs::{Jobs, Source};
use state::Persisted;
use viewport3d::Viewport3d;

/// How the window was started (command line).
#[derive(Clone, Debug, Default)]
pub struct Launch {
    pub file: Option<PathBuf>,
    pub frame: Option<usize>,
    /// Save a PNG of the whole window once the analysis and the 3D view are complete, then exit.
    pub screenshot: Option<PathBuf>,
    pub size: Option<[f32; 2]>,
    /// Orbit the camera for this many frames, print frame times, exit.
    pub bench_frames: Option<usize>,
    /// Repeat the glass tile x tile x tile times (benchmarks).
    pub tile: usize,
    /// Render the 3D view off-screen to this PNG once it is complete, then exit.
    pub snapshot: Option<PathBuf>,
    /// Size of --snapshot and --movie pictures (default 3000x3000).
    pub snapshot_size: Option<[u32; 2]>,
    pub transparent: bool,
    /// Save one period of the animation as frame_NNNN.png in this folder, then exit.
    pub movie: Option<PathBuf>,
    pub movie_frames: usize,
    /// Start with the mode animation playing.
    pub animate: bool,
    /// The potential for the file of the command line (--potential).
    pub potential: Option<String>,
    /// View settings replacing the saved ones (--view).
    pub view: Option<scene::ViewSettings>,
    /// Raised when a scripted run failed: a save, the file or its analysis (the process
    /// then exits with an error).
    pub failed: Arc<std::sync::atomic::AtomicBool>,
}

impl Launch {
    /// Runs that save something and exit (no saved state is read or written).
    pub fn scripted(&self) -> bool {
        self.screenshot.is_some()
            || self.bench_frames.is_some()
            || self.snapshot.is_some()
            || self.movie.is_some()
    }
}

/// The command line, and how far a scripted run (one that saves something and exits:
/// --screenshot, --bench-frames, --snapshot, --movie) has come.
#[derive(Default)]
struct Script {
    launch: Launch,
    /// The mode to select when the next load arrives (--frame).
    pending_frame: Option<usize>,
    bench: app_impl::Bench,
    /// Frames drawn since everything was complete (--screenshot saves at the third).
    shot_frames: usize,
    /// --snapshot / --movie captures queued.
    saves_queued: bool,
}

/// The application state.
pub struct SoftmodeApp {
    pub state: Persisted,
    pub(crate) potential: Arc<Potential>,
    modes: Vec<Arc<Mode>>,
    source: Option<Source>,
    current: usize,
    /// The analysis of the mode shown, as the settings change.
    live: live::LiveAnalysis,
    /// The loader's or the analysis' message, shown in the window.
    pub error: Option<String>,
    jobs: Jobs,
    view3d: Viewport3d,
    /// The command line and what a scripted run has done so far.
    script: Script,
    animation: animation::Animation,
    snapshots: snapshot::Snapshots,
    pub creation: panels::creation::CreationPanel,
    /// The species labels of the file shown and the open types dialog.
    types: panels::types_dialog::Types,
    /// Export, Table I and the calculator (tools.rs).
    pub tools: tools::Tools,
    /// Modes computed from the configuration (panels/compute_modes.rs).
    pub compute: panels::compute_modes::ComputeModes,
}

impl SoftmodeApp {
    /// The app as eframe creates it: settings from storage, a renderer when there is GL,
    /// and the file of the command line (or the built-in example) loading.
    pub fn new(cc: &eframe::CreationContext<'_>, launch: Launch) -> Self {
        let scripted = launch.scripted();
        markup::install_fallback_font(&cc.egui_ctx);
        let state = cc
            .storage
            .filter(|_| !scripted)
            .and_then(|s| s.get_string(state::STORAGE_KEY))
            .map(|t| Persisted::from_json(&t))
            .unwrap_or_default();
        let mut app = Self::headless(state, launch);
        if let Some(v) = app.script.launch.view.clone() {
            app.state.view = v;
        }
        if app.script.launch.bench_frames.is_some() {
            // measure every atom of the glass
            app.state.view.hide_below = 0.0;
        }
        app.view3d = Viewport3d::new(cc.gl.clone());
        app.animation.playing = app.script.launch.animate;
        if let Some(c) = app.state.camera {
            app.view3d.camera = c;
            app.view3d.framed = true;
        }
        let source = app
            .script
            .launch
            .file
            .clone()
            .map_or(Source::Example, Source::File);
        app.script.pending_frame = app.script.launch.frame;
        if let (Some(spec), Source::File(p)) = (app.script.launch.potential.clone(), &source) {
            app.state.potentials.insert(p.display().to_string(), spec);
        }
        app.start_load(&cc.egui_ctx, source);
        app
    }

    /// The app without GL or storage and nothing loaded (tests build on this).
    pub fn headless(state: Persisted, launch: Launch) -> Self {
        Self {
            state,
            potential: Arc::new(Potential::ipl3d()),
            modes: Vec::new(),
            source: None,
            current: 0,
            live: Default::default(),
            error: None,
            jobs: Jobs::default(),
            view3d: Viewport3d::new(None),
            script: Script {
                launch,
                ..Script::default()
            },
            animation: animation::Animation::default(),
            snapshots: snapshot::Snapshots::default(),
            creation: panels::creation::CreationPanel::default(),
            types: Default::default(),
            tools: tools::Tools::default(),
            compute: Default::default(),
        }
    }

    /// The analysis shown (None before the first one arrives).
    pub fn analysis(&self) -> Option<&Arc<Analysis>> {
        self.live.shown()
    }

    /// True while a file loads or an analysis runs off the UI thread, or a change waits
    /// for its analysis.
    pub fn is_busy(&self) -> bool {
        self.jobs.busy()
            || self.compute.busy()
            || (!self.modes.is_empty() && self.live.outdated(&self.state.settings))
    }

    pub fn modes(&self) -> &[Arc<Mode>] {
        &self.modes
    }

    pub fn current_mode(&self) -> usize {
        self.current
    }

    pub fn potential(&self) -> &Arc<Potential> {
        &self.potential
    }

    /// Loads `source` with the potential and species mapping remembered for it.
    pub fn start_load(&mut self, ctx: &egui::Context, source: Source) {
        panels::potential::use_remembered(self, &source);
        let types = panels::types_dialog::saved_map(&self.state, &source);
        self.jobs.load(
            ctx,
            source,
            self.potential.clone(),
            self.script.launch.tile,
            types,
        );
    }

    /// Shows `modes` (read from `source` or computed from its configuration), selecting
    /// the mode asked for on the command line or the first.
    pub fn show_modes(&mut self, source: Source, modes: Vec<Mode>) {
        if let Source::File(p) = &source {
            self.state.push_recent(p);
            self.compute.config = Some(p.clone());
        }
        self.modes = modes.into_iter().map(Arc::new).collect();
        self.source = Some(source);
        self.error = None;
        let k = self
            .script
            .pending_frame
            .take()
            .unwrap_or(0)
            .min(self.modes.len().saturating_sub(1));
        self.select_mode(k);
    }

    /// Switches to mode `k` of the file (its analysis starts at once).
    pub fn select_mode(&mut self, k: usize) {
        let Some(mode) = self.modes.get(k) else {
            return;
        };
        self.current = k;
        self.state.settings =
            panels::potential::settings_for(&self.state.settings, mode, &self.potential);
        self.live.select(mode, &self.potential);
        self.view3d.selected = None;
    }
}

use eframe::egui;
