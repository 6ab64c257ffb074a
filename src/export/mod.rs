//! Exports drawn from `Analysis` only: tables, text, publication figures and the
//! analysed mode as extended XYZ.

pub mod figures;
pub mod scaling;
pub mod summary;
pub mod table;
pub mod xyz;
