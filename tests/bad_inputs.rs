//! The bad-input corpus: every case under `tests/bad-inputs/` (made by `generate.py` there) is
//! a small project with one deliberate problem. `gds validate`, `gds compute` and `gds report`
//! must each exit 1 with an error that names the place (file, line or row, column, value),
//! never panic, never write or touch an output, and never change an input.
//!
//! Each case runs on a temporary copy (symlinks kept as symlinks) next to a copy of
//! `tests/bad-inputs/_outside/`, the files "outside the project folder". All failures of all
//! cases are collected and reported at once. `GDS_BAD_INPUTS=<substring>` runs only the cases
//! whose folder name contains it.
//!
//! Needs `toml` as a dev-dependency of the root package (`toml.workspace = true`).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Longest a single command may run.
const TIMEOUT: Duration = Duration::from_secs(240);
/// Characters of output shown with a failure.
const EXCERPT: usize = 400;
const COMMANDS: [&str; 3] = ["validate", "compute", "report"];
const KEYS: [&str; 10] =
    ["class", "what", "exit", "commands", "period", "args", "out", "report-out", "messages", "absent"];

/// What `expect.toml` says.
#[derive(Debug)]
struct Expect {
    class: String,
    what: String,
    exit: i32,
    commands: Vec<String>,
    period: Option<i64>,
    args: Vec<String>,
    out: Option<String>,
    report_out: Option<String>,
    messages: Vec<String>,
    absent: Vec<String>,
}

fn parse_expect(path: &Path) -> Result<Expect, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let t: toml::Table = text.parse::<toml::Table>().map_err(|e| format!("not valid TOML: {e}"))?;
    if let Some(k) = t.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!("unknown key {k:?} (known: {})", KEYS.join(", ")));
    }
    let string = |k: &str| -> Result<Option<String>, String> {
        match t.get(k) {
            None => Ok(None),
            Some(v) => v.as_str().map(|s| Some(s.to_string())).ok_or_else(|| format!("{k} must be a string")),
        }
    };
    let list = |k: &str| -> Result<Option<Vec<String>>, String> {
        match t.get(k) {
            None => Ok(None),
            Some(v) => v
                .as_array()
                .ok_or_else(|| format!("{k} must be a list of strings"))?
                .iter()
                .map(|x| x.as_str().map(String::from).ok_or_else(|| format!("{k} must be a list of strings")))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
        }
    };
    let integer = |k: &str| -> Result<Option<i64>, String> {
        match t.get(k) {
            None => Ok(None),
            Some(v) => v.as_integer().map(Some).ok_or_else(|| format!("{k} must be an integer")),
        }
    };
    let commands = list("commands")?.unwrap_or_else(|| COMMANDS.iter().map(|s| s.to_string()).collect());
    if let Some(c) = commands.iter().find(|c| !COMMANDS.contains(&c.as_str())) {
        return Err(format!("unknown command {c:?}"));
    }
    let messages = list("messages")?.unwrap_or_default();
    if messages.iter().any(String::is_empty) {
        return Err("an empty string in messages".into());
    }
    Ok(Expect {
        class: string("class")?.ok_or("class is missing")?,
        what: string("what")?.ok_or("what is missing")?,
        exit: integer("exit")?.ok_or("exit is missing")? as i32,
        commands,
        period: integer("period")?,
        args: list("args")?.unwrap_or_default(),
        out: string("out")?,
        report_out: string("report-out")?,
        messages,
        absent: list("absent")?.unwrap_or_default(),
    })
}

/// A file tree entry, symlinks not followed.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Entry>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_symlink() {
                out.insert(rel, Entry::Link(std::fs::read_link(&p).unwrap_or_default()));
            } else if ft.is_dir() {
                out.insert(rel, Entry::Dir);
                walk(root, &p, out);
            } else {
                out.insert(rel, Entry::File(std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// What changed between two snapshots, as readable lines.
fn changes(before: &BTreeMap<PathBuf, Entry>, after: &BTreeMap<PathBuf, Entry>, label: &str) -> Vec<String> {
    let mut v = Vec::new();
    for (p, e) in before {
        match after.get(p) {
            None => v.push(format!("{label}/{} was removed", p.display())),
            Some(a) if a != e => v.push(format!("{label}/{} was modified", p.display())),
            _ => {}
        }
    }
    for p in after.keys().filter(|p| !before.contains_key(*p)) {
        v.push(format!("{label}/{} was created", p.display()));
    }
    if v.len() > 4 {
        let more = v.len() - 3;
        v.truncate(3);
        v.push(format!("and {more} more changes in {label}"));
    }
    v
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ft = e.file_type()?;
        if ft.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src)?, &dst)?;
        } else if ft.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

struct Outcome {
    code: Option<i32>,
    output: String,
    timed_out: bool,
}

fn run_gds(args: &[OsString], cwd: &Path) -> Outcome {
    let mut child = match Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return Outcome { code: None, output: format!("cannot start gds: {e}"), timed_out: false },
    };
    let mut so = child.stdout.take().expect("stdout");
    let mut se = child.stderr.take().expect("stderr");
    let ho = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = so.read_to_end(&mut b);
        b
    });
    let he = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = se.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                timed_out = true;
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let mut output = String::from_utf8_lossy(&ho.join().unwrap_or_default()).into_owned();
    output.push_str(&String::from_utf8_lossy(&he.join().unwrap_or_default()));
    Outcome { code: status.and_then(|s| s.code()), output, timed_out }
}

/// One failed command of one case.
struct Failure {
    case: String,
    command: String,
    problems: Vec<String>,
    output: String,
}

fn run_case(root: &Path, name: &str) -> Vec<Failure> {
    let fail = |command: &str, problems: Vec<String>, output: String| Failure {
        case: name.to_string(),
        command: command.to_string(),
        problems,
        output,
    };
    let expect = match parse_expect(&root.join(name).join("expect.toml")) {
        Ok(e) => e,
        Err(e) => return vec![fail("expect.toml", vec![e], String::new())],
    };
    if name.split("--").next() != Some(expect.class.as_str()) {
        return vec![fail(
            "expect.toml",
            vec![format!("class {:?} does not match the folder name", expect.class)],
            String::new(),
        )];
    }
    let mut failures = Vec::new();
    for command in &expect.commands {
        // A fresh copy for every command, so one command's damage cannot hide another's.
        let work = tempfile::tempdir().expect("temp dir");
        let copy = work.path().join(name);
        copy_tree(&root.join(name), &copy).expect("copy the case");
        std::fs::remove_file(copy.join("expect.toml")).expect("remove expect.toml from the copy");
        if root.join("_outside").is_dir() {
            copy_tree(&root.join("_outside"), &work.path().join("_outside")).expect("copy _outside");
        }
        let out = tempfile::tempdir().expect("temp dir");
        let project = copy.join("gds.toml");
        let mut args: Vec<OsString> = vec![command.into(), project.into()];
        let mut request = Vec::<OsString>::new();
        if let Some(p) = expect.period {
            request.push("--period".into());
            request.push(p.to_string().into());
        }
        request.extend(expect.args.iter().map(OsString::from));
        match command.as_str() {
            "compute" => {
                std::fs::write(out.path().join("results.csv"), "previous results\n").expect("seed");
                args.extend(request);
                args.push("--out".into());
                args.push(match &expect.out {
                    Some(o) => copy.join(o).into(),
                    None => out.path().join("results.csv").into(),
                });
            }
            "report" => {
                std::fs::create_dir_all(out.path().join("report")).expect("seed");
                std::fs::write(out.path().join("report").join("results.csv"), "previous report\n")
                    .expect("seed");
                args.extend(request);
                // The corpus states its expected messages in English; `--lang vi` would
                // print them in Vietnamese (tests/messages.rs checks each has its text).
                args.extend(["--lang".into(), "en".into(), "--out".into()]);
                args.push(match &expect.report_out {
                    Some(o) => copy.join(o).into(),
                    None => out.path().join("report").into(),
                });
            }
            _ => {}
        }
        let (work_before, out_before) = (snapshot(work.path()), snapshot(out.path()));
        let o = run_gds(&args, work.path());
        let mut problems = Vec::new();
        if o.timed_out {
            problems.push(format!("timed out after {} s", TIMEOUT.as_secs()));
        }
        if o.code != Some(expect.exit) {
            problems.push(match o.code {
                Some(c) => format!("exit {c}, expected {}", expect.exit),
                None => format!("killed by a signal, expected exit {}", expect.exit),
            });
        }
        let lower = o.output.to_lowercase();
        if lower.contains("panicked") || lower.contains("internal error") {
            problems.push("panic / internal error".into());
        }
        for m in &expect.messages {
            if !o.output.contains(m.as_str()) {
                problems.push(format!("output lacks {m:?}"));
            }
        }
        for m in &expect.absent {
            if o.output.contains(m.as_str()) {
                problems.push(format!("output contains {m:?}"));
            }
        }
        problems.extend(changes(&work_before, &snapshot(work.path()), "<work>"));
        problems.extend(changes(&out_before, &snapshot(out.path()), "<out>"));
        if !problems.is_empty() {
            let mut excerpt: String = o.output.chars().take(EXCERPT).collect();
            if o.output.chars().count() > EXCERPT {
                excerpt.push('…');
            }
            failures.push(fail(command, problems, excerpt));
        }
    }
    failures
}

#[test]
fn every_bad_input_is_refused_with_its_location() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("bad-inputs");
    let filter = std::env::var("GDS_BAD_INPUTS").unwrap_or_default();
    let mut cases: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/bad-inputs")
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_') && !n.starts_with('.'))
        .collect();
    cases.sort();
    if filter.is_empty() {
        assert!(cases.len() >= 160, "only {} cases in {}: run generate.py", cases.len(), root.display());
    }
    cases.retain(|n| n.contains(&filter));
    assert!(!cases.is_empty(), "no case matches GDS_BAD_INPUTS={filter:?}");

    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::<Failure>::new());
    let runs = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(name) = cases.get(i) else { break };
                    let f = run_case(&root, name);
                    let n =
                        parse_expect(&root.join(name).join("expect.toml")).map_or(1, |e| e.commands.len());
                    runs.fetch_add(n, Ordering::SeqCst);
                    failures.lock().unwrap().extend(f);
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort_by_key(|f| {
        (f.case.clone(), COMMANDS.iter().position(|c| *c == f.command).unwrap_or(usize::MAX))
    });
    if failures.is_empty() {
        return;
    }
    let n_cases = failures.iter().map(|f| f.case.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    let mut report = format!(
        "{} of {} command runs failed, in {n_cases} of {} cases:\n",
        failures.len(),
        runs.load(Ordering::SeqCst),
        cases.len()
    );
    let mut last = String::new();
    for f in &failures {
        if f.case != last {
            let what =
                parse_expect(&root.join(&f.case).join("expect.toml")).map(|e| e.what).unwrap_or_default();
            report.push_str(&format!("\n{} — {what}\n", f.case));
            last = f.case.clone();
        }
        report.push_str(&format!("  {}: {}\n", f.command, f.problems.join("; ")));
        if !f.output.is_empty() {
            for l in f.output.lines() {
                report.push_str(&format!("      | {l}\n"));
            }
        }
    }
    panic!("{report}");
}
