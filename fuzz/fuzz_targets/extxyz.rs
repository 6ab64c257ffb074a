#![no_main]
//! Fuzzes the extxyz reader.

mod common;

use libfuzzer_sys::fuzz_target;
use softmode::io::Format;

fuzz_target!(|data: &[u8]| common::read("extxyz", data, Format::Extxyz, None));
