#![no_main]
//! Fuzzes the npz reader.

mod common;

use libfuzzer_sys::fuzz_target;
use softmode::io::Format;

fuzz_target!(|data: &[u8]| common::read("npz", data, Format::Npz, None));
