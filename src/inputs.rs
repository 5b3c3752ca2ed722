//! The documents named on the command line: standard input, files, and
//! the matching files of folders, walked recursively in name order.

use std::io;
use std::path::{Path, PathBuf};

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
    /// The globs given, `*.txt` when no including one is.
    pub fn new(globs: &[String]) -> Globs {
        let (exclude, mut include): (Vec<_>, Vec<_>) =
            globs.iter().cloned().partition(|g| g.starts_with('!'));
        if include.is_empty() {
            include.push("*.txt".to_string());
        }
        let exclude =
            exclude.into_iter().map(|g| g[1..].to_string()).collect();
        Globs { include, exclude }
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

/// Expands the inputs into documents, in order. A path that cannot be
/// listed is returned as an error beside the others, not instead of them.
pub fn expand(
    inputs: &[PathBuf],
    globs: &Globs,
) -> Vec<Result<Source, (PathBuf, io::Error)>> {
    if inputs.is_empty() {
        return vec![Ok(Source::Stdin)];
    }
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Ok(Source::Stdin));
        } else if input.is_dir() {
            walk(input, input, globs, &mut out);
        } else {
            let rel = input.file_name().map(PathBuf::from).unwrap_or_default();
            out.push(Ok(Source::File { path: input.clone(), rel }));
        }
    }
    out
}

fn walk(
    root: &Path,
    dir: &Path,
    globs: &Globs,
    out: &mut Vec<Result<Source, (PathBuf, io::Error)>>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return out.push(Err((dir.to_path_buf(), e))),
    };
    let mut paths: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(root, &path, globs, out);
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| globs.matches(n))
        {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            out.push(Ok(Source::File { path, rel }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_include_and_exclude() {
        let g = Globs::new(&["!*.gold.txt".to_string()]);
        assert!(g.matches("000_a.txt"));
        assert!(!g.matches("000_a.gold.txt"));
        assert!(!g.matches("notes.md"));
        let g =
            Globs::new(&["*.jsonl".to_string(), "page-??.txt".to_string()]);
        assert!(g.matches("a.jsonl") && g.matches("page-01.txt"));
        assert!(!g.matches("page-1.txt"));
    }
}
