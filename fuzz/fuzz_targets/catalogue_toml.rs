#![no_main]
use gds_indicators::Catalogue;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A copy of the catalogue folder, made once; each input replaces one indicator file.
fn catalogue_copy() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let src = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../indicators"));
        let dst = std::env::temp_dir().join(format!("gds-fuzz-catalogue-{}", std::process::id()));
        copy_dir(&src, &dst);
        dst
    })
}

fn copy_dir(src: &std::path::Path, dst: &std::path::Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &dst.join(e.file_name()));
        } else {
            std::fs::copy(&p, dst.join(e.file_name())).expect("copy");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let dir = catalogue_copy();
    // The first byte picks the file: an indicator, a dataset or a code list.
    let (which, body) = data.split_first().unwrap_or((&0, &[]));
    let target = match which % 3 {
        0 => dir.join("population/srb.toml"),
        1 => dir.join("datasets/births.toml"),
        _ => dir.join("codelists/sex.toml"),
    };
    let original = std::fs::read(&target).expect("read");
    std::fs::write(&target, body).expect("write");
    let _ = Catalogue::load(dir);
    std::fs::write(&target, original).expect("restore");
});
