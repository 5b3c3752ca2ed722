//! Fitting a [`Model`] to pages with gold bodies, deterministically: the
//! same pages in the same order give the same weights, bit for bit.
//!
//! 1. Labels: a line is article text when most of its token pairs occur in
//!    the gold body (a one-token line, when it is a line of the gold); the
//!    title is left out, as datasets differ on it (see [`TitlePolicy`]).
//! 2. Weights: each line weighs its share of its page's tokens, so that
//!    every page counts alike, as in a macro F1; the logistic weights are
//!    fitted by Newton's method with a small ridge penalty, and boosted
//!    trees fitted to what they leave.
//! 3. Two passes: the first pass scores each line from its own features
//!    and its place on the page; the second pass sees also what the first
//!    scored of the line's neighbourhood ([`Around`]). The second pass
//!    learns from first-pass scores of pages the first pass was not fitted
//!    to (the pages are dealt into five folds by name, so that the
//!    variants of one page fall together), as cleaning will see them.
//! 4. Smoothing: the transitions are counted from the labels; how much
//!    they weigh, the threshold and the guardrail's confidence are chosen
//!    from a small grid by the macro token F1 of the training pages, each
//!    scored by a second pass fitted to the other folds.
//!
//! [`TitlePolicy`]: super::TitlePolicy

use std::collections::HashSet;

use crate::shape::is_cjk;
use crate::vocab::{pair, word_hash};

use super::features::{group, Around, Evidence, Features, COUNT};
use super::trees::{boost, sum, Boosting, Tree};
use super::{find_title, Model, Pass};

/// The boosting after the logistic fit.
const BOOSTING: Boosting =
    Boosting { rounds: 30, rate: 0.4, ridge: 1.0, min_weight: 5.0 };

/// The second pass's boosting, from the first pass's logits.
const CONTEXT_BOOSTING: Boosting =
    Boosting { rounds: 15, rate: 0.4, ridge: 1.0, min_weight: 5.0 };

/// The ridge penalty on the logistic weights, against a total line
/// weight of one per line (about 200,000 on the development pages and
/// the weighted seeds). It keeps correlated features (a line's length,
/// units and letters) from taking large weights of opposite signs that a
/// few pages more or fewer flip. Cross-validated over four dealings,
/// 3,000 measured best of 1, 300, 1,000, 3,000 and 10,000.
const RIDGE: f64 = 3000.0;

/// Newton steps at most.
const STEPS: usize = 30;

/// A line is article text when this share of its token pairs is in the
/// gold body.
const PAIR_COVERAGE: f32 = 0.5;

/// The folds in which the passes' out-of-fold scores are fitted.
const FOLDS: u64 = 5;

/// The smoothing weights tried.
const SMOOTHING: [f64; 5] = [0.0, 0.25, 0.5, 1.0, 1.5];

/// The decision thresholds tried.
const THRESHOLD: [f64; 6] = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7];

/// The guardrail confidences tried (1: no guardrail).
const CONFIDENT: [f64; 4] = [0.9, 0.95, 0.99, 1.0];

/// One training page's rows.
struct Sample {
    /// Each row's features.
    x: Vec<Features>,
    /// Each row's label (true: article); `None` for the title.
    y: Vec<Option<bool>>,
    /// Each row's tokens.
    tokens: Vec<u32>,
    /// Each row's rule evidence.
    evidence: Vec<Option<Evidence>>,
    /// Each row's tokens, as the context features count them.
    units: Vec<u32>,
    /// How much the page weighs against others.
    weight: f64,
    /// The page's fold for the passes' out-of-fold scores.
    fold: u64,
}

/// The labelled rows of some pages, flattened: what a pass is fitted to.
#[derive(Default)]
struct Rows {
    x: Vec<Features>,
    y: Vec<bool>,
    /// Each row's weight.
    c: Vec<f64>,
    /// Each row's logit before the pass: the first pass's, for the
    /// second; 0 for the first, which starts from its logistic fit.
    margin: Vec<f64>,
}

/// Pages with gold bodies, to fit a model to.
#[derive(Default)]
pub struct Corpus {
    samples: Vec<Sample>,
    /// Feature groups left out (an ablation).
    without: Vec<String>,
}

impl Corpus {
    /// An empty corpus, whose model will not use the feature `groups`.
    pub fn without(groups: &[String]) -> Corpus {
        Corpus { samples: Vec::new(), without: groups.to_vec() }
    }

    /// The number of pages added.
    pub fn pages(&self) -> usize {
        self.samples.len()
    }

    /// Adds a page named `name` as the rules judged it (`page`, measured
    /// as `ctx`), with its gold body, weighing `weight` pages. Pages of
    /// one name (the variants of a page) fall in one fold.
    pub fn add(
        &mut self,
        name: &str,
        page: &crate::page::Page<'_, '_>,
        ctx: &super::features::Context,
        gold: &str,
        weight: f64,
    ) {
        let gold = Gold::new(gold);
        let mut x: Vec<Features> =
            (0..ctx.rows.len()).map(|r| ctx.features(page, r)).collect();
        x.iter_mut().for_each(|row| self.blank(row));
        let texts = ctx.rows.iter().map(|&i| page.texts[i].as_ref());
        let (labels, tokens): (Vec<bool>, Vec<u32>) =
            texts.map(|t| gold.label(t)).unzip();
        let mut y: Vec<Option<bool>> =
            labels.iter().copied().map(Some).collect();
        if let Some(t) = find_title(page, ctx, &labels) {
            y[t] = None;
        }
        let evidence = ctx.evidence.clone();
        let units = (0..ctx.rows.len()).map(|r| ctx.tokens(page, r)).collect();
        let fold = word_hash(name) % FOLDS;
        let sample = Sample { x, y, tokens, evidence, units, weight, fold };
        self.samples.push(sample);
    }

    /// Zeroes the features of the groups left out.
    fn blank(&self, x: &mut Features) {
        for (j, v) in x.iter_mut().enumerate() {
            if self.without.iter().any(|g| g == group(j)) {
                *v = 0.0;
            }
        }
    }

    /// Fits the model.
    pub fn fit(&self) -> Model {
        let weights = self.row_weights();
        let features: Vec<&[Features]> =
            self.samples.iter().map(|s| s.x.as_slice()).collect();
        let rows = |keep: &dyn Fn(&Sample) -> bool| {
            self.rows(&weights, keep, &features, None)
        };
        let first = fit_pass(&rows(&|_| true));
        let samples = &self.samples;
        let first_logits = self.out_of_fold(|fold| {
            let pass = fit_pass(&rows(&|s| s.fold != fold));
            move |k, r| pass.logit(&samples[k].x[r])
        });
        let second_x: Vec<Vec<Features>> = self
            .samples
            .iter()
            .zip(&first_logits)
            .map(|(s, z)| {
                let around = Around::new(z, |r| s.units[r]);
                let mut x = s.x.clone();
                for (r, row) in x.iter_mut().enumerate() {
                    around.fill(r, row);
                    self.blank(row);
                }
                x
            })
            .collect();
        let features: Vec<&[Features]> =
            second_x.iter().map(|x| x.as_slice()).collect();
        let rows = |keep: &dyn Fn(&Sample) -> bool| {
            self.rows(&weights, keep, &features, Some(&first_logits))
        };
        let context = fit_context(&rows(&|_| true));
        // The smoothing is chosen by the second pass's scores of pages it
        // was not fitted to, as cleaning will meet them.
        let judged = self.out_of_fold(|fold| {
            let trees = fit_context(&rows(&|s| s.fold != fold));
            let (first_logits, second_x) = (&first_logits, &second_x);
            move |k, r| first_logits[k][r] + sum(&trees, &second_x[k][r])
        });
        let mut model = Model {
            first,
            context,
            threshold: 0.5,
            transitions: self.transitions(),
            smoothing: 0.0,
            confident: 1.0,
        };
        let mut best = (f64::NEG_INFINITY, model.clone());
        for threshold in THRESHOLD {
            for smoothing in SMOOTHING {
                for confident in CONFIDENT {
                    model.threshold = threshold;
                    model.smoothing = smoothing;
                    model.confident = confident;
                    let f1 = self.macro_f1(&model, &judged);
                    if f1 > best.0 + 1e-9 {
                        best = (f1, model.clone());
                    }
                }
            }
        }
        best.1
    }

    /// Each row's weight: its share of its page's tokens, scaled so that
    /// the weights add up to the number of rows.
    fn row_weights(&self) -> Vec<Vec<f64>> {
        let rows: usize = self.samples.iter().map(|s| s.x.len()).sum();
        let per_page = rows as f64 / self.samples.len().max(1) as f64;
        self.samples
            .iter()
            .map(|s| {
                let total: f64 =
                    s.tokens.iter().map(|&t| f64::from(t.max(1))).sum();
                s.tokens
                    .iter()
                    .zip(&s.y)
                    .map(|(&t, y)| match y {
                        Some(_) => {
                            s.weight * per_page * f64::from(t.max(1)) / total
                        }
                        None => 0.0,
                    })
                    .collect()
            })
            .collect()
    }

    /// The labelled rows of the samples that `keep` keeps, each sample's
    /// features given by `features`, with their `weights`.
    fn rows(
        &self,
        weights: &[Vec<f64>],
        keep: &dyn Fn(&Sample) -> bool,
        features: &[&[Features]],
        margins: Option<&[Vec<f32>]>,
    ) -> Rows {
        let mut rows = Rows::default();
        for (k, (s, ws)) in self.samples.iter().zip(weights).enumerate() {
            if !keep(s) {
                continue;
            }
            for (r, (label, &w)) in s.y.iter().zip(ws).enumerate() {
                if let Some(label) = *label {
                    rows.x.push(features[k][r]);
                    rows.y.push(label);
                    rows.c.push(w);
                    rows.margin.push(margins.map_or(0.0, |m| m[k][r].into()));
                }
            }
        }
        rows
    }

    /// Each sample's rows scored out of fold: for each fold, `fit` fits
    /// a scorer to the other folds' pages, which scores the fold's rows
    /// by sample and row index.
    fn out_of_fold<S: Fn(usize, usize) -> f32>(
        &self,
        fit: impl Fn(u64) -> S,
    ) -> Vec<Vec<f32>> {
        let mut out = vec![Vec::new(); self.samples.len()];
        for fold in 0..FOLDS {
            let score = fit(fold);
            for (k, s) in self.samples.iter().enumerate() {
                if s.fold == fold {
                    out[k] = (0..s.x.len()).map(|r| score(k, r)).collect();
                }
            }
        }
        out
    }

    /// The state transitions, counted over the labelled rows of each page
    /// (one count added to each, so none is zero).
    fn transitions(&self) -> [[f64; 2]; 2] {
        let mut counts = [[1.0; 2]; 2];
        for s in &self.samples {
            let labels = s.y.iter().flatten().map(|&y| usize::from(y));
            let labels: Vec<usize> = labels.collect();
            for w in labels.windows(2) {
                counts[w[0]][w[1]] += 1.0;
            }
        }
        counts.map(|row| {
            let total = row[0] + row[1];
            row.map(|c| c / total)
        })
    }

    /// The training pages' macro token F1 under `model`, given each
    /// row's judgement.
    fn macro_f1(&self, model: &Model, judged: &[Vec<f32>]) -> f64 {
        let (mut sum, confident) = (0.0, super::log_odds(model.confident));
        for (s, j) in self.samples.iter().zip(judged) {
            let forced: Vec<Option<bool>> = (0..j.len())
                .map(|r| super::forced(s.evidence[r], j[r], confident))
                .collect();
            let kept = model.viterbi(j, &forced);
            let (mut both, mut gold, mut out) = (0.0, 0.0, 0.0);
            for ((&k, y), &t) in kept.iter().zip(&s.y).zip(&s.tokens) {
                let Some(y) = *y else { continue };
                let t = f64::from(t);
                gold += if y { t } else { 0.0 };
                out += if k { t } else { 0.0 };
                both += if y && k { t } else { 0.0 };
            }
            sum += s.weight
                * match gold + out {
                    0.0 => 1.0,
                    total => 2.0 * both / total,
                };
        }
        sum / self.samples.iter().map(|s| s.weight).sum::<f64>().max(1e-9)
    }
}

/// A pass fitted to `rows`: logistic weights, then trees boosting them.
fn fit_pass(rows: &Rows) -> Pass {
    let weights = logistic(rows);
    let mut margin: Vec<f64> = rows
        .x
        .iter()
        .map(|r| weights.iter().zip(r).map(|(w, &v)| w * f64::from(v)).sum())
        .collect();
    let trees = boost(&rows.x, &rows.y, &rows.c, &mut margin, &BOOSTING);
    Pass { weights: weights.map(|w| w as f32), trees }
}

/// The second pass fitted to `rows`: trees boosting the first pass's
/// logits (the rows' margins), over features that hold the context.
fn fit_context(rows: &Rows) -> Vec<Tree> {
    let mut margin = rows.margin.clone();
    boost(&rows.x, &rows.y, &rows.c, &mut margin, &CONTEXT_BOOSTING)
}

/// The logistic weights of `rows`, by Newton's method from zero.
fn logistic(rows: &Rows) -> [f64; COUNT] {
    let mut w = [0.0; COUNT];
    for _ in 0..STEPS {
        let mut grad = [0.0; COUNT];
        let mut hess = vec![[0.0; COUNT]; COUNT];
        for (j, g) in grad.iter_mut().enumerate() {
            *g = RIDGE * w[j];
            hess[j][j] = RIDGE;
        }
        for ((x, &y), &c) in rows.x.iter().zip(&rows.y).zip(&rows.c) {
            let z: f64 = w.iter().zip(x).map(|(w, &v)| w * f64::from(v)).sum();
            let p = super::sigmoid(z);
            let r = c * (p - f64::from(u8::from(y)));
            let h = c * p * (1.0 - p);
            for a in 0..COUNT {
                let xa = f64::from(x[a]);
                if xa == 0.0 {
                    continue;
                }
                grad[a] += r * xa;
                for b in 0..=a {
                    hess[a][b] += h * xa * f64::from(x[b]);
                }
            }
        }
        let step = solve(hess, grad);
        let size: f64 = step.iter().map(|d| d * d).sum();
        for (w, d) in w.iter_mut().zip(step) {
            *w -= d;
        }
        if size < 1e-16 {
            break;
        }
    }
    w
}

/// Solves `a · d = b` for `d`, `a` symmetric positive definite with its
/// lower triangle filled (Cholesky's method).
fn solve(mut a: Vec<[f64; COUNT]>, b: [f64; COUNT]) -> [f64; COUNT] {
    for i in 0..COUNT {
        for j in 0..=i {
            let s = a[i][j] - (0..j).map(|k| a[i][k] * a[j][k]).sum::<f64>();
            a[i][j] = if i == j { s.max(1e-12).sqrt() } else { s / a[j][j] };
        }
    }
    let mut y = [0.0; COUNT];
    for i in 0..COUNT {
        let s: f64 = (0..i).map(|k| a[i][k] * y[k]).sum();
        y[i] = (b[i] - s) / a[i][i];
    }
    let mut d = [0.0; COUNT];
    for i in (0..COUNT).rev() {
        let s: f64 = (i + 1..COUNT).map(|k| a[k][i] * d[k]).sum();
        d[i] = (y[i] - s) / a[i][i];
    }
    d
}

/// A gold body, as the labels need it.
struct Gold {
    /// Its lines, trimmed.
    lines: HashSet<String>,
    /// The terms of its neighbouring tokens.
    pairs: HashSet<u64>,
}

impl Gold {
    fn new(text: &str) -> Gold {
        let lines = text.lines().map(|l| l.trim().to_string()).collect();
        let mut pairs = HashSet::new();
        for line in text.lines() {
            let t = tokens(line);
            pairs.extend(t.windows(2).map(|w| pair(w[0], w[1])));
        }
        Gold { lines, pairs }
    }

    /// Whether `line` is article text, and its tokens.
    fn label(&self, line: &str) -> (bool, u32) {
        let t = tokens(line);
        let n = t.len() as u32;
        if t.len() < 2 {
            return (self.lines.contains(line.trim()), n);
        }
        let found =
            t.windows(2).filter(|w| self.pairs.contains(&pair(w[0], w[1])));
        let share = found.count() as f32 / (t.len() - 1) as f32;
        (share >= PAIR_COVERAGE, n)
    }
}

/// The tokens of `text` as the scorer counts them: each CJK-like
/// character, and each run of other letters and digits, lower-cased.
pub fn tokens(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let letter = c.is_alphanumeric() || c == '_';
        if letter && !is_cjk(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(word_hash(&word));
            word.clear();
        }
        if is_cjk(c) {
            out.push(word_hash(c.encode_utf8(&mut [0; 4])));
        }
    }
    if !word.is_empty() {
        out.push(word_hash(&word));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_count_as_the_scorer_does() {
        assert_eq!(tokens("Rain, in 2024!").len(), 3);
        assert_eq!(tokens("中文abc").len(), 3);
        assert_eq!(tokens("Tin liên quan").len(), 3);
    }

    #[test]
    fn a_line_is_article_text_when_its_pairs_are_in_the_gold() {
        let gold = Gold::new(
            "Heavy rain fell across the north on Monday.\nRoads closed.",
        );
        assert!(gold.label("Heavy rain fell across the north").0);
        assert!(!gold.label("Share this article now").0);
        assert!(!gold.label("Related").0);
        assert!(gold.label("Roads closed.").0);
    }

    #[test]
    fn the_solver_solves() {
        let mut a = vec![[0.0; COUNT]; COUNT];
        let mut b = [0.0; COUNT];
        for i in 0..COUNT {
            a[i][i] = 2.0 + i as f64;
            b[i] = 1.0;
            if i > 0 {
                a[i][i - 1] = 0.5;
            }
        }
        let d = solve(a.clone(), b);
        for i in 0..COUNT {
            let mut s = a[i][i] * d[i];
            if i > 0 {
                s += a[i][i - 1] * d[i - 1];
            }
            if i + 1 < COUNT {
                s += a[i + 1][i] * d[i + 1];
            }
            assert!((s - b[i]).abs() < 1e-9);
        }
    }
}
