#![no_main]
//! Fuzzes the HDF5 (atooms layout) reader and its frame count.

mod common;

use libfuzzer_sys::fuzz_target;
use softmode::io::Format;

fuzz_target!(|data: &[u8]| {
    let path = common::file("h5", data);
    common::read_with("h5", &path, Format::Hdf5, None);
    let _ = softmode::io::count_frames(&path);
});
