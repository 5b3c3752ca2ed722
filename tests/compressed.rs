//! Compressed shards: gzip (multi-member) and zstd, in and out.

use std::fs;
use std::io::{Read, Write};

use crate::util::{run_in, seeds, tempdir};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// JSON Lines records of the seeds, with fields besides the text.
fn records() -> Vec<String> {
    seeds()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = fs::read_to_string(p).unwrap();
            let rec = serde_json::json!({"id": format!("d{i}"), "text": text, "meta": {"n": i, "src": "ví dụ"}});
            format!("{rec}\n")
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::default(),
    );
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

#[test]
fn a_folder_of_gzip_shards_round_trips_with_every_other_field_unchanged() {
    let dir = tempdir("gz-shards");
    fs::create_dir_all(dir.join("shards/sub")).unwrap();
    let recs = records();
    let plain: String = recs.concat();
    fs::write(dir.join("plain.jsonl"), &plain).unwrap();
    // One shard of one gzip member, one of a member per record (as Dolma
    // writes them).
    fs::write(
        dir.join("shards/a.jsonl.gz"),
        gzip(recs[..2].concat().as_bytes()),
    )
    .unwrap();
    let members: Vec<u8> =
        recs[2..].iter().flat_map(|r| gzip(r.as_bytes())).collect();
    fs::write(dir.join("shards/sub/b.jsonl.gz"), members).unwrap();
    let out = run_in(&dir, &["--jsonl", "-q", "shards", "-o", "out"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = run_in(&dir, &["--jsonl", "-q", "plain.jsonl"], b"").stdout;
    let mut got = gunzip(&fs::read(dir.join("out/a.jsonl.gz")).unwrap());
    got.extend(gunzip(&fs::read(dir.join("out/sub/b.jsonl.gz")).unwrap()));
    assert_eq!(
        String::from_utf8(got).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

#[test]
fn zstd_in_and_the_compression_changed_on_request() {
    let dir = tempdir("zst");
    fs::create_dir_all(dir.join("in")).unwrap();
    let plain = records().concat();
    let zst = zstd::encode_all(plain.as_bytes(), 3).unwrap();
    fs::write(dir.join("in/a.jsonl.zst"), zst).unwrap();
    fs::write(dir.join("plain.jsonl"), &plain).unwrap();
    let expected = run_in(&dir, &["--jsonl", "-q", "plain.jsonl"], b"").stdout;
    let out = run_in(
        &dir,
        &["--jsonl", "-q", "in", "-o", "out", "--compress", "none"],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(dir.join("out/a.jsonl")).unwrap(), expected);
    let out = run_in(
        &dir,
        &["--jsonl", "-q", "in", "-o", "gz", "--compress", "gz"],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        gunzip(&fs::read(dir.join("gz/a.jsonl.gz")).unwrap()),
        expected
    );
}

#[test]
fn standard_input_is_read_by_its_magic_bytes_and_written_plain() {
    let dir = tempdir("gz-stdin");
    let plain = records().concat();
    fs::write(dir.join("plain.jsonl"), &plain).unwrap();
    let expected = run_in(&dir, &["--jsonl", "-q", "plain.jsonl"], b"").stdout;
    let out = run_in(&dir, &["--jsonl", "-q"], &gzip(plain.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, expected);
    let page = fs::read(&seeds()[0]).unwrap();
    let text = run_in(&dir, &["-q"], &page).stdout;
    let zipped = run_in(&dir, &["-q", "--compress", "gz"], &gzip(&page));
    assert_eq!(gunzip(&zipped.stdout), text);
}

#[test]
fn a_truncated_gzip_shard_fails_where_it_broke_and_keeps_what_came_before() {
    let dir = tempdir("gz-trunc");
    fs::create_dir_all(dir.join("in")).unwrap();
    // Enough records that the good ones fill a batch before the break.
    let many: String = records().concat().repeat(80);
    let whole = gzip(many.as_bytes());
    fs::write(dir.join("in/a.jsonl.gz"), &whole[..whole.len() * 3 / 4])
        .unwrap();
    fs::write(dir.join("in/b.jsonl.gz"), gzip(records().concat().as_bytes()))
        .unwrap();
    let out = run_in(&dir, &["--jsonl", "-q", "in", "-o", "out"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("in/a.jsonl.gz:") && err.contains("deflate"),
        "{err}"
    );
    let kept = gunzip(&fs::read(dir.join("out/a.jsonl.gz")).unwrap());
    let lines = kept.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    assert!(lines > 0 && lines < 400, "{lines} records before the break");
    assert!(dir.join("out/b.jsonl.gz").is_file(), "the other input is done");
}

#[test]
fn a_folder_where_nothing_matches_is_an_error_naming_it_and_the_globs() {
    let dir = tempdir("no-match");
    fs::create_dir_all(dir.join("in")).unwrap();
    fs::write(dir.join("in/notes.md"), "x").unwrap();
    let out = run_in(&dir, &["--jsonl", "in", "-o", "out"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("in: no file matches *.jsonl *.jsonl.gz *.jsonl.zst"),
        "{}",
        stderr(&out)
    );
    fs::write(
        dir.join("in/page.txt.gz"),
        gzip(&fs::read(&seeds()[0]).unwrap()),
    )
    .unwrap();
    let out = run_in(&dir, &["in", "-o", "out"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("out/page.txt.gz").is_file());
}
