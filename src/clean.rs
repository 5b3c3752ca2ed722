//! Stage 4: the cleaner, which runs the stages over one document, and the
//! outcome it returns: a verdict for every line.
//!
//! ```
//! let cleaner = deboiler::Cleaner::builtin();
//! let page = "Rain hits the north\n\nHeavy rain fell across the north on Monday, closing roads and schools in three provinces.\nShare this article\n";
//! let outcome = cleaner.clean(page.as_bytes(), None);
//! let mut out = Vec::new();
//! outcome.write_clean(page.as_bytes(), &mut out).unwrap();
//! assert!(!String::from_utf8(out).unwrap().contains("Share this"));
//! ```

use std::borrow::Cow;
use std::cell::Cell;
use std::io;
use std::sync::OnceLock;

use crate::audit::RemovalFields;
use crate::detect::{Detector, Language};
use crate::error::Error;
use crate::lines::{self, Line};
use crate::model::features::Context;
use crate::model::{Judgement, Model, TitlePolicy};
use crate::page::{Page, Removal, RuleRef};
use crate::patterns::{Category, Patterns, Scope};
use crate::rules::{Matcher, RuleBook, RuleIndex};
use crate::shape::{self, core, Shape};
use crate::structure::{self, Shapes, Structure};
use crate::vocab::Lexicon;
use crate::{region, zone};

/// Room for more terms than this (1 MB) is not kept for the next document:
/// it doubles as it grows, so it is kept for documents of up to some 65,000
/// terms, five times the most of any development page (11,452).
const KEPT_TERM_ROOM: usize = 1 << 17;

thread_local! {
    /// The room a thread's documents are measured into (see
    /// [`Cleaner::judge`]), kept from one document to the next so that
    /// it is allocated and zeroed once, not at every document.
    static TERM_ROOM: Cell<Vec<u64>> = Cell::default();
}

/// The compiled rules and shapes; build once, clean many documents, from
/// any number of threads.
#[derive(Debug)]
pub struct Cleaner {
    book: RuleBook,
    detector: Detector,
    shapes: Shapes,
    no_lexicon: Lexicon,
    disabled: Vec<Structure>,
    /// The line model that decides, given the rules' evidence; `None`
    /// leaves the rules to decide alone.
    model: Option<Model>,
    title: TitlePolicy,
    /// Whether judgements name the features against each removed line.
    reasons: bool,
    /// Put together on the first audit.
    removal_fields: OnceLock<RemovalFields>,
}

/// What became of one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Blank: written back only to separate kept lines.
    Blank,
    /// Kept, and written back byte for byte.
    Keep,
    /// Removed, for this reason.
    Remove(Removal),
}

/// What one document's outcome counts: lines and characters (code
/// points of the lines' content) kept and removed, removed lines per
/// category; blank lines are in neither.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Lines kept.
    pub kept_lines: u64,
    /// Lines removed.
    pub removed_lines: u64,
    /// Characters of the kept lines.
    pub kept_chars: u64,
    /// Characters of the removed lines.
    pub removed_chars: u64,
    /// Removed lines per category, by [`Category`] discriminant.
    pub categories: [u64; Category::ALL.len()],
}

impl Tally {
    /// The share of characters kept (1 for a document with none).
    pub fn kept_share(&self) -> f64 {
        let all = self.kept_chars + self.removed_chars;
        if all == 0 {
            1.0
        } else {
            self.kept_chars as f64 / all as f64
        }
    }
}

/// The verdict on every line of a document.
///
/// The key invariant: one entry per line of the input, in order, so every
/// non-blank line is either kept or removed, exactly once.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The language the document was judged in.
    pub language: Language,
    /// Lines whose bytes were not valid UTF-8.
    pub invalid_utf8: usize,
    lines: Vec<Line>,
    verdicts: Vec<Verdict>,
    /// The model's judgement of each removed line, by line index, in
    /// order.
    judgements: Vec<(usize, Judgement)>,
}

impl Cleaner {
    /// Compiles `patterns`.
    pub fn new(patterns: &Patterns) -> Result<Cleaner, Error> {
        let book = RuleBook::new(patterns)?;
        Ok(Cleaner {
            detector: Detector::new(book.codes()),
            book,
            shapes: Shapes::default(),
            no_lexicon: Lexicon::default(),
            disabled: Vec::new(),
            model: Some(Model::builtin()),
            title: TitlePolicy::Keep,
            reasons: false,
            removal_fields: OnceLock::new(),
        })
    }

    /// A cleaner with the built-in pattern sets.
    pub fn builtin() -> Cleaner {
        Cleaner::new(&Patterns::builtin()).expect("built-in patterns compile")
    }

    /// Switches a structural rule off (`model/line`: the line model, so
    /// that the rules decide alone). Pattern rules are switched off in the
    /// [`Patterns`] a cleaner is built from.
    pub fn disable(&mut self, rule: Structure) {
        if rule == Structure::LineModel {
            self.model = None;
        }
        self.disabled.push(rule);
    }

    /// Decides with `model` instead of the built-in one.
    pub fn set_model(&mut self, model: Model) {
        self.model = Some(model);
    }

    /// Whether the model's judgements name the features that weighed most
    /// against each removed line (for the audit and the explain view; it
    /// costs time).
    pub fn set_reasons(&mut self, reasons: bool) {
        self.reasons = reasons;
    }

    /// What becomes of the article's title.
    pub fn set_title(&mut self, title: TitlePolicy) {
        self.title = title;
    }

    /// The built-in cleaner, built once per process and shared: for tests
    /// and tools that clean many small documents.
    pub fn builtin_shared() -> &'static Cleaner {
        static SHARED: OnceLock<Cleaner> = OnceLock::new();
        SHARED.get_or_init(Cleaner::builtin)
    }

    /// The compiled pattern rules.
    pub fn book(&self) -> &RuleBook {
        &self.book
    }

    /// The id of `rule`, as the audit writes it.
    pub fn rule_id(&self, rule: RuleRef) -> &str {
        match rule {
            RuleRef::Pattern(i) => &self.book.rule(i).id,
            RuleRef::Structure(s) => s.id(),
        }
    }

    /// The audit records' fields of every removal this cleaner can make.
    pub(crate) fn removal_fields(&self) -> &RemovalFields {
        self.removal_fields.get_or_init(|| RemovalFields::new(self))
    }

    /// Judges every line of `doc`, in the language `lang` if given, else
    /// in the detected one.
    pub fn clean(&self, doc: &[u8], lang: Option<&str>) -> Outcome {
        let (lines, texts, invalid_utf8, language) = self.frame(doc, lang);
        let (verdicts, judgements) = self.judge(texts, &language);
        Outcome { language, invalid_utf8, lines, verdicts, judgements }
    }

    /// Runs the rule stages over `doc` and gives `f` the page they left
    /// and its measure for the line model: what a trainer learns from.
    pub fn examine<R>(
        &self,
        doc: &[u8],
        lang: Option<&str>,
        f: impl FnOnce(&Page<'_, '_>, &Context) -> R,
    ) -> R {
        let (_, texts, _, language) = self.frame(doc, lang);
        self.with_page(texts, &language, |page| {
            f(page, &Context::new(page, &|r| self.scope(r)))
        })
    }

    /// The scope of a pattern rule.
    fn scope(&self, rule: RuleRef) -> Option<Scope> {
        match rule {
            RuleRef::Pattern(i) => Some(self.book.rule(i).scope),
            RuleRef::Structure(_) => None,
        }
    }

    /// Frames `doc` into lines and their texts, counts its invalid lines
    /// and finds its language.
    #[allow(clippy::type_complexity)]
    fn frame<'d>(
        &self,
        doc: &'d [u8],
        lang: Option<&str>,
    ) -> (Vec<Line>, Vec<Cow<'d, str>>, usize, Language) {
        let lines = lines::split(doc);
        let text = simdutf8::basic::from_utf8(doc).ok();
        let valid = text.is_some();
        let texts: Vec<Cow<'_, str>> = lines
            .iter()
            .map(|l| match text {
                // Lines are cut at `\n` bytes, which never occur inside a
                // multi-byte character: their bounds are char boundaries.
                Some(text) => Cow::Borrowed(&text[l.start()..l.end()]),
                None => l.text(doc),
            })
            .collect();
        let invalid_utf8 = if valid {
            0
        } else {
            lines
                .iter()
                .filter(|l| std::str::from_utf8(l.content(doc)).is_err())
                .count()
        };
        let language = match lang {
            Some(code) => Language::forced(code),
            None => {
                self.detector.detect(texts.iter().map(|t| t.as_ref()), |c| {
                    self.book.language(c).map(|l| &l.lexicon)
                })
            }
        };
        (lines, texts, invalid_utf8, language)
    }

    /// Judges the lines' texts: the rules, then the line model.
    fn judge(
        &self,
        texts: Vec<Cow<'_, str>>,
        language: &Language,
    ) -> (Vec<Verdict>, Vec<(usize, Judgement)>) {
        self.with_page(texts, language, |page| {
            let judgements = match &self.model {
                Some(model) => {
                    let ctx = Context::new(page, &|r| self.scope(r));
                    model.decide(page, &ctx, self.title, self.reasons)
                }
                None => Vec::new(),
            };
            let verdicts = (0..page.line_count())
                .map(|i| match (page.shapes[i].blank, page.removals[i]) {
                    (true, _) => Verdict::Blank,
                    (false, None) => Verdict::Keep,
                    (false, Some(r)) => Verdict::Remove(r),
                })
                .collect();
            (verdicts, judgements)
        })
    }

    /// Runs the rule stages over the lines' texts, then `f` on the page
    /// they leave.
    fn with_page<R>(
        &self,
        texts: Vec<Cow<'_, str>>,
        language: &Language,
        f: impl FnOnce(&mut Page<'_, '_>) -> R,
    ) -> R {
        let lang = language.trusted().and_then(|c| self.book.language(c));
        let matcher = self.book.matcher(lang);
        let lexicon = lang.map_or(&self.no_lexicon, |l| &l.lexicon);
        let n = texts.len();
        let mut term_spans = Vec::with_capacity(n);
        let mut shapes = Vec::with_capacity(n);
        // Each line is measured into the room after the terms so far. The
        // room is the thread's, left from its earlier documents: it grows,
        // doubling, and is zeroed only where it grows, not at every line
        // nor at every document.
        let mut terms = TERM_ROOM.take();
        let mut used = 0;
        for text in &texts {
            let room = used + shape::term_room(lines::trim(text).as_bytes());
            if room > terms.len() {
                terms.resize(room.max(2 * terms.len()), 0);
            }
            let (shape, kept) =
                Shape::measure_into(text, lexicon, &mut terms[used..room]);
            shapes.push(shape);
            term_spans.push((used as u32, (used + kept) as u32));
            used += kept;
        }
        let mut page = Page {
            texts,
            shapes,
            removals: vec![None; n],
            opens: vec![None; n],
            terms,
            term_spans,
            lexicon,
            disabled: &self.disabled,
            tails: Vec::new(),
        };
        self.match_patterns(&mut page, matcher);
        structure::junk_and_time(&mut page, &self.shapes);
        structure::metadata_blocks(&mut page);
        // Pattern headings claim their regions first, so that a headline
        // doubled inside one is credited to the heading's rule; the regions
        // opened by doubled headlines outside them follow.
        region::follow(&mut page);
        let body = zone::body_span(&page);
        structure::repetition(&mut page, body);
        region::follow(&mut page);
        region::cut_tail(&mut page);
        zone::edges(&mut page);
        let out = f(&mut page);
        if page.terms.len() <= KEPT_TERM_ROOM {
            TERM_ROOM.set(std::mem::take(&mut page.terms));
        }
        out
    }

    /// Applies the pattern rules, all lines matched together (see
    /// [`Matcher::find_all`]), their removals applied in line order;
    /// region headings open their regions.
    fn match_patterns(&self, page: &mut Page<'_, '_>, matcher: &Matcher) {
        let lines: Vec<(&str, usize)> = (0..page.line_count())
            .map(|i| (core(&page.texts[i]), page.shapes[i].chars as usize))
            .collect();
        let mut found = Vec::new();
        matcher
            .find_all(&self.book, &lines, |i, index| found.push((i, index)));
        for (i, index) in found {
            self.apply(page, i, index);
        }
    }

    /// Removes line `i` for pattern rule `index`, and opens its region or
    /// tail if it heads one.
    fn apply(&self, page: &mut Page<'_, '_>, i: usize, index: RuleIndex) {
        let rule = self.book.rule(index);
        let removal =
            Removal { rule: RuleRef::Pattern(index), category: rule.category };
        page.remove(i, removal);
        match rule.scope {
            Scope::Region => page.opens[i] = Some(removal),
            Scope::Tail => page.tails.push((i, removal)),
            _ => {}
        }
    }
}

impl Outcome {
    /// Each line with its verdict, in input order.
    pub fn lines(&self) -> impl Iterator<Item = (Line, Verdict)> + '_ {
        self.lines.iter().copied().zip(self.verdicts.iter().copied())
    }

    /// The content of `line` (one of this outcome's lines of `doc`) as
    /// UTF-8 bytes: as it is when the document is UTF-8 (lines are cut at
    /// `\n`, so each of them is then), with no second check; else decoded
    /// lossily, as [`Line::text`] does.
    pub fn utf8_content<'d>(
        &self,
        line: Line,
        doc: &'d [u8],
    ) -> Cow<'d, [u8]> {
        if self.invalid_utf8 == 0 {
            return Cow::Borrowed(line.content(doc));
        }
        match line.text(doc) {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(lossy) => Cow::Owned(lossy.into_bytes()),
        }
    }

    /// Each removed line, with its index (from 0) and its removal, in
    /// input order.
    pub fn removals(
        &self,
    ) -> impl Iterator<Item = (usize, Line, Removal)> + '_ {
        self.verdicts.iter().enumerate().filter_map(|(i, v)| match *v {
            Verdict::Remove(removal) => Some((i, self.lines[i], removal)),
            _ => None,
        })
    }

    /// The counts of this outcome of `doc`.
    pub fn tally(&self, doc: &[u8]) -> Tally {
        let mut t = Tally::default();
        for (line, verdict) in self.lines() {
            let content = line.content(doc);
            let chars = content.iter().filter(|&&b| (b as i8) >= -64).count();
            match verdict {
                Verdict::Blank => {}
                Verdict::Keep => {
                    t.kept_lines += 1;
                    t.kept_chars += chars as u64;
                }
                Verdict::Remove(r) => {
                    t.removed_lines += 1;
                    t.removed_chars += chars as u64;
                    t.categories[r.category as usize] += 1;
                }
            }
        }
        t
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.verdicts.len()
    }

    /// The line model's judgement of each removed line, by line index
    /// (none when the rules decided alone).
    pub fn judgements(&self) -> &[(usize, Judgement)] {
        &self.judgements
    }

    /// The line model's judgement of removed line `i`, if it judged.
    pub fn judgement(&self, i: usize) -> Option<&Judgement> {
        let at = self.judgements.binary_search_by_key(&i, |&(l, _)| l);
        at.ok().map(|at| &self.judgements[at].1)
    }

    /// The number of kept lines.
    pub fn kept(&self) -> usize {
        self.verdicts.iter().filter(|v| **v == Verdict::Keep).count()
    }

    /// The number of removed lines.
    pub fn removed(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| matches!(v, Verdict::Remove(_)))
            .count()
    }

    /// What [`Outcome::write_clean`] leaves out of the document, as byte
    /// ranges in order, one a line: each removed line (its terminator
    /// included) with its index and removal, and each blank line not
    /// written (`None`). Taking them out of the document gives its clean
    /// body exactly.
    pub fn left_out(
        &self,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, Option<(usize, Removal)>)> + '_
    {
        // The blank lines written are the first of each run between two
        // kept lines: every other blank line is left out.
        let last_kept =
            self.verdicts.iter().rposition(|v| *v == Verdict::Keep);
        let mut kept_before = false;
        let mut first_blank = true;
        (0..self.verdicts.len()).filter_map(move |i| {
            let range = self.lines[i].start()..self.lines[i].next();
            match self.verdicts[i] {
                Verdict::Keep => {
                    kept_before = true;
                    first_blank = true;
                    None
                }
                Verdict::Remove(r) => Some((range, Some((i, r)))),
                Verdict::Blank => {
                    let kept_after = last_kept.is_some_and(|k| i < k);
                    let written = kept_before && first_blank && kept_after;
                    first_blank = false;
                    (!written).then_some((range, None))
                }
            }
        })
    }

    /// Writes the kept lines of `doc` (the document this outcome judged)
    /// byte for byte, in order, with one blank line between two kept lines
    /// wherever the input had at least one between them.
    pub fn write_clean<W: io::Write>(
        &self,
        doc: &[u8],
        w: &mut W,
    ) -> io::Result<()> {
        // Lines written that follow each other in `doc` go out in one
        // write: `run` is the part of `doc` gathered and not yet written;
        // a line that follows it extends it, another starts the next.
        let mut run = 0..0;
        let mut put = |line: Line| -> io::Result<()> {
            if line.start() != run.end {
                w.write_all(&doc[run.clone()])?;
                run.start = line.start();
            }
            run.end = line.next();
            Ok(())
        };
        let mut wrote = false;
        // The first blank line since the last kept one.
        let mut blank = None;
        for (i, verdict) in self.verdicts.iter().enumerate() {
            match verdict {
                Verdict::Blank if wrote => {
                    blank.get_or_insert(i);
                }
                Verdict::Keep => {
                    if let Some(b) = blank.take() {
                        put(self.lines[b])?;
                    }
                    put(self.lines[i])?;
                    wrote = true;
                }
                _ => {}
            }
        }
        w.write_all(&doc[run])
    }

    /// The first blank line after the last kept line of `doc`, its
    /// terminator included: what [`Outcome::write_clean`] would write
    /// before a kept line that came next (in the next section).
    pub fn blank_after_kept<'d>(&self, doc: &'d [u8]) -> Option<&'d [u8]> {
        let is = |v: &Verdict, blank| matches!(v, Verdict::Blank) == blank;
        let last = self.verdicts.iter().rposition(|v| is(v, false))?;
        let after = &self.verdicts[last + 1..];
        let line =
            self.lines[last + 1 + after.iter().position(|v| is(v, true))?];
        Some(&doc[line.start()..line.next()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdicts(doc: &[u8]) -> Vec<Verdict> {
        let outcome = Cleaner::builtin_shared().clean(doc, None);
        outcome.lines().map(|(_, v)| v).collect()
    }

    #[test]
    fn a_document_is_judged_alike_whatever_its_thread_judged_before() {
        let long = include_bytes!("../seeds/004_842cd329f54bcaf9.txt");
        let short = include_bytes!("../seeds/000_9a383749de56cf95.txt");
        let alone = std::thread::spawn(|| verdicts(short)).join().unwrap();
        // The room left holds the long document's terms past the short
        // one's.
        verdicts(long);
        assert_eq!(verdicts(short), alone);
    }

    #[test]
    fn the_room_of_a_huge_document_is_not_kept() {
        std::thread::spawn(|| {
            verdicts(b"Rain fell on the north.\n");
            assert!(!TERM_ROOM.take().is_empty());
            let line = "word ".repeat(800);
            verdicts(format!("{line}\n").repeat(200).as_bytes());
            assert_eq!(TERM_ROOM.take().capacity(), 0);
        })
        .join()
        .unwrap();
    }
}
