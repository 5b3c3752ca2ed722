//! The line model's features: what the rule stages measured of each
//! non-blank line, its place on the page, and (in the second pass) what
//! the first pass scored of its neighbourhood.
//!
//! Every feature is a number of about unit scale, named
//! `group/name`; the groups are what an ablation switches off. A line's
//! features depend only on its page as the rules left it, so training and
//! cleaning see the same values.

use std::cell::RefCell;

use crate::page::{Page, RuleRef};
use crate::patterns::Scope;
use crate::structure::Structure;
use crate::vocab::Asked;
use crate::zone;

/// The number of features.
pub const COUNT: usize = NAMES.len();

/// Each feature's name, in the order of a line's feature vector.
pub const NAMES: [&str; 60] = [
    "shape/bias",
    "shape/length",
    "shape/units",
    "shape/stop-words",
    "shape/sentence-end",
    "shape/full-stop",
    "shape/truncated",
    "shape/bullet",
    "shape/dot",
    "shape/marks",
    "shape/commas",
    "shape/digits",
    "shape/letters",
    "shape/cjk",
    "shape/paragraph",
    "shape/headline",
    "shape/short",
    "position/relative",
    "position/in-body",
    "position/before-body",
    "position/after-body",
    "position/distance",
    "position/first-or-last",
    "vocab/overlap",
    "vocab/overlap-outside",
    "vocab/repeated",
    "rule/pattern-line",
    "rule/region-heading",
    "rule/region-member",
    "rule/tail-heading",
    "rule/tail-member",
    "rule/image-file",
    "rule/hash",
    "rule/symbols",
    "rule/url",
    "rule/timestamp",
    "rule/dateline",
    "rule/counter",
    "rule/meta-stub",
    "rule/repeated-line",
    "rule/doubled-headline",
    "rule/off-topic-edge",
    "rule/unrelated-headline",
    "cross/paragraph-in-body",
    "cross/headline-outside",
    "context/prev3",
    "context/prev2",
    "context/prev1",
    "context/next1",
    "context/next2",
    "context/next3",
    "context/near",
    "context/around",
    "context/page-mean",
    "context/page-share",
    "context/tokens-before",
    "context/tokens-after",
    "context/distance",
    "context/self",
    "context/below-best",
];

/// The feature groups, as named before the `/`.
pub const GROUPS: [&str; 6] =
    ["shape", "position", "vocab", "rule", "cross", "context"];

/// The group of feature `j`.
pub fn group(j: usize) -> &'static str {
    NAMES[j].split('/').next().unwrap_or("")
}

/// Where the first rule feature is: rule features follow in the order of
/// [`Evidence::index`].
const RULE_BASE: usize = 26;

/// Where the features crossing two others are.
const CROSS_BASE: usize = 43;

/// Where the context features are: what the first pass scored of the
/// row's neighbourhood ([`Around`]), 0 in the first pass itself.
pub const CONTEXT_BASE: usize = CROSS_BASE + 2;

/// A line's feature vector.
pub type Features = [f32; COUNT];

/// What the rules said of a line: the kind of rule that removed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// A pattern rule matched the line itself.
    PatternLine,
    /// The line is a pattern heading that opens a region.
    RegionHeading,
    /// The line is in a region a heading opened.
    RegionMember,
    /// The line is a pattern heading that ends the article.
    TailHeading,
    /// The line comes after a heading that ends the article.
    TailMember,
    /// A structural rule removed it.
    Structure(Structure),
}

impl Evidence {
    /// The evidence of line `i` of `page`, if a rule removed it; `scope`
    /// gives each pattern rule's scope.
    pub fn of(
        page: &Page<'_, '_>,
        i: usize,
        scope: &impl Fn(RuleRef) -> Option<Scope>,
    ) -> Option<Evidence> {
        let removal = page.removals[i]?;
        if let RuleRef::Structure(s) = removal.rule {
            return Some(Evidence::Structure(s));
        }
        Some(match scope(removal.rule) {
            Some(Scope::Region) if page.opens[i].is_some() => {
                Evidence::RegionHeading
            }
            Some(Scope::Region) => Evidence::RegionMember,
            Some(Scope::Tail) if page.tails.iter().any(|&(t, _)| t == i) => {
                Evidence::TailHeading
            }
            Some(Scope::Tail) => Evidence::TailMember,
            _ => Evidence::PatternLine,
        })
    }

    /// Its offset among the rule features.
    fn index(self) -> usize {
        match self {
            Evidence::PatternLine => 0,
            Evidence::RegionHeading => 1,
            Evidence::RegionMember => 2,
            Evidence::TailHeading => 3,
            Evidence::TailMember => 4,
            Evidence::Structure(s) => 5 + s as usize,
        }
    }

    /// Whether the rule decides by the whole page (the lines of a region
    /// or after a tail heading, the body's edges, repetition) rather than
    /// by the line alone (a pattern, an image file name, a hash, symbols,
    /// an address, a date and time alone): evidence that the model may
    /// overrule.
    pub fn is_page_wide(self) -> bool {
        !matches!(
            self,
            Evidence::PatternLine
                | Evidence::RegionHeading
                | Evidence::TailHeading
                | Evidence::Structure(
                    Structure::ImageFile
                        | Structure::Hash
                        | Structure::Symbols
                        | Structure::Url
                        | Structure::Timestamp
                        | Structure::RepeatedLine
                )
        )
    }
}

/// A map of asked terms larger than this is not kept for the next
/// document.
const KEPT_VOCABULARY: usize = 1 << 16;

thread_local! {
    /// The article's vocabulary, refilled for each document (see
    /// [`crate::zone`]'s, which it mirrors).
    static VOCABULARY: RefCell<Asked> = RefCell::default();
}

/// The page-wide measures the features are read from.
pub struct Context {
    /// The non-blank lines, in order.
    pub rows: Vec<usize>,
    /// Each row's evidence.
    pub evidence: Vec<Option<Evidence>>,
    /// The rows of the rules' body span, `a..=b`.
    body: Option<(usize, usize)>,
    /// Each row's overlap with the body's vocabulary.
    overlap: Vec<f32>,
    /// Whether each row's text is printed elsewhere on the page.
    repeated: Vec<bool>,
}

impl Context {
    /// Measures `page`, which the rule stages have judged.
    pub fn new(
        page: &Page<'_, '_>,
        scope: &impl Fn(RuleRef) -> Option<Scope>,
    ) -> Context {
        let rows: Vec<usize> = (0..page.line_count())
            .filter(|&i| !page.shapes[i].blank)
            .collect();
        let evidence = rows.iter().map(|&i| Evidence::of(page, i, scope));
        let evidence: Vec<Option<Evidence>> = evidence.collect();
        let body = zone::body_span(page).map(|(a, b)| {
            (
                rows.partition_point(|&i| i < a),
                rows.partition_point(|&i| i <= b) - 1,
            )
        });
        let overlap = overlaps(page, &rows, body);
        let repeated = repeats(page, &rows);
        Context { rows, evidence, body, overlap, repeated }
    }

    /// Row `r`'s share of terms in the article's vocabulary.
    pub fn overlap(&self, r: usize) -> f32 {
        self.overlap[r]
    }

    /// The tokens of row `r`: its words and CJK characters.
    pub fn tokens(&self, page: &Page<'_, '_>, r: usize) -> u32 {
        let s = &page.shapes[self.rows[r]];
        s.words + s.cjk
    }

    /// Whether row `r` is inside the rules' body span.
    fn in_body(&self, r: usize) -> bool {
        self.body.is_some_and(|(a, b)| (a..=b).contains(&r))
    }

    /// The features of row `r`.
    pub fn features(&self, page: &Page<'_, '_>, r: usize) -> Features {
        let mut x = [0.0; COUNT];
        self.fill(page, r, &mut x);
        x
    }

    /// Writes the features of row `r` into `x`, every one of them: a
    /// buffer reused from row to row needs no clearing.
    pub fn fill(&self, page: &Page<'_, '_>, r: usize, x: &mut Features) {
        let s = &page.shapes[self.rows[r]];
        let tokens = (s.words + s.cjk).max(1) as f32;
        let chars = s.chars.max(1) as f32;
        let shape = [
            1.0,
            length(s.chars),
            s.units.min(100) as f32 / 100.0,
            s.stop_ratio(),
            flag(s.sentence_end),
            flag(s.full_stop),
            flag(s.truncated),
            flag(s.bullet),
            flag(s.dot),
            s.marks.min(10) as f32 / 10.0,
            flag(s.commas > 0),
            s.digits as f32 / chars,
            s.letters as f32 / chars,
            s.cjk as f32 / tokens,
            flag(s.is_body()),
            flag(s.is_headline()),
            flag(s.units <= 3),
        ];
        x[..shape.len()].copy_from_slice(&shape);
        let n = self.rows.len();
        let inside = self.in_body(r);
        let (before, after, distance) = match self.body {
            Some((a, _)) if r < a => (true, false, a - r),
            Some((_, b)) if r > b => (false, true, r - b),
            _ => (false, false, 0),
        };
        let outside = flag(!inside);
        x[17] = r as f32 / n as f32;
        x[18] = flag(inside);
        x[19] = flag(before);
        x[20] = flag(after);
        // ln 1 is 0: no logarithm for the rows inside the body.
        x[21] = match distance {
            0 => 0.0,
            d => ((1 + d) as f32).ln() / 3.0,
        };
        x[22] = flag(r == 0 || r + 1 == n);
        x[23] = self.overlap[r];
        x[24] = self.overlap[r] * outside;
        x[25] = flag(self.repeated[r]);
        x[RULE_BASE..CROSS_BASE].fill(0.0);
        if let Some(e) = self.evidence[r] {
            x[RULE_BASE + e.index()] = 1.0;
        }
        x[CROSS_BASE] = flag(s.is_body()) * flag(inside);
        x[CROSS_BASE + 1] = flag(s.is_headline()) * outside;
        x[CONTEXT_BASE..].fill(0.0);
    }
}

/// A first-pass logit is read clamped to this, as a context feature.
const LOGIT_BOUND: f32 = 8.0;

/// The logit of a row beyond the page's edges, as its neighbours read it:
/// likely boilerplate.
const EDGE_LOGIT: f32 = -3.0;

/// The rows either side that the near and around shares count.
const NEAR: usize = 3;
const AROUND: usize = 8;

/// A first-pass logit above this is a confident article row.
const CONFIDENT_LOGIT: f32 = 2.0;

/// The distance to the nearest confident row is counted up to this.
const FAR: usize = 20;

/// What the first pass scored of each row's neighbourhood on a page: the
/// second pass's context features (Web2Text's and stacked models'
/// lesson: a line is judged better beside its neighbours' judgements
/// than beside their features alone).
///
/// The key invariant: every value is a function of the first-pass
/// logits and the rows' tokens alone, so training (which sees logits of
/// pages the first pass was not fitted to) and cleaning compute it alike.
pub struct Around {
    /// Each row's first-pass logit, clamped to [`LOGIT_BOUND`].
    logits: Vec<f32>,
    /// How many rows before each scored as article (`len + 1` entries).
    article_rows: Vec<u32>,
    /// The article-scored tokens up to and including each row.
    article_tokens: Vec<f32>,
    /// Rows to the nearest confident article row, up to [`FAR`].
    distance: Vec<u8>,
    /// The mean logit, the share of rows scored as article, the best
    /// logit.
    mean: f32,
    share: f32,
    best: f32,
}

impl Around {
    /// The context of a page's rows given their first-pass `logits` and
    /// each row's `tokens` (see [`Context::tokens`]).
    pub fn new(logits: &[f32], tokens: impl Fn(usize) -> u32) -> Around {
        let logits: Vec<f32> = logits
            .iter()
            .map(|z| z.clamp(-LOGIT_BOUND, LOGIT_BOUND))
            .collect();
        let n = logits.len();
        let mut article_rows = Vec::with_capacity(n + 1);
        let mut article_tokens = Vec::with_capacity(n);
        let (mut rows, mut sum) = (0u32, 0f32);
        article_rows.push(0);
        for (r, &z) in logits.iter().enumerate() {
            if z > 0.0 {
                rows += 1;
                sum += tokens(r) as f32;
            }
            article_rows.push(rows);
            article_tokens.push(sum);
        }
        Around {
            mean: logits.iter().sum::<f32>() / n.max(1) as f32,
            share: rows as f32 / n.max(1) as f32,
            best: logits.iter().copied().fold(-LOGIT_BOUND, f32::max),
            distance: distances(&logits),
            logits,
            article_rows,
            article_tokens,
        }
    }

    /// Writes row `r`'s context features into `x`.
    pub fn fill(&self, r: usize, x: &mut Features) {
        let n = self.logits.len();
        let scale = 1.0 / 4.0;
        let logit = |q: Option<usize>| {
            q.filter(|&q| q < n).map_or(EDGE_LOGIT, |q| self.logits[q])
        };
        let at = CONTEXT_BASE;
        for (k, d) in [-3isize, -2, -1, 1, 2, 3].into_iter().enumerate() {
            x[at + k] = logit(r.checked_add_signed(d)) * scale;
        }
        let share = |reach: usize| {
            let (a, b) = (r.saturating_sub(reach), (r + reach + 1).min(n));
            (self.article_rows[b] - self.article_rows[a]) as f32
                / (b - a) as f32
        };
        x[at + 6] = share(NEAR);
        x[at + 7] = share(AROUND);
        x[at + 8] = self.mean * scale;
        x[at + 9] = self.share;
        let total = self.article_tokens[n - 1].max(1.0);
        let before = self.article_tokens[r];
        let own =
            before - r.checked_sub(1).map_or(0.0, |q| self.article_tokens[q]);
        x[at + 10] = before / total;
        x[at + 11] = 1.0 - (before - own) / total;
        x[at + 12] = f32::from(self.distance[r]) / FAR as f32;
        x[at + 13] = self.logits[r] * scale;
        x[at + 14] = (self.logits[r] - self.best) * scale;
    }
}

/// Each row's distance in rows to the nearest row of a logit above
/// [`CONFIDENT_LOGIT`], up to [`FAR`]: a pass each way.
fn distances(logits: &[f32]) -> Vec<u8> {
    let mut out = vec![FAR as u8; logits.len()];
    let mut near = |r: usize, last: &mut Option<usize>| {
        if logits[r] > CONFIDENT_LOGIT {
            *last = Some(r);
        }
        if let Some(q) = *last {
            out[r] = out[r].min(r.abs_diff(q).min(FAR) as u8);
        }
    };
    let mut last = None;
    (0..logits.len()).for_each(|r| near(r, &mut last));
    last = None;
    (0..logits.len()).rev().for_each(|r| near(r, &mut last));
    out
}

/// 1 for true, 0 for false.
fn flag(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// A length in characters, on a log scale of about unit range.
fn length(chars: u32) -> f32 {
    ((1 + chars) as f32).ln() / 6.0
}

/// Each row's share of terms in the vocabulary of the body span's kept
/// paragraphs; the paragraphs themselves share all of theirs.
fn overlaps(
    page: &Page<'_, '_>,
    rows: &[usize],
    body: Option<(usize, usize)>,
) -> Vec<f32> {
    let Some((a, b)) = body else {
        return vec![0.0; rows.len()];
    };
    let paragraph = |r: usize| {
        (a..=b).contains(&r) && page.is_kept_text(rows[r]) && {
            page.shapes[rows[r]].is_body()
        }
    };
    VOCABULARY.with_borrow_mut(|vocab| {
        vocab.clear();
        (0..rows.len())
            .filter(|&r| !paragraph(r))
            .for_each(|r| vocab.ask(page.terms(rows[r])));
        (a..=b).filter(|&r| paragraph(r)).for_each(|r| {
            vocab.find(page.terms(rows[r]));
        });
        let out = (0..rows.len())
            .map(|r| match paragraph(r) {
                true => 1.0,
                false => vocab.overlap(page.terms(rows[r])),
            })
            .collect();
        if vocab.capacity() > KEPT_VOCABULARY {
            *vocab = Asked::default();
        }
        out
    })
}

/// Whether each row's text (by its key) is printed on another row.
fn repeats(page: &Page<'_, '_>, rows: &[usize]) -> Vec<bool> {
    let mut keys: Vec<u64> =
        rows.iter().map(|&i| page.shapes[i].key).collect();
    keys.sort_unstable();
    rows.iter()
        .map(|&i| {
            let key = page.shapes[i].key;
            let first = keys.partition_point(|&k| k < key);
            keys.get(first + 1) == Some(&key)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row `r`'s context features for first-pass `logits` of rows of ten
    /// tokens each.
    fn context(logits: &[f32], r: usize) -> [f32; COUNT - CONTEXT_BASE] {
        let mut x = [0.0; COUNT];
        Around::new(logits, |_| 10).fill(r, &mut x);
        x[CONTEXT_BASE..].try_into().unwrap()
    }

    #[test]
    fn the_context_reads_the_first_pass_around_a_row() {
        // Boilerplate, three article rows (one confident), boilerplate.
        let logits = [-4.0, 1.0, 3.0, 1.0, -4.0];
        let c = context(&logits, 1);
        // Neighbours: two beyond the edge, the row before, the three after.
        assert_eq!(c[..6], [-0.75, -0.75, -1.0, 0.75, 0.25, -1.0]);
        // Within three rows: rows 0 to 4, three of them article.
        assert_eq!(c[6], 3.0 / 5.0);
        assert_eq!(c[9], 3.0 / 5.0);
        // Of the 30 article tokens, 10 are up to row 1, 30 from it on.
        assert_eq!((c[10], c[11]), (10.0 / 30.0, 1.0));
        // The confident row is one away; the row's own logit, and its
        // distance below the best.
        assert_eq!(c[12], 1.0 / FAR as f32);
        assert_eq!((c[13], c[14]), (0.25, -0.5));
    }

    #[test]
    fn a_page_with_no_confident_row_is_far_from_one() {
        let c = context(&[-1.0, 0.5, -1.0], 1);
        assert_eq!(c[12], 1.0);
        // Logits are read clamped.
        assert_eq!(context(&[-30.0], 0)[13], -LOGIT_BOUND / 4.0);
    }

    #[test]
    fn the_context_features_come_last() {
        assert!(NAMES[CONTEXT_BASE..]
            .iter()
            .all(|n| n.starts_with("context/")));
        assert!(NAMES[..CONTEXT_BASE]
            .iter()
            .all(|n| !n.starts_with("context/")));
    }
}
