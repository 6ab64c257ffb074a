//! Long calls without the GIL, stoppable with Ctrl-C: the work runs on a scoped thread
//! while the calling thread checks Python's signals every 50 ms and, on
//! KeyboardInterrupt, cancels the work through its `Progress` and waits for it.

use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;
use softmode::analysis::Progress;

use crate::errors;

/// Runs `work` with the GIL released; Ctrl-C cancels it and raises KeyboardInterrupt.
pub fn run<T: Send>(
    py: Python<'_>,
    work: impl FnOnce(&Progress) -> softmode::Result<T> + Send,
) -> PyResult<T> {
    let progress = Progress::default();
    let outcome = py.detach(|| {
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::channel();
            let progress = &progress;
            scope.spawn(move || {
                let _ = tx.send(work(progress));
            });
            wait(&rx, progress)
        })
    });
    match outcome {
        Ok(result) => result.map_err(|e| errors::to_py(py, e)),
        Err(interrupt) => Err(interrupt),
    }
}

/// The worker's result, or the KeyboardInterrupt that cancelled it (after it stopped).
fn wait<T>(
    rx: &mpsc::Receiver<softmode::Result<T>>,
    progress: &Progress,
) -> Result<softmode::Result<T>, PyErr> {
    let mut interrupt = None;
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(result) => return interrupt.map_or(Ok(result), Err),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(interrupt.unwrap_or_else(|| {
                    pyo3::exceptions::PyRuntimeError::new_err(
                        "softmode: the worker thread panicked",
                    )
                }))
            }
            Err(mpsc::RecvTimeoutError::Timeout) if interrupt.is_none() => {
                if let Err(e) = Python::attach(|py| py.check_signals()) {
                    progress.cancel();
                    interrupt = Some(e);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
}
