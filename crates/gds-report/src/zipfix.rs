//! Fixed timestamps in a ZIP archive, so the same document gives the same bytes.
//!
//! docx-rs zips with the `zip` crate's default entry time, which is the current time whenever
//! some crate in the build enables zip's `time` feature (Cargo unifies features). Rather than
//! depend on that, every entry's DOS date/time (local header and central directory) and any
//! extended-timestamp extra field (0x5455) are set to 1980-01-01 00:00 after packing.
//! Layout per APPNOTE.TXT (PKWARE) §4.3.7 (local header), §4.3.12 (central directory),
//! §4.3.16 (end of central directory), §4.5.7 (extended timestamp).

const EOCD_SIG: u32 = 0x0605_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;
const EXT_TIMESTAMP: u16 = 0x5455;
/// DOS date of 1980-01-01: year 0 (1980) << 9 | month 1 << 5 | day 1.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// 1980-01-01T00:00:00Z as Unix seconds.
const UNIX_TIME: u32 = 315_532_800;

fn u16_at(b: &[u8], i: usize) -> Result<u16, String> {
    b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]])).ok_or_else(|| format!("truncated at {i}"))
}

fn u32_at(b: &[u8], i: usize) -> Result<u32, String> {
    b.get(i..i + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| format!("truncated at {i}"))
}

fn put_u16(b: &mut [u8], i: usize, v: u16) {
    b[i..i + 2].copy_from_slice(&v.to_le_bytes());
}

/// Reset the extended timestamps in the extra field `b[start..start + len]`.
fn fix_extra(b: &mut [u8], start: usize, len: usize) -> Result<(), String> {
    let end = start + len;
    let mut i = start;
    while i + 4 <= end {
        let (id, size) = (u16_at(b, i)?, usize::from(u16_at(b, i + 2)?));
        let data = i + 4;
        if data + size > end {
            return Err(format!("extra field at {i} runs past its header"));
        }
        if id == EXT_TIMESTAMP {
            // One flags byte, then up to three u32 times.
            let mut t = data + 1;
            while t + 4 <= data + size {
                b[t..t + 4].copy_from_slice(&UNIX_TIME.to_le_bytes());
                t += 4;
            }
        }
        i = data + size;
    }
    Ok(())
}

/// Set every timestamp of the archive in `b` to 1980-01-01 00:00.
pub(crate) fn fix_timestamps(b: &mut [u8]) -> Result<(), String> {
    if b.len() < 22 {
        return Err("too short for a ZIP archive".into());
    }
    let lowest = b.len().saturating_sub(22 + usize::from(u16::MAX));
    let eocd = (lowest..=b.len() - 22)
        .rev()
        .find(|&i| u32_at(b, i) == Ok(EOCD_SIG))
        .ok_or("no end-of-central-directory record")?;
    let entries = usize::from(u16_at(b, eocd + 10)?);
    let cd_offset = u32_at(b, eocd + 16)?;
    if cd_offset == u32::MAX || entries == usize::from(u16::MAX) {
        return Err("ZIP64 archives are not handled".into());
    }
    let mut at = cd_offset as usize;
    for n in 0..entries {
        if u32_at(b, at)? != CENTRAL_SIG {
            return Err(format!("central directory entry {n} at {at} has no signature"));
        }
        let name_len = usize::from(u16_at(b, at + 28)?);
        let extra_len = usize::from(u16_at(b, at + 30)?);
        let comment_len = usize::from(u16_at(b, at + 32)?);
        let local = u32_at(b, at + 42)? as usize;
        put_u16(b, at + 12, DOS_TIME);
        put_u16(b, at + 14, DOS_DATE);
        fix_extra(b, at + 46 + name_len, extra_len)?;

        if u32_at(b, local)? != LOCAL_SIG {
            return Err(format!("local header of entry {n} at {local} has no signature"));
        }
        put_u16(b, local + 10, DOS_TIME);
        put_u16(b, local + 12, DOS_DATE);
        let (l_name, l_extra) = (usize::from(u16_at(b, local + 26)?), usize::from(u16_at(b, local + 28)?));
        fix_extra(b, local + 30 + l_name, l_extra)?;

        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read, Write};
    use zip::DateTime;
    use zip::write::SimpleFileOptions;

    fn archive(when: DateTime) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(when);
        w.add_directory("word/", opts).unwrap();
        w.start_file("word/document.xml", opts).unwrap();
        w.write_all(b"<w:document/>").unwrap();
        w.start_file("docProps/core.xml", opts).unwrap();
        w.write_all(b"<cp:coreProperties/>").unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn archives_written_at_different_times_become_identical() {
        let mut a = archive(DateTime::from_date_and_time(2021, 5, 6, 7, 8, 10).unwrap());
        let mut b = archive(DateTime::from_date_and_time(2025, 12, 5, 23, 59, 58).unwrap());
        assert_ne!(a, b);
        fix_timestamps(&mut a).unwrap();
        fix_timestamps(&mut b).unwrap();
        assert_eq!(a, b);
        let mut z = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        let mut f = z.by_name("word/document.xml").unwrap();
        assert_eq!(f.last_modified().unwrap(), DateTime::default());
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        assert_eq!(s, "<w:document/>");
    }

    #[test]
    fn garbage_is_refused() {
        assert!(fix_timestamps(&mut [0u8; 10]).is_err());
        assert!(fix_timestamps(&mut [0u8; 100]).is_err());
    }
}
