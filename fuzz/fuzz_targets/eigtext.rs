#![no_main]
//! Fuzzes the eigtext reader on a fixed 3-atom configuration.

mod common;

use libfuzzer_sys::fuzz_target;
use softmode::io::Format;

fuzz_target!(|data: &[u8]| common::read("eigtext", data, Format::Text, Some(common::config())));
