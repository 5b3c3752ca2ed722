//! Stage 2: language detection on a bounded sample of the document.
//!
//! whatlang is the slowest step when it reads a whole page, and menus at
//! the top of a page are a poor sample, so it reads at most
//! [`SAMPLE_BYTES`] of the document's longest-looking lines: lines of at
//! least `MIN_SAMPLE_CHARS` (40) characters, in order, else whatever text
//! there is.
//!
//! Even on a short sample, whatlang's cost is mostly per candidate
//! language: weighing every language written in Latin letters takes about
//! 100 µs a document, more than all the rest of the cleaning. So it is
//! asked, in turn:
//!
//! 1. Where the sample's script is one that several languages share, among
//!    the [`SHORTLIST`] of the languages with pattern sets written in it
//!    whose stop words the sample uses most. The answer stands when the
//!    sample uses its stop words as running text does (see
//!    [`CLEAR_STOP_SHARE`]): most pages are decided so.
//! 2. Else among all the languages that have a pattern set. Asked so, it
//!    names one of them even for a page in another language (Dutch comes
//!    out German), so where the script is shared that answer stands only
//!    if the sample uses the language's stop words (see
//!    [`MIN_STOP_SHARE`]).
//! 3. Else among all languages, as if it had been asked so at once.
//!
//! The confidence reported is whatlang's, among the languages it was
//! asked to choose from: in the first step, the answer against its
//! nearest rival by stop words.

use std::sync::Mutex;

use whatlang::{Lang, Script};

use crate::shape::{ascii_run, is_cjk, Shape};
use crate::vocab::{Lexicon, WordHash};

/// The most text handed to whatlang.
pub const SAMPLE_BYTES: usize = 512;

/// The confidence at which the sample's first quarter (128 bytes)
/// decides: on the development pages, 90 % of documents are decided so,
/// with the same language as the whole sample gives for every one.
pub const SURE: f64 = 0.8;

/// The share of a sample's words that must be stop words of the language
/// named, for a detection among the languages with pattern sets to stand.
/// Running text in a language uses its stop words for a quarter to a half
/// of its words; text in a neighbouring language uses another language's
/// list for under a tenth (Dutch, Swedish or Norwegian with the German
/// list, Ukrainian with the Russian, Polish with the Italian).
pub const MIN_STOP_SHARE: f32 = 0.12;

/// The share of a sample's words that must be stop words of the language
/// whatlang names among the [`SHORTLIST`] for that answer to stand: a
/// quarter, as running text in a language has (text in a neighbouring
/// language has under a sixth: Dutch with the French list, whose "de" and
/// "en" it writes too). Under it, whatlang chooses among all the
/// languages with pattern sets, checked by [`MIN_STOP_SHARE`].
pub const CLEAR_STOP_SHARE: f32 = 0.25;

/// How many of the languages with pattern sets that share the sample's
/// script whatlang chooses among: those whose stop words the sample uses
/// most. Two, so that its confidence weighs the answer against a rival.
pub const SHORTLIST: usize = 2;

/// Lines shorter than this are menus and labels, not a sample of prose.
const MIN_SAMPLE_CHARS: usize = 40;

/// Detections under this confidence are not trusted: only the common
/// rules apply then.
pub const MIN_CONFIDENCE: f64 = 0.25;

/// The language of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    /// ISO 639-1 code (`vi`, `zh`; every language whatlang detects has
    /// one); `None` when nothing could be detected.
    pub code: Option<&'static str>,
    /// whatlang's confidence, from 0 to 1; 1 when given by the user.
    pub confidence: f64,
    /// Whether the language came from `--lang` rather than detection.
    pub forced: bool,
}

impl Language {
    /// A language given by the user.
    pub fn forced(code: &str) -> Language {
        Language { code: Some(intern(code)), confidence: 1.0, forced: true }
    }

    /// The code to pick pattern sets by, when it is trusted.
    pub fn trusted(&self) -> Option<&'static str> {
        self.code.filter(|_| self.forced || self.confidence >= MIN_CONFIDENCE)
    }
}

/// whatlang, asked first among the languages with pattern sets and then,
/// where that answer does not stand, among all.
#[derive(Clone, Debug)]
pub struct Detector {
    /// Among the languages with pattern sets; `None` when whatlang knows
    /// none of them.
    known: Option<whatlang::Detector>,
    /// For each script that whatlang weighs several languages in (see
    /// [`shared_script`]), the languages with pattern sets written in it.
    shared: Vec<(Script, Vec<Lang>)>,
    /// Among all the languages whatlang knows.
    all: whatlang::Detector,
    /// For a language with pattern sets and neighbours (see
    /// [`NEIGHBOURS`]): whatlang among it and them.
    neighbours: Vec<(Lang, whatlang::Detector)>,
}

/// Languages whose running text passes the stop-word check of a language
/// with a built-in pattern set, and so would be taken for it: Catalan and
/// Welsh use Spanish stop words (Catalan "que", "la", "en" for a quarter
/// of its words; Welsh "y"), Afrikaans German ones ("die"), Romanian
/// Italian ones. When the first pass names the language, whatlang weighs
/// it against these. Of the other languages written in Latin or Cyrillic
/// letters that were tried (Dutch, Swedish, Danish, Polish, Czech,
/// Slovak, Slovene, Croatian, Finnish, Hungarian, Estonian, Latvian,
/// Lithuanian, Latin, Esperanto, Tagalog, Javanese, Ukrainian), none
/// passes a check.
const NEIGHBOURS: &[(Lang, &[Lang])] = &[
    (Lang::Spa, &[Lang::Cat, Lang::Cym]),
    (Lang::Deu, &[Lang::Afr]),
    (Lang::Ita, &[Lang::Ron]),
];

impl Detector {
    /// A detector that tries the languages `codes` (the codes of pattern
    /// sets) first.
    pub fn new<'a>(codes: impl IntoIterator<Item = &'a str>) -> Detector {
        let mut langs: Vec<Lang> = codes
            .into_iter()
            .filter_map(|c| {
                Lang::all().iter().copied().find(|&l| code(l) == c)
            })
            .collect();
        langs.sort_by_key(|l| l.code());
        langs.dedup();
        let neighbours = NEIGHBOURS
            .iter()
            .filter(|(lang, _)| langs.contains(lang))
            .map(|&(lang, near)| {
                let list = [&[lang], near].concat();
                (lang, whatlang::Detector::with_allowlist(list))
            })
            .collect();
        let shared = Script::all()
            .iter()
            .filter(|&&script| shared_script(script))
            .map(|&script| {
                let written: Vec<Lang> = (script.langs().iter())
                    .filter(|l| langs.contains(l))
                    .copied()
                    .collect();
                (script, written)
            })
            .filter(|(_, written)| !written.is_empty())
            .collect();
        let known = (!langs.is_empty())
            .then(|| whatlang::Detector::with_allowlist(langs));
        Detector { known, shared, all: whatlang::Detector::new(), neighbours }
    }

    /// Detects the language of the lines `texts` (in document order);
    /// `lexicon` gives the stop words of a language with a pattern set.
    pub fn detect<'a, 'l>(
        &self,
        texts: impl Iterator<Item = &'a str> + Clone,
        lexicon: impl Fn(&str) -> Option<&'l Lexicon>,
    ) -> Language {
        let sample = Sample::new(sample(texts));
        let share = |lang: Lang| {
            lexicon(code(lang)).map_or(0.0, |l| sample.stop_share(l))
        };
        let script = script_of(&sample.text);
        let clear = self.clear(&sample, script, &lexicon, share);
        let sample = sample.text.as_str();
        let known = clear.or_else(|| {
            let known = self.known.as_ref()?;
            if !self.may_stand(sample, script, share) {
                return None;
            }
            let info = decide(|t| known.detect(t), sample)?;
            let stands = !shared_script(info.script())
                || share(info.lang()) >= MIN_STOP_SHARE;
            stands.then_some(info)
        });
        let info = match known {
            Some(info) => Some(self.among_neighbours(info, sample)),
            None => self.all.detect(sample),
        };
        match info {
            Some(info) => Language {
                code: Some(code(info.lang())),
                confidence: info.confidence(),
                forced: false,
            },
            None => Language { code: None, confidence: 0.0, forced: false },
        }
    }

    /// whatlang's answer on `sample`, in `script` (see [`script_of`]),
    /// among the [`SHORTLIST`] of the languages with pattern sets written
    /// in it (a script that several languages share) whose stop words it
    /// uses most, when `share` of that answer's stop words makes it clear
    /// (see [`CLEAR_STOP_SHARE`]); none for another script or a sample
    /// that uses none of their stop words. whatlang is not asked when its
    /// answer cannot be clear (see [`may_reach`]).
    fn clear<'l>(
        &self,
        sample: &Sample,
        script: Option<Script>,
        lexicon: impl Fn(&str) -> Option<&'l Lexicon>,
        share: impl Fn(Lang) -> f32,
    ) -> Option<whatlang::Info> {
        let script = script.filter(|&s| shared_script(s))?;
        let mut ranked: Vec<(usize, Lang)> = self
            .written(script)
            .iter()
            .map(|&l| (lexicon(code(l)).map_or(0, |l| sample.stops(l)), l))
            .filter(|&(stops, _)| stops > 0)
            .collect();
        // The most stop words first; among equals, in code order.
        ranked.sort_by_key(|&(stops, l)| (std::cmp::Reverse(stops), l.code()));
        ranked.truncate(SHORTLIST);
        let shortlist: Vec<Lang> =
            ranked.into_iter().map(|(_, l)| l).collect();
        let only = match shortlist[..] {
            [] => return None,
            [lang] => Some(lang),
            _ => None,
        };
        if !may_reach(
            &sample.text,
            script,
            &shortlist,
            &share,
            CLEAR_STOP_SHARE,
        ) {
            return None;
        }
        let detector = whatlang::Detector::with_allowlist(shortlist);
        let info = match only {
            Some(lang) => {
                decide(|t| alone(&detector, script, lang, t), &sample.text)
            }
            None => decide(|t| detector.detect(t), &sample.text),
        };
        info.filter(|info| share(info.lang()) >= CLEAR_STOP_SHARE)
    }

    /// Whether whatlang's answer on `sample`, in `script`, among the
    /// languages with pattern sets may stand: for a script that several
    /// languages share, only one with [`MIN_STOP_SHARE`] by `share` does
    /// (see [`may_reach`]).
    fn may_stand(
        &self,
        sample: &str,
        script: Option<Script>,
        share: impl Fn(Lang) -> f32,
    ) -> bool {
        match script.filter(|&s| shared_script(s)) {
            Some(script) => {
                let written = self.written(script);
                may_reach(sample, script, written, share, MIN_STOP_SHARE)
            }
            None => true,
        }
    }

    /// The languages with pattern sets written in `script`, one that
    /// several languages share; none for another script.
    fn written(&self, script: Script) -> &[Lang] {
        let found = self.shared.iter().find(|(s, _)| *s == script);
        found.map_or(&[], |(_, langs)| langs)
    }

    /// `info`, or the neighbour of its language that `sample` is in.
    fn among_neighbours(
        &self,
        info: whatlang::Info,
        sample: &str,
    ) -> whatlang::Info {
        let near = self.neighbours.iter().find(|(l, _)| *l == info.lang());
        match near.and_then(|(_, d)| d.detect(sample)) {
            Some(neighbour) if neighbour.lang() != info.lang() => neighbour,
            _ => info,
        }
    }
}

/// The script whatlang gives `text`: the one most of its letters are
/// written in. Every ASCII letter is a Latin one and no other script has
/// an ASCII letter, so where ASCII letters outnumber the characters that
/// are not ASCII (as on most pages in English with a curly quote or
/// two), the script is Latin; in ASCII text without letters, none.
fn script_of(text: &str) -> Option<Script> {
    // Two counts, two passes: one pass counting both took more
    // instructions (7M more over the benchmark).
    let bytes = text.as_bytes();
    let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    // Each character that is not ASCII has one leading byte.
    let others = bytes.iter().filter(|&&b| b >= 0xc0).count();
    if letters > others {
        return Some(Script::Latin);
    }
    if others == 0 {
        return None;
    }
    whatlang::detect_script(text)
}

/// Whether whatlang weighs several languages for text in `script`: only
/// there can asking among fewer languages change its answer.
fn shared_script(script: Script) -> bool {
    matches!(
        script,
        Script::Latin
            | Script::Cyrillic
            | Script::Arabic
            | Script::Devanagari
            | Script::Hebrew
    )
}

/// The answer of `detect` (whatlang, among some languages) on the
/// sample's first quarter when it is sure of it (see [`SURE`]), else on
/// the whole sample.
fn decide(
    detect: impl Fn(&str) -> Option<whatlang::Info>,
    sample: &str,
) -> Option<whatlang::Info> {
    detect(first_quarter(sample))
        .filter(|info| info.confidence() >= SURE)
        .or_else(|| detect(sample))
}

/// Whether whatlang, asked by [`decide`] of `sample` (in `script`, one
/// that several languages share) among languages of which `langs` are
/// those written in `script`, may name one with `threshold` of stop words
/// by `share`. Among languages of one script, whatlang names one of them
/// for text in that script: when the first quarter is in it too (as the
/// whole sample is), the answer is one of `langs`, and it may only if one
/// of them has that share. (A test asks whatlang so of texts in every
/// shared script.)
fn may_reach(
    sample: &str,
    script: Script,
    langs: &[Lang],
    share: impl Fn(Lang) -> f32,
    threshold: f32,
) -> bool {
    script_of(first_quarter(sample)) != Some(script)
        || langs.iter().any(|&l| share(l) >= threshold)
}

/// The first quarter of `sample` (see [`SAMPLE_BYTES`]), cut at a char
/// boundary.
fn first_quarter(sample: &str) -> &str {
    &sample[..sample.floor_char_boundary(SAMPLE_BYTES / 4)]
}

/// whatlang's answer on `text` among `lang` alone (`detector` asks it
/// so), a language written in `script`, one that several languages
/// share. For text whose letters are mostly in `script`, whatlang can
/// only name `lang`, sure (there is no second score to weigh it against):
/// that answer is given without weighing anything. Other text is asked of
/// whatlang.
fn alone(
    detector: &whatlang::Detector,
    script: Script,
    lang: Lang,
    text: &str,
) -> Option<whatlang::Info> {
    match whatlang::detect_script(text) {
        Some(s) if s == script => Some(whatlang::Info::new(s, lang, 1.0)),
        _ => detector.detect(text),
    }
}

/// The text handed to whatlang, and its words as stop words are counted.
struct Sample {
    text: String,
    /// The hash of each of its words (runs of letters and digits), in
    /// order.
    words: Vec<u64>,
    /// Whether it holds a character of a script written without spaces,
    /// which [`Shape::measure`] counts as a token of its own.
    cjk: bool,
}

impl Sample {
    /// Hashes the words of `text`, in one pass, as
    /// [`crate::vocab::word_hash`] hashes a word.
    fn new(text: String) -> Sample {
        let mut words = Vec::with_capacity(text.len() / 4);
        let (mut word, mut in_word, mut cjk) =
            (WordHash::default(), false, false);
        let bytes = text.as_bytes();
        let mut i = 0;
        // The key invariant: `i` is a char boundary of `text`, and the
        // characters before it are pushed or have ended their word.
        while i < bytes.len() {
            // Most of a sample is ASCII: its letters and digits are pushed
            // up to eight at a time, lower-cased, as `push_char` would
            // push them, with none of the Unicode tables asked.
            let (run, len, _) = ascii_run(&bytes[i..]);
            let alnum = if len > 0 {
                word.push_bytes(run, len);
                i += len as usize;
                true
            } else if bytes[i] < 0x80 {
                i += 1;
                false
            } else {
                let c = text[i..].chars().next().expect("a char boundary");
                i += c.len_utf8();
                cjk |= is_cjk(c);
                let alnum = c.is_alphanumeric();
                if alnum {
                    word.push_char(c, true);
                }
                alnum
            };
            if alnum {
                in_word = true;
            } else if in_word {
                words.push(word.finish());
                (word, in_word) = (WordHash::default(), false);
            }
        }
        if in_word {
            words.push(word.finish());
        }
        Sample { text, words, cjk }
    }

    /// How many of its words are stop words of `lexicon`.
    fn stops(&self, lexicon: &Lexicon) -> usize {
        let stop = |w: &&u64| lexicon.stopwords.contains(**w);
        self.words.iter().filter(stop).count()
    }

    /// The share of its tokens that are stop words of `lexicon`, as
    /// [`Shape::stop_ratio`] gives it. Without CJK-like characters its
    /// tokens are its words, counted and hashed as the measure counts and
    /// hashes them, so the measure is needed only with them.
    fn stop_share(&self, lexicon: &Lexicon) -> f32 {
        if self.cjk {
            return Shape::measure(&self.text, lexicon, &mut Vec::new())
                .stop_ratio();
        }
        match self.words.len() {
            0 => 0.0,
            n => self.stops(lexicon) as f32 / n as f32,
        }
    }
}

/// Up to [`SAMPLE_BYTES`] of the lines `texts`: the long ones, or all
/// when the long ones make too little.
fn sample<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 256);
    for text in texts.clone() {
        if long_enough(text) {
            push_bounded(&mut sample, text);
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
        }
    }
    if sample.len() < SAMPLE_BYTES / 2 {
        for text in texts {
            push_bounded(&mut sample, text);
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
        }
    }
    sample
}

/// Whether `text` has [`MIN_SAMPLE_CHARS`] characters, counted only when
/// its length in bytes leaves it in doubt.
fn long_enough(text: &str) -> bool {
    let utf8_max = 4;
    text.len() >= MIN_SAMPLE_CHARS
        && (text.len() >= MIN_SAMPLE_CHARS * utf8_max
            || text.chars().count() >= MIN_SAMPLE_CHARS)
}

/// Appends `text` and a newline to `sample`, cut at a char boundary so the
/// sample never exceeds [`SAMPLE_BYTES`].
fn push_bounded(sample: &mut String, text: &str) {
    let room = SAMPLE_BYTES.saturating_sub(sample.len());
    sample.push_str(&text[..text.floor_char_boundary(room)]);
    sample.push('\n');
}

/// The ISO 639-1 code of every language whatlang detects.
#[rustfmt::skip]
pub const ISO_639_1: [(Lang, &str); 70] = [
    (Lang::Epo, "eo"),
    (Lang::Eng, "en"),
    (Lang::Rus, "ru"),
    (Lang::Cmn, "zh"),
    (Lang::Spa, "es"),
    (Lang::Por, "pt"),
    (Lang::Ita, "it"),
    (Lang::Ben, "bn"),
    (Lang::Fra, "fr"),
    (Lang::Deu, "de"),
    (Lang::Ukr, "uk"),
    (Lang::Kat, "ka"),
    (Lang::Ara, "ar"),
    (Lang::Hin, "hi"),
    (Lang::Jpn, "ja"),
    (Lang::Heb, "he"),
    (Lang::Yid, "yi"),
    (Lang::Pol, "pl"),
    (Lang::Amh, "am"),
    (Lang::Jav, "jv"),
    (Lang::Kor, "ko"),
    (Lang::Nob, "nb"),
    (Lang::Dan, "da"),
    (Lang::Swe, "sv"),
    (Lang::Fin, "fi"),
    (Lang::Tur, "tr"),
    (Lang::Nld, "nl"),
    (Lang::Hun, "hu"),
    (Lang::Ces, "cs"),
    (Lang::Ell, "el"),
    (Lang::Bul, "bg"),
    (Lang::Bel, "be"),
    (Lang::Mar, "mr"),
    (Lang::Kan, "kn"),
    (Lang::Ron, "ro"),
    (Lang::Slv, "sl"),
    (Lang::Hrv, "hr"),
    (Lang::Srp, "sr"),
    (Lang::Mkd, "mk"),
    (Lang::Lit, "lt"),
    (Lang::Lav, "lv"),
    (Lang::Est, "et"),
    (Lang::Tam, "ta"),
    (Lang::Vie, "vi"),
    (Lang::Urd, "ur"),
    (Lang::Tha, "th"),
    (Lang::Guj, "gu"),
    (Lang::Uzb, "uz"),
    (Lang::Pan, "pa"),
    (Lang::Aze, "az"),
    (Lang::Ind, "id"),
    (Lang::Tel, "te"),
    (Lang::Pes, "fa"),
    (Lang::Mal, "ml"),
    (Lang::Ori, "or"),
    (Lang::Mya, "my"),
    (Lang::Nep, "ne"),
    (Lang::Sin, "si"),
    (Lang::Khm, "km"),
    (Lang::Tuk, "tk"),
    (Lang::Aka, "ak"),
    (Lang::Zul, "zu"),
    (Lang::Sna, "sn"),
    (Lang::Afr, "af"),
    (Lang::Lat, "la"),
    (Lang::Slk, "sk"),
    (Lang::Cat, "ca"),
    (Lang::Tgl, "tl"),
    (Lang::Hye, "hy"),
    (Lang::Cym, "cy"),
];

/// The ISO 639-1 code of `lang`.
fn code(lang: Lang) -> &'static str {
    ISO_639_1
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or_else(|| lang.code(), |(_, c)| c)
}

/// Whether `code` is the ISO 639-1 code of a language deboiler knows.
pub fn is_language(code: &str) -> bool {
    ISO_639_1.iter().any(|(_, c)| *c == code)
}

/// A `'static` copy of a user's language code: the known ones are
/// shared; an unknown one is leaked once per process, whatever the number
/// of documents judged in it.
fn intern(code: &str) -> &'static str {
    if let Some((_, known)) = ISO_639_1.iter().find(|(_, c)| *c == code) {
        return known;
    }
    static OTHERS: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut others = OTHERS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(seen) = others.iter().find(|k| **k == code) {
        return seen;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    others.push(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Patterns;
    use crate::rules::RuleBook;

    fn detect_text(text: &str) -> Language {
        let book = RuleBook::new(&Patterns::builtin()).unwrap();
        Detector::new(book.codes())
            .detect(text.lines(), |c| book.language(c).map(|l| &l.lexicon))
    }

    /// The detector of the built-in pattern sets' languages.
    fn builtin() -> Detector {
        Detector::new(RuleBook::new(&Patterns::builtin()).unwrap().codes())
    }

    #[test]
    fn text_is_in_the_script_whatlang_gives_it() {
        // Every ASCII character, alone, after a letter and after a digit.
        let mut texts: Vec<String> = (0..=0x7fu8)
            .flat_map(|b| {
                let c = char::from(b);
                [c.to_string(), format!("x{c}"), format!("1{c}")]
            })
            .collect();
        texts.extend(
            ["", "123 - 456", "Hello, world", "\u{7f}\u{7f}"]
                .map(String::from),
        );
        texts.push("Привет, мир".into());
        // ASCII letters beside as many or fewer characters of other
        // scripts, and of Latin ones outside ASCII.
        for other in ["é", "’", "П", "中", "ا", "ß", "€"] {
            for (letters, others) in [(1, 0), (1, 1), (2, 1), (3, 3), (4, 5)] {
                texts.push(format!(
                    "{} {}",
                    "a".repeat(letters),
                    other.repeat(others)
                ));
            }
        }
        for text in &texts {
            assert_eq!(
                script_of(text),
                whatlang::detect_script(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn detects_the_seed_languages() {
        let vi = "Theo hãng tin Kyodo ngày 26/7, trong khuôn khổ cơ chế đối thoại răn đe mở rộng, Nhật Bản và Mỹ đã lần đầu tiên trực tiếp đề cập đến khả năng sử dụng vũ khí hạt nhân.";
        assert_eq!(detect_text(vi).trusted(), Some("vi"));
        let zh = "报道称,本月晚些时候在东京召开的会议上,美日两国外交和国防部门负责人将就该文件的内容方向进行磋商。";
        assert_eq!(detect_text(zh).trusted(), Some("zh"));
        let en = "The minister said on Monday that the talks, which began in May, would go on for another week at least.";
        assert_eq!(detect_text(en).trusted(), Some("en"));
    }

    #[test]
    fn languages_without_a_pattern_set_are_not_taken_for_one() {
        let cases = [
            ("nl", "De regering heeft maandag bekendgemaakt dat de nieuwe regels volgend jaar in werking treden. Het ministerie van Financiën werkt aan de details en verwacht dat de gemeenten er weinig last van zullen hebben, zei een woordvoerder."),
            ("sv", "Regeringen meddelade på måndagen att de nya reglerna träder i kraft nästa år. Finansdepartementet arbetar med detaljerna och räknar med att kommunerna inte kommer att påverkas särskilt mycket, sade en talesperson."),
            ("uk", "Уряд оголосив у понеділок, що нові правила набудуть чинності з наступного року. Міністерство фінансів працює над подробицями і очікує, що громади не надто постраждають, сказав речник."),
            ("pl", "Rząd ogłosił w poniedziałek, że nowe przepisy wejdą w życie od przyszłego roku, a ministerstwo finansów przygotowuje szczegółowe rozporządzenia dla gmin i powiatów."),
            ("ca", "El govern va anunciar dilluns que les noves normes entraran en vigor l'any vinent. El departament d'economia treballa en els detalls i espera que els municipis no se'n vegin gaire afectats, va dir un portaveu."),
            ("cy", "Cyhoeddodd y llywodraeth ddydd Llun y bydd y rheolau newydd yn dod i rym y flwyddyn nesaf. Mae'r weinyddiaeth gyllid yn gweithio ar y manylion ac yn disgwyl na fydd y cynghorau yn cael eu heffeithio'n fawr, meddai llefarydd."),
            ("af", "Die regering het Maandag aangekondig dat die nuwe reëls volgende jaar in werking sal tree. Die ministerie van finansies werk aan die besonderhede en verwag dat munisipaliteite nie veel geraak sal word nie, het 'n woordvoerder gesê."),
            ("ro", "Guvernul a anunțat luni că noile reguli vor intra în vigoare anul viitor. Ministerul finanțelor lucrează la detalii și se așteaptă ca municipalitățile să nu fie prea afectate, a declarat un purtător de cuvânt."),
            ("jv", "Wong-wong padha nglumpuk ing alun-alun kanggo nonton wayang kulit sing diwiwiti bengi iki, lan bocah-bocah padha seneng banget amarga dalang sing kondhang teka saka kutha liya."),
            ("la", "Senatus populusque Romanus legem novam anno proximo valere iussit. Consules de rebus publicis deliberaverunt et dixerunt urbem non multum laesam esse, ut nuntius rettulit."),
            ("eo", "La registaro anoncis lundon, ke la novaj reguloj ekvalidos venontan jaron. La ministerio de financoj laboras pri la detaloj kaj atendas, ke la urboj ne estos multe trafitaj, diris reprezentanto."),
        ];
        for (want, text) in cases {
            assert_eq!(detect_text(text).code, Some(want), "{text}");
        }
        let de = "Die Regierung hat am Montag angekündigt, dass die neuen Regeln im nächsten Jahr in Kraft treten. Das Finanzministerium arbeitet an den Einzelheiten, sagte ein Sprecher.";
        assert_eq!(detect_text(de).trusted(), Some("de"));
        let es = "El gobierno anunció el lunes que las nuevas normas entrarán en vigor el próximo año. El ministerio de economía trabaja en los detalles y espera que los municipios no se vean muy afectados, dijo un portavoz.";
        assert_eq!(detect_text(es).trusted(), Some("es"));
        let it = "Il governo ha annunciato lunedì che le nuove regole entreranno in vigore il prossimo anno. Il ministero dell'economia lavora ai dettagli e si aspetta che i comuni non siano molto colpiti, ha detto un portavoce.";
        assert_eq!(detect_text(it).trusted(), Some("it"));
    }

    #[test]
    fn whatlang_among_one_language_is_answered_as_it_answers() {
        let detector = builtin();
        let texts = [
            "The cat sat on the mat, and then it left",
            "Der Hund schläft, während die Katze spielt",
            "Привет, как у тебя дела сегодня",
            "Москва — столица России. Moscow is the capital",
            "Moscow is the capital. Москва — столица России",
            "美日两国的同盟 and the alliance",
            "Ελληνικά κείμενα εδώ",
            "12345 ... !!",
            "",
        ];
        let answer = |info: Option<whatlang::Info>| {
            info.map(|i| (i.lang(), i.script(), i.confidence()))
        };
        let mut alone_asked = 0;
        for (script, written) in &detector.shared {
            for &lang in written {
                let asked = whatlang::Detector::with_allowlist(vec![lang]);
                for text in texts {
                    let ours = alone(&asked, *script, lang, text);
                    assert_eq!(answer(ours), answer(asked.detect(text)));
                    alone_asked += 1;
                }
            }
        }
        assert!(alone_asked >= 9 * texts.len(), "{alone_asked}");
    }

    #[test]
    fn whatlang_names_a_language_asked_for_text_in_their_script() {
        // What lets `may_reach` say no: among languages of one script, for
        // text in that script, whatlang's answer is one of them.
        let detector = builtin();
        let texts = [
            "The cat sat on the mat, and then it left the house",
            "Der Hund schläft, während die Katze im Garten spielt",
            "Le chat dort pendant que le chien joue dans le jardin",
            "Hai nước đã họp tại Tokyo hôm thứ Ba để bàn về an ninh",
            "Moscow is the capital. Москва — столица России",
            "Home | News | Sport | Weather | Contact us | Log in",
            "x y z 1 2 3 é ü ñ",
        ];
        let mut asked = 0;
        for (script, written) in &detector.shared {
            for (i, &a) in written.iter().enumerate() {
                for &b in &written[i + 1..] {
                    let pair = whatlang::Detector::with_allowlist(vec![a, b]);
                    for text in texts {
                        if script_of(text) != Some(*script) {
                            continue;
                        }
                        let named = pair.detect(text).map(|i| i.lang());
                        assert!(
                            named.is_none_or(|l| l == a || l == b),
                            "{text:?} among {a:?}, {b:?}: {named:?}"
                        );
                        asked += 1;
                    }
                }
            }
        }
        assert!(asked >= 28 * 5, "{asked}");
        // And among all the languages with pattern sets (see
        // `Detector::may_stand`).
        let known = detector.known.as_ref().unwrap();
        for text in texts {
            let Some(script) = script_of(text) else { continue };
            let written = detector.shared.iter().find(|(s, _)| *s == script);
            let named = known.detect(text).map(|i| i.lang());
            assert!(
                named
                    .is_none_or(|l| written.is_some_and(|w| w.1.contains(&l))),
                "{text:?}: {named:?}"
            );
        }
    }

    #[test]
    fn a_sample_in_two_scripts_is_judged_by_its_first_quarter() {
        // whatlang is sure of the first quarter, in Han; the sample as a
        // whole has more Latin letters, so the shortlist is of languages
        // written in them. Asked among those, whatlang names Japanese for
        // the Han text, whose stop words the sample does not use: the
        // answer does not stand, and all the languages are weighed.
        let text = "美日两国外交和国防部门负责人将就该文件的内容方向进行磋商，报道援引日本政府有关人士的说法称。\n\
            The minister said on Monday that the talks, which began in May, would go on for another week at least.\n\
            Officials from both countries are expected to meet again in Tokyo later this month to discuss the text.\n\
            The agreement would be the first of its kind between the two allies, according to people familiar with it.\n\
            It is not yet clear when the talks will end or what they will mean for the rest of the region, they said.";
        assert_eq!(detect_text(text).trusted(), Some("zh"));
    }

    #[test]
    fn a_samples_stop_share_is_the_measures_stop_ratio() {
        let book = RuleBook::new(&Patterns::builtin()).unwrap();
        let texts = [
            "The cat's in the HAT, and 2024 of THE year's—best.\nOf it",
            "ÉTÉ À LA PLAGE: le soleil et la mer, l'été de 2024",
            "Đây là CỦA người dân và của nhà nước, ở Hà Nội",
            "İSTANBUL'DA the ﬁrst of its kind",
            "美日两国 and the 同盟 of the two",
            "ภาษาไทย is of the",
            "",
            "… — !!",
            "Internationalisation: 12345678901234567 UPPERCASEWORDS éA1b2",
        ];
        for code in ["en", "fr", "vi", "zh"] {
            let lexicon = &book.language(code).unwrap().lexicon;
            for text in texts {
                let measured = Shape::measure(text, lexicon, &mut Vec::new())
                    .stop_ratio();
                let sample = Sample::new(text.to_string());
                let words: Vec<u64> = (text
                    .split(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .map(crate::vocab::word_hash)
                .collect();
                assert_eq!(sample.words, words, "{text}");
                assert_eq!(
                    sample.stop_share(lexicon),
                    measured,
                    "{code}: {text}"
                );
            }
        }
    }

    #[test]
    fn long_enough_counts_characters_not_bytes() {
        assert!(long_enough(&"é".repeat(MIN_SAMPLE_CHARS)));
        assert!(!long_enough(&"é".repeat(MIN_SAMPLE_CHARS - 1)));
        assert!(!long_enough(&"a".repeat(MIN_SAMPLE_CHARS - 1)));
        assert!(long_enough(&"a".repeat(MIN_SAMPLE_CHARS)));
        assert!(!long_enough(&"😀".repeat(MIN_SAMPLE_CHARS - 1)));
    }

    #[test]
    fn sample_is_bounded_and_cut_on_char_boundaries() {
        let mut sample = String::new();
        let long = "é".repeat(SAMPLE_BYTES);
        push_bounded(&mut sample, &long);
        assert!(sample.len() <= SAMPLE_BYTES + 1);
    }

    #[test]
    fn unknown_codes_are_interned_once() {
        let a = Language::forced("sw").code.unwrap();
        let b = Language::forced("sw").code.unwrap();
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn nothing_to_detect() {
        assert_eq!(detect_text("").code, None);
        assert_eq!(detect_text("12 34").trusted(), None);
    }
}
