//! The audit format, parsed back into structs that deny unknown fields.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::util::run;

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
#[allow(dead_code)]
enum Message {
    Removed {
        doc: String,
        line: usize,
        start: usize,
        end: usize,
        cp_start: usize,
        cp_end: usize,
        category: String,
        rule: String,
        text: String,
        score: Option<f64>,
        against: Option<BTreeMap<String, f64>>,
    },
    Summary {
        doc: String,
        lang: Option<String>,
        confidence: f64,
        lang_forced: bool,
        lang_patterns: bool,
        lines: usize,
        kept: usize,
        removed: usize,
        blank: usize,
        invalid_utf8: usize,
        categories: BTreeMap<String, usize>,
    },
}

const CATEGORIES: &[&str] = &[
    "related",
    "sidebar",
    "share",
    "footer",
    "caption",
    "byline",
    "metadata",
    "junk",
    "duplicate",
    "navigation",
    "advert",
    "consent",
    "comments",
    "title",
];

#[test]
fn audit_messages_have_exactly_the_documented_fields() {
    let out = run(&["--audit", "-", "seeds/004_842cd329f54bcaf9.txt"], b"");
    let text = String::from_utf8(out.stderr).unwrap();
    let msgs: Vec<Message> =
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut last_line = 0;
    for msg in &msgs[..msgs.len() - 1] {
        let Message::Removed { doc, line, start, end, category, rule, .. } =
            msg
        else {
            panic!("summary before the last message");
        };
        assert_eq!(doc, "seeds/004_842cd329f54bcaf9.txt");
        assert!(*line > last_line, "removed lines in input order");
        last_line = *line;
        assert!(start <= end);
        assert!(CATEGORIES.contains(&category.as_str()), "{category}");
        assert!(
            rule.starts_with("zh/")
                || rule.starts_with("common/")
                || rule.starts_with("structure/")
                || rule == "model/line",
            "{rule}"
        );
    }
    let Message::Summary { lang, categories, removed, .. } =
        msgs.last().unwrap()
    else {
        panic!("the last message is the summary");
    };
    assert_eq!(lang.as_deref(), Some("zh"));
    assert_eq!(categories.values().sum::<usize>(), *removed);
    assert_eq!(*removed, msgs.len() - 1);
}

#[test]
fn a_removed_line_that_is_not_utf8_is_audited_with_replacement_characters() {
    let page = b"Rain hits the north\n\nHeavy rain fell across the north on Monday, closing roads and schools in three provinces, officials said.\n*** \xff ***\nMore rain is expected later in the week across the region, forecasters said.\n";
    let out = run(&["--audit", "-"], page);
    let text = String::from_utf8(out.stderr).unwrap();
    let removed: Vec<(String, usize, usize)> = text
        .lines()
        .filter_map(|l| match serde_json::from_str(l).unwrap() {
            Message::Removed { text, start, end, .. } => {
                Some((text, start, end))
            }
            Message::Summary { .. } => None,
        })
        .collect();
    // What else the line model removes of this short page is its own
    // business (tests/model.rs); the invalid line's record is this one.
    assert_eq!(removed[0], ("*** \u{fffd} ***".to_string(), 127, 136));
}

#[test]
fn code_point_offsets_slice_the_removed_text() {
    let path = "seeds/000_9a383749de56cf95.txt";
    let out = run(&["--audit", "-", path], b"");
    let doc = std::fs::read_to_string(crate::util::root().join(path)).unwrap();
    let chars: Vec<char> = doc.chars().collect();
    let mut n = 0;
    for l in String::from_utf8(out.stderr).unwrap().lines() {
        if let Message::Removed {
            start, end, cp_start, cp_end, text, ..
        } = serde_json::from_str(l).unwrap()
        {
            assert_eq!(doc[start..end], text);
            let sliced: String = chars[cp_start..cp_end].iter().collect();
            assert_eq!(sliced, text);
            assert!(
                cp_start < start,
                "Vietnamese text has multi-byte characters"
            );
            n += 1;
        }
    }
    assert!(n > 3);
}
