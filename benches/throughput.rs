//! Throughput of the library, single-threaded: MB/s and documents/s of
//! `Cleaner::clean` plus writing the clean body, with and without the
//! audit recorded.
//!
//! The corpus is the seeds and, when `../shared/eval` is beside the
//! project, its pages (both input variants, every language), shuffled
//! with a fixed seed and repeated until it holds `BENCH_MB` megabytes
//! (default 100). `cargo bench` runs it; `BENCH_MB=2 cargo bench` is a
//! smoke run.

use std::io::Write;
use std::time::Instant;

use deboiler::{AuditWriter, Cleaner};

mod common;
use common::load_documents;

fn main() {
    let target_mb: usize = std::env::var("BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let docs = load_documents();
    let corpus = repeat_shuffled(&docs, target_mb << 20);
    let bytes: usize = corpus.iter().map(|d| d.len()).sum();
    let cleaner = Cleaner::builtin();
    let langs = count_languages(&cleaner, &docs);
    // A closed standard output (`| head`) ends the run quietly.
    let mut report = std::io::stdout().lock();
    let written = writeln!(
        report,
        "corpus: {} documents ({} unique, {langs} languages), {:.1} MB",
        corpus.len(),
        docs.len(),
        bytes as f64 / 1e6
    );
    if written.is_err() {
        return;
    }
    for audit in [false, true] {
        let start = Instant::now();
        let (mut out, mut log) = (Vec::new(), Vec::new());
        for doc in &corpus {
            out.clear();
            log.clear();
            let outcome = cleaner.clean(doc, None);
            outcome.write_clean(doc, &mut out).unwrap();
            if audit {
                AuditWriter::new(&mut log)
                    .document(&cleaner, "doc", doc, &outcome)
                    .unwrap();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let written = writeln!(
            report,
            "clean{:<14} {:>8.1} MB/s {:>9.0} docs/s  ({:.2} s)",
            if audit { " + audit" } else { "" },
            bytes as f64 / 1e6 / secs,
            corpus.len() as f64 / secs,
            secs
        );
        if written.is_err() {
            return;
        }
    }
}

/// The documents repeated, each round shuffled (a fixed-seed LCG), until
/// they hold `bytes` bytes.
fn repeat_shuffled(docs: &[Vec<u8>], bytes: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let (mut total, mut state) = (0usize, 0x2545_f491_4f6c_dd1du64);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    while total < bytes {
        for i in (1..order.len()).rev() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        for &i in &order {
            out.push(docs[i].as_slice());
            total += docs[i].len();
        }
    }
    out
}

/// How many languages `cleaner` finds among the documents. Cleaning
/// each once also compiles the rules of every language met, which
/// `cleaner` otherwise does on first use: inside the first timed pass.
fn count_languages(cleaner: &Cleaner, docs: &[Vec<u8>]) -> usize {
    let mut langs: Vec<&str> = docs
        .iter()
        .filter_map(|d| cleaner.clean(d, None).language.trusted())
        .collect();
    langs.sort();
    langs.dedup();
    langs.len()
}
