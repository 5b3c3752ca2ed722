//! deboiler's integration tests: one binary, one module per concern.

// Helpers: running the binary, reading seeds, the diff macro.
#[macro_use]
mod util;

// The seeds' clean output equals their gold; audit and explain snapshots.
mod golden;

// Every non-blank input line is in the output or the audit, exactly once.
mod invariant;

// The command line: inputs, outputs, flags, errors and exit codes.
mod cli;

// JSON Lines mode: records, fields, order, bad lines.
mod jsonl;

// Compressed shards: gzip and zstd, in and out.
mod compressed;

// Dolma attribute records: the spans give the clean text.
mod tag;

// The audit format, parsed back with unknown fields denied.
mod audit;

// Per-rule cases in Vietnamese, Chinese and English, kept and removed.
mod rules;

// The line model: training, its file, its guardrails, --title.
mod model;

// The HTML report: escaped, links resolve, from an audit alike, bounded.
mod report;

// Huge documents: cleaned in sections, memory bounded.
mod huge;

// Random documents: no panic, nothing lost; linear time.
mod properties;

// Mistakes that were fixed, one test each.
mod regression;
