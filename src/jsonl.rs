//! JSON Lines records: clean one field, leave every other one as it was.
//!
//! A record is read as an ordered list of keys and raw JSON values, so the
//! fields deboiler does not clean are written back byte for byte and in
//! their order. The cleaned field (`text` by default) is replaced by its
//! clean body, and a summary is added under a key of the user's choice
//! (`deboiler` by default; an existing key of that name is replaced in
//! place):
//!
//! ```text
//! {"id":"a1","text":"<clean body>","metadata":{...},"deboiler":{"lang":"vi","confidence":1.0,"kept":6,"removed":8,"categories":{"related":4,"share":1}}}
//! ```
//!
//! With `audit_inline`, the summary also lists the removed lines:
//! `"removed_lines":[{"line":3,"start":118,"end":131,"cp_start":112,"cp_end":120,"category":"share","rule":"vi/share","text":"Chia sẻ:"}]`
//! (byte offsets of the field's text, then code points).
//!
//! With `tag`, the text is left as it is and the record written is a
//! Dolma attribute record instead, one span list a category, in Unicode
//! code points of the text:
//!
//! ```text
//! {"id":"a1","attributes":{"deboiler__related":[[120,164,0.93]],...,"deboiler__blank":[]}}
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::audit::AuditWriter;
use crate::clean::{Cleaner, Outcome, Tally};
use crate::report::Page;

/// How records are cleaned.
#[derive(Clone, Debug)]
pub struct Options {
    /// The field to clean.
    pub field: String,
    /// The field naming a record in the audit.
    pub id_field: String,
    /// The key the summary is written under.
    pub meta_key: String,
    /// Whether the summary lists the removed lines.
    pub audit_inline: bool,
    /// The language to judge in, instead of detecting it.
    pub lang: Option<String>,
    /// A record keeping less than this share of its characters is
    /// dropped (see [`Record::Cleaned`]).
    pub min_kept: f64,
    /// Write the dropped records anyway, marked `"dropped":true`.
    pub keep_dropped: bool,
    /// Write, instead of the cleaned record, a Dolma attribute record:
    /// the record's id and, for each category, the spans of the text
    /// (code points) that cleaning removes.
    pub tag: bool,
    /// Give each record's [`Page`], for a [`crate::report`], instead of
    /// the record rewritten (its `json` is then empty).
    pub report: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            field: "text".into(),
            id_field: "id".into(),
            meta_key: "deboiler".into(),
            audit_inline: false,
            lang: None,
            min_kept: 0.0,
            report: false,
            keep_dropped: false,
            tag: false,
        }
    }
}

/// What became of one record.
#[derive(Debug)]
// Made once a record and moved once: not worth a box for its size.
#[allow(clippy::large_enum_variant)]
pub enum Record {
    /// Cleaned: the record to write (no line terminator), and its audit
    /// (empty unless asked for).
    Cleaned {
        /// The record, rewritten (empty with [`Options::report`]).
        json: Vec<u8>,
        /// Its audit messages, JSON Lines.
        audit: Vec<u8>,
        /// Lines of its text that were removed.
        removed: usize,
        /// What its outcome counts.
        tally: Tally,
        /// The language it was judged in.
        lang: Option<&'static str>,
        /// Whether it kept less than `min_kept` (and is dropped unless
        /// `keep_dropped`).
        dropped: bool,
        /// Its text judged, for a report (if [`Options::report`]).
        page: Option<Box<Page>>,
    },
    /// Passed through unchanged: the field is missing or not a string.
    PassedThrough {
        /// Why, for the warning.
        reason: String,
    },
    /// Not a JSON object.
    Malformed {
        /// The parser's message.
        reason: String,
    },
}

/// A record's fields, in order: key and raw value.
struct Fields<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(
        d: D,
    ) -> Result<Fields<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields<'de>, A::Error> {
                let mut fields = Vec::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    fields.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(V)
    }
}

/// The summary written under the meta key.
#[derive(Serialize)]
struct Meta<'a> {
    lang: Option<&'a str>,
    confidence: f64,
    kept: usize,
    removed: usize,
    categories: BTreeMap<&'static str, usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dropped: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_lines: Option<Vec<RemovedLine<'a>>>,
}

#[derive(Serialize)]
struct RemovedLine<'a> {
    line: usize,
    start: usize,
    end: usize,
    cp_start: usize,
    cp_end: usize,
    category: &'static str,
    rule: &'a str,
    text: Cow<'a, str>,
}

/// Cleans the record `line` (one JSON object, without its terminator).
/// `fallback_id` names it in the audit when it has no id field.
pub fn clean_record(
    cleaner: &Cleaner,
    line: &[u8],
    fallback_id: &str,
    opts: &Options,
    audit: bool,
) -> Record {
    let fields: Fields<'_> = match serde_json::from_slice(line) {
        Ok(fields) => fields,
        Err(e) => return Record::Malformed { reason: e.to_string() },
    };
    let Some(raw_text) =
        fields.0.iter().find(|(k, _)| *k == opts.field).map(|(_, v)| *v)
    else {
        let reason = format!("no field {:?}", opts.field);
        return Record::PassedThrough { reason };
    };
    let text = match serde_json::from_str::<Cow<'_, str>>(raw_text.get()) {
        Ok(text) => text,
        // A string that does not decode (a lone surrogate, `\ud800`) is
        // a broken record, not a field of another type.
        Err(e) if raw_text.get().starts_with('"') => {
            let reason =
                format!("field {:?}: invalid string: {e}", opts.field);
            return Record::Malformed { reason };
        }
        Err(_) => {
            let reason = format!("field {:?} is not a string", opts.field);
            return Record::PassedThrough { reason };
        }
    };
    let doc = text.as_bytes();
    let outcome = cleaner.clean(doc, opts.lang.as_deref());
    let mut audit_out = Vec::new();
    let id = || {
        record_id(&fields, &opts.id_field)
            .unwrap_or_else(|| fallback_id.to_string())
    };
    if audit {
        AuditWriter::new(&mut audit_out)
            .document(cleaner, &id(), doc, &outcome)
            .expect("writing to a Vec");
    }
    let page =
        opts.report.then(|| Box::new(Page::of(cleaner, &id(), doc, &outcome)));
    let tally = outcome.tally(doc);
    let dropped = tally.kept_share() < opts.min_kept;
    let mut meta = meta(cleaner, doc, &outcome, opts.audit_inline);
    meta.dropped = dropped.then_some(true);
    let json = match (opts.report, opts.tag) {
        (true, _) => Vec::new(),
        (false, true) => tag_record(&fields, opts, fallback_id, doc, &outcome),
        (false, false) => {
            let clean = clean_text(doc, &outcome);
            rewrite(&fields, opts, &clean, &meta)
        }
    };
    Record::Cleaned {
        json,
        audit: audit_out,
        removed: meta.removed,
        tally,
        lang: outcome.language.code,
        dropped,
        page,
    }
}

/// The attribute of the blank lines left out between kept ones (where the
/// input had several in a row, the clean body has one).
const BLANK_ATTRIBUTE: &str = "deboiler__blank";

/// The Dolma attribute record of `doc` (the field's text, judged as
/// `outcome`): `{"id":...,"attributes":{"deboiler__<category>":[[start,
/// end,score],...],...}}`, a key for every category and one for left-out
/// blank lines, each span a removed line with its terminator, in Unicode
/// code points of the text (as Dolma's mixer counts). The score is the
/// line model's probability that the line is boilerplate, 1 where the
/// rules decided alone. Taking every span out of the text gives the clean
/// text that cleaning the record gives.
fn tag_record(
    fields: &Fields<'_>,
    opts: &Options,
    fallback_id: &str,
    doc: &[u8],
    outcome: &Outcome,
) -> Vec<u8> {
    let mut spans: BTreeMap<&str, Vec<(usize, usize, f64)>> = BTreeMap::new();
    let mut points = CodePoints::default();
    for (range, removal) in outcome.left_out() {
        let (start, end) =
            (points.at(doc, range.start), points.at(doc, range.end));
        let (key, score) = match removal {
            Some((i, r)) => {
                let p = outcome.judgement(i).map_or(1.0, |j| 1.0 - j.score);
                // Three decimals say all a score means.
                let score = (p * 1000.0).round() / 1000.0;
                (r.category.attribute(), f64::from(score))
            }
            None => (BLANK_ATTRIBUTE, 1.0f64),
        };
        let list = spans.entry(key).or_default();
        match list.last_mut() {
            Some(last) if last.1 == start && score == 1.0 && last.2 == 1.0 => {
                last.1 = end;
            }
            _ => list.push((start, end, score)),
        }
    }
    let mut out = b"{\"id\":".to_vec();
    match fields.0.iter().find(|(k, _)| *k == opts.id_field) {
        Some((_, raw)) => out.extend_from_slice(raw.get().as_bytes()),
        None => serde_json::to_writer(&mut out, fallback_id).expect("a Vec"),
    }
    out.extend_from_slice(b",\"attributes\":{");
    let keys = crate::patterns::Category::ALL.map(|c| c.attribute());
    for (n, key) in keys.iter().chain([&BLANK_ATTRIBUTE]).enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, key).expect("a Vec");
        out.push(b':');
        let list = spans.get(key).map_or(&[][..], Vec::as_slice);

        serde_json::to_writer(&mut out, &list).expect("a Vec");
    }
    out.extend_from_slice(b"}}");
    out
}

/// Code point offsets of increasing byte offsets in one UTF-8 text, found
/// in one pass however many are asked.
#[derive(Default)]
pub struct CodePoints {
    byte: usize,
    points: usize,
}

impl CodePoints {
    /// The code point offset of byte offset `at` (a char boundary, at or
    /// after the last one asked) in `text`.
    pub fn at(&mut self, text: &[u8], at: usize) -> usize {
        self.points += CodePoints::count(&text[self.byte..at]);
        self.byte = at;
        self.points
    }

    /// The code points of `bytes`: every byte but a UTF-8 continuation
    /// byte starts one.
    pub fn count(bytes: &[u8]) -> usize {
        bytes.iter().filter(|&&b| (b as i8) >= -64).count()
    }
}

/// The text of field `field` of the record `line` (one JSON object,
/// without its terminator) and its id in `id_field`, as
/// [`clean_record`] reads them and the audit names the record (a
/// string's content, or a number's text); `None` unless the line is an
/// object whose field is a string.
pub fn record_text<'a>(
    line: &'a [u8],
    field: &str,
    id_field: &str,
) -> Option<(Cow<'a, str>, Option<String>)> {
    let fields: Fields<'a> = serde_json::from_slice(line).ok()?;
    let raw = fields.0.iter().find(|(k, _)| *k == field)?.1;
    let text = serde_json::from_str::<Cow<'a, str>>(raw.get()).ok()?;
    Some((text, record_id(&fields, id_field)))
}

/// The kept lines of `doc` (a UTF-8 text), as `outcome` judged them.
fn clean_text(doc: &[u8], outcome: &Outcome) -> String {
    let mut clean = Vec::with_capacity(doc.len());
    outcome.write_clean(doc, &mut clean).expect("writing to a Vec");
    String::from_utf8(clean).expect("kept lines of a UTF-8 text are UTF-8")
}

/// The record's id: a string's content, or a number's text.
fn record_id(fields: &Fields<'_>, id_field: &str) -> Option<String> {
    let raw = fields.0.iter().find(|(k, _)| *k == id_field)?.1.get();
    match serde_json::from_str::<String>(raw) {
        Ok(s) => Some(s),
        Err(_)
            if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) =>
        {
            Some(raw.to_string())
        }
        Err(_) => None,
    }
}

fn meta<'a>(
    cleaner: &'a Cleaner,
    doc: &'a [u8],
    outcome: &'a Outcome,
    inline: bool,
) -> Meta<'a> {
    let mut categories = BTreeMap::new();
    let (mut lines, mut removed) = (Vec::new(), 0);
    let mut points = CodePoints::default();
    for (n, line, r) in outcome.removals() {
        removed += 1;
        *categories.entry(r.category.as_str()).or_insert(0) += 1;
        if inline {
            lines.push(RemovedLine {
                line: n + 1,
                start: line.start(),
                end: line.end(),
                cp_start: points.at(doc, line.start()),
                cp_end: points.at(doc, line.end()),
                category: r.category.as_str(),
                rule: cleaner.rule_id(r.rule),
                text: line.text(doc),
            });
        }
    }
    Meta {
        lang: outcome.language.code,
        confidence: outcome.language.confidence,
        kept: outcome.kept(),
        removed,
        categories,
        dropped: None,
        removed_lines: inline.then_some(lines),
    }
}

/// The record with the field replaced and the summary set, fields in
/// their original order.
fn rewrite(
    fields: &Fields<'_>,
    opts: &Options,
    clean: &str,
    meta: &Meta<'_>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(clean.len() + 256);
    out.push(b'{');
    let mut wrote_meta = false;
    for (i, (key, value)) in fields.0.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, key).expect("writing to a Vec");
        out.push(b':');
        if *key == opts.field {
            serde_json::to_writer(&mut out, clean).expect("writing to a Vec");
        } else if *key == opts.meta_key {
            serde_json::to_writer(&mut out, meta).expect("writing to a Vec");
            wrote_meta = true;
        } else {
            out.extend_from_slice(value.get().as_bytes());
        }
    }
    if !wrote_meta {
        out.push(b',');
        serde_json::to_writer(&mut out, &opts.meta_key)
            .expect("writing to a Vec");
        out.push(b':');
        serde_json::to_writer(&mut out, meta).expect("writing to a Vec");
    }
    out.push(b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(line: &str, opts: &Options) -> Record {
        clean_record(&Cleaner::builtin(), line.as_bytes(), "1", opts, true)
    }

    #[test]
    fn other_fields_stay_byte_for_byte_in_order() {
        let line = r#"{"id":7,"text":"Storm closes schools\n\nA storm closed schools across the region on Monday, and officials said they would reopen on Wednesday.\nShare this article\n","n":1.50,"metadata":{"url":"http://x\u00e9"}}"#;
        let Record::Cleaned { json, audit, removed, .. } =
            clean(line, &Options::default())
        else {
            panic!("not cleaned");
        };
        let json = String::from_utf8(json).unwrap();
        assert!(
            json.starts_with(
                r#"{"id":7,"text":"Storm closes schools\n\nA storm"#
            ),
            "{json}"
        );
        assert!(
            json.contains(
                r#","n":1.50,"metadata":{"url":"http://x\u00e9"},"deboiler":{"#
            ),
            "{json}"
        );
        assert!(!json.contains("Share this"));
        assert_eq!(removed, 1);
        assert!(String::from_utf8(audit).unwrap().contains(r#""doc":"7""#));
    }

    #[test]
    fn existing_meta_key_is_replaced_in_place() {
        let line = r#"{"deboiler":null,"text":"Advertisement\n"}"#;
        let Record::Cleaned { json, .. } = clean(line, &Options::default())
        else {
            panic!()
        };
        assert!(String::from_utf8(json)
            .unwrap()
            .starts_with(r#"{"deboiler":{"lang""#));
    }

    #[test]
    fn missing_or_non_string_field_passes_through() {
        assert!(matches!(
            clean(r#"{"id":1}"#, &Options::default()),
            Record::PassedThrough { .. }
        ));
        assert!(matches!(
            clean(r#"{"text":3}"#, &Options::default()),
            Record::PassedThrough { .. }
        ));
        assert!(matches!(
            clean(r#"{"text":"x""#, &Options::default()),
            Record::Malformed { .. }
        ));
        assert!(matches!(
            clean(r#"[1,2]"#, &Options::default()),
            Record::Malformed { .. }
        ));
    }

    #[test]
    fn inline_audit_lists_removed_lines() {
        let opts = Options {
            audit_inline: true,
            field: "body".into(),
            lang: Some("en".into()),
            ..Options::default()
        };
        let line = r#"{"body":"Advertisement\n"}"#;
        let Record::Cleaned { json, .. } = clean(line, &opts) else {
            panic!()
        };
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["deboiler"]["removed_lines"][0]["rule"], "en/advert");
    }
}
