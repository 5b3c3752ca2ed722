//! Stage 3f: the article's body, and the off-topic lines around it.
//!
//! Each line scores for or against being article text: a paragraph of
//! running text scores its length, a headline-shaped or removed line
//! scores against. The span of lines with the highest total (found in one
//! pass, as the maximum-sum subarray) is the body. Its paragraphs give the
//! article's vocabulary; a line outside the body that does not share it is
//! a menu, a sidebar or a footer, and a run of headlines inside the body
//! that does not share it is a sidebar printed in the middle.

use std::cell::RefCell;

use crate::page::{Page, Removal};
use crate::patterns::Category;
use crate::structure::Structure;
use crate::vocab::Asked;

/// Bodies scoring less than this are too thin to judge others by.
const MIN_BODY_SCORE: i64 = 20;

/// A headline outside the body is kept when this share of its terms is in
/// the article's vocabulary (a title, a subtitle).
const EDGE_HEADLINE_OVERLAP: f32 = 0.5;

/// A paragraph outside the body is kept at this share.
const EDGE_BODY_OVERLAP: f32 = 0.25;

/// A headline before the body is kept only within this many lines of
/// it (the title, a standfirst, a byline block); farther up is the menu.
const NEAR_BEFORE: u32 = 4;

/// A headline after the body is kept only within this many lines of it.
const NEAR_AFTER: u32 = 2;

/// A headline in a run inside the body is kept at this share.
const INNER_OVERLAP: f32 = 0.2;

/// A run of this many headlines inside the body is a link list.
const INNER_RUN: usize = 3;

/// A map of asked terms larger than this is not kept for the next
/// document.
const KEPT_VOCABULARY: usize = 1 << 16;

thread_local! {
    /// The asked terms, cleared and refilled for each document: reused,
    /// the map has room already and filling it allocates nothing.
    static VOCABULARY: RefCell<Asked> = RefCell::default();
}

/// Finds the body and removes the off-topic lines around and inside it.
pub fn edges(page: &mut Page<'_, '_>) {
    let Some(body) = body_span(page) else {
        return;
    };
    let candidates = candidates(page, body);
    if candidates.is_empty() {
        return;
    }
    VOCABULARY.with_borrow_mut(|vocab| {
        vocab.clear();
        candidates.iter().for_each(|&i| vocab.ask(page.terms(i)));
        let mut any = false;
        for i in paragraphs(page, body) {
            any |= !page.terms(i).is_empty();
            vocab.find(page.terms(i));
        }
        if any {
            off_topic(page, body, &candidates, vocab);
        }
        if vocab.capacity() > KEPT_VOCABULARY {
            *vocab = Asked::default();
        }
    });
}

/// The kept lines that may be off the topic of the body `a..=b`: every
/// line around it, and the headlines inside it that are bulleted or in a
/// run (see [`headline_runs`]).
fn candidates(page: &Page<'_, '_>, (a, b): (usize, usize)) -> Vec<usize> {
    let runs = headline_runs(page, a, b);
    // Sized for the most there can be: collected from a filter, the list
    // would grow several times a page.
    let mut out = Vec::with_capacity(page.line_count());
    out.extend((0..page.line_count()).filter(|&i| {
        let s = page.shapes[i];
        let inside = (a..=b).contains(&i);
        page.is_kept_text(i)
            && (!inside || (s.is_headline() && (s.bullet || runs[i])))
    }));
    out
}

/// The kept paragraphs of the body `a..=b`: the article's vocabulary.
fn paragraphs<'p>(
    page: &'p Page<'_, '_>,
    (a, b): (usize, usize),
) -> impl Iterator<Item = usize> + 'p {
    (a..=b).filter(|&i| page.is_kept_text(i) && page.shapes[i].is_body())
}

/// Removes the `candidates` (see [`candidates`]) that do not share the
/// vocabulary of the body `a..=b`, whose terms `vocab` has found.
fn off_topic(
    page: &mut Page<'_, '_>,
    (a, b): (usize, usize),
    candidates: &[usize],
    vocab: &Asked,
) {
    let rank = text_ranks(page);
    for &i in candidates {
        let s = page.shapes[i];
        let inside = (a..=b).contains(&i);
        // Lines outside the body never fed the vocabulary, and inside it
        // only paragraphs did: no line's own terms need taking out.
        let terms = page.terms(i).len();
        let overlap = vocab.overlap(page.terms(i));
        let near = match i < a {
            true => rank[a] - rank[i] <= NEAR_BEFORE,
            false => rank[i].saturating_sub(rank[b]) <= NEAR_AFTER,
        };
        let keep = if inside {
            terms == 0 || overlap >= INNER_OVERLAP
        } else if s.is_body() {
            overlap >= EDGE_BODY_OVERLAP
        } else {
            near && overlap >= EDGE_HEADLINE_OVERLAP
        };
        if !keep {
            page.remove(i, edge_removal(inside, i > b));
        }
    }
}

/// The removal of an off-topic line inside the body, or before or after it.
fn edge_removal(inside: bool, after: bool) -> Removal {
    if inside {
        return Removal::structure(Structure::UnrelatedHeadline);
    }
    let mut removal = Removal::structure(Structure::OffTopicEdge);
    if after {
        removal.category = Category::Footer;
    }
    removal
}

/// A line's vote on being article text.
fn score(page: &Page<'_, '_>, i: usize) -> i64 {
    let s = &page.shapes[i];
    if s.blank {
        0
    } else if page.removals[i].is_some() {
        -2 - i64::from(s.units.min(40)) / 4
    } else if s.is_body() {
        i64::from(s.units.min(80))
    } else if s.is_headline() {
        -2
    } else {
        -1
    }
}

/// The span `a..=b` with the highest total score (Kadane's algorithm),
/// if it scores enough to be a body.
pub fn body_span(page: &Page<'_, '_>) -> Option<(usize, usize)> {
    let (mut best, mut best_span) = (0i64, None);
    let (mut sum, mut start) = (0i64, 0usize);
    for i in 0..page.line_count() {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += score(page, i);
        if sum > best {
            best = sum;
            best_span = Some((start, i));
        }
    }
    best_span.filter(|_| best >= MIN_BODY_SCORE)
}

/// The number of non-blank lines before each line.
fn text_ranks(page: &Page<'_, '_>) -> Vec<u32> {
    let mut rank = 0;
    let mut out = Vec::with_capacity(page.line_count());
    for s in &page.shapes {
        out.push(rank);
        rank += !s.blank as u32;
    }
    out
}

/// Marks the kept headlines of `a..=b` that stand in a run of at least
/// [`INNER_RUN`] kept headlines (blank lines do not break a run).
fn headline_runs(page: &Page<'_, '_>, a: usize, b: usize) -> Vec<bool> {
    let mut marks = vec![false; page.line_count()];
    let mut run: Vec<usize> = Vec::new();
    for i in a..=b + 1 {
        if i <= b && page.shapes[i].blank {
            continue;
        }
        if i <= b && page.is_kept_text(i) && page.shapes[i].is_headline() {
            run.push(i);
            continue;
        }
        if run.len() >= INNER_RUN {
            run.iter().for_each(|&j| marks[j] = true);
        }
        run.clear();
    }
    marks
}
