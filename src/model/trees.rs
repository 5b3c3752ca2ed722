//! Boosted regression trees over the line features: what the logistic
//! weights cannot say (a long line is article text inside the body and
//! boilerplate far from it), fitted to the logistic model's residual.
//!
//! Every tree is oblivious (as CatBoost's), of depth [`DEPTH`]: one
//! question a level, its leaves' values added to the logit. Inference is
//! [`DEPTH`] independent comparisons a tree, with no allocation.

use super::features::{Features, COUNT};

/// The depth of every tree.
pub const DEPTH: usize = 3;

/// Leaves a tree.
pub const LEAVES: usize = 1 << DEPTH;

/// One oblivious tree: every node of a level asks the same question
/// (is feature `feature[d]` above `threshold[d]`?), so a row's leaf is
/// the bits of its answers, found with no branch and no dependent load.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    /// Each level's feature.
    pub feature: [u8; DEPTH],
    /// Each level's threshold: at most answers no.
    pub threshold: [f32; DEPTH],
    /// Each leaf's value, by the answers' bits (level `d` is bit `d`).
    pub leaf: [f32; LEAVES],
}

impl Tree {
    /// The value `x` falls to.
    pub fn value(&self, x: &Features) -> f32 {
        self.leaf[self.leaf_of(x)]
    }

    /// The values a batch of rows falls to.
    fn values(&self, x: &[Features; BATCH]) -> [f32; BATCH] {
        std::array::from_fn(|i| self.value(&x[i]))
    }

    /// The leaf `x` falls to.
    fn leaf_of(&self, x: &Features) -> usize {
        let mut k = 0;
        for d in 0..DEPTH {
            // A tree's features are all below COUNT (parsing and fitting
            // see to it): the bound only tells the compiler so, and is
            // read once a batch.
            let j = usize::from(self.feature[d]).min(COUNT - 1);
            k |= usize::from(x[j] > self.threshold[d]) << d;
        }
        k
    }
}

/// The values `x` falls to in `trees`, added up in four lanes (tree `t`
/// in lane `t % 4`, the trees after the last four apart): the order
/// [`sums`] adds them in too.
pub fn sum(trees: &[Tree], x: &Features) -> f32 {
    let (mut lanes, four) = ([0f32; 4], trees.chunks_exact(4));
    let last: f32 = four.remainder().iter().map(|t| t.value(x)).sum();
    for t in four {
        for k in 0..4 {
            lanes[k] += t[k].value(x);
        }
    }
    lanes.iter().sum::<f32>() + last
}

/// Rows that [`sums`] scores together.
pub const BATCH: usize = 8;

/// [`sum`] of each of a batch of rows, equal to it row by row, as the
/// hot loop of cleaning: each tree's questions are read once for the
/// whole batch, and its feature indices need no bounds check.
pub fn sums(trees: &[Tree], x: &[Features; BATCH]) -> [f32; BATCH] {
    let (mut lanes, four) = ([[0f32; BATCH]; 4], trees.chunks_exact(4));
    let mut last = [-0f32; BATCH];
    for t in four.remainder() {
        add(&mut last, t.values(x));
    }
    for t in four {
        for k in 0..4 {
            add(&mut lanes[k], t[k].values(x));
        }
    }
    std::array::from_fn(|i| lanes.iter().map(|l| l[i]).sum::<f32>() + last[i])
}

/// Adds `v` to `acc`, element by element.
fn add(acc: &mut [f32; BATCH], v: [f32; BATCH]) {
    acc.iter_mut().zip(v).for_each(|(a, v)| *a += v);
}

/// Options of the boosting.
pub struct Boosting {
    /// Trees to fit.
    pub rounds: usize,
    /// The shrinkage of each tree's values.
    pub rate: f64,
    /// The ridge penalty on leaf values.
    pub ridge: f64,
    /// A leaf holds at least this much row weight.
    pub min_weight: f64,
}

/// Candidate thresholds of each feature: its distinct values, or if
/// there are many, 31 quantiles of them.
fn cuts(x: &[Features]) -> Vec<Vec<f32>> {
    (0..COUNT)
        .map(|j| {
            let mut v: Vec<f32> = x.iter().map(|r| r[j]).collect();
            v.sort_by(f32::total_cmp);
            v.dedup();
            if v.len() > 32 {
                v = (1..32).map(|q| v[q * v.len() / 32]).collect();
            }
            v.pop();
            v
        })
        .collect()
}

/// Fits trees to rows `x`, labels `y` and weights `c`, starting from the
/// logits `margin` (updated as trees are added).
pub fn boost(
    x: &[Features],
    y: &[bool],
    c: &[f64],
    margin: &mut [f64],
    opts: &Boosting,
) -> Vec<Tree> {
    let cuts = cuts(x);
    let bins: Vec<[u8; COUNT]> = x
        .iter()
        .map(|r| {
            let mut b = [0u8; COUNT];
            for j in 0..COUNT {
                b[j] = cuts[j].partition_point(|&t| t < r[j]) as u8;
            }
            b
        })
        .collect();
    let mut trees = Vec::with_capacity(opts.rounds);
    let mut g = vec![0.0; x.len()];
    let mut h = vec![0.0; x.len()];
    for _ in 0..opts.rounds {
        for i in 0..x.len() {
            let p = super::sigmoid(margin[i]);
            g[i] = c[i] * (p - f64::from(u8::from(y[i])));
            h[i] = c[i] * p * (1.0 - p);
        }
        let (tree, leaf) = grow(&bins, &cuts, &g, &h, opts);
        for (m, r) in margin.iter_mut().zip(x) {
            *m += leaf[tree.leaf_of(r)];
        }
        trees.push(tree);
    }
    trees
}

/// One tree, grown level by level from all rows: each level asks the
/// question that gains most over all of its nodes; and its leaves' values
/// before rounding, which the margins add.
fn grow(
    bins: &[[u8; COUNT]],
    cuts: &[Vec<f32>],
    g: &[f64],
    h: &[f64],
    opts: &Boosting,
) -> (Tree, [f64; LEAVES]) {
    let mut tree = Tree {
        feature: [0; DEPTH],
        threshold: [f32::INFINITY; DEPTH],
        leaf: [0.0; LEAVES],
    };
    let mut node = vec![0usize; bins.len()];
    for d in 0..DEPTH {
        let Some((j, b)) = best_split(bins, cuts, g, h, &node, 1 << d, opts)
        else {
            continue;
        };
        tree.feature[d] = j as u8;
        tree.threshold[d] = cuts[j][b];
        for (n, row) in node.iter_mut().zip(bins) {
            *n |= usize::from(row[j] as usize > b) << d;
        }
    }
    let mut sums = [(0.0, 0.0); LEAVES];
    for (i, &n) in node.iter().enumerate() {
        sums[n].0 += g[i];
        sums[n].1 += h[i];
    }
    let leaf = sums.map(|(gs, hs)| -opts.rate * gs / (hs + opts.ridge));
    tree.leaf = leaf.map(|v| v as f32);
    (tree, leaf)
}

/// The feature and bin of the question that gains most, summed over the
/// `nodes` that rows are in (`node`), if any gains.
fn best_split(
    bins: &[[u8; COUNT]],
    cuts: &[Vec<f32>],
    g: &[f64],
    h: &[f64],
    node: &[usize],
    nodes: usize,
    opts: &Boosting,
) -> Option<(usize, usize)> {
    let score = |g: f64, h: f64| g * g / (h + opts.ridge);
    let mut best = (1e-9, None);
    let mut hist = vec![[(0.0f64, 0.0f64); 33]; nodes];
    for j in 0..COUNT {
        if cuts[j].is_empty() {
            continue;
        }
        hist.iter_mut().for_each(|e| e.fill((0.0, 0.0)));
        for (i, row) in bins.iter().enumerate() {
            let e = &mut hist[node[i]][row[j] as usize];
            e.0 += g[i];
            e.1 += h[i];
        }
        let totals: Vec<(f64, f64)> = hist
            .iter()
            .map(|n| n.iter().fold((0.0, 0.0), |(a, b), e| (a + e.0, b + e.1)))
            .collect();
        let mut left = vec![(0.0, 0.0); nodes];
        for b in 0..cuts[j].len() {
            let mut gain = 0.0;
            let mut thin = false;
            for ((l, n), &(gt, ht)) in left.iter_mut().zip(&hist).zip(&totals)
            {
                l.0 += n[b].0;
                l.1 += n[b].1;
                let (gr, hr) = (gt - l.0, ht - l.1);
                // A node too light to split never blocks a question.
                thin |= ht >= 2.0 * opts.min_weight
                    && (l.1 < opts.min_weight || hr < opts.min_weight);
                gain += score(l.0, l.1) + score(gr, hr) - score(gt, ht);
            }
            if !thin && gain > best.0 {
                best = (gain, Some((j, b)));
            }
        }
    }
    best.1
}
