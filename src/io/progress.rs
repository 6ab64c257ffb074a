//! What a load running in the window reports: the bytes read of the files a reader
//! opens (for a progress bar) and the species labels met (for the types dialog).
//!
//! The window's loading thread runs a read inside `Progress::run`; every `LineReader`
//! opened on that thread then counts what it reads (one atomic add per 64 KiB buffer
//! refill, so reading is not slowed), and every species label goes through `label`.
//! A thread-local keeps the readers' signatures as they are. Binary formats read whole
//! (NumPy, HDF5) report no bytes until done.

use std::cell::RefCell;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Bytes read and bytes to read, shared between a loading thread and the window.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    counts: Arc<[AtomicU64; 2]>,
    labels: Arc<Mutex<Vec<String>>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Progress>> = const { RefCell::new(None) };
}

impl Progress {
    /// Runs `f` with every file opened by a reader on this thread counted here.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        let before = CURRENT.with(|c| c.replace(Some(self.clone())));
        let out = f();
        CURRENT.with(|c| c.replace(before));
        out
    }

    /// Bytes read so far over the size of the files opened; None before any is opened.
    pub fn fraction(&self) -> Option<f32> {
        let read = self.counts[0].load(Ordering::Relaxed);
        let total = self.counts[1].load(Ordering::Relaxed);
        (total > 0).then(|| (read as f64 / total as f64).min(1.0) as f32)
    }

    /// The distinct species labels met so far, in order.
    pub fn labels(&self) -> Vec<String> {
        self.labels.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Notes `label` (resolved to `found`). An unknown label reads as species 0 here, so
    /// that the whole file is read and every label is known: the window asks for the
    /// mapping before it uses modes that have unknown labels.
    pub(crate) fn label(&self, label: &str, found: Option<u8>) -> Option<u8> {
        if let Ok(mut l) = self.labels.lock() {
            if !l.iter().any(|x| x == label) {
                l.push(label.to_owned());
            }
        }
        Some(found.unwrap_or(0))
    }

    /// The progress `run` installed on this thread, if any.
    pub(crate) fn current() -> Option<Progress> {
        CURRENT.with(|c| c.borrow().clone())
    }

    /// Counts the reads of `inner`, a file of `size` bytes.
    pub(crate) fn counted<R: Read>(&self, inner: R, size: u64) -> Counted<R> {
        self.counts[1].fetch_add(size, Ordering::Relaxed);
        Counted {
            inner,
            progress: self.clone(),
        }
    }
}

/// A reader that adds the bytes it reads to a `Progress`.
pub(crate) struct Counted<R> {
    inner: R,
    progress: Progress,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.counts[0].fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_inside_run() {
        let p = Progress::default();
        assert_eq!(p.fraction(), None);
        let data = vec![7u8; 1000];
        let mut out = Vec::new();
        let mut r = p.counted(&data[..], 4000);
        r.read_to_end(&mut out).expect("read");
        assert_eq!(p.fraction(), Some(0.25));
        assert!(Progress::current().is_none());
        p.run(|| assert!(Progress::current().is_some()));
        assert!(Progress::current().is_none());
    }
}
