//! The line model's features: what the rule stages measured of each
//! non-blank line, its place on the page, and its neighbours'.
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
pub const NAMES: [&str; 65] = [
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
    "prev2/paragraph",
    "prev2/headline",
    "prev2/removed",
    "prev2/length",
    "prev2/in-body",
    "prev1/paragraph",
    "prev1/headline",
    "prev1/removed",
    "prev1/length",
    "prev1/in-body",
    "next1/paragraph",
    "next1/headline",
    "next1/removed",
    "next1/length",
    "next1/in-body",
    "next2/paragraph",
    "next2/headline",
    "next2/removed",
    "next2/length",
    "next2/in-body",
    "cross/paragraph-in-body",
    "cross/headline-outside",
];

/// The feature groups, as named before the `/` (`prev2` to `next2` are
/// one group, `neighbours`).
pub const GROUPS: [&str; 6] =
    ["shape", "position", "vocab", "rule", "neighbours", "cross"];

/// The group of feature `j`.
pub fn group(j: usize) -> &'static str {
    let head = NAMES[j].split('/').next().unwrap_or("");
    match head {
        "prev2" | "prev1" | "next1" | "next2" => "neighbours",
        other => other,
    }
}

/// Where the first rule feature is: rule features follow in the order of
/// [`Evidence::index`].
const RULE_BASE: usize = 26;

/// Where the neighbours' features are, [`SUMMARY`] values each.
const NEIGHBOUR_BASE: usize = 43;

/// Values a neighbour gives.
const SUMMARY: usize = 5;

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
    /// Each row's summary, as its neighbours see it.
    summaries: Vec<[f32; SUMMARY]>,
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
        let mut ctx = Context {
            rows,
            evidence,
            body,
            overlap,
            repeated,
            summaries: Vec::new(),
        };
        ctx.summaries =
            (0..ctx.rows.len()).map(|r| ctx.summary(page, r)).collect();
        ctx
    }

    /// Row `r`'s share of terms in the article's vocabulary.
    pub fn overlap(&self, r: usize) -> f32 {
        self.overlap[r]
    }

    /// Whether row `r` is inside the rules' body span.
    fn in_body(&self, r: usize) -> bool {
        self.body.is_some_and(|(a, b)| (a..=b).contains(&r))
    }

    /// What row `r` tells its neighbours.
    fn summary(&self, page: &Page<'_, '_>, r: usize) -> [f32; SUMMARY] {
        let s = &page.shapes[self.rows[r]];
        [
            flag(s.is_body()),
            flag(s.is_headline()),
            flag(self.evidence[r].is_some()),
            length(s.chars),
            flag(self.in_body(r)),
        ]
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
            // The length, as the row's summary holds it.
            self.summaries[r][3],
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
        x[RULE_BASE..NEIGHBOUR_BASE].fill(0.0);
        if let Some(e) = self.evidence[r] {
            x[RULE_BASE + e.index()] = 1.0;
        }
        for (k, d) in [-2isize, -1, 1, 2].into_iter().enumerate() {
            let at = NEIGHBOUR_BASE + k * SUMMARY;
            let slot = &mut x[at..at + SUMMARY];
            match r.checked_add_signed(d).filter(|&q| q < n) {
                Some(q) => slot.copy_from_slice(&self.summaries[q]),
                None => slot.fill(0.0),
            }
        }
        x[63] = flag(s.is_body()) * flag(inside);
        x[64] = flag(s.is_headline()) * outside;
    }
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
