//! Stage 3b: pattern rules, compiled once and matched against line cores.
//!
//! For each language the rules of its set and of the common set are
//! compiled together into three Aho-Corasick automata: the phrases that
//! start a line and the regexes' leading atoms ([`crate::gate`]), walked
//! anchored from the line's start; the phrases that end it, spelled
//! backwards and walked from its end; the other phrases and atoms, one
//! scan. A regex is asked only of lines where its atoms were found; each
//! is compiled once, on first use, for every language that has it.
//! Matching a line costs about the same whatever the number of rules. When
//! several rules hit a line, the one written first wins, language rules
//! before common ones. A language is compiled the first time a document
//! needs it, once, whichever thread gets there first.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind, PatternID};
use regex::{Regex, RegexBuilder};

use crate::error::Error;
use crate::gate::{self, Atoms, FirstBytes, Needs};
use crate::patterns::{Kind, Patterns, Rule, Scope, COMMON};
use crate::shape::is_cjk;
use crate::vocab::Lexicon;

/// Index of a pattern rule in its [`RuleBook`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleIndex(pub(crate) u32);

/// Every pattern rule, compiled per language.
#[derive(Debug)]
pub struct RuleBook {
    rules: Vec<Rule>,
    /// Every regex of every rule, anchored per its scope, with its rule;
    /// compiled the first time a line is asked of it, once for all the
    /// languages whose matchers share it (the common rules' regexes are
    /// in every language's).
    regexes: Vec<(String, u32, OnceLock<Regex>)>,
    common: Lazy,
    langs: HashMap<String, Language>,
}

/// What a language brings: its rules, stop words and term kind.
#[derive(Debug)]
pub struct Language {
    /// The rules of the language and of the common set, compiled on use.
    rules: Lazy,
    /// Its stop words and term kind.
    pub lexicon: Lexicon,
}

/// Rule indices, and their matcher once a document needs it.
#[derive(Debug)]
struct Lazy {
    ids: Vec<u32>,
    matcher: OnceLock<Matcher>,
}

impl Lazy {
    fn new(ids: Vec<u32>) -> Lazy {
        Lazy { ids, matcher: OnceLock::new() }
    }

    fn get(&self, book: &RuleBook) -> &Matcher {
        self.matcher.get_or_init(|| Matcher::new(book, &self.ids))
    }
}

/// The compiled rules of one language (plus the common ones).
#[derive(Debug)]
pub struct Matcher {
    /// Phrases of the scopes anchored at the line's start (line, start,
    /// region, tail) and the regexes' leading atoms, walked anchored from
    /// the line's start.
    starting: Option<Literals<Box<NFA>>>,
    /// Phrases that end the line, spelled backwards and walked anchored
    /// from its end.
    ending: Option<Literals<Box<NFA>>>,
    /// Phrases found anywhere and the regexes' other atoms: one scan.
    anywhere: Option<Literals<Box<DFA>>>,
    /// Its regexes, each with its rule and gates.
    regexes: Vec<Gated>,
    /// The regexes without atoms, asked of every line.
    open: Vec<u32>,
    /// The longest line any rule judges: longer lines are not matched.
    max_chars: usize,
    /// Precedence of each rule of the book, by index (lower wins); rules
    /// not in the matcher are never found, their rank is unused.
    rank: Vec<u32>,
}

/// A regex of a matcher.
#[derive(Debug)]
struct Gated {
    /// Its index among the book's.
    regex: u32,
    /// Its rule.
    rule: u32,
    /// Whether it is matched on the line's last [`END_WINDOW`] characters
    /// (scope end) rather than its core.
    at_end: bool,
    /// The bytes a core must start with for it to match, when it is
    /// anchored at the core's start and they are few.
    first: Option<FirstBytes>,
    /// What else the text it is matched on must hold.
    needs: Needs,
}

/// How much of a line's end the end-anchored regexes see, in characters:
/// credits and captions they look for are short, and a bounded window
/// keeps the scan off the rest of the line.
pub const END_WINDOW: usize = 160;

/// What a literal found in a line stands for.
#[derive(Clone, Copy, Debug)]
enum Lit {
    /// A phrase of a rule: the rule hits when the phrase's span fits the
    /// rule's scope.
    Phrase(u32),
    /// An atom of a regex (by index): the regex is asked.
    Atom(u32),
}

/// An automaton of literals: literal i stands for `tags[i]`.
#[derive(Debug)]
struct Literals<A> {
    ac: A,
    tags: Vec<Lit>,
}

/// Literals on their way into an automaton, spelled as its search needs
/// them (ASCII case folded by the automaton).
#[derive(Default)]
struct Spelled {
    bytes: Vec<Vec<u8>>,
    tags: Vec<Lit>,
}

impl Spelled {
    /// Adds a literal; one that holds a line break is left out, as no
    /// line's core holds one.
    fn push(&mut self, bytes: Vec<u8>, tag: Lit) {
        if bytes.contains(&b'\n') {
            return;
        }
        self.bytes.push(bytes);
        self.tags.push(tag);
    }

    /// An anchored automaton of the literals, if any: a compact NFA, as
    /// a walk takes a few steps a line and a DFA's table (megabytes for a
    /// language's phrases) would miss the cache at every one.
    fn anchored(self) -> Option<Literals<Box<NFA>>> {
        if self.bytes.is_empty() {
            return None;
        }
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&self.bytes)
            .expect("literals fit an automaton");
        Some(Literals { ac: Box::new(nfa), tags: self.tags })
    }

    /// An unanchored automaton of the literals, if any: a DFA, as a
    /// scan takes a step at every byte of a line.
    fn unanchored(self) -> Option<Literals<Box<DFA>>> {
        if self.bytes.is_empty() {
            return None;
        }
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .ascii_case_insensitive(true)
            .build(&self.bytes)
            .expect("literals fit an automaton");
        Some(Literals { ac: Box::new(dfa), tags: self.tags })
    }
}

/// Walks `nfa` anchored over `bytes`, calling `f` with every pattern that
/// their beginning spells and its length.
///
/// A state's matches include the patterns that are suffixes of what led
/// to it (the automaton copies them along failure links), which are not
/// prefixes of `bytes`: only patterns as long as the walk so far are.
fn walk_anchored(
    nfa: &NFA,
    bytes: impl Iterator<Item = u8>,
    mut f: impl FnMut(usize, usize),
) {
    let mut sid = nfa.start_state(Anchored::Yes).expect("anchored start");
    for (i, byte) in bytes.enumerate() {
        sid = nfa.next_state(Anchored::Yes, sid, byte);
        if nfa.is_dead(sid) {
            return;
        }
        if nfa.is_match(sid) {
            for k in 0..nfa.match_len(sid) {
                let pattern = nfa.match_pattern(sid, k);
                if nfa.pattern_len(pattern) == i + 1 {
                    f(pattern.as_usize(), i + 1);
                }
            }
        }
    }
}

/// How many parts of a text [`scan`] walks at once.
const LANES: usize = 4;

/// How many bytes of each part [`scan`] walks between two looks at the
/// matches found: at most one per byte and part, so they fit
/// [`Pending`].
const STRIDE: usize = 16;

/// Match states met in one stride of a scan: in which part, after which
/// byte of the stride, and which.
type Pending = [(usize, usize, StateID); LANES * STRIDE];

/// Scans `text` with `dfa`, pushing every pattern found (matches may
/// overlap) with where it ends to the `hits` of the part it is in: the
/// parts are in text order, so `hits` read one after the other are in
/// order of their ends.
///
/// A scan waits at every byte for the load of its next state; scans that
/// do not depend on each other wait at the same time. So the text is cut
/// into [`LANES`] parts of about equal length, at line breaks (no literal
/// holds one, see [`Spelled::push`]: no match crosses one), and the parts
/// are walked side by side, a stride at a time (see [`walk_stride`]).
///
/// An unanchored search under the standard semantics never dies, and
/// without a prefilter its start state is not special: the only special
/// states met are matches.
fn scan(dfa: &DFA, text: &[u8], hits: &mut [Vec<(usize, PatternID)>; LANES]) {
    let start = dfa.start_state(Anchored::No).expect("unanchored start");
    let mut cuts = [text.len(); LANES + 1];
    cuts[0] = 0;
    for k in 1..LANES {
        let from = cuts[k - 1].max(k * text.len() / LANES);
        cuts[k] = memchr::memchr(b'\n', &text[from..])
            .map_or(text.len(), |at| from + at + 1);
    }
    let parts: [&[u8]; LANES] =
        std::array::from_fn(|k| &text[cuts[k]..cuts[k + 1]]);
    let both = parts.iter().map(|p| p.len()).min().unwrap_or(0);
    let mut sids = [start; LANES];
    let mut pending: Pending = [(0, 0, start); LANES * STRIDE];
    for i in (0..both / STRIDE).map(|s| s * STRIDE) {
        // Copied side by side: one index reaches the bytes of every part.
        let strides: [[u8; STRIDE]; LANES] = std::array::from_fn(|k| {
            *parts[k][i..].first_chunk().expect("a stride within the part")
        });
        let found = walk_stride(dfa, &mut sids, &strides, &mut pending);
        for &(k, j, sid) in &pending[..found] {
            report(dfa, sid, |p| hits[k].push((cuts[k] + i + j + 1, p)));
        }
    }
    for k in 0..LANES {
        let mut sid = sids[k];
        let walked = both / STRIDE * STRIDE;
        for (i, &byte) in parts[k].iter().enumerate().skip(walked) {
            sid = dfa.next_state(Anchored::No, sid, byte);
            if dfa.is_special(sid) {
                report(dfa, sid, |p| hits[k].push((cuts[k] + i + 1, p)));
            }
        }
    }
}

/// Walks `dfa` from the states `sids` over one stride of every part,
/// in step, noting in `pending` the match states met; returns how many.
///
/// Nothing but the steps is in the walk (the matches are rare: they are
/// reported once the stride is walked), and it is a function of its own,
/// so that its states have the registers to themselves.
#[inline(never)]
fn walk_stride(
    dfa: &DFA,
    sids: &mut [StateID; LANES],
    strides: &[[u8; STRIDE]; LANES],
    pending: &mut Pending,
) -> usize {
    let mut found = 0;
    // The states in a copy of their own, which stays in registers: the
    // caller's would be written back at every step.
    let mut at = *sids;
    // Byte `j` of every part, then byte `j + 1`: the parts in step.
    #[allow(clippy::needless_range_loop)]
    for j in 0..STRIDE {
        for k in 0..LANES {
            at[k] = dfa.next_state(Anchored::No, at[k], strides[k][j]);
            if dfa.is_special(at[k]) {
                // At most one a byte and part: `found` stays under the
                // length, and the remainder only spares a bounds check.
                pending[found % pending.len()] = (k, j, at[k]);
                found += 1;
            }
        }
    }
    *sids = at;
    found
}

/// Calls `f` with each pattern that match state `sid` has found.
fn report(dfa: &DFA, sid: StateID, mut f: impl FnMut(PatternID)) {
    for k in 0..dfa.match_len(sid) {
        f(dfa.match_pattern(sid, k));
    }
}

impl RuleBook {
    /// Compiles every rule of `patterns`.
    pub fn new(patterns: &Patterns) -> Result<RuleBook, Error> {
        let mut rules = Vec::new();
        let mut by_lang: HashMap<String, Vec<u32>> = HashMap::new();
        for set in patterns.sets() {
            let ids = by_lang.entry(set.lang.clone()).or_default();
            for rule in &set.rules {
                ids.push(rules.len() as u32);
                rules.push(rule.clone());
            }
        }
        let common_ids = by_lang.remove(COMMON).unwrap_or_default();
        let mut langs = HashMap::new();
        for set in patterns.sets().iter().filter(|s| s.lang != COMMON) {
            let mut ids = by_lang[&set.lang].clone();
            ids.extend(&common_ids);
            let language = Language {
                rules: Lazy::new(ids),
                lexicon: Lexicon::new(
                    set.stopwords.iter().map(String::as_str),
                    set.terms,
                ),
            };
            langs.insert(set.lang.clone(), language);
        }
        let regexes = rules
            .iter()
            .enumerate()
            .flat_map(|(id, rule)| {
                let list = match &rule.kind {
                    Kind::Regex(list) => list.as_slice(),
                    Kind::Literal(_) => &[],
                };
                list.iter().map(move |re| {
                    (anchor(re, rule.scope), id as u32, OnceLock::new())
                })
            })
            .collect();
        let book =
            RuleBook { rules, regexes, common: Lazy::new(common_ids), langs };
        book.check_sizes()?;
        Ok(book)
    }

    /// Compiles the regexes of the user's pattern files now, so that one
    /// too big to compile is an error naming its file and rule, not a
    /// panic when a document first needs it. (The built-in ones are
    /// compiled by the test suite.)
    fn check_sizes(&self) -> Result<(), Error> {
        for (pattern, rule, compiled) in &self.regexes {
            let rule = &self.rules[*rule as usize];
            if rule.source.starts_with("built-in:") {
                continue;
            }
            match build_regex(pattern) {
                Ok(re) => {
                    let _ = compiled.set(re);
                }
                Err(e) => {
                    let msg = format!(
                        "rule {:?}: regex too big to compile (the limit is {} MiB): {}",
                        rule.id,
                        REGEX_SIZE_LIMIT >> 20,
                        e.to_string().lines().next().unwrap_or("")
                    );
                    return Err(Error::pattern(rule.source.clone(), msg));
                }
            }
        }
        Ok(())
    }

    /// The matcher of `lang`'s rules and the common ones, or of the common
    /// ones alone.
    pub fn matcher<'a>(&'a self, lang: Option<&'a Language>) -> &'a Matcher {
        lang.map_or(&self.common, |l| &l.rules).get(self)
    }

    /// Regex `i` (see [`RuleBook::regexes`]), compiled.
    ///
    /// # Panics
    ///
    /// If it exceeds the (generous) size limit: a user's were compiled
    /// when the book was built, the built-in ones by the test suite.
    fn regex(&self, i: u32) -> &Regex {
        let (pattern, _, compiled) = &self.regexes[i as usize];
        compiled.get_or_init(|| {
            build_regex(pattern).expect("checked regexes compile")
        })
    }

    /// The rule at `index`.
    pub fn rule(&self, index: RuleIndex) -> &Rule {
        &self.rules[index.0 as usize]
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The codes of the languages with a pattern set.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.langs.keys().map(String::as_str)
    }

    /// The language `code`, if a set for it is loaded.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.langs.get(code)
    }
}

impl Matcher {
    /// Compiles the rules `ids`, whose regexes were checked when their
    /// files were read.
    ///
    /// # Panics
    ///
    /// If an automaton exceeds its (generous) size limit.
    fn new(book: &RuleBook, ids: &[u32]) -> Matcher {
        let rules = &book.rules;
        let (mut starting, mut ending, mut anywhere) =
            (Spelled::default(), Spelled::default(), Spelled::default());
        let (mut regexes, mut open) = (Vec::new(), Vec::new());
        for &id in ids {
            let rule = &rules[id as usize];
            let Kind::Literal(list) = &rule.kind else { continue };
            for phrase in list.iter().flat_map(|p| case_variants(p)) {
                let mut bytes = phrase.into_bytes();
                let tag = Lit::Phrase(id);
                match rule.scope {
                    Scope::End => {
                        bytes.reverse();
                        ending.push(bytes, tag);
                    }
                    Scope::Any => anywhere.push(bytes, tag),
                    _ => starting.push(bytes, tag),
                }
            }
        }
        let in_matcher: std::collections::HashSet<u32> =
            ids.iter().copied().collect();
        for (global, (re, id, _)) in book.regexes.iter().enumerate() {
            if !in_matcher.contains(id) {
                continue;
            }
            let tag = Lit::Atom(regexes.len() as u32);
            let hir = gate::parse(re);
            match hir.as_ref().and_then(Atoms::of) {
                Some(a @ Atoms::Leading(_)) => a
                    .spellings()
                    .into_iter()
                    .for_each(|s| starting.push(s, tag)),
                Some(a @ Atoms::Inner(_)) => a
                    .spellings()
                    .into_iter()
                    .for_each(|s| anywhere.push(s, tag)),
                None => open.push(regexes.len() as u32),
            }
            let at_end = rules[*id as usize].scope == Scope::End;
            regexes.push(Gated {
                regex: global as u32,
                rule: *id,
                at_end,
                first: hir.as_ref().and_then(FirstBytes::of),
                needs: hir.as_ref().map(Needs::of).unwrap_or_default(),
            });
        }
        let max_chars = ids
            .iter()
            .map(|&id| rules[id as usize].max_chars)
            .max()
            .unwrap_or(0);
        let mut rank = vec![u32::MAX; rules.len()];
        for (i, &id) in ids.iter().enumerate() {
            rank[id as usize] = i as u32;
        }
        Matcher {
            starting: starting.anchored(),
            ending: ending.anchored(),
            anywhere: anywhere.unanchored(),
            regexes,
            open,
            max_chars,
            rank,
        }
    }

    /// The winning rule for a line whose core (see [`crate::shape::core`])
    /// is `core` and whose trimmed length is `chars` characters.
    pub fn find(
        &self,
        book: &RuleBook,
        core: &str,
        chars: usize,
    ) -> Option<RuleIndex> {
        let mut found = None;
        self.find_all(book, &[(core, chars)], |_, index| found = Some(index));
        found
    }

    /// The winning rule of each of `lines`, each given as for
    /// [`Matcher::find`] and found as it finds it for the line alone:
    /// calls `f` with the line's index and the rule, in line order.
    ///
    /// The literals found anywhere in a line are found by one scan of the
    /// cores of all the lines judged, one after the other (four parts of
    /// them walked side by side), each hit credited to the core that
    /// holds it.
    pub fn find_all(
        &self,
        book: &RuleBook,
        lines: &[(&str, usize)],
        mut f: impl FnMut(usize, RuleIndex),
    ) {
        let judged = |&(core, chars): &(&str, usize)| {
            !core.is_empty() && chars <= self.max_chars
        };
        // The cores judged, one after the other, each followed by a line
        // break: sized first, so that it never grows.
        let size = lines.iter().filter(|l| judged(l)).map(|l| l.0.len() + 1);
        let mut cores = Vec::with_capacity(size.sum());
        for &(core, _) in lines.iter().filter(|l| judged(l)) {
            cores.extend_from_slice(core.as_bytes());
            cores.push(b'\n');
        }
        // Room for a hit every 64 bytes: the development pages' cores
        // hold one every 100.
        let mut hits: [Vec<_>; LANES] = std::array::from_fn(|_| {
            Vec::with_capacity(cores.len() / 64 / LANES)
        });
        if let Some(a) = &self.anywhere {
            scan(&a.ac, &cores, &mut hits);
        }
        let mut hits = hits.iter().flatten().peekable();
        // Where the core of the line judged next starts in `cores`.
        let mut start = 0;
        for (k, line) in lines.iter().enumerate() {
            if !judged(line) {
                continue;
            }
            let (core, chars) = *line;
            let mut line = Line {
                matcher: self,
                book,
                core,
                chars,
                best: None,
                asked: 0,
                window: None,
            };
            self.walk(&mut line);
            let end = start + core.len();
            if let Some(a) = &self.anywhere {
                // Hits are in order of their ends, and the cores in order:
                // every hit up to this core's end is in it.
                while let Some(&(at, p)) = hits.next_if(|&&(at, _)| at <= end)
                {
                    let tag = a.tags[p.as_usize()];
                    let len = a.ac.pattern_len(p);
                    line.hit(tag, at - len - start, at - start);
                }
            }
            start = end + 1;
            if let Some((_, id)) = line.best {
                f(k, RuleIndex(id));
            }
        }
    }

    /// Asks the regexes without atoms of `line`, and walks the phrases
    /// and atoms that start and end it.
    fn walk(&self, line: &mut Line<'_>) {
        let core = line.core;
        self.open.iter().for_each(|&i| line.ask(i));
        if let Some(s) = &self.starting {
            walk_anchored(&s.ac, core.bytes(), |p, end| {
                line.hit(s.tags[p], 0, end)
            });
        }
        if let Some(e) = &self.ending {
            walk_anchored(&e.ac, core.bytes().rev(), |p, len| {
                line.hit(e.tags[p], core.len() - len, core.len())
            });
        }
    }
}

/// One line being matched: the best rule found so far.
struct Line<'a> {
    matcher: &'a Matcher,
    book: &'a RuleBook,
    core: &'a str,
    chars: usize,
    /// The rank and index of the best rule so far.
    best: Option<(u32, u32)>,
    /// The regexes asked already (the first 64 of them).
    asked: u64,
    /// The last [`END_WINDOW`] characters, once an end regex needs them.
    window: Option<&'a str>,
}

impl Line<'_> {
    /// Takes a literal found at `start..end` into account.
    fn hit(&mut self, lit: Lit, start: usize, end: usize) {
        match lit {
            Lit::Phrase(id) => {
                let scope = self.book.rules[id as usize].scope;
                if fits(scope, self.core, start, end) {
                    self.consider(id);
                }
            }
            Lit::Atom(i) => self.ask(i),
        }
    }

    /// Asks regex `i` of the line, once.
    fn ask(&mut self, i: u32) {
        let bit = 1u64.checked_shl(i).unwrap_or(0);
        if self.asked & bit != 0 {
            return;
        }
        self.asked |= bit;
        let gated = &self.matcher.regexes[i as usize];
        let id = gated.rule;
        if self.chars > self.book.rules[id as usize].max_chars {
            return;
        }
        let core = self.core;
        if let Some(first) = gated.first {
            // Cores are not empty (see `Matcher::find_all`).
            if !first.contains(core.as_bytes()[0]) {
                return;
            }
        }
        let text = match gated.at_end {
            true => *self
                .window
                .get_or_insert_with(|| last_chars(core, END_WINDOW)),
            false => core,
        };
        if !gated.needs.met(text.as_bytes()) {
            return;
        }
        if self.book.regex(gated.regex).is_match(text) {
            self.consider(id);
        }
    }

    /// Keeps rule `id` if it outranks the best so far and judges lines
    /// this long.
    fn consider(&mut self, id: u32) {
        let rank = self.matcher.rank[id as usize];
        if self.best.is_none_or(|(r, _)| rank < r)
            && self.chars <= self.book.rules[id as usize].max_chars
        {
            self.best = Some((rank, id));
        }
    }
}

/// The last `n` characters of `s` (all of it when shorter).
fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ => s,
    }
}

/// Whether a literal match at `start..end` of `core` covers what `scope`
/// asks, with word boundaries where it stops inside the line.
fn fits(scope: Scope, core: &str, start: usize, end: usize) -> bool {
    let whole = start == 0 && end == core.len();
    match scope {
        Scope::Line | Scope::Region | Scope::Tail => whole,
        Scope::Start => start == 0 && boundary(core, end),
        Scope::End => end == core.len() && boundary(core, start),
        Scope::Any => boundary(core, start) && boundary(core, end),
    }
}

/// Whether byte `at` of `s` is a word boundary: an edge, or a place where
/// a letter or digit does not meet another (CJK characters are words).
fn boundary(s: &str, at: usize) -> bool {
    let before = s[..at].chars().next_back();
    let after = s[at..].chars().next();
    let wordy = |c: char| c.is_alphanumeric() && !is_cjk(c);
    match (before, after) {
        (Some(b), Some(a)) => !(wordy(b) && wordy(a)),
        _ => true,
    }
}

/// The regex as the set runs it: case-insensitive, anchored per scope.
/// How big a compiled regex may grow.
const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// Compiles a rule's (anchored) regex.
fn build_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).size_limit(REGEX_SIZE_LIMIT).build()
}

fn anchor(re: &str, scope: Scope) -> String {
    match scope {
        Scope::Line | Scope::Region | Scope::Tail => {
            format!("(?i)^(?:{re})$")
        }
        Scope::Start => format!("(?i)^(?:{re})"),
        Scope::End => format!("(?i)(?:{re})$"),
        Scope::Any => format!("(?i)(?:{re})"),
    }
}

/// A phrase as written, lower-cased, upper-cased and capitalised: the
/// automaton folds ASCII case only, and phrases are mostly not ASCII.
/// Variants that differ only in ASCII case are one for the automaton:
/// only one of them is kept (a smaller automaton is a faster one, its
/// transitions staying in cache).
fn case_variants(phrase: &str) -> Vec<String> {
    let lower = phrase.to_lowercase();
    let mut chars = lower.chars();
    let capital = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    let mut out =
        vec![phrase.to_string(), phrase.to_uppercase(), capital, lower];
    out.sort_by_cached_key(|v| v.to_ascii_lowercase());
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::shape::core;

    fn book() -> RuleBook {
        RuleBook::new(&Patterns::builtin()).unwrap()
    }

    /// The id of the rule that removes `line` in `lang`, if one does.
    fn hit(book: &RuleBook, lang: &str, line: &str) -> Option<String> {
        let matcher = book.matcher(book.language(lang));
        let core = crate::shape::core(line);
        let chars = line.trim().chars().count();
        matcher.find(book, core, chars).map(|i| book.rule(i).id.clone())
    }

    macro_rules! t {
        ($book:expr, $lang:expr, $line:expr, None) => {
            assert_eq!(hit(&$book, $lang, $line), None, "{:?}", $line)
        };
        ($book:expr, $lang:expr, $line:expr, $id:expr) => {
            assert_eq!(
                hit(&$book, $lang, $line).as_deref(),
                Some($id),
                "{:?}",
                $line
            )
        };
    }

    #[test]
    fn every_built_in_regex_compiles_within_the_limit() {
        let b = book();
        for i in 0..b.regexes.len() {
            b.regex(i as u32);
        }
    }

    #[test]
    fn vietnamese_rules() {
        let b = book();
        t!(b, "vi", "Tin liên quan", "vi/related-heading");
        t!(b, "vi", "TIN LIÊN QUAN", "vi/related-heading");
        t!(b, "vi", "Xem thêm:", "vi/related-heading");
        t!(b, "vi", "Chia sẻ:", "vi/share");
        t!(b, "vi", "Mời quý độc giả theo dõi VOV.VN trên", "vi/follow");
        t!(b, "vi", "Theo: Báo mới", "vi/source");
        t!(b, "vi", "Minh Ngọc (Theo Reuters)", "vi/byline");
        t!(
            b,
            "vi",
            "Phái đoàn hai nước tại Tokyo hôm 3/10. Ảnh: Internet",
            "vi/photo-credit"
        );
        t!(
            b,
            "vi",
            "Hợp tác Mỹ – Nhật (Ảnh: White House Photo, D. Myles Cullen)",
            "vi/photo-credit"
        );
        t!(b, "vi", "Tóm tắt nội dung", "vi/toc");
        t!(b, "vi", "Theo hãng tin Kyodo ngày 26/7, trong khuôn khổ cơ chế đối thoại, hai bên đã họp.", None);
        t!(
            b,
            "vi",
            "Chia sẻ kinh nghiệm về chính sách quốc phòng của hai nước.",
            None
        );
    }

    #[test]
    fn lines_found_together_find_what_each_finds_alone() {
        let b = book();
        let lines = [
            "Share this article",
            "Photo: Getty Images",
            "© 2024 Example Media. All rights reserved.",
            "The minister said on Monday that the talks would go on, according to a photo caption.",
            "12 comments",
            "",
            "Related Articles",
            "Copyright 2023 The Times. This material may not be published, broadcast, rewritten or redistributed.",
            "3of12",
            "Getty Images",
        ];
        let matcher = b.matcher(b.language("en"));
        fn each(line: &str) -> (&str, usize) {
            (core(line), line.trim().chars().count())
        }
        let alone = |line: &str| matcher.find(&b, each(line).0, each(line).1);
        // Every turn of the lines, repeated, so that the scan's parts cut
        // the text at different lines.
        for turn in 0..lines.len() {
            let order: Vec<&str> = (0..3 * lines.len())
                .map(|k| lines[(k * 7 + turn) % lines.len()])
                .collect();
            let given: Vec<(&str, usize)> =
                order.iter().map(|l| each(l)).collect();
            let mut found = vec![None; order.len()];
            matcher.find_all(&b, &given, |k, i| found[k] = Some(i));
            let want: Vec<_> = order.iter().map(|l| alone(l)).collect();
            assert_eq!(found, want, "turn {turn}");
        }
        assert!(lines.iter().filter(|l| alone(l).is_some()).count() >= 7);
    }

    #[test]
    fn chinese_rules() {
        let b = book();
        t!(b, "zh", "相关内容", "zh/related-heading");
        t!(b, "zh", "热门资讯", "zh/popular-heading");
        t!(b, "zh", "分享到：", "zh/share");
        t!(
            b,
            "zh",
            "美国总统拜登与日本首相举行新闻发布会。 视觉中国",
            "zh/photo-credit"
        );
        t!(b, "zh", "（责任编辑：王小明）", "zh/editor");
        t!(b, "zh", "报道称，美日两国外交和国防部门负责人将就该文件的内容方向进行磋商。", None);
    }

    #[test]
    fn english_rules() {
        let b = book();
        t!(b, "en", "Related Articles", "en/related-heading");
        t!(b, "en", "Share this article", "en/share");
        t!(b, "en", "Follow us on Twitter", "en/follow");
        t!(b, "en", "HT (AFP)", "common/wire-byline");
        t!(b, "en", "Photo: Getty Images", "en/photo-credit");
        t!(b, "en", "Advertisement", "en/advert");
        t!(
            b,
            "en",
            "Sharecroppers in the delta were the first to leave.",
            None
        );
        t!(
            b,
            "en",
            "Related reading on this subject is scarce, the author said.",
            None
        );
    }

    /// Lines of the bundled pages, each also upper- and lower-cased.
    fn sample_lines() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = Vec::new();
        for dir in ["seeds", "tests/data"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let bytes = std::fs::read(entry.unwrap().path()).unwrap();
                for line in String::from_utf8_lossy(&bytes).lines() {
                    let core = crate::shape::core(line);
                    lines.extend([
                        core.to_string(),
                        core.to_uppercase(),
                        core.to_lowercase(),
                    ]);
                }
            }
        }
        lines
    }

    #[test]
    fn gates_never_skip_a_line_their_regex_matches() {
        let book = book();
        let lines = sample_lines();
        let mut matched = 0;
        for code in book.codes() {
            let matcher = book.matcher(book.language(code));
            for &Gated { regex, rule: id, at_end, .. } in &matcher.regexes {
                let regex = book.regex(regex);
                let rule = &book.rules[id as usize];
                for core in &lines {
                    let chars = core.chars().count();
                    let text = match at_end {
                        true => last_chars(core, END_WINDOW),
                        false => core,
                    };
                    if core.is_empty()
                        || chars > rule.max_chars
                        || !regex.is_match(text)
                    {
                        continue;
                    }
                    let found = matcher.find(&book, core, chars);
                    let rank = |i: u32| matcher.rank[i as usize];
                    assert!(
                        found.is_some_and(|f| rank(f.0) <= rank(id)),
                        "{code}: {} skipped {core:?}",
                        regex.as_str()
                    );
                    matched += 1;
                }
            }
        }
        assert!(matched > 200, "only {matched} lines matched a regex");
    }

    #[test]
    fn anchored_walks_report_prefixes_only() {
        let nfa =
            NFA::builder().build(["threads", "read", "ad", "thr"]).unwrap();
        let mut found = Vec::new();
        walk_anchored(&nfa, "threadsx".bytes(), |p, len| found.push((p, len)));
        assert_eq!(found, [(3, 3), (0, 7)]);
    }

    #[test]
    fn boundaries_guard_start_rules() {
        assert!(boundary("Theo: x", 5));
        assert!(!boundary("Theodore", 4));
        assert!(boundary("分享到微信", 9));
    }

    #[test]
    fn end_window_is_cut_on_char_boundaries() {
        assert_eq!(last_chars("ảnh: Internet", 8), "Internet");
        assert_eq!(last_chars("ab", 5), "ab");
        assert_eq!(last_chars("视觉中国", 2), "中国");
    }

    #[test]
    fn case_variants_cover_non_ascii_capitals() {
        let v = case_variants("tin liên quan");
        let has = |want: &str| v.iter().any(|x| x.eq_ignore_ascii_case(want));
        assert!(has("TIN LIÊN QUAN") && has("Tin liên quan"), "{v:?}");
        assert_eq!(case_variants("Related"), ["Related"]);
    }
}
