//! Stage 3b: pattern rules, compiled once and matched against line cores.
//!
//! For each language the rules of its set and of the common set are
//! compiled together: every literal phrase into one Aho-Corasick automaton,
//! every regex into one `RegexSet`. Matching a line is then one automaton
//! scan and one set scan, whatever the number of rules. When several rules
//! hit a line, the one written first wins, language rules before common
//! ones.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::RegexSet;

use crate::error::Error;
use crate::patterns::{Kind, Patterns, Rule, Scope, Terms, COMMON};
use crate::shape::is_cjk;

/// Index of a pattern rule in its [`RuleBook`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleIndex(pub(crate) u32);

/// Every pattern rule, compiled per language.
#[derive(Debug)]
pub struct RuleBook {
    rules: Vec<Rule>,
    common: Matcher,
    langs: HashMap<String, Language>,
}

/// What a language brings: its matcher, stop words and term kind.
#[derive(Debug)]
pub struct Language {
    /// The compiled rules of the language and of the common set.
    pub matcher: Matcher,
    /// Lower-case stop words.
    pub stopwords: HashSet<String>,
    /// How words are compared for overlap.
    pub terms: Terms,
}

/// The compiled rules of one language (plus the common ones).
#[derive(Debug)]
pub struct Matcher {
    /// Literal phrases and their case variants; pattern i belongs to rule
    /// `ac_rule[i]`.
    ac: Option<AhoCorasick>,
    ac_rule: Vec<u32>,
    /// Regexes, anchored per scope; pattern i belongs to `set_rule[i]`.
    set: Option<RegexSet>,
    set_rule: Vec<u32>,
    /// Precedence of each rule index (lower wins).
    rank: HashMap<u32, u32>,
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
        let common = Matcher::new(&rules, &common_ids)?;
        let mut langs = HashMap::new();
        for set in patterns.sets().iter().filter(|s| s.lang != COMMON) {
            let mut ids = by_lang[&set.lang].clone();
            ids.extend(&common_ids);
            let language = Language {
                matcher: Matcher::new(&rules, &ids)?,
                stopwords: set.stopwords.iter().cloned().collect(),
                terms: set.terms,
            };
            langs.insert(set.lang.clone(), language);
        }
        Ok(RuleBook { rules, common, langs })
    }

    /// The rule at `index`.
    pub fn rule(&self, index: RuleIndex) -> &Rule {
        &self.rules[index.0 as usize]
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The language `code`, if a set for it is loaded.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.langs.get(code)
    }

    /// The matcher of the common rules alone.
    pub fn common(&self) -> &Matcher {
        &self.common
    }
}

impl Matcher {
    fn new(rules: &[Rule], ids: &[u32]) -> Result<Matcher, Error> {
        let mut phrases = Vec::new();
        let mut ac_rule = Vec::new();
        let mut regexes = Vec::new();
        let mut set_rule = Vec::new();
        for &id in ids {
            let rule = &rules[id as usize];
            match &rule.kind {
                Kind::Literal(list) => {
                    for phrase in list.iter().flat_map(|p| case_variants(p)) {
                        phrases.push(phrase);
                        ac_rule.push(id);
                    }
                }
                Kind::Regex(list) => {
                    for re in list {
                        regexes.push(anchor(re, rule.scope));
                        set_rule.push(id);
                    }
                }
            }
        }
        let ac = if phrases.is_empty() {
            None
        } else {
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&phrases)
                .map_err(|e| Error::pattern("patterns", e.to_string()))?;
            Some(ac)
        };
        let set = if regexes.is_empty() {
            None
        } else {
            let set = RegexSet::new(&regexes)
                .map_err(|e| Error::pattern("patterns", e.to_string()))?;
            Some(set)
        };
        let rank =
            ids.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
        Ok(Matcher { ac, ac_rule, set, set_rule, rank })
    }

    /// The winning rule for a line whose core (see [`crate::shape::core`])
    /// is `core` and whose trimmed length is `chars` characters.
    pub fn find(
        &self,
        book: &RuleBook,
        core: &str,
        chars: usize,
    ) -> Option<RuleIndex> {
        if core.is_empty() {
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
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(core) {
                let id = self.ac_rule[m.pattern().as_usize()];
                let scope = book.rules[id as usize].scope;
                if fits(scope, core, m.start(), m.end()) {
                    consider(id);
                }
            }
        }
        if let Some(set) = &self.set {
            for i in set.matches(core).iter() {
                consider(self.set_rule[i]);
            }
        }
        best.map(|(_, id)| RuleIndex(id))
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
        let matcher = &book.language(lang).unwrap().matcher;
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

    #[test]
    fn boundaries_guard_start_rules() {
        assert!(boundary("Theo: x", 5));
        assert!(!boundary("Theodore", 4));
        assert!(boundary("分享到微信", 9));
    }

    #[test]
    fn case_variants_cover_non_ascii_capitals() {
        let v = case_variants("tin liên quan");
        assert!(v.contains(&"TIN LIÊN QUAN".to_string()));
        assert!(v.contains(&"Tin liên quan".to_string()));
    }
}
