//! Work off the UI thread for the main window: loading a file, the expensive first stage
//! of an analysis and the file dialogs, each a `Job` (job.rs). A new load replaces (and
//! so cancels) the running one; an analysis of a mode switched away from still finishes,
//! and the live analysis drops its result by its ticket.

use std::path::PathBuf;

use eframe::egui;

use super::job::{Job, JobSet, Poll, LOST};
use crate::analysis::{Analysis, Analyzer, Potential, Settings};
use crate::io::{read_modes, Progress, ReadOptions};
use crate::model::{Mode, TypeMap};
use std::sync::Arc;

/// What to load.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Example,
    File(PathBuf),
}

pub enum Outcome {
    Loaded {
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

/// A running load: what is read, and the job.
struct Load {
    what: String,
    source: Source,
    job: Job<Outcome>,
}

#[derive(Default)]
pub struct Jobs {
    load: Option<Load>,
    /// Bytes read by the running load.
    pub progress: Progress,
    /// Analyses on threads (a stale one may still run beside the current).
    analyses: JobSet<Outcome>,
    dialogs: JobSet<Outcome>,
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
        self.load.is_some() || self.analyses.busy()
    }

    /// What the running load reads, if one runs.
    pub fn loading(&self) -> Option<&str> {
        self.load.as_ref().map(|l| l.what.as_str())
    }

    pub fn analysing(&self) -> bool {
        self.analyses.busy()
    }

    /// Fraction done of the latest analysis started (the one shown).
    pub fn analysis_fraction(&self) -> f32 {
        self.analyses.last().map_or(0.0, Job::fraction)
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
        let what = match &source {
            Source::Example => "the built-in example".to_owned(),
            Source::File(p) => p.display().to_string(),
        };
        self.progress = Progress::default();
        let (progress, from) = (self.progress.clone(), source.clone());
        let job = Job::spawn(ctx, move |_| {
            let modes = progress
                .run(|| read_source(&from, potential.as_ref(), tile, &types))
                .map_err(|e| e.to_string());
            Outcome::Loaded {
                source: from,
                modes,
                labels: progress.labels(),
            }
        });
        self.load = Some(Load { what, source, job });
    }

    /// Forgets the running load (its thread finishes, its result is dropped).
    pub fn cancel_load(&mut self) {
        self.load = None;
    }

    /// Runs `analyzer` on `settings` on a thread; the analyzer comes back with the result.
    pub fn analyse(
        &mut self,
        ctx: &egui::Context,
        mut analyzer: Analyzer,
        settings: Settings,
        ticket: u64,
    ) {
        self.analyses.spawn(ctx, move |progress| {
            let result = Box::new(analyzer.run_with(&settings, progress));
            Outcome::Analysed {
                ticket,
                analyzer: Box::new(analyzer),
                result,
            }
        });
    }

    /// Asks the analysis shown in the progress bar to stop at its next stage.
    pub fn cancel_analysis(&mut self) {
        if let Some(job) = self.analyses.last() {
            job.cancel();
        }
    }

    /// Opens the file dialog on a thread (the synchronous dialog would block the UI).
    pub fn pick_file(&mut self, ctx: &egui::Context) {
        self.dialogs.spawn(ctx, |_| {
            let path = rfd::FileDialog::new()
                .set_title("Open a mode file")
                .add_filter("mode files", crate::io::EXTENSIONS)
                .add_filter("all files", &["*"])
                .pick_file();
            Outcome::Picked(path)
        });
    }

    /// Asks for a file of LAMMPS commands (off the UI thread, like `pick_file`).
    pub fn pick_potential(&mut self, ctx: &egui::Context) {
        self.dialogs.spawn(ctx, |_| {
            let path = rfd::FileDialog::new()
                .set_title("Load a LAMMPS potential file")
                .add_filter("LAMMPS commands", &["lammps", "in", "lmp", "txt"])
                .add_filter("all files", &["*"])
                .pick_file();
            Outcome::PickedPotential(path)
        });
    }

    /// The outcomes that arrived since the last call (Err: a job's thread died).
    pub fn poll(&mut self) -> Vec<Result<Outcome, String>> {
        let mut out = Vec::new();
        if let Some(load) = &self.load {
            match load.job.poll() {
                Poll::Running => {}
                Poll::Done(o) => out.push(Ok(o)),
                Poll::Lost => out.push(Ok(Outcome::Loaded {
                    source: load.source.clone(),
                    modes: Err(LOST.to_owned()),
                    labels: Vec::new(),
                })),
            }
            if !out.is_empty() {
                self.load = None;
            }
        }
        let lost = |e: &str| format!("analysis: {e}");
        out.extend(self.analyses.poll().into_iter().map(|r| r.map_err(lost)));
        out.extend(
            self.dialogs
                .poll()
                .into_iter()
                .map(|r| r.map_err(str::to_owned)),
        );
        out
    }
}
