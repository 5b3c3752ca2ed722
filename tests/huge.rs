//! Huge documents: a text document longer than 16 MiB is cleaned in
//! sections, with nothing lost and positions counted from its start; the
//! peak memory of one 100 MB line and of one 1 GB document is at most 1.5
//! times the document.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::invariant::check_sections;
use crate::util::{root, run, tempdir, test_inputs};

/// The test inputs and seeds, one after another, with blank lines of
/// several kinds between them: some 100 KB.
fn block() -> Vec<u8> {
    let mut out = Vec::new();
    let blanks: [&[u8]; 3] = [b"\n", b"\r\n", b"  \t\n"];
    for (i, path) in test_inputs().iter().enumerate() {
        out.extend_from_slice(&std::fs::read(path).unwrap());
        out.extend_from_slice(b"\n");
        out.extend_from_slice(blanks[i % blanks.len()]);
    }
    out
}

#[test]
fn a_long_document_is_cleaned_in_sections_and_nothing_is_lost() {
    let block = block();
    let doc = block.repeat((34 << 20) / block.len() + 1);
    let dir = tempdir("sections");
    let audit = dir.join("audit.jsonl");
    let stats = dir.join("stats.json");
    let stats_arg = format!("--stats={}", stats.display());
    let out = run(&["--audit", audit.to_str().unwrap(), &stats_arg], &doc);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let audit: Vec<Value> = std::fs::read_to_string(&audit)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(check_sections("long", &doc, &out.stdout, &audit), 3);
    let sections: Vec<u64> = audit
        .iter()
        .filter(|m| m["type"] == "summary")
        .map(|m| m["section"].as_u64().unwrap())
        .collect();
    assert_eq!(sections, [0, 1, 2]);
    // The run totals count it as one document, in one language.
    let totals: Value =
        serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
    assert_eq!(totals["documents"], 1);
    let langs = totals["languages"].as_object().unwrap();
    assert_eq!(langs.values().map(|n| n.as_u64().unwrap()).sum::<u64>(), 1);
    // Code points count from the document's start too (a byte that is
    // not UTF-8 counts one, as one that starts a code point does).
    let (mut at, mut points) = (0, 0);
    for m in audit.iter().filter(|m| m["type"] == "removed") {
        let start = m["start"].as_u64().unwrap() as usize;
        points += doc[at..start].iter().filter(|&&b| (b as i8) >= -64).count();
        at = start;
        assert_eq!(m["cp_start"].as_u64().unwrap() as usize, points);
    }
    // One read whole is judged as before: no section in its summary.
    let out = run(&["--audit", "-"], &block);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("\"section\""));
}

/// Runs the binary on `len` bytes of `chunk` repeated, written to its
/// standard input as it reads; returns its peak resident memory in bytes.
///
/// The peak is the high-water mark of the child's own memory
/// (`VmHWM` in `/proc/PID/status`), read every millisecond until it
/// exits: the resource usage `wait4` gives would also count the test
/// process's memory, which the child's maximum takes over when it is
/// spawned, and which other tests running beside this one make large.
fn peak_memory(chunk: &[u8], len: usize) -> usize {
    let mut child = Command::new(env!("CARGO_BIN_EXE_deboiler"))
        .args(["-q", "-j", "2"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let poller = std::thread::spawn(move || {
        let mut peak = None;
        while let Some(now) = high_water(&status) {
            peak = peak.max(Some(now));
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        peak
    });
    let mut input = child.stdin.take().unwrap();
    // Written some 64 KiB at a time, not a write a chunk.
    let times = (1 << 16) / chunk.len().max(1) + 1;
    let chunk = chunk.repeat(times);
    let writer = std::thread::spawn(move || {
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len());
            input.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
    });
    let mut output = child.stdout.take().unwrap();
    let mut buf = vec![0; 1 << 16];
    while output.read(&mut buf).unwrap() > 0 {}
    writer.join().unwrap();
    // The poller ends once the child has exited, and before it is reaped.
    let peak = poller.join().unwrap();
    assert!(child.wait().unwrap().success());
    peak.expect("the child's memory was read while it ran")
}

/// The `VmHWM` of a `/proc/PID/status` file, in bytes; none once the
/// process has exited.
fn high_water(status: &str) -> Option<usize> {
    let text = std::fs::read_to_string(status).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb = line.split_whitespace().nth(1)?.parse::<usize>().ok()?;
    Some(kb * 1024)
}

#[test]
fn one_line_of_100_mb_takes_at_most_one_and_a_half_times_its_size() {
    let len = 100 << 20;
    let peak = peak_memory(b"word ", len);
    assert!(peak <= len * 3 / 2, "peak {} MB", peak >> 20);
}

/// Some 15 s in a release build (`.ci/run` runs it so).
#[test]
#[ignore = "1 GB: cargo test --release -- --ignored huge"]
fn a_document_of_1_gb_takes_at_most_one_and_a_half_times_its_size() {
    let len = 1 << 30;
    let peak = peak_memory(&block(), len);
    assert!(peak <= len * 3 / 2, "peak {} MB", peak >> 20);
}
