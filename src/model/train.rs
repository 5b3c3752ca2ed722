//! Fitting a [`Model`] to pages with gold bodies, deterministically: the
//! same pages in the same order give the same weights, bit for bit.
//!
//! 1. Labels: a line is article text when most of its token pairs occur in
//!    the gold body (a one-token line, when it is a line of the gold); the
//!    title is left out, as datasets differ on it (see [`TitlePolicy`]).
//! 2. Weights: each line weighs its share of its page's tokens, so that
//!    every page counts alike, as in a macro F1; the logistic weights are
//!    fitted by Newton's method with a small ridge penalty.
//! 3. Smoothing: the transitions are counted from the labels; how much
//!    they weigh and the guardrail's confidence are chosen from a small
//!    grid by the training pages' macro token F1.
//!
//! [`TitlePolicy`]: super::TitlePolicy

use std::collections::HashSet;

use crate::shape::is_cjk;
use crate::vocab::{pair, word_hash};

use super::features::{group, Evidence, Features, COUNT};
use super::trees::{boost, Boosting};
use super::{find_title, Model};

/// The boosting after the logistic fit.
const BOOSTING: Boosting =
    Boosting { rounds: 30, rate: 0.4, ridge: 1.0, min_weight: 5.0 };

/// The ridge penalty, against a total line weight of one per line.
const RIDGE: f64 = 1.0;

/// Newton steps at most.
const STEPS: usize = 30;

/// A line is article text when this share of its token pairs is in the
/// gold body.
const PAIR_COVERAGE: f32 = 0.5;

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
    /// How much the page weighs against others.
    weight: f64,
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

    /// Adds a page as the rules judged it (`page`, measured as `ctx`),
    /// with its gold body, weighing `weight` pages.
    pub fn add(
        &mut self,
        page: &crate::page::Page<'_, '_>,
        ctx: &super::features::Context,
        gold: &str,
        weight: f64,
    ) {
        let gold = Gold::new(gold);
        let mut x: Vec<Features> =
            (0..ctx.rows.len()).map(|r| ctx.features(page, r)).collect();
        for row in &mut x {
            for (j, v) in row.iter_mut().enumerate() {
                if self.without.iter().any(|g| g == group(j)) {
                    *v = 0.0;
                }
            }
        }
        let texts = ctx.rows.iter().map(|&i| page.texts[i].as_ref());
        let (labels, tokens): (Vec<bool>, Vec<u32>) =
            texts.map(|t| gold.label(t)).unzip();
        let mut y: Vec<Option<bool>> =
            labels.iter().copied().map(Some).collect();
        if let Some(t) = find_title(page, ctx, &labels) {
            y[t] = None;
        }
        let evidence = ctx.evidence.clone();
        self.samples.push(Sample { x, y, tokens, evidence, weight });
    }

    /// Fits the model.
    pub fn fit(&self) -> Model {
        let weights = self.logistic();
        let trees = self.boost(&weights);
        let mut model = Model {
            weights: weights.map(|w| w as f32),
            trees,
            threshold: 0.5,
            transitions: self.transitions(),
            smoothing: 0.0,
            confident: 1.0,
        };
        let judged: Vec<Vec<f32>> =
            self.samples.iter().map(|s| judge(&model, s)).collect();
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

    /// The logistic weights, by Newton's method from zero.
    fn logistic(&self) -> [f64; COUNT] {
        let weights = self.row_weights();
        let mut w = [0.0; COUNT];
        for _ in 0..STEPS {
            let mut grad = [0.0; COUNT];
            let mut hess = vec![[0.0; COUNT]; COUNT];
            for (j, g) in grad.iter_mut().enumerate() {
                *g = RIDGE * w[j];
                hess[j][j] = RIDGE;
            }
            for (s, ws) in self.samples.iter().zip(&weights) {
                for ((x, y), &c) in s.x.iter().zip(&s.y).zip(ws) {
                    let Some(y) = *y else { continue };
                    let z: f64 =
                        w.iter().zip(x).map(|(w, &v)| w * f64::from(v)).sum();
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

    /// Trees boosting the logistic model with `weights`, fitted to the
    /// labelled rows.
    fn boost(&self, weights: &[f64; COUNT]) -> Vec<super::trees::Tree> {
        let (mut x, mut y, mut c) = (Vec::new(), Vec::new(), Vec::new());
        for (s, ws) in self.samples.iter().zip(self.row_weights()) {
            for ((row, label), w) in s.x.iter().zip(&s.y).zip(ws) {
                if let Some(label) = *label {
                    x.push(*row);
                    y.push(label);
                    c.push(w);
                }
            }
        }
        let mut margin: Vec<f64> = x
            .iter()
            .map(|r| {
                weights.iter().zip(r).map(|(w, &v)| w * f64::from(v)).sum()
            })
            .collect();
        boost(&x, &y, &c, &mut margin, &BOOSTING)
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

/// Each row's logit under `model`.
fn judge(model: &Model, s: &Sample) -> Vec<f32> {
    s.x.iter().map(|x| model.logit(x)).collect()
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
