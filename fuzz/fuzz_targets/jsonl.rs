//! Fuzzes the JSON Lines record reader: no panic, and a cleaned record of
//! an input that serde_json reads as a whole is valid JSON with the
//! summary. (Fields other than the text pass through as their bytes: an
//! input serde_json refuses, such as one with a lone surrogate escape in
//! another field, gives an output it refuses for the same reason.)
#![no_main]

use std::sync::OnceLock;

use deboiler::jsonl::{clean_record, Options, Record};
use deboiler::Cleaner;
use libfuzzer_sys::fuzz_target;

static CLEANER: OnceLock<Cleaner> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let cleaner = CLEANER.get_or_init(Cleaner::builtin);
    let opts = Options { audit_inline: true, ..Options::default() };
    if let Record::Cleaned { json, audit, .. } =
        clean_record(cleaner, data, "1", &opts, true)
    {
        if serde_json::from_slice::<serde_json::Value>(data).is_ok() {
            let out: serde_json::Value =
                serde_json::from_slice(&json).expect("output is JSON");
            assert!(out["deboiler"].is_object());
        }
        for line in audit.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            serde_json::from_slice::<serde_json::Value>(line)
                .expect("audit is JSON Lines");
        }
    }
});
