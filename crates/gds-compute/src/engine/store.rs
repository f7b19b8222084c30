//! Stored cubes: `gds cube` writes them, `gds compute --from-cubes` reads them.
//!
//! A cube folder holds `cubes.json` (the manifest: per cube its dataset, axes, predicates,
//! moments and their decimals, and whether the data passed validation) and one Parquet file
//! per cube: a text column per axis, the signature as 32 hex digits, and each moment as exact
//! decimal text (`1234.500000000`), so that any tool reads the sums without rounding.

use crate::error::ComputeError;
use gds_cube::{Cube, Moment};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Name of the manifest.
pub const MANIFEST: &str = "cubes.json";
/// Format name written in the manifest.
pub const FORMAT: &str = "gds-cubes";

/// One cube in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// Dataset id.
    pub dataset: String,
    /// Parquet file, relative to the folder.
    pub file: String,
    /// Axis names.
    pub axes: Vec<String>,
    /// Predicates (SQL), bit i of a signature.
    pub predicates: Vec<String>,
    /// Moment names (`n`, `sw`, `sw2`, `swx:<col>`, `swx2:<col>`).
    pub moments: Vec<String>,
    /// Decimals per moment.
    pub decimals: Vec<u32>,
    /// Number of cells.
    pub cells: usize,
}

/// The manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Format version (1).
    pub version: u32,
    /// Whether the data passed every check of `gds validate` (false: built with `--force`).
    pub validated: bool,
    /// The cubes.
    pub cubes: Vec<Entry>,
}

/// Exact decimal text of `s` at `d` decimals.
pub fn decimal_text(s: i128, d: u32) -> String {
    if d == 0 {
        return s.to_string();
    }
    let p = 10u128.pow(d);
    let a = s.unsigned_abs();
    format!("{}{}.{:0width$}", if s < 0 { "-" } else { "" }, a / p, a % p, width = d as usize)
}

/// Parse exact decimal text at `d` decimals (no more digits than `d` after the point).
pub fn parse_decimal(t: &str, d: u32) -> Option<i128> {
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty()
        || frac.len() > d as usize
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut v: i128 = int.parse().ok()?;
    v = v.checked_mul(10i128.pow(d))?;
    if !frac.is_empty() {
        let f: i128 = frac.parse().ok()?;
        v = v.checked_add(f.checked_mul(10i128.pow(d - frac.len() as u32))?)?;
    }
    Some(if neg { -v } else { v })
}

fn frame(cube: &Cube) -> PolarsResult<DataFrame> {
    let mut cols: Vec<Column> = Vec::new();
    for (j, axis) in cube.axes.iter().enumerate() {
        let v: Vec<&str> = cube.cells().map(|(k, _)| axis.codes[k.codes[j] as usize].as_str()).collect();
        cols.push(Column::new(axis.name.as_str().into(), v));
    }
    let sig: Vec<String> = cube.cells().map(|(k, _)| format!("{:032x}", k.signature)).collect();
    cols.push(Column::new("signature".into(), sig));
    for (m, (moment, d)) in cube.moments.iter().zip(&cube.decimals).enumerate() {
        let v: Vec<String> = cube.cells().map(|(_, s)| decimal_text(s[m], *d)).collect();
        cols.push(Column::new(moment.to_string().as_str().into(), v));
    }
    DataFrame::new_infer_height(cols)
}

/// Write `cubes` into folder `dir` (built beside it and swapped in whole).
pub fn write(dir: &Path, cubes: &[Cube], validated: bool) -> Result<(), ComputeError> {
    let staging = crate::writers::Staging::new(dir)?;
    let mut entries = Vec::new();
    for (i, cube) in cubes.iter().enumerate() {
        let file = format!("{}-{i}.parquet", cube.dataset);
        let path = staging.path().join(&file);
        let err = |e: String| ComputeError::Write { path: path.display().to_string(), message: e };
        let mut df = frame(cube).map_err(|e| err(e.to_string()))?;
        let f = std::fs::File::create(&path).map_err(|e| err(e.to_string()))?;
        ParquetWriter::new(f).finish(&mut df).map_err(|e| err(e.to_string()))?;
        entries.push(Entry {
            dataset: cube.dataset.clone(),
            file,
            axes: cube.axes.iter().map(|a| a.name.clone()).collect(),
            predicates: cube.predicates.clone(),
            moments: cube.moments.iter().map(|m| m.to_string()).collect(),
            decimals: cube.decimals.clone(),
            cells: cube.len(),
        });
    }
    let manifest = Manifest { format: FORMAT.into(), version: 1, validated, cubes: entries };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| ComputeError::Write {
        path: dir.join(MANIFEST).display().to_string(),
        message: e.to_string(),
    })?;
    std::fs::write(staging.path().join(MANIFEST), text + "\n").map_err(|e| ComputeError::Write {
        path: dir.join(MANIFEST).display().to_string(),
        message: e.to_string(),
    })?;
    staging.commit()
}

fn bad(path: &Path, message: String) -> ComputeError {
    ComputeError::request(
        format!("{}: {message}", path.display()),
        Some("rebuild the folder with `gds cube PROJECT --out DIR`".into()),
    )
}

/// Read the cubes of folder `dir`, and whether their data passed validation.
pub fn read(dir: &Path) -> Result<(Vec<Cube>, bool), ComputeError> {
    let mpath = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&mpath).map_err(|e| bad(&mpath, format!("cannot be read: {e}")))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| bad(&mpath, format!("is not a cube manifest: {e}")))?;
    if manifest.format != FORMAT || manifest.version != 1 {
        return Err(bad(
            &mpath,
            format!("format {:?} version {} is not gds-cubes 1", manifest.format, manifest.version),
        ));
    }
    let mut cubes = Vec::new();
    for e in &manifest.cubes {
        let path = dir.join(&e.file);
        if e.file.contains('/') || e.file.contains('\\') || e.file.starts_with('.') {
            return Err(bad(&mpath, format!("file {:?} is not inside the folder", e.file)));
        }
        let moments = e
            .moments
            .iter()
            .map(|m| Moment::parse(m).ok_or_else(|| bad(&mpath, format!("unknown moment {m:?}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let mut cube =
            Cube::new(e.dataset.clone(), e.axes.clone(), e.predicates.clone(), moments, e.decimals.clone())
                .map_err(|x| bad(&mpath, x.to_string()))?;
        let f = std::fs::File::open(&path).map_err(|x| bad(&path, format!("cannot be read: {x}")))?;
        let df =
            ParquetReader::new(f).finish().map_err(|x| bad(&path, format!("is not a cube file: {x}")))?;
        let text_col = |name: &str| -> Result<Vec<Option<String>>, ComputeError> {
            let c = df.column(name).map_err(|_| bad(&path, format!("has no column {name:?}")))?;
            let c = c.str().map_err(|_| bad(&path, format!("column {name:?} is not text")))?;
            Ok(c.iter().map(|x| x.map(str::to_string)).collect())
        };
        let axes: Vec<Vec<Option<String>>> = e.axes.iter().map(|a| text_col(a)).collect::<Result<_, _>>()?;
        let sig = text_col("signature")?;
        let vals: Vec<Vec<Option<String>>> =
            e.moments.iter().map(|m| text_col(m)).collect::<Result<_, _>>()?;
        for r in 0..df.height() {
            let row = r + 1;
            let codes: Vec<&str> = axes
                .iter()
                .map(|a| a[r].as_deref().ok_or_else(|| bad(&path, format!("row {row}: an empty code"))))
                .collect::<Result<_, _>>()?;
            let s = sig[r]
                .as_deref()
                .and_then(|s| u128::from_str_radix(s, 16).ok())
                .ok_or_else(|| bad(&path, format!("row {row}: the signature is not hex")))?;
            let v: Vec<i128> = vals
                .iter()
                .zip(&e.decimals)
                .map(|(c, d)| {
                    c[r].as_deref().and_then(|t| parse_decimal(t, *d)).ok_or_else(|| {
                        bad(
                            &path,
                            format!(
                                "row {row}: {:?} is not a decimal with {d} places",
                                c[r].as_deref().unwrap_or("")
                            ),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
            cube.add(&codes, s, &v).map_err(|x| bad(&path, x.to_string()))?;
        }
        cube.canonicalize();
        if cube.len() != e.cells {
            return Err(bad(&path, format!("holds {} cells, the manifest says {}", cube.len(), e.cells)));
        }
        cubes.push(cube);
    }
    Ok((cubes, manifest.validated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_text_round_trips_exactly() {
        for (s, d) in
            [(0i128, 9), (1, 9), (-1, 9), (6_666_666_667, 9), (-123_456, 3), (42, 0), (i128::MAX / 7, 13)]
        {
            let t = decimal_text(s, d);
            assert_eq!(parse_decimal(&t, d), Some(s), "{t}");
        }
        assert_eq!(decimal_text(6_666_666_667, 9), "6.666666667");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(parse_decimal("1.2345", 3), None);
        assert_eq!(parse_decimal("1e3", 3), None);
        assert_eq!(parse_decimal("", 3), None);
    }
}
