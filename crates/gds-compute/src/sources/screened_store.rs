//! What a screening pass found, remembered for the same bytes: a file screened once by this
//! build of gds, with the same declaration and the same checks, is not screened again.
//!
//! The gate's screening reads every column of a source, which costs more than the cube of a
//! job that needs a few (at 10⁷ persons, mostly decoding and hashing the person ids). An
//! analyst runs `compute`, `chart` and `report` on the same files many times; what the
//! screening counts depends only on the file's bytes, the source as resolved from
//! `gds.toml`, the dataset's definition, the checks built from the catalogue and gds's own
//! code, so its result ([`Screened`]) is stored under a key of exactly those: the BLAKE3 hash
//! of the file's contents, the source, dataset and checks as gds prints them (every spelling,
//! alias, range and expression of every check), and the running program's identity (version,
//! path, size, modification and change times and inode: a rebuilt or reinstalled program is a
//! new one even when its modification time was preserved). A changed byte, a changed alias or
//! a new build is a new key, and the file is screened again. Nothing but the counts is
//! stored: every finding is still built from the file itself when a count is not zero.
//!
//! A file that changed while it was read is not stored (its size and times are compared
//! before and after, and a file modified after its read began is never stored: the bytes
//! hashed might not be the bytes counted).
//!
//! Stored in `GDS_CACHE_DIR`, else `$XDG_CACHE_HOME/gds/screened`, else
//! `$HOME/.cache/gds/screened`; `GDS_NO_CACHE` (any value) neither reads nor writes it. The
//! store is trusted like the program itself: gds creates its folder for its user only
//! (`0700`) and ignores an entry or a folder that others can write. A store that cannot be
//! read or written is no error: the file is screened.

use super::project::Source;
use super::screen::{Check, Screened};
use gds_indicators::Dataset;
use std::io::Read;
use std::path::PathBuf;
use std::time::SystemTime;

/// The format of the key and of a stored [`Screened`]: bump it when either changes meaning.
const VERSION: &[u8] = b"gds screened 2\0";

/// Where a screening is stored and what the file was when its key was taken.
#[derive(Debug, Clone)]
pub struct Key {
    hex: String,
    file: PathBuf,
    stamp: Stamp,
}

/// A file's size and times (and inode on Unix): what changes when its bytes are rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    extra: (i64, i64, u64, u64),
}

fn stamp(meta: &std::fs::Metadata) -> Stamp {
    #[cfg(unix)]
    let extra = {
        use std::os::unix::fs::MetadataExt;
        (meta.ctime(), meta.ctime_nsec(), meta.ino(), meta.dev())
    };
    #[cfg(not(unix))]
    let extra = (0, 0, 0, 0);
    Stamp { len: meta.len(), modified: meta.modified().ok(), extra }
}

/// Whether others than the user can write `meta`'s file or folder.
fn others_can_write(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o022 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

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

/// The running program's identity (computed once per process).
fn program() -> Option<&'static str> {
    static PROGRAM: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let meta = std::fs::metadata(&exe).ok()?;
            Some(format!("{} {} {:?}", env!("CARGO_PKG_VERSION"), exe.display(), stamp(&meta)))
        })
        .as_deref()
}

/// The key of `src` (of dataset `ds`) screened with `checks`: `None` when there is nothing to
/// screen, the store is off, or the file cannot be hashed (it is then screened, and nothing
/// is stored).
pub fn key(src: &Source, ds: &Dataset, checks: &[Check]) -> Option<Key> {
    // A run that reads every value (`GDS_NO_FOOTER`) takes no stored screening.
    if checks.is_empty() || std::env::var_os("GDS_NO_FOOTER").is_some() {
        return None;
    }
    folder()?;
    let before = stamp(&std::fs::metadata(&src.path).ok()?);
    let mut h = blake3::Hasher::new();
    h.update(VERSION);
    h.update(program()?.as_bytes());
    h.update(b"\0");
    // What gds prints of the source, the dataset and the checks: every field that shapes the
    // read or a check (a printing that fails leaves the file unkeyed, so screened).
    let printed =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| format!("{src:?}\0{ds:?}\0{checks:?}\0")))
            .ok()?;
    h.update(printed.as_bytes());
    let mut file = std::fs::File::open(&src.path).ok()?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    let after = stamp(&file.metadata().ok()?);
    (before == after).then(|| Key {
        hex: h.finalize().to_hex().to_string(),
        file: src.path.clone(),
        stamp: after,
    })
}

/// The screening stored under `key`, if any (a store that cannot be read, or that others can
/// write, is none).
pub fn load(key: &Key) -> Option<Screened> {
    let dir = folder()?;
    if others_can_write(&std::fs::metadata(&dir).ok()?) {
        return None;
    }
    let path = dir.join(format!("{}.json", key.hex));
    let file = std::fs::File::open(path).ok()?;
    if others_can_write(&file.metadata().ok()?) {
        return None;
    }
    serde_json::from_reader(std::io::BufReader::new(file)).ok()
}

/// Store `screened` under `key`, unless the file changed since its key was taken or was
/// modified after `read_started` (the moment its read began). Written to a temporary file in
/// the folder and renamed, so a reader never sees half of it; any failure leaves the store as
/// it was.
pub fn store(key: &Key, screened: &Screened, read_started: SystemTime) {
    let Some(dir) = folder() else { return };
    let Ok(meta) = std::fs::metadata(&key.file) else { return };
    let now = stamp(&meta);
    if now != key.stamp || now.modified.is_none_or(|m| m >= read_started) {
        return;
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    if builder.create(&dir).is_err() || std::fs::metadata(&dir).map_or(true, |m| others_can_write(&m)) {
        return;
    }
    let Ok(text) = serde_json::to_string(screened) else { return };
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(&dir) else { return };
    if std::io::Write::write_all(&mut tmp, text.as_bytes()).is_err() {
        return;
    }
    let _ = tmp.persist(dir.join(format!("{}.json", key.hex)));
}
