//! The binary's driver: validate the flags into a `Config`, then clean
//! every document, writing bodies, explain views and the audit.

use std::fmt;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use deboiler::explain::write_explain;
use deboiler::structure::Structure;
use deboiler::{AuditWriter, Cleaner, Patterns};

use crate::cli::{Args, Color, Command};
use crate::inputs::{self, Globs, Source};

/// How a run ended when it ran to the end.
pub enum Status {
    /// Every input was cleaned.
    Ok,
    /// Some input could not be read or written; the others were cleaned.
    SomeFailed,
}

/// What stops a run: a usage or configuration error, or an error writing
/// standard output or the audit.
#[derive(Debug)]
pub enum RunError {
    /// The flags do not fit together.
    Usage(String),
    /// The library refused (a broken pattern file).
    Deboiler(deboiler::Error),
    /// Standard output or the audit could not be written.
    Io(io::Error),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Usage(msg) => write!(f, "{msg}"),
            RunError::Deboiler(e) => write!(f, "{e}"),
            RunError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Io(e) => Some(e),
            RunError::Deboiler(e) => e.source(),
            RunError::Usage(_) => None,
        }
    }
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> RunError {
        RunError::Io(e)
    }
}

/// Runs the command line.
pub fn run(args: Args) -> Result<Status, RunError> {
    if let Some(Command::Patterns { patterns }) = &args.command {
        return list_patterns(&load_patterns(patterns)?);
    }
    Config::from_args(args)?.run()
}

/// The validated options and the compiled cleaner.
struct Config {
    cleaner: Cleaner,
    sources: Vec<Result<Source, (PathBuf, io::Error)>>,
    output: Option<PathBuf>,
    audit: Option<PathBuf>,
    explain: bool,
    colour: bool,
    lang: Option<String>,
}

impl Config {
    fn from_args(args: Args) -> Result<Config, RunError> {
        let sources = inputs::expand(&args.inputs, &Globs::new(&args.glob));
        let several =
            sources.len() > 1 || args.inputs.iter().any(|p| p.is_dir());
        if several && args.output.is_none() && !args.explain {
            let msg = "several inputs need -o OUTDIR (each cleaned file is written under it), or give one file at a time";
            return Err(RunError::Usage(msg.into()));
        }
        if args.output.is_some()
            && sources.iter().any(|s| matches!(s, Ok(Source::Stdin)))
        {
            return Err(RunError::Usage("standard input cannot be written under -o OUTDIR; redirect standard output instead".into()));
        }
        let lang = args.lang.map(|l| l.trim().to_lowercase());
        if lang.as_ref().is_some_and(|l| {
            l.is_empty() || !l.bytes().all(|b| b.is_ascii_lowercase())
        }) {
            return Err(RunError::Usage(
                "--lang takes a language code such as vi, zh or en".into(),
            ));
        }
        let colour = match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                args.output.is_none()
                    && io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none()
            }
        };
        let cleaner = build_cleaner(&args.patterns, &args.disable)?;
        Ok(Config {
            cleaner,
            sources,
            output: args.output,
            audit: args.audit,
            explain: args.explain,
            colour,
            lang,
        })
    }

    fn run(self) -> Result<Status, RunError> {
        let mut audit = match &self.audit {
            None => None,
            Some(p) if p.as_os_str() == "-" => Some(AuditWriter::new(
                Box::new(BufWriter::new(io::stderr().lock()))
                    as Box<dyn Write>,
            )),
            Some(p) => {
                let file = fs::File::create(p).map_err(|e| {
                    deboiler::Error::io(p.display().to_string(), e)
                });
                Some(AuditWriter::new(Box::new(BufWriter::new(
                    file.map_err(RunError::Deboiler)?,
                )) as Box<dyn Write>))
            }
        };
        let mut stdout = BufWriter::new(io::stdout().lock());
        let headers = self.sources.len() > 1;
        let mut failed = false;
        for source in &self.sources {
            let source = match source {
                Ok(source) => source,
                Err((path, e)) => {
                    eprintln!("deboiler: {}: {e}", path.display());
                    failed = true;
                    continue;
                }
            };
            let doc = match read(source) {
                Ok(doc) => doc,
                Err(e) => {
                    eprintln!("deboiler: {e}");
                    failed = true;
                    continue;
                }
            };
            let outcome = self.cleaner.clean(&doc, self.lang.as_deref());
            if let Some(audit) = audit.as_mut() {
                audit.document(
                    &self.cleaner,
                    &source.name(),
                    &doc,
                    &outcome,
                )?;
            }
            let mut body = Vec::new();
            match self.explain {
                true => write_explain(
                    &self.cleaner,
                    &doc,
                    &outcome,
                    self.colour,
                    &mut body,
                )?,
                false => outcome.write_clean(&doc, &mut body)?,
            }
            match (&self.output, source) {
                (Some(dir), Source::File { rel, .. }) => {
                    if let Err(e) = write_file(&dir.join(rel), &body) {
                        eprintln!("deboiler: {e}");
                        failed = true;
                    }
                }
                _ => {
                    if headers {
                        writeln!(stdout, "==> {} <==", source.name())?;
                    }
                    stdout.write_all(&body)?;
                    if headers {
                        writeln!(stdout)?;
                    }
                }
            }
        }
        stdout.flush()?;
        if let Some(audit) = audit.as_mut() {
            audit.flush()?;
        }
        Ok(if failed { Status::SomeFailed } else { Status::Ok })
    }
}

/// Reads a document whole; a file with NUL bytes in its first block is
/// not text and is refused.
fn read(source: &Source) -> Result<Vec<u8>, deboiler::Error> {
    let mut doc = Vec::new();
    match source {
        Source::Stdin => io::stdin().lock().read_to_end(&mut doc).map(|_| ()),
        Source::File { path, .. } => fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut doc).map(|_| ())),
    }
    .map_err(|e| deboiler::Error::io(source.name(), e))?;
    if memchr::memchr(0, &doc[..doc.len().min(8192)]).is_some() {
        return Err(deboiler::Error::binary(source.name()));
    }
    Ok(doc)
}

fn write_file(path: &Path, body: &[u8]) -> Result<(), deboiler::Error> {
    let err = |e| deboiler::Error::io(path.display().to_string(), e);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(err)?;
    }
    fs::write(path, body).map_err(err)
}

/// The cleaner: built-in sets, extended by the given files and folders,
/// less the rules switched off.
fn build_cleaner(
    extra: &[PathBuf],
    disable: &[String],
) -> Result<Cleaner, RunError> {
    let mut patterns = load_patterns(extra)?;
    let mut structural = Vec::new();
    for id in disable {
        match Structure::from_id(id) {
            Some(s) => structural.push(s),
            None if patterns.disable(id) => {}
            None => {
                let msg = format!(
                    "--disable {id}: no such rule (see `deboiler patterns`)"
                );
                return Err(RunError::Usage(msg));
            }
        }
    }
    let mut cleaner = Cleaner::new(&patterns).map_err(RunError::Deboiler)?;
    structural.into_iter().for_each(|s| cleaner.disable(s));
    Ok(cleaner)
}

/// The built-in sets extended by the given files and folders.
fn load_patterns(extra: &[PathBuf]) -> Result<Patterns, RunError> {
    let mut patterns = Patterns::builtin();
    for path in extra {
        let added = if path.is_dir() {
            patterns.add_dir(path)
        } else {
            patterns.add_file(path)
        };
        added.map_err(RunError::Deboiler)?;
    }
    Ok(patterns)
}

/// Prints every rule, a line each, tab-separated.
fn list_patterns(patterns: &Patterns) -> Result<Status, RunError> {
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "id\tlang\tcategory\tkind\tscope\tsource")?;
    for set in patterns.sets() {
        for r in &set.rules {
            let kind = r.kind.as_str();
            writeln!(
                out,
                "{}\t{}\t{}\t{kind}\t{}\t{}",
                r.id,
                r.lang,
                r.category,
                r.scope.as_str(),
                r.source
            )?;
        }
    }
    for s in Structure::ALL {
        writeln!(
            out,
            "{}\t*\t{}\tstructure\t-\tbuilt-in:src/structure.rs",
            s.id(),
            s.category()
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
