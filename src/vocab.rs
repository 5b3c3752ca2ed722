//! Stage 3c: the article's own words, and how much a line shares them.
//!
//! Terms are 64-bit hashes, so a document's vocabulary is a map of
//! integers and no term is ever allocated. A term is a lower-cased word
//! that is not a stop word, or, for languages whose words are syllables, a
//! pair of neighbouring words; in scripts written without spaces it is a
//! pair of neighbouring characters.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::patterns::Terms;
use crate::shape::{for_each_token, Token};

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Term counts keyed by term hash.
pub type Counts = HashMap<u64, u32, BuildHasherDefault<Identity>>;

/// How to cut lines into terms for one language.
pub struct Termer<'a> {
    /// Word terms or word-pair terms.
    pub terms: Terms,
    /// Lower-case stop words, left out of word terms.
    pub stopwords: &'a HashSet<String>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn fnv(mut h: u64, c: char) -> u64 {
    for unit in c.to_lowercase() {
        h ^= unit as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

fn hash_word(w: &str) -> u64 {
    w.chars().fold(FNV_OFFSET, fnv)
}

fn pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(FNV_PRIME) | 1
}

impl Termer<'_> {
    /// Calls `f` with every term of `text`. `buf` is scratch space.
    pub fn for_each(
        &self,
        text: &str,
        buf: &mut String,
        mut f: impl FnMut(u64),
    ) {
        let mut prev_word: Option<u64> = None;
        let mut prev_char: Option<u64> = None;
        for_each_token(text, |tok| match tok {
            Token::Word(w) => {
                prev_char = None;
                let h = hash_word(w);
                match self.terms {
                    Terms::Words => {
                        let digits = w.bytes().all(|b| b.is_ascii_digit());
                        if w.chars().count() > 1
                            && !digits
                            && !self.is_stop(w, buf)
                        {
                            f(h);
                        }
                    }
                    Terms::Bigrams => {
                        if let Some(p) = prev_word {
                            f(pair(p, h));
                        }
                    }
                }
                prev_word = Some(h);
            }
            Token::Char(c) => {
                prev_word = None;
                let h = fnv(FNV_OFFSET, c);
                if let Some(p) = prev_char {
                    f(pair(p, h));
                }
                prev_char = Some(h);
            }
            Token::Break => {
                prev_word = None;
                prev_char = None;
            }
        });
    }

    fn is_stop(&self, w: &str, buf: &mut String) -> bool {
        buf.clear();
        buf.extend(w.chars().flat_map(char::to_lowercase));
        self.stopwords.contains(buf.as_str())
    }

    /// Adds the terms of `text` to `counts`.
    pub fn add(&self, text: &str, counts: &mut Counts, buf: &mut String) {
        self.for_each(text, buf, |t| *counts.entry(t).or_insert(0) += 1);
    }

    /// The share of `text`'s terms found in `vocab`, and the number of
    /// terms. A line without terms shares nothing.
    pub fn overlap(
        &self,
        text: &str,
        vocab: &Counts,
        buf: &mut String,
    ) -> (f32, u32) {
        let (mut total, mut shared) = (0u32, 0u32);
        self.for_each(text, buf, |t| {
            total += 1;
            shared += vocab.contains_key(&t) as u32;
        });
        if total == 0 {
            (0.0, 0)
        } else {
            (shared as f32 / total as f32, total)
        }
    }
}

/// The share of `a`'s terms that are also terms of `b`.
pub fn coverage(
    termer: &Termer<'_>,
    a: &str,
    b: &str,
    buf: &mut String,
) -> f32 {
    let mut theirs = Counts::default();
    termer.add(b, &mut theirs, buf);
    termer.overlap(a, &theirs, buf).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stops() -> HashSet<String> {
        ["the", "of", "and"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_skip_stop_words_and_numbers() {
        let stops = stops();
        let t = Termer { terms: Terms::Words, stopwords: &stops };
        let mut n = 0;
        t.for_each("The Price of Oil and 2024", &mut String::new(), |_| {
            n += 1
        });
        assert_eq!(n, 2);
    }

    #[test]
    fn overlap_is_case_insensitive() {
        let stops = stops();
        let t = Termer { terms: Terms::Words, stopwords: &stops };
        let mut buf = String::new();
        let mut vocab = Counts::default();
        t.add("Oil prices rose sharply", &mut vocab, &mut buf);
        assert_eq!(t.overlap("OIL PRICES", &vocab, &mut buf), (1.0, 2));
        assert_eq!(t.overlap("Gas prices", &vocab, &mut buf), (0.5, 2));
    }

    #[test]
    fn cjk_and_bigram_terms() {
        let stops = HashSet::new();
        let t = Termer { terms: Terms::Bigrams, stopwords: &stops };
        let mut buf = String::new();
        assert!(coverage(&t, "hạt nhân", "vũ khí hạt nhân", &mut buf) == 1.0);
        assert!(coverage(&t, "con gái", "vũ khí hạt nhân", &mut buf) == 0.0);
        assert!(coverage(&t, "美日同盟", "美日两国的同盟", &mut buf) > 0.3);
    }
}
