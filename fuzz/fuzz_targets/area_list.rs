#![no_main]
use gds_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let toml = project_toml("persons.csv", "");
    let dir = folder(&[
        ("gds.toml", toml.as_bytes()),
        ("areas.csv", data),
        ("crosswalk.csv", CROSSWALK.as_bytes()),
        ("persons.csv", PERSONS.as_bytes()),
    ]);
    run(&dir.path().join("gds.toml"));
});
