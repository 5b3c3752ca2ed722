//! Stage 3c: words as hashes, the article's own words, and how much a
//! line shares them.
//!
//! Every word is hashed once, lower-cased, when its line is measured
//! ([`crate::shape::Shape::measure`]); stop words are a set of such
//! hashes, and a document's vocabulary a set of them, so no word is ever
//! allocated. A term is a word that is not a stop word, or, for languages
//! whose words are syllables, a pair of neighbouring words; in scripts
//! written without spaces it is a pair of neighbouring characters.

use std::collections::HashMap;
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

/// The terms of the lines a stage asks about, each marked once the
/// article is found to use it: all of the article's vocabulary that tells
/// how much those lines share it. The lines asked about are a few
/// headlines and edges, with far fewer terms than the article: the map is
/// built of theirs, and every term of the article is looked up in it.
///
/// Most of the article's terms were not asked: a filter of one bit per
/// hash value class (set for the classes of asked terms) turns them away
/// before the map is read.
///
/// The key invariants: a term is marked exactly when it was asked
/// ([`Asked::ask`]) and found ([`Asked::find`]); the filter bit of every
/// asked term is set.
#[derive(Debug)]
pub struct Asked {
    terms: HashMap<u64, bool, BuildHasherDefault<Identity>>,
    filter: Box<[u64; Asked::FILTER_WORDS]>,
}

impl Default for Asked {
    fn default() -> Asked {
        Asked {
            terms: HashMap::default(),
            filter: Box::new([0; Asked::FILTER_WORDS]),
        }
    }
}

impl Asked {
    /// The filter's size in 64-bit words: 4096 bits, a few times the
    /// terms a page's edges hold.
    const FILTER_WORDS: usize = 64;

    /// Forgets every term, keeping the room they took.
    pub fn clear(&mut self) {
        self.terms.clear();
        self.filter.fill(0);
    }

    /// How many terms there is room for.
    pub fn capacity(&self) -> usize {
        self.terms.capacity()
    }

    /// Asks about `terms`.
    pub fn ask(&mut self, terms: &[u64]) {
        for &t in terms {
            let (word, bit) = Asked::filter_bit(t);
            self.filter[word] |= bit;
            self.terms.entry(t).or_insert(false);
        }
    }

    /// Marks the asked terms among `terms` as found.
    pub fn find(&mut self, terms: &[u64]) {
        for t in terms {
            let (word, bit) = Asked::filter_bit(*t);
            if self.filter[word] & bit == 0 {
                continue;
            }
            if let Some(found) = self.terms.get_mut(t) {
                *found = true;
            }
        }
    }

    /// The share of `terms` found. No terms share nothing.
    pub fn overlap(&self, terms: &[u64]) -> f32 {
        let shared = terms.iter().filter(|t| self.terms.get(t) == Some(&true));
        shared.count() as f32 / terms.len().max(1) as f32
    }

    /// The filter word and bit of term `t`: bits the map does not place
    /// terms by (it uses the low ones and the top seven).
    fn filter_bit(t: u64) -> (usize, u64) {
        let class = (t >> 32) as usize % (64 * Asked::FILTER_WORDS);
        (class / 64, 1 << (class % 64))
    }
}

/// What a language knows of its words: its stop words (as hashes) and how
/// its lines are cut into terms.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Hashes of the lower-cased stop words.
    pub stopwords: StopWords,
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
            stopwords: StopWords::new(stopwords.into_iter().map(word_hash)),
            terms,
        }
    }
}

const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// A set of word hashes asked of every word of every line: a table of
/// buckets of two hashes, chosen by some bits of a hash (its top bits
/// once rotated), grown until every bucket holds its hashes, so that a
/// lookup reads one bucket and takes no branch. Of the 64 rotations, the
/// first under which a table of the size tried holds every hash is
/// taken: the smallest table found, which stays in the first-level cache
/// beside the automata (4 KB for the largest built-in list).
///
/// The key invariant: every slot of bucket `b` holds a member whose
/// bucket is `b`, or, in a bucket with none, a hash whose bucket is not
/// `b`, which no hash looked up there can equal.
#[derive(Clone, Debug)]
pub struct StopWords {
    buckets: Vec<[u64; StopWords::SLOTS]>,
    /// How far a hash is rotated left before its top bits choose its
    /// bucket.
    rotate: u32,
    /// 64 less the number of bits that choose a bucket.
    shift: u32,
}

impl Default for StopWords {
    fn default() -> StopWords {
        StopWords::new([])
    }
}

impl StopWords {
    const SLOTS: usize = 2;

    /// The set of `hashes`.
    pub fn new(hashes: impl IntoIterator<Item = u64>) -> StopWords {
        let mut hashes: Vec<u64> = hashes.into_iter().collect();
        hashes.sort_unstable();
        hashes.dedup();
        // Two buckets at least, so an empty bucket has a neighbour's
        // bits to fill it with.
        (1..=32)
            .flat_map(|bits| (0..64).map(move |rotate| (bits, rotate)))
            .find_map(|(bits, rotate)| StopWords::fill(&hashes, bits, rotate))
            .expect("a stop-word list fits 2^32 buckets")
    }

    /// The table of `hashes` in `2^bits` buckets chosen after rotating
    /// by `rotate`, if each fits its bucket.
    fn fill(hashes: &[u64], bits: u32, rotate: u32) -> Option<StopWords> {
        let shift = 64 - bits;
        let bucket_of = |h: u64| (h.rotate_left(rotate) >> shift) as usize;
        // Padding first: a hash whose bucket is the next one's (or the one
        // before), which no hash looked up in this bucket can equal.
        let mut buckets: Vec<[u64; StopWords::SLOTS]> = (0..1u64 << bits)
            .map(|b| {
                [((b ^ 1) << shift).rotate_right(rotate); StopWords::SLOTS]
            })
            .collect();
        let mut filled = vec![0; buckets.len()];
        for &h in hashes {
            let b = bucket_of(h);
            let slot = filled[b];
            if slot == StopWords::SLOTS {
                return None;
            }
            // A bucket's free slots repeat its first member.
            buckets[b][slot..].fill(h);
            filled[b] += 1;
        }
        Some(StopWords { buckets, rotate, shift })
    }

    /// Whether `h` is in the set.
    pub fn contains(&self, h: u64) -> bool {
        let b = h.rotate_left(self.rotate) >> self.shift;
        let bucket = &self.buckets[b as usize];
        bucket.iter().fold(false, |found, &m| found | (m == h))
    }
}

/// A word's hash, built as its characters are read: a hash of the UTF-8
/// bytes of the lower-cased word, taken eight bytes at a time, so that a
/// run of ASCII letters is hashed in one step rather than one per letter
/// ([`WordHash::push_bytes`]) and gives the same hash as its characters
/// pushed one by one ([`WordHash::push_char`]).
///
/// The key invariant: the hash depends only on the byte string pushed,
/// never on how it was cut into pushes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordHash {
    /// The eight-byte blocks mixed so far.
    state: u64,
    /// The bytes after them, little-endian: `fill` of them, the rest zero.
    buf: u64,
    fill: u32,
}

impl Default for WordHash {
    fn default() -> WordHash {
        WordHash { state: 0xcbf2_9ce4_8422_2325, buf: 0, fill: 0 }
    }
}

impl WordHash {
    /// Pushes the `k` bytes (0 to 8) of `bytes`, little-endian: its
    /// higher bytes are zero.
    pub(crate) fn push_bytes(&mut self, bytes: u64, k: u32) {
        debug_assert!(k <= 8 && bytes.checked_shr(8 * k).unwrap_or(0) == 0);
        self.buf |= bytes << (8 * self.fill);
        let fill = self.fill + k;
        if fill < 8 {
            self.fill = fill;
            return;
        }
        self.state = mix(self.state ^ self.buf);
        // The bytes that did not fit; none when the block was empty.
        self.buf = bytes.checked_shr(8 * (8 - self.fill)).unwrap_or(0);
        self.fill = fill - 8;
    }

    /// Pushes `c` lower-cased; `upper` says whether lower-casing changes
    /// it (for any other character it may be false).
    pub(crate) fn push_char(&mut self, c: char, upper: bool) {
        if !upper {
            self.push_utf8(c);
        } else if c.is_ascii() {
            self.push_utf8(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(|l| self.push_utf8(l));
        }
    }

    fn push_utf8(&mut self, c: char) {
        let mut utf8 = [0; 4];
        let k = c.encode_utf8(&mut utf8).len() as u32;
        self.push_bytes(u32::from_le_bytes(utf8).into(), k);
    }

    /// The hash of the bytes pushed.
    pub(crate) fn finish(&self) -> u64 {
        mix(self.state ^ self.buf)
    }
}

/// Mixes a block into a hash: the high and low halves of its product
/// with an odd constant, folded (every output bit depends on every input
/// bit, as a hash table's bucket bits and tag bits both need).
fn mix(x: u64) -> u64 {
    let p = u128::from(x) * 0x9e37_79b9_7f4a_7c15;
    (p as u64) ^ (p >> 64) as u64
}

/// The hash of a word, lower-cased.
pub fn word_hash(w: &str) -> u64 {
    let mut h = WordHash::default();
    w.chars().for_each(|c| h.push_char(c, true));
    h.finish()
}

/// The term of two neighbouring tokens.
pub fn pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(FNV_PRIME) | 1
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
    fn overlap_is_case_insensitive_and_forgotten_on_clear() {
        let lexicon = Lexicon::new(["the"], Terms::Words);
        let (oil, gas) =
            (terms("OIL PRICES", &lexicon), terms("Gas prices", &lexicon));
        let mut asked = Asked::default();
        asked.ask(&oil);
        asked.ask(&gas);
        asked.find(&terms("Oil prices rose sharply", &lexicon));
        assert_eq!(asked.overlap(&oil), 1.0);
        assert_eq!(asked.overlap(&gas), 0.5);
        assert_eq!(asked.overlap(&[]), 0.0);
        asked.clear();
        asked.ask(&oil);
        assert_eq!(asked.overlap(&oil), 0.0);
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
    fn stop_words_hold_their_members_and_nothing_else() {
        // Hashes spread over the whole range, and the values an empty or
        // half-filled bucket is padded with.
        let spread = |i: u64| i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let members: Vec<u64> = (1..=600).map(spread).collect();
        let set = StopWords::new(members.iter().copied());
        assert!(members.iter().all(|&h| set.contains(h)));
        let others = (601..20_000).map(spread).chain([0, 1, 1 << 63]);
        assert!(others.clone().all(|h| !set.contains(h)));
        let empty = StopWords::default();
        assert!(others.chain(members).all(|h| !empty.contains(h)));
        let one = StopWords::new([0]);
        assert!(one.contains(0) && !one.contains(1 << 63));
    }

    #[test]
    fn a_words_hash_is_that_of_its_bytes_however_they_were_pushed() {
        let word = "Nghệ-thuậtĐÀ NẴNG0123456789abcdef";
        let lower = word.to_lowercase();
        for cut in 0..=lower.len().min(8) {
            let mut h = WordHash::default();
            let (head, tail) = lower.as_bytes().split_at(cut);
            let mut block = [0; 8];
            block[..head.len()].copy_from_slice(head);
            h.push_bytes(u64::from_le_bytes(block), head.len() as u32);
            for chunk in tail.chunks(3) {
                let mut block = [0; 8];
                block[..chunk.len()].copy_from_slice(chunk);
                h.push_bytes(u64::from_le_bytes(block), chunk.len() as u32);
            }
            assert_eq!(h.finish(), word_hash(word), "cut at {cut}");
        }
        assert_ne!(word_hash("abcdefgh"), word_hash("abcdefghi"));
        assert_ne!(word_hash("a"), word_hash("b"));
    }

    #[test]
    fn words_hash_whatever_their_case() {
        assert_eq!(word_hash("The"), word_hash("the"));
    }

    #[test]
    fn stop_word_tables_stay_small() {
        // A lookup at every word: the table must stay in the first-level
        // cache beside the literal automata and the line being read.
        let book =
            crate::rules::RuleBook::new(&crate::patterns::Patterns::builtin())
                .unwrap();
        for code in book.codes() {
            let set = &book.language(code).unwrap().lexicon.stopwords;
            let bytes = std::mem::size_of_val(set.buckets.as_slice());
            assert!(bytes <= 4096, "{code}: {bytes} bytes");
        }
    }
}
