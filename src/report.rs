//! The report: one self-contained HTML page over a whole run, for a
//! person to look at what was removed: totals, per category, rule and
//! language; samples of what each rule removes; the documents that lost
//! the most and the least; and documents line by line, coloured by
//! verdict.
//!
//! # Bounds
//!
//! Documents go in one at a time ([`Report::add`]) and are folded into
//! totals; what the page shows is bounded whatever the run's size: at
//! most [`SAMPLED_DOCS`] documents drawn uniformly (every one when there
//! are no more), plus the [`EXTREMES`] that kept the least and the most
//! of their characters, each shown up to [`SHOWN_LINES`] lines of up to
//! [`SHOWN_CHARS`] characters; [`RULE_SAMPLES`] removed lines per rule.
//! The page is then at most some 30 MB, a few hundred KB for pages of
//! news.
//!
//! # Safety of the page
//!
//! A page's text is untrusted: every text the report shows (lines,
//! document names, rule ids, languages) goes through [`escape`], and the
//! page refers to nothing outside itself: its style and its one script
//! (the filter of a document's lines) are inline.

use std::collections::{BTreeMap, HashMap};
use std::io;

use crate::clean::{Cleaner, Outcome, Verdict};
use crate::patterns::Category;

/// Documents drawn uniformly to be shown line by line.
pub const SAMPLED_DOCS: usize = 100;
/// Documents shown for keeping the least, and as many for the most, of
/// their characters.
pub const EXTREMES: usize = 10;
/// Lines shown of one document.
pub const SHOWN_LINES: usize = 1000;
/// Characters shown of one line.
pub const SHOWN_CHARS: usize = 300;
/// Removed lines shown per rule.
pub const RULE_SAMPLES: usize = 8;

/// A document as the report takes it: its lines and their verdicts.
#[derive(Clone, Debug)]
pub struct Page {
    /// Its name: path, or record id.
    pub name: String,
    /// The language it was judged in, if any, and the confidence.
    pub lang: Option<String>,
    /// See [`Page::lang`].
    pub confidence: f64,
    /// Its lines, in order.
    pub lines: Vec<PageLine>,
}

/// One line of a [`Page`].
#[derive(Clone, Debug)]
pub struct PageLine {
    /// Its text, cut to [`SHOWN_CHARS`] characters.
    pub text: String,
    /// Its length in characters, before any cut.
    pub chars: usize,
    /// What became of it.
    pub verdict: LineVerdict,
}

/// What became of a line.
#[derive(Clone, Debug, PartialEq)]
pub enum LineVerdict {
    /// Kept.
    Kept,
    /// Blank.
    Blank,
    /// Removed, in `category`, by the rule `rule` (its id), with the line
    /// model's score if it judged.
    Removed {
        /// The category.
        category: Category,
        /// The rule's id.
        rule: String,
        /// The line model's score.
        score: Option<f32>,
    },
}

impl Page {
    /// The page of `doc`, named `name`, as `outcome` judged it.
    pub fn of(
        cleaner: &Cleaner,
        name: &str,
        doc: &[u8],
        outcome: &Outcome,
    ) -> Page {
        let lines = outcome
            .lines()
            .enumerate()
            .map(|(i, (line, verdict))| {
                let text = line.text(doc);
                let verdict = match verdict {
                    Verdict::Keep => LineVerdict::Kept,
                    Verdict::Blank => LineVerdict::Blank,
                    Verdict::Remove(r) => LineVerdict::Removed {
                        category: r.category,
                        rule: cleaner.rule_id(r.rule).to_string(),
                        score: outcome.judgement(i).map(|j| j.score),
                    },
                };
                PageLine::new(&text, verdict)
            })
            .collect();
        Page {
            name: name.to_string(),
            lang: outcome.language.code.map(str::to_string),
            confidence: outcome.language.confidence,
            lines,
        }
    }

    /// Characters kept and removed.
    fn chars(&self) -> (usize, usize) {
        let (mut kept, mut removed) = (0, 0);
        for line in &self.lines {
            match line.verdict {
                LineVerdict::Kept => kept += line.chars,
                LineVerdict::Removed { .. } => removed += line.chars,
                LineVerdict::Blank => {}
            }
        }
        (kept, removed)
    }
}

impl PageLine {
    /// The line of `text`, cut for showing.
    pub fn new(text: &str, verdict: LineVerdict) -> PageLine {
        let chars = text.chars().count();
        let text = match text.char_indices().nth(SHOWN_CHARS) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text.to_string(),
        };
        PageLine { text, chars, verdict }
    }
}

/// Counts of lines and characters.
#[derive(Clone, Copy, Debug, Default)]
struct Count {
    lines: usize,
    chars: usize,
}

impl Count {
    fn add(&mut self, chars: usize) {
        self.lines += 1;
        self.chars += chars;
    }
}

/// A rule's totals and sample.
#[derive(Debug, Default)]
struct RuleTotals {
    category: Option<Category>,
    count: Count,
    /// Removed lines: the document's ordinal, its line number, the text.
    sample: Vec<(usize, usize, String)>,
    seen: usize,
}

/// A run's report, built one document at a time.
#[derive(Debug)]
pub struct Report {
    docs: usize,
    kept: Count,
    removed: Count,
    blank: usize,
    categories: BTreeMap<&'static str, Count>,
    rules: BTreeMap<String, RuleTotals>,
    /// Documents and characters per language (`und`: none detected).
    langs: BTreeMap<String, (usize, usize)>,
    /// Documents with none kept and none removed.
    empty: usize,
    /// The uniform sample, by ordinal.
    sampled: Vec<(usize, Page)>,
    /// The documents that kept the least, and the most, of their
    /// characters, least and most first.
    least: Vec<Extreme>,
    most: Vec<Extreme>,
    /// The pages of the documents in `least` or `most`, by ordinal.
    held: BTreeMap<usize, Page>,
    rng: Rng,
}

/// A fixed sequence of numbers (SplitMix64): the same run gives the same
/// report.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    /// A number from 0 to `n` - 1.
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// A document among the extremes.
#[derive(Clone, Debug)]
struct Extreme {
    /// The share of its characters it kept.
    share: f64,
    ordinal: usize,
    name: String,
    kept: usize,
    chars: usize,
}

impl Default for Report {
    fn default() -> Report {
        Report::new()
    }
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report {
            docs: 0,
            kept: Count::default(),
            removed: Count::default(),
            blank: 0,
            categories: BTreeMap::new(),
            rules: BTreeMap::new(),
            langs: BTreeMap::new(),
            empty: 0,
            sampled: Vec::new(),
            least: Vec::new(),
            most: Vec::new(),
            held: BTreeMap::new(),
            rng: Rng(0x9e37_79b9_7f4a_7c15),
        }
    }

    /// Folds `page` into the report.
    pub fn add(&mut self, mut page: Page) {
        let ordinal = self.docs;
        self.docs += 1;
        let (kept, removed) = page.chars();
        let lang = page.lang.clone().unwrap_or_else(|| "und".into());
        let l = self.langs.entry(lang).or_default();
        l.0 += 1;
        l.1 += kept + removed;
        for (n, line) in page.lines.iter().enumerate() {
            match &line.verdict {
                LineVerdict::Kept => self.kept.add(line.chars),
                LineVerdict::Blank => self.blank += 1,
                LineVerdict::Removed { category, rule, .. } => {
                    self.removed.add(line.chars);
                    self.categories
                        .entry(category.as_str())
                        .or_default()
                        .add(line.chars);
                    self.sample_rule(rule, *category, ordinal, n, line);
                }
            }
        }
        page.lines.truncate(SHOWN_LINES);
        if kept + removed == 0 {
            self.empty += 1;
            self.sample_page(ordinal, page);
            return;
        }
        let e = Extreme {
            share: kept as f64 / (kept + removed) as f64,
            ordinal,
            name: page.name.clone(),
            kept,
            chars: kept + removed,
        };
        let least = offer(&mut self.least, e.clone(), 1.0);
        let most = offer(&mut self.most, e, -1.0);
        if least.is_kept() || most.is_kept() {
            self.held.insert(ordinal, page.clone());
        }
        for out in [least, most] {
            if let Offer::Displaced(o) = out {
                let listed = |l: &[Extreme]| l.iter().any(|e| e.ordinal == o);
                if !listed(&self.least) && !listed(&self.most) {
                    self.held.remove(&o);
                }
            }
        }
        self.sample_page(ordinal, page);
    }

    /// Counts a removal by `rule` and offers the line to its sample
    /// (reservoir sampling: each removed line equally likely).
    fn sample_rule(
        &mut self,
        rule: &str,
        category: Category,
        ordinal: usize,
        n: usize,
        line: &PageLine,
    ) {
        if !self.rules.contains_key(rule) {
            self.rules.insert(rule.to_string(), RuleTotals::default());
        }
        let r = self.rules.get_mut(rule).expect("inserted above");
        r.category = Some(category);
        r.count.add(line.chars);
        r.seen += 1;
        let entry = || (ordinal, n + 1, line.text.clone());
        if r.seen <= RULE_SAMPLES {
            r.sample.push(entry());
        } else {
            let k = self.rng.below(r.seen);
            if k < RULE_SAMPLES {
                r.sample[k] = entry();
            }
        }
    }

    /// Offers `page` to the uniform sample (reservoir sampling).
    fn sample_page(&mut self, ordinal: usize, page: Page) {
        if self.sampled.len() < SAMPLED_DOCS {
            self.sampled.push((ordinal, page));
            return;
        }
        let k = self.rng.below(ordinal + 1);
        if k < SAMPLED_DOCS {
            self.sampled[k] = (ordinal, page);
        }
    }

    /// Writes the report as one HTML page.
    pub fn write_html<W: io::Write>(&self, w: &mut W) -> io::Result<()> {
        let mut shown: Vec<(usize, &Page)> = self
            .sampled
            .iter()
            .map(|(o, p)| (*o, p))
            .chain(self.held.iter().map(|(o, p)| (*o, p)))
            .collect();
        shown.sort_by_key(|(o, _)| *o);
        shown.dedup_by_key(|(o, _)| *o);
        let linked =
            |o: usize| shown.binary_search_by_key(&o, |(x, _)| *x).is_ok();
        w.write_all(HEAD.as_bytes())?;
        self.write_overview(w)?;
        self.write_extremes(w)?;
        self.write_rules(w, &linked)?;
        writeln!(w, "<h2 id=\"docs\">Documents</h2>")?;
        writeln!(w, "<p>{} of {} shown: a uniform sample of at most {SAMPLED_DOCS}, and those that kept the least and the most; up to {SHOWN_LINES} lines each, {SHOWN_CHARS} characters a line.</p>", shown.len(), self.docs)?;
        // Each rule's index in the report's order, for links.
        let rules: HashMap<&str, usize> = self
            .rules
            .keys()
            .enumerate()
            .map(|(k, id)| (id.as_str(), k))
            .collect();
        for (ordinal, page) in &shown {
            write_page(w, *ordinal, page, &rules)?;
        }
        w.write_all(TAIL.as_bytes())
    }

    fn write_overview<W: io::Write>(&self, w: &mut W) -> io::Result<()> {
        let chars = self.kept.chars + self.removed.chars;
        writeln!(w, "<h2 id=\"overview\">Overview</h2>")?;
        writeln!(w, "<table class=\"totals\"><tr><th></th><th>lines</th><th>characters</th></tr>")?;
        writeln!(
            w,
            "<tr><td>documents</td><td>{}</td><td>{} empty</td></tr>",
            self.docs, self.empty
        )?;
        writeln!(
            w,
            "<tr><td>kept</td><td>{}</td><td>{} ({})</td></tr>",
            self.kept.lines,
            self.kept.chars,
            percent(self.kept.chars, chars)
        )?;
        writeln!(
            w,
            "<tr><td>removed</td><td>{}</td><td>{} ({})</td></tr>",
            self.removed.lines,
            self.removed.chars,
            percent(self.removed.chars, chars)
        )?;
        writeln!(
            w,
            "<tr><td>blank</td><td>{}</td><td></td></tr></table>",
            self.blank
        )?;
        writeln!(w, "<h3>By category</h3>")?;
        let by_category = self
            .categories
            .iter()
            .map(|(c, n)| (c.to_string(), format!("cat-{c}"), *n, None));
        bars(w, by_category, chars)?;
        writeln!(w, "<h3>By rule</h3>")?;
        let mut rules: Vec<_> = self.rules.iter().enumerate().collect();
        rules.sort_by_key(|(_, (_, r))| std::cmp::Reverse(r.count.chars));
        let by_rule = rules.iter().map(|(k, (id, r))| {
            let cat = r.category.map_or("", |c| c.as_str());
            (
                id.to_string(),
                format!("cat-{cat}"),
                r.count,
                Some(format!("#rule-{k}")),
            )
        });
        bars(w, by_rule, chars)?;
        writeln!(w, "<h3>By language</h3>")?;
        writeln!(w, "<table class=\"totals\"><tr><th>language</th><th>documents</th><th>characters</th></tr>")?;
        for (lang, (docs, chars)) in &self.langs {
            writeln!(
                w,
                "<tr><td>{}</td><td>{docs}</td><td>{chars}</td></tr>",
                escape(lang)
            )?;
        }
        writeln!(w, "</table>")
    }

    fn write_extremes<W: io::Write>(&self, w: &mut W) -> io::Result<()> {
        writeln!(w, "<h2 id=\"extremes\">Likely mistakes</h2>")?;
        for (title, list) in
            [("Kept the least", &self.least), ("Kept the most", &self.most)]
        {
            writeln!(w, "<h3>{title}</h3><ol>")?;
            for e in list.iter() {
                writeln!(w, "<li><a href=\"#doc-{}\">{}</a>: kept {:.1} % ({} of {} characters)</li>", e.ordinal, escape(&e.name), 100.0 * e.share, e.kept, e.chars)?;
            }
            writeln!(w, "</ol>")?;
        }
        Ok(())
    }

    fn write_rules<W: io::Write>(
        &self,
        w: &mut W,
        linked: &dyn Fn(usize) -> bool,
    ) -> io::Result<()> {
        writeln!(w, "<h2 id=\"rules\">Rules</h2>")?;
        for (k, (id, r)) in self.rules.iter().enumerate() {
            let cat = r.category.map_or("", |c| c.as_str());
            writeln!(w, "<section class=\"rule\" id=\"rule-{k}\"><h3><span class=\"tag cat-{cat}\">{cat}</span> {}</h3>", escape(id))?;
            writeln!(
                w,
                "<p>{} lines, {} characters. A sample:</p><ul>",
                r.count.lines, r.count.chars
            )?;
            let mut sample = r.sample.clone();
            sample.sort();
            for (ordinal, line, text) in &sample {
                let text = escape(text);
                match linked(*ordinal) && *line <= SHOWN_LINES {
                    true => writeln!(w, "<li><a href=\"#doc-{ordinal}-{line}\">{text}</a></li>")?,
                    false => writeln!(w, "<li>{text} <span class=\"faint\">(document {}, not shown)</span></li>", ordinal + 1)?,
                }
            }
            writeln!(w, "</ul></section>")?;
        }
        Ok(())
    }
}

/// What offering a document to a list of extremes did.
enum Offer {
    /// Not kept.
    Refused,
    /// Kept, the list not full.
    Kept,
    /// Kept, in place of the document with this ordinal.
    Displaced(usize),
}

impl Offer {
    fn is_kept(&self) -> bool {
        !matches!(self, Offer::Refused)
    }
}

/// Keeps `e` among the [`EXTREMES`] of `list` with the lowest `sign`
/// times share (the earliest first among equals), in that order.
fn offer(list: &mut Vec<Extreme>, e: Extreme, sign: f64) -> Offer {
    let key = |x: &Extreme| sign * x.share;
    let at = list.partition_point(|x| key(x) <= key(&e));
    if at == EXTREMES {
        return Offer::Refused;
    }
    list.insert(at, e);
    match list.len() > EXTREMES {
        true => Offer::Displaced(list.pop().expect("full").ordinal),
        false => Offer::Kept,
    }
}

/// Writes one document, line by line, with its filter; `rules` gives
/// each rule's index (every rule the page's lines name is in it).
fn write_page<W: io::Write>(
    w: &mut W,
    ordinal: usize,
    page: &Page,
    rules: &HashMap<&str, usize>,
) -> io::Result<()> {
    let (kept, removed) = page.chars();
    let lang = page.lang.as_deref().unwrap_or("und");
    writeln!(
        w,
        "<section class=\"doc\" id=\"doc-{ordinal}\"><h3>{}</h3>",
        escape(&page.name)
    )?;
    writeln!(w, "<p>language {} (confidence {:.2}); {} lines; kept {kept}, removed {removed} characters. Show <select class=\"filter\"><option value=\"\">every line</option>", escape(lang), page.confidence, page.lines.len())?;
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for line in &page.lines {
        if let LineVerdict::Removed { category, rule, .. } = &line.verdict {
            if !seen.iter().any(|(_, r)| r == rule) {
                seen.push((category.as_str(), rule));
            }
        }
    }
    let mut cats: Vec<&str> = seen.iter().map(|(c, _)| *c).collect();
    cats.sort();
    cats.dedup();
    for c in cats {
        writeln!(w, "<option value=\"cat-{c}\">category {c}</option>")?;
    }
    seen.sort();
    for &(_, rule) in &seen {
        let k = rules[rule];
        writeln!(
            w,
            "<option value=\"rule-{k}\">rule {}</option>",
            escape(rule)
        )?;
    }
    writeln!(w, "</select></p><div class=\"lines\">")?;
    for (n, line) in page.lines.iter().enumerate() {
        let id = format!("doc-{ordinal}-{}", n + 1);
        match &line.verdict {
            LineVerdict::Kept => writeln!(w, "<div class=\"l kept\" id=\"{id}\"><span class=\"why\"></span>{}</div>", escape(&line.text))?,
            LineVerdict::Blank => writeln!(w, "<div class=\"l blank\" id=\"{id}\"><span class=\"why\"></span>{}</div>", escape(&line.text))?,
            LineVerdict::Removed { category, rule, score } => {
                let k = rules[rule.as_str()];
                let score = score.map_or(String::new(), |s| format!(" {s:.3}"));
                let c = category.as_str();
                writeln!(w, "<div class=\"l removed cat-{c} rule-{k}\" id=\"{id}\"><a class=\"why\" href=\"#rule-{k}\">{c} {}{score}</a>{}</div>", escape(rule), escape(&line.text))?;
            }
        }
    }
    writeln!(w, "</div></section>")
}

/// Writes one bar a row: label, count, share of `total` characters.
fn bars<W: io::Write>(
    w: &mut W,
    rows: impl Iterator<Item = (String, String, Count, Option<String>)>,
    total: usize,
) -> io::Result<()> {
    writeln!(w, "<table class=\"bars\"><tr><th></th><th>lines</th><th>characters</th><th>share of all characters</th></tr>")?;
    let rows: Vec<_> = rows.collect();
    // The longest bar spans the column.
    let most = rows.iter().map(|r| r.2.chars).max().unwrap_or(0).max(1);
    for (label, class, count, href) in rows {
        let label = match href {
            Some(h) => format!("<a href=\"{h}\">{}</a>", escape(&label)),
            None => escape(&label),
        };
        let share = match total {
            0 => 0.0,
            _ => 100.0 * count.chars as f64 / total as f64,
        };
        let width = 80.0 * count.chars as f64 / most as f64;
        writeln!(w, "<tr><td>{label}</td><td>{}</td><td>{}</td><td><span class=\"bar {class}\" style=\"width:{width:.1}%\"></span> {share:.1} %</td></tr>", count.lines, count.chars)?;
    }
    writeln!(w, "</table>")
}

fn percent(part: usize, whole: usize) -> String {
    match whole {
        0 => "0 %".to_string(),
        _ => format!("{:.1} %", 100.0 * part as f64 / whole as f64),
    }
}

/// `text` with the five characters that HTML gives meaning to replaced
/// by their references: safe as element content and quoted attribute
/// value alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const HEAD: &str = r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>deboiler report</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 72em; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; } td, th { padding: 2px 10px; text-align: left; vertical-align: top; }
table.bars td:last-child { width: 22em; }
.bar { display: inline-block; height: 0.9em; min-width: 1px; vertical-align: middle; outline: 1px solid #0004; }
.tag { padding: 0 5px; border-radius: 3px; font-size: 0.85em; }
.lines { font: 13px/1.4 ui-monospace, monospace; border: 1px solid #ddd; padding: 4px; }
.l { padding: 0 4px; white-space: pre-wrap; word-break: break-word; } .l .why { display: inline-block; min-width: 16em; margin-right: 1em; font-size: 0.85em; color: #555; }
.kept { background: #eefbea; } .blank { opacity: 0.35; min-height: 1.2em; }
.removed { color: #7a1c1c; }
.faint { color: #888; } .doc h3 { margin-bottom: 0.2em; } .hidden { display: none; }
.cat-related { background: #fde2cf; } .cat-sidebar { background: #fbe0e8; } .cat-share { background: #e4dcf7; }
.cat-footer { background: #dde3ea; } .cat-caption { background: #fff1bd; } .cat-byline { background: #d8eefa; }
.cat-metadata { background: #e2f0f0; } .cat-junk { background: #e9e9e9; } .cat-duplicate { background: #f4d9d0; }
.cat-navigation { background: #dfe8d0; } .cat-advert { background: #f8d3d3; } .cat-consent { background: #eadff0; }
.cat-comments { background: #f2e6d8; } .cat-title { background: #d9e7f7; }
nav a { margin-right: 1em; }
</style></head><body>
<h1>deboiler report</h1>
<nav><a href="#overview">Overview</a><a href="#extremes">Likely mistakes</a><a href="#rules">Rules</a><a href="#docs">Documents</a></nav>
"##;

const TAIL: &str = r#"<script>
for (const select of document.querySelectorAll("select.filter")) {
  select.addEventListener("change", () => {
    const want = select.value;
    const lines = select.closest("section").querySelectorAll(".l");
    for (const line of lines) {
      line.classList.toggle("hidden", want !== "" && !line.classList.contains(want));
    }
  });
}
</script>
</body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, kept: usize, removed: usize) -> Page {
        let mut lines =
            vec![PageLine::new("kept line", LineVerdict::Kept); kept];
        let gone = LineVerdict::Removed {
            category: Category::Share,
            rule: "en/share".into(),
            score: None,
        };
        lines.extend(vec![PageLine::new("Share this", gone); removed]);
        Page {
            name: name.into(),
            lang: Some("en".into()),
            confidence: 1.0,
            lines,
        }
    }

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape("<script>a&'\"</script>"),
            "&lt;script&gt;a&amp;&#39;&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn what_is_shown_is_bounded_and_the_extremes_are_kept() {
        let mut r = Report::new();
        for i in 0..5000 {
            r.add(page(&format!("d{i}"), 1 + i % 7, i % 5));
        }
        r.add(page("all gone", 0, 3));
        r.add(page("all kept", 4, 0));
        assert_eq!(r.sampled.len(), SAMPLED_DOCS);
        assert_eq!((r.least.len(), r.most.len()), (EXTREMES, EXTREMES));
        assert_eq!(r.least[0].name, "all gone");
        assert_eq!(r.least[0].share, 0.0);
        assert_eq!(r.most[0].share, 1.0);
        let listed: Vec<usize> =
            r.least.iter().chain(&r.most).map(|e| e.ordinal).collect();
        assert!(r.held.keys().all(|o| listed.contains(o)));
        assert!(listed.iter().all(|o| r.held.contains_key(o)));
        let rule = &r.rules["en/share"];
        assert_eq!(rule.sample.len(), RULE_SAMPLES);
        assert_eq!(
            rule.count.lines,
            (0..5000).map(|i| i % 5).sum::<usize>() + 3
        );
        let mut html = Vec::new();
        r.write_html(&mut html).unwrap();
        assert!(html.len() < 2 << 20, "{} bytes", html.len());
    }

    #[test]
    fn a_long_line_is_cut_and_counted_whole() {
        let line =
            PageLine::new(&"é".repeat(SHOWN_CHARS + 50), LineVerdict::Kept);
        assert_eq!(line.chars, SHOWN_CHARS + 50);
        assert_eq!(line.text.chars().count(), SHOWN_CHARS + 1);
    }
}
