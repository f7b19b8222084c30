#![no_main]
use gds_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = folder(&[("results.csv", data)]);
    let _ = gds_compute::writers::read_results(&dir.path().join("results.csv"));
});
