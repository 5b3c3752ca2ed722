//! Golden tests: each seed's clean output equals its `*.gold.txt` (blank
//! lines aside); its audit and explain views equal their snapshots in
//! `tests/golden/` (`BLESS=1 cargo test` rewrites those, never the golds).

use crate::util::{non_blank, root, run, seeds, snapshot};

fn rel(path: &std::path::Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

#[test]
fn seeds_match_gold() {
    let seeds = seeds();
    assert_eq!(seeds.len(), 5, "the five seeds are in seeds/");
    for seed in seeds {
        let out = run(&[&rel(&seed)], b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let gold =
            std::fs::read_to_string(seed.with_extension("gold.txt")).unwrap();
        eqnice!(
            non_blank(&gold),
            non_blank(&String::from_utf8(out.stdout).unwrap())
        );
    }
}

#[test]
fn seed_audits_match_snapshots() {
    for seed in seeds() {
        let out = run(&["--audit", "-", &rel(&seed)], b"");
        let name = seed.file_stem().unwrap().to_str().unwrap();
        let path = root().join(format!("tests/golden/{name}.audit.jsonl"));
        snapshot(&path, &String::from_utf8(out.stderr).unwrap());
    }
}

#[test]
fn seed_explain_views_match_snapshots() {
    for seed in seeds() {
        let out = run(&["--explain", "--color", "never", &rel(&seed)], b"");
        let name = seed.file_stem().unwrap().to_str().unwrap();
        let path = root().join(format!("tests/golden/{name}.explain.txt"));
        snapshot(&path, &String::from_utf8(out.stdout).unwrap());
    }
}
