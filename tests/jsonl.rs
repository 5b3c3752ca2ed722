//! JSON Lines mode: records in, records out, other fields untouched.

use serde_json::Value;

use crate::util::{run, run_in, tempdir};

const TEXT: &str = "Storm closes schools\n\nA storm closed schools across the region on Monday, and officials said they would reopen on Wednesday.\nShare this article\n";

fn record(id: usize) -> String {
    let text = serde_json::to_string(TEXT).unwrap();
    format!(
        r#"{{"id":"doc-{id}","text":{text},"metadata":{{"url":"https://example.org/{id}","n":1.50,"tags":["a","b"]}},"added":"2024-01-01"}}"#
    )
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The Dolma / datatrove document shape: every field but `text` comes back
/// byte for byte, in order, and the summary is added last.
#[test]
fn round_trip_keeps_unknown_fields_and_their_order() {
    let input = format!("{}\n", record(1));
    let out = run(&["--jsonl"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out);
    assert!(line.ends_with('\n') && line.lines().count() == 1);
    assert!(
        line.starts_with(
            r#"{"id":"doc-1","text":"Storm closes schools\n\nA storm closed"#
        ),
        "{line}"
    );
    assert!(line.contains(r#","metadata":{"url":"https://example.org/1","n":1.50,"tags":["a","b"]},"added":"2024-01-01","deboiler":{"#), "{line}");
    let v: Value = serde_json::from_str(&line).unwrap();
    assert!(!v["text"].as_str().unwrap().contains("Share this"));
    assert_eq!(v["deboiler"]["removed"], 1);
    assert_eq!(v["deboiler"]["categories"]["share"], 1);
}

/// Other fields pass through as their bytes, escapes included: a lone
/// surrogate escape (`\udffd`, in the JSON grammar but no character) is
/// neither decoded nor repaired, so the output is as valid as the input.
#[test]
fn other_fields_keep_their_escapes_as_written() {
    let text = serde_json::to_string(TEXT).unwrap();
    let input =
        format!(r#"{{"id":"x","text":{text},"note":"a\udffd b \u00e9"}}"#);
    let out = run(&["--jsonl"], format!("{input}\n").as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(r#","note":"a\udffd b \u00e9","deboiler":{"#)
    );
}

#[test]
fn records_stay_in_order_with_several_threads() {
    let input: String = (0..600).map(|i| format!("{}\n", record(i))).collect();
    let out = run(&["--jsonl", "-j", "4"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = (0..600).map(|i| format!("doc-{i}")).collect();
    assert_eq!(ids, expected);
}

#[test]
fn field_names_and_inline_audit() {
    let input = r#"{"key":9,"body":"Advertisement\nA storm closed schools across the region on Monday, and officials said they would reopen on Wednesday.\n"}"#;
    let out = run(
        &[
            "--jsonl",
            "--lang",
            "en",
            "--field",
            "body",
            "--id-field",
            "key",
            "--meta-key",
            "cleaning",
            "--audit-inline",
            "--audit",
            "-",
        ],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["cleaning"]["removed_lines"][0]["rule"], "en/advert");
    assert_eq!(v["cleaning"]["removed_lines"][0]["line"], 1);
    assert!(stderr(&out).contains(r#""doc":"9""#), "{}", stderr(&out));
}

#[test]
fn audit_names_records_by_id_else_file_and_line() {
    let dir = tempdir("jsonl-audit");
    let no_id = r#"{"text":"Advertisement\n"}"#;
    std::fs::write(dir.join("a.jsonl"), format!("{}\n{no_id}\n", record(5)))
        .unwrap();
    let out =
        run_in(&dir, &["--jsonl", "a.jsonl", "--audit", "audit.jsonl"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let audit = std::fs::read_to_string(dir.join("audit.jsonl")).unwrap();
    assert!(audit.contains(r#""doc":"doc-5""#), "{audit}");
    assert!(audit.contains(r#""doc":"a.jsonl:2""#), "{audit}");
}

#[test]
fn malformed_line_stops_its_input_naming_file_and_line() {
    let dir = tempdir("jsonl-bad");
    std::fs::write(
        dir.join("in.jsonl"),
        format!("{}\n{{\"text\": oops}}\n{}\n", record(1), record(3)),
    )
    .unwrap();
    let out = run_in(&dir, &["--jsonl", "in.jsonl"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("in.jsonl:2: malformed JSON record"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "the record before it is written"
    );
}

#[test]
fn skip_bad_writes_the_line_to_stderr_and_goes_on() {
    let input = format!("{}\nnot json at all\n{}\n", record(1), record(3));
    let out = run(&["--jsonl", "--skip-bad"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2);
    let err = stderr(&out);
    assert!(
        err.contains("-:2: skipped malformed record")
            && err.contains("not json at all"),
        "{err}"
    );
    assert!(err.contains("1 malformed records skipped"), "{err}");
}

#[test]
fn records_without_a_string_field_pass_through_with_a_warning() {
    let input = "{\"id\":1,\"text\":42}\n{\"id\":2}\n";
    let out = run(&["--jsonl"], input.as_bytes());
    assert!(out.status.success());
    assert_eq!(stdout(&out), input);
    let err = stderr(&out);
    assert!(err.contains("-:1: field \"text\" is not a string; record passed through unchanged"), "{err}");
    assert!(err.contains("-:2: no field \"text\""), "{err}");
    assert!(err.contains("2 records passed through unchanged"), "{err}");
}

#[test]
fn folder_of_jsonl_files_with_output_dir() {
    let dir = tempdir("jsonl-folder");
    std::fs::create_dir_all(dir.join("in/sub")).unwrap();
    std::fs::write(
        dir.join("in/a.jsonl"),
        format!("{}\n{}\n", record(1), record(2)),
    )
    .unwrap();
    std::fs::write(dir.join("in/sub/b.jsonl"), format!("{}\n", record(3)))
        .unwrap();
    std::fs::write(dir.join("in/skip.txt"), "not records").unwrap();
    let out = run_in(&dir, &["--jsonl", "in", "-o", "out"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("out/a.jsonl"))
            .unwrap()
            .lines()
            .count(),
        2
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/sub/b.jsonl"))
            .unwrap()
            .lines()
            .count(),
        1
    );
    assert!(!dir.join("out/skip.txt").exists());
}

#[test]
fn crlf_blank_lines_and_empty_input() {
    let input = format!("{}\r\n\n{}\r\n", record(1), record(2));
    let out = run(&["--jsonl"], input.as_bytes());
    let text = stdout(&out);
    assert_eq!(text.matches("\r\n").count(), 2);
    assert_eq!(text.split('\n').count(), 4, "{text:?}");
    let empty = run(&["--jsonl"], b"");
    assert!(empty.status.success() && empty.stdout.is_empty());
}

/// A record whose text holds a lone surrogate (`\ud800`) was reported as
/// "not a string" and passed through.
#[test]
fn r_a_lone_surrogate_is_a_malformed_record_saying_so() {
    let input = "{\"id\":1,\"text\":\"bad \\ud800 text\"}\n";
    let out = run(&["--jsonl", "-q"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("<stdin>:1") || err.contains("-:1"), "{err}");
    assert!(err.contains("field \"text\": invalid string: "), "{err}");
    assert!(!err.contains("not a string"), "{err}");
    let skipped = run(&["--jsonl", "-q", "--skip-bad"], input.as_bytes());
    assert!(skipped.status.success());
    assert!(stdout(&skipped).is_empty());
}

#[test]
fn min_kept_drops_thin_records_and_keep_dropped_marks_them() {
    let thin = r#"{"id":"thin","text":"Share this article\nFollow us\nAdvertisement\n"}"#;
    let input = format!("{}\n{thin}\n", record(1));
    let out = run(
        &["--jsonl", "-q", "--min-kept", "0.2", "--stats"],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "doc-1");
    assert!(
        stderr(&out).contains("2 documents (1 empty, 1 dropped)"),
        "{}",
        stderr(&out)
    );
    let kept = run(
        &["--jsonl", "-q", "--min-kept", "0.2", "--keep-dropped"],
        input.as_bytes(),
    );
    let lines: Vec<Value> = stdout(&kept)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["deboiler"]["dropped"], true);
    assert!(lines[0]["deboiler"].get("dropped").is_none());
}

#[test]
fn stats_go_to_a_file_as_json() {
    let dir = tempdir("stats");
    let input: String = (0..5).map(|i| record(i) + "\n").collect();
    let out = run_in(
        &dir,
        &["--jsonl", "-q", "--stats=totals.json"],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let totals: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("totals.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(totals["documents"], 5);
    assert_eq!(totals["lines_removed"], 5);
    assert_eq!(totals["categories"]["share"], 5);
    assert_eq!(totals["languages"]["en"], 5);
    assert!(
        totals["chars_kept"].as_u64().unwrap()
            > totals["chars_removed"].as_u64().unwrap()
    );
}
