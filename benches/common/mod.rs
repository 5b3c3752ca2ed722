//! What the benchmarks share: the pages they run on.

use std::path::Path;

/// The seeds and, when `../shared/eval` is beside the project, its pages
/// (both input variants), as bytes, in a fixed order.
pub fn load_documents() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = Vec::new();
    read_dir_txt(&root.join("seeds"), &mut docs);
    let eval = root.join("../shared/eval");
    if let Ok(sets) = std::fs::read_dir(&eval) {
        let mut sets: Vec<_> =
            sets.filter_map(|e| e.ok().map(|e| e.path())).collect();
        sets.sort();
        for set in sets {
            for variant in ["input-region", "input-full"] {
                read_dir_txt(&set.join(variant), &mut docs);
            }
        }
    }
    assert!(!docs.is_empty(), "no documents found");
    docs
}

fn read_dir_txt(dir: &Path, docs: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy();
        if name.ends_with(".txt") && !name.ends_with(".gold.txt") {
            docs.push(std::fs::read(&p).unwrap());
        }
    }
}
