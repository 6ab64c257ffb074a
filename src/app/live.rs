//! The live analysis of the mode shown: its analyzer (with the cached first stage), the
//! settings last asked for, and the analysis on screen, tagged by a ticket that changes
//! with the mode so that a late result of another mode is never shown.

use std::sync::Arc;

use crate::analysis::{Analysis, Analyzer, Potential, Settings};
use crate::error::Result;
use crate::model::Mode;

#[derive(Default)]
pub struct LiveAnalysis {
    /// Bumped whenever the mode changes; tags analysis jobs.
    ticket: u64,
    /// None while a job has it.
    analyzer: Option<Analyzer>,
    /// The (ticket, settings) last asked for, so that each change runs once.
    requested: Option<(u64, Settings)>,
    shown: Option<Arc<Analysis>>,
    /// The ticket `shown` was computed for.
    shown_ticket: u64,
}

/// What `LiveAnalysis::request` did.
pub enum Request {
    /// Nothing to do: already asked for, or the analyzer is out on a job.
    None,
    /// Run on the UI thread (the first stage was cached); the result is shown.
    Done(Result<()>),
    /// Too slow for a frame: run it on a thread and hand the result to `finished`.
    Job(Analyzer, u64),
}

impl LiveAnalysis {
    /// A new mode: a new ticket and analyzer; nothing asked for yet.
    pub fn select(&mut self, mode: &Mode, potential: &Arc<Potential>) {
        self.ticket += 1;
        self.analyzer = Some(Analyzer::new(mode.clone(), potential.clone()));
        self.requested = None;
    }

    pub fn shown(&self) -> Option<&Arc<Analysis>> {
        self.shown.as_ref()
    }

    /// Whether `settings` for the current mode have not been asked for yet.
    pub fn outdated(&self, settings: &Settings) -> bool {
        self.requested.as_ref().map(|(t, s)| (*t, s)) != Some((self.ticket, settings))
    }

    /// Asks for the analysis with `settings` (once per mode and settings).
    pub fn request(&mut self, settings: &Settings) -> Request {
        if !self.outdated(settings) {
            return Request::None;
        }
        let Some(mut analyzer) = self.analyzer.take() else {
            return Request::None;
        };
        self.requested = Some((self.ticket, settings.clone()));
        if !analyzer.is_cached(settings) {
            return Request::Job(analyzer, self.ticket);
        }
        let result = analyzer.run(settings).map(|a| self.show(a, self.ticket));
        self.analyzer = Some(analyzer);
        Request::Done(result)
    }

    /// A job's analyzer and result: shown if it is of the current mode. None for a late
    /// result of another mode (dropped).
    pub fn finished(
        &mut self,
        ticket: u64,
        analyzer: Analyzer,
        result: Result<Analysis>,
    ) -> Option<Result<()>> {
        if ticket != self.ticket {
            return None;
        }
        self.analyzer = Some(analyzer);
        Some(result.map(|a| self.show(a, ticket)))
    }

    fn show(&mut self, a: Analysis, ticket: u64) {
        self.shown = Some(Arc::new(a));
        self.shown_ticket = ticket;
    }

    /// After a cancelled job: the settings of the analysis shown, if it is of this mode,
    /// marked as asked for (the caller puts them back in the sliders).
    pub fn cancelled(&mut self) -> Option<Settings> {
        let shown = self
            .shown
            .as_ref()
            .filter(|_| self.shown_ticket == self.ticket)?;
        let s = shown.settings.clone();
        self.requested = Some((self.ticket, s.clone()));
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_runs_once_and_late_results_of_another_mode_are_dropped() {
        let mode = crate::example::test_glass(0);
        let potential = Arc::new(Potential::ipl3d());
        let mut live = LiveAnalysis::default();
        let settings = Settings::default();
        live.select(&mode, &potential);
        assert!(live.outdated(&settings));
        // The first stage is not cached yet: a job.
        let Request::Job(mut analyzer, ticket) = live.request(&settings) else {
            panic!("the first analysis of a mode goes to a thread");
        };
        assert!(
            matches!(live.request(&settings), Request::None),
            "asked once"
        );
        let result = analyzer.run(&settings);
        // Another mode was selected meanwhile: the late result is dropped.
        live.select(&mode, &potential);
        assert!(live.finished(ticket, analyzer, result).is_none());
        assert!(live.shown().is_none());
        // The new mode's job comes back and is shown.
        let Request::Job(mut analyzer, ticket) = live.request(&settings) else {
            panic!("a job for the new mode");
        };
        let result = analyzer.run(&settings);
        assert!(matches!(
            live.finished(ticket, analyzer, result),
            Some(Ok(()))
        ));
        assert!(live.shown().is_some() && !live.outdated(&settings));
        // A changed setting with the first stage cached runs at once.
        let wider = Settings {
            r_s: settings.r_s + 0.5,
            ..settings.clone()
        };
        assert!(matches!(live.request(&wider), Request::Done(Ok(()))));
        let shown = live.shown().expect("shown");
        assert_eq!(shown.settings.r_s, wider.r_s);
        assert_eq!(live.cancelled().map(|s| s.r_s), Some(wider.r_s));
    }
}
