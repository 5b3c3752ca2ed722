//! Stage 3b: pattern rules, compiled once and matched against line cores.
//!
//! For each language the rules of its set and of the common set are
//! compiled together: the literal phrases into three Aho-Corasick
//! automata (phrases that start a line, walked anchored from its start;
//! phrases that end it, spelled backwards and walked from its end; the
//! others, one scan), the regexes behind literal gates ([`crate::gate`]).
//! Matching a line costs about the same whatever the number of rules. When
//! several rules hit a line, the one written first wins, language rules
//! before common ones. A language is compiled the first time a document
//! needs it, once, whichever thread gets there first.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, StartKind,
};

use crate::error::Error;
use crate::gate::{walk_anchored, Gated};
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

    fn get(&self, rules: &[Rule]) -> &Matcher {
        self.matcher.get_or_init(|| Matcher::new(rules, &self.ids))
    }
}

/// The compiled rules of one language (plus the common ones).
#[derive(Debug)]
pub struct Matcher {
    /// Phrases of the scopes anchored at the line's start (line, start,
    /// region, tail), searched anchored.
    phrases_starting: Option<Phrases>,
    /// Phrases that end the line, walked anchored from its end.
    phrases_ending: Option<Phrases>,
    /// Phrases found anywhere.
    phrases_anywhere: Option<Phrases>,
    /// The longest line any rule judges: longer lines are not matched.
    max_chars: usize,
    /// Every regex, behind its gate, tagged with its rule and whether it
    /// is matched on the line's last [`END_WINDOW`] characters (scope
    /// end) rather than the whole core.
    regexes: Gated<(u32, bool)>,
    /// Precedence of each rule index (lower wins).
    rank: HashMap<u32, u32>,
}

/// How much of a line's end the end-anchored regexes see, in characters:
/// credits and captions they look for are short, and a bounded window
/// keeps the scan off the rest of the line.
pub const END_WINDOW: usize = 160;

/// One automaton of literal phrases and their case variants: pattern i
/// belongs to rule `rule[i]`.
#[derive(Debug)]
struct Phrases {
    ac: Searcher,
    rule: Vec<u32>,
}

/// Where phrases are looked for in a line.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Anchor {
    /// At its start.
    Start,
    /// At its end.
    End,
    /// Anywhere.
    Anywhere,
}

/// Anchored phrases are walked in a DFA byte by byte, to report every
/// phrase that is a prefix (or, spelled backwards and walked from the
/// end, a suffix) of the line: overlapping searches cannot be anchored.
/// The others are searched for anywhere.
#[derive(Debug)]
enum Searcher {
    Anchored(Box<aho_corasick::dfa::DFA>),
    Reversed(Box<aho_corasick::dfa::DFA>),
    Unanchored(AhoCorasick),
}

impl Phrases {
    /// The literal rules among `ids` that `pick` selects, if any, looked
    /// for at `anchor`.
    fn build(
        rules: &[Rule],
        ids: &[u32],
        anchor: Anchor,
        pick: impl Fn(Scope) -> bool,
    ) -> Option<Phrases> {
        let (mut phrases, mut owner) = (Vec::new(), Vec::new());
        for &id in ids {
            let rule = &rules[id as usize];
            if let (Kind::Literal(list), true) = (&rule.kind, pick(rule.scope))
            {
                for phrase in list.iter().flat_map(|p| case_variants(p)) {
                    phrases.push(phrase);
                    owner.push(id);
                }
            }
        }
        if phrases.is_empty() {
            return None;
        }
        let anchored = |phrases: &[Vec<u8>]| {
            let dfa = aho_corasick::dfa::DFA::builder()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Anchored)
                .ascii_case_insensitive(true)
                .build(phrases)
                .expect("pattern phrases fit an automaton");
            Box::new(dfa)
        };
        let bytes = phrases.into_iter().map(String::into_bytes);
        let ac = match anchor {
            Anchor::Start => {
                Searcher::Anchored(anchored(&bytes.collect::<Vec<_>>()))
            }
            Anchor::End => {
                let reversed: Vec<Vec<u8>> = bytes
                    .map(|mut b| {
                        b.reverse();
                        b
                    })
                    .collect();
                Searcher::Reversed(anchored(&reversed))
            }
            Anchor::Anywhere => {
                let ac = AhoCorasickBuilder::new()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .build(bytes)
                    .expect("pattern phrases fit an automaton");
                Searcher::Unanchored(ac)
            }
        };
        Some(Phrases { ac, rule: owner })
    }

    /// Calls `f` with the rule and span (in `text`) of every phrase found,
    /// overlapping ones included; anchored phrases only at the start.
    fn each(&self, text: &str, mut f: impl FnMut(u32, usize, usize)) {
        match &self.ac {
            Searcher::Unanchored(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    f(self.rule[m.pattern().as_usize()], m.start(), m.end());
                }
            }
            Searcher::Anchored(dfa) => {
                walk_anchored(dfa, text.bytes(), |pattern, end| {
                    f(self.rule[pattern], 0, end)
                });
            }
            Searcher::Reversed(dfa) => {
                walk_anchored(dfa, text.bytes().rev(), |pattern, len| {
                    f(self.rule[pattern], text.len() - len, text.len())
                });
            }
        }
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
        Ok(RuleBook { rules, common: Lazy::new(common_ids), langs })
    }

    /// The matcher of `lang`'s rules and the common ones, or of the common
    /// ones alone.
    pub fn matcher<'a>(&'a self, lang: Option<&'a Language>) -> &'a Matcher {
        lang.map_or(&self.common, |l| &l.rules).get(&self.rules)
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
    /// If the automaton or the set exceed their (generous) size limits.
    fn new(rules: &[Rule], ids: &[u32]) -> Matcher {
        let at_start = |s| {
            matches!(
                s,
                Scope::Line | Scope::Start | Scope::Region | Scope::Tail
            )
        };
        let phrases_starting =
            Phrases::build(rules, ids, Anchor::Start, at_start);
        let phrases_ending =
            Phrases::build(rules, ids, Anchor::End, |s| s == Scope::End);
        let phrases_anywhere =
            Phrases::build(rules, ids, Anchor::Anywhere, |s| s == Scope::Any);
        let max_chars = ids
            .iter()
            .map(|&id| rules[id as usize].max_chars)
            .max()
            .unwrap_or(0);
        let regexes = ids
            .iter()
            .flat_map(|&id| {
                let rule = &rules[id as usize];
                let list = match &rule.kind {
                    Kind::Regex(list) => list.as_slice(),
                    Kind::Literal(_) => &[],
                };
                list.iter().map(move |re| {
                    (anchor(re, rule.scope), (id, rule.scope == Scope::End))
                })
            })
            .collect();
        let rank =
            ids.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
        Matcher {
            phrases_starting,
            phrases_ending,
            phrases_anywhere,
            max_chars,
            regexes: Gated::new(regexes),
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
        if core.is_empty() || chars > self.max_chars {
            return None;
        }
        let mut best: Option<(u32, u32)> = None;
        let mut consider = |id: u32| {
            let rank = self.rank[&id];
            if best.is_none_or(|(r, _)| rank < r)
                && chars <= book.rules[id as usize].max_chars
            {
                best = Some((rank, id));
            }
        };
        let mut literal = |id: u32, start: usize, end: usize| {
            if fits(book.rules[id as usize].scope, core, start, end) {
                consider(id);
            }
        };
        let phrases = [
            &self.phrases_starting,
            &self.phrases_ending,
            &self.phrases_anywhere,
        ];
        for p in phrases.into_iter().flatten() {
            p.each(core, &mut literal);
        }
        let mut window = None;
        self.regexes.each_candidate(core, |regex, &(id, at_end)| {
            let text = match at_end {
                true => {
                    *window.get_or_insert_with(|| last_chars(core, END_WINDOW))
                }
                false => core,
            };
            if chars <= book.rules[id as usize].max_chars
                && regex.is_match(text)
            {
                consider(id);
            }
        });
        best.map(|(_, id)| RuleIndex(id))
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
fn case_variants(phrase: &str) -> Vec<String> {
    let lower = phrase.to_lowercase();
    let mut chars = lower.chars();
    let capital = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    let mut out =
        vec![phrase.to_string(), phrase.to_uppercase(), capital, lower];
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let lines = sample_lines();
        let mut matched = 0;
        for rule in Patterns::builtin().sets().iter().flat_map(|s| &s.rules) {
            let Kind::Regex(list) = &rule.kind else { continue };
            for re in list {
                let pattern = anchor(re, rule.scope);
                let regex = regex::Regex::new(&pattern).unwrap();
                let gated = Gated::new(vec![(pattern.clone(), ())]);
                for line in lines.iter().filter(|l| regex.is_match(l)) {
                    let mut asked = false;
                    gated.each_candidate(line, |_, _| asked = true);
                    assert!(asked, "{pattern} skipped {line:?}");
                    matched += 1;
                }
            }
        }
        assert!(matched > 50, "only {matched} lines matched a regex");
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
        assert!(v.contains(&"TIN LIÊN QUAN".to_string()));
        assert!(v.contains(&"Tin liên quan".to_string()));
    }
}
