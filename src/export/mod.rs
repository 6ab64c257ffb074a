//! Exports drawn from `Analysis` only: tables, text and publication figures.

pub mod figures;
pub mod summary;
pub mod table;
