//! The documents named on the command line: standard input, files, and
//! the matching files of folders, walked recursively in name order.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use deboiler::jsonl::CodePoints;
use deboiler::Section;

/// One document to clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file; `rel` is its path under the output folder.
    File {
        /// Where to read it.
        path: PathBuf,
        /// Its path relative to the input folder (its name for a file
        /// given directly).
        rel: PathBuf,
    },
}

impl Source {
    /// What to call the document in messages and audits.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_string(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }
}

/// Which file names of a folder to read: `*` and `?` wildcards, and `!`
/// in front to exclude.
#[derive(Debug, Clone)]
pub struct Globs {
    include: Vec<String>,
    exclude: Vec<String>,
}

impl Globs {
    /// The globs given; when no including one is, files with extension
    /// `ext` (`txt`, `jsonl`), plain, gzip or zstd.
    pub fn new(globs: &[String], ext: &str) -> Globs {
        let (exclude, mut include): (Vec<_>, Vec<_>) =
            globs.iter().cloned().partition(|g| g.starts_with('!'));
        if include.is_empty() {
            include = ["", ".gz", ".zst"]
                .iter()
                .map(|c| format!("*.{ext}{c}"))
                .collect();
        }
        let exclude =
            exclude.into_iter().map(|g| g[1..].to_string()).collect();
        Globs { include, exclude }
    }

    /// The including globs, for a message.
    pub fn included(&self) -> String {
        self.include.join(" ")
    }

    /// Whether a file called `name` is read.
    pub fn matches(&self, name: &str) -> bool {
        self.include.iter().any(|g| glob(g.as_bytes(), name.as_bytes()))
            && !self
                .exclude
                .iter()
                .any(|g| glob(g.as_bytes(), name.as_bytes()))
    }
}

/// Wildcard matching of a whole name: `*` any run, `?` any one byte.
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, n));
            p += 1;
        } else if let Some((sp, sn)) = star {
            p = sp + 1;
            n = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// A document found, or a path that could not be listed.
pub type Listed = Result<Source, (PathBuf, io::Error)>;

/// What walking the input folders noticed, for a note to the user.
#[derive(Debug, Default)]
pub struct Walked {
    /// Folders reached again (a symbolic link loop, or a folder given
    /// twice), walked once.
    pub again: Vec<PathBuf>,
    /// The output folder, found inside an input folder and left out.
    pub output: Option<PathBuf>,
}

/// A folder's identity: its device and inode, where the platform has
/// them; else its canonical path.
#[derive(Debug, PartialEq, Eq, Hash)]
enum FolderId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn folder_id(dir: &Path) -> Option<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(dir).ok()?;
        Some(FolderId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(dir).ok().map(FolderId::Path)
    }
}

/// The state of one expansion.
struct Walk<'g> {
    globs: &'g Globs,
    seen: HashSet<FolderId>,
    /// The output folder's identity, if it exists.
    output: Option<FolderId>,
    walked: Walked,
}

/// Expands the inputs into documents, in order. A path that cannot be
/// listed is returned as an error beside the others, not instead of them.
/// Every folder is walked once, however often links reach it; the output
/// folder `output`, if inside an input folder, is left out.
pub fn expand(
    inputs: &[PathBuf],
    globs: &Globs,
    output: Option<&Path>,
) -> (Vec<Listed>, Walked) {
    if inputs.is_empty() {
        return (vec![Ok(Source::Stdin)], Walked::default());
    }
    let mut state = Walk {
        globs,
        seen: HashSet::new(),
        output: output.and_then(folder_id),
        walked: Walked::default(),
    };
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Ok(Source::Stdin));
        } else if input.is_dir() {
            let before = out.len();
            state.walk(input, input, &mut out);
            if out.len() == before
                && state.walked.output.as_deref() != Some(input)
            {
                let msg = format!("no file matches {}", globs.included());
                out.push(Err((input.clone(), io::Error::other(msg))));
            }
        } else {
            out.push(Ok(Source::File {
                path: input.clone(),
                rel: given_rel(input),
            }));
        }
    }
    (out, state.walked)
}

/// Where a file given by name goes under `-o`: its relative path as
/// given (so files of the same name in different folders stay apart), or
/// its name alone for an absolute path or one that climbs out (`..`).
fn given_rel(path: &Path) -> PathBuf {
    use std::path::Component;
    let plain = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    match plain {
        true => {
            path.components().filter(|c| *c != Component::CurDir).collect()
        }
        false => path.file_name().map(PathBuf::from).unwrap_or_default(),
    }
}

impl Walk<'_> {
    /// Adds the matching files under `dir`, a folder of the input folder
    /// `root`, in name order.
    fn walk(&mut self, root: &Path, dir: &Path, out: &mut Vec<Listed>) {
        if let Some(id) = folder_id(dir) {
            if self.output.as_ref() == Some(&id) {
                self.walked.output = Some(dir.to_path_buf());
                return;
            }
            if !self.seen.insert(id) {
                self.walked.again.push(dir.to_path_buf());
                return;
            }
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return out.push(Err((dir.to_path_buf(), e))),
        };
        let mut paths: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                self.walk(root, &path, out);
            } else if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| self.globs.matches(n))
            {
                let rel =
                    path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                out.push(Ok(Source::File { path, rel }));
            }
        }
    }
}

/// The most records in one batch of JSON Lines.
pub const BATCH_RECORDS: usize = 256;

/// A batch of JSON Lines closes once it holds this many bytes.
pub const BATCH_BYTES: usize = 256 << 10;

/// Bytes read to decide whether an input is text: NUL bytes in them make
/// it binary.
pub const SNIFF_BYTES: usize = 8192;

/// Opens `source`, decompressed if its first bytes say it is gzip or
/// zstd.
pub fn open(source: &Source) -> io::Result<Box<dyn io::BufRead + Send>> {
    let raw: Box<dyn io::BufRead + Send> = match source {
        Source::Stdin => {
            Box::new(io::BufReader::with_capacity(1 << 16, io::stdin()))
        }
        Source::File { path, .. } => Box::new(io::BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(path)?,
        )),
    };
    crate::compress::decode(raw)
}

/// A text document longer than this is read and cleaned in sections
/// (see [`Section`]): each holds this many bytes and the rest of the
/// line they end in, and then lines up to a blank one.
pub const SECTION_BYTES: usize = 16 << 20;

/// A unit of work, read from one input.
pub enum Job {
    /// A whole text document, or a section of one.
    Text {
        /// Index of its input.
        source: usize,
        /// Its bytes.
        doc: Vec<u8>,
        /// Where it is in the document.
        at: Section,
    },
    /// Consecutive lines of a JSON Lines input, terminators included.
    Records {
        /// Index of its input.
        source: usize,
        /// The 1-based line number of the first line.
        first_line: usize,
        /// The lines.
        lines: Vec<Vec<u8>>,
    },
    /// An input that could not be read (or is binary): the message.
    Failed {
        /// Index of its input.
        source: usize,
        /// What went wrong, naming the input.
        message: String,
    },
}

/// Reads `sources` into jobs, one input after another: a text input as
/// one job (or its sections), a JSON Lines input as batches of records.
pub struct Reader {
    sources: Vec<Source>,
    jsonl: bool,
    next: usize,
    current: Option<Open>,
    /// See [`SECTION_BYTES`].
    section_bytes: usize,
}

/// The input being read, and how far.
struct Open {
    source: usize,
    reader: Box<dyn io::BufRead + Send>,
    /// Where the next job starts: its section (of a text document), and
    /// its line (`lines + 1` is a record's 1-based number).
    at: Section,
}

impl Reader {
    /// A reader of `sources`, as JSON Lines when `jsonl`.
    pub fn new(sources: Vec<Source>, jsonl: bool) -> Reader {
        Reader {
            sources,
            jsonl,
            next: 0,
            current: None,
            section_bytes: SECTION_BYTES,
        }
    }

    /// The reader, with text sections of `bytes` instead of
    /// [`SECTION_BYTES`] (for tests of the framing on small inputs).
    #[cfg(any(test, fuzzing))]
    pub fn with_section_bytes(self, bytes: usize) -> Reader {
        Reader { section_bytes: bytes.max(1), ..self }
    }

    /// Opens the next input, now current, or says why it cannot be read.
    fn next_source(&mut self) -> Step {
        let source = self.next;
        let Some(input) = self.sources.get(source) else {
            return Step::Exhausted;
        };
        self.next += 1;
        let failed = |e: String| Step::Job(Job::Failed { source, message: e });
        let mut reader = match open(input) {
            Ok(r) => r,
            Err(e) => return failed(format!("{}: {e}", input.name())),
        };
        match reader.fill_buf() {
            Ok(head)
                if memchr::memchr(0, &head[..head.len().min(SNIFF_BYTES)])
                    .is_some() =>
            {
                return failed(format!(
                    "{}: skipped: binary file (NUL bytes)",
                    input.name()
                ));
            }
            Ok(_) => {}
            Err(e) => return failed(format!("{}: {e}", input.name())),
        }
        self.current = Some(Open { source, reader, at: Section::default() });
        Step::Opened
    }

    /// The next section of the open text document, if it has more.
    fn next_section(&mut self) -> Option<Job> {
        let open = self.current.as_mut()?;
        if open.at.index > 0 && open.at.last {
            self.current = None;
            return None;
        }
        let source = open.source;
        let mut doc = Vec::new();
        let bytes = self.section_bytes;
        let at = match read_section(&mut open.reader, bytes, &mut doc) {
            Ok(last) => Section { last, ..open.at },
            Err(e) => {
                self.current = None;
                let name = self.sources[source].name();
                let message = format!("{name}: {e}");
                return Some(Job::Failed { source, message });
            }
        };
        open.at = Section {
            index: at.index + 1,
            last: at.last,
            lines: at.lines + memchr::memchr_iter(b'\n', &doc).count(),
            bytes: at.bytes + doc.len(),
            points: at.points + CodePoints::count(&doc),
        };
        Some(Job::Text { source, doc, at })
    }

    /// The next batch of the open record stream, if it has more lines.
    fn next_batch(&mut self) -> Option<Job> {
        let open = self.current.as_mut()?;
        let (source, first_line) = (open.source, open.at.lines + 1);
        let (mut lines, mut bytes) = (Vec::new(), 0);
        while lines.len() < BATCH_RECORDS && bytes < BATCH_BYTES {
            let mut line = Vec::new();
            match open.reader.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(n) => {
                    bytes += n;
                    lines.push(line);
                }
                Err(e) => {
                    self.current = None;
                    let name = self.sources[source].name();
                    let at = first_line + lines.len();
                    return Some(Job::Failed {
                        source,
                        message: format!("{name}:{at}: {e}"),
                    });
                }
            }
        }
        if lines.is_empty() {
            self.current = None;
            return None;
        }
        open.at.lines += lines.len();
        Some(Job::Records { source, first_line, lines })
    }
}

/// Reads a section of a text document into `doc`: `bytes` bytes, the rest
/// of the line they end in, and lines up to a blank one (see
/// [`SECTION_BYTES`]); returns whether the document ends with it.
fn read_section(
    reader: &mut Box<dyn io::BufRead + Send>,
    bytes: usize,
    doc: &mut Vec<u8>,
) -> io::Result<bool> {
    use io::Read;
    reader.by_ref().take(bytes as u64).read_to_end(doc)?;
    if doc.len() < bytes {
        return Ok(true);
    }
    // The line the bytes end in, whole, then up to a blank line.
    let mut line = memchr::memrchr(b'\n', doc).map_or(0, |i| i + 1);
    loop {
        if reader.read_until(b'\n', doc)? == 0 {
            return Ok(true);
        }
        if doc[line..].iter().all(u8::is_ascii_whitespace) {
            break;
        }
        line = doc.len();
    }
    Ok(reader.fill_buf()?.is_empty())
}

impl Iterator for Reader {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if self.current.is_some() {
                let job = match self.jsonl {
                    true => self.next_batch(),
                    false => self.next_section(),
                };
                if job.is_some() {
                    return job;
                }
                continue;
            }
            match self.next_source() {
                Step::Job(job) => return Some(job),
                Step::Opened => continue,
                Step::Exhausted => return None,
            }
        }
    }
}

/// What opening the next input gave.
enum Step {
    /// A failure.
    Job(Job),
    /// An input, now current.
    Opened,
    /// No inputs left.
    Exhausted,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_given_by_name_keep_their_relative_path() {
        assert_eq!(
            given_rel(Path::new("./crawl/a/x.txt")),
            Path::new("crawl/a/x.txt")
        );
        assert_eq!(given_rel(Path::new("/tmp/x.txt")), Path::new("x.txt"));
        assert_eq!(given_rel(Path::new("../x.txt")), Path::new("x.txt"));
    }

    #[test]
    fn globs_include_and_exclude() {
        let g = Globs::new(&["!*.gold.txt".to_string()], "txt");
        assert!(g.matches("000_a.txt.gz") && g.matches("b.txt.zst"));
        assert!(g.matches("000_a.txt"));
        assert!(!g.matches("000_a.gold.txt"));
        assert!(!g.matches("notes.md"));
        let g = Globs::new(
            &["*.jsonl".to_string(), "page-??.txt".to_string()],
            "txt",
        );
        assert!(g.matches("a.jsonl") && g.matches("page-01.txt"));
        assert!(!g.matches("page-1.txt"));
    }

    #[test]
    fn sections_end_at_blank_lines_and_tile_the_document() {
        let dir = std::env::temp_dir()
            .join(format!("deboiler-sections-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("doc.txt");
        let doc = b"one two\nthree\n\nfour five six\n \r\nseven\n\neight";
        std::fs::write(&path, doc).unwrap();
        let source = Source::File { path, rel: PathBuf::from("doc.txt") };
        let reader = Reader::new(vec![source], false).with_section_bytes(5);
        let mut texts = Vec::new();
        for job in reader {
            let Job::Text { doc: text, at, .. } = job else {
                panic!("a text")
            };
            texts.push((String::from_utf8(text).unwrap(), at));
        }
        let parts: Vec<&str> = texts.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            parts,
            [
                "one two\nthree\n\n",
                "four five six\n \r\n",
                "seven\n\n",
                "eight"
            ]
        );
        let at: Vec<_> = texts
            .iter()
            .map(|(_, a)| (a.index, a.last, a.lines, a.bytes))
            .collect();
        assert_eq!(
            at,
            [
                (0, false, 0, 0),
                (1, false, 3, 15),
                (2, false, 5, 32),
                (3, true, 7, 39)
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
