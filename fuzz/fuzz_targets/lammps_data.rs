#![no_main]
//! Fuzzes the LAMMPS data reader: the input is the configuration of a fixed eigenvector
//! file (one component per line: 3 lines for 1 atom, 9 for 3).

mod common;

use libfuzzer_sys::fuzz_target;
use softmode::io::Format;

fuzz_target!(|data: &[u8]| {
    let eig = common::file("eig.txt", b"0.1\n0.2\n0.3\n0.1\n0.2\n0.3\n0.1\n0.2\n0.3\n");
    let cfg = common::file("data", data);
    common::read_with("eig.txt", &eig, Format::Text, Some(cfg));
});
