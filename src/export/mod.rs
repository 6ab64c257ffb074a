//! Exports drawn from `Analysis` only: tables, text (and, later, figures).

pub mod summary;
pub mod table;
