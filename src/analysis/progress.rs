//! Progress and cancellation of a long computation run on a worker thread: the worker
//! reports fractions and checks the flag between stages; the window reads both.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use crate::error::{Error, Result};

/// Shared between the thread that computes and the one that shows a progress bar.
#[derive(Debug, Default)]
pub struct Progress {
    /// The fraction done as f32 bits (an atomic f32).
    done: AtomicU32,
    cancel: AtomicBool,
}

impl Progress {
    /// Records that `fraction` (0..=1) of the work is done.
    pub fn set(&self, fraction: f64) {
        let f = fraction.clamp(0.0, 1.0) as f32;
        self.done.store(f.to_bits(), Ordering::Relaxed);
    }

    pub fn fraction(&self) -> f32 {
        f32::from_bits(self.done.load(Ordering::Relaxed))
    }

    /// Asks the worker to stop at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// A stage boundary: records `fraction`, or ends the run with `Error::Cancelled`.
    pub fn stage(&self, fraction: f64) -> Result<()> {
        if self.is_cancelled() {
            return Err(Error::Cancelled);
        }
        self.set(fraction);
        Ok(())
    }

    /// The flag as the creation-energy code takes it.
    pub fn flag(&self) -> &AtomicBool {
        &self.cancel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_record_fractions_until_cancelled() {
        let p = Progress::default();
        assert_eq!(p.fraction(), 0.0);
        p.stage(0.25).expect("not cancelled");
        assert_eq!(p.fraction(), 0.25);
        p.set(7.0);
        assert_eq!(p.fraction(), 1.0);
        p.cancel();
        assert!(matches!(p.stage(0.5), Err(Error::Cancelled)));
        assert_eq!(p.fraction(), 1.0, "a cancelled stage records nothing");
    }
}
