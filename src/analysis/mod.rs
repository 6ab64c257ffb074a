//! The analysis of ANALYSIS.md sections 1-9 as pure functions of a `Mode` and `Settings`.

pub mod centre;
pub mod creation;
pub mod potential;
pub mod settings;

pub use centre::{find_centre, Centre};
pub use creation::{creation, CreationResult, CreationSettings};
pub use potential::{Ipl3d, Moduli, PairPotential};
pub use settings::{Method, Settings};
