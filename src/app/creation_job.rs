//! The creation energy (analysis::creation) of the current mode on a thread: fractional
//! progress, cancellation, and a cache per (mode, settings) so that switching back is
//! instant.

use std::sync::Arc;

use eframe::egui;

use super::job::{Job, Poll, LOST};
use crate::analysis::creation::{creation, CreationResult, CreationSettings};
use crate::analysis::Potential;
use crate::error::Error;
use crate::model::Mode;

/// Results kept (each holds the relaxed core per grid point: small).
const CACHE_LEN: usize = 64;

struct Running {
    mode: Arc<Mode>,
    settings: CreationSettings,
    job: Job<Result<CreationResult, Error>>,
}

/// A finished result with how long it took.
pub struct Entry {
    mode: Arc<Mode>,
    pub settings: CreationSettings,
    pub result: Arc<CreationResult>,
    pub seconds: f64,
}

#[derive(Default)]
pub struct CreationJobs {
    cache: Vec<Entry>,
    running: Option<Running>,
    /// The last failure (not a cancellation).
    pub error: Option<String>,
}

impl CreationJobs {
    /// The cached result for `mode` and `settings`.
    pub fn get(&self, mode: &Arc<Mode>, settings: &CreationSettings) -> Option<&Entry> {
        self.cache
            .iter()
            .find(|e| Arc::ptr_eq(&e.mode, mode) && &e.settings == settings)
    }

    /// Fraction done of the running job, if any.
    pub fn progress(&self) -> Option<f32> {
        self.running.as_ref().map(|r| r.job.fraction())
    }

    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// Starts the computation (a running one is cancelled first).
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        mode: Arc<Mode>,
        potential: Arc<Potential>,
        settings: CreationSettings,
    ) {
        self.cancel();
        self.error = None;
        let (m, s) = (mode.clone(), settings.clone());
        let job = Job::spawn(ctx, move |progress| {
            creation(&m, potential.as_ref(), &s, progress)
        });
        self.running = Some(Running {
            mode,
            settings,
            job,
        });
    }

    /// Cancels the running job and forgets it.
    pub fn cancel(&mut self) {
        self.running = None;
    }

    /// Takes in a finished job; true when a new result arrived.
    pub fn poll(&mut self) -> bool {
        let outcome = match self.running.as_ref().map(|r| r.job.poll()) {
            None | Some(Poll::Running) => return false,
            Some(Poll::Done(outcome)) => outcome,
            Some(Poll::Lost) => Err(Error::Setting(LOST.to_owned())),
        };
        let Some(r) = self.running.take() else {
            return false;
        };
        match outcome {
            Ok(result) => {
                if self.cache.len() >= CACHE_LEN {
                    self.cache.remove(0);
                }
                self.cache.push(Entry {
                    seconds: r.job.seconds(),
                    mode: r.mode,
                    settings: r.settings,
                    result: Arc::new(result),
                });
                true
            }
            Err(Error::Cancelled) => false,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }
}
