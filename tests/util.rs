//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Asserts two strings are equal, printing a line diff when they are not.
macro_rules! eqnice {
    ($expected:expr, $got:expr) => {{
        let (expected, got): (&str, &str) = (&$expected, &$got);
        if expected != got {
            panic!("{}", $crate::util::diff(expected, got));
        }
    }};
}

/// A readable diff of two texts: the lines only one of them has.
pub fn diff(expected: &str, got: &str) -> String {
    let mut out = String::from("outputs differ\n");
    let (e, g): (Vec<_>, Vec<_>) =
        (expected.lines().collect(), got.lines().collect());
    for line in e.iter().filter(|l| !g.contains(l)) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in g.iter().filter(|l| !e.contains(l)) {
        out.push_str(&format!("+ {line}\n"));
    }
    out
}

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed pages (inputs, not golds), sorted.
pub fn seeds() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.ends_with(".txt")
                && !name.ends_with(".gold.txt")
                && name != "README.md"
        })
        .collect();
    out.sort();
    out
}

/// The test inputs: the seeds and the files of tests/data.
pub fn test_inputs() -> Vec<PathBuf> {
    let mut out = seeds();
    for e in std::fs::read_dir(root().join("tests/data")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Runs the binary in the project's root with `args` and `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_in(&root(), args, stdin)
}

/// Runs the binary in `dir`.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_deboiler"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("deboiler runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Text without blank lines, for comparing bodies "blank lines aside".
pub fn non_blank(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A fresh, empty temporary folder named for the test, removed with
/// everything in it when dropped.
pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh, empty [`TempDir`] named for the test and this process.
pub fn tempdir(name: &str) -> TempDir {
    let dir = std::env::temp_dir()
        .join(format!("deboiler-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// Whether `BLESS=1` asks for snapshots to be rewritten.
pub fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

/// Compares `got` with the snapshot file `path`, or rewrites it under
/// `BLESS=1`.
pub fn snapshot(path: &Path, got: &str) {
    if bless() {
        std::fs::write(path, got).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!("{} missing: run with BLESS=1", path.display())
    });
    eqnice!(expected, got);
}

/// Whether a line's content is blank to the cleaner: Unicode white space
/// only (a line of invisible characters is content, removed and audited).
pub fn is_blank(content: &[u8]) -> bool {
    String::from_utf8_lossy(content).chars().all(char::is_whitespace)
}

/// The output the cleaner must write for lines given as (raw bytes with
/// terminator, blank, kept): the kept lines byte for byte, and one blank
/// line between two kept ones wherever the input had at least one. An
/// oracle of its own, not the library's code.
pub fn expected_output<'a>(
    lines: impl IntoIterator<Item = (&'a [u8], bool, bool)>,
) -> Vec<u8> {
    let (mut out, mut wrote, mut pending) = (Vec::new(), false, None);
    for (raw, blank, kept) in lines {
        if blank {
            if wrote {
                pending.get_or_insert(raw);
            }
        } else if kept {
            out.extend_from_slice(pending.take().unwrap_or_default());
            out.extend_from_slice(raw);
            wrote = true;
        }
    }
    out
}
