//! Run totals (`--stats`): documents, lines and characters kept and
//! removed, per category and per language, dropped and empty documents,
//! bad records.

use std::collections::BTreeMap;
use std::io::{self, Write};

use deboiler::{Category, Tally};
use serde::Serialize;

/// What a run, or a part of it, counted.
#[derive(Debug, Default, Serialize)]
pub struct Totals {
    /// Documents cleaned (text files and records).
    pub documents: u64,
    /// Documents whose clean body is empty.
    pub empty: u64,
    /// Documents that kept less than `--min-kept` (written anyway with
    /// `--keep-dropped`, and counted here all the same).
    pub dropped: u64,
    pub lines_kept: u64,
    pub lines_removed: u64,
    pub chars_kept: u64,
    pub chars_removed: u64,
    /// Removed lines per category.
    pub categories: BTreeMap<&'static str, u64>,
    /// Documents per language judged in (`und`: none detected).
    pub languages: BTreeMap<String, u64>,
    /// Malformed records skipped (`--skip-bad`).
    pub bad_records: u64,
    /// Records passed through unchanged (no string field to clean).
    pub passed_through: u64,
}

impl Totals {
    /// Counts one document (or the first section of one), judged in
    /// `lang`.
    pub fn add(&mut self, t: &Tally, lang: Option<&str>, dropped: bool) {
        self.documents += 1;
        *self
            .languages
            .entry(lang.unwrap_or("und").to_string())
            .or_insert(0) += 1;
        self.add_section(t, dropped);
    }

    /// Counts a later section of a document (see [`deboiler::Section`]):
    /// its lines and characters, and whether it kept nothing or was
    /// dropped, not another document.
    pub fn add_section(&mut self, t: &Tally, dropped: bool) {
        self.empty += u64::from(t.kept_lines == 0);
        self.dropped += u64::from(dropped);
        self.lines_kept += t.kept_lines;
        self.lines_removed += t.removed_lines;
        self.chars_kept += t.kept_chars;
        self.chars_removed += t.removed_chars;
        for c in Category::ALL {
            let n = t.categories[c as usize];
            if n > 0 {
                *self.categories.entry(c.as_str()).or_insert(0) += n;
            }
        }
    }

    /// Adds `other`'s counts.
    pub fn merge(&mut self, other: Totals) {
        self.documents += other.documents;
        self.empty += other.empty;
        self.dropped += other.dropped;
        self.lines_kept += other.lines_kept;
        self.lines_removed += other.lines_removed;
        self.chars_kept += other.chars_kept;
        self.chars_removed += other.chars_removed;
        for (k, v) in other.categories {
            *self.categories.entry(k).or_insert(0) += v;
        }
        for (k, v) in other.languages {
            *self.languages.entry(k).or_insert(0) += v;
        }
        self.bad_records += other.bad_records;
        self.passed_through += other.passed_through;
    }

    /// Writes the totals for a person to read.
    pub fn write_text(&self, w: &mut impl Write) -> io::Result<()> {
        let share = |a: u64, b: u64| 100.0 * a as f64 / (a + b).max(1) as f64;
        writeln!(w, "deboiler: {} documents ({} empty, {} dropped), {} bad records, {} passed through", self.documents, self.empty, self.dropped, self.bad_records, self.passed_through)?;
        writeln!(w, "deboiler: lines kept {} removed {}; characters kept {} ({:.1} %) removed {}", self.lines_kept, self.lines_removed, self.chars_kept, share(self.chars_kept, self.chars_removed), self.chars_removed)?;
        writeln!(
            w,
            "deboiler: removed by category: {}",
            list(&self.categories)
        )?;
        writeln!(
            w,
            "deboiler: documents by language: {}",
            list(&self.languages)
        )
    }
}

/// `key count, key count, ...`.
fn list<K: std::fmt::Display>(m: &BTreeMap<K, u64>) -> String {
    let items: Vec<String> =
        m.iter().map(|(k, v)| format!("{k} {v}")).collect();
    items.join(", ")
}
