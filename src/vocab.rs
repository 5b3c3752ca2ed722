//! Stage 3c: words as hashes, the article's own words, and how much a
//! line shares them.
//!
//! Every word is hashed once, lower-cased, when its line is measured
//! ([`crate::shape::Shape::measure`]); stop words are a set of such
//! hashes, and a document's vocabulary a set of them, so no word is ever
//! allocated. A term is a word that is not a stop word, or, for languages
//! whose words are syllables, a pair of neighbouring words; in scripts
//! written without spaces it is a pair of neighbouring characters.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::patterns::Terms;

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

/// A set of hashes.
pub type Hashes = HashSet<u64, BuildHasherDefault<Identity>>;

/// What a language knows of its words: its stop words (as hashes) and how
/// its lines are cut into terms.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Hashes of the lower-cased stop words.
    pub stopwords: Hashes,
    /// Word terms or word-pair terms.
    pub terms: Terms,
}

impl Lexicon {
    /// A lexicon of `stopwords` (any case) cut into `terms`.
    pub fn new<'a>(
        stopwords: impl IntoIterator<Item = &'a str>,
        terms: Terms,
    ) -> Lexicon {
        Lexicon {
            stopwords: stopwords.into_iter().map(word_hash).collect(),
            terms,
        }
    }
}

/// The hash of the empty word, which [`hash_char`] extends.
pub(crate) const WORD_SEED: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// Extends the hash `h` of a word by the character `c`, lower-cased
/// (FNV-1a over the lower-cased characters).
pub(crate) fn hash_char(mut h: u64, c: char) -> u64 {
    if c.is_ascii() {
        h ^= c.to_ascii_lowercase() as u64;
        return h.wrapping_mul(FNV_PRIME);
    }
    for unit in c.to_lowercase() {
        h ^= unit as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// [`hash_char`] for a character that lower-casing leaves as it is.
pub(crate) fn hash_lower(h: u64, c: char) -> u64 {
    (h ^ c as u64).wrapping_mul(FNV_PRIME)
}

/// The hash of a word, lower-cased.
pub fn word_hash(w: &str) -> u64 {
    w.chars().fold(WORD_SEED, hash_char)
}

/// The term of two neighbouring tokens.
pub fn pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(FNV_PRIME) | 1
}

/// The share of `terms` found in `vocab`. No terms share nothing.
pub fn overlap(terms: &[u64], vocab: &Hashes) -> f32 {
    let shared = terms.iter().filter(|t| vocab.contains(t)).count();
    shared as f32 / terms.len().max(1) as f32
}

/// The share of `a`'s terms that are also terms of `b` (lines are short:
/// a scan, no map).
pub fn coverage(a: &[u64], b: &[u64]) -> f32 {
    let shared = a.iter().filter(|t| b.contains(t)).count();
    shared as f32 / a.len().max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Shape;

    fn terms(text: &str, lexicon: &Lexicon) -> Vec<u64> {
        let mut out = Vec::new();
        Shape::measure(text, lexicon, &mut out);
        out
    }

    #[test]
    fn words_skip_stop_words_and_numbers() {
        let lexicon = Lexicon::new(["the", "of", "and"], Terms::Words);
        assert_eq!(terms("The Price of Oil and 2024", &lexicon).len(), 2);
    }

    #[test]
    fn overlap_is_case_insensitive() {
        let lexicon = Lexicon::new(["the"], Terms::Words);
        let mut vocab = Hashes::default();
        vocab.extend(terms("Oil prices rose sharply", &lexicon));
        assert_eq!(overlap(&terms("OIL PRICES", &lexicon), &vocab), 1.0);
        assert_eq!(overlap(&terms("Gas prices", &lexicon), &vocab), 0.5);
        assert_eq!(overlap(&[], &vocab), 0.0);
    }

    #[test]
    fn cjk_and_bigram_terms() {
        let vi = Lexicon::new([], Terms::Bigrams);
        let t = |s| terms(s, &vi);
        assert_eq!(coverage(&t("hạt nhân"), &t("vũ khí hạt nhân")), 1.0);
        assert_eq!(coverage(&t("con gái"), &t("vũ khí hạt nhân")), 0.0);
        assert!(coverage(&t("美日同盟"), &t("美日两国的同盟")) > 0.3);
    }

    #[test]
    fn words_hash_whatever_their_case() {
        assert_eq!(word_hash("The"), word_hash("the"));
    }
}
