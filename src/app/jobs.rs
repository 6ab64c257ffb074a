//! Work off the UI thread: loading a file and the expensive first stage of an analysis.
//! Each job runs on its own thread and sends one `Outcome` back; tickets tell stale
//! results (a cancelled load, a mode switched away from) from current ones.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use eframe::egui;

use crate::analysis::{self, Analysis, Analyzer, Potential, Settings};
use crate::io::{read_modes, Progress, ReadOptions};
use crate::model::{Mode, TypeMap};

/// What to load.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Example,
    File(PathBuf),
}

pub enum Outcome {
    Loaded {
        ticket: u64,
        source: Source,
        modes: Result<Vec<Mode>, String>,
        /// The species labels the file uses (for the types dialog).
        labels: Vec<String>,
    },
    /// The file dialog closed (None: cancelled or no dialog available).
    Picked(Option<PathBuf>),
    /// The potential-file dialog closed.
    PickedPotential(Option<PathBuf>),
    Analysed {
        ticket: u64,
        analyzer: Box<Analyzer>,
        result: Box<crate::Result<Analysis>>,
    },
}

pub struct Jobs {
    tx: Sender<Outcome>,
    rx: Receiver<Outcome>,
    /// The ticket of the load whose result is wanted; bumping it cancels a load.
    pub load_ticket: u64,
    /// A description of the running load, if any.
    pub loading: Option<String>,
    /// Bytes read by the running load.
    pub progress: Progress,
    /// How many analyses run on threads (a stale one may still run beside the current).
    pub analysing: usize,
    /// The progress of the latest analysis started on a thread (the one shown).
    pub analysis_progress: Option<Arc<analysis::Progress>>,
}

impl Default for Jobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            load_ticket: 0,
            loading: None,
            progress: Progress::default(),
            analysing: 0,
            analysis_progress: None,
        }
    }
}

/// Reads every mode of `source` (any format; species labels mapped by `types`),
/// repeated `tile` times along each axis when `tile > 1` (for benchmarks).
pub fn read_source(
    source: &Source,
    potential: &Potential,
    tile: usize,
    types: &TypeMap,
) -> crate::Result<Vec<Mode>> {
    let modes = match source {
        Source::Example => vec![crate::example::example_mode()?],
        Source::File(p) => {
            let opts = ReadOptions {
                types: types.clone(),
                ..ReadOptions::default()
            };
            read_modes(p, &opts, &potential.species())?
        }
    };
    Ok(if tile > 1 {
        modes.iter().map(|m| m.tiled([tile; 3])).collect()
    } else {
        modes
    })
}

impl Jobs {
    pub fn busy(&self) -> bool {
        self.loading.is_some() || self.analysing > 0
    }

    /// Starts loading `source`; a running load is superseded.
    pub fn load(
        &mut self,
        ctx: &egui::Context,
        source: Source,
        potential: Arc<Potential>,
        tile: usize,
        types: TypeMap,
    ) {
        self.load_ticket += 1;
        let ticket = self.load_ticket;
        self.loading = Some(match &source {
            Source::Example => "the built-in example".to_owned(),
            Source::File(p) => p.display().to_string(),
        });
        self.progress = Progress::default();
        let (tx, ctx, progress) = (self.tx.clone(), ctx.clone(), self.progress.clone());
        std::thread::spawn(move || {
            let modes = progress
                .run(|| read_source(&source, potential.as_ref(), tile, &types))
                .map_err(|e| e.to_string());
            let _ = tx.send(Outcome::Loaded {
                ticket,
                source,
                modes,
                labels: progress.labels(),
            });
            ctx.request_repaint();
        });
    }

    /// Forgets the running load (its thread finishes, its result is dropped).
    pub fn cancel_load(&mut self) {
        self.load_ticket += 1;
        self.loading = None;
    }

    /// Runs `analyzer` on `settings` on a thread; the analyzer comes back with the result.
    pub fn analyse(
        &mut self,
        ctx: &egui::Context,
        mut analyzer: Analyzer,
        settings: Settings,
        ticket: u64,
    ) {
        self.analysing += 1;
        let progress = Arc::new(analysis::Progress::default());
        self.analysis_progress = Some(progress.clone());
        let (tx, ctx) = (self.tx.clone(), ctx.clone());
        std::thread::spawn(move || {
            let result = Box::new(analyzer.run_with(&settings, &progress));
            let _ = tx.send(Outcome::Analysed {
                ticket,
                analyzer: Box::new(analyzer),
                result,
            });
            ctx.request_repaint();
        });
    }

    /// Asks the analysis shown in the progress bar to stop at its next stage.
    pub fn cancel_analysis(&mut self) {
        if let Some(p) = &self.analysis_progress {
            p.cancel();
        }
    }

    /// Opens the file dialog on a thread (the synchronous dialog would block the UI).
    pub fn pick_file(&mut self, ctx: &egui::Context) {
        let (tx, ctx) = (self.tx.clone(), ctx.clone());
        std::thread::spawn(move || {
            let path = rfd::FileDialog::new()
                .set_title("Open a mode file")
                .add_filter(
                    "mode files",
                    &[
                        "extxyz",
                        "xyz",
                        "gz",
                        "dump",
                        "lammpstrj",
                        "npz",
                        "h5",
                        "hdf5",
                    ],
                )
                .add_filter("all files", &["*"])
                .pick_file();
            let _ = tx.send(Outcome::Picked(path));
            ctx.request_repaint();
        });
    }

    /// Asks for a file of LAMMPS commands (off the UI thread, like `pick_file`).
    pub fn pick_potential(&mut self, ctx: &egui::Context) {
        let (tx, ctx) = (self.tx.clone(), ctx.clone());
        std::thread::spawn(move || {
            let path = rfd::FileDialog::new()
                .set_title("Load a LAMMPS potential file")
                .add_filter("LAMMPS commands", &["lammps", "in", "lmp", "txt"])
                .add_filter("all files", &["*"])
                .pick_file();
            let _ = tx.send(Outcome::PickedPotential(path));
            ctx.request_repaint();
        });
    }

    /// The outcomes that arrived since the last call.
    pub fn poll(&mut self) -> Vec<Outcome> {
        let out: Vec<Outcome> = self.rx.try_iter().collect();
        for o in &out {
            match o {
                Outcome::Loaded { ticket, .. } if *ticket == self.load_ticket => {
                    self.loading = None
                }
                Outcome::Analysed { .. } => self.analysing = self.analysing.saturating_sub(1),
                Outcome::Loaded { .. } | Outcome::Picked(_) | Outcome::PickedPotential(_) => {}
            }
        }
        out
    }
}
