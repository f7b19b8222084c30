//! Output files: every file is written under a temporary name in the output folder and
//! renamed into place only when all files are complete.

use crate::SynthError;
use polars::prelude::*;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Temporary files of a run, renamed into place by [`Staging::commit`]; removed if dropped
/// before that.
pub struct Staging {
    dir: PathBuf,
    files: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Staging {
    /// Stage into `dir` (created if missing).
    pub fn new(dir: &Path) -> Result<Staging, SynthError> {
        std::fs::create_dir_all(dir).map_err(|e| SynthError::io(dir, e))?;
        Ok(Staging { dir: dir.to_path_buf(), files: Vec::new(), committed: false })
    }

    /// Final path of a file name.
    pub fn final_path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Create the temporary file for `name`.
    pub fn create(&mut self, name: &str) -> Result<File, SynthError> {
        let tmp = self.dir.join(format!(".{name}.gds-synth-tmp"));
        let fin = self.dir.join(name);
        let f = File::create(&tmp).map_err(|e| SynthError::io(&fin, e))?;
        self.files.push((tmp, fin));
        Ok(f)
    }

    /// Write a whole text file.
    pub fn write_text(&mut self, name: &str, text: &str) -> Result<(), SynthError> {
        let mut f = self.create(name)?;
        f.write_all(text.as_bytes()).map_err(|e| SynthError::io(&self.final_path(name), e))
    }

    /// Size in bytes of a staged file.
    pub fn staged_size(&self, name: &str) -> u64 {
        let fin = self.dir.join(name);
        self.files
            .iter()
            .find(|(_, f)| *f == fin)
            .and_then(|(t, _)| std::fs::metadata(t).ok())
            .map_or(0, |m| m.len())
    }

    /// Rename every staged file into place.
    pub fn commit(mut self) -> Result<(), SynthError> {
        for (tmp, fin) in &self.files {
            std::fs::rename(tmp, fin).map_err(|e| SynthError::io(fin, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            for (tmp, _) in &self.files {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

/// File format of the large microdata tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MicroFormat {
    /// Parquet, one row group per chunk (default).
    #[default]
    Parquet,
    /// CSV (UTF-8, header).
    Csv,
}

impl MicroFormat {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            MicroFormat::Parquet => "parquet",
            MicroFormat::Csv => "csv",
        }
    }
}

enum Inner {
    Parquet(Box<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>),
    Csv(polars::io::csv::write::BatchedWriter<File>),
}

/// A microdata table written chunk by chunk.
pub struct TableWriter {
    inner: Option<Inner>,
    file: Option<File>,
    format: MicroFormat,
    path: PathBuf,
    metadata: Vec<(String, String)>,
    /// Rows written.
    pub rows: u64,
}

impl TableWriter {
    /// A writer for `name` (the schema is taken from the first frame written).
    pub fn new(
        stage: &mut Staging,
        name: &str,
        format: MicroFormat,
        metadata: Vec<(String, String)>,
    ) -> Result<TableWriter, SynthError> {
        let file = stage.create(name)?;
        Ok(TableWriter {
            inner: None,
            file: Some(file),
            format,
            path: stage.final_path(name),
            metadata,
            rows: 0,
        })
    }

    fn err(&self, e: PolarsError) -> SynthError {
        SynthError::Polars { path: self.path.clone(), source: e }
    }

    /// Write one chunk (one Parquet row group).
    pub fn write(&mut self, df: &DataFrame) -> Result<(), SynthError> {
        if self.inner.is_none() {
            let f = self.file.take().expect("file is present before the first write");
            let schema = df.schema().clone();
            let inner = match self.format {
                MicroFormat::Parquet => Inner::Parquet(Box::new(
                    ParquetWriter::new(BufWriter::with_capacity(1 << 20, f))
                        .with_compression(ParquetCompression::Zstd(None))
                        .with_key_value_metadata(Some(KeyValueMetadata::from_static(self.metadata.clone())))
                        .batched(&schema)
                        .map_err(|e| self.err(e))?,
                )),
                MicroFormat::Csv => Inner::Csv(
                    CsvWriter::new(f).include_header(true).batched(&schema).map_err(|e| self.err(e))?,
                ),
            };
            self.inner = Some(inner);
        }
        let r = match self.inner.as_mut().expect("initialised above") {
            Inner::Parquet(w) => w.write_batch(df),
            Inner::Csv(w) => w.write_batch(df),
        };
        r.map_err(|e| self.err(e))?;
        self.rows += df.height() as u64;
        Ok(())
    }

    /// Finish the file (an empty table still gets its header / schema from `empty`).
    pub fn finish(mut self, empty: &DataFrame) -> Result<u64, SynthError> {
        if self.inner.is_none() {
            self.write(empty)?;
        }
        match self.inner.take().expect("written at least once") {
            Inner::Parquet(w) => {
                // Writing the footer flushes the buffer.
                w.finish().map_err(|e| self.err(e))?;
            }
            Inner::Csv(mut w) => {
                w.finish().map_err(|e| self.err(e))?;
            }
        }
        Ok(self.rows)
    }
}

/// A CSV table written row by row.
pub struct CsvTable {
    w: csv::Writer<BufWriter<File>>,
    path: PathBuf,
    /// Rows written.
    pub rows: u64,
}

impl CsvTable {
    /// Create with a header.
    pub fn new(stage: &mut Staging, name: &str, header: &[&str]) -> Result<CsvTable, SynthError> {
        let f = stage.create(name)?;
        let mut t = CsvTable {
            w: csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, f)),
            path: stage.final_path(name),
            rows: 0,
        };
        t.w.write_record(header).map_err(|e| SynthError::Csv { path: t.path.clone(), source: e })?;
        Ok(t)
    }

    /// Write a row.
    pub fn row<I, S>(&mut self, fields: I) -> Result<(), SynthError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.w.write_record(fields).map_err(|e| SynthError::Csv { path: self.path.clone(), source: e })?;
        self.rows += 1;
        Ok(())
    }

    /// Flush and close.
    pub fn finish(mut self) -> Result<u64, SynthError> {
        self.w.flush().map_err(|e| SynthError::io(&self.path, e))?;
        Ok(self.rows)
    }
}

/// `true` / `false`.
pub fn b(v: bool) -> &'static str {
    if v { "true" } else { "false" }
}

/// A number with `d` decimals.
pub fn num(v: f64, d: usize) -> String {
    format!("{v:.d$}")
}
