//! The data model: one soft mode of a glass. No GUI and no analysis here.

mod cell;
mod mode;
mod species;

pub use cell::Cell;
pub use mode::{Mode, ModeKind, Omega2Source};
pub use species::TypeMap;
