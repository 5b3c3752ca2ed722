//! The line model: training, its file, its guardrails and its options.

use std::fs;

use deboiler::model::{Model, TitlePolicy};
use deboiler::structure::Structure;
use deboiler::{Cleaner, Verdict};

use crate::util::{root, run_in, seeds, tempdir};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder of the seeds' pages and one of their gold bodies, named alike.
fn seed_folders(dir: &std::path::Path) {
    fs::create_dir_all(dir.join("pages")).unwrap();
    fs::create_dir_all(dir.join("gold")).unwrap();
    for page in seeds() {
        let name = page.file_name().unwrap();
        fs::copy(&page, dir.join("pages").join(name)).unwrap();
        let gold = page.with_extension("gold.txt");
        fs::copy(gold, dir.join("gold").join(name)).unwrap();
    }
}

#[test]
fn training_is_deterministic_and_the_model_it_writes_is_read_back() {
    let dir = tempdir("train");
    seed_folders(&dir);
    let args = |o: &'static str| {
        ["train", "--pages", "pages", "--gold", "gold", "-o", o]
    };
    for o in ["a.toml", "b.toml"] {
        let out = run_in(&dir, &args(o), b"");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let a = fs::read_to_string(dir.join("a.toml")).unwrap();
    assert_eq!(a, fs::read_to_string(dir.join("b.toml")).unwrap());
    let model = Model::parse("a.toml", &a).unwrap();
    assert_eq!(model.to_toml(), a);
    let page = root().join("seeds/000_9a383749de56cf95.txt");
    let page = page.to_str().unwrap();
    let out = run_in(&dir, &["--model", "a.toml", page], b"");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn the_built_in_model_file_is_what_the_trainer_writes() {
    let text = fs::read_to_string(root().join("patterns/model.toml")).unwrap();
    let model = Model::parse("patterns/model.toml", &text).unwrap();
    assert_eq!(model, Model::builtin());
    assert_eq!(model.to_toml(), text);
}

#[test]
fn a_broken_model_file_is_an_error_naming_the_file_and_line() {
    let dir = tempdir("bad-model");
    let good = Model::builtin().to_toml();
    let cases = [
        (
            good.replacen("\"shape/length\"", "\"shape/lenght\"", 1),
            "unknown feature \"shape/lenght\"",
        ),
        (good.replacen("threshold = ", "threshold = \"x", 1), ""),
        (good.replacen("format = 2", "format = 9", 1), "format 9"),
    ];
    for (k, (text, want)) in cases.iter().enumerate() {
        let name = format!("m{k}.toml");
        fs::write(dir.join(&name), text).unwrap();
        let out = run_in(&dir, &["--model", &name, "-"], b"Rain.\n");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        let line = text.lines().position(|l| {
            l.contains("lenght") || l.contains("\"x") || l.contains("= 9")
        });
        let at = format!("{name}:{}: bad model file", line.unwrap() + 1);
        assert!(err.contains(&at), "{err} lacks {at}");
        assert!(err.contains(want), "{err} lacks {want}");
    }
}

const BODY: &str = "The city council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, ending two years of debate over its cost.\n\nUnder the plan, the river bridge will close to traffic in June and reopen in late 2027, with a ferry running for pedestrians in the meantime.\n\nEngineers found corrosion in the bridge's steel supports last year, and the council said repairs alone would cost nearly as much as a new bridge.\n\nThe mayor said the new bridge would carry two bus lanes and a cycle path, and that construction contracts would be signed before the end of March.\n";

fn verdicts(c: &Cleaner, page: &str) -> Vec<(String, Verdict)> {
    let outcome = c.clean(page.as_bytes(), Some("en"));
    outcome
        .lines()
        .map(|(l, v)| (l.text(page.as_bytes()).into_owned(), v))
        .filter(|(_, v)| *v != Verdict::Blank)
        .collect()
}

#[test]
fn a_tail_heading_above_the_article_cannot_remove_it() {
    // "Comments" ends the article wherever the rules find it; the running
    // text below it scores confidently as article, and stays.
    let page = format!("Bridge to be rebuilt\n\nComments\n\n{BODY}");
    for (text, v) in verdicts(Cleaner::builtin_shared(), &page) {
        if text.len() > 100 {
            assert_eq!(v, Verdict::Keep, "{text}");
        }
    }
}

#[test]
fn a_line_a_pattern_matched_is_removed_whatever_the_model_scores() {
    let page = format!("{BODY}\nShare this article\n");
    let got = verdicts(Cleaner::builtin_shared(), &page);
    let share = got.iter().find(|(t, _)| t == "Share this article").unwrap();
    assert!(matches!(share.1, Verdict::Remove(_)));
}

#[test]
fn a_page_the_model_would_empty_is_left_to_the_rules() {
    let mut model = Model::builtin();
    model.first.weights = [0.0; deboiler::model::features::COUNT];
    model.first.weights[0] = -20.0;
    model.first.trees.clear();
    model.context.clear();
    let mut c = Cleaner::builtin();
    c.set_model(model);
    let mut rules = Cleaner::builtin();
    rules.disable(Structure::LineModel);
    let page = format!("Bridge to be rebuilt\n\n{BODY}\nShare this article\n");
    assert_eq!(verdicts(&c, &page), verdicts(&rules, &page));
    assert!(verdicts(&c, &page).iter().any(|(_, v)| *v == Verdict::Keep));
}

#[test]
fn the_title_is_kept_or_dropped_as_asked() {
    let page =
        format!("Council votes to rebuild the old river bridge\n\n{BODY}");
    let title = |policy| {
        let mut c = Cleaner::builtin();
        c.set_title(policy);
        verdicts(&c, &page).remove(0).1
    };
    assert_eq!(title(TitlePolicy::Keep), Verdict::Keep);
    let Verdict::Remove(r) = title(TitlePolicy::Drop) else {
        panic!("the title is kept with --title drop");
    };
    assert_eq!(r.rule, deboiler::RuleRef::Structure(Structure::Title));
}
