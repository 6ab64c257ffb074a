//! Work off the UI thread, one way for all of it: a `Job` runs a closure on its own
//! thread with a shared `Progress` (fraction done, cancel) and sends back its one
//! result; the UI polls it each frame. `JobSet` holds several jobs of one kind (files
//! added to a table, a dialog and then a write) and hands over results as they come.
//! A job that is dropped is cancelled; a thread that died is reported, never waited for.

use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;
use std::time::Instant;

use eframe::egui;

use crate::analysis::progress::Progress;

/// What a poll finds.
pub enum Poll<T> {
    Running,
    Done(T),
    /// The thread ended without a result (it panicked).
    Lost,
}

/// Said when a job's thread ended without a result.
pub const LOST: &str = "the background job stopped unexpectedly";

pub struct Job<T> {
    progress: Arc<Progress>,
    rx: Receiver<T>,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread; the window repaints when it ends.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce(&Progress) -> T + Send + 'static) -> Self {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let (shared, ctx) = (progress.clone(), ctx.clone());
        std::thread::spawn(move || {
            let _ = tx.send(work(&shared));
            ctx.request_repaint();
        });
        Self {
            progress,
            rx,
            started: Instant::now(),
        }
    }
}

impl<T> Job<T> {
    /// The result, once (a later poll finds the job lost).
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(v) => Poll::Done(v),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    pub fn fraction(&self) -> f32 {
        self.progress.fraction()
    }

    /// Asks the work to stop at its next check.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    pub fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

/// Jobs of one kind, any number at once.
pub struct JobSet<T> {
    jobs: Vec<Job<T>>,
}

impl<T> Default for JobSet<T> {
    fn default() -> Self {
        Self { jobs: Vec::new() }
    }
}

impl<T: Send + 'static> JobSet<T> {
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) {
        self.jobs.push(Job::spawn(ctx, work));
    }
}

impl<T> JobSet<T> {
    pub fn busy(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// The job started last.
    pub fn last(&self) -> Option<&Job<T>> {
        self.jobs.last()
    }

    /// The results that came since the last poll (Err: a job whose thread died), in the
    /// order the jobs were started.
    pub fn poll(&mut self) -> Vec<Result<T, &'static str>> {
        let mut out = Vec::new();
        self.jobs.retain(|job| match job.poll() {
            Poll::Running => true,
            Poll::Done(v) => {
                out.push(Ok(v));
                false
            }
            Poll::Lost => {
                out.push(Err(LOST));
                false
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn wait<T>(job: &Job<T>) -> Poll<T> {
        for _ in 0..500 {
            match job.poll() {
                Poll::Running => std::thread::sleep(Duration::from_millis(10)),
                other => return other,
            }
        }
        Poll::Running
    }

    #[test]
    fn a_job_sends_its_result_and_a_dead_one_is_reported() {
        let ctx = egui::Context::default();
        let job = Job::spawn(&ctx, |p| {
            p.set(0.5);
            6 * 7
        });
        assert!(matches!(wait(&job), Poll::Done(42)));
        assert_eq!(job.fraction(), 0.5);
        let dead: Job<i32> = Job::spawn(&ctx, |_| panic!("a bug in the work"));
        assert!(matches!(wait(&dead), Poll::Lost));
    }

    #[test]
    fn a_cancelled_job_sees_the_flag() {
        let ctx = egui::Context::default();
        let (go, wait_for_go) = channel::<()>();
        let job = Job::spawn(&ctx, move |p| {
            let _ = wait_for_go.recv();
            p.is_cancelled()
        });
        job.cancel();
        let _ = go.send(());
        assert!(matches!(wait(&job), Poll::Done(true)));
    }

    #[test]
    fn a_set_hands_over_results_as_they_come() {
        let ctx = egui::Context::default();
        let mut set = JobSet::default();
        for k in 0..3 {
            set.spawn(&ctx, move |_| k);
        }
        let mut got = Vec::new();
        for _ in 0..500 {
            got.extend(set.poll());
            if !set.busy() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let mut values: Vec<i32> = got.into_iter().map(|r| r.expect("no job died")).collect();
        values.sort_unstable();
        assert_eq!(values, vec![0, 1, 2]);
    }
}
