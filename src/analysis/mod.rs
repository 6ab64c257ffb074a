//! The analysis of ANALYSIS.md sections 1-9 as pure functions of a `Mode` and `Settings`.
//! `Analyzer::run` gives an `Analysis`; views and exports read only that.

pub mod centre;
pub mod core;
pub mod couplings;
pub mod creation;
pub mod dipole;
pub mod elastic;
pub mod medium;
pub mod moments;
pub mod pair_terms;
pub mod per_atom;
pub mod progress;
pub mod run;
pub mod scaling;
pub mod settings;
pub mod shells;

pub use crate::potential::{neighbours, Ipl3d, Moduli, Potential};
pub use centre::{find_centre, Centre};
pub use creation::{creation, CreationResult, CreationSettings};
pub use progress::Progress;
pub use run::{Analysis, Analyzer, Curves, ScanPoint};
pub use settings::{Method, Settings};
