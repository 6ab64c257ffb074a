//! softmode: the strain-field analysis of soft modes in glasses (U. Buchenau 2020),
//! as a windowless library. Data flows one way: file -> `io` -> `Mode` -> `analysis`
//! -> `Analysis` -> views and exports. See ANALYSIS.md for every definition.

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod elastic_moduli;
pub mod error;
pub mod example;
pub mod export;
pub mod io;
pub mod model;
pub mod modes;
pub mod potential;
pub mod pseudo_inverse;
pub mod quartic;
pub mod report;
#[cfg(test)]
#[path = "../tests/shared_data/mod.rs"]
mod shared_data;

pub use error::{Error, Result};
pub use model::{Cell, Mode, TypeMap};
