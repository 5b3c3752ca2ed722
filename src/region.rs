//! Stage 3e: regions of links and teasers.
//!
//! A heading such as "Tin liên quan", "相关内容" or "Related", or a
//! headline printed twice, opens a region. The region goes on while its
//! lines keep the shape of a link list: headlines, truncated teasers, a
//! teaser that repeats the words of the headline above it, a paragraph
//! between two headlines or between the heading and a headline (a
//! headline and its teaser run together on one line), paragraphs that
//! share little of the running text above the region (teasers of other
//! stories), and lines that other rules already removed. It ends at the
//! first paragraph of running text that is none of these; that paragraph
//! is kept.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use crate::page::Page;
use crate::vocab::{coverage, Identity};

/// How much of a headline's terms a following paragraph must repeat to
/// be its teaser.
const TEASER_COVERAGE: f32 = 0.3;

/// The terms of running text above a region that tell its words: with
/// fewer, no paragraph in the region is judged by them.
const MIN_ABOVE: usize = 150;

/// The share of a paragraph's terms, found in the running text above its
/// region, under which it tells another story.
const OFF_TOPIC: f32 = 0.15;

/// Removes everything after the first heading that ends the article (a
/// comments section, an author box), provided the running text before it
/// is at least half of the running text after it: a heading near the top
/// is a false alarm, not the end of the article.
pub fn cut_tail(page: &mut Page<'_, '_>) {
    let body = |i: usize, p: &Page<'_, '_>| {
        let s = &p.shapes[i];
        if s.is_body() && p.removals[i].is_none() {
            s.units
        } else {
            0
        }
    };
    let total: u32 = (0..page.line_count()).map(|i| body(i, page)).sum();
    let mut before = 0;
    let mut next_tail = 0;
    for i in 0..page.line_count() {
        if let Some(&(t, removal)) = page.tails.get(next_tail) {
            if t == i {
                next_tail += 1;
                if before > 0 && 2 * before >= total - before {
                    for j in i + 1..page.line_count() {
                        if !page.shapes[j].blank {
                            page.remove(j, removal);
                        }
                    }
                    return;
                }
            }
        }
        before += body(i, page);
    }
}

/// Removes the lines of every region opened in `page`.
pub fn follow(page: &mut Page<'_, '_>) {
    let mut above = Above::default();
    for start in 0..page.line_count() {
        if let Some(removal) = page.opens[start] {
            let end = region_end(page, start, &mut above);
            for i in start + 1..end {
                if !page.shapes[i].blank {
                    page.remove(i, removal);
                }
            }
        }
    }
}

/// The first line after `start` that is not part of its region.
fn region_end(page: &Page<'_, '_>, start: usize, above: &mut Above) -> usize {
    let mut headline: Option<usize> = None;
    let under_heading = next_text(page, start);
    for i in start + 1..page.line_count() {
        let s = page.shapes[i];
        if s.blank {
            continue;
        }
        if page.opens[i].is_some() {
            return i;
        }
        if s.is_headline() || s.truncated {
            headline = Some(i).filter(|_| s.is_headline());
            continue;
        }
        if page.removals[i].is_some() {
            headline = None;
            continue;
        }
        let listed = headline.is_some() || Some(i) == under_heading;
        match headline {
            Some(h) if is_teaser(page, h, i) => headline = None,
            // A headline and its teaser on one line, between two lines
            // of the list (the heading is its first): the list goes on.
            _ if listed && next_is_headline(page, i) => headline = None,
            _ if above.gather(page, start).is_off_topic(page.terms(i)) => {
                headline = None
            }
            _ => return i,
        }
    }
    page.line_count()
}

/// Whether the first non-blank line after `i` is shaped like a headline.
fn next_is_headline(page: &Page<'_, '_>, i: usize) -> bool {
    next_text(page, i).is_some_and(|j| page.shapes[j].is_headline())
}

/// The first non-blank line after `i`, if any.
fn next_text(page: &Page<'_, '_>, i: usize) -> Option<usize> {
    (i + 1..page.line_count()).find(|&j| !page.shapes[j].blank)
}

/// Whether line `i` repeats enough of headline `h`'s words to be its
/// teaser.
fn is_teaser(page: &Page<'_, '_>, h: usize, i: usize) -> bool {
    coverage(page.terms(h), page.terms(i)) >= TEASER_COVERAGE
}

/// The terms of the paragraphs kept above a region, gathered only when a
/// region asks. Regions are asked about in line order and their lines
/// removed before the next is, so the terms of lines `0..to` are those of
/// the kept paragraphs among them: each line is read once a page.
#[derive(Default)]
struct Above {
    terms: HashSet<u64, BuildHasherDefault<Identity>>,
    to: usize,
}

impl Above {
    /// Gathers the terms of the kept paragraphs above line `end`.
    fn gather(&mut self, page: &Page<'_, '_>, end: usize) -> &Self {
        for i in self.to..end {
            if page.shapes[i].is_body() && page.is_kept_text(i) {
                self.terms.extend(page.terms(i));
            }
        }
        self.to = self.to.max(end);
        self
    }

    /// Whether a paragraph of `terms` shares so little of the running
    /// text above (of which there is enough to tell) that it tells
    /// another story.
    fn is_off_topic(&self, terms: &[u64]) -> bool {
        if self.terms.len() < MIN_ABOVE {
            return false;
        }
        // A paragraph of no terms is never under the share: 0 < 0 fails.
        let shared = terms.iter().filter(|t| self.terms.contains(t)).count();
        (shared as f32) < OFF_TOPIC * terms.len() as f32
    }
}
