//! `deboiler report --from-audit AUDIT INPUTS`: the report of a run done
//! before, from its audit and the inputs it audited, without cleaning
//! them again. A line the audit lists is removed as it says; any other is
//! blank (Unicode white space only) or kept.

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::Path;

use deboiler::jsonl;
use deboiler::report::{LineVerdict, Page, PageLine, Report};
use deboiler::Category;
use serde::Deserialize;

use crate::cli::RunArgs;
use crate::inputs::{self, Globs, Source};
use crate::run::{write_report, RunError, Status};

/// An audit record, the fields a report needs.
#[derive(Deserialize)]
struct Record {
    #[serde(rename = "type")]
    kind: String,
    doc: String,
    #[serde(default)]
    line: usize,
    #[serde(default)]
    category: String,
    #[serde(default)]
    rule: String,
    score: Option<f32>,
    lang: Option<String>,
    #[serde(default)]
    confidence: f64,
}

/// What the audit says of one document.
#[derive(Default)]
struct Audited {
    /// Removed lines by 1-based number: category, rule, score.
    removed: HashMap<usize, (Category, String, Option<f32>)>,
    lang: Option<String>,
    confidence: f64,
}

/// Builds the report of `args`' inputs from `audit`, and writes it to
/// `page`.
pub fn run(
    args: RunArgs,
    audit: &Path,
    page: &Path,
) -> Result<Status, RunError> {
    let mut docs = read_audit(audit)?;
    let ext = if args.jsonl { "jsonl" } else { "txt" };
    let (listed, _) =
        inputs::expand(&args.inputs, &Globs::new(&args.glob, ext), None);
    let mut report = Report::new();
    let mut failed = false;
    for source in listed {
        let source = match source {
            Ok(s) => s,
            Err((path, e)) => {
                eprintln!("deboiler: {}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        let name = source.name();
        let read = match args.jsonl {
            false => read_text(&source, &mut docs, &mut report),
            true => read_records(&source, &args, &mut docs, &mut report),
        };
        if let Err(e) = read {
            eprintln!("deboiler: {name}: {e}");
            failed = true;
        }
    }
    if !docs.is_empty() {
        let mut names: Vec<&String> = docs.keys().collect();
        names.sort();
        let msg = format!(
            "{}: {} audited documents are not among the inputs (the first: {})",
            audit.display(),
            names.len(),
            names[0]
        );
        return Err(RunError::Usage(msg));
    }
    write_report(page, &report)?;
    Ok(if failed { Status::SomeFailed } else { Status::Ok })
}

/// The audit's documents by name; an error names the line that is not
/// an audit record.
fn read_audit(path: &Path) -> Result<HashMap<String, Audited>, RunError> {
    let io = |e| {
        RunError::Deboiler(deboiler::Error::io(path.display().to_string(), e))
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut docs: HashMap<String, Audited> = HashMap::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        let bad = |why: String| {
            RunError::Usage(format!(
                "{}:{}: not an audit record: {why}",
                path.display(),
                n + 1
            ))
        };
        let r: Record =
            serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let doc = docs.entry(r.doc).or_default();
        match r.kind.as_str() {
            "removed" => {
                let category = r.category.parse().map_err(bad)?;
                doc.removed.insert(r.line, (category, r.rule, r.score));
            }
            "summary" if doc.lang.is_none() => {
                doc.lang = r.lang;
                doc.confidence = r.confidence;
            }
            _ => {}
        }
    }
    Ok(docs)
}

/// The page of `text`, named `name`, as `audited` says.
fn page_of(name: &str, text: &[u8], audited: &Audited) -> Page {
    let lines = deboiler::lines::split(text)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let content = line.text(text);
            let verdict = match audited.removed.get(&(i + 1)) {
                Some((category, rule, score)) => LineVerdict::Removed {
                    category: *category,
                    rule: rule.clone(),
                    score: *score,
                },
                None if content.chars().all(char::is_whitespace) => {
                    LineVerdict::Blank
                }
                None => LineVerdict::Kept,
            };
            PageLine::new(&content, verdict)
        })
        .collect();
    Page {
        name: name.to_string(),
        lang: audited.lang.clone(),
        confidence: audited.confidence,
        lines,
    }
}

/// Adds the text document `source` to the report.
fn read_text(
    source: &Source,
    docs: &mut HashMap<String, Audited>,
    report: &mut Report,
) -> std::io::Result<()> {
    let name = source.name();
    let mut text = Vec::new();
    inputs::open(source)?.read_to_end(&mut text)?;
    let audited = docs.remove(&name).ok_or_else(|| not_audited(""))?;
    report.add(page_of(&name, &text, &audited));
    Ok(())
}

/// Adds each record of the JSON Lines `source` to the report, named as
/// the audit names it (its id, else its file and line).
fn read_records(
    source: &Source,
    args: &RunArgs,
    docs: &mut HashMap<String, Audited>,
    report: &mut Report,
) -> std::io::Result<()> {
    let file = source.name();
    for (n, line) in inputs::open(source)?.lines().enumerate() {
        let line = line?;
        // A byte-order mark opens the first line only, as in a run.
        let line =
            if n == 0 { line.trim_start_matches('\u{feff}') } else { &line };
        let Some((text, id)) =
            jsonl::record_text(line.as_bytes(), &args.field, &args.id_field)
        else {
            continue;
        };
        let name = id.unwrap_or_else(|| format!("{file}:{}", n + 1));
        let what = format!("record {name}: ");
        let audited = docs.remove(&name).ok_or_else(|| not_audited(&what))?;
        report.add(page_of(&name, text.as_bytes(), &audited));
    }
    Ok(())
}

/// The error of a document (`what`) the audit does not list.
fn not_audited(what: &str) -> std::io::Error {
    let msg = format!("{what}not in the audit");
    std::io::Error::new(std::io::ErrorKind::NotFound, msg)
}
