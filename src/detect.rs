//! Stage 2: language detection on a bounded sample of the document.
//!
//! whatlang is the slowest step when it reads a whole page, and menus at
//! the top of a page are a poor sample, so it reads at most
//! [`SAMPLE_BYTES`] of the document's longest-looking lines: lines of at
//! least [`MIN_SAMPLE_CHARS`] characters, in order, else whatever text
//! there is.

use std::sync::Mutex;

use whatlang::Lang;

/// The most text handed to whatlang.
pub const SAMPLE_BYTES: usize = 1024;

/// Lines shorter than this are menus and labels, not a sample of prose.
const MIN_SAMPLE_CHARS: usize = 40;

/// Detections under this confidence are not trusted: only the common
/// rules apply then.
pub const MIN_CONFIDENCE: f64 = 0.25;

/// The language of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    /// ISO 639-1 code where there is one (`vi`, `zh`), else whatlang's
    /// ISO 639-3 code; `None` when nothing could be detected.
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

/// Detects the language of the lines `texts` (in document order).
pub fn detect<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> Language {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 256);
    for text in texts.clone() {
        if text.chars().count() >= MIN_SAMPLE_CHARS {
            push_bounded(&mut sample, text);
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
        }
    }
    if sample.len() < SAMPLE_BYTES / 4 {
        for text in texts {
            push_bounded(&mut sample, text);
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
        }
    }
    match whatlang::detect(&sample) {
        Some(info) => Language {
            code: Some(code(info.lang())),
            confidence: info.confidence(),
            forced: false,
        },
        None => Language { code: None, confidence: 0.0, forced: false },
    }
}

/// Appends `text` and a newline to `sample`, cut at a char boundary so the
/// sample never exceeds [`SAMPLE_BYTES`].
fn push_bounded(sample: &mut String, text: &str) {
    let room = SAMPLE_BYTES.saturating_sub(sample.len());
    let mut cut = text.len().min(room);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    sample.push_str(&text[..cut]);
    sample.push('\n');
}

/// The ISO 639-1 code of `lang` where the pattern sets use one.
fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Cmn => "zh",
        Lang::Vie => "vi",
        Lang::Por => "pt",
        Lang::Rus => "ru",
        Lang::Kor => "ko",
        Lang::Jpn => "ja",
        Lang::Ind => "id",
        Lang::Ita => "it",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Fra => "fr",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Tur => "tr",
        Lang::Ukr => "uk",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Tha => "th",
        Lang::Swe => "sv",
        other => other.code(),
    }
}

/// A `'static` copy of a user's language code: the known ones are
/// shared; an unknown one is leaked once per process, whatever the number
/// of documents judged in it.
fn intern(code: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "en", "zh", "vi", "pt", "ru", "ko", "ja", "id", "it", "de", "es",
        "fr", "nl", "pl", "tr", "uk", "ar", "hi", "th", "sv", "common",
    ];
    if let Some(known) = KNOWN.iter().find(|k| **k == code) {
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

    fn detect_text(text: &str) -> Language {
        detect(text.lines())
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
