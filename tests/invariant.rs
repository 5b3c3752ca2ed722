//! The no-loss invariant: every non-blank input line is either in the
//! output or in the audit, exactly once; the audit's byte ranges and texts
//! are the input's; the output is exactly the input's kept lines.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::util::{expected_output, is_blank, root, run, test_inputs};

/// Lines as the cleaner frames them: (content, raw with terminator).
fn frame(doc: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < doc.len() {
        let next = doc[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(doc.len(), |p| start + p + 1);
        let mut end = next;
        if end > start && doc[end - 1] == b'\n' {
            end -= 1;
            if end > start && doc[end - 1] == b'\r' {
                end -= 1;
            }
        }
        out.push((&doc[start..end], &doc[start..next]));
        start = next;
    }
    out
}

/// Checks one document's output and audit against its input.
pub fn check(name: &str, doc: &[u8], out: &[u8], audit: &[Value]) {
    assert_eq!(
        check_sections(name, doc, out, audit),
        1,
        "{name}: one summary"
    );
}

/// [`check`], for a document that may have been cleaned in sections (a
/// summary each, which together count its lines); returns how many.
pub fn check_sections(
    name: &str,
    doc: &[u8],
    out: &[u8],
    audit: &[Value],
) -> usize {
    let lines = frame(doc);
    let mut removed: BTreeMap<usize, &Value> = BTreeMap::new();
    let (mut summaries, mut counted) = (0, [0; 2]);
    for msg in audit {
        match msg["type"].as_str().unwrap() {
            "removed" => {
                let n = msg["line"].as_u64().unwrap() as usize;
                assert!(
                    removed.insert(n, msg).is_none(),
                    "{name}: line {n} audited twice"
                );
                let (start, end) = (
                    msg["start"].as_u64().unwrap() as usize,
                    msg["end"].as_u64().unwrap() as usize,
                );
                let content = lines[n - 1].0;
                assert_eq!(
                    &doc[start..end],
                    content,
                    "{name}: line {n} range"
                );
                assert_eq!(
                    msg["text"].as_str().unwrap(),
                    String::from_utf8_lossy(content),
                    "{name}:{n}"
                );
                assert!(!is_blank(content), "{name}: blank line {n} audited");
            }
            "summary" => {
                summaries += 1;
                let get = |k: &str| msg[k].as_u64().unwrap() as usize;
                assert_eq!(
                    get("kept") + get("removed") + get("blank"),
                    get("lines")
                );
                counted[0] += get("lines");
                counted[1] += get("removed");
            }
            other => panic!("{name}: unknown message type {other}"),
        }
    }
    assert_eq!(counted[0], lines.len(), "{name}: summaries' lines");
    assert_eq!(counted[1], removed.len(), "{name}: summaries' removed");
    let expected = expected_output(lines.iter().enumerate().map(
        |(i, (content, raw))| {
            (*raw, is_blank(content), !removed.contains_key(&(i + 1)))
        },
    ));
    assert!(
        expected == out,
        "{name}: output is not exactly the input's unaudited lines"
    );
    summaries
}

fn parse_jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn no_line_is_lost_in_any_test_input() {
    for path in test_inputs() {
        let rel =
            path.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let out = run(&["--audit", "-", &rel], b"");
        assert!(
            out.status.success(),
            "{rel}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = std::fs::read(&path).unwrap();
        check(&rel, &doc, &out.stdout, &parse_jsonl(&out.stderr));
    }
}

/// Over a whole development dataset when `../shared/eval` is beside the
/// project (it is in CI): many real pages, one run with `-o`.
#[test]
fn no_line_is_lost_on_development_pages() {
    let eval = root().join("../shared/eval/cwced-zh/input-full");
    if !eval.is_dir() {
        eprintln!("skipped: {} not present", eval.display());
        return;
    }
    let dir = crate::util::tempdir("invariant-eval");
    let audit = dir.join("audit.jsonl");
    let out_dir = dir.join("out");
    let out = run(
        &[
            eval.to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
            "--audit",
            audit.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut by_doc: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for msg in parse_jsonl(&std::fs::read(&audit).unwrap()) {
        by_doc
            .entry(msg["doc"].as_str().unwrap().to_string())
            .or_default()
            .push(msg);
    }
    assert!(by_doc.len() >= 30, "audited {} documents", by_doc.len());
    for (doc_path, msgs) in by_doc {
        let doc = std::fs::read(&doc_path).unwrap();
        let name = Path::new(&doc_path).file_name().unwrap();
        let cleaned = std::fs::read(out_dir.join(name)).unwrap();
        check(&doc_path, &doc, &cleaned, &msgs);
    }
}
