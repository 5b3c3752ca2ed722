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
//!     document (its terminator excluded); `cp_start`, `cp_end`: the same
//!     in Unicode code points (as Dolma's spans count; where the document
//!     is not UTF-8, each byte that does not continue a sequence counts
//!     one).
//!   - `category`: the kind of boilerplate (`related`, `sidebar`, `share`,
//!     `footer`, `caption`, `byline`, `metadata`, `junk`, `duplicate`,
//!     `navigation`, `advert`, `consent`, `comments`).
//!   - `rule`: the rule that removed it: `lang/name` for a pattern rule
//!     (`vi/related-heading`), `structure/name` for a structural one.
//!   - `text`: the line's content (invalid UTF-8 replaced by U+FFFD).
//!   - `score`: the line model's probability that the line is article
//!     text (absent when the rules decided alone), and `against`: the
//!     features whose weights weighed most against it, with their weight
//!     times value (see [`crate::model`]; empty unless the cleaner was
//!     asked for reasons, as the command line's `--audit` does). The rule `model/line` is the
//!     model's own removal, where no rule removed the line.
//! - `summary`: one per document, after its `removed` objects.
//!   - `doc`: as above.
//!   - `lang`: the language judged in (`null` if none was detected),
//!     `confidence` (0 to 1: whatlang's, among the languages it chose
//!     from, see [`crate::detect`]), `lang_forced` (given by `--lang`)
//!     and `lang_patterns` (whether the language has a pattern set of its
//!     own; without one, the common set and the structure decide).
//!   - `lines`, `kept`, `removed`, `blank`: line counts; `kept + removed +
//!     blank = lines`.
//!   - `invalid_utf8`: lines that were not valid UTF-8.
//!   - `categories`: removed lines per category (only those with any).
//!   - `section`: for a text document long enough to be cleaned in
//!     sections (see [`Section`]), which section the summary counts, from
//!     0; absent otherwise. The `removed` records' positions count from
//!     the document's start all the same.
//!
//! ```text
//! {"type":"removed","doc":"page.txt","line":3,"start":118,"end":131,"cp_start":112,"cp_end":120,"category":"share","rule":"vi/share","text":"Chia sẻ:","score":0.002,"against":{"rule/pattern-line":-4.1,"shape/short":-0.9}}
//! {"type":"summary","doc":"page.txt","lang":"vi","confidence":1.0,"lang_forced":false,"lang_patterns":true,"lines":9,"kept":5,"removed":1,"blank":3,"invalid_utf8":0,"categories":{"share":1}}
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::clean::{Cleaner, Outcome};
use crate::jsonl::CodePoints;
use crate::model::Judgement;
use crate::page::{Removal, RuleRef};
use crate::patterns::Category;
use crate::structure::Structure;

/// Where a part of a text document starts in it. A document longer
/// than a bound is read and cleaned in sections, each ending at a blank
/// line or at the document's end (the command line's bound is 16 MiB),
/// so that memory holds a few sections, not the whole document; each
/// section is judged as a page of its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// Its index in the document, from 0.
    pub index: usize,
    /// Whether it is the document's last.
    pub last: bool,
    /// The document's lines, bytes and code points before it (see
    /// [`CodePoints`] for how bytes that are not UTF-8 count).
    pub lines: usize,
    /// See [`Section::lines`].
    pub bytes: usize,
    /// See [`Section::lines`].
    pub points: usize,
}

impl Section {
    /// The one section of a document read whole.
    pub const WHOLE: Section =
        Section { index: 0, last: true, lines: 0, bytes: 0, points: 0 };

    /// Whether it is the whole document.
    pub fn is_whole(&self) -> bool {
        self.index == 0 && self.last
    }
}

/// Writes audit messages to `W`.
pub struct AuditWriter<W> {
    w: W,
}

/// A removed line, as its audit record says it (see the module's doc).
struct Removed<'a> {
    line: usize,
    start: usize,
    end: usize,
    /// `start` and `end` in code points.
    cp_start: usize,
    cp_end: usize,
    /// The line's content, UTF-8 (invalid bytes replaced).
    text: &'a [u8],
    /// The line model's judgement, if it judged.
    judgement: Option<&'a Judgement>,
}

/// The head of a document's removed records, up to the line number: the
/// same for every removed line of the document named `name`.
fn record_head(name: &str) -> Vec<u8> {
    let mut head = b"{\"type\":\"removed\",\"doc\":".to_vec();
    push_json_str(&mut head, name.as_bytes());
    head.extend_from_slice(b",\"line\":");
    head
}

/// For each removal a cleaner can make (a rule, and the category it
/// removes in), its records' fields from the category to the text's
/// opening quote, put together once per cleaner, all in one buffer: each
/// structural rule's in every category (those that find off-topic lines
/// remove in several), then each pattern rule's in its own category (the
/// one its removals always have).
#[derive(Debug)]
pub(crate) struct RemovalFields {
    bytes: Vec<u8>,
    /// Where each removal's fields are in `bytes`: the structural rules',
    /// by [`Structure`] and then [`Category`] discriminant, then the
    /// pattern rules', in rule order.
    spans: Vec<(usize, usize)>,
}

impl RemovalFields {
    /// How many removals the structural rules can make.
    const STRUCTURAL: usize = Structure::ALL.len() * Category::ALL.len();

    /// The fields of every removal `cleaner` can make.
    pub(crate) fn new(cleaner: &Cleaner) -> RemovalFields {
        let rules = cleaner.book().rules();
        let mut fields = RemovalFields {
            bytes: Vec::new(),
            spans: vec![(0, 0); RemovalFields::STRUCTURAL + rules.len()],
        };
        for s in Structure::ALL {
            for c in Category::ALL {
                let at = s as usize * Category::ALL.len() + c as usize;
                fields.spans[at] = fields.add(c, s.id());
            }
        }
        for (i, rule) in rules.iter().enumerate() {
            let at = RemovalFields::STRUCTURAL + i;
            fields.spans[at] = fields.add(rule.category, &rule.id);
        }
        fields
    }

    /// The fields of `removal`, one of `cleaner`'s: put together
    /// beforehand, except for a pattern rule removing in a category other
    /// than its own, which the cleaner never does.
    fn get<'a>(
        &'a self,
        removal: Removal,
        cleaner: &Cleaner,
    ) -> Cow<'a, [u8]> {
        let at = match removal.rule {
            RuleRef::Structure(s) => {
                s as usize * Category::ALL.len() + removal.category as usize
            }
            RuleRef::Pattern(i) => {
                let rule = cleaner.book().rule(i);
                if rule.category != removal.category {
                    let mut own = Vec::new();
                    push_fields(&mut own, removal.category, &rule.id);
                    return Cow::Owned(own);
                }
                RemovalFields::STRUCTURAL + i.0 as usize
            }
        };
        let (a, b) = self.spans[at];
        Cow::Borrowed(&self.bytes[a..b])
    }

    /// Puts together the fields of a removal in `category` by the rule
    /// named `id`; returns where they are.
    fn add(&mut self, category: Category, id: &str) -> (usize, usize) {
        let start = self.bytes.len();
        push_fields(&mut self.bytes, category, id);
        (start, self.bytes.len())
    }
}

/// Appends the fields of a removal in `category` by the rule named `id`,
/// from the category to the text's opening quote, to `out`.
fn push_fields(out: &mut Vec<u8>, category: Category, id: &str) {
    out.extend_from_slice(b",\"category\":");
    push_json_str(out, category.as_str().as_bytes());
    out.extend_from_slice(b",\"rule\":");
    push_json_str(out, id.as_bytes());
    out.extend_from_slice(b",\"text\":\"");
}

impl Removed<'_> {
    /// Writes the record, from the document's `head` (see
    /// [`record_head`]) and the `fields` of its removal (see
    /// [`RemovalFields`]): the same bytes `serde_json` would write for the
    /// fields in this order.
    fn write(
        &self,
        w: &mut impl io::Write,
        head: &[u8],
        fields: &[u8],
    ) -> io::Result<()> {
        let mut n = itoa::Buffer::new();
        w.write_all(head)?;
        w.write_all(n.format(self.line).as_bytes())?;
        w.write_all(b",\"start\":")?;
        w.write_all(n.format(self.start).as_bytes())?;
        w.write_all(b",\"end\":")?;
        w.write_all(n.format(self.end).as_bytes())?;
        w.write_all(b",\"cp_start\":")?;
        w.write_all(n.format(self.cp_start).as_bytes())?;
        w.write_all(b",\"cp_end\":")?;
        w.write_all(n.format(self.cp_end).as_bytes())?;
        w.write_all(fields)?;
        write_json_content(w, self.text)?;
        w.write_all(b"\"")?;
        if let Some(j) = self.judgement {
            w.write_all(b",\"score\":")?;
            write_milli(w, &mut n, j.score)?;
            w.write_all(b",\"against\":{")?;
            for (k, (name, weight)) in j.reasons().enumerate() {
                w.write_all(if k > 0 { b",\"" } else { b"\"" })?;
                w.write_all(name.as_bytes())?;
                w.write_all(b"\":")?;
                write_milli(w, &mut n, weight)?;
            }
            w.write_all(b"}")?;
        }
        w.write_all(b"}\n")
    }
}

/// Writes `v` with three decimals, exactly as `{:.3}` does (the nearest,
/// ties to even), in integers: `v` times 1000 is exact in double
/// precision. Formatting floats was most of the audit's time.
fn write_milli(
    w: &mut impl io::Write,
    n: &mut itoa::Buffer,
    v: f32,
) -> io::Result<()> {
    if !v.is_finite() {
        return write!(w, "{v:.3}");
    }
    let milli = (f64::from(v) * 1000.0).round_ties_even().abs() as u64;
    if v.is_sign_negative() {
        w.write_all(b"-")?;
    }
    w.write_all(n.format(milli / 1000).as_bytes())?;
    let digit = |d: u64| b'0' + (d % 10) as u8;
    let frac = milli % 1000;
    w.write_all(&[b'.', digit(frac / 100), digit(frac / 10), digit(frac)])
}

#[derive(Serialize)]
struct Summary<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    doc: &'a str,
    lang: Option<&'a str>,
    confidence: f64,
    lang_forced: bool,
    lang_patterns: bool,
    lines: usize,
    kept: usize,
    removed: usize,
    blank: usize,
    invalid_utf8: usize,
    categories: BTreeMap<&'static str, usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<usize>,
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
        self.section(cleaner, name, doc, outcome, &Section::WHOLE)
    }

    /// Writes the audit of a section `at` of the document named `name`:
    /// [`AuditWriter::document`], with positions counted from the
    /// document's start, and the section's index in the summary.
    pub fn section(
        &mut self,
        cleaner: &Cleaner,
        name: &str,
        doc: &[u8],
        outcome: &Outcome,
        at: &Section,
    ) -> io::Result<()> {
        // Removed lines per category, by its discriminant.
        let mut counts = [0; Category::ALL.len()];
        let head = record_head(name);
        let removals = cleaner.removal_fields();
        let mut points = CodePoints::default();
        for (n, line, removal) in outcome.removals() {
            counts[removal.category as usize] += 1;
            let text = outcome.utf8_content(line, doc);
            let msg = Removed {
                line: at.lines + n + 1,
                start: at.bytes + line.start(),
                end: at.bytes + line.end(),
                cp_start: at.points + points.at(doc, line.start()),
                cp_end: at.points + points.at(doc, line.end()),
                text: &text,
                judgement: outcome.judgement(n),
            };
            let fields = removals.get(removal, cleaner);
            msg.write(&mut self.w, &head, &fields)?;
        }
        let (kept, removed) = (outcome.kept(), counts.iter().sum());
        let lines = outcome.line_count();
        let summary = Summary {
            kind: "summary",
            doc: name,
            lang: outcome.language.code,
            confidence: outcome.language.confidence,
            lang_forced: outcome.language.forced,
            lang_patterns: outcome
                .language
                .code
                .is_some_and(|c| cleaner.book().language(c).is_some()),
            lines,
            kept,
            removed,
            blank: lines - kept - removed,
            invalid_utf8: outcome.invalid_utf8,
            categories: Category::ALL
                .into_iter()
                .map(|c| (c.as_str(), counts[c as usize]))
                .filter(|&(_, n)| n > 0)
                .collect(),
            section: (!at.is_whole()).then_some(at.index),
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

/// Appends `bytes` (UTF-8) to `out` as a JSON string (see
/// [`write_json_content`]).
fn push_json_str(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    write_json_content(out, bytes).expect("a Vec takes every write");
    out.push(b'"');
}

/// Writes `bytes` (UTF-8) as the inside of a JSON string, escaped as
/// `serde_json` escapes it (the summary is written by it): `"` and `\`
/// with a backslash, the control characters as `\b`, `\t`, `\n`, `\f`,
/// `\r` or `\u00xx`, everything else as it is. Most lines need no
/// escape: they are checked in one pass and written whole.
fn write_json_content(w: &mut impl io::Write, bytes: &[u8]) -> io::Result<()> {
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    if !bytes.iter().fold(false, |any, &b| any | escaped(b)) {
        return w.write_all(bytes);
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !escaped(b) {
            continue;
        }
        w.write_all(&bytes[start..i])?;
        start = i + 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0c => b'f',
            b'\r' => b'r',
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let (hi, lo) =
                    (HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]);
                w.write_all(&[b'\\', b'u', b'0', b'0', hi, lo])?;
                continue;
            }
        };
        w.write_all(&[b'\\', short])?;
    }
    w.write_all(&bytes[start..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thousandths_are_written_as_the_standard_formatter_writes_them() {
        let mut n = itoa::Buffer::new();
        let milli = |v: f32, n: &mut itoa::Buffer| {
            let mut out = Vec::new();
            write_milli(&mut out, n, v).unwrap();
            String::from_utf8(out).unwrap()
        };
        // Ties (k / 2000), their neighbours, signs, zeros, and a spread of
        // bit patterns.
        let mut values: Vec<f32> = (-4000..4000)
            .flat_map(|k| [k as f32 / 2000.0, k as f32 / 2000.0 + 1e-7])
            .chain([0.0, -0.0, -1e-4, 0.0625, -0.0625, 1e7, f32::NAN])
            .collect();
        let mut bits = 0x1234_5678u32;
        for _ in 0..100_000 {
            bits ^= bits << 13;
            bits ^= bits >> 17;
            bits ^= bits << 5;
            values.push(f32::from_bits(bits));
        }
        for v in values.into_iter().filter(|v| v.abs() < 1e9 || !v.is_finite())
        {
            assert_eq!(milli(v, &mut n), format!("{v:.3}"), "{v:e}");
        }
    }

    fn json_str(s: &str) -> String {
        let mut out = Vec::new();
        push_json_str(&mut out, s.as_bytes());
        String::from_utf8(out).unwrap()
    }

    /// The record as `serde_json` writes it, fields in the format's order.
    #[derive(Serialize)]
    struct Expected<'a> {
        #[serde(rename = "type")]
        kind: &'a str,
        doc: &'a str,
        line: usize,
        start: usize,
        end: usize,
        cp_start: usize,
        cp_end: usize,
        category: &'a str,
        rule: &'a str,
        text: &'a str,
    }

    fn record(doc: &str, text: &str) -> (String, String) {
        let (line, start, end) = (7, 1234, 5678);
        let cleaner = Cleaner::builtin_shared();
        let index = crate::rules::RuleIndex(0);
        let rule = cleaner.book().rule(index);
        let removal =
            Removal { rule: RuleRef::Pattern(index), category: rule.category };
        let fields = cleaner.removal_fields().get(removal, cleaner);
        let mut ours = Vec::new();
        let removed = Removed {
            line,
            start,
            end,
            cp_start: start - 3,
            cp_end: end - 5,
            text: text.as_bytes(),
            judgement: None,
        };
        removed.write(&mut ours, &record_head(doc), &fields).unwrap();
        let (kind, category) = ("removed", rule.category.as_str());
        let rule = &rule.id;
        let (cp_start, cp_end) = (start - 3, end - 5);
        let expected = Expected {
            kind,
            doc,
            line,
            start,
            end,
            cp_start,
            cp_end,
            category,
            rule,
            text,
        };
        let theirs = serde_json::to_string(&expected).unwrap() + "\n";
        (String::from_utf8(ours).unwrap(), theirs)
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for c in (0..=0x80u32).filter_map(char::from_u32) {
            let s = format!("a{c}b{c}");
            assert_eq!(json_str(&s), serde_json::to_string(&s).unwrap());
        }
        for s in ["", "Chia sẻ:", "\"quoted\" \\ back", "tab\there\u{7f}😀"]
        {
            assert_eq!(json_str(s), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn a_removed_record_is_what_serde_json_writes() {
        let (ours, theirs) =
            record("dir/\"odd\" name.txt", "Ảnh: \"AFP\"\t\u{1}");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn every_removal_has_the_fields_serde_json_writes() {
        let cleaner = Cleaner::builtin_shared();
        let fields = cleaner.removal_fields();
        let check = |removal: Removal| {
            let expected = format!(
                r#","category":{},"rule":{},"text":""#,
                serde_json::to_string(removal.category.as_str()).unwrap(),
                serde_json::to_string(cleaner.rule_id(removal.rule)).unwrap(),
            );
            let got = fields.get(removal, cleaner);
            assert_eq!(String::from_utf8_lossy(&got), expected);
        };
        for i in 0..cleaner.book().rules().len() {
            let rule = RuleRef::Pattern(crate::rules::RuleIndex(i as u32));
            // Its own category, put together beforehand, and the others,
            // put together when asked.
            for category in Category::ALL {
                check(Removal { rule, category });
            }
        }
        for s in Structure::ALL {
            for category in Category::ALL {
                check(Removal { rule: RuleRef::Structure(s), category });
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_is_written_as_serde_json_writes_it(
            doc in ".{0,20}",
            text in "(?s).{0,80}",
        ) {
            let (ours, theirs) = record(&doc, &text);
            prop_assert_eq!(ours, theirs);
        }
    }
}
