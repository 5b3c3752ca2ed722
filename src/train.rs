//! `deboiler train`: fit a line model to folders of pages and their gold
//! bodies, and write it as a model file.

use std::fs;
use std::path::{Path, PathBuf};

use deboiler::model::train::Corpus;

use crate::run::{build_cleaner, RunError, Status};

/// The training folders: pages, their gold bodies and their weights, a
/// folder of each at the same place.
pub struct Folders<'a> {
    pub pages: &'a [PathBuf],
    pub gold: &'a [PathBuf],
    pub weight: &'a [f64],
}

/// Trains on each pages folder with the gold folder at the same place,
/// the pages in name order, and writes the model to `output`.
pub fn run(
    folders: &Folders<'_>,
    output: &Path,
    without: &[String],
    patterns: &[PathBuf],
) -> Result<Status, RunError> {
    let Folders { pages, gold, weight } = *folders;
    if pages.len() != gold.len() {
        let msg = "train: give one --gold folder for each --pages folder";
        return Err(RunError::Usage(msg.into()));
    }
    if !weight.is_empty() && weight.len() != pages.len() {
        let msg = "train: give one --weight for each --pages folder, or none";
        return Err(RunError::Usage(msg.into()));
    }
    if weight.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
        let msg = "train: a --weight is a positive number";
        return Err(RunError::Usage(msg.into()));
    }
    let groups = deboiler::model::features::GROUPS;
    if let Some(g) = without.iter().find(|g| !groups.contains(&g.as_str())) {
        let msg = format!(
            "train: --without {g}: no such feature group (one of: {})",
            groups.join(", ")
        );
        return Err(RunError::Usage(msg));
    }
    let cleaner = build_cleaner(patterns, &[])?;
    let mut corpus = Corpus::without(without);
    for (k, (dir, gold_dir)) in pages.iter().zip(gold).enumerate() {
        let w = weight.get(k).copied().unwrap_or(1.0);
        for page in pages_of(dir)? {
            let name = page.file_name().unwrap_or_default();
            let gold_path = gold_dir.join(name);
            let Ok(gold) = fs::read_to_string(&gold_path) else {
                eprintln!(
                    "deboiler: train: {}: no gold body, skipped",
                    page.display()
                );
                continue;
            };
            let doc = fs::read(&page).map_err(|e| io_error(&page, e))?;
            cleaner.examine(&doc, None, |p, ctx| {
                corpus.add(&name.to_string_lossy(), p, ctx, &gold, w)
            });
        }
    }
    if corpus.pages() == 0 {
        return Err(RunError::Usage("train: no page with a gold body".into()));
    }
    let model = corpus.fit();
    fs::write(output, model.to_toml()).map_err(|e| io_error(output, e))?;
    eprintln!(
        "deboiler: train: {} pages, model written to {}",
        corpus.pages(),
        output.display()
    );
    Ok(Status::Ok)
}

/// The `*.txt` files of `dir`, in name order.
fn pages_of(dir: &Path) -> Result<Vec<PathBuf>, RunError> {
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        if path.extension().is_some_and(|e| e == "txt") && path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn io_error(path: &Path, e: std::io::Error) -> RunError {
    RunError::Deboiler(deboiler::Error::io(path.display().to_string(), e))
}
