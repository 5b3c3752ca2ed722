//! Python bindings of deboiler: the same library as the command line.
//!
//! ```python
//! import deboiler
//! c = deboiler.Cleaner()
//! r = c.clean(text)          # r.text, r.lang, r.confidence, r.removed
//! rs = c.clean_many(texts, threads=8)
//! ```
//!
//! Offsets of removed lines are Unicode code points of the text, as
//! Python's `str` indexes it.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use deboiler::jsonl::CodePoints;
use deboiler::model::{Model, TitlePolicy};
use deboiler::Patterns;

/// Builds once, cleans many texts, from any number of threads.
#[pyclass(frozen, module = "deboiler")]
struct Cleaner {
    inner: deboiler::Cleaner,
}

/// A removed line.
#[pyclass(frozen, get_all, module = "deboiler")]
#[derive(Clone)]
struct Removed {
    /// The 1-based line number.
    line: usize,
    /// The line's content in code points of the text, half-open.
    start: usize,
    end: usize,
    category: String,
    rule: String,
    text: String,
    /// The line model's probability that the line is article text.
    score: Option<f32>,
}

/// What cleaning one text gave.
#[pyclass(frozen, get_all, module = "deboiler")]
struct Cleaned {
    /// The clean body.
    text: String,
    /// The language judged in (ISO 639-1), or None.
    lang: Option<String>,
    confidence: f64,
    /// Every removed line, in order.
    removed: Vec<Removed>,
}

#[pymethods]
impl Removed {
    fn __repr__(&self) -> String {
        format!(
            "Removed(line={}, start={}, end={}, category={:?}, rule={:?}, text={:?})",
            self.line, self.start, self.end, self.category, self.rule, self.text
        )
    }
}

#[pymethods]
impl Cleaned {
    fn __repr__(&self) -> String {
        format!(
            "Cleaned(lang={:?}, removed={}, text={} chars)",
            self.lang,
            self.removed.len(),
            self.text.chars().count()
        )
    }
}

#[pymethods]
impl Cleaner {
    /// `patterns`: pattern files or folders that extend the built-in
    /// sets; `model`: a model file (from `deboiler train`) instead of the
    /// built-in one; `title`: "keep" or "drop".
    #[new]
    #[pyo3(signature = (patterns = None, model = None, title = "keep"))]
    fn new(
        patterns: Option<Vec<PathBuf>>,
        model: Option<PathBuf>,
        title: &str,
    ) -> PyResult<Cleaner> {
        let bad = |e: deboiler::Error| PyValueError::new_err(e.to_string());
        let mut sets = Patterns::builtin();
        for path in patterns.unwrap_or_default() {
            let added = match path.is_dir() {
                true => sets.add_dir(&path),
                false => sets.add_file(&path),
            };
            added.map_err(bad)?;
        }
        let mut inner = deboiler::Cleaner::new(&sets).map_err(bad)?;
        if let Some(path) = model {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| bad(deboiler::Error::io(&shown, e)))?;
            inner.set_model(Model::parse(&shown, &text).map_err(bad)?);
        }
        inner.set_title(match title {
            "keep" => TitlePolicy::Keep,
            "drop" => TitlePolicy::Drop,
            other => {
                let msg = format!(
                    "title must be \"keep\" or \"drop\", not {other:?}"
                );
                return Err(PyValueError::new_err(msg));
            }
        });
        Ok(Cleaner { inner })
    }

    /// Cleans `text`, in the language `lang` (ISO 639-1) if given, else
    /// in the detected one.
    #[pyo3(signature = (text, lang = None))]
    fn clean(
        &self,
        py: Python<'_>,
        text: &str,
        lang: Option<&str>,
    ) -> Cleaned {
        py.detach(|| clean(&self.inner, text, lang))
    }

    /// Cleans every text of `texts` on `threads` threads (default: all
    /// cores), without the GIL; the results in order.
    #[pyo3(signature = (texts, lang = None, threads = None))]
    fn clean_many(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        lang: Option<&str>,
        threads: Option<usize>,
    ) -> Vec<Cleaned> {
        let threads = threads.filter(|&t| t > 0).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
        });
        py.detach(|| clean_all(&self.inner, &texts, lang, threads))
    }
}

/// Cleans `texts` on `threads` threads, each a contiguous share.
fn clean_all(
    cleaner: &deboiler::Cleaner,
    texts: &[String],
    lang: Option<&str>,
    threads: usize,
) -> Vec<Cleaned> {
    let per = texts.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = texts
            .chunks(per)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|t| clean(cleaner, t, lang))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("cleaning does not panic"))
            .collect()
    })
}

/// Cleans one text.
fn clean(
    cleaner: &deboiler::Cleaner,
    text: &str,
    lang: Option<&str>,
) -> Cleaned {
    let doc = text.as_bytes();
    let outcome = cleaner.clean(doc, lang);
    let mut body = Vec::with_capacity(doc.len());
    outcome.write_clean(doc, &mut body).expect("writing to a Vec");
    let mut points = CodePoints::default();
    let removed = outcome
        .removals()
        .map(|(i, line, r)| Removed {
            line: i + 1,
            start: points.at(doc, line.start()),
            end: points.at(doc, line.end()),
            category: r.category.to_string(),
            rule: cleaner.rule_id(r.rule).to_string(),
            text: text[line.start()..line.end()].to_string(),
            score: outcome.judgement(i).map(|j| j.score),
        })
        .collect();
    Cleaned {
        text: String::from_utf8(body).expect("kept lines of a str are UTF-8"),
        lang: outcome.language.code.map(str::to_string),
        confidence: outcome.language.confidence,
        removed,
    }
}

/// The native module, re-exported by the `deboiler` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Cleaner>()?;
    m.add_class::<Cleaned>()?;
    m.add_class::<Removed>()?;
    Ok(())
}
