#![no_main]
use gds_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the reader's settings, the rest is the file.
    let (settings, body) = data.split_first().unwrap_or((&0, &[]));
    let extra = match settings % 4 {
        0 => "",
        1 => "delimiter = \";\"\n",
        2 => "thousands = \".\"\ndecimal = \",\"\n",
        _ => "encoding = \"windows-1258\"\nheader-row = 2\n",
    };
    let toml = project_toml("persons.csv", extra);
    let dir = folder(&[
        ("gds.toml", toml.as_bytes()),
        ("areas.csv", AREAS.as_bytes()),
        ("crosswalk.csv", CROSSWALK.as_bytes()),
        ("persons.csv", body),
    ]);
    run(&dir.path().join("gds.toml"));
});
