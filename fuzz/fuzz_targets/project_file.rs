#![no_main]
use gds_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = folder(&[
        ("gds.toml", data),
        ("areas.csv", AREAS.as_bytes()),
        ("crosswalk.csv", CROSSWALK.as_bytes()),
        ("persons.csv", PERSONS.as_bytes()),
    ]);
    run(&dir.path().join("gds.toml"));
});
