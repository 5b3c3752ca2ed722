//! The line measure alone (`Shape::measure`, the largest stage of the
//! cleaner), single-threaded: every line of the seeds and of the pages of
//! `../shared/eval` (when it is beside the project), each page in the
//! language the cleaner detects for it, `BENCH_REPS` times (default 20).
//! Prints MB/s and nanoseconds a byte; under callgrind, `BENCH_REPS=1`
//! gives its instructions.

use std::time::Instant;

use deboiler::shape::Shape;
use deboiler::vocab::Lexicon;
use deboiler::Cleaner;

mod common;

fn main() {
    let reps: usize = std::env::var("BENCH_REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let cleaner = Cleaner::builtin();
    let none = Lexicon::default();
    let pages: Vec<(String, &Lexicon)> = common::load_documents()
        .iter()
        .map(|doc| {
            let lang = cleaner.clean(doc, None).language.trusted();
            let book = cleaner.book();
            let lexicon = lang
                .and_then(|c| book.language(c))
                .map_or(&none, |l| &l.lexicon);
            (String::from_utf8_lossy(doc).into_owned(), lexicon)
        })
        .collect();
    let bytes: usize = pages.iter().map(|(text, _)| text.len()).sum();
    let mut terms = Vec::new();
    let mut tokens = 0u64;
    let start = Instant::now();
    for _ in 0..reps {
        for (text, lexicon) in &pages {
            for line in text.split('\n') {
                terms.clear();
                let s = Shape::measure(line, lexicon, &mut terms);
                tokens += u64::from(s.words + s.cjk);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let total = (bytes * reps) as f64;
    println!(
        "measure: {} pages, {:.1} MB, {reps} passes, {tokens} tokens: \
         {:.1} MB/s, {:.2} ns a byte",
        pages.len(),
        bytes as f64 / 1e6,
        total / 1e6 / secs,
        secs * 1e9 / total
    );
}
