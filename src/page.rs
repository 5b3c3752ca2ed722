//! The working state of one document while its lines are judged.

use std::borrow::Cow;

use crate::patterns::Category;
use crate::rules::RuleIndex;
use crate::shape::Shape;
use crate::structure::Structure;
use crate::vocab::Lexicon;

/// The rule that removed a line: a pattern rule or a structural one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleRef {
    /// A rule of a pattern set.
    Pattern(RuleIndex),
    /// A rule of the code, which needs no list.
    Structure(Structure),
}

/// Why a line was removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Removal {
    /// The rule that decided.
    pub rule: RuleRef,
    /// The kind of boilerplate.
    pub category: Category,
}

impl Removal {
    /// A removal by a structural rule, in that rule's category.
    pub fn structure(rule: Structure) -> Removal {
        Removal { rule: RuleRef::Structure(rule), category: rule.category() }
    }
}

/// One document's lines, their shapes and the decisions so far.
///
/// The key invariant: all vectors have one entry per line, and a line's
/// removal, once set, is never changed by a later pass: the first rule
/// to decide is the one the audit names.
pub struct Page<'d, 't> {
    /// Each line's text (lossily decoded where it was not UTF-8).
    pub texts: Vec<Cow<'d, str>>,
    /// Each line's shape.
    pub shapes: Vec<Shape>,
    /// Each line's removal, if it is removed.
    pub removals: Vec<Option<Removal>>,
    /// The removal that a region opened by the line applies to the link
    /// and teaser lines after it.
    pub opens: Vec<Option<Removal>>,
    /// Every line's terms, one after another (see [`crate::vocab`]), and
    /// after the last line's, room left from earlier documents: read only
    /// through `term_spans`.
    pub terms: Vec<u64>,
    /// Where each line's terms are in `terms`.
    pub term_spans: Vec<(u32, u32)>,
    /// The document language's stop words and term kind.
    pub lexicon: &'t Lexicon,
    /// Headings that end the article (in line order), with the removal
    /// they apply to everything after them.
    pub tails: Vec<(usize, Removal)>,
    /// Structural rules switched off: they remove nothing.
    pub disabled: &'t [Structure],
}

impl Page<'_, '_> {
    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.texts.len()
    }

    /// The terms of line `i`.
    pub fn terms(&self, i: usize) -> &[u64] {
        let (a, b) = self.term_spans[i];
        &self.terms[a as usize..b as usize]
    }

    /// Removes line `i` for `removal` unless a rule already removed it;
    /// false when the removal's rule is switched off.
    pub fn remove(&mut self, i: usize, removal: Removal) -> bool {
        if let RuleRef::Structure(s) = removal.rule {
            if self.disabled.contains(&s) {
                return false;
            }
        }
        self.removals[i].get_or_insert(removal);
        true
    }

    /// Whether line `i` is still kept and not blank.
    pub fn is_kept_text(&self, i: usize) -> bool {
        self.removals[i].is_none() && !self.shapes[i].blank
    }

    /// The first line shaped like a paragraph of running text.
    pub fn first_body(&self) -> Option<usize> {
        (0..self.line_count()).find(|&i| self.shapes[i].is_body())
    }
}
