//! Stage 3d: structural rules, which decide by shape and need no list.
//!
//! - Junk: image file names, hashes, URLs and lines with no letters.
//! - Metadata: lone timestamps, and the counters and author stubs packed
//!   next to them under a title.
//! - Repetition: a line printed again (a headline of a link list, a teaser
//!   shown twice), and a headline printed twice in a row, the mark of an
//!   image link and a title link to the same related article.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use regex::{Regex, RegexSet};

use crate::page::{Page, Removal};
use crate::patterns::Category;
use crate::shape::{core, Shape};
use crate::vocab::Identity;

/// The rules of the code. Their ids are `structure/<name>`, and the line
/// model's `model/line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Structure {
    /// An image file name.
    ImageFile,
    /// Hashes and numeric ids with no word among them.
    Hash,
    /// A line of punctuation and symbols only.
    Symbols,
    /// A bare URL.
    Url,
    /// A lone date or time.
    Timestamp,
    /// A short line holding a full date: an author-and-date line, a
    /// date-and-categories line.
    Dateline,
    /// A lone number next to page metadata.
    Counter,
    /// A short name or label packed next to page metadata.
    MetaStub,
    /// A line printed earlier in the document.
    RepeatedLine,
    /// A headline printed twice in a row: a related link, which opens a
    /// region of links and teasers.
    DoubledHeadline,
    /// A line outside the article's body that does not share its words.
    OffTopicEdge,
    /// A headline in a run of headlines that does not share the article's
    /// words: a sidebar inside the body.
    UnrelatedHeadline,
    /// A line the line model judged boilerplate, with no rule against it
    /// (see [`crate::model`]).
    LineModel,
    /// The article's title, with `--title drop`.
    Title,
}

impl Structure {
    /// Every structural rule.
    pub const ALL: [Structure; 14] = [
        Structure::ImageFile,
        Structure::Hash,
        Structure::Symbols,
        Structure::Url,
        Structure::Timestamp,
        Structure::Dateline,
        Structure::Counter,
        Structure::MetaStub,
        Structure::RepeatedLine,
        Structure::DoubledHeadline,
        Structure::OffTopicEdge,
        Structure::UnrelatedHeadline,
        Structure::LineModel,
        Structure::Title,
    ];

    /// The rule id, such as `structure/repeated-line`.
    pub fn id(self) -> &'static str {
        match self {
            Structure::ImageFile => "structure/image-file",
            Structure::Hash => "structure/hash",
            Structure::Symbols => "structure/symbols",
            Structure::Url => "structure/url",
            Structure::Timestamp => "structure/timestamp",
            Structure::Dateline => "structure/dateline",
            Structure::Counter => "structure/counter",
            Structure::MetaStub => "structure/meta-stub",
            Structure::RepeatedLine => "structure/repeated-line",
            Structure::DoubledHeadline => "structure/doubled-headline",
            Structure::OffTopicEdge => "structure/off-topic-edge",
            Structure::UnrelatedHeadline => "structure/unrelated-headline",
            Structure::LineModel => "model/line",
            Structure::Title => "structure/title",
        }
    }

    /// The rule whose id is `id`.
    pub fn from_id(id: &str) -> Option<Structure> {
        Structure::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The category of the lines it removes.
    pub fn category(self) -> Category {
        match self {
            Structure::ImageFile | Structure::Hash => Category::Junk,
            Structure::Symbols | Structure::Url => Category::Junk,
            Structure::Timestamp | Structure::Counter => Category::Metadata,
            Structure::Dateline => Category::Metadata,
            Structure::MetaStub => Category::Byline,
            Structure::RepeatedLine => Category::Duplicate,
            Structure::DoubledHeadline => Category::Related,
            Structure::OffTopicEdge | Structure::UnrelatedHeadline => {
                Category::Sidebar
            }
            Structure::LineModel => Category::Sidebar,
            Structure::Title => Category::Title,
        }
    }
}

/// The compiled shapes of the per-line structural rules.
#[derive(Debug)]
pub struct Shapes {
    image: Regex,
    url: Regex,
    time: RegexSet,
    date: Regex,
}

impl Default for Shapes {
    fn default() -> Shapes {
        let ext = r"(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic)";
        let image = format!(
            r"(?i)^(?:\S*\.{ext}(?:\?\S*)?)(?:\s+\S*\.{ext}(?:\?\S*)?)*$"
        );
        let time = [
            r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$",
            r"(?i)^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?:[\s,|-]+\d{1,2}[:：h]\d{2}(?:[:：]\d{2})?(?:\s*[ap]\.?m\.?)?)?$",
            r"(?i)^\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:\s*[ap]\.?m\.?)?(?:[\s,|-]+\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})?$",
        ];
        let months = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec";
        let date = [
            r"(?-u:\b)\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d(?-u:\b)".to_string(),
            r"(?-u:\b)(?:19|20)\d\d[/.-]\d{1,2}[/.-]\d{1,2}(?-u:\b)".to_string(),
            format!(r"(?i)(?-u:\b)(?:{months})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d(?-u:\b)"),
            format!(r"(?i)(?-u:\b)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{months})[a-z]*\.?,?\s+(?:19|20)\d\d(?-u:\b)"),
            r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日".to_string(),
            r"(?-u:\b)\d{1,2}\.?\s+(?:de\s+)?\p{L}{3,}\.?\s+(?:de\s+)?(?:19|20)\d\d(?-u:\b)".to_string(),
        ]
        .join("|");
        Shapes {
            date: Regex::new(&date).expect("date regex"),
            image: Regex::new(&image).expect("image regex"),
            url: Regex::new(r"(?i)^(?:https?://|www\.)\S+$")
                .expect("url regex"),
            time: RegexSet::new(time).expect("time regexes"),
        }
    }
}

/// Removes junk and lone timestamps, line by line.
pub fn junk_and_time(page: &mut Page<'_, '_>, shapes: &Shapes) {
    for i in 0..page.line_count() {
        if !page.is_kept_text(i) || page.shapes[i].units > 12 {
            continue;
        }
        let c = core(&page.texts[i]);
        let s = &page.shapes[i];
        // Each regex, and the hash test, is asked only of lines that have
        // what it needs (a dot, the URL's start, the digits of a time, an
        // id or a year), which most lines lack. (A core holds a dot when
        // its line does: neither bullets nor trailers are dots.)
        let rule = if s.letters == 0 && s.digits == 0 {
            Some(Structure::Symbols)
        } else if s.dot && shapes.image.is_match(c) {
            Some(Structure::ImageFile)
        } else if starts_like_url(c) && shapes.url.is_match(c) {
            Some(Structure::Url)
        } else if s.digits >= 3 && shapes.time.is_match(c) {
            Some(Structure::Timestamp)
        } else if s.digits >= 3 && is_hash(c) {
            Some(Structure::Hash)
        } else if s.digits >= 4 && is_dateline(s) && shapes.date.is_match(c) {
            Some(Structure::Dateline)
        } else {
            None
        };
        if let Some(rule) = rule {
            page.remove(i, Removal::structure(rule));
        }
    }
}

/// Whether `c` starts as the URL regex needs (`http` or `www.`, any case).
fn starts_like_url(c: &str) -> bool {
    let head = c.as_bytes().get(..4).unwrap_or_default();
    head.eq_ignore_ascii_case(b"http") || head.eq_ignore_ascii_case(b"www.")
}

/// Short enough, and not a sentence, to be a line of page metadata.
fn is_dateline(s: &Shape) -> bool {
    s.units <= 12 && !s.full_stop && !s.is_body()
}

/// Hashes and numeric ids: at least one long token with three digits or
/// more, and no token that is a word (three or more letters, no digits).
fn is_hash(c: &str) -> bool {
    let mut long_id = false;
    for token in c.split_whitespace() {
        let digits = token.chars().filter(char::is_ascii_digit).count();
        let letters = token.chars().filter(|c| c.is_alphabetic()).count();
        if digits == 0 && letters >= 3 {
            return false;
        }
        long_id |= token.len() >= 8 && digits >= 3;
    }
    long_id
}

/// The longest a metadata stub may be, in characters.
const STUB_CHARS: u32 = 16;

/// Grows metadata lines (timestamps, datelines, counters) into the block
/// of lone numbers and short stubs packed against them, without blank
/// lines between: the author/time/counter block under a title.
pub fn metadata_blocks(page: &mut Page<'_, '_>) {
    for i in 0..page.line_count() {
        let is_meta =
            page.removals[i].is_some_and(|r| r.category == Category::Metadata);
        if !is_meta {
            continue;
        }
        for step in [-1isize, 1] {
            let mut j = i as isize + step;
            while (0..page.line_count() as isize).contains(&j) {
                let k = j as usize;
                // A metadata line stops the walk: it grows its own block,
                // so every line is walked over a bounded number of times.
                let Some(rule) = stub_kind(page, k) else { break };
                page.remove(k, Removal::structure(rule));
                j += step;
            }
        }
    }
}

/// What a kept line next to metadata is: a lone number, or a stub.
fn stub_kind(page: &Page<'_, '_>, i: usize) -> Option<Structure> {
    let s = &page.shapes[i];
    if !page.is_kept_text(i) || s.chars > STUB_CHARS || s.marks > 0 {
        return None;
    }
    if s.letters == 0 && s.digits > 0 {
        Some(Structure::Counter)
    } else if s.units <= 4 {
        Some(Structure::MetaStub)
    } else {
        None
    }
}

/// Lines shorter than this many word units are too common to call a
/// repetition (table cells, "Yes", "Reply").
const REPEAT_MIN_UNITS: u32 = 4;

/// Removes lines printed earlier in the document, and headlines printed
/// twice in a row after the body has begun, which open a region.
///
/// Repetition inside the running text `body` (a schedule, a recipe's
/// repeated steps) is content, and stays. Where a headline is first
/// printed before the body (a table of contents) and again inside it (the
/// section heading), the copy before the body is the one removed.
pub fn repetition(page: &mut Page<'_, '_>, body: Option<(usize, usize)>) {
    let in_body = |i: usize| body.is_some_and(|(a, b)| (a..=b).contains(&i));
    let body_start = page.first_body().unwrap_or(usize::MAX);
    // Room for the key of every line long enough to be looked up: the map
    // never grows.
    let long = page.shapes.iter().filter(|s| s.units >= REPEAT_MIN_UNITS);
    let mut kept_copy: HashMap<u64, usize, BuildHasherDefault<Identity>> =
        HashMap::with_capacity_and_hasher(
            long.count(),
            BuildHasherDefault::default(),
        );
    let mut prev: Option<(usize, u64)> = None;
    for i in 0..page.line_count() {
        if page.shapes[i].blank {
            continue;
        }
        let key = page.shapes[i].key;
        if page.shapes[i].units < REPEAT_MIN_UNITS {
            prev = Some((i, key));
            continue;
        }
        let removal = Removal::structure(Structure::RepeatedLine);
        match kept_copy.get(&key).copied() {
            None => {
                kept_copy.insert(key, i);
            }
            Some(first)
                if first < body_start
                    && i > body_start
                    && page.shapes[i].is_headline() =>
            {
                page.remove(first, removal);
                kept_copy.insert(key, i);
            }
            Some(_) => {
                let doubled = prev.is_some_and(|(_, k)| k == key);
                if doubled && i > body_start && page.shapes[i].is_headline() {
                    page.remove(i, removal);
                    let p = prev.map_or(i, |(p, _)| p);
                    open_doubled(page, p);
                } else if !in_body(i) {
                    page.remove(i, removal);
                }
            }
        }
        prev = Some((i, key));
    }
}

/// Removes the first copy of a doubled headline and opens a region there.
fn open_doubled(page: &mut Page<'_, '_>, p: usize) {
    let removal = Removal::structure(Structure::DoubledHeadline);
    if page.remove(p, removal) && page.opens[p].is_none() {
        page.opens[p] = Some(removal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_ids() {
        assert!(is_hash("39447380014 aa3929ca2c k"));
        assert!(is_hash("a1b2c3d4e5f6"));
        assert!(!is_hash("COVID-19 cases 20240101"));
        assert!(!is_hash("2024"));
    }

    #[test]
    fn time_and_image_shapes() {
        let s = Shapes::default();
        for t in [
            "2025-03-14 20:29:29",
            "26/07/2024 10:30",
            "2024年7月21日",
            "10:30 pm",
        ] {
            assert!(s.time.is_match(t), "{t}");
        }
        assert!(!s.time.is_match("2024 was a year"));
        for d in [
            "November 20, 2019 Emiliano Bellini",
            "21/06/2014 Tony Carter All, Books",
            "Regan August 19, 2019 - 5:48 pm",
            "Carlos Nadalim 27/09/2018 Comente!",
            "Publicado em 3 de março de 2020",
            "20. November 2019",
        ] {
            assert!(s.date.is_match(d), "{d}");
        }
        assert!(!s.date.is_match("Elections 2024: the results"));
        assert!(s.image.is_match("IMG_2041.JPG"));
        assert!(s.image.is_match("photo-1.webp?w=800 photo-2.png"));
        assert!(!s.image.is_match("see photo.jpg for details"));
    }
}
