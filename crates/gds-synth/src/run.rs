//! One generator run: the order files are produced in, and their bookkeeping.

use crate::communes::{self, COMMUNES};
use crate::model::Model;
use crate::out::{CsvTable, Staging, TableWriter};
use crate::persons::{self, AgeSexTable, ChunkOut, CommuneCounts, Job, LfsRows, Sums};
use crate::tables::{self, YearFacts};
use crate::{SynthConfig, SynthError, SynthSummary, WrittenFile, docs, events, file_name, gov};
use std::thread::ScopedJoinHandle;

/// LFS rows per Parquet row group.
const LFS_ROW_GROUP: usize = 65_536;

/// Realized figures of one year (printed in the README next to the true parameters).
#[derive(Debug, Clone, Default)]
pub struct Realized {
    /// Year.
    pub year: i32,
    /// Persons.
    pub persons: u64,
    /// LFS rows.
    pub lfs_rows: u64,
    /// Births, and boys among them.
    pub births: u64,
    /// Boys.
    pub boys: u64,
    /// Births to mothers 15–19.
    pub teen_births: u64,
    /// Women 15–19.
    pub women_15_19: u64,
    /// Deaths.
    pub deaths: u64,
    /// Maternal deaths.
    pub maternal: u64,
    /// Marriages.
    pub marriages: u64,
    /// Leaders.
    pub leaders: u64,
    /// Bodies, with a woman key leader.
    pub bodies: (u64, u64),
    /// Enterprises active, with a woman director, with a known director.
    pub firms: (u64, u64, u64),
    /// GBV cases, reached by a service.
    pub gbv: (u64, u64),
    /// Weighted LFPR (F, M), percent.
    pub lfpr: [f64; 2],
}

pub struct Run<'a> {
    pub cfg: &'a SynthConfig,
    pub model: &'a Model,
    stage: Staging,
    pub files: Vec<WrittenFile>,
    facts: Vec<YearFacts>,
    pub realized: Vec<Realized>,
    per_commune: Vec<u64>,
    tables: [AgeSexTable; 2],
    firms: Vec<gov::Firm>,
    pub deputies: [(u64, u64); 2],
    pub party: (u64, u64),
}

fn meta(cfg: &SynthConfig, dataset: &str) -> Vec<(String, String)> {
    vec![
        ("gds.synthetic".into(), "true".into()),
        ("gds.dataset".into(), dataset.into()),
        ("gds.generator".into(), format!("gds synth --seed {} --persons {}", cfg.seed, cfg.persons)),
        (
            "gds.note".into(),
            format!(
                "DỮ LIỆU TỔNG HỢP: {} — SYNTHETIC DATA: {}; not real statistics.",
                communes::DISTRICT_VI,
                communes::DISTRICT_EN
            ),
        ),
    ]
}

impl<'a> Run<'a> {
    pub fn new(cfg: &'a SynthConfig, model: &'a Model) -> Result<Run<'a>, SynthError> {
        let weights: Vec<f64> = COMMUNES.iter().map(|c| c.weight).collect();
        Ok(Run {
            cfg,
            model,
            stage: Staging::new(&cfg.out_dir)?,
            files: Vec::new(),
            facts: Vec::new(),
            realized: Vec::new(),
            per_commune: communes::allocate(cfg.persons, &weights),
            tables: [AgeSexTable::new(model, false), AgeSexTable::new(model, true)],
            firms: gov::firms(cfg.seed, cfg.persons),
            deputies: [(0, 0); 2],
            party: (0, 0),
        })
    }

    fn record(
        &mut self,
        name: &str,
        dataset: Option<&'static str>,
        period: Option<i32>,
        rows: u64,
        listed: bool,
    ) {
        let bytes = self.stage.staged_size(name);
        self.files.push(WrittenFile {
            name: name.to_string(),
            dataset,
            period,
            rows,
            bytes,
            listed,
            keys: Vec::new(),
        });
    }

    fn csv(&mut self, name: &str, header: &[&str]) -> Result<CsvTable, SynthError> {
        CsvTable::new(&mut self.stage, name, header)
    }

    pub fn all(&mut self, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<(), SynthError> {
        self.stage.write_text("areas.csv", &communes::areas_csv())?;
        self.record(
            "areas.csv",
            None,
            None,
            (2 + COMMUNES.len() + communes::NEW_COMMUNES.len()) as u64,
            false,
        );
        let cw = communes::crosswalk_csv();
        self.stage.write_text("crosswalk.csv", &cw)?;
        self.record("crosswalk.csv", None, None, cw.lines().count() as u64 - 1, false);
        let years = self.cfg.years.clone();
        let xlsx_year = if self.cfg.formats.xlsx { years.last().copied() } else { None };
        for &year in &years {
            let mut r = Realized { year, ..Realized::default() };
            let (counts, sums) = self.persons(year, progress, &mut r)?;
            progress(&format!("events {year}"), 0, 1);
            self.events(year, &counts, &mut r)?;
            self.population(year, &counts, xlsx_year == Some(year))?;
            self.institutions(year, &mut r, xlsx_year == Some(year))?;
            progress(&format!("events {year}"), 1, 1);
            for s in 0..2 {
                r.lfpr[s] = if sums.w_pop[s] > 0.0 { 100.0 * sums.w_lf[s] / sums.w_pop[s] } else { 0.0 };
            }
            r.women_15_19 = counts.iter().map(|c| (15..20).map(|a| c.women(a)).sum::<u64>()).sum();
            self.facts.push(YearFacts { year, counts, sums, teen_births: r.teen_births });
            self.realized.push(r);
        }
        // Rosters of a term.
        let name = file_name("council-deputies", gov::COUNCIL_TERM, "csv");
        let mut t = self.csv(&name, &gov::DEPUTIES_HEADER)?;
        self.deputies = gov::write_deputies(&mut t, self.cfg.seed)?;
        let rows = t.finish()?;
        self.record(&name, Some("council-deputies"), Some(gov::COUNCIL_PERIOD), rows, true);
        let name = file_name("party-committee", gov::PARTY_TERM, "csv");
        let mut t = self.csv(&name, &gov::PARTY_HEADER)?;
        self.party = gov::write_party(&mut t, self.cfg.seed)?;
        let rows = t.finish()?;
        self.record(&name, Some("party-committee"), Some(gov::PARTY_PERIOD), rows, true);
        // Composite inputs.
        let (y0, y1) = (years.iter().min().copied().unwrap_or(0), years.iter().max().copied().unwrap_or(0));
        let tag = if y0 == y1 { y0.to_string() } else { format!("{y0}-{y1}") };
        let name = file_name("composite-inputs", &tag, "csv");
        let mut t = self.csv(&name, &tables::COMPOSITE_HEADER)?;
        let pr_f = 100.0 * self.deputies[0].1 as f64 / self.deputies[0].0.max(1) as f64;
        let mut facts = self.facts.clone();
        facts.sort_by_key(|f| f.year);
        for f in &facts {
            tables::write_composite(&mut t, self.model, f, pr_f)?;
        }
        let rows = t.finish()?;
        self.record(&name, Some("composite-inputs"), None, rows, true);
        Ok(())
    }

    fn persons(
        &mut self,
        year: i32,
        progress: &mut dyn FnMut(&str, u64, u64),
        r: &mut Realized,
    ) -> Result<(Vec<CommuneCounts>, Sums), SynthError> {
        let fmt = self.cfg.formats.microdata;
        let pname = file_name("persons", &year.to_string(), fmt.ext());
        let lname = file_name("labour-force", &year.to_string(), fmt.ext());
        let mut pw = TableWriter::new(&mut self.stage, &pname, fmt, meta(self.cfg, "persons"))?;
        let mut lw = TableWriter::new(&mut self.stage, &lname, fmt, meta(self.cfg, "labour-force"))?;
        let jobs = persons::jobs(year, &self.per_commune);
        let threads = match self.cfg.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let (model, tables, seed) = (self.model, &self.tables, self.cfg.seed);
        let total = self.cfg.persons;
        let stage_name = format!("persons {year}");
        let mut counts = vec![CommuneCounts::default(); COMMUNES.len()];
        let mut sums = Sums::default();
        let mut lbuf = LfsRows::default();
        let mut done = 0u64;
        let polars_err =
            |path: std::path::PathBuf| move |e| SynthError::Polars { path: path.clone(), source: e };
        let ppath = self.stage.final_path(&pname);
        let lpath = self.stage.final_path(&lname);
        progress(&stage_name, 0, total);
        std::thread::scope(|s| -> Result<(), SynthError> {
            type Handle<'s> = ScopedJoinHandle<'s, polars::prelude::PolarsResult<ChunkOut>>;
            let mut pending: Vec<(Job, Handle<'_>)> = Vec::new();
            let mut next = jobs.iter().copied();
            loop {
                let group: Vec<Job> = next.by_ref().take(threads).collect();
                let launched: Vec<(Job, Handle<'_>)> = group
                    .into_iter()
                    .map(|j| (j, s.spawn(move || persons::generate_chunk(model, tables, seed, j))))
                    .collect();
                for (job, h) in pending.drain(..) {
                    let mut out = match h.join() {
                        Ok(x) => x.map_err(polars_err(ppath.clone()))?,
                        Err(p) => std::panic::resume_unwind(p),
                    };
                    pw.write(&out.persons)?;
                    counts[job.commune].add(&out.counts);
                    sums.add(&out.sums);
                    lbuf.append(&mut out.lfs);
                    if lbuf.len() >= LFS_ROW_GROUP {
                        let df = lbuf.take_frame().map_err(polars_err(lpath.clone()))?;
                        lw.write(&df)?;
                    }
                    done += job.n;
                    progress(&stage_name, done, total);
                }
                if launched.is_empty() {
                    break;
                }
                pending = launched;
            }
            Ok(())
        })?;
        if !lbuf.is_empty() {
            let df = lbuf.take_frame().map_err(polars_err(lpath.clone()))?;
            lw.write(&df)?;
        }
        let empty_p = persons::generate_chunk(
            model,
            tables,
            seed,
            Job { year, commune: 0, chunk: 0, first: 1, n: 0, width: 7 },
        )
        .map_err(polars_err(ppath.clone()))?
        .persons;
        let empty_l = LfsRows::default().take_frame().map_err(polars_err(lpath.clone()))?;
        let prow = pw.finish(&empty_p)?;
        let lrow = lw.finish(&empty_l)?;
        self.record(&pname, Some("persons"), Some(year), prow, true);
        self.record(&lname, Some("labour-force"), Some(year), lrow, true);
        r.persons = prow;
        r.lfs_rows = lrow;
        Ok((counts, sums))
    }

    fn events(&mut self, year: i32, counts: &[CommuneCounts], r: &mut Realized) -> Result<(), SynthError> {
        let (seed, model) = (self.cfg.seed, self.model);
        let bname = file_name("births", &year.to_string(), "csv");
        let dname = file_name("deaths", &year.to_string(), "csv");
        let mname = file_name("marriages", &year.to_string(), "csv");
        let mut bt = self.csv(&bname, &events::BIRTHS_HEADER)?;
        let mut dt = self.csv(&dname, &events::DEATHS_HEADER)?;
        let mut mt = self.csv(&mname, &events::MARRIAGES_HEADER)?;
        for (ci, c) in COMMUNES.iter().enumerate() {
            let births = events::births(model, seed, year, ci, c, &counts[ci]);
            events::write_births(&mut bt, year, c, &births)?;
            r.births += births.len() as u64;
            r.boys += births.iter().filter(|b| b.sex == 1).count() as u64;
            r.teen_births += births.iter().filter(|b| (15..20).contains(&b.mother_age)).count() as u64;
            let (d, m) = events::write_deaths(&mut dt, model, seed, year, ci, c, &counts[ci], &births)?;
            r.deaths += d;
            r.maternal += m;
            r.marriages += events::write_marriages(&mut mt, model, seed, year, ci, c, counts[ci].total())?;
        }
        let rows = bt.finish()?;
        self.record(&bname, Some("births"), Some(year), rows, true);
        let rows = dt.finish()?;
        self.record(&dname, Some("deaths"), Some(year), rows, true);
        let rows = mt.finish()?;
        self.record(&mname, Some("marriages"), Some(year), rows, true);
        Ok(())
    }

    fn population(&mut self, year: i32, counts: &[CommuneCounts], xlsx: bool) -> Result<(), SynthError> {
        let cells = tables::count_cells(counts);
        let name = file_name("population-counts", &year.to_string(), "csv");
        let mut t = self.csv(&name, &tables::COUNTS_HEADER)?;
        tables::write_counts_csv(&mut t, year, &cells)?;
        let rows = t.finish()?;
        // When the Excel copy is written, it (not the CSV) is the listed source of that year.
        self.record(&name, Some("population-counts"), Some(year), rows, !xlsx);
        if xlsx {
            let name = file_name("population-counts", &year.to_string(), "xlsx");
            let rows = tables::write_counts_xlsx(&mut self.stage, &name, year, self.cfg.seed, &cells)?;
            self.record(&name, Some("population-counts"), Some(year), rows, true);
            self.keys(tables::counts_xlsx_keys(year));
        }
        Ok(())
    }

    /// Sets the gds.toml keys of the file recorded last.
    fn keys(&mut self, keys: Vec<String>) {
        if let Some(f) = self.files.last_mut() {
            f.keys = keys;
        }
    }

    fn institutions(&mut self, year: i32, r: &mut Realized, xlsx: bool) -> Result<(), SynthError> {
        let seed = self.cfg.seed;
        let leaders = gov::leaders(seed, year);
        // When the Excel files are written, one commune's People's Committee keeps its roster
        // in a sheet of its own; the CSV has everyone else.
        let body = gov::roster_body();
        let (sheet, csv): (Vec<&gov::Leader>, Vec<&gov::Leader>) =
            leaders.iter().partition(|l| xlsx && l.body_id == body);
        let name = file_name("leaders", &year.to_string(), "csv");
        let mut t = self.csv(&name, &gov::LEADERS_HEADER)?;
        gov::write_leaders(&mut t, year, csv.iter().copied())?;
        let rows = t.finish()?;
        r.leaders = rows;
        self.record(&name, Some("leaders"), Some(year), rows, true);
        if !sheet.is_empty() {
            let code = COMMUNES[gov::ROSTER_COMMUNE].code;
            let name = file_name(&format!("leaders-ubnd-{code}"), &year.to_string(), "xlsx");
            let rows = gov::write_roster_xlsx(&mut self.stage, &name, year, seed, &sheet)?;
            r.leaders += rows;
            self.record(&name, Some("leaders"), Some(year), rows, true);
            self.keys(gov::roster_keys(year));
        }
        let name = file_name("gov-bodies", &year.to_string(), "csv");
        let mut t = self.csv(&name, &gov::BODIES_HEADER)?;
        r.bodies = gov::write_bodies(&mut t, year, &leaders)?;
        let rows = t.finish()?;
        self.record(&name, Some("gov-bodies"), Some(year), rows, true);
        let name = file_name("enterprises", &year.to_string(), "csv");
        let mut t = self.csv(&name, &gov::FIRMS_HEADER)?;
        let firms = std::mem::take(&mut self.firms);
        r.firms = gov::write_firms(&mut t, seed, year, &firms)?;
        self.firms = firms;
        let rows = t.finish()?;
        self.record(&name, Some("enterprises"), Some(year), rows, true);
        let name = file_name("gbv-cases", &year.to_string(), "csv");
        let mut t = self.csv(&name, &gov::GBV_HEADER)?;
        r.gbv = gov::write_gbv(&mut t, seed, year, self.cfg.persons)?;
        let rows = t.finish()?;
        self.record(&name, Some("gbv-cases"), Some(year), rows, true);
        Ok(())
    }

    pub fn finish(mut self) -> Result<SynthSummary, SynthError> {
        let toml = docs::gds_toml(self.cfg, &self.files);
        self.stage.write_text("gds.toml", &toml)?;
        self.record("gds.toml", None, None, 0, false);
        let readme = docs::readme(&self);
        self.stage.write_text("README.md", &readme)?;
        self.record("README.md", None, None, 0, false);
        let summary = SynthSummary {
            out_dir: self.cfg.out_dir.clone(),
            files: self.files.clone(),
            persons: self.realized.iter().map(|r| r.persons).sum(),
            lfs_rows: self.realized.iter().map(|r| r.lfs_rows).sum(),
            births: self.realized.iter().map(|r| r.births).sum(),
            deaths: self.realized.iter().map(|r| r.deaths).sum(),
        };
        self.stage.commit()?;
        Ok(summary)
    }
}
