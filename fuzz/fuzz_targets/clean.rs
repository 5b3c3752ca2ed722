//! Fuzzes `Cleaner::clean`: no panic, a verdict for every line, and the
//! clean output made of the input's kept lines only, in order.
#![no_main]

use std::sync::OnceLock;

use deboiler::{Cleaner, Verdict};
use libfuzzer_sys::fuzz_target;

static CLEANER: OnceLock<Cleaner> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let cleaner = CLEANER.get_or_init(Cleaner::builtin);
    let outcome = cleaner.clean(data, None);
    let mut out = Vec::new();
    outcome.write_clean(data, &mut out).unwrap();
    let mut expected = Vec::new();
    let mut wrote = false;
    let mut blank: Option<&[u8]> = None;
    let mut end = 0;
    for (line, verdict) in outcome.lines() {
        assert_eq!(line.start(), end, "lines tile the input");
        end = line.next();
        match verdict {
            Verdict::Keep => {
                expected.extend_from_slice(blank.take().unwrap_or_default());
                expected.extend_from_slice(line.raw(data));
                wrote = true;
            }
            Verdict::Blank if wrote => {
                blank.get_or_insert(line.raw(data));
            }
            _ => {}
        }
    }
    assert_eq!(end, data.len(), "lines cover the input");
    assert_eq!(out, expected, "output is the kept lines");
    assert_eq!(
        outcome.kept() + outcome.removed() <= outcome.lines().count(),
        true
    );
});
