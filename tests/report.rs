//! `deboiler report`: the page parses, its links resolve, page text is
//! escaped, nothing outside it is referenced (all checked by
//! `tests/check_report.py`); the report from an audit is the report of
//! the run; what it shows is bounded.

use std::path::Path;
use std::process::Command;

use crate::util::{root, run, tempdir};

/// A hostile page: markup in its text and in its name.
const HOSTILE: &str = "<script>alert(\"x\")</script>\n\nA line with <b>bold</b> & an <img src=x onerror=alert(1)>.\n\nShare this:\n";

/// Runs `tests/check_report.py` on `page`, asking for `texts` shown as
/// text; returns its report line.
fn check(page: &Path, texts: &[&str]) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(root().join("tests/check_report.py")).arg(page);
    for t in texts {
        cmd.args(["--expect-text", t]);
    }
    let out = cmd.output().expect("python3 runs");
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{said}");
    said
}

fn hostile_dir(name: &str) -> crate::util::TempDir {
    let dir = tempdir(name);
    std::fs::write(dir.join("<page & 'x'>.txt"), HOSTILE).unwrap();
    dir
}

#[test]
fn the_report_escapes_page_text_and_its_links_resolve() {
    let dir = hostile_dir("report-hostile");
    let page = dir.join("report.html");
    let args = [
        "report",
        "seeds",
        dir.to_str().unwrap(),
        "--glob",
        "!*.gold.txt",
        "-q",
        "-o",
        page.to_str().unwrap(),
    ];
    let out = run(&args, b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "a report run writes no clean text");
    let said = check(
        &page,
        &[
            "<script>alert(\"x\")</script>",
            "<page & 'x'>.txt",
            "<img src=x onerror=alert(1)>",
        ],
    );
    assert!(said.contains(" 6 documents"), "{said}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
}

/// Writes the report of a run over `args` (inputs and flags), and the
/// report of the same inputs from the audit of a cleaning run, both in
/// `dir`, and checks that they are the same bytes; returns the first.
fn live_and_from_audit(dir: &Path, args: &[&str]) -> std::path::PathBuf {
    let (live, again) = (dir.join("live.html"), dir.join("again.html"));
    let (audit, clean) = (dir.join("audit.jsonl"), dir.join("clean"));
    let with = |extra: &[&str]| {
        let all: Vec<&str> = extra.iter().chain(args).copied().collect();
        let out = run(&all, b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    with(&["report", "-q", "-o", live.to_str().unwrap()]);
    with(&[
        "-q",
        "-o",
        clean.to_str().unwrap(),
        "--audit",
        audit.to_str().unwrap(),
    ]);
    with(&[
        "report",
        "-q",
        "--from-audit",
        audit.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&live).unwrap() == std::fs::read(&again).unwrap());
    live
}

#[test]
fn the_report_from_an_audit_is_the_report_of_the_run() {
    let dir = hostile_dir("report-audit");
    let out = tempdir("report-audit-pages");
    live_and_from_audit(
        &out,
        &["seeds", dir.to_str().unwrap(), "--glob", "!*.gold.txt"],
    );
}

#[test]
fn the_report_of_json_lines_from_an_audit_is_the_report_of_the_run() {
    let dir = tempdir("report-jsonl");
    let shard = dir.join("a.jsonl");
    let recs: Vec<String> = crate::util::seeds()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = std::fs::read_to_string(p).unwrap();
            serde_json::json!({"id": format!("r{i}"), "text": text})
                .to_string()
        })
        .collect();
    // A byte-order mark before the first record, a record without an id
    // and one whose id is a number written with an exponent: each named
    // alike in the audit and in the report from it.
    let more = "\n{\"text\": \"no id\\n\"}\n{\"id\": 1e3, \"text\": \"A number\\n\"}\n";
    std::fs::write(&shard, format!("\u{feff}{}{more}", recs.join("\n")))
        .unwrap();
    let live =
        live_and_from_audit(&dir, &["--jsonl", shard.to_str().unwrap()]);
    check(&live, &[]);
}

#[test]
fn a_bad_audit_or_a_missing_document_is_named() {
    let dir = hostile_dir("report-bad-audit");
    let (audit, page) = (dir.join("audit.jsonl"), dir.join("r.html"));
    let from = |audit_text: &str| {
        std::fs::write(&audit, audit_text).unwrap();
        let args = [
            "report",
            dir.to_str().unwrap(),
            "--from-audit",
            audit.to_str().unwrap(),
            "-o",
            page.to_str().unwrap(),
        ];
        let out = run(&args, b"");
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        (out.status.code(), err)
    };
    let (code, err) = from("{\"type\":\"summary\",\"doc\":\"x\"}\nnot json\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("audit.jsonl:2: not an audit record"), "{err}");
    let (code, err) = from("");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("<page & 'x'>.txt: not in the audit"), "{err}");
    let args = ["report", "--explain", dir.to_str().unwrap()];
    assert_eq!(run(&args, b"").status.code(), Some(2));
}

/// Over every development page when `../shared/eval` is beside the
/// project: the page stays within its bound.
#[test]
fn the_report_of_the_development_pages_is_bounded() {
    let eval = root().join("../shared/eval");
    if !eval.is_dir() {
        eprintln!("skipped: {} not present", eval.display());
        return;
    }
    let dir = tempdir("report-eval");
    let page = dir.join("r.html");
    let mut args = vec![
        "report".to_string(),
        "-q".into(),
        "-o".into(),
        page.to_str().unwrap().into(),
    ];
    for set in ["cwced-zh", "scrapinghub-aeb", "wcxb"] {
        args.push(eval.join(set).join("input-full").to_str().unwrap().into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = check(&page, &[]);
    let shown: usize = said
        .split(" documents")
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((100..=120).contains(&shown), "{said}");
    let size = std::fs::metadata(&page).unwrap().len();
    assert!(size < 10 << 20, "{size} bytes");
}
