//! Stage 3a: the shape of a line, the evidence the structural rules read.
//!
//! A line's shape is measured once: its length in word units, how it ends,
//! whether it is bulleted or truncated, how many of its words are stop
//! words. Scripts written without spaces (Chinese, Japanese, Korean, Thai)
//! are measured per character, two characters making one word unit.

use crate::patterns::Terms;
use crate::vocab::{pair, Lexicon, WordHash};

mod class;

pub use class::is_cjk;
use class::Class;

/// The class of every character of the Basic Multilingual Plane (where
/// nearly every character of nearly every page is), worked out by
/// [`Class::of_properties`] when deboiler is built (see `build.rs`); 0 for
/// the surrogates, which are no characters.
static BMP_CLASSES: &[u8; 0x10000] =
    include_bytes!(concat!(env!("OUT_DIR"), "/bmp_classes.bin"));

impl Class {
    /// The class of `c`: read from [`BMP_CLASSES`] in the Basic
    /// Multilingual Plane, worked out from its properties beyond.
    #[inline]
    fn of(c: char) -> Class {
        match BMP_CLASSES.get(c as usize) {
            Some(&bits) => Class(bits),
            None => Class::of_properties(c),
        }
    }
}

/// A word being read: its hash so far (see [`crate::vocab::word_hash`]),
/// its length and whether it is all ASCII digits.
struct Word {
    hash: WordHash,
    chars: u32,
    digits: bool,
}

impl Default for Word {
    fn default() -> Word {
        Word { hash: WordHash::default(), chars: 0, digits: true }
    }
}

impl Word {
    fn push(&mut self, c: char, class: Class) {
        self.hash.push_char(c, class.has(Class::UPPER));
        self.chars += 1;
        self.digits &= c.is_ascii_digit();
    }

    /// Pushes the ASCII letters and digits that `bytes` starts with, up
    /// to eight, in one step, as [`Word::push`] would push them one by
    /// one; returns how many it pushed and how many of them are digits.
    fn push_ascii_block(&mut self, bytes: &[u8]) -> (u32, u32) {
        let (run, len, digits) = ascii_run(bytes);
        self.hash.push_bytes(run, len);
        self.chars += len;
        self.digits &= digits == len;
        (len, digits)
    }
}

/// The ASCII letters and digits that `bytes` starts with, up to eight:
/// lower-cased as a little-endian block (the rest of it zero), with how
/// many there are and how many of them are digits.
#[inline]
pub(crate) fn ascii_run(bytes: &[u8]) -> (u64, u32, u32) {
    let block = load_block(bytes);
    let (alnum, digit) = ascii_masks(block);
    // Bytes up to the first that is not a letter or digit (the block's
    // zero padding is not).
    let len = (!alnum & HIGH_BITS).trailing_zeros() / 8;
    let keep = u64::MAX.checked_shr(64 - 8 * len).unwrap_or(0);
    // Lower-casing an ASCII letter sets bit 5, which every digit has
    // already.
    let run = (block | (0x20 * LOW_BITS)) & keep;
    (run, len, byte_sum((digit & keep) >> 7))
}

/// Bit 0 and bit 7 of every byte of a block.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The first eight bytes of `bytes` as a block, little-endian,
/// zero-padded.
fn load_block(bytes: &[u8]) -> u64 {
    match bytes.first_chunk() {
        Some(block) => u64::from_le_bytes(*block),
        None => {
            let mut block = [0; 8];
            block[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(block)
        }
    }
}

/// The bytes of `block` that are ASCII letters or digits and those that
/// are ASCII digits, as bit 7 of each byte.
fn ascii_masks(block: u64) -> (u64, u64) {
    let ascii = !block & HIGH_BITS;
    // Bit 7 of each byte of `low + (0x80 - c)` is set where the byte is
    // at least `c`: no byte under 0x80 carries into the next.
    let at_least =
        |low: u64, c: u8| (low + (0x80 - u64::from(c)) * LOW_BITS) & HIGH_BITS;
    let low = block & !HIGH_BITS;
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1) & ascii;
    let folded = low | (0x20 * LOW_BITS);
    let alpha = at_least(folded, b'a') & !at_least(folded, b'z' + 1) & ascii;
    (digit | alpha, digit)
}

/// The sum of the bytes of `x`, each 0 or 1.
fn byte_sum(x: u64) -> u32 {
    (x.wrapping_mul(LOW_BITS) >> 56) as u32
}

/// Bullets that open list items and link lists.
const BULLETS: &[char] = &[
    '-', '•', '*', '·', '»', '›', '+', '▪', '►', '■', '●', '◆', '▶', '–', '—',
    '>',
];

/// Separators that trail labels such as `Chia sẻ:` or `Related »`.
const TRAILERS: &[char] =
    &[':', '：', '»', '›', '>', '|', '-', '–', '—', '→', '·', '•'];

/// The part of a line that rules match: trimmed, without a leading bullet
/// and without trailing separators. Never longer than the trimmed line.
pub fn core(text: &str) -> &str {
    let t = crate::lines::trim(text);
    // Most lines start and end with a letter or digit: no bullet to
    // strip, no separator to cut.
    let edge = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    let t = if edge(t.as_bytes().first()) {
        t
    } else {
        match t.strip_prefix(BULLETS) {
            Some(rest) if rest.starts_with(char::is_whitespace) => {
                rest.trim_start()
            }
            _ => t,
        }
    };
    if edge(t.as_bytes().last()) {
        return t;
    }
    t.trim_end_matches(|c: char| TRAILERS.contains(&c) || c.is_whitespace())
}

/// The measured shape of one line.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Shape {
    /// Nothing but white space.
    pub blank: bool,
    /// Length in word units: words, plus CJK-like characters halved.
    pub units: u32,
    /// Characters of the trimmed line.
    pub chars: u32,
    /// Word tokens (not CJK characters).
    pub words: u32,
    /// CJK-like characters.
    pub cjk: u32,
    /// Tokens that are stop words of the document's language.
    pub stops: u32,
    /// Ends with sentence punctuation (`.`, `!`, `?`, `。` ...), not `...`.
    pub sentence_end: bool,
    /// Ends with a full stop (`.` or `。`), the mark headlines never take.
    pub full_stop: bool,
    /// Sentence marks and commas inside the line.
    pub marks: u32,
    /// Commas among the marks.
    pub commas: u32,
    /// Ends with, or holds, a truncation mark (`...`, `…`).
    pub truncated: bool,
    /// Holds an ASCII full stop (`.`), as file names and addresses do.
    pub dot: bool,
    /// Starts with a bullet and a space.
    pub bullet: bool,
    /// Digits among its characters.
    pub digits: u32,
    /// Letters among its characters (CJK included).
    pub letters: u32,
    /// A hash of its words, case-folded, punctuation and spacing ignored:
    /// equal for a line printed again.
    pub key: u64,
    /// What [`Shape::is_body`] and [`Shape::is_headline`] answer, worked
    /// out once from the fields above when the line is measured.
    body: bool,
    headline: bool,
}

impl Shape {
    /// Measures `text` in one pass over its characters, appending its
    /// terms (see [`crate::vocab`]) to `terms`. Stop words are those of
    /// `lexicon`.
    pub fn measure(
        text: &str,
        lexicon: &Lexicon,
        terms: &mut Vec<u64>,
    ) -> Shape {
        let base = terms.len();
        terms.resize(base + term_room(crate::lines::trim(text).as_bytes()), 0);
        let (shape, kept) =
            Shape::measure_into(text, lexicon, &mut terms[base..]);
        terms.truncate(base + kept);
        shape
    }

    /// [`Shape::measure`], writing the terms at the start of `room`, which
    /// holds exactly [`term_room`] of `text` trimmed (see
    /// [`crate::lines::trim`]; its last slot takes the terms past the
    /// cap); returns the shape and how many terms it kept. (The cleaner
    /// measures a document's lines into room it makes as it goes, not once
    /// a line.)
    ///
    /// # Panics
    ///
    /// If `room` is shorter than that.
    #[inline(never)]
    pub(crate) fn measure_into(
        text: &str,
        lexicon: &Lexicon,
        room: &mut [u64],
    ) -> (Shape, usize) {
        // Compiled once per kind of term: a line cut into word terms
        // carries no previous word through its loop.
        match lexicon.terms {
            Terms::Words => Shape::measure_as::<false>(text, lexicon, room),
            Terms::Bigrams => Shape::measure_as::<true>(text, lexicon, room),
        }
    }

    /// [`Shape::measure_into`], with word-pair terms if `PAIRS`, else word
    /// terms, whatever `lexicon` says.
    fn measure_as<const PAIRS: bool>(
        text: &str,
        lexicon: &Lexicon,
        room: &mut [u64],
    ) -> (Shape, usize) {
        let t = crate::lines::trim(text);
        if t.is_empty() {
            // White space alone is blank; invisible characters (a BOM, a
            // zero-width space) are content a reader cannot see, which
            // the junk rule removes and the audit shows.
            let blank = text.trim().is_empty();
            return (Shape { blank, ..Shape::default() }, 0);
        }
        // Most lines start with a letter or digit, which no bullet is.
        let bullet =
            !t.as_bytes()[0].is_ascii_alphanumeric() && starts_with_bullet(t);
        // The line's terms are written in place, with no call to grow
        // them (see [`term_room`]).
        let mut cut = Cutter::<PAIRS>::new(lexicon, room);
        let mut word = Word::default();
        // Counted in locals, not in a `Shape`: one written by calls the
        // loop makes at every word would have its fields go through memory
        // at every character. The shape is put together at the end.
        let (mut chars, mut digits, mut letters, mut marks, mut commas) =
            (0, 0, 0, 0, 0);
        // Whether the line holds a full stop, and `... `, a teaser cut
        // short.
        let (mut dot, mut ellipsis) = (false, false);
        let bytes = t.as_bytes();
        let mut i = 0;
        // The key invariant: `i` is a char boundary of `t`; every character
        // before it is counted, and a word it ended is emitted.
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() {
                // The bulk of most pages' bytes: read a block at a time,
                // with none of the classing below (an ASCII letter or
                // digit is a word character and nothing else); a longer
                // word goes on in the next round.
                let (len, run_digits) = word.push_ascii_block(&bytes[i..]);
                i += len as usize;
                (chars, digits) = (chars + len, digits + run_digits);
                letters += len - run_digits;
                // Most words end at a space: it is taken at once.
                if bytes.get(i) != Some(&b' ') {
                    continue;
                }
            } else if bytes[i] != b' ' {
                let c = match bytes[i] {
                    b @ 0..0x80 => char::from(b),
                    _ => t[i..].chars().next().expect("a char boundary"),
                };
                i += c.len_utf8();
                let class = Class::of(c);
                chars += 1;
                digits += class.has(Class::DIGIT) as u32;
                letters += class.has(Class::LETTER) as u32;
                marks += class.has(Class::MARK) as u32;
                commas += class.has(Class::COMMA) as u32;
                if c == '.' {
                    // Every full stop of the line passes here.
                    dot = true;
                    ellipsis |= bytes[i..].starts_with(b".. ");
                }
                if class.has(Class::WORD) {
                    word.push(c, class);
                    continue;
                }
                if word.chars > 0 {
                    cut.word(&word);
                    word = Word::default();
                }
                if class.has(Class::CJK) {
                    cut.char(c, class);
                } else if class.has(Class::BREAK) {
                    cut.prev_word = None;
                    cut.prev_char = None;
                }
                continue;
            }
            // Most of the rest: a space ends a word and counts as a
            // character, of no class.
            i += 1;
            chars += 1;
            if word.chars > 0 {
                cut.word(&word);
                word = Word::default();
            }
        }
        if word.chars > 0 {
            cut.word(&word);
        }
        let Cutter { words, cjk, stops, key, kept, .. } = cut;
        let truncated = t.ends_with("...") || t.ends_with('…') || ellipsis;
        let (sentence_end, full_stop) = sentence_end(t, truncated);
        let mut s = Shape {
            blank: false,
            units: words + cjk.div_ceil(2),
            chars,
            words,
            cjk,
            stops,
            sentence_end,
            full_stop,
            marks,
            commas,
            truncated,
            dot,
            bullet,
            digits,
            letters,
            key,
            body: false,
            headline: false,
        };
        s.body = s.reads_as_body();
        s.headline = !s.full_stop && s.units <= 20 && !s.body;
        (s, kept)
    }

    /// A paragraph of running text: long enough, with a sentence mark, and
    /// not a truncated teaser.
    pub fn is_body(&self) -> bool {
        self.body
    }

    /// Shaped like a headline or a link: short and not a sentence.
    pub fn is_headline(&self) -> bool {
        self.headline
    }

    /// Shaped like an article's title: not ended by a full stop, and at
    /// most 30 units: a headline, or one that reads as a sentence, as a
    /// question, an exclamation or a quote does.
    pub fn may_be_title(&self) -> bool {
        !self.full_stop && (1..=30).contains(&self.units)
    }

    /// Whether the measured fields make a paragraph (see
    /// [`Shape::is_body`]); the line is not blank.
    fn reads_as_body(&self) -> bool {
        if self.truncated {
            return false;
        }
        // Commas alone make a headline, not a sentence, except in scripts
        // without spaces, whose headlines do without commas.
        let cjk_prose = self.cjk > self.words && self.commas >= 2;
        let punctuated =
            self.sentence_end || self.marks > self.commas || cjk_prose;
        // A short line not ended by a full stop is a headline, whatever
        // marks it holds: "Sốc: ...", a question, a quote.
        let headline = self.units <= 20 && !self.full_stop && !cjk_prose;
        ((self.units >= 10 && punctuated) || self.units >= 30) && !headline
    }

    /// Share of the line's tokens that are stop words.
    pub fn stop_ratio(&self) -> f32 {
        let tokens = self.words + self.cjk;
        if tokens == 0 {
            0.0
        } else {
            self.stops as f32 / tokens as f32
        }
    }
}

/// Lines longer than this, in bytes, have their room for terms counted
/// (see [`term_room`]).
const LONG_LINE: usize = 4096;

/// Room for the terms of the trimmed line `t`: at least as many as its
/// tokens, as the measure writes one term (kept or not) a token.
///
/// Every token but the last takes two bytes at least (a word and the
/// character that ends it, or a CJK-like character): `len / 2 + 1`. That
/// is four times the line's size in memory, nothing for a line of a
/// page but a lot for a document of one huge line, so a long line's
/// tokens are bounded more closely, by a count of its bytes: a CJK-like
/// token is a character that is not ASCII, and every word but the last is
/// followed by a character that is not an ASCII letter or digit, so the
/// tokens are at most one more than the ASCII bytes that are not letters
/// or digits plus twice the characters that are not ASCII (each has one
/// leading byte). For English, some 0.2 a byte rather than 0.5.
///
/// The room is capped at [`MAX_LINE_TERMS`], plus a last slot where the
/// terms past the cap are written and not kept: a line's first 8,192
/// terms say what it is about, and a document of one 100 MB line would
/// otherwise take 1.5 times its size in terms.
pub(crate) fn term_room(t: &[u8]) -> usize {
    let room = match t.len() {
        0..=LONG_LINE => t.len() / 2 + 1,
        _ => long_term_room(t),
    };
    room.min(MAX_LINE_TERMS) + 1
}

/// The most terms kept of one line.
pub(crate) const MAX_LINE_TERMS: usize = 1 << 13;

/// [`term_room`] for a long line: out of the measure's code, which it
/// would otherwise crowd.
#[cold]
#[inline(never)]
fn long_term_room(t: &[u8]) -> usize {
    let ends = t.iter().map(|&b| match b {
        0..0x80 => usize::from(!b.is_ascii_alphanumeric()),
        0xc0.. => 2,
        _ => 0,
    });
    (t.len() / 2 + 1).min(1 + ends.sum::<usize>())
}

/// Closing quotes and brackets, which may follow a sentence's mark.
const CLOSERS: [char; 12] =
    ['"', '”', '’', '\'', '»', ')', ']', '）', '】', '」', '』', '*'];

/// The marks that end a sentence.
const SENTENCE_MARKS: [char; 8] = ['.', '!', '?', '。', '！', '？', ';', '；'];

/// Whether the trimmed line `t` ends a sentence, closing quotes and
/// brackets aside, unless it is `truncated`; and whether with a full stop.
#[inline]
fn sentence_end(t: &str, truncated: bool) -> (bool, bool) {
    // Most lines end with a letter, a digit or a full stop: nothing to
    // strip before the mark. That test is inlined in the measure; the
    // stripping is not.
    match t.as_bytes().last() {
        Some(b) if b.is_ascii_alphanumeric() => (false, false),
        Some(b'.') => (!truncated, !truncated),
        _ => marked_end(t, truncated),
    }
}

/// [`sentence_end`] for a line that ends with something else.
#[inline(never)]
fn marked_end(t: &str, truncated: bool) -> (bool, bool) {
    let last = t.trim_end_matches(CLOSERS);
    let end = !truncated && last.ends_with(SENTENCE_MARKS);
    (end, end && last.ends_with(['.', '。']))
}

/// Whether the trimmed line `t` starts with a bullet and a space.
fn starts_with_bullet(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next().is_some_and(|c| BULLETS.contains(&c))
        && chars.next().is_some_and(char::is_whitespace)
}

/// Cuts a line's tokens into terms, remembering the previous token for
/// pairs, and counts them (in its own fields, which stay in registers,
/// rather than in the [`Shape`] being built). Words make word-pair terms
/// if `PAIRS`, else word terms.
struct Cutter<'a, const PAIRS: bool> {
    lexicon: &'a Lexicon,
    /// Room for the line's terms: the first `kept` are cut.
    terms: &'a mut [u64],
    kept: usize,
    prev_word: Option<u64>,
    prev_char: Option<u64>,
    /// Words, CJK characters and stop words among them.
    words: u32,
    cjk: u32,
    stops: u32,
    /// The line key so far (see [`Shape::key`]).
    key: u64,
}

impl<'a, const PAIRS: bool> Cutter<'a, PAIRS> {
    fn new(lexicon: &'a Lexicon, terms: &'a mut [u64]) -> Cutter<'a, PAIRS> {
        Cutter {
            lexicon,
            terms,
            kept: 0,
            prev_word: None,
            prev_char: None,
            words: 0,
            cjk: 0,
            stops: 0,
            key: 0,
        }
    }

    /// Counts a token (a word or CJK character) of hash `h`, a stop word
    /// or not, into the stop words and the line key.
    fn token(&mut self, h: u64, stop: bool) {
        self.stops += stop as u32;
        self.key =
            (self.key.rotate_left(5) ^ h).wrapping_mul(0x0100_0000_01b3);
    }

    /// Writes `term` after the terms cut so far, and keeps it if `keep`
    /// and there is room before the last slot (see [`term_room`]):
    /// whether a word is a term is a coin toss to the branch predictor,
    /// and a write that is not kept takes no branch.
    fn emit(&mut self, term: u64, keep: bool) {
        let last = self.terms.len() - 1;
        self.terms[self.kept] = term;
        self.kept += usize::from(keep & (self.kept < last));
    }

    /// Emits the terms a word makes and counts it.
    fn word(&mut self, w: &Word) {
        self.prev_char = None;
        let h = w.hash.finish();
        let stop = self.lexicon.stopwords.contains(h);
        if PAIRS {
            let p = self.prev_word;
            self.emit(pair(p.unwrap_or(0), h), p.is_some());
        } else {
            let term = w.chars > 1 && !w.digits && !stop;
            self.emit(h, term);
        }
        self.prev_word = Some(h);
        self.words += 1;
        self.token(h, stop);
    }

    /// Emits the pair a CJK-like character makes with the one before it
    /// and counts it.
    fn char(&mut self, c: char, class: Class) {
        self.prev_word = None;
        let mut w = Word::default();
        w.push(c, class);
        let h = w.hash.finish();
        let p = self.prev_char;
        self.emit(pair(p.unwrap_or(0), h), p.is_some());
        self.prev_char = Some(h);
        self.cjk += 1;
        self.token(h, self.lexicon.stopwords.contains(h));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::vocab::word_hash;

    fn shape(text: &str) -> Shape {
        let lexicon =
            Lexicon::new(["the", "of", "và", "của", "的"], Terms::Words);
        Shape::measure(text, &lexicon, &mut Vec::new())
    }

    #[test]
    fn words_and_cjk_characters_are_counted_apart() {
        let s = shape("Hello, 世界 x2");
        assert_eq!(
            (s.words, s.cjk, s.units, s.commas, s.digits),
            (2, 2, 3, 1, 1)
        );
        assert_eq!(s.letters, 8);
        let mut terms = Vec::new();
        let lexicon = Lexicon::new(["the"], Terms::Words);
        Shape::measure("The 2024 oil, the gas", &lexicon, &mut terms);
        assert_eq!(terms, [word_hash("oil"), word_hash("gas")]);
    }

    #[test]
    fn a_huge_line_keeps_its_first_terms_and_counts_every_word() {
        let lexicon = Lexicon::new([], Terms::Words);
        let text = (0..3 * MAX_LINE_TERMS)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut terms = Vec::new();
        let s = Shape::measure(&text, &lexicon, &mut terms);
        assert_eq!(s.words as usize, 3 * MAX_LINE_TERMS);
        assert_eq!(terms.len(), MAX_LINE_TERMS);
        assert_eq!(terms[..2], [word_hash("w0"), word_hash("w1")]);
        assert_eq!(terms[MAX_LINE_TERMS - 1], word_hash("w8191"));
    }

    #[test]
    fn classes_of_sample_characters() {
        let bits = |c| Class::of(c).0;
        assert_eq!(bits('a'), Class::WORD | Class::LETTER);
        assert_eq!(bits('Ệ'), Class::WORD | Class::LETTER | Class::UPPER);
        assert_eq!(bits('中'), Class::CJK | Class::LETTER);
        assert_eq!(bits('，'), Class::MARK | Class::COMMA | Class::BREAK);
        assert_eq!(bits('5'), Class::WORD | Class::DIGIT);
        assert_eq!(bits('😀'), 0);
    }

    #[test]
    fn the_built_table_classes_every_character_as_its_properties_do() {
        for c in (0..0x10000).filter_map(char::from_u32) {
            let built = BMP_CLASSES[c as usize];
            assert_eq!(built, Class::of_properties(c).0, "{c:?}");
        }
        let surrogates = 0xd800..0xe000;
        assert!(BMP_CLASSES[surrogates].iter().all(|&bits| bits == 0));
    }

    #[test]
    fn words_hash_as_their_lower_case_whatever_the_path() {
        for c in (0..0x10000).filter_map(char::from_u32) {
            let mut word = Word::default();
            word.push(c, Class::of(c));
            assert_eq!(word.hash.finish(), word_hash(&c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn ascii_runs_count_and_hash_as_their_characters_one_by_one() {
        let lexicon = Lexicon::new([], Terms::Words);
        // Words of every length across the 8-byte blocks, ASCII letters
        // of both cases and digits, some with other letters among them.
        let letters: Vec<char> = "aB3xYz9QkLmN0pRsTuVwé".chars().collect();
        for len in 2..=40 {
            for other in [None, Some(0), Some(len / 2), Some(len - 1)] {
                let word: String = (0..len)
                    .map(|i| match other {
                        Some(at) if at == i => 'Ệ',
                        _ => letters[(i * 7 + len) % (letters.len() - 1)],
                    })
                    .collect();
                let line = format!("{word}, {word}.");
                let mut terms = Vec::new();
                let s = Shape::measure(&line, &lexicon, &mut terms);
                assert_eq!(terms, [word_hash(&word); 2], "{line}");
                let count = |f: fn(&char) -> bool| {
                    line.chars().filter(f).count() as u32
                };
                assert_eq!(s.chars, count(|_| true), "{line}");
                assert_eq!(s.digits, count(|c| c.is_numeric()), "{line}");
                assert_eq!(s.letters, count(|c| c.is_alphabetic()));
                assert_eq!((s.words, s.marks, s.commas), (2, 2, 1));
            }
        }
    }

    #[test]
    fn the_densest_lines_fit_the_room_for_their_terms() {
        // A token every two bytes: the most a line can hold.
        let words = Lexicon::new([], Terms::Words);
        let pairs = Lexicon::new([], Terms::Bigrams);
        let dense =
            ["a b c d e", "ab cd ef", "a中a中a", "中中中中", "é é é", "a"];
        // Long lines, whose room is counted: each of them repeated, and
        // the shapes that make the count's every case.
        let long: Vec<String> = dense
            .iter()
            .chain(&["aé", "中a", "a,", "é-é", "ab 中"])
            .map(|l| l.repeat(LONG_LINE / l.len() + 1))
            .collect();
        for line in
            dense.iter().copied().chain(long.iter().map(|l| l.as_str()))
        {
            for lexicon in [&words, &pairs] {
                let mut terms = vec![7];
                let s = Shape::measure(line, lexicon, &mut terms);
                let tokens = (s.words + s.cjk) as usize;
                assert!(tokens <= line.len() / 2 + 1, "{line}");
                assert!(tokens <= term_room(line.as_bytes()), "{line}");
                assert_eq!(terms[0], 7);
                assert!(terms.len() - 1 <= tokens, "{line}");
            }
        }
    }

    #[test]
    fn a_line_is_truncated_where_it_ends_with_or_holds_an_ellipsis() {
        let cases = [
            ("Read more...", true),
            ("Read more…", true),
            ("The talks... went on", true),
            ("转... 为探讨", true),
            ("a....  b", true),
            ("... a", true),
            ("U.S. talks. Go", false),
            ("a.. b", false),
            ("a...b c", false),
            ("a ...", true),
            ("a.", false),
        ];
        for (line, truncated) in cases {
            assert_eq!(shape(line).truncated, truncated, "{line:?}");
        }
    }

    #[test]
    fn a_line_holds_a_dot_where_its_core_does() {
        for line in
            ["a.b", "• x.y »", "- a - ", "Read more…", "中文。", ". ", ""]
        {
            let dot = core(line).contains('.');
            assert_eq!(shape(line).dot, dot, "{line:?}");
        }
    }

    #[test]
    fn sentence_ends_are_read_alike_whatever_the_last_character() {
        // As first written: closing quotes and brackets stripped, then
        // the mark looked for.
        fn reference(t: &str, truncated: bool) -> (bool, bool) {
            let last = t.trim_end_matches(CLOSERS);
            let end = !truncated && last.ends_with(SENTENCE_MARKS);
            (end, end && last.ends_with(['.', '。']))
        }
        let ends = [
            "", "a", "5", ".", "!", "?", ";", "。", "？", "\"", ".\"", "!)",
            "。」", "*", "a*", "..", "’", ".’", "x)", "；", ":", "é", "中",
        ];
        for end in ends {
            let t = format!("Said so{end}");
            for truncated in [false, true] {
                assert_eq!(
                    sentence_end(&t, truncated),
                    reference(&t, truncated),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn keys_fold_case_spacing_and_punctuation() {
        assert_eq!(
            shape("Nhật - Mỹ họp  an ninh").key,
            shape("nhật – mỹ họp an ninh").key
        );
        assert_ne!(shape("a b c").key, shape("a b d").key);
    }

    #[test]
    fn core_cuts_the_same_whichever_end_is_cut_first() {
        // As first written: the trailers cut, then the white space left
        // after the bullet.
        fn reference(text: &str) -> &str {
            let t = crate::lines::trim(text);
            let t = match t.strip_prefix(BULLETS) {
                Some(rest) if rest.starts_with(char::is_whitespace) => rest,
                _ => t,
            };
            let t = t.trim_end_matches(|c: char| {
                TRAILERS.contains(&c) || c.is_whitespace()
            });
            t.trim_start()
        }
        let cases = [
            "",
            " ",
            "-",
            "- ",
            " - : ",
            "• a",
            "•a",
            "» Related »",
            "x -",
            "a:",
            "5 –",
            "– 5",
            "\u{feff}- x :\u{200b}",
            "-- x",
            "— ",
            "> >",
            "Tin liên quan:",
            "ab",
            "a",
            "é:",
            "»",
        ];
        for text in cases {
            assert_eq!(core(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn core_strips_bullets_and_trailers() {
        assert_eq!(core("  - Tin liên quan:  "), "Tin liên quan");
        assert_eq!(core("分享到："), "分享到");
        assert_eq!(core("Related »"), "Related");
        assert_eq!(core("-5 degrees"), "-5 degrees");
    }

    #[test]
    fn body_and_headline_shapes() {
        let body = shape("The minister said on Monday that the talks, which began in May, would go on for another week.");
        assert!(body.is_body() && !body.is_headline());
        assert_eq!(body.stops, 2);
        let head = shape("Sinh toàn con gái thì sao?");
        assert!(head.is_headline() && !head.is_body());
        let zh = shape("美日两国从2010年开始就延伸威慑议题举行定期磋商，报道援引日本政府有关人士的说法称。");
        assert!(zh.is_body());
        let teaser = shape("长春市举办医疗健康数据价值转... 为探讨数字化转型浪潮下医疗数据要素市场的建设路径、合规框架...");
        assert!(teaser.truncated && !teaser.is_body());
        assert!(shape("- Sinh toàn con gái").bullet);
        // Short and not ended by a full stop: a headline, whatever marks
        // it holds; and a title.
        let marks = shape(
            "Sốc: Tài sản chứng khoán tỷ phú Việt đạt trên 200.000 tỷ đồng",
        );
        assert!(marks.is_headline() && !marks.is_body());
        let question = shape("Vì sao xế hộp Trung Quốc giá “siêu rẻ” vẫn không \"được lòng\" khách Việt?");
        assert!(question.is_headline() && question.may_be_title());
        assert!(!body.may_be_title());
    }
}
