//! Stage 3a: the shape of a line, the evidence the structural rules read.
//!
//! A line's shape is measured once: its length in word units, how it ends,
//! whether it is bulleted or truncated, how many of its words are stop
//! words. Scripts written without spaces (Chinese, Japanese, Korean, Thai)
//! are measured per character, two characters making one word unit.

use crate::patterns::Terms;
use crate::vocab::{char_hash, pair, word_hash, Lexicon};

/// Whether `c` belongs to a script whose characters are scored one by one
/// (CJK ideographs, kana, Hangul, Thai and its neighbours).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{ac00}'..='\u{d7af}' | '\u{0e00}'..='\u{0eff}'
        | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}')
}

/// A token of a line: a word, or one character of a CJK-like script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// A run of letters and digits.
    Word(&'a str),
    /// One character of a script written without spaces.
    Char(char),
    /// Punctuation that separates phrases: no word pair spans it.
    Break,
}

/// Calls `f` on every token of `text`, in order, without allocating.
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(Token<'a>)) {
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        let cjk = is_cjk(c);
        if c.is_alphanumeric() && !cjk {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            f(Token::Word(&text[s..i]));
        }
        if cjk {
            f(Token::Char(c));
        } else if is_break(c) {
            f(Token::Break);
        }
    }
    if let Some(s) = word_start {
        f(Token::Word(&text[s..]));
    }
}

/// Punctuation between phrases, as opposed to inside words (`'`, `-`).
fn is_break(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, '\'' | '-' | '_' | '&' | '+')
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '：'
                | '；'
                | '！'
                | '？'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '「'
                | '」'
                | '（'
                | '）'
                | '【'
                | '】'
                | '–'
                | '—'
                | '|'
                | '…'
        )
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
    let t = match t.strip_prefix(BULLETS) {
        Some(rest) if rest.starts_with(char::is_whitespace) => rest,
        _ => t,
    };
    let t = t.trim_end_matches(|c: char| {
        TRAILERS.contains(&c) || c.is_whitespace()
    });
    t.trim_start()
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
    /// Starts with a bullet and a space.
    pub bullet: bool,
    /// Digits among its characters.
    pub digits: u32,
    /// Letters among its characters (CJK included).
    pub letters: u32,
    /// A hash of its words, case-folded, punctuation and spacing ignored:
    /// equal for a line printed again.
    pub key: u64,
}

impl Shape {
    /// Measures `text` in one pass, appending its terms (see
    /// [`crate::vocab`]) to `terms`. Stop words are those of `lexicon`.
    pub fn measure(
        text: &str,
        lexicon: &Lexicon,
        terms: &mut Vec<u64>,
    ) -> Shape {
        let t = crate::lines::trim(text);
        if t.is_empty() {
            return Shape { blank: true, ..Shape::default() };
        }
        let mut s =
            Shape { bullet: starts_with_bullet(t), ..Shape::default() };
        for c in t.chars() {
            s.chars += 1;
            s.digits += c.is_numeric() as u32;
            s.letters += c.is_alphabetic() as u32;
            let (mark, comma) = mark_kind(c);
            s.marks += mark as u32;
            s.commas += comma as u32;
        }
        let mut cut =
            Cutter { lexicon, terms, prev_word: None, prev_char: None };
        for_each_token(t, |tok| {
            let h = match tok {
                Token::Word(w) => {
                    s.words += 1;
                    cut.word(w)
                }
                Token::Char(c) => {
                    s.cjk += 1;
                    cut.char(c)
                }
                Token::Break => {
                    cut.prev_word = None;
                    cut.prev_char = None;
                    return;
                }
            };
            s.stops += lexicon.stopwords.contains(&h) as u32;
            s.key = (s.key.rotate_left(5) ^ h).wrapping_mul(0x0100_0000_01b3);
        });
        s.units = s.words + s.cjk.div_ceil(2);
        s.truncated =
            t.ends_with("...") || t.ends_with('…') || t.contains("... ");
        let last = t.trim_end_matches([
            '"', '”', '’', '\'', '»', ')', ']', '）', '】', '」', '』', '*',
        ]);
        s.sentence_end = !s.truncated
            && last.ends_with(['.', '!', '?', '。', '！', '？', ';', '；']);
        s.full_stop = s.sentence_end && last.ends_with(['.', '。']);
        s
    }

    /// A paragraph of running text: long enough, with a sentence mark, and
    /// not a truncated teaser.
    pub fn is_body(&self) -> bool {
        if self.blank || self.truncated {
            return false;
        }
        // Commas alone make a headline, not a sentence, except in scripts
        // without spaces, whose headlines do without commas.
        let cjk_prose = self.cjk > self.words && self.commas >= 2;
        let punctuated =
            self.sentence_end || self.marks > self.commas || cjk_prose;
        (self.units >= 10 && punctuated) || self.units >= 30
    }

    /// Shaped like a headline or a link: short and not a sentence.
    pub fn is_headline(&self) -> bool {
        !self.blank && !self.full_stop && self.units <= 20 && !self.is_body()
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

fn starts_with_bullet(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next().is_some_and(|c| BULLETS.contains(&c))
        && chars.next().is_some_and(char::is_whitespace)
}

/// Whether `c` is a sentence mark or comma, and whether a comma.
fn mark_kind(c: char) -> (bool, bool) {
    match c {
        ',' | '，' | '、' => (true, true),
        '.' | '!' | '?' | ';' | '。' | '！' | '？' | '；' => (true, false),
        _ => (false, false),
    }
}

/// Cuts a line's tokens into terms, remembering the previous token for
/// pairs.
struct Cutter<'a> {
    lexicon: &'a Lexicon,
    terms: &'a mut Vec<u64>,
    prev_word: Option<u64>,
    prev_char: Option<u64>,
}

impl Cutter<'_> {
    /// Emits the terms a word makes; returns its hash.
    fn word(&mut self, w: &str) -> u64 {
        self.prev_char = None;
        let h = word_hash(w);
        match self.lexicon.terms {
            Terms::Words => {
                let digits = w.bytes().all(|b| b.is_ascii_digit());
                let long = w.chars().nth(1).is_some();
                if long && !digits && !self.lexicon.stopwords.contains(&h) {
                    self.terms.push(h);
                }
            }
            Terms::Bigrams => {
                if let Some(p) = self.prev_word {
                    self.terms.push(pair(p, h));
                }
            }
        }
        self.prev_word = Some(h);
        h
    }

    /// Emits the pair a CJK-like character makes with the one before it;
    /// returns its hash.
    fn char(&mut self, c: char) -> u64 {
        self.prev_word = None;
        let h = char_hash(c);
        if let Some(p) = self.prev_char {
            self.terms.push(pair(p, h));
        }
        self.prev_char = Some(h);
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Shape {
        let lexicon =
            Lexicon::new(["the", "of", "và", "của", "的"], Terms::Words);
        Shape::measure(text, &lexicon, &mut Vec::new())
    }

    #[test]
    fn tokens_split_words_and_cjk_characters() {
        let mut out = Vec::new();
        for_each_token("Hello, 世界 x2", |t| out.push(t));
        assert_eq!(
            out,
            [
                Token::Word("Hello"),
                Token::Break,
                Token::Char('世'),
                Token::Char('界'),
                Token::Word("x2")
            ]
        );
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
    }
}
