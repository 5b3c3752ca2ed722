//! Dolma attribute records (`--tag`): taking the spans out of the text
//! gives the clean text that `--jsonl` gives.

use serde_json::Value;

use crate::util::{root, run, seeds, tempdir};

/// The text less the spans of every attribute (code point ranges).
fn apply(text: &str, attributes: &Value) -> String {
    let mut cut = vec![false; text.chars().count()];
    for spans in attributes.as_object().unwrap().values() {
        for span in spans.as_array().unwrap() {
            let (a, b) =
                (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
            let score = span[2].as_f64().unwrap();
            assert!(a < b && (0.0..=1.0).contains(&score), "{span}");
            for c in &mut cut[a as usize..b as usize] {
                assert!(!*c, "spans overlap at {a}..{b}");
                *c = true;
            }
        }
    }
    text.chars().zip(cut).filter(|(_, c)| !c).map(|(ch, _)| ch).collect()
}

/// Records of `pages`, one a page.
fn records(pages: &[std::path::PathBuf]) -> String {
    pages
        .iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap())
                .into_owned();
            let id = p.file_name().unwrap().to_string_lossy().into_owned();
            format!("{}\n", serde_json::json!({"id": id, "text": text}))
        })
        .collect()
}

fn check(pages: &[std::path::PathBuf], name: &str) {
    let dir = tempdir(name);
    let input = dir.join("in.jsonl");
    std::fs::write(&input, records(pages)).unwrap();
    let input = input.to_str().unwrap();
    let clean = run(&["--jsonl", "-q", input], b"");
    let tags = run(&["--jsonl", "--tag", "-q", input], b"");
    assert!(clean.status.success() && tags.status.success());
    let originals = std::fs::read_to_string(input).unwrap();
    let lines = originals.lines().zip(
        String::from_utf8(clean.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>(),
    );
    let tags: Vec<Value> = String::from_utf8(tags.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut n = 0;
    for ((original, cleaned), tag) in lines.zip(&tags) {
        let original: Value = serde_json::from_str(original).unwrap();
        let cleaned: Value = serde_json::from_str(&cleaned).unwrap();
        assert_eq!(tag["id"], original["id"]);
        let text = original["text"].as_str().unwrap();
        assert_eq!(
            apply(text, &tag["attributes"]),
            cleaned["text"].as_str().unwrap(),
            "{}",
            original["id"]
        );
        n += 1;
    }
    assert_eq!(n, pages.len());
}

#[test]
fn spans_taken_out_give_the_clean_text_of_the_seeds() {
    check(&seeds(), "tag-seeds");
}

/// On every development page when `../shared/eval` is beside the project
/// (it is in CI).
#[test]
fn spans_taken_out_give_the_clean_text_of_every_development_page() {
    let eval = root().join("../shared/eval");
    if !eval.is_dir() {
        eprintln!("skipped: {} not present", eval.display());
        return;
    }
    let mut pages = Vec::new();
    for ds in std::fs::read_dir(&eval).unwrap() {
        let ds = ds.unwrap().path();
        for v in ["input-region", "input-full"] {
            let Ok(entries) = std::fs::read_dir(ds.join(v)) else { continue };
            pages.extend(entries.map(|e| e.unwrap().path()));
        }
    }
    pages.sort();
    assert!(pages.len() > 1000, "{} pages", pages.len());
    check(&pages, "tag-eval");
}
