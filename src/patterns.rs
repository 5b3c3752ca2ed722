//! Stage 0: pattern sets, the data half of the cleaner.
//!
//! A pattern set is a TOML file for one language (or `common`, for every
//! language) holding rules and the language's stop words. The built-in sets
//! in `patterns/` are compiled into the binary; users add files of their own
//! with [`Patterns::add_file`], where a rule with the id of an existing rule
//! of the same language replaces it, and `enabled = false` removes it.
//!
//! ```toml
//! lang = "vi"
//! stopwords = ["và", "của", "là"]
//!
//! [[rule]]
//! id = "related-heading"
//! category = "related"
//! scope = "region"
//! literal = ["Tin liên quan", "Bài liên quan"]
//! ```
//!
//! Every error names the file, the line and the problem.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::Deserialize;

use crate::error::Error;

/// The built-in sets, embedded at compile time: (file name, contents).
const BUILTIN: &[(&str, &str)] = &[
    ("common.toml", include_str!("../patterns/common.toml")),
    ("de.toml", include_str!("../patterns/de.toml")),
    ("en.toml", include_str!("../patterns/en.toml")),
    ("es.toml", include_str!("../patterns/es.toml")),
    ("fr.toml", include_str!("../patterns/fr.toml")),
    ("id.toml", include_str!("../patterns/id.toml")),
    ("it.toml", include_str!("../patterns/it.toml")),
    ("ja.toml", include_str!("../patterns/ja.toml")),
    ("ko.toml", include_str!("../patterns/ko.toml")),
    ("pt.toml", include_str!("../patterns/pt.toml")),
    ("ru.toml", include_str!("../patterns/ru.toml")),
    ("vi.toml", include_str!("../patterns/vi.toml")),
    ("zh.toml", include_str!("../patterns/zh.toml")),
];

/// The language name of the set whose rules apply to every document.
pub const COMMON: &str = "common";

/// What kind of boilerplate a removed line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Related-article links and their teasers.
    Related,
    /// Unrelated headlines from a sidebar or a "popular" box.
    Sidebar,
    /// Share, follow and subscribe widgets.
    Share,
    /// Site footers: copyright, legal and contact lines.
    Footer,
    /// Photo captions and credits.
    Caption,
    /// Author and source credits on their own line.
    Byline,
    /// Dates, times, counters and other page metadata.
    Metadata,
    /// Image file names, hashes and other non-text debris.
    Junk,
    /// A line printed again.
    Duplicate,
    /// Menus, breadcrumbs, tables of contents and "see more" labels.
    Navigation,
    /// Advertisements and sponsored-content labels.
    Advert,
    /// Cookie and consent notices.
    Consent,
    /// Comment sections and their prompts.
    Comments,
    /// The article's title, removed only when asked (`--title drop`).
    Title,
}

impl Category {
    /// Every category, in the order the audit summary lists them.
    pub const ALL: [Category; 14] = [
        Category::Related,
        Category::Sidebar,
        Category::Share,
        Category::Footer,
        Category::Caption,
        Category::Byline,
        Category::Metadata,
        Category::Junk,
        Category::Duplicate,
        Category::Navigation,
        Category::Advert,
        Category::Consent,
        Category::Comments,
        Category::Title,
    ];

    /// The lower-case name used in pattern files and audits.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Related => "related",
            Category::Sidebar => "sidebar",
            Category::Share => "share",
            Category::Footer => "footer",
            Category::Caption => "caption",
            Category::Byline => "byline",
            Category::Metadata => "metadata",
            Category::Junk => "junk",
            Category::Duplicate => "duplicate",
            Category::Navigation => "navigation",
            Category::Advert => "advert",
            Category::Consent => "consent",
            Category::Comments => "comments",
            Category::Title => "title",
        }
    }
}

impl Category {
    /// Its Dolma attribute name, `deboiler__<category>`.
    pub fn attribute(self) -> &'static str {
        match self {
            Category::Related => "deboiler__related",
            Category::Sidebar => "deboiler__sidebar",
            Category::Share => "deboiler__share",
            Category::Footer => "deboiler__footer",
            Category::Caption => "deboiler__caption",
            Category::Byline => "deboiler__byline",
            Category::Metadata => "deboiler__metadata",
            Category::Junk => "deboiler__junk",
            Category::Duplicate => "deboiler__duplicate",
            Category::Navigation => "deboiler__navigation",
            Category::Advert => "deboiler__advert",
            Category::Consent => "deboiler__consent",
            Category::Comments => "deboiler__comments",
            Category::Title => "deboiler__title",
        }
    }
}

impl FromStr for Category {
    type Err = String;

    fn from_str(s: &str) -> Result<Category, String> {
        Category::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| {
            let names: Vec<_> = Category::ALL.map(Category::as_str).to_vec();
            format!("unknown category {s:?} (one of: {})", names.join(", "))
        })
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which part of a line a rule's pattern must cover.
///
/// Lines are matched after trimming white space, a leading bullet and
/// trailing separators (`:`, `»`, `|` and the like).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The pattern is the whole line.
    Line,
    /// The line starts with the pattern (at a word boundary).
    Start,
    /// The line ends with the pattern (at a word boundary).
    End,
    /// The pattern occurs anywhere in the line (as whole words).
    Any,
    /// The pattern is the whole line, and the line heads a region of
    /// link and teaser lines that is removed with it.
    Region,
    /// The pattern is the whole line, and the line ends the article (a
    /// comments section, an author box): it and everything after it are
    /// removed, when at least as much running text comes before it as
    /// half of what follows it.
    Tail,
}

impl Scope {
    /// The name used in pattern files.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Line => "line",
            Scope::Start => "start",
            Scope::End => "end",
            Scope::Any => "any",
            Scope::Region => "region",
            Scope::Tail => "tail",
        }
    }

    /// The longest line, in characters, that a rule of this scope judges
    /// when its file names no `max_chars`: a phrase at the edge of a long
    /// paragraph is part of the paragraph, and no heading or label is
    /// paragraph-long.
    fn default_max_chars(self) -> usize {
        match self {
            Scope::Line | Scope::Region | Scope::Tail => 300,
            Scope::Start | Scope::End | Scope::Any => 200,
        }
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Scope, String> {
        match s {
            "line" => Ok(Scope::Line),
            "start" => Ok(Scope::Start),
            "end" => Ok(Scope::End),
            "any" => Ok(Scope::Any),
            "region" => Ok(Scope::Region),
            "tail" => Ok(Scope::Tail),
            _ => Err(format!(
                "unknown scope {s:?} (one of: line, start, end, any, region, tail)"
            )),
        }
    }
}

/// How a rule's patterns are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Phrases, matched case-insensitively as they are.
    Literal(Vec<String>),
    /// Regular expressions (Rust `regex` syntax), case-insensitive.
    Regex(Vec<String>),
}

impl Kind {
    /// `literal` or `regex`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Literal(_) => "literal",
            Kind::Regex(_) => "regex",
        }
    }
}

/// How a language's words are compared with the article's own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Terms {
    /// Single words (minus stop words): most languages.
    #[default]
    Words,
    /// Pairs of neighbouring words: languages such as Vietnamese whose
    /// words are single syllables shared by unrelated texts.
    Bigrams,
}

/// One rule of a pattern set.
#[derive(Clone, Debug)]
pub struct Rule {
    /// `lang/name`, such as `vi/related-heading`.
    pub id: String,
    /// The language of its set, or [`COMMON`].
    pub lang: String,
    /// The category of the lines it removes.
    pub category: Category,
    /// Which part of a line it must cover.
    pub scope: Scope,
    /// Its patterns.
    pub kind: Kind,
    /// The longest line, in characters, it judges.
    pub max_chars: usize,
    /// Where it was written: `built-in:vi.toml:12` or `path:line`.
    pub source: String,
}

/// One language's set: its rules, stop words and term kind.
#[derive(Clone, Debug, Default)]
pub struct PatternSet {
    /// The language code (ISO 639-1, such as `vi`), or [`COMMON`].
    pub lang: String,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// Lower-case stop words.
    pub stopwords: Vec<String>,
    /// How the language's words are compared for overlap.
    pub terms: Terms,
}

/// Every loaded pattern set, the built-in ones first.
#[derive(Clone, Debug, Default)]
pub struct Patterns {
    sets: Vec<PatternSet>,
}

impl Patterns {
    /// The built-in sets.
    ///
    /// # Panics
    ///
    /// If a built-in file is broken; the test suite loads them all.
    pub fn builtin() -> Patterns {
        let mut patterns = Patterns::default();
        for (name, text) in BUILTIN {
            let origin = format!("built-in:{name}");
            let file = parse(&origin, text).unwrap_or_else(|e| panic!("{e}"));
            patterns.merge(file);
        }
        patterns
    }

    /// Adds the set in the TOML file at `path`, extending or overriding
    /// the sets already loaded.
    pub fn add_file(&mut self, path: &Path) -> Result<(), Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(path.display().to_string(), e))?;
        let file = parse(&path.display().to_string(), &text)?;
        self.merge(file);
        Ok(())
    }

    /// Adds every `*.toml` file of `dir`, in name order.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir.display().to_string(), e))?;
        let mut paths = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| Error::io(dir.display().to_string(), e))?;
            let path = entry.path();
            if path.extension().is_some_and(|x| x == "toml") {
                paths.push(path);
            }
        }
        paths.sort();
        if paths.is_empty() {
            let msg = "no *.toml pattern files in this folder";
            return Err(Error::pattern(dir.display().to_string(), msg));
        }
        paths.iter().try_for_each(|p| self.add_file(p))
    }

    /// Removes the rule `id` (such as `en/share`); false if none has it.
    pub fn disable(&mut self, id: &str) -> bool {
        for set in &mut self.sets {
            if let Some(i) = set.rules.iter().position(|r| r.id == id) {
                set.rules.remove(i);
                return true;
            }
        }
        false
    }

    /// The loaded sets.
    pub fn sets(&self) -> &[PatternSet] {
        &self.sets
    }

    /// The set of `lang`, if one is loaded.
    pub fn set(&self, lang: &str) -> Option<&PatternSet> {
        self.sets.iter().find(|s| s.lang == lang)
    }

    /// Merges a parsed file: same-id rules are replaced in place, disabled
    /// ones removed, new ones appended; stop words are added.
    fn merge(&mut self, file: ParsedFile) {
        let pos = match self.sets.iter().position(|s| s.lang == file.lang) {
            Some(pos) => pos,
            None => {
                let set = PatternSet {
                    lang: file.lang.clone(),
                    ..PatternSet::default()
                };
                self.sets.push(set);
                self.sets.len() - 1
            }
        };
        let set = &mut self.sets[pos];
        if let Some(terms) = file.terms {
            set.terms = terms;
        }
        set.stopwords.extend(file.stopwords);
        for (rule, enabled) in file.rules {
            let old = set.rules.iter().position(|r| r.id == rule.id);
            match (old, enabled) {
                (Some(i), true) => set.rules[i] = rule,
                (Some(i), false) => {
                    set.rules.remove(i);
                }
                (None, true) => set.rules.push(rule),
                (None, false) => {}
            }
        }
    }
}

/// A file after parsing and checking, before merging.
struct ParsedFile {
    lang: String,
    stopwords: Vec<String>,
    terms: Option<Terms>,
    /// Each rule with its `enabled` flag.
    rules: Vec<(Rule, bool)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDe {
    lang: String,
    #[serde(default)]
    stopwords: Vec<String>,
    terms: Option<String>,
    #[serde(default)]
    rule: Vec<toml::Spanned<RuleDe>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDe {
    id: String,
    category: String,
    scope: String,
    literal: Option<Vec<String>>,
    regex: Option<Vec<String>>,
    max_chars: Option<usize>,
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

/// Parses and checks one pattern file; `origin` names it in errors.
fn parse(origin: &str, text: &str) -> Result<ParsedFile, Error> {
    let file: FileDe = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        Error::pattern(format!("{origin}:{line}"), e.message().trim())
    })?;
    let lang = file.lang.trim().to_lowercase();
    if lang.is_empty() || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        let msg = format!("lang {:?} is not a language code", file.lang);
        return Err(Error::pattern(format!("{origin}:1"), msg));
    }
    let terms = match file.terms.as_deref() {
        None => None,
        Some("words") => Some(Terms::Words),
        Some("bigrams") => Some(Terms::Bigrams),
        Some(other) => {
            let msg =
                format!("terms {other:?} is not \"words\" or \"bigrams\"");
            return Err(Error::pattern(format!("{origin}:1"), msg));
        }
    };
    let stopwords = file.stopwords.iter().map(|w| w.to_lowercase()).collect();
    let mut rules: Vec<(Rule, bool)> = Vec::new();
    for spanned in file.rule {
        let line = line_of(text, spanned.span().start);
        let at = format!("{origin}:{line}");
        let rule = check_rule(&lang, &at, spanned.into_inner())?;
        if rules.iter().any(|(r, _)| r.id == rule.0.id) {
            let msg =
                format!("rule id {:?} is used twice in this file", rule.0.id);
            return Err(Error::pattern(at, msg));
        }
        rules.push(rule);
    }
    Ok(ParsedFile { lang, stopwords, terms, rules })
}

/// Checks one rule: its id, category, scope, patterns and regex syntax.
fn check_rule(
    lang: &str,
    at: &str,
    de: RuleDe,
) -> Result<(Rule, bool), Error> {
    let bad = |msg: String| Error::pattern(at.to_string(), msg);
    let name_ok =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if de.id.is_empty() || !de.id.chars().all(name_ok) {
        return Err(bad(format!(
            "rule id {:?} must be lower-case letters, digits and '-'",
            de.id
        )));
    }
    let category = de.category.parse::<Category>().map_err(&bad)?;
    let scope = de.scope.parse::<Scope>().map_err(&bad)?;
    let kind = match (de.literal, de.regex) {
        (Some(l), None) => Kind::Literal(l),
        (None, Some(r)) => Kind::Regex(r),
        _ => {
            let msg = format!(
                "rule {:?} needs exactly one of literal or regex",
                de.id
            );
            return Err(bad(msg));
        }
    };
    check_patterns(&de.id, &kind).map_err(bad)?;
    let rule = Rule {
        id: format!("{lang}/{}", de.id),
        lang: lang.to_string(),
        category,
        scope,
        kind,
        max_chars: de.max_chars.unwrap_or(scope.default_max_chars()),
        source: at.to_string(),
    };
    Ok((rule, de.enabled))
}

/// Rejects empty pattern lists, blank phrases and invalid regexes.
fn check_patterns(id: &str, kind: &Kind) -> Result<(), String> {
    let (Kind::Literal(list) | Kind::Regex(list)) = kind;
    if list.is_empty() {
        return Err(format!("rule {id:?} has an empty pattern list"));
    }
    for pattern in list {
        if pattern.trim().is_empty() {
            return Err(format!("rule {id:?} has a blank pattern"));
        }
        if let Kind::Regex(_) = kind {
            check_regex(id, pattern)?;
        }
    }
    Ok(())
}

/// Checks a regex's syntax (compiling waits until a document needs its
/// language), and refuses Unicode word boundaries: the fast engines give
/// up on them in non-ASCII text, and one such rule slows every line.
fn check_regex(id: &str, pattern: &str) -> Result<(), String> {
    if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
        return Err(format!("rule {id:?}: bad regex {pattern:?}: {e}"));
    }
    let rest = pattern.replace(r"(?-u:\b)", "").replace(r"(?-u:\B)", "");
    if rest.contains(r"\b") || rest.contains(r"\B") {
        return Err(format!(
            r"rule {id:?}: write (?-u:\b) for a word boundary: a Unicode \b makes matching slow"
        ));
    }
    Ok(())
}

/// The 1-based line number of byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(text: &str) -> String {
        match parse("t.toml", text) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn builtin_sets_load_with_unique_ids() {
        let patterns = Patterns::builtin();
        let mut ids = std::collections::HashSet::new();
        for set in patterns.sets() {
            for rule in &set.rules {
                assert!(ids.insert(rule.id.clone()), "duplicate {}", rule.id);
                assert!(rule.id.starts_with(&format!("{}/", set.lang)));
            }
        }
        for lang in ["common", "vi", "zh", "en", "pt", "ru", "ko", "ja"] {
            assert!(patterns.set(lang).is_some(), "no set for {lang}");
        }
        for lang in ["id", "it", "de", "es", "fr"] {
            assert!(patterns.set(lang).is_some(), "no set for {lang}");
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "lang = \"vi\"\n\n[[rule]]\nid = \"x\"\ncategory = \"nope\"\nscope = \"line\"\nliteral = [\"a\"]\n";
        let err = parse_err(text);
        assert!(err.contains("t.toml:3"), "{err}");
        assert!(err.contains("unknown category \"nope\""), "{err}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse_err("lang = \"vi\"\n[[rule]\n");
        assert!(err.contains("t.toml:2"), "{err}");
    }

    #[test]
    fn bad_regex_is_reported() {
        let text = "lang = \"en\"\n[[rule]]\nid = \"r\"\ncategory = \"junk\"\nscope = \"line\"\nregex = [\"(\"]\n";
        let err = parse_err(text);
        assert!(
            err.contains("t.toml:2") && err.contains("bad regex"),
            "{err}"
        );
    }

    #[test]
    fn rule_needs_one_kind() {
        let text = "lang = \"en\"\n[[rule]]\nid = \"r\"\ncategory = \"junk\"\nscope = \"line\"\n";
        assert!(parse_err(text).contains("exactly one of literal or regex"));
    }

    #[test]
    fn user_file_overrides_and_disables() {
        let mut patterns = Patterns::builtin();
        let before = patterns.set("vi").unwrap().rules.len();
        let user = "lang = \"vi\"\n[[rule]]\nid = \"related-heading\"\ncategory = \"related\"\nscope = \"region\"\nliteral = [\"Chỉ một\"]\n[[rule]]\nid = \"share\"\ncategory = \"share\"\nscope = \"line\"\nliteral = [\"x\"]\nenabled = false\n[[rule]]\nid = \"mine\"\ncategory = \"junk\"\nscope = \"line\"\nliteral = [\"y\"]\n";
        patterns.merge(parse("u.toml", user).unwrap());
        let vi = patterns.set("vi").unwrap();
        assert_eq!(vi.rules.len(), before);
        let related = vi.rules.iter().find(|r| r.id == "vi/related-heading");
        assert_eq!(
            related.unwrap().kind,
            Kind::Literal(vec!["Chỉ một".into()])
        );
        assert!(vi.rules.iter().all(|r| r.id != "vi/share"));
        assert!(vi.rules.iter().any(|r| r.id == "vi/mine"));
    }
}
