//! The creation energy (analysis::creation) of the current mode on a thread: fractional
//! progress, cancellation, and a cache per (mode, settings) so that switching back is
//! instant.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;

use crate::analysis::creation::{creation, CreationResult, CreationSettings};
use crate::analysis::Potential;
use crate::error::Error;
use crate::model::Mode;

/// Results kept (each holds the relaxed core per grid point: small).
const CACHE_LEN: usize = 64;

struct Running {
    mode: Arc<Mode>,
    settings: CreationSettings,
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    started: Instant,
    rx: Receiver<Result<CreationResult, Error>>,
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
        self.running
            .as_ref()
            .map(|r| r.done.load(Ordering::Relaxed) as f32 / r.total.max(1) as f32)
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
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let total = settings.grid().len();
        self.running = Some(Running {
            mode: mode.clone(),
            settings: settings.clone(),
            done: done.clone(),
            total,
            cancel: cancel.clone(),
            started: Instant::now(),
            rx,
        });
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let ctx2 = ctx.clone();
            let progress = move |n: usize, _total: usize| {
                done.store(n, Ordering::Relaxed);
                ctx2.request_repaint_after(Duration::from_millis(100));
            };
            let r = creation(
                &mode,
                potential.as_ref(),
                &settings,
                Some(&progress),
                Some(&cancel),
            );
            let _ = tx.send(r);
            ctx.request_repaint();
        });
    }

    /// Raises the cancel flag of the running job and forgets it.
    pub fn cancel(&mut self) {
        if let Some(r) = self.running.take() {
            r.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Takes in a finished job; true when a new result arrived.
    pub fn poll(&mut self) -> bool {
        let Some(r) = &self.running else {
            return false;
        };
        let Ok(outcome) = r.rx.try_recv() else {
            return false;
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
                    mode: r.mode,
                    settings: r.settings,
                    result: Arc::new(result),
                    seconds: r.started.elapsed().as_secs_f64(),
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
