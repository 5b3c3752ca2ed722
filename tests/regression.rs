//! Mistakes that were fixed, one test each, named for what went wrong.

use deboiler::{Cleaner, Verdict};

fn rule_of(page: &str, lang: &str, needle: &str) -> Option<String> {
    let cleaner = Cleaner::builtin();
    let outcome = cleaner.clean(page.as_bytes(), Some(lang));
    let found = outcome.lines().find_map(|(line, v)| {
        let text = line.text(page.as_bytes());
        match v {
            Verdict::Remove(r) if text.contains(needle) => {
                Some(cleaner.rule_id(r.rule).to_string())
            }
            _ => None,
        }
    });
    found
}

/// A title's word pairs were counted across punctuation ("Mỹ, Nhật"),
/// so it shared too little with the article and was cut as off-topic.
#[test]
fn r_title_pairs_do_not_span_punctuation() {
    let page = "Mỹ, Nhật Bản hướng đến liên minh an ninh ‘cân bằng’\n\nTrong cuộc gặp, hai bên đã đánh giá định hướng phát triển liên minh an ninh cân bằng giữa Mỹ và Nhật Bản, hướng đến quan hệ đối tác thực sự.\n\nPhía Mỹ cho biết liên minh an ninh với Nhật Bản sẽ tiếp tục được củng cố trong thời gian tới.\n";
    assert_eq!(rule_of(page, "vi", "cân bằng’"), None);
}

/// A lone date and time was taken for a hash (digits, no word).
#[test]
fn r_timestamps_are_not_hashes() {
    let page = "2025-06-01 09:30:00\n\nThe council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, ending years of debate.\n";
    assert_eq!(
        rule_of(page, "en", "2025-06-01").as_deref(),
        Some("structure/timestamp")
    );
}

/// Headlines doubled inside a "Related" region were credited to the
/// doubled-headline rule instead of the heading that opened the region.
#[test]
fn r_region_lines_are_credited_to_their_heading() {
    let page = "The council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, ending years of debate.\n\nRelated Articles\nCouncil delays vote on bridge funding\nCouncil delays vote on bridge funding\n";
    assert_eq!(
        rule_of(page, "en", "Council delays").as_deref(),
        Some("en/related-heading")
    );
}

/// "来源：本网" (source: this site) was credited as a photo caption.
#[test]
fn r_source_line_is_a_byline_not_a_caption() {
    let page = "来源：本网\n\n经过两年多的建设，城市中心河道综合治理工程日前全面完工，沿岸十二公里的步道和绿地向市民开放。\n";
    assert_eq!(rule_of(page, "zh", "来源").as_deref(), Some("zh/editor"));
}

/// A date with a 12-hour time ("11/20/2019 01:14 PM") was not a
/// timestamp, and fell to the hash rule.
#[test]
fn r_date_with_am_pm_is_a_timestamp() {
    let page = "11/20/2019 01:14 PM\n\nThe council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, ending years of debate.\n";
    assert_eq!(
        rule_of(page, "en", "11/20/2019").as_deref(),
        Some("structure/timestamp")
    );
}

/// A table of contents before the body printed the section headings
/// first, so the headings inside the body were removed as repetitions.
#[test]
fn r_table_of_contents_copy_goes_not_the_heading() {
    let para = "The council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, ending years of debate.";
    let more = "Engineers said the steel frame of the bridge had corroded beyond repair after ninety years of heavy use.";
    let page = format!("How the vote went in the end\n\n{para}\n\nHow the vote went in the end\n\n{more}\n");
    let cleaner = Cleaner::builtin();
    let outcome = cleaner.clean(page.as_bytes(), Some("en"));
    let verdicts: Vec<_> = outcome.lines().map(|(_, v)| v).collect();
    assert!(matches!(verdicts[0], Verdict::Remove(_)), "{verdicts:?}");
    assert_eq!(verdicts[4], Verdict::Keep);
}

/// A related headline with commas ("Ấn Độ, Mỹ, Nhật Bản, Australia bắt
/// đầu ...") counted as running text, so it ended the related region.
#[test]
fn r_commas_alone_do_not_make_a_paragraph() {
    let body = "Hai bên đã thảo luận về răn đe mở rộng và tham vấn về các biện pháp nhằm tăng cường hợp tác song phương trong khu vực.";
    let page = format!("{body}\n\nTin liên quan\nẤn Độ, Mỹ, Nhật Bản, Australia bắt đầu cuộc tập trận Malabar - 2022\n");
    assert_eq!(
        rule_of(&page, "vi", "Malabar").as_deref(),
        Some("vi/related-heading")
    );
}

/// Lines repeated inside the running text (a meal plan printing the same
/// entries each day) were removed as repetitions; they are content.
#[test]
fn r_repetition_inside_the_body_is_content() {
    let para = |n: &str| {
        format!("On day {n} the plan sets out meals for the whole day, and each meal is listed with its portions and times.")
    };
    let page = format!("{}\nEat every two to three hours\n{}\nEat every two to three hours\n{}\n", para("one"), para("two"), para("three"));
    assert_eq!(rule_of(&page, "en", "Eat every"), None);
}

/// A phrase that was only a suffix of a line ("ad" in "Read", "Email" in
/// "Your Email") counted as the whole line: the anchored walk reported
/// the suffixes a state inherits along its failure links.
#[test]
fn r_whole_line_phrases_are_not_suffixes() {
    let body = "The council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, ending years of debate.\n";
    let page = format!("{body}\nRead\n\n{body}");
    assert_ne!(rule_of(&page, "en", "Read").as_deref(), Some("en/advert"));
    let page = format!("{body}\nThreads\n");
    assert_eq!(
        rule_of(&page, "en", "Threads").as_deref(),
        Some("common/social-names")
    );
}

/// A line of invisible characters only (a zero-width space, a BOM) was
/// taken for blank: neither kept nor audited, so it was lost unseen.
#[test]
fn r_invisible_lines_are_removed_and_audited() {
    let body = "Heavy rain fell across the north on Monday, closing roads and schools in three provinces, officials said.\n";
    for invisible in ["\u{200b}", "\u{feff} ", "\u{200c}\u{200d}\u{2060}"] {
        let page = format!("{body}{invisible}\n{body}");
        let outcome =
            Cleaner::builtin_shared().clean(page.as_bytes(), Some("en"));
        let verdicts: Vec<Verdict> = outcome.lines().map(|(_, v)| v).collect();
        assert!(
            matches!(verdicts[1], Verdict::Remove(_)),
            "{invisible:?}: {verdicts:?}"
        );
        assert_eq!(
            rule_of(&page, "en", invisible.trim()).as_deref(),
            Some("structure/symbols")
        );
    }
    let page = format!("{body}\u{3000} \t\n{body}");
    let outcome = Cleaner::builtin_shared().clean(page.as_bytes(), Some("en"));
    assert_eq!(outcome.lines().nth(1).unwrap().1, Verdict::Blank);
}
