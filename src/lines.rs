//! Stage 1: framing a document into lines.
//!
//! A document is bytes. It is split on `\n`; a line's content excludes its
//! terminator (`\n` or `\r\n`), so that a kept line can be written back byte
//! for byte, terminator included. Bytes that are not UTF-8 are decoded
//! lossily for analysis only.

use std::borrow::Cow;

/// One line of a document, as byte offsets into it.
///
/// The key invariant: `start <= end <= next`, content is `start..end`,
/// the terminator `end..next`, and consecutive lines tile the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    start: usize,
    end: usize,
    next: usize,
}

impl Line {
    /// Where the line's content starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Where the line's content ends (before `\r\n` or `\n`).
    pub fn end(&self) -> usize {
        self.end
    }

    /// Where the next line starts (after the terminator).
    pub fn next(&self) -> usize {
        self.next
    }

    /// The line's content, terminator excluded.
    pub fn content<'d>(&self, doc: &'d [u8]) -> &'d [u8] {
        &doc[self.start..self.end]
    }

    /// The line with its terminator, as it was in the input.
    pub fn raw<'d>(&self, doc: &'d [u8]) -> &'d [u8] {
        &doc[self.start..self.next]
    }

    /// The content as text: borrowed when it is UTF-8, else decoded
    /// lossily (for analysis only; output uses the bytes).
    pub fn text<'d>(&self, doc: &'d [u8]) -> Cow<'d, str> {
        String::from_utf8_lossy(self.content(doc))
    }
}

/// Splits `doc` into lines. A final line without terminator is a line; an
/// empty document has none.
pub fn split(doc: &[u8]) -> Vec<Line> {
    // Pages' lines average some 46 bytes (the development pages'): room
    // for lines of 32, so that the vector seldom grows.
    let mut lines = Vec::with_capacity(doc.len() / 32 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', doc) {
        let end = if nl > start && doc[nl - 1] == b'\r' { nl - 1 } else { nl };
        lines.push(Line { start, end, next: nl + 1 });
        start = nl + 1;
    }
    if start < doc.len() {
        lines.push(Line { start, end: doc.len(), next: doc.len() });
    }
    lines
}

/// `text` without surrounding white space, byte-order marks and
/// zero-width characters.
#[inline]
pub fn trim(text: &str) -> &str {
    // Most lines start and end with a visible ASCII character: nothing to
    // trim at either end. That test is inlined where lines are read; the
    // trimming is not.
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        return text;
    }
    trim_ends(text)
}

/// [`trim`] for a line that may have something to trim.
#[inline(never)]
fn trim_ends(text: &str) -> &str {
    text.trim_matches(is_trimmed)
}

/// What [`trim`] takes off a line's ends.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_tile_the_document() {
        let doc = b"a\r\nbb\n\nccc";
        let lines = split(doc);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].content(doc), b"a");
        assert_eq!(lines[0].raw(doc), b"a\r\n");
        assert_eq!(lines[1].raw(doc), b"bb\n");
        assert_eq!(lines[2].content(doc), b"");
        assert_eq!(lines[3].raw(doc), b"ccc");
        let mut at = 0;
        for line in &lines {
            assert_eq!(line.start(), at);
            at = line.next();
        }
        assert_eq!(at, doc.len());
    }

    #[test]
    fn empty_and_newline_only() {
        assert!(split(b"").is_empty());
        assert_eq!(split(b"\n").len(), 1);
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let doc = b"caf\xe9\n";
        assert_eq!(split(doc)[0].text(doc), "caf\u{fffd}");
    }

    #[test]
    fn trim_removes_invisible_characters() {
        assert_eq!(trim(" \u{a0}\u{feff}\t"), "");
        assert_eq!(trim(" a "), "a");
        assert_eq!(trim("a\u{200b}"), "a");
    }

    #[test]
    fn trim_agrees_with_the_full_test_whatever_the_edges() {
        let edges = ["", " ", "\t", "\u{a0}", "\u{feff}", "a", ".", "é", "中"];
        for head in edges {
            for tail in edges {
                let text = format!("{head}x y{tail}");
                let full = text.trim_matches(is_trimmed);
                assert_eq!(trim(&text), full, "{text:?}");
            }
        }
    }
}
