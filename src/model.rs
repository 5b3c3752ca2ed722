//! Stage 3g: the line model, which decides. The rules before it are its
//! evidence.
//!
//! Each non-blank line gets [`features`]: its shape, its place on the
//! page, its overlap with the article's words, the rule that removed it
//! if one did. A logistic model and
//! boosted trees (the first pass) turn them into a score of article text;
//! the second pass's trees correct each score with what the first pass
//! scored of the line's neighbourhood ([`features::Around`]); a two-state
//! hidden Markov model over the line sequence (article, boilerplate)
//! smooths those probabilities into one decision for the whole page,
//! found with Viterbi's algorithm, so an article may have gaps (a table,
//! code, a list) and boilerplate may sit inside it.
//!
//! Two guardrails hold whatever the weights:
//! - a line a rule matched by itself (a pattern, an image file name, a
//!   URL) is boilerplate: the model never keeps it;
//! - a line the model scores confidently as article is kept even when
//!   a page-wide rule (a region, a tail heading, the body's edges)
//!   removed it, so no heading can swallow the body;
//! - a page the model would empty is left as the rules judged it: a short
//!   article under long menus is still an article.
//!
//! The weights are data: `patterns/model.toml` is built in, `deboiler
//! train` writes another from pages with gold bodies (see [`train`]).

pub mod features;
pub mod train;
pub mod trees;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::error::Error;
use crate::page::{Page, Removal};
use crate::patterns::Category;
use crate::structure::Structure;

use self::features::{Around, Context, Evidence, Features, COUNT, NAMES};
use self::trees::{Tree, BATCH, DEPTH, LEAVES};

/// A page of at most this many rows keeps its rows' features from the
/// first pass for the second (about 1 MB); a longer one fills them again.
const KEPT_ROWS: usize = 1 << 12;

/// The built-in model's file.
const BUILTIN: &str = include_str!("../patterns/model.toml");

/// The version of the model file's format.
const FORMAT: u32 = 2;

/// A title is looked for this many non-blank lines above the article's
/// first paragraph.
const TITLE_REACH: usize = 4;

/// A title shares at least this much of its words with the article.
const TITLE_OVERLAP: f32 = 0.3;

/// What becomes of the article's title.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TitlePolicy {
    /// Kept, as a reader of the page sees it.
    #[default]
    Keep,
    /// Removed (category `title`), as most extraction benchmarks' gold.
    Drop,
}

/// One pass of scoring: a logistic model and the boosted trees whose
/// values add to its logit.
#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    /// The logistic weights, one a feature, in [`NAMES`] order.
    pub weights: [f32; COUNT],
    /// Boosted trees whose values add to the logistic logit.
    pub trees: Vec<Tree>,
}

/// A fitted line model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The first pass: each line scored from its own features (the
    /// context features are 0).
    pub first: Pass,
    /// The second pass: boosted trees whose values add to the first
    /// pass's logit, over the features and what the first pass scored of
    /// the line's neighbourhood ([`features::Around`]). Their sum is the
    /// score that decides.
    pub context: Vec<Tree>,
    /// The score at which a line alone is as likely article as not: the
    /// decision threshold, before smoothing.
    pub threshold: f64,
    /// The probability of each next state given each state
    /// (`[boilerplate, article]` each way).
    pub transitions: [[f64; 2]; 2],
    /// How much the transitions weigh against the lines' own scores.
    pub smoothing: f64,
    /// A line scoring more than this is kept against page-wide rules (1:
    /// never).
    pub confident: f64,
}

/// The model's view of one line, for the audit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Judgement {
    /// The probability that the line is article text.
    pub score: f32,
    /// The features whose first-pass logistic weights weighed most
    /// against keeping it, with their weight times value (most negative
    /// first).
    pub against: [(u8, f32); 3],
}

impl Judgement {
    /// The names and weights of the features that weighed most against
    /// keeping the line (those that weighed against it at all).
    pub fn reasons(&self) -> impl Iterator<Item = (&'static str, f32)> + '_ {
        self.against
            .iter()
            .filter(|(_, c)| *c < 0.0)
            .map(|&(j, c)| (NAMES[j as usize], c))
    }
}

/// Deserialised model file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelDe {
    format: toml::Spanned<u32>,
    threshold: toml::Spanned<f64>,
    smoothing: f64,
    confident: toml::Spanned<f64>,
    transitions: TransitionsDe,
    first: PassDe,
    #[serde(default)]
    context: Vec<toml::Spanned<TreeDe>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PassDe {
    weights: BTreeMap<String, toml::Spanned<f64>>,
    #[serde(default)]
    tree: Vec<toml::Spanned<TreeDe>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TreeDe {
    feature: [String; DEPTH],
    threshold: [f32; DEPTH],
    leaf: [f64; LEAVES],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionsDe {
    boilerplate: [f64; 2],
    article: [f64; 2],
}

impl Pass {
    /// Reads a pass of a model file; errors name the line (`at`), the
    /// pass's weights `heading` for a missing weight.
    fn parse(
        de: &PassDe,
        at: &impl Fn(usize) -> String,
        heading: usize,
    ) -> Result<Pass, Error> {
        let mut weights = [f32::NAN; COUNT];
        for (name, value) in &de.weights {
            weights[feature(name, at(value.span().start))?] =
                *value.get_ref() as f32;
        }
        if let Some(j) = weights.iter().position(|w| w.is_nan()) {
            let msg = format!("no weight for feature {:?}", NAMES[j]);
            return Err(Error::model(at(heading), msg));
        }
        Ok(Pass { weights, trees: parse_trees(&de.tree, at)? })
    }

    /// Writes the pass as the model file's tables `name.weights` and
    /// `name.tree`.
    fn write(&self, name: &str, out: &mut String) {
        let _ = writeln!(out, "\n[{name}.weights]");
        for (feature, w) in NAMES.iter().zip(self.weights) {
            let _ = writeln!(out, "\"{feature}\" = {w:?}");
        }
        write_trees(&self.trees, &format!("{name}.tree"), out);
    }

    /// The logit of article text for features `x`.
    pub fn logit(&self, x: &Features) -> f32 {
        self.linear(x) + trees::sum(&self.trees, x)
    }

    /// [`Pass::logit`] of each of a batch of rows, equal to it row by row.
    fn logits(&self, x: &[Features; BATCH]) -> [f32; BATCH] {
        let sums = trees::sums(&self.trees, x);
        std::array::from_fn(|i| self.linear(&x[i]) + sums[i])
    }

    /// The logistic part of the logit, summed in independent lanes.
    fn linear(&self, x: &Features) -> f32 {
        let mut lanes = [0f32; 8];
        let (w, x8) = (self.weights.chunks_exact(8), x.chunks_exact(8));
        let rest: f32 =
            w.remainder().iter().zip(x8.remainder()).map(|(w, v)| w * v).sum();
        for (w, v) in w.zip(x8) {
            for k in 0..8 {
                lanes[k] += w[k] * v[k];
            }
        }
        lanes.iter().sum::<f32>() + rest
    }

    /// The three features whose logistic weights weigh most against
    /// article text for features `x`, most first.
    fn against(&self, x: &Features) -> [(u8, f32); 3] {
        let mut against = [(0u8, 0f32); 3];
        for (j, (&w, &v)) in self.weights.iter().zip(x).enumerate() {
            let c = w * v;
            if c < against[2].1 {
                against[2] = (j as u8, c);
                against.sort_by(|p, q| p.1.total_cmp(&q.1));
            }
        }
        against
    }
}

impl Model {
    /// The built-in model.
    pub fn builtin() -> Model {
        Model::parse("patterns/model.toml", BUILTIN)
            .expect("the built-in model parses")
    }

    /// Reads a model file's `text`; errors name `origin` and the line.
    pub fn parse(origin: &str, text: &str) -> Result<Model, Error> {
        let at = |offset: usize| format!("{origin}:{}", line_of(text, offset));
        let de: ModelDe = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Error::model(at(offset), e.message().trim())
        })?;
        if *de.format.get_ref() != FORMAT {
            let msg = format!(
                "format {} (this deboiler reads {FORMAT})",
                de.format.get_ref()
            );
            return Err(Error::model(at(de.format.span().start), msg));
        }
        for p in [&de.threshold, &de.confident] {
            if !(0.0..=1.0).contains(p.get_ref()) {
                let msg = "threshold and confident must be 0 to 1";
                return Err(Error::model(at(p.span().start), msg));
            }
        }
        let heading =
            |name: &str| text.find(&format!("[{name}.weights]")).unwrap_or(0);
        let first = Pass::parse(&de.first, &at, heading("first"))?;
        let context = parse_trees(&de.context, &at)?;
        let t = [de.transitions.boilerplate, de.transitions.article];
        if t.iter().flatten().any(|p| !(0.0..=1.0).contains(p)) {
            let heading = text.find("[transitions]").unwrap_or(0);
            let msg = "transitions are probabilities, 0 to 1";
            return Err(Error::model(at(heading), msg));
        }
        Ok(Model {
            first,
            context,
            threshold: *de.threshold.get_ref(),
            transitions: t,
            smoothing: de.smoothing,
            confident: *de.confident.get_ref(),
        })
    }

    /// The model file's text; [`Model::parse`] reads it back exactly.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# deboiler's line model, written by `deboiler train`: two\n\
             # passes over the line features (logistic weights and boosted\n\
             # trees, then trees that read the first pass's scores of the\n\
             # line's neighbourhood too), and the two-state model that\n\
             # smooths the line scores (see src/model.rs).\n",
        );
        let _ = writeln!(out, "format = {FORMAT}");
        let _ = writeln!(out, "threshold = {:?}", self.threshold);
        let _ = writeln!(out, "smoothing = {:?}", self.smoothing);
        let _ = writeln!(out, "confident = {:?}", self.confident);
        out.push_str("\n[transitions]\n");
        let [b, a] = self.transitions;
        let _ = writeln!(out, "boilerplate = [{:?}, {:?}]", b[0], b[1]);
        let _ = writeln!(out, "article = [{:?}, {:?}]", a[0], a[1]);
        self.first.write("first", &mut out);
        write_trees(&self.context, "context", &mut out);
        out
    }

    /// Decides every line of `page` (judged by the rules, measured as
    /// `ctx`): writes the final removals into `page.removals` and returns
    /// the judgement of each removed line, by line index, in order, with
    /// the features against it if `reasons` asks for them.
    pub fn decide(
        &self,
        page: &mut Page<'_, '_>,
        ctx: &Context,
        title: TitlePolicy,
        reasons: bool,
    ) -> Vec<(usize, Judgement)> {
        let n = ctx.rows.len();
        let keep = n <= KEPT_ROWS;
        let mut kept = Vec::with_capacity(if keep { n } else { 0 });
        let first = in_batches(
            n,
            |r, x| {
                ctx.fill(page, r, x);
                if keep {
                    kept.push(*x);
                }
            },
            |x| self.first.logits(x),
        );
        let around = Around::new(&first, |r| ctx.tokens(page, r));
        // The second pass's trees, then each row's first-pass logit added.
        let mut logits = in_batches(
            n,
            |r, x| {
                match kept.get(r) {
                    Some(row) => *x = *row,
                    None => ctx.fill(page, r, x),
                }
                around.fill(r, x);
            },
            |x| trees::sums(&self.context, x),
        );
        logits.iter_mut().zip(&first).for_each(|(z, f)| *z += f);
        let confident = log_odds(self.confident);
        let forced: Vec<Option<bool>> = (0..n)
            .map(|r| forced(ctx.evidence[r], logits[r], confident))
            .collect();
        let article = self.viterbi(&logits, &forced);
        if article.contains(&true) {
            let title_row = find_title(page, ctx, &article);
            self.write(page, ctx, &article, title_row, title);
        }
        (0..n)
            .filter(|&r| page.removals[ctx.rows[r]].is_some())
            .map(|r| {
                let against = match reasons {
                    true => self.first.against(&ctx.features(page, r)),
                    false => [(0, 0.0); 3],
                };
                let score = sigmoid(f64::from(logits[r])) as f32;
                (ctx.rows[r], Judgement { score, against })
            })
            .collect()
    }

    /// The most likely state of each row (true: article) given their
    /// logits, the transitions and the forced states. (Passing over the
    /// rows forced to boilerplate instead, so that a separator never
    /// ends the article, measured worse: 0.005 F1 on scrapinghub-aeb.)
    ///
    /// A row's emission weighs its states by their log-likelihood ratio
    /// to the prior, `ln(p / t) : ln((1 - p) / (1 - t))` for probability
    /// `p` and threshold `t`; adding the same to both states' weights of
    /// a row changes no path's rank, so the boilerplate state weighs 0 and
    /// the article state the difference, `logit(p) - logit(t)`: no
    /// logarithm a row. The logit is clamped as `p` to `1e-6..1 - 1e-6`.
    fn viterbi(&self, logits: &[f32], forced: &[Option<bool>]) -> Vec<bool> {
        let n = logits.len();
        if n == 0 {
            return Vec::new();
        }
        let (bound, prior) = (log_odds(1.0 - 1e-6), log_odds(self.threshold));
        let trans = self
            .transitions
            .map(|row| row.map(|p| self.smoothing * p.max(1e-9).ln()));
        let emit = |r: usize| -> [f64; 2] {
            let z = f64::from(logits[r]).clamp(-bound, bound);
            let mut e = [0.0, z - prior];
            if let Some(state) = forced[r] {
                e[usize::from(!state)] = f64::NEG_INFINITY;
            }
            e
        };
        let mut back = vec![[0u8; 2]; n];
        let mut delta = emit(0);
        for (r, back) in back.iter_mut().enumerate().skip(1) {
            let e = emit(r);
            let mut next = [0.0; 2];
            for s in 0..2 {
                let from = |q: usize| delta[q] + trans[q][s];
                let q = usize::from(from(1) > from(0));
                back[s] = q as u8;
                next[s] = from(q) + e[s];
            }
            delta = next;
        }
        let mut state = usize::from(delta[1] > delta[0]);
        let mut out = vec![false; n];
        for r in (0..n).rev() {
            out[r] = state == 1;
            state = usize::from(back[r][state]);
        }
        out
    }

    /// Writes the decisions `article` (by row) into `page.removals`: a
    /// removed row keeps the rule that removed it, as the audit names it,
    /// else gets the model's own removal.
    fn write(
        &self,
        page: &mut Page<'_, '_>,
        ctx: &Context,
        article: &[bool],
        title_row: Option<usize>,
        title: TitlePolicy,
    ) {
        let first = article.iter().position(|&a| a);
        let last = article.iter().rposition(|&a| a);
        for (r, &i) in ctx.rows.iter().enumerate() {
            let keep = match (Some(r) == title_row, title) {
                (true, TitlePolicy::Keep) => true,
                (true, TitlePolicy::Drop) => {
                    page.removals[i] =
                        Some(Removal::structure(Structure::Title));
                    continue;
                }
                _ => article[r],
            };
            if keep {
                page.removals[i] = None;
            } else if page.removals[i].is_none() {
                let mut removal = Removal::structure(Structure::LineModel);
                removal.category = match (first, last) {
                    (Some(f), _) if r < f => Category::Navigation,
                    (_, Some(l)) if r > l => Category::Footer,
                    _ => Category::Sidebar,
                };
                page.removals[i] = Some(removal);
            }
        }
    }
}

/// Reads the trees of a model file; errors name the line (`at`).
fn parse_trees(
    de: &[toml::Spanned<TreeDe>],
    at: &impl Fn(usize) -> String,
) -> Result<Vec<Tree>, Error> {
    de.iter()
        .map(|spanned| {
            let t = spanned.get_ref();
            let mut index = [0u8; DEPTH];
            for (f, name) in index.iter_mut().zip(&t.feature) {
                *f = feature(name, at(spanned.span().start))? as u8;
            }
            let leaf = t.leaf.map(|v| v as f32);
            Ok(Tree { feature: index, threshold: t.threshold, leaf })
        })
        .collect()
}

/// The index of the feature `name`, which a model file names at `at`.
fn feature(name: &str, at: String) -> Result<usize, Error> {
    NAMES
        .iter()
        .position(|&n| n == name)
        .ok_or_else(|| Error::model(at, format!("unknown feature {name:?}")))
}

/// Writes `trees` as the model file's array of tables `table`.
fn write_trees(trees: &[Tree], table: &str, out: &mut String) {
    for t in trees {
        let _ = writeln!(out, "\n[[{table}]]");
        let names = t.feature.map(|j| format!("\"{}\"", NAMES[j as usize]));
        let _ = writeln!(out, "feature = [{}]", names.join(", "));
        let _ = writeln!(out, "threshold = {:?}", t.threshold);
        let _ = writeln!(out, "leaf = {:?}", t.leaf);
    }
}

/// The article's title, by row, given each row's state (true: article):
/// the nearest line shaped like a title (see
/// [`crate::shape::Shape::may_be_title`])
/// above the article's first paragraph, within four rows, that shares
/// the article's words and that no rule matched by itself.
pub fn find_title(
    page: &Page<'_, '_>,
    ctx: &Context,
    article: &[bool],
) -> Option<usize> {
    let shape = |r: usize| &page.shapes[ctx.rows[r]];
    let first =
        (0..ctx.rows.len()).find(|&r| article[r] && shape(r).is_body())?;
    (first.saturating_sub(TITLE_REACH)..first).rev().find(|&r| {
        shape(r).may_be_title()
            && ctx.overlap(r) >= TITLE_OVERLAP
            && ctx.evidence[r].is_none_or(Evidence::is_page_wide)
    })
}

/// `score` of each of `n` rows, their features written by `fill`, in
/// batches of [`BATCH`] (the last batch's unused rows hold stale
/// features, and their scores are dropped).
fn in_batches(
    n: usize,
    mut fill: impl FnMut(usize, &mut Features),
    score: impl Fn(&[Features; BATCH]) -> [f32; BATCH],
) -> Vec<f32> {
    let mut x = [[0.0; COUNT]; BATCH];
    let mut out = vec![0.0; n];
    for (b, chunk) in out.chunks_mut(BATCH).enumerate() {
        for (i, row) in x.iter_mut().enumerate().take(chunk.len()) {
            fill(b * BATCH + i, row);
        }
        chunk.copy_from_slice(&score(&x)[..chunk.len()]);
    }
    out
}

/// The guardrails: what row evidence `e` and logit `z` force, if anything
/// (true: article), where a logit above `confident` is confident.
fn forced(e: Option<Evidence>, z: f32, confident: f64) -> Option<bool> {
    match e {
        Some(e) if !e.is_page_wide() => Some(false),
        _ if f64::from(z) > confident => Some(true),
        _ => None,
    }
}

/// The logistic function.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The logit of probability `p`: infinite at 0 and 1.
fn log_odds(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    1 + text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_guardrails_force_what_they_say() {
        let z = |p| log_odds(p) as f32;
        let forced = |e, p| forced(e, z(p), log_odds(0.9));
        let tail = Some(Evidence::TailMember);
        assert_eq!(forced(Some(Evidence::PatternLine), 0.99), Some(false));
        assert_eq!(forced(Some(Evidence::RegionHeading), 0.99), Some(false));
        assert_eq!(forced(tail, 0.95), Some(true));
        assert_eq!(forced(tail, 0.5), None);
        assert_eq!(forced(None, 0.5), None);
        // A date and time alone, and the other copy of a line printed
        // twice, are decided by the line: no confidence keeps them.
        for s in [Structure::Timestamp, Structure::RepeatedLine] {
            assert_eq!(
                forced(Some(Evidence::Structure(s)), 0.99),
                Some(false)
            );
        }
        let edge = Some(Evidence::Structure(Structure::OffTopicEdge));
        assert_eq!(forced(edge, 0.95), Some(true));
    }

    #[test]
    fn smoothing_bridges_a_gap_in_the_article_and_forced_states_hold() {
        let mut m = Model::builtin();
        m.threshold = 0.5;
        m.transitions = [[0.9, 0.1], [0.1, 0.9]];
        let scores = [0.9, 0.9, 0.4, 0.9, 0.9].map(|p| log_odds(p) as f32);
        m.smoothing = 0.0;
        let free = vec![None; 5];
        assert_eq!(m.viterbi(&scores, &free), [true, true, false, true, true]);
        m.smoothing = 1.0;
        assert_eq!(m.viterbi(&scores, &free), [true; 5]);
        let mut forced = free.clone();
        forced[2] = Some(false);
        assert!(!m.viterbi(&scores, &forced)[2]);
    }

    #[test]
    fn the_first_pass_reads_no_context_and_the_second_does() {
        let m = Model::builtin();
        let context = |j: &u8| usize::from(*j) >= features::CONTEXT_BASE;
        assert!(m.first.weights[features::CONTEXT_BASE..]
            .iter()
            .all(|&w| w == 0.0));
        assert!(!m.first.trees.iter().any(|t| t.feature.iter().any(context)));
        assert!(m.context.iter().any(|t| t.feature.iter().any(context)));
    }

    #[test]
    fn the_model_file_round_trips() {
        let m = Model::builtin();
        assert_eq!(Model::parse("m.toml", &m.to_toml()).unwrap(), m);
    }

    #[test]
    fn a_batch_scores_each_row_as_it_alone_scores() {
        let m = Model::builtin();
        // Each feature takes, by a fixed pseudo-random sequence, 0, 1 or
        // a value just either side of a threshold the trees ask, so that
        // rows fall to many leaves.
        let cuts: Vec<f32> = (m.first.trees.iter().chain(&m.context))
            .flat_map(|t| t.threshold)
            .filter(|t| t.is_finite())
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        let mut x = [[0.0; COUNT]; BATCH];
        for row in &mut x {
            for v in row.iter_mut() {
                let t = cuts[next() % cuts.len()];
                *v = [0.0, 1.0, t - 1e-3, t + 1e-3][next() % 4];
            }
        }
        let (first, context) =
            (m.first.logits(&x), trees::sums(&m.context, &x));
        for (i, row) in x.iter().enumerate() {
            assert_eq!(first[i].to_bits(), m.first.logit(row).to_bits());
            let alone = trees::sum(&m.context, row);
            assert_eq!(context[i].to_bits(), alone.to_bits());
        }
        let distinct: HashSet<u32> =
            first.iter().map(|v| v.to_bits()).collect();
        assert!(distinct.len() > BATCH / 2, "{first:?}");
    }
}
