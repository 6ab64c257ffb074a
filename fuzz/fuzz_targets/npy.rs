#![no_main]
//! Fuzzes the npy reader on a fixed 3-atom configuration.

mod common;

use libfuzzer_sys::fuzz_target;
use softmode::io::Format;

fuzz_target!(|data: &[u8]| common::read("npy", data, Format::Npy, Some(common::config())));
