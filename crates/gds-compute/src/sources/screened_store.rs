//! What a screening pass found, remembered for the same bytes: a file screened once by this
//! build of gds, with the same declaration and the same checks, is not screened again.
//!
//! The gate's screening reads every column of a source, which costs more than the cube of a
//! job that needs a few (at 10⁷ persons, mostly decoding and hashing the person ids). An
//! analyst runs `compute`, `chart` and `report` on the same files many times; what the
//! screening counts depends only on the file's bytes, the source's declaration, the checks
//! built from the catalogue and gds's own code, so its result ([`Screened`]) is stored under a
//! key of exactly those: the BLAKE3 hash of the file's contents, the declaration and checks
//! as gds prints them (every spelling, alias, range and expression of every check), and the
//! running program's own identity (version, path, size and modification time: any rebuild is
//! a new program). A changed byte, a changed alias or a new build is a new key, and the file is
//! screened again. Nothing but the counts is stored: every finding is still built from the
//! file itself when a count is not zero.
//!
//! Stored in `GDS_CACHE_DIR`, else `$XDG_CACHE_HOME/gds/screened`, else
//! `$HOME/.cache/gds/screened`; `GDS_NO_CACHE` (any value) neither reads nor writes it. A
//! store that cannot be read or written is no error: the file is screened.

use super::project::Source;
use super::screen::{Check, Screened};
use std::io::Read;
use std::path::PathBuf;

/// The folder of stored screenings, unless switched off.
fn folder() -> Option<PathBuf> {
    if std::env::var_os("GDS_NO_CACHE").is_some() {
        return None;
    }
    if let Some(d) = std::env::var_os("GDS_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    let base =
        std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()).map(PathBuf::from).or_else(|| {
            std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("gds").join("screened"))
}

/// The running program's identity: any rebuild changes its modification time.
fn program() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {} {} {}", env!("CARGO_PKG_VERSION"), exe.display(), meta.len(), modified.as_nanos()))
}

/// The key of `src` screened with `checks`: `None` when the file cannot be hashed (it is then
/// screened, and nothing is stored).
pub fn key(src: &Source, checks: &[Check]) -> Option<String> {
    folder()?;
    let mut h = blake3::Hasher::new();
    h.update(b"gds screened 1\0");
    h.update(program()?.as_bytes());
    h.update(b"\0");
    h.update(format!("{:?}\0{:?}\0{:?}\0", src.def, src.format, src.units).as_bytes());
    h.update(format!("{checks:?}").as_bytes());
    h.update(b"\0");
    let mut file = std::fs::File::open(&src.path).ok()?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Some(h.finalize().to_hex().to_string())
}

/// The screening stored under `key`, if any (a store that cannot be read is none).
pub fn load(key: &str) -> Option<Screened> {
    let path = folder()?.join(format!("{key}.json"));
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Store `screened` under `key`: written to a temporary file in the folder and renamed, so a
/// reader never sees half of it; any failure leaves the store as it was.
pub fn store(key: &str, screened: &Screened) {
    let Some(dir) = folder() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(text) = serde_json::to_string(screened) else { return };
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(&dir) else { return };
    if std::io::Write::write_all(&mut tmp, text.as_bytes()).is_err() {
        return;
    }
    let _ = tmp.persist(dir.join(format!("{key}.json")));
}
