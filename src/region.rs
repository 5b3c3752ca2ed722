//! Stage 3e: regions of links and teasers.
//!
//! A heading such as "Tin liên quan", "相关内容" or "Related", or a
//! headline printed twice, opens a region. The region goes on while its
//! lines keep the shape of a link list: headlines, truncated teasers, a
//! teaser that repeats the words of the headline above it, a paragraph
//! between two headlines or between the heading and a headline (a
//! headline and its teaser run together on one line), and lines that
//! other rules already removed. It ends at the first paragraph of running
//! text that is none of these; that paragraph is kept.

use crate::page::Page;
use crate::vocab::coverage;

/// How much of a headline's terms a following paragraph must repeat to
/// be its teaser.
const TEASER_COVERAGE: f32 = 0.3;

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
    for start in 0..page.line_count() {
        if let Some(removal) = page.opens[start] {
            let end = region_end(page, start);
            for i in start + 1..end {
                if !page.shapes[i].blank {
                    page.remove(i, removal);
                }
            }
        }
    }
}

/// The first line after `start` that is not part of its region.
fn region_end(page: &mut Page<'_, '_>, start: usize) -> usize {
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
