//! Properties over random documents: no panic, and nothing lost: every
//! line has exactly one verdict, every non-blank one is kept or removed,
//! and the output is exactly the kept lines. Also: time linear in size.

use std::time::{Duration, Instant};

use deboiler::{Cleaner, Verdict};
use proptest::prelude::*;

use crate::util::{expected_output, is_blank};

/// Checks the invariant on one document.
fn check(cleaner: &Cleaner, doc: &[u8]) {
    let outcome = cleaner.clean(doc, None);
    let mut out = Vec::new();
    outcome.write_clean(doc, &mut out).unwrap();
    let mut end = 0;
    let mut lines = Vec::new();
    for (line, verdict) in outcome.lines() {
        assert_eq!(line.start(), end);
        end = line.next();
        let blank = is_blank(line.content(doc));
        assert_eq!(
            blank,
            verdict == Verdict::Blank,
            "line {:?}",
            line.text(doc)
        );
        lines.push((line.raw(doc), blank, verdict == Verdict::Keep));
    }
    let expected = expected_output(lines);
    assert_eq!(end, doc.len());
    assert!(out == expected, "output is not the kept lines");
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        prop::sample::select(vec![
            "Tin liên quan",
            "Chia sẻ:",
            "Xem thêm:",
            "相关内容",
            "分享到：",
            "热门资讯",
            "Share this article",
            "Related Articles",
            "Advertisement",
            "Comments",
            "2025-03-14 20:29:29",
            "0",
            "IMG_2041.JPG",
            "© 2025 Example",
            "- Sinh toàn con gái thì sao?",
        ])
        .prop_map(String::from),
        "[A-Za-z ,.'-]{1,200}",
        "[a-zàáảãạăâđêôơư ,.]{10,160}",
        "[\u{4e00}-\u{9fff}，。、：]{1,80}",
        "\\PC{0,120}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..60), any::<bool>()).prop_map(
        |(lines, crlf)| {
            let mut doc = lines.join(if crlf { "\r\n" } else { "\n" });
            if crlf {
                doc.insert(0, '\u{feff}');
            }
            doc
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_documents_lose_nothing(doc in document()) {
        check(Cleaner::builtin_shared(), doc.as_bytes());
    }

    #[test]
    fn random_bytes_lose_nothing(doc in prop::collection::vec(any::<u8>(), 0..3000)) {
        check(Cleaner::builtin_shared(), &doc);
    }
}

/// The fastest of `rounds` runs of `small` and of `large`, taken in turn,
/// so that a burst of load on the machine slows both alike rather than
/// one.
fn fastest_in_turn(
    rounds: usize,
    small: &mut impl FnMut(),
    large: &mut impl FnMut(),
) -> (Duration, Duration) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    (0..rounds).fold((Duration::MAX, Duration::MAX), |(s, l), _| {
        (s.min(time(small)), l.min(time(large)))
    })
}

/// Doubling the input at most about doubles the time (a quadratic step
/// would quadruple it): pages of many lines, and one long line.
#[test]
fn time_is_linear_in_size() {
    let cleaner = Cleaner::builtin_shared();
    let page = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/001_1d216cd8c5788951.txt"
    ))
    .unwrap();
    let many_lines = |n: usize| page.repeat(n);
    let long_line = |n: usize| {
        "Một dòng rất dài, không có dấu xuống dòng. ".repeat(n).into_bytes()
    };
    for (name, make, n) in [
        ("many lines", &many_lines as &dyn Fn(usize) -> Vec<u8>, 40),
        ("one line", &long_line, 20_000),
    ] {
        let (small, large) = (make(n), make(2 * n));
        let mut clean_small = || drop(cleaner.clean(&small, Some("vi")));
        let mut clean_large = || drop(cleaner.clean(&large, Some("vi")));
        // Five rounds, and up to fifteen more while the ratio says
        // otherwise: a machine busy with other work can slow the longer
        // runs more than the shorter ones for a while, a quadratic step
        // slows them every time.
        let (mut t1, mut t2) = (Duration::MAX, Duration::MAX);
        let mut ratio = f64::INFINITY;
        for _ in 0..4 {
            let (s, l) =
                fastest_in_turn(5, &mut clean_small, &mut clean_large);
            (t1, t2) = (t1.min(s), t2.min(l));
            ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
            if ratio < 3.0 {
                break;
            }
        }
        assert!(ratio < 3.0, "{name}: doubling the input took {ratio:.2}x the time ({t1:?} -> {t2:?})");
    }
}
