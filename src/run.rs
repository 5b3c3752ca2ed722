//! The binary's driver: validate the flags into a `Config`, then clean
//! every input on all cores, writing bodies, explain views, records and
//! the audit in input order.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use deboiler::detect;
use deboiler::explain::write_explain;
use deboiler::jsonl::{self, Record};
use deboiler::model::{Model, TitlePolicy};
use deboiler::report::{Page, Report};
use deboiler::structure::Structure;
use deboiler::{AuditWriter, Cleaner, Patterns, Section};

use crate::cli::{Args, Color, Command, Compress, RunArgs, Title};
use crate::compress::{Compression, Sink};
use crate::inputs::{self, Globs, Job, Reader, Source};
use crate::parallel;
use crate::progress::Progress;
use crate::stats::Totals;

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
    /// Standard error or another stream could not be written.
    Io(io::Error),
    /// Standard output or the audit file could not be written (a full
    /// disk): the run stops, and fails (exit 1).
    Write {
        /// What could not be written.
        what: String,
        /// Why.
        source: io::Error,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Usage(msg) => write!(f, "{msg}"),
            RunError::Deboiler(e) => write!(f, "{e}"),
            RunError::Io(e) => write!(f, "{e}"),
            RunError::Write { what, source } => write!(f, "{what}: {source}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Io(e) => Some(e),
            RunError::Write { source, .. } => Some(source),
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
    match args.command {
        Some(Command::Patterns { patterns }) => {
            return list_patterns(&load_patterns(&patterns)?);
        }
        Some(Command::Train {
            pages,
            gold,
            weight,
            output,
            without,
            patterns,
        }) => {
            let folders = crate::train::Folders {
                pages: &pages,
                gold: &gold,
                weight: &weight,
            };
            return crate::train::run(&folders, &output, &without, &patterns);
        }
        Some(Command::Report { mut run, from_audit }) => {
            let page = run.output.take().unwrap_or("report.html".into());
            if let Some(audit) = from_audit {
                return crate::from_audit::run(*run, &audit, &page);
            }
            return Config::from_args(*run, Some(page))?.run();
        }
        None => {}
    }
    Config::from_args(args.run, None)?.run()
}

/// The validated options and the compiled cleaner.
struct Config {
    cleaner: Cleaner,
    sources: Vec<Source>,
    /// Inputs that could not be listed (an unreadable folder).
    unlisted: Vec<(PathBuf, io::Error)>,
    output: Option<PathBuf>,
    audit: Option<PathBuf>,
    explain: bool,
    colour: bool,
    jsonl: Option<jsonl::Options>,
    skip_bad: bool,
    threads: usize,
    quiet: bool,
    lang: Option<String>,
    /// The output's compression, when `--compress` sets it.
    compress: Option<Compression>,
    min_kept: f64,
    keep_dropped: bool,
    /// Where the run totals go (`-`: standard error), if asked for.
    stats: Option<PathBuf>,
    /// Where the report goes, in a report run (which writes no clean
    /// text).
    report: Option<PathBuf>,
}

/// A job's result, rendered: what to write where, and what to say.
struct Done {
    source: usize,
    /// Written first.
    body: Vec<u8>,
    /// A text document (or section) and its outcome, whose kept lines
    /// are written after `body` from the document itself: a copy would
    /// double the memory a long document takes.
    clean: Option<Clean>,
    /// Written last.
    trailer: &'static [u8],
    /// The documents judged, for a report run.
    pages: Vec<Page>,
    audit: Vec<u8>,
    /// Warnings for standard error.
    notes: Vec<String>,
    /// An error that ends this input (it is then counted as failed).
    fatal: Option<String>,
    docs: u64,
    bytes: u64,
    skipped: u64,
    passed: u64,
    /// Write nothing for this input (a dropped text document).
    no_output: bool,
    totals: Totals,
}

/// A text document (or section) to write the kept lines of.
struct Clean {
    doc: Vec<u8>,
    outcome: deboiler::Outcome,
    /// Where it is in its document.
    at: Section,
}

impl Done {
    fn new(source: usize) -> Done {
        Done {
            source,
            body: Vec::new(),
            clean: None,
            trailer: b"",
            pages: Vec::new(),
            audit: Vec::new(),
            notes: Vec::new(),
            fatal: None,
            docs: 0,
            bytes: 0,
            skipped: 0,
            passed: 0,
            no_output: false,
            totals: Totals::default(),
        }
    }
}

impl Config {
    /// The options of `args`; with `report`, a report run writing the
    /// page there instead of clean text.
    fn from_args(
        args: RunArgs,
        report: Option<PathBuf>,
    ) -> Result<Config, RunError> {
        let ext = if args.jsonl { "jsonl" } else { "txt" };
        let globs = Globs::new(&args.glob, ext);
        if let Some(out) = args.output.as_ref().filter(|o| o.exists()) {
            if !out.is_dir() {
                let msg = format!("-o {}: is a file; -o names a folder, under which each cleaned file is written", out.display());
                return Err(RunError::Usage(msg));
            }
        }
        let (expanded, walked) =
            inputs::expand(&args.inputs, &globs, args.output.as_deref());
        note_walked(&walked);
        let (sources, unlisted): (Vec<_>, Vec<_>) =
            expanded.into_iter().partition(Result::is_ok);
        let sources: Vec<Source> =
            sources.into_iter().map(Result::unwrap).collect();
        let unlisted = unlisted.into_iter().map(|r| r.unwrap_err()).collect();
        let several =
            sources.len() > 1 || args.inputs.iter().any(|p| p.is_dir());
        if report.is_some() && (args.explain || args.tag) {
            return Err(RunError::Usage("a report shows every line itself; --explain and --tag do not combine with it".into()));
        }
        if several
            && args.output.is_none()
            && !args.explain
            && !args.jsonl
            && report.is_none()
        {
            let msg = "several inputs need -o OUTDIR (each cleaned file is written under it), or give one file at a time";
            return Err(RunError::Usage(msg.into()));
        }
        if let Some(out) = &args.output {
            check_distinct(&sources, out)?;
        }
        if args.output.is_some() && sources.contains(&Source::Stdin) {
            return Err(RunError::Usage("standard input cannot be written under -o OUTDIR; redirect standard output instead".into()));
        }
        if !(0.0..=1.0).contains(&args.min_kept) {
            let msg = format!(
                "--min-kept {}: a share of characters, 0 to 1",
                args.min_kept
            );
            return Err(RunError::Usage(msg));
        }
        if args.tag && !args.jsonl {
            return Err(RunError::Usage("--tag writes Dolma attribute records of JSON Lines; give --jsonl".into()));
        }
        if args.jsonl && args.explain {
            return Err(RunError::Usage("--explain shows text documents; it does not combine with --jsonl".into()));
        }
        let lang = args.lang.map(|l| l.trim().to_lowercase());
        if let Some(l) = lang.as_deref().filter(|l| !detect::is_language(l)) {
            let codes: Vec<&str> =
                detect::ISO_639_1.iter().map(|(_, c)| *c).collect();
            let msg = format!(
                "--lang {l}: not a language code; one of: {}",
                codes.join(" ")
            );
            return Err(RunError::Usage(msg));
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
        let jsonl = args.jsonl.then(|| jsonl::Options {
            field: args.field,
            id_field: args.id_field,
            meta_key: args.meta_key,
            audit_inline: args.audit_inline,
            lang: lang.clone(),
            tag: args.tag,
            min_kept: args.min_kept,
            keep_dropped: args.keep_dropped,
            report: report.is_some(),
        });
        let threads = args.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            usize::from,
        );
        let mut cleaner = build_cleaner(&args.patterns, &args.disable)?;
        if let Some(path) = &args.model {
            cleaner.set_model(read_model(path)?);
        }
        cleaner.set_reasons(args.audit.is_some() || args.audit_inline);
        cleaner.set_title(match args.title {
            Title::Keep => TitlePolicy::Keep,
            Title::Drop => TitlePolicy::Drop,
        });
        Ok(Config {
            cleaner,
            lang,
            sources,
            unlisted,
            output: args.output,
            audit: args.audit,
            explain: args.explain,
            colour,
            jsonl,
            skip_bad: args.skip_bad,
            threads,
            quiet: args.quiet,
            min_kept: args.min_kept,
            keep_dropped: args.keep_dropped,
            stats: args.stats,
            report,
            compress: args.compress.map(|c| match c {
                Compress::Gz => Compression::Gzip,
                Compress::Zst => Compression::Zstd,
                Compress::None => Compression::None,
            }),
        })
    }

    fn run(self) -> Result<Status, RunError> {
        let mut writer = Writer::new(&self)?;
        for (path, e) in &self.unlisted {
            eprintln!("deboiler: {}: {e}", path.display());
            writer.failed = true;
        }
        let reader = Reader::new(self.sources.clone(), self.jsonl.is_some());
        let in_flight = self.threads + 2;
        parallel::ordered(
            reader,
            self.threads,
            in_flight,
            |job| self.work(job),
            |done| writer.write(done),
        )?;
        writer.finish()
    }

    /// Cleans one job into its rendered result.
    fn work(&self, job: Job) -> Done {
        match job {
            Job::Text { source, doc, at } => self.text(source, doc, at),
            Job::Records { source, first_line, lines } => {
                self.records(source, first_line, &lines)
            }
            Job::Failed { source, message } => {
                Done { fatal: Some(message), ..Done::new(source) }
            }
        }
    }

    fn text(&self, source: usize, doc: Vec<u8>, at: Section) -> Done {
        let mut done = Done {
            docs: u64::from(at.index == 0),
            bytes: doc.len() as u64,
            ..Done::new(source)
        };
        let outcome = self.cleaner.clean(&doc, self.lang.as_deref());
        let name = self.sources[source].name();
        let tally = outcome.tally(&doc);
        let dropped = tally.kept_share() < self.min_kept;
        match at.index {
            0 => done.totals.add(&tally, outcome.language.code, dropped),
            _ => done.totals.add_section(&tally, dropped),
        }
        if self.audit.is_some() {
            AuditWriter::new(&mut done.audit)
                .section(&self.cleaner, &name, &doc, &outcome, &at)
                .expect("writing to a Vec");
        }
        if dropped {
            let kept = 100.0 * tally.kept_share();
            let what = match self.keep_dropped {
                true => "written anyway (--keep-dropped)",
                false => "dropped",
            };
            let part = match at.is_whole() {
                true => String::new(),
                false => format!(
                    " (section {}, from line {})",
                    at.index,
                    at.lines + 1
                ),
            };
            done.notes.push(format!("{name}{part}: kept {kept:.1} % of its characters, under --min-kept: {what}"));
            if !self.keep_dropped && !self.explain {
                done.no_output = true;
                return done;
            }
        }
        if self.report.is_some() {
            let name = match at.is_whole() {
                true => name,
                false => format!("{name} (section {})", at.index),
            };
            done.pages.push(Page::of(&self.cleaner, &name, &doc, &outcome));
            return done;
        }
        let headers = self.output.is_none() && self.sources.len() > 1;
        if headers && at.index == 0 {
            done.body
                .extend_from_slice(format!("==> {name} <==\n").as_bytes());
        }
        if headers && at.last {
            done.trailer = b"\n";
        }
        match self.explain {
            true => write_explain(
                &self.cleaner,
                &doc,
                &outcome,
                self.colour,
                &mut done.body,
            )
            .expect("writing to a Vec"),
            false => done.clean = Some(Clean { doc, outcome, at }),
        }
        done
    }

    fn records(
        &self,
        source: usize,
        first_line: usize,
        lines: &[Vec<u8>],
    ) -> Done {
        let opts =
            self.jsonl.as_ref().expect("records only in JSON Lines mode");
        let name = self.sources[source].name();
        let mut done = Done::new(source);
        // A report run writes no records: its body stays empty.
        let mut body = Vec::new();
        let mut write = |parts: &[&[u8]]| {
            if !opts.report {
                parts.iter().for_each(|p| body.extend_from_slice(p));
            }
        };
        for (k, raw) in lines.iter().enumerate() {
            let n = first_line + k;
            done.bytes += raw.len() as u64;
            let (bom, content, end) = split_record(raw, n == 1);
            if content.iter().all(u8::is_ascii_whitespace) {
                write(&[raw]);
                continue;
            }
            let fallback = format!("{name}:{n}");
            match jsonl::clean_record(
                &self.cleaner,
                content,
                &fallback,
                opts,
                self.audit.is_some(),
            ) {
                Record::Cleaned {
                    json,
                    audit,
                    tally,
                    lang,
                    dropped,
                    page,
                    ..
                } => {
                    done.docs += 1;
                    done.totals.add(&tally, lang, dropped);
                    done.audit.extend_from_slice(&audit);
                    done.pages.extend(page.map(|p| *p));
                    if dropped && !opts.keep_dropped {
                        continue;
                    }
                    write(&[bom, &json, end]);
                }
                Record::PassedThrough { reason } => {
                    done.passed += 1;
                    done.notes.push(format!("{name}:{n}: {reason}; record passed through unchanged"));
                    write(&[raw]);
                }
                Record::Malformed { reason } if self.skip_bad => {
                    done.skipped += 1;
                    let line = String::from_utf8_lossy(content);
                    done.notes.push(format!("{name}:{n}: skipped malformed record ({reason}): {line}"));
                }
                Record::Malformed { reason } => {
                    let msg = format!("{name}:{n}: malformed JSON record: {reason} (--skip-bad skips such lines)");
                    done.fatal = Some(msg);
                    break;
                }
            }
        }
        done.body = body;
        done
    }
}

/// A record line's leading byte-order mark (on the first line only), its
/// content, and its terminator.
fn split_record(raw: &[u8], first: bool) -> (&[u8], &[u8], &[u8]) {
    let bom_len =
        if first && raw.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
    let (bom, rest) = raw.split_at(bom_len);
    let end_len = if rest.ends_with(b"\r\n") {
        2
    } else {
        rest.ends_with(b"\n") as usize
    };
    let (content, end) = rest.split_at(rest.len() - end_len);
    (bom, content, end)
}

/// Where results go: standard output or files under `-o`, the audit, and
/// standard error; in input order, since the pool hands them over so.
struct Writer {
    stdout: Sink<BufWriter<io::StdoutLock<'static>>>,
    compress: Option<Compression>,
    /// What to call the audit in messages.
    audit_name: String,
    audit: Option<Box<dyn Write>>,
    output: Option<PathBuf>,
    sources: Vec<Source>,
    /// The output file being written, by input index (JSON Lines inputs
    /// arrive in several batches).
    file: Option<OutFile>,
    /// Inputs that failed: later batches of them are dropped.
    dead: HashSet<usize>,
    /// The input of the last section that kept lines, and the blank line
    /// after them, to write before the next of its sections that does.
    gap: Option<(usize, Vec<u8>)>,
    failed: bool,
    skipped: u64,
    passed: u64,
    totals: Totals,
    stats: Option<PathBuf>,
    /// The report of a report run, and where it goes.
    report: Option<(PathBuf, Report)>,
    progress: Progress,
}

impl Writer {
    fn new(config: &Config) -> Result<Writer, RunError> {
        let audit: Option<Box<dyn Write>> = match &config.audit {
            None => None,
            Some(p) if p.as_os_str() == "-" => {
                Some(Box::new(BufWriter::new(io::stderr())))
            }
            Some(p) => {
                let file = fs::File::create(p).map_err(|e| {
                    RunError::Deboiler(deboiler::Error::io(
                        p.display().to_string(),
                        e,
                    ))
                })?;
                Some(Box::new(BufWriter::new(file)))
            }
        };
        Ok(Writer {
            stdout: Sink::new(
                BufWriter::new(io::stdout().lock()),
                config.compress.unwrap_or(Compression::None),
            )?,
            compress: config.compress,
            audit_name: match &config.audit {
                Some(p) if p.as_os_str() != "-" => p.display().to_string(),
                _ => "standard error (the audit)".to_string(),
            },
            audit,
            output: config.output.clone(),
            sources: config.sources.clone(),
            file: None,
            dead: HashSet::new(),
            gap: None,
            failed: false,
            skipped: 0,
            passed: 0,
            totals: Totals::default(),
            stats: config.stats.clone(),
            report: config.report.clone().map(|p| (p, Report::new())),
            progress: Progress::new(config.quiet),
        })
    }

    fn write(&mut self, mut done: Done) -> Result<(), RunError> {
        self.progress.add(done.docs, done.bytes);
        if self.dead.contains(&done.source) {
            return Ok(());
        }
        self.skipped += done.skipped;
        self.passed += done.passed;
        self.totals.merge(std::mem::take(&mut done.totals));
        for note in &done.notes {
            eprintln!("deboiler: {note}");
        }
        if let Some(audit) = self.audit.as_mut() {
            audit.write_all(&done.audit).map_err(|e| self.audit_error(e))?;
        }
        if let Some((_, report)) = self.report.as_mut() {
            std::mem::take(&mut done.pages)
                .into_iter()
                .for_each(|p| report.add(p));
            done.no_output = true;
        }
        // A failed input gets no output file, unless records came before
        // the failure.
        if !done.no_output && (done.fatal.is_none() || !done.body.is_empty()) {
            self.write_body(&done)?;
        }
        if let Some(msg) = done.fatal {
            eprintln!("deboiler: {msg}");
            self.failed = true;
            self.dead.insert(done.source);
        }
        Ok(())
    }

    /// Writes what `done` writes to standard output, or to its input's
    /// file under `-o` (an error there fails that input only).
    fn write_body(&mut self, done: &Done) -> Result<(), RunError> {
        let source = done.source;
        let mut gap = None;
        // Only a document read in sections has lines kept apart.
        let sectioned = |c: &&Clean| !c.at.is_whole() && c.outcome.kept() > 0;
        if let Some(c) = done.clean.as_ref().filter(sectioned) {
            if c.at.index > 0 {
                gap = self.gap.take().filter(|(s, _)| *s == source);
            }
            let blank = c.outcome.blank_after_kept(&c.doc);
            self.gap = blank.map(|b| (source, b.to_vec()));
        }
        let gap = gap.as_ref().map_or(&[][..], |(_, b)| b);
        let (Some(dir), Source::File { rel, .. }) =
            (&self.output, &self.sources[source])
        else {
            return write_done(&mut self.stdout, done, gap)
                .map_err(stdout_error);
        };
        if self.file.as_ref().is_none_or(|f| f.source != source) {
            let name = rel.to_string_lossy();
            let (compression, path) = match self.compress {
                Some(c) => (c, dir.join(c.rename(&name))),
                None => (Compression::of_name(&name), dir.join(rel)),
            };
            self.close_file();
            match create(&path, compression) {
                Ok((tmp, w)) => {
                    self.file = Some(OutFile { source, path, tmp, w });
                }
                Err(e) => {
                    self.fail_input(source, &e);
                    return Ok(());
                }
            }
        }
        let file = self.file.as_mut().expect("opened above");
        if let Err(e) = write_done(&mut file.w, done, gap) {
            let e = deboiler::Error::io(file.path.display().to_string(), e);
            self.fail_input(source, &e);
        }
        Ok(())
    }

    /// An error writing the audit.
    fn audit_error(&self, e: io::Error) -> RunError {
        RunError::Write { what: self.audit_name.clone(), source: e }
    }

    fn fail_input(&mut self, source: usize, e: &deboiler::Error) {
        eprintln!("deboiler: {e}");
        self.failed = true;
        self.dead.insert(source);
        if let Some(file) = self.file.take() {
            let _ = fs::remove_file(&file.tmp);
        }
    }

    /// Flushes the output file and puts it in place under its name; an
    /// error fails its input, and leaves no file.
    fn close_file(&mut self) {
        let Some(file) = self.file.take() else { return };
        let done =
            file.w.finish().and_then(|_| fs::rename(&file.tmp, &file.path));
        if let Err(e) = done {
            let _ = fs::remove_file(&file.tmp);
            let path = file.path.display().to_string();
            self.fail_input(file.source, &deboiler::Error::io(path, e));
        }
    }

    fn finish(mut self) -> Result<Status, RunError> {
        self.close_file();
        if let Some((path, report)) = &self.report {
            write_report(path, report)?;
        }
        self.stdout.finish().map_err(stdout_error)?;
        if let Some(audit) = self.audit.as_mut() {
            audit.flush().map_err(|e| RunError::Write {
                what: self.audit_name.clone(),
                source: e,
            })?;
        }
        self.progress.finish();
        if self.skipped > 0 {
            eprintln!("deboiler: {} malformed records skipped", self.skipped);
        }
        if self.passed > 0 {
            eprintln!("deboiler: {} records passed through unchanged (no string field to clean)", self.passed);
        }
        self.totals.bad_records = self.skipped;
        self.totals.passed_through = self.passed;
        match &self.stats {
            None => {}
            Some(p) if p.as_os_str() == "-" => {
                self.totals.write_text(&mut io::stderr().lock())?
            }
            Some(p) => {
                let json = serde_json::to_vec_pretty(&self.totals)
                    .expect("totals serialise");
                fs::write(p, json).map_err(|e| {
                    RunError::Deboiler(deboiler::Error::io(
                        p.display().to_string(),
                        e,
                    ))
                })?;
            }
        }
        Ok(if self.failed { Status::SomeFailed } else { Status::Ok })
    }
}

/// Writes `done`'s body, kept lines and trailer to `w`, after `gap`.
fn write_done(w: &mut impl Write, done: &Done, gap: &[u8]) -> io::Result<()> {
    w.write_all(gap)?;
    w.write_all(&done.body)?;
    if let Some(c) = &done.clean {
        c.outcome.write_clean(&c.doc, w)?;
    }
    w.write_all(done.trailer)
}

/// Writes `report` to `path`, through a temporary file beside it.
pub fn write_report(path: &Path, report: &Report) -> Result<(), RunError> {
    let (tmp, mut w) =
        create(path, Compression::None).map_err(RunError::Deboiler)?;
    let done = report.write_html(&mut w).and_then(|_| w.finish());
    let done = done.and_then(|_| fs::rename(&tmp, path));
    done.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        RunError::Write { what: path.display().to_string(), source: e }
    })
}

/// The output file of one input under `-o`, open while its batches come:
/// written to `tmp` beside `path`, and renamed to `path` when complete, so
/// that a file under its own name is always whole.
struct OutFile {
    source: usize,
    path: PathBuf,
    tmp: PathBuf,
    w: Sink<BufWriter<fs::File>>,
}

/// Creates the temporary file for `path`, and its folders, compressing
/// as `compression` says.
fn create(
    path: &Path,
    compression: Compression,
) -> Result<(PathBuf, Sink<BufWriter<fs::File>>), deboiler::Error> {
    let err = |e| deboiler::Error::io(path.display().to_string(), e);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(err)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(
        ".{name}.deboiler-{}.tmp",
        std::process::id()
    ));
    let file = fs::File::create(&tmp).map_err(err)?;
    let sink = Sink::new(BufWriter::new(file), compression).map_err(err)?;
    Ok((tmp, sink))
}

/// The cleaner: built-in sets, extended by the given files and folders,
/// less the rules switched off.
pub fn build_cleaner(
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

/// An error writing standard output.
fn stdout_error(e: io::Error) -> RunError {
    RunError::Write { what: "standard output".into(), source: e }
}

/// Says what walking the input folders left out.
fn note_walked(walked: &inputs::Walked) {
    if let Some(first) = walked.again.first() {
        let more = walked.again.len() - 1;
        let others = match more {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        eprintln!("deboiler: {}{others}: a folder reached again (a symbolic link loop, or given twice); walked once", first.display());
    }
    if let Some(out) = &walked.output {
        eprintln!(
            "deboiler: {}: the output folder, inside an input folder; left out",
            out.display()
        );
    }
}

/// Fails when two inputs would be written to the same file under `out`.
fn check_distinct(sources: &[Source], out: &Path) -> Result<(), RunError> {
    let mut seen: std::collections::HashMap<&Path, &Path> =
        std::collections::HashMap::new();
    for source in sources {
        let Source::File { path, rel } = source else { continue };
        if let Some(first) = seen.insert(rel, path) {
            let msg = format!(
                "{} and {} would both be written to {}; give them apart (one folder each, or one -o each run)",
                first.display(),
                path.display(),
                out.join(rel).display()
            );
            return Err(RunError::Usage(msg));
        }
    }
    Ok(())
}

/// The model file at `path`.
fn read_model(path: &Path) -> Result<Model, RunError> {
    let shown = path.display().to_string();
    let text = fs::read_to_string(path)
        .map_err(|e| RunError::Deboiler(deboiler::Error::io(&shown, e)))?;
    Model::parse(&shown, &text).map_err(RunError::Deboiler)
}

/// The built-in sets extended by the given files and folders.
pub fn load_patterns(extra: &[PathBuf]) -> Result<Patterns, RunError> {
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
