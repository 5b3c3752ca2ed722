//! What a character counts as: the classes [`super::Shape::measure`]
//! reads, worked out from Unicode properties.
//!
//! This file depends on `std` alone: the build script includes it too, to
//! work out the class of every character of the Basic Multilingual Plane
//! once, when deboiler is built, rather than at every start.

/// Whether `c` belongs to a script whose characters are scored one by one
/// (CJK ideographs, kana, Hangul, Thai and its neighbours).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{ac00}'..='\u{d7af}' | '\u{0e00}'..='\u{0eff}'
        | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}')
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

/// What a character counts as, as bits.
#[derive(Clone, Copy)]
pub struct Class(pub u8);

impl Class {
    /// A letter or digit of a script written with spaces: part of a word.
    pub const WORD: u8 = 1;
    /// A character of a script written without spaces (see [`is_cjk`]).
    pub const CJK: u8 = 2;
    /// Punctuation between phrases (see [`is_break`]).
    pub const BREAK: u8 = 4;
    /// Numeric.
    pub const DIGIT: u8 = 8;
    /// Alphabetic, CJK included.
    pub const LETTER: u8 = 16;
    /// A sentence mark or comma.
    pub const MARK: u8 = 32;
    /// A comma.
    pub const COMMA: u8 = 64;
    /// Changed by lower-casing.
    pub const UPPER: u8 = 128;

    /// The class of `c` from its Unicode properties.
    pub fn of_properties(c: char) -> Class {
        let mut bits = mark_bits(c);
        if c.is_numeric() {
            bits |= Class::DIGIT;
        }
        if c.is_alphabetic() {
            bits |= Class::LETTER;
        }
        if is_cjk(c) {
            bits |= Class::CJK;
        } else if c.is_alphanumeric() {
            bits |= Class::WORD;
        } else if is_break(c) {
            bits |= Class::BREAK;
        }
        if !c.to_lowercase().eq([c]) {
            bits |= Class::UPPER;
        }
        Class(bits)
    }

    pub fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// The [`Class::MARK`] and [`Class::COMMA`] bits of `c`.
const fn mark_bits(c: char) -> u8 {
    match c {
        ',' | '，' | '、' => Class::MARK | Class::COMMA,
        '.' | '!' | '?' | ';' | '。' | '！' | '？' | '；' => Class::MARK,
        _ => 0,
    }
}
