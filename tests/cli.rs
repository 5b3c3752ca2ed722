//! The command line: inputs, outputs, flags, errors and exit codes.

use std::process::{Command, Stdio};

use crate::util::{root, run, run_in, tempdir};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

const PAGE: &str = "Storm closes schools\n\nA storm closed schools across the region on Monday, and officials said they would reopen on Wednesday.\nShare this article\n";

#[test]
fn stdin_to_stdout() {
    let out = run(&[], PAGE.as_bytes());
    assert!(out.status.success());
    eqnice!(
        "Storm closes schools\n\nA storm closed schools across the region on Monday, and officials said they would reopen on Wednesday.\n",
        stdout(&out)
    );
    let dash = run(&["-"], PAGE.as_bytes());
    assert_eq!(dash.stdout, out.stdout);
}

#[test]
fn one_file_to_stdout() {
    let out = run(&["seeds/002_c7c1a47f91e5f97c.txt"], b"");
    assert!(out.status.success());
    assert!(!stdout(&out).contains("39447380014"));
    assert!(stdout(&out).contains("Blinken"));
}

#[test]
fn folder_with_output_dir_keeps_relative_paths() {
    let dir = tempdir("folder");
    std::fs::create_dir_all(dir.join("in/sub")).unwrap();
    std::fs::write(dir.join("in/a.txt"), PAGE).unwrap();
    std::fs::write(dir.join("in/sub/b.txt"), PAGE).unwrap();
    std::fs::write(dir.join("in/skip.md"), PAGE).unwrap();
    let out = run_in(&dir, &["in", "-o", "out"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("out/a.txt").is_file());
    assert!(dir.join("out/sub/b.txt").is_file());
    assert!(!dir.join("out/skip.md").exists());
    let clean = std::fs::read_to_string(dir.join("out/sub/b.txt")).unwrap();
    assert!(!clean.contains("Share this"));
}

#[test]
fn glob_selects_and_excludes() {
    let dir = tempdir("glob");
    let out = run(
        &["seeds", "--glob", "!*.gold.txt", "-o", dir.to_str().unwrap()],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.iter().all(|n| !n.to_str().unwrap().contains("gold")));
}

#[test]
fn several_inputs_without_output_dir_is_a_usage_error() {
    let out = run(
        &["seeds/000_9a383749de56cf95.txt", "seeds/001_1d216cd8c5788951.txt"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("several inputs need -o OUTDIR"),
        "{}",
        stderr(&out)
    );
    let folder = run(&["seeds"], b"");
    assert_eq!(folder.status.code(), Some(2));
}

#[test]
fn explain_marks_every_line_and_takes_several_inputs() {
    let out = run(&["--explain", "seeds", "--glob", "!*.gold.txt"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("==> seeds/").count(), 5);
    let heading = text.lines().find(|l| l.ends_with("] Tin liên quan"));
    let heading = heading.expect("the related heading is marked removed");
    assert!(
        heading.starts_with("- [related vi/related-heading "),
        "{heading}"
    );
    assert!(text.contains("+ Mỹ và Nhật Bản tổ chức Đối thoại răn đe mở rộng"));
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
    let coloured = run(
        &["--explain", "--color", "always", "seeds/001_1d216cd8c5788951.txt"],
        b"",
    );
    assert!(stdout(&coloured).contains("\x1b[31m"));
}

#[test]
fn audit_to_file_and_to_stderr() {
    let dir = tempdir("audit");
    let file = dir.join("audit.jsonl");
    let out = run(
        &["--audit", file.to_str().unwrap(), "seeds/003_f33d390176ca5275.txt"],
        b"",
    );
    assert!(out.status.success());
    let audit = std::fs::read_to_string(&file).unwrap();
    assert!(audit.contains(r#""rule":"vi/share""#), "{audit}");
    assert!(audit.lines().last().unwrap().contains(r#""type":"summary""#));
    let err = run(&["--audit", "-"], PAGE.as_bytes());
    assert!(stderr(&err).contains(r#""doc":"-""#));
}

#[test]
fn lang_overrides_detection() {
    let page = "Tin liên quan\nMột dòng tiêu đề ngắn\n";
    let detected = run(&["--audit", "-"], page.as_bytes());
    let forced = run(&["--lang", "en", "--audit", "-"], page.as_bytes());
    assert!(stderr(&forced).contains(r#""lang":"en""#));
    assert!(stderr(&forced).contains(r#""lang_forced":true"#));
    assert!(!stderr(&forced).contains("vi/related-heading"));
    let vi = run(&["--lang", "vi", "--audit", "-"], page.as_bytes());
    assert!(stderr(&vi).contains("vi/related-heading"), "{}", stderr(&vi));
    assert!(detected.status.success());
    let bad = run(&["--lang", "12"], page.as_bytes());
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn user_patterns_extend_the_built_in_sets() {
    let dir = tempdir("patterns");
    std::fs::write(
        dir.join("mine.toml"),
        "lang = \"en\"\n\n[[rule]]\nid = \"house-promo\"\ncategory = \"advert\"\nscope = \"start\"\nliteral = [\"Our shop:\"]\n",
    )
    .unwrap();
    let page = "Our shop: mugs and posters\n\nA storm closed schools across the region on Monday, and officials said they would reopen on Wednesday.\n";
    let plain = run(&["--lang", "en"], page.as_bytes());
    assert!(stdout(&plain).contains("Our shop"));
    let dir_arg = dir.to_str().unwrap();
    let out = run(
        &["--lang", "en", "--patterns", dir_arg, "--audit", "-"],
        page.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Our shop"));
    assert!(stderr(&out).contains("en/house-promo"));
    let listed = run(&["patterns", "--patterns", dir_arg], b"");
    assert!(stdout(&listed)
        .contains("en/house-promo\ten\tadvert\tliteral\tstart\t"));
}

#[test]
fn broken_pattern_file_names_file_and_line() {
    let dir = tempdir("broken");
    let file = dir.join("bad.toml");
    std::fs::write(&file, "lang = \"en\"\n\n[[rule]]\nid = \"x\"\ncategory = \"nonsense\"\nscope = \"line\"\nliteral = [\"a\"]\n").unwrap();
    let out = run(&["--patterns", file.to_str().unwrap()], PAGE.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.toml:3"), "{err}");
    assert!(err.contains("unknown category \"nonsense\""), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_file_fails_but_others_are_done() {
    let dir = tempdir("missing");
    let out = run(
        &[
            "seeds/000_9a383749de56cf95.txt",
            "no/such/file.txt",
            "-o",
            dir.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no/such/file.txt"), "{}", stderr(&out));
    assert!(dir.join("seeds/000_9a383749de56cf95.txt").is_file());
}

#[test]
fn binary_file_is_skipped_with_a_message() {
    let dir = tempdir("binary");
    std::fs::write(dir.join("bin.txt"), b"\x00\x01\x02 not text").unwrap();
    std::fs::write(dir.join("ok.txt"), PAGE).unwrap();
    let out = run_in(&dir, &[".", "-o", "out"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bin.txt: skipped: binary file"),
        "{}",
        stderr(&out)
    );
    assert!(dir.join("out/ok.txt").is_file());
    assert!(!dir.join("out/bin.txt").exists());
}

#[test]
fn patterns_subcommand_lists_every_rule() {
    let out = run(&["patterns"], b"");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("id\tlang\tcategory\tkind\tscope\tsource\n"));
    assert!(text.contains(
        "vi/related-heading\tvi\trelated\tliteral\tregion\tbuilt-in:vi.toml:"
    ));
    assert!(text.contains("zh/photo-credit\tzh\tcaption\tliteral\tend\t"));
    assert!(
        text.contains("structure/repeated-line\t*\tduplicate\tstructure\t")
    );
}

#[test]
fn empty_input_gives_empty_output() {
    let out = run(&[], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn crlf_and_bom_are_kept_byte_for_byte() {
    let out = run(&["tests/data/crlf-bom.txt"], b"");
    assert!(
        out.stdout.starts_with(b"\xef\xbb\xbfThe story runs on"),
        "{:?}",
        &out.stdout[..20]
    );
    assert!(out.stdout.windows(2).any(|w| w == b"\r\n"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Share this"));
}

#[test]
fn invalid_utf8_is_written_as_it_came() {
    let out = run(&["tests/data/invalid-utf8.txt", "--audit", "-"], b"");
    assert!(out.status.success());
    assert!(out.stdout.windows(4).any(|w| w == b"caf\xe9"));
    assert!(stderr(&out).contains(r#""invalid_utf8":2"#), "{}", stderr(&out));
}

#[test]
fn broken_pipe_ends_quietly() {
    let big: String = std::iter::repeat_n(PAGE, 20_000).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_deboiler"))
        .arg("--explain")
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = input.write_all(big.as_bytes());
    });
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

/// Two inputs that map to one output path were written one over the
/// other, with exit 0.
#[test]
fn r_two_inputs_for_one_output_path_are_an_error_before_any_write() {
    let dir = tempdir("collide");
    for d in ["a", "b"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
        std::fs::write(dir.join(d).join("same.txt"), PAGE).unwrap();
    }
    let out = run_in(&dir, &["a", "b", "-o", "out"], b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "a/same.txt and b/same.txt would both be written to out/same.txt"
        ),
        "{err}"
    );
    assert!(!dir.join("out").exists(), "nothing written");
}

/// A symbolic link loop in an input folder was followed some 40 levels
/// deep, writing a copy a level.
#[cfg(unix)]
#[test]
fn r_a_symlink_loop_is_walked_once() {
    let dir = tempdir("loop");
    std::fs::create_dir_all(dir.join("in/sub")).unwrap();
    std::fs::write(dir.join("in/sub/a.txt"), PAGE).unwrap();
    std::os::unix::fs::symlink("..", dir.join("in/sub/up")).unwrap();
    let out = run_in(&dir, &["in", "-o", "out"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a folder reached again"),
        "{}",
        stderr(&out)
    );
    let mut files = 0;
    let mut stack = vec![dir.join("out")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                files += 1
            }
        }
    }
    assert_eq!(files, 1, "one copy of in/sub/a.txt");
}

/// An output folder inside the input folder was cleaned again on the next
/// run, as `out/out/...`.
#[test]
fn r_the_output_folder_inside_the_input_is_left_out() {
    let dir = tempdir("nested");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.txt"), PAGE).unwrap();
    for _ in 0..2 {
        let out = run_in(&dir, &["in", "-o", "in/out"], b"");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(dir.join("in/out/a.txt").is_file());
    assert!(!dir.join("in/out/out").exists());
    let out = run_in(&dir, &["in", "-o", "in/out"], b"");
    assert!(stderr(&out)
        .contains("the output folder, inside an input folder; left out"));
}

/// Output files are written under a temporary name and renamed when
/// complete: none is left behind.
#[test]
fn output_files_are_whole_and_no_temporary_file_is_left() {
    let dir = tempdir("atomic");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.txt"), PAGE).unwrap();
    let out = run_in(&dir, &["in", "-o", "out"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.txt"]);
    let one = run_in(&dir, &["in/a.txt"], b"");
    assert_eq!(std::fs::read(dir.join("out/a.txt")).unwrap(), one.stdout);
}

/// `-o` naming an existing file gave one error per input.
#[test]
fn r_o_naming_a_file_is_one_usage_error() {
    let dir = tempdir("o-file");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.txt"), PAGE).unwrap();
    std::fs::write(dir.join("in/b.txt"), PAGE).unwrap();
    std::fs::write(dir.join("taken"), "x").unwrap();
    let out = run_in(&dir, &["in", "-o", "taken"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("-o taken: is a file"), "{err}");
}

/// `--lang xx` was accepted for a code that is no language.
#[test]
fn r_lang_must_be_a_language_and_one_without_patterns_says_so() {
    let page = b"Rain fell in the north on Monday and closed the roads.\n";
    let bad = run(&["--lang", "xx"], page);
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(err.contains("--lang xx: not a language code; one of: "), "{err}");
    assert!(err.contains(" vi ") && err.contains(" zh "), "{err}");
    let dutch = run(&["--lang", "nl", "--audit", "-"], page);
    assert!(dutch.status.success());
    assert!(stderr(&dutch).contains(r#""lang":"nl","confidence":1.0,"lang_forced":true,"lang_patterns":false"#), "{}", stderr(&dutch));
    let vi = run(&["--lang", "vi", "--audit", "-"], page);
    assert!(stderr(&vi).contains(r#""lang_patterns":true"#));
}

/// A pattern regex too big to compile panicked (exit 101) when a
/// document first needed it; the load only checked its syntax.
#[test]
fn r_a_regex_too_big_to_compile_is_a_pattern_file_error() {
    let dir = tempdir("big-regex");
    std::fs::write(
        dir.join("big.toml"),
        "lang = \"en\"\n\n[[rule]]\nid = \"huge\"\ncategory = \"advert\"\nscope = \"any\"\nregex = [\"(?:\\\\w{50}){50}x\"]\n",
    )
    .unwrap();
    let out = run_in(&dir, &["--patterns", "big.toml", "-"], b"Rain.\n");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("big.toml:"), "{err}");
    assert!(
        err.contains(
            "rule \"en/huge\": regex too big to compile (the limit is 64 MiB)"
        ),
        "{err}"
    );
}

#[test]
fn min_kept_leaves_thin_text_documents_unwritten_and_counts_them() {
    let dir = tempdir("min-kept");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.txt"), PAGE).unwrap();
    std::fs::write(
        dir.join("in/thin.txt"),
        "Share this article\nAdvertisement\n",
    )
    .unwrap();
    let out = run_in(
        &dir,
        &["-q", "in", "-o", "out", "--min-kept", "0.3", "--stats"],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("out/a.txt").is_file());
    assert!(!dir.join("out/thin.txt").exists());
    let err = stderr(&out);
    assert!(err.contains("in/thin.txt: kept 0.0 % of its characters, under --min-kept: dropped"), "{err}");
    assert!(err.contains("2 documents (1 empty, 1 dropped)"), "{err}");
    let bad = run_in(&dir, &["in", "-o", "o2", "--min-kept", "2"], b"");
    assert_eq!(bad.status.code(), Some(2));
}

/// A full disk exited 2, as a usage error does; it fails the run, exit 1,
/// naming what could not be written.
#[cfg(target_os = "linux")]
#[test]
fn r_a_write_error_exits_1_naming_what_was_not_written() {
    use std::process::{Command, Stdio};
    let full = || std::fs::File::create("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_deboiler"))
        .args(["seeds/000_9a383749de56cf95.txt"])
        .current_dir(root())
        .stdout(Stdio::from(full()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("standard output: No space left on device"),
        "{}",
        stderr(&out)
    );
    let out =
        run(&["seeds/000_9a383749de56cf95.txt", "--audit", "/dev/full"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/dev/full: No space left on device"),
        "{}",
        stderr(&out)
    );
}
