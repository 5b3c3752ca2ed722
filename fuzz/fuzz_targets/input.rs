//! Fuzzes the command line's input handling (its `inputs` and `compress`
//! modules, built in from `src/`): a file read as text, in sections, or as
//! JSON Lines, plain or gzip-compressed, is framed into jobs that tile it
//! with nothing lost, each at the position it says; each text section is
//! judged line by line. The first byte picks the mode and the section
//! size; the rest is the file.
#![no_main]
#![allow(dead_code)]

#[path = "../../src/compress.rs"]
mod compress;
#[path = "../../src/inputs.rs"]
mod inputs;

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use deboiler::Cleaner;
use inputs::{Job, Reader, Source};
use libfuzzer_sys::fuzz_target;

static CLEANER: OnceLock<Cleaner> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else { return };
    let (jsonl, gzip) = (mode & 1 == 1, mode & 2 == 2);
    let section = 1 + usize::from(mode >> 2) * 8;
    let file = match gzip {
        true => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), Default::default());
            e.write_all(body).unwrap();
            e.finish().unwrap()
        }
        false => body.to_vec(),
    };
    let path = std::env::temp_dir().join(format!("deboiler-fuzz-{}.txt", std::process::id()));
    std::fs::write(&path, &file).unwrap();
    let source = Source::File { path: path.clone(), rel: PathBuf::from("x.txt") };
    let reader = Reader::new(vec![source], jsonl).with_section_bytes(section);
    let cleaner = CLEANER.get_or_init(Cleaner::builtin);
    let (mut read, mut lines, mut failed) = (Vec::new(), 0, false);
    for job in reader {
        match job {
            Job::Text { doc, at, .. } => {
                assert_eq!((at.bytes, at.lines), (read.len(), lines), "where a section starts");
                let outcome = cleaner.clean(&doc, None);
                assert_eq!(outcome.lines().count(), deboiler::lines::split(&doc).len());
                lines += memchr::memchr_iter(b'\n', &doc).count();
                read.extend_from_slice(&doc);
            }
            Job::Records { first_line, lines: batch, .. } => {
                assert_eq!(first_line, lines + 1, "where a batch starts");
                lines += batch.len();
                batch.iter().for_each(|l| read.extend_from_slice(l));
            }
            Job::Failed { message, .. } => {
                assert!(message.contains(&*path.to_string_lossy()), "{message}");
                failed = true;
            }
        }
    }
    // A plain file that starts with a compressed stream's magic bytes is
    // decoded as one, and most likely found corrupt: no panic is all.
    if !gzip && compress::Compression::sniff(body) != compress::Compression::None {
        return;
    }
    let head = &body[..body.len().min(inputs::SNIFF_BYTES)];
    if memchr::memchr(0, head).is_some() {
        assert!(failed && read.is_empty(), "a binary file is skipped");
    } else {
        assert!(!failed, "a readable file reads");
        assert_eq!(read, body, "the jobs tile the file");
    }
});
