#![no_main]
//! Fuzzes the lammps_dump reader.

mod common;

use libfuzzer_sys::fuzz_target;
use softmode::io::Format;

fuzz_target!(|data: &[u8]| common::read("lammps_dump", data, Format::LammpsDump, None));
