//! Every message gds writes where an error is made has a Vietnamese text in the message
//! catalogue (`crates/gds-compute/src/messages.rs`). The test reads gds's own sources with a
//! Rust parser, finds each message and hint template at an error site (the message and hint
//! arguments of `located`, `data_err`, `err`, `request`, `UserError`, and the `message` and
//! `hint` fields of `Located`, `Finding` and `Request`), each line said while working (`say`,
//! `tell`, progress labels), fills its placeholders with sample values and asks the catalogue
//! for its Vietnamese text: a new English message without one fails here, naming its file and
//! line. Words printed with `println!`/`eprintln!` (which bypass the catalogue) fail too.

use gds_compute::messages::{catalogued, hint_vi, message_vi};
use std::path::{Path, PathBuf};
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Lit, Token};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Message,
    Hint,
    /// A whole line: `error: MESSAGE — hint: HINT`.
    Line,
}

struct Sites {
    file: String,
    found: Vec<(String, Kind, String)>,
    /// Text printed with `println!`/`eprintln!` rather than said in the user's language.
    printed: Vec<String>,
}

const CALLS: &[&str] = &["located", "data_err", "err", "request", "UserError", "lost", "progress"];
/// Calls whose argument is a whole line said to the user (`say`, `tell`: progress, notes,
/// closing lines).
const LINES: &[&str] = &["UserError", "say", "tell"];
/// Methods whose argument is a progress label.
const LABELS: &[&str] = &["stage", "set_message"];
/// Methods taking a message and then a hint (the catalogue checker's `at` and `problem`).
const METHODS: &[&str] = &["at", "problem"];
const PRINTS: &[&str] = &["println", "eprintln", "print", "eprint"];
const STRUCTS: &[&str] = &["Located", "Finding", "Request", "Diagnostic", "FilterProblem"];

/// The string templates an argument is made of: a literal, the format string of `format!`,
/// through `Some(…)`, `.to_string()`, `.into()`, `&…`, and each branch of an `if`.
fn templates(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Lit(l) => {
            if let Lit::Str(s) = &l.lit {
                out.push(s.value());
            }
        }
        Expr::Macro(m) if m.mac.path.is_ident("format") => {
            if let Ok(args) = m.mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
                && let Some(first) = args.first()
            {
                templates(first, out);
            }
        }
        Expr::Call(c) if matches!(&*c.func, Expr::Path(p) if p.path.is_ident("Some")) => {
            c.args.iter().for_each(|a| templates(a, out))
        }
        Expr::MethodCall(m) if ["to_string", "into", "to_owned"].contains(&m.method.to_string().as_str()) => {
            templates(&m.receiver, out)
        }
        Expr::Reference(r) => templates(&r.expr, out),
        Expr::Paren(p) => templates(&p.expr, out),
        Expr::If(i) => {
            if let Some(syn::Stmt::Expr(e, None)) = i.then_branch.stmts.last() {
                templates(e, out);
            }
            if let Some((_, e)) = &i.else_branch {
                templates(e, out);
            }
        }
        Expr::Block(b) => {
            if let Some(syn::Stmt::Expr(e, None)) = b.block.stmts.last() {
                templates(e, out);
            }
        }
        _ => {}
    }
}

/// The templates of a hint's expression, also through `.or_else(|| …)`, `.unwrap_or(…)`
/// and the branches of a closure.
fn hint_templates(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::MethodCall(m) => {
            m.args.iter().for_each(|a| hint_templates(a, out));
            hint_templates(&m.receiver, out);
        }
        Expr::Closure(c) => hint_templates(&c.body, out),
        e => templates(e, out),
    }
}

impl Sites {
    fn add(&mut self, e: &Expr, kind: Kind, line: usize) -> bool {
        let mut t = Vec::new();
        templates(e, &mut t);
        let any = !t.is_empty();
        for t in t {
            self.found.push((format!("{}:{line}", self.file), kind, t));
        }
        any
    }
}

impl<'a> Visit<'a> for Sites {
    fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
        // Unit tests' own strings are not messages.
        let test = m
            .attrs
            .iter()
            .any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"));
        if !test {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_expr_call(&mut self, c: &'a syn::ExprCall) {
        if let Expr::Path(p) = &*c.func
            && let Some(last) = p.path.segments.last()
            && (CALLS.contains(&last.ident.to_string().as_str())
                || LINES.contains(&last.ident.to_string().as_str()))
        {
            let line = last.ident.span().start().line;
            let whole = LINES.contains(&last.ident.to_string().as_str());
            let mut seen = false;
            for a in &c.args {
                let kind = if whole {
                    Kind::Line
                } else if seen {
                    Kind::Hint
                } else {
                    Kind::Message
                };
                seen |= self.add(a, kind, line);
            }
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
        let line = m.method.span().start().line;
        if LABELS.contains(&m.method.to_string().as_str()) {
            for a in &m.args {
                self.add(a, Kind::Message, line);
            }
        }
        if METHODS.contains(&m.method.to_string().as_str()) {
            let mut seen = false;
            for a in &m.args {
                seen |= self.add(a, if seen { Kind::Hint } else { Kind::Message }, line);
            }
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_macro(&mut self, m: &'a syn::Macro) {
        if PRINTS.iter().any(|p| m.path.is_ident(p))
            && let Ok(args) = m.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
            && let Some(Expr::Lit(syn::ExprLit { lit: Lit::Str(f), .. })) = args.first()
        {
            let f = f.value();
            // Timings (`--timings`, `GDS_PROFILE`) are figures for benchmark scripts, kept in
            // English; any other words printed straight to the terminal skip the catalogue.
            let timing = f.starts_with("{:>") && f.contains(" s  ");
            // A word of two letters or more (a lone `s` is the unit of seconds).
            let words = sample(&f).split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() > 1);
            if words && !timing {
                let line = m.path.segments.last().map_or(0, |s| s.ident.span().start().line);
                self.printed.push(format!("{}:{line}: {f:?}", self.file));
            }
        }
        syn::visit::visit_macro(self, m);
    }

    fn visit_local(&mut self, l: &'a syn::Local) {
        // `let hint = …;` a hint made before the call that takes it.
        if let syn::Pat::Ident(p) = &l.pat
            && p.ident == "hint"
            && let Some(init) = &l.init
        {
            let line = p.ident.span().start().line;
            let mut t = Vec::new();
            hint_templates(&init.expr, &mut t);
            for t in t {
                self.found.push((format!("{}:{line}", self.file), Kind::Hint, t));
            }
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_expr_struct(&mut self, s: &'a syn::ExprStruct) {
        if let Some(last) = s.path.segments.last()
            && STRUCTS.contains(&last.ident.to_string().as_str())
        {
            let line = last.ident.span().start().line;
            for f in &s.fields {
                if let syn::Member::Named(n) = &f.member {
                    match n.to_string().as_str() {
                        "message" => drop(self.add(&f.expr, Kind::Message, line)),
                        "hint" => drop(self.add(&f.expr, Kind::Hint, line)),
                        _ => {}
                    }
                }
            }
        }
        syn::visit::visit_expr_struct(self, s);
    }
}

/// A template's text with sample values: `{x:?}` as `"7"`, any other placeholder as `7`.
fn sample(template: &str) -> String {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut spec = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    spec.push(c);
                }
                out.push_str(if spec.ends_with(":?") || spec.ends_with(":#?") { "\"7\"" } else { "7" });
            }
            c => out.push(c),
        }
    }
    out
}

fn known(kind: Kind, text: &str) -> bool {
    match kind {
        Kind::Message => message_vi(text).is_some(),
        Kind::Hint => hint_vi(text).is_some(),
        Kind::Line => text.lines().all(|l| {
            let l = ["error: ", "warning: ", "note: "].iter().find_map(|p| l.strip_prefix(p)).unwrap_or(l);
            match l.split_once(" — hint: ") {
                // A hint made elsewhere (`{hint}`, a did-you-mean) is checked where it is made.
                Some((m, h)) => message_vi(m).is_some() && (h == "7" || hint_vi(h).is_some()),
                None => message_vi(l).is_some() || l.trim().is_empty() || l.starts_with('7'),
            }
        }),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("messages.rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_message_written_at_an_error_site_has_a_vietnamese_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("crates/gds-compute/src"), &mut files);
    rust_files(&root.join("crates/gds-synth/src"), &mut files);
    rust_files(&root.join("crates/gds-indicators/src"), &mut files);
    files.sort();
    let mut all = Vec::new();
    let mut printed = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let mut sites = Sites {
            file: f.strip_prefix(root).unwrap().display().to_string(),
            found: Vec::new(),
            printed: Vec::new(),
        };
        sites.visit_file(&ast);
        all.extend(sites.found);
        printed.extend(sites.printed);
    }
    assert!(
        printed.is_empty(),
        "{} lines are printed in English whatever the language; say them with `say`/`tell` \
         (gds_compute::messages::say) and give them a Vietnamese text:\n{}",
        printed.len(),
        printed.join("\n")
    );
    // The scan finds the messages (a parser change that found none would pass vacuously).
    assert!(all.len() > 150, "only {} message sites found", all.len());
    let missing: Vec<String> = all
        .iter()
        .filter(|(_, kind, t)| {
            t.chars().any(char::is_alphabetic) && !catalogued(t) && !known(*kind, &sample(t))
        })
        .map(|(at, kind, t)| format!("{at} {kind:?}: {t:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} messages have no Vietnamese text:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
