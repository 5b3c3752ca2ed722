//! The audit: every removed line, and a summary per document, as JSON
//! Lines.
//!
//! # Format
//!
//! One JSON object per line. Each has a `type`:
//!
//! - `removed`: one per removed line, in input order.
//!   - `doc`: the document: its path, `-` for standard input, or its id in
//!     JSON Lines mode.
//!   - `line`: the 1-based line number in the document.
//!   - `start`, `end`: the line's content as a half-open byte range of the
//!     document (its terminator excluded).
//!   - `category`: the kind of boilerplate (`related`, `sidebar`, `share`,
//!     `footer`, `caption`, `byline`, `metadata`, `junk`, `duplicate`,
//!     `navigation`, `advert`, `consent`, `comments`).
//!   - `rule`: the rule that removed it: `lang/name` for a pattern rule
//!     (`vi/related-heading`), `structure/name` for a structural one.
//!   - `text`: the line's content (invalid UTF-8 replaced by U+FFFD).
//! - `summary`: one per document, after its `removed` objects.
//!   - `doc`: as above.
//!   - `lang`: the language judged in (`null` if none was detected),
//!     `confidence` (0 to 1: whatlang's, among the languages it chose
//!     from, see [`crate::detect`]) and `lang_forced` (given by `--lang`).
//!   - `lines`, `kept`, `removed`, `blank`: line counts; `kept + removed +
//!     blank = lines`.
//!   - `invalid_utf8`: lines that were not valid UTF-8.
//!   - `categories`: removed lines per category (only those with any).
//!
//! ```text
//! {"type":"removed","doc":"page.txt","line":3,"start":118,"end":131,"category":"share","rule":"vi/share","text":"Chia sẻ:"}
//! {"type":"summary","doc":"page.txt","lang":"vi","confidence":1.0,"lang_forced":false,"lines":9,"kept":5,"removed":1,"blank":3,"invalid_utf8":0,"categories":{"share":1}}
//! ```

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::clean::{Cleaner, Outcome, Verdict};

/// Writes audit messages to `W`.
pub struct AuditWriter<W> {
    w: W,
}

#[derive(Serialize)]
struct Removed<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    doc: &'a str,
    line: usize,
    start: usize,
    end: usize,
    category: &'static str,
    rule: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Summary<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    doc: &'a str,
    lang: Option<&'a str>,
    confidence: f64,
    lang_forced: bool,
    lines: usize,
    kept: usize,
    removed: usize,
    blank: usize,
    invalid_utf8: usize,
    categories: BTreeMap<&'static str, usize>,
}

impl<W: io::Write> AuditWriter<W> {
    /// An audit writer into `w`.
    pub fn new(w: W) -> AuditWriter<W> {
        AuditWriter { w }
    }

    /// Writes the audit of one document: its removed lines, then its
    /// summary. `doc` is the document's bytes, `name` what to call it.
    pub fn document(
        &mut self,
        cleaner: &Cleaner,
        name: &str,
        doc: &[u8],
        outcome: &Outcome,
    ) -> io::Result<()> {
        let mut categories = BTreeMap::new();
        for (n, (line, verdict)) in outcome.lines().enumerate() {
            let Verdict::Remove(removal) = verdict else { continue };
            *categories.entry(removal.category.as_str()).or_insert(0) += 1;
            let text = line.text(doc);
            let msg = Removed {
                kind: "removed",
                doc: name,
                line: n + 1,
                start: line.start(),
                end: line.end(),
                category: removal.category.as_str(),
                rule: cleaner.rule_id(removal.rule),
                text: &text,
            };
            self.write(&msg)?;
        }
        let (kept, removed) = (outcome.kept(), outcome.removed());
        let lines = outcome.lines().count();
        let summary = Summary {
            kind: "summary",
            doc: name,
            lang: outcome.language.code,
            confidence: outcome.language.confidence,
            lang_forced: outcome.language.forced,
            lines,
            kept,
            removed,
            blank: lines - kept - removed,
            invalid_utf8: outcome.invalid_utf8,
            categories,
        };
        self.write(&summary)
    }

    fn write(&mut self, msg: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut self.w, msg)?;
        self.w.write_all(b"\n")
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}
