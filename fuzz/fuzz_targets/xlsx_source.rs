#![no_main]
use gds_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let toml = project_toml("persons.xlsx", "pad = { area = 5 }\n");
    let dir = folder(&[
        ("gds.toml", toml.as_bytes()),
        ("areas.csv", AREAS.as_bytes()),
        ("crosswalk.csv", CROSSWALK.as_bytes()),
        ("persons.xlsx", data),
    ]);
    run(&dir.path().join("gds.toml"));
});
