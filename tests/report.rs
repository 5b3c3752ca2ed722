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

#[test]
fn the_report_from_an_audit_is_the_report_of_the_run() {
    let dir = hostile_dir("report-audit");
    let d = dir.to_str().unwrap();
    let clean = tempdir("report-audit-out");
    let (live, again, audit) = (
        dir.join("live.html"),
        dir.join("again.html"),
        dir.join("audit.jsonl"),
    );
    let out = run(
        &[
            "report",
            "-q",
            "seeds",
            d,
            "--glob",
            "!*.gold.txt",
            "-o",
            live.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success());
    let out = run(
        &[
            "-q",
            "seeds",
            d,
            "--glob",
            "!*.gold.txt",
            "-o",
            clean.to_str().unwrap(),
            "--audit",
            audit.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success());
    let out = run(
        &[
            "report",
            "seeds",
            d,
            "--glob",
            "!*.gold.txt",
            "--from-audit",
            audit.to_str().unwrap(),
            "-o",
            again.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&live).unwrap() == std::fs::read(&again).unwrap());
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
    std::fs::write(&shard, recs.join("\n") + "\n{\"text\": \"no id\\n\"}\n")
        .unwrap();
    let s = shard.to_str().unwrap();
    let (live, again, audit) = (
        dir.join("live.html"),
        dir.join("again.html"),
        dir.join("audit.jsonl"),
    );
    let out = run(
        &["report", "--jsonl", "-q", s, "-o", live.to_str().unwrap()],
        b"",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check(&live, &[]);
    let out =
        run(&["--jsonl", "-q", s, "--audit", audit.to_str().unwrap()], b"");
    assert!(out.status.success());
    let out = run(
        &[
            "report",
            "--jsonl",
            s,
            "--from-audit",
            audit.to_str().unwrap(),
            "-o",
            again.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&live).unwrap() == std::fs::read(&again).unwrap());
}

#[test]
fn a_bad_audit_or_a_missing_document_is_named() {
    let dir = hostile_dir("report-bad-audit");
    let d = dir.to_str().unwrap();
    let audit = dir.join("audit.jsonl");
    let page = dir.join("r.html");
    std::fs::write(&audit, "{\"type\":\"summary\",\"doc\":\"x\"}\nnot json\n")
        .unwrap();
    let out = run(
        &[
            "report",
            d,
            "--from-audit",
            audit.to_str().unwrap(),
            "-o",
            page.to_str().unwrap(),
        ],
        b"",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("audit.jsonl:2: not an audit record"), "{err}");
    std::fs::write(&audit, "").unwrap();
    let out = run(
        &[
            "report",
            d,
            "--from-audit",
            audit.to_str().unwrap(),
            "-o",
            page.to_str().unwrap(),
        ],
        b"",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("<page & 'x'>.txt: not in the audit"), "{err}");
    let out =
        run(&["report", "--explain", d, "-o", page.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
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
