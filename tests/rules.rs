//! Per-rule cases, through the library: each case is a small page, the
//! language, and the lines that must be removed with their rule ids;
//! every other non-blank line must be kept.

use deboiler::{Cleaner, Verdict};

/// The removed lines of `page` judged in `lang`, as (text, rule id).
fn removed(
    cleaner: &Cleaner,
    page: &str,
    lang: Option<&str>,
) -> Vec<(String, String)> {
    let outcome = cleaner.clean(page.as_bytes(), lang);
    outcome
        .lines()
        .filter_map(|(line, v)| match v {
            Verdict::Remove(r) => Some((
                line.text(page.as_bytes()).into_owned(),
                cleaner.rule_id(r.rule).to_string(),
            )),
            _ => None,
        })
        .collect()
}

/// `t!(cleaner, lang, page, &[(line, rule)])`: exactly these lines go.
/// The built-in rules deciding alone: these tests are the rules' own
/// (the line model's are in `model.rs`).
fn rules_only() -> Cleaner {
    let mut c = Cleaner::builtin();
    c.disable(deboiler::structure::Structure::LineModel);
    c
}

macro_rules! t {
    ($cleaner:expr, $lang:expr, $page:expr, $expected:expr) => {{
        let got = removed(&$cleaner, $page, $lang);
        let expected: Vec<(String, String)> = $expected
            .iter()
            .map(|(a, b): &(&str, &str)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, expected, "page:\n{}", $page);
    }};
}

const VI_BODY: &str = "Hà Nội sẽ đưa vào khai thác thêm ba tuyến xe buýt điện nối trung tâm thành phố với các khu đô thị mới ở phía tây từ tháng tư.\n\nTheo Sở Giao thông vận tải, mỗi tuyến xe buýt điện có từ mười đến mười lăm xe, tần suất mười lăm phút một chuyến.\n";

const ZH_BODY: &str = "经过两年多的建设，城市中心河道综合治理工程日前全面完工，沿岸十二公里的步道和绿地向市民开放。\n\n据介绍，河道综合治理工程共清理淤泥四十余万立方米，新建污水截流管道十八公里，河道水质明显提升。\n";

const EN_BODY: &str = "The city council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, ending two years of debate.\n\nUnder the plan, the river bridge will close to traffic in June and reopen in late 2027, with a ferry running for pedestrians.\n";

/// `body` (two paragraphs) with `line` printed between its paragraphs.
fn inside(body: &str, line: &str) -> String {
    let (first, rest) = body.split_once("\n\n").expect("two paragraphs");
    format!("{first}\n\n{line}\n\n{rest}")
}

#[test]
fn repeated_headlines_open_a_region_with_their_teaser() {
    let c = rules_only();
    let page = format!("{EN_BODY}\nFerry service to start in June\nFerry service to start in June\nA ferry service for pedestrians will start in June while the bridge is closed, officials said.\n");
    t!(c, Some("en"), &page, &[
        ("Ferry service to start in June", "structure/doubled-headline"),
        ("Ferry service to start in June", "structure/repeated-line"),
        ("A ferry service for pedestrians will start in June while the bridge is closed, officials said.", "structure/doubled-headline"),
    ]);
}

#[test]
fn a_region_ends_where_running_text_resumes() {
    let c = rules_only();
    let page = format!("{EN_BODY}\nRelated\nCouncil delays vote on funding\nEngineers warn of corrosion\n\nThe council will meet again next week to set the final budget for the bridge, the mayor's office said.\n");
    t!(
        c,
        Some("en"),
        &page,
        &[
            ("Related", "en/related-heading"),
            ("Council delays vote on funding", "en/related-heading"),
            ("Engineers warn of corrosion", "en/related-heading"),
        ]
    );
}

#[test]
fn a_headline_and_its_teaser_on_one_line_do_not_end_the_region() {
    let c = rules_only();
    let runon = "Engineers warn of corrosion on the old bridge A report for the council found the steel frame had rusted through in places, and repairs would cost more than rebuilding.";
    let page = format!("{EN_BODY}\nRelated\nCouncil delays vote on funding\n{runon}\nMayor opens new ferry line\n\nThe council will meet again next week to set the final budget for the bridge, the mayor's office said.\n");
    t!(
        c,
        Some("en"),
        &page,
        &[
            ("Related", "en/related-heading"),
            ("Council delays vote on funding", "en/related-heading"),
            (runon, "en/related-heading"),
            ("Mayor opens new ferry line", "en/related-heading"),
        ]
    );
}

#[test]
fn a_headline_and_its_teaser_on_one_line_under_the_heading_open_the_list() {
    let c = rules_only();
    let runon = "Vì sao trạm thu phí chưa bị dỡ bỏ? Bộ Giao thông vận tải cho biết sẽ báo cáo Chính phủ phương án xử lý dứt điểm trong tháng này.";
    let page = format!("{VI_BODY}\nTin liên quan\n{runon}\nGiá xăng dầu giảm lần thứ ba liên tiếp\n");
    t!(
        c,
        Some("vi"),
        &page,
        &[
            ("Tin liên quan", "vi/related-heading"),
            (runon, "vi/related-heading"),
            ("Giá xăng dầu giảm lần thứ ba liên tiếp", "vi/related-heading"),
        ]
    );
}

/// An article long enough for its words to tell a teaser of another
/// story from the article going on.
const VI_LONG_BODY: &str = "Hà Nội sẽ đưa vào khai thác thêm ba tuyến xe buýt điện nối trung tâm thành phố với các khu đô thị mới ở phía tây từ tháng tư.\n\nTheo Sở Giao thông vận tải, mỗi tuyến xe buýt điện có từ mười đến mười lăm xe, tần suất mười lăm phút một chuyến, chạy từ năm giờ sáng đến mười giờ tối.\n\nCác tuyến mới đi qua nhiều bệnh viện, trường đại học và trung tâm thương mại, nơi người dân vẫn phải đi xe máy vì thiếu phương tiện công cộng.\n\nGiá vé lượt được giữ như xe buýt thường, người cao tuổi và học sinh được miễn hoặc giảm giá theo quy định của thành phố.\n\nĐơn vị vận hành cho biết xe được sạc vào ban đêm tại hai bãi đỗ ở Hà Đông và Cầu Giấy, mỗi lần sạc đủ chạy hai trăm cây số.\n\nTrước đó, thành phố đã chạy thử một tuyến xe buýt điện từ Vinhomes Ocean Park đến bến xe Mỹ Đình, được hành khách đánh giá cao vì êm, sạch và đúng giờ.\n\nLãnh đạo thành phố đặt mục tiêu đến năm 2030 toàn bộ xe buýt mua mới phải dùng điện hoặc năng lượng xanh, nhằm giảm ô nhiễm không khí ở nội đô.\n";

/// Two teasers of other stories, each a headline and its lead run on.
const VI_TEASERS: [&str; 2] = [
    "Giá vàng trong nước tăng mạnh phiên đầu tuần Các doanh nghiệp kinh doanh vàng bạc đồng loạt nâng giá mua vào và bán ra thêm nửa triệu đồng mỗi lượng.",
    "Đội tuyển bóng đá nữ giành vé dự vòng chung kết châu Á Các cầu thủ đã thắng đối thủ với tỷ số hai không trong trận đấu cuối cùng của bảng.",
];

#[test]
fn teasers_of_other_stories_run_on_two_in_a_row_do_not_end_the_region() {
    let c = rules_only();
    let [first, second] = VI_TEASERS;
    let page = format!("{VI_LONG_BODY}\nTin cùng chuyên mục\n{first}\n{second}\nNắng nóng kéo dài ở miền Trung\n");
    t!(
        c,
        Some("vi"),
        &page,
        &[
            ("Tin cùng chuyên mục", "vi/related-heading"),
            (first, "vi/related-heading"),
            (second, "vi/related-heading"),
            ("Nắng nóng kéo dài ở miền Trung", "vi/related-heading"),
        ]
    );
}

#[test]
fn with_little_article_above_a_teaser_is_not_judged_by_its_words() {
    let c = rules_only();
    let [first, second] = VI_TEASERS;
    // Running text under the heading ends the region there, as it
    // would without the article's words to go by.
    let page = format!("{VI_BODY}\nTin cùng chuyên mục\n{first}\n{second}\n");
    t!(c, Some("vi"), &page, &[("Tin cùng chuyên mục", "vi/related-heading")]);
}

#[test]
fn the_article_going_on_after_a_box_ends_the_region() {
    let c = rules_only();
    let resumed = "Sở Giao thông vận tải cho biết các tuyến xe buýt điện mới sẽ được đánh giá sau sáu tháng khai thác trước khi thành phố mở thêm tuyến ở phía đông.";
    let page = format!("{VI_LONG_BODY}\nTin liên quan\nGiá xăng dầu giảm lần thứ ba liên tiếp\n{resumed}\n");
    t!(
        c,
        Some("vi"),
        &page,
        &[
            ("Tin liên quan", "vi/related-heading"),
            ("Giá xăng dầu giảm lần thứ ba liên tiếp", "vi/related-heading"),
        ]
    );
}

#[test]
fn running_text_under_the_heading_ends_the_region_there() {
    let c = rules_only();
    let page = format!("{EN_BODY}\nRelated\nThe council will meet again next week to set the final budget for the bridge, the mayor's office said.\n\nEngineers said the work on the river bridge would begin once the ferry was running, weather permitting.\n");
    t!(c, Some("en"), &page, &[("Related", "en/related-heading")]);
}

#[test]
fn vietnamese_photo_credits_go_with_or_without_a_closing_stop() {
    let c = rules_only();
    let page = format!("{VI_BODY}\nMột đoạn đường mới được thông xe (Ảnh: TTXVN).\nXe buýt điện chạy thử trên tuyến (Ảnh minh họa)\n\nSở Giao thông vận tải cho biết tuyến mới sẽ chạy từ năm giờ sáng đến mười giờ tối, cả ngày lễ.\n");
    t!(
        c,
        Some("vi"),
        &page,
        &[
            (
                "Một đoạn đường mới được thông xe (Ảnh: TTXVN).",
                "vi/photo-credit"
            ),
            (
                "Xe buýt điện chạy thử trên tuyến (Ảnh minh họa)",
                "vi/photo-credit"
            ),
        ]
    );
}

#[test]
fn vietnamese_sidebar_headlines_without_shared_words_go() {
    let c = rules_only();
    let lead = "Thành phố Hà Nội vừa công bố kế hoạch mở thêm ba tuyến xe buýt điện, nâng tổng số tuyến xe buýt điện lên mười hai.";
    let page = format!("{lead}\n- Giá vàng hôm nay tăng mạnh\n- Sinh toàn con gái thì sao?\n- Dự báo thời tiết cuối tuần\n{VI_BODY}");
    t!(
        c,
        Some("vi"),
        &page,
        &[
            ("- Giá vàng hôm nay tăng mạnh", "structure/unrelated-headline"),
            ("- Sinh toàn con gái thì sao?", "structure/unrelated-headline"),
            ("- Dự báo thời tiết cuối tuần", "structure/unrelated-headline"),
        ]
    );
}

#[test]
fn subheadings_between_paragraphs_stay() {
    let c = rules_only();
    let more = "Engineers told the council that the steel frame of the bridge had corroded beyond repair after ninety years of service.";
    let page = format!("{EN_BODY}\nWhat comes next\n\n{more}\n");
    t!(c, Some("en"), &page, &[] as &[(&str, &str)]);
}

#[test]
fn chinese_metadata_block_under_the_title() {
    let c = rules_only();
    let page = format!("城市河道治理工程全面完工\n创始人\n2025-03-14 20:29:29\n0\n\n{ZH_BODY}");
    t!(
        c,
        Some("zh"),
        &page,
        &[
            ("创始人", "structure/meta-stub"),
            ("2025-03-14 20:29:29", "structure/timestamp"),
            ("0", "structure/counter"),
        ]
    );
}

#[test]
fn chinese_caption_share_and_related() {
    let c = rules_only();
    let page = format!("{ZH_BODY}\n市民在新开放的滨河步道上散步。 视觉中国\n\n分享到：\n相关内容\n河道治理工程进入收尾阶段...\n");
    t!(
        c,
        Some("zh"),
        &page,
        &[
            ("市民在新开放的滨河步道上散步。 视觉中国", "zh/photo-credit"),
            ("分享到：", "zh/share"),
            ("相关内容", "zh/related-heading"),
            ("河道治理工程进入收尾阶段...", "zh/related-heading"),
        ]
    );
}

/// [`ZH_BODY`] in Traditional characters, as Hong Kong and Taiwan sites
/// print it.
const ZH_HANT_BODY: &str = "經過兩年多的建設，城市中心河道綜合治理工程日前全面完工，沿岸十二公里的步道和綠地向市民開放。\n\n據介紹，河道綜合治理工程共清理淤泥四十餘萬立方米，新建污水截流管道十八公里，河道水質明顯提升。\n";

#[test]
fn traditional_chinese_caption_credits_share_and_related() {
    let c = rules_only();
    let page = format!("{ZH_HANT_BODY}\n市民在新開放的濱河步道上散步。（資料圖片）\n\n路透社/法新社\n\n分享到：\n相關新聞\n河道治理工程進入收尾階段\n\n版權所有 不得轉載\n");
    // Detected, not told: Traditional Chinese is judged as Chinese.
    t!(
        c,
        None,
        &page,
        &[
            ("市民在新開放的濱河步道上散步。（資料圖片）", "zh/photo-source"),
            ("路透社/法新社", "zh/agency-credit"),
            ("分享到：", "zh/share"),
            ("相關新聞", "zh/related-heading"),
            ("河道治理工程進入收尾階段", "zh/related-heading"),
            ("版權所有 不得轉載", "zh/footer"),
        ]
    );
}

#[test]
fn taiwan_wording_of_share_print_and_related_is_read() {
    let c = rules_only();
    let page = format!("{ZH_HANT_BODY}\n列印\n複製連結\n\n相關影片\n河道治理工程進入收尾階段\n\n聯絡我們\n");
    t!(
        c,
        None,
        &page,
        &[
            ("列印", "zh/navigation"),
            ("複製連結", "zh/share-buttons"),
            ("相關影片", "zh/related-heading"),
            ("河道治理工程進入收尾階段", "zh/related-heading"),
            ("聯絡我們", "zh/footer"),
        ]
    );
}

#[test]
fn a_paper_credited_alone_on_a_line_goes_a_film_named_alone_stays() {
    let c = rules_only();
    let page = format!(
        "{}\n英國《星期日泰晤士報》\n",
        inside(ZH_HANT_BODY, "《完美監護人》")
    );
    t!(
        c,
        Some("zh"),
        &page,
        &[("英國《星期日泰晤士報》", "zh/agency-credit")]
    );
}

#[test]
fn a_triangle_caption_and_a_credit_after_a_full_width_slash_go() {
    let c = rules_only();
    let page = format!(
        "{}\n河道兩岸的新建步道。（圖／取自網路）\n",
        inside(ZH_HANT_BODY, "▲市民在新開放的濱河步道上散步。")
    );
    t!(
        c,
        Some("zh"),
        &page,
        &[
            ("▲市民在新開放的濱河步道上散步。", "zh/caption-marker"),
            ("河道兩岸的新建步道。（圖／取自網路）", "zh/photo-source"),
        ]
    );
}

#[test]
fn a_ranking_heading_opens_a_region_whatever_it_ranks() {
    let c = rules_only();
    let page = format!(
        "{ZH_BODY}\n评论排行榜\n1. 河道治理工程进入收尾阶段(67)\n2. 新建污水截流管道完工(19)\n"
    );
    t!(
        c,
        Some("zh"),
        &page,
        &[
            ("评论排行榜", "zh/ranking-heading"),
            ("1. 河道治理工程进入收尾阶段(67)", "zh/ranking-heading"),
            ("2. 新建污水截流管道完工(19)", "zh/ranking-heading"),
        ]
    );
}

#[test]
fn a_ranking_heading_inside_the_article_takes_only_itself() {
    let c = rules_only();
    let page = format!(
        "{}\n河道治理排行\n\n该市在全国城市河道治理排行中位列第三，水质评比排名上升了五位。\n",
        inside(ZH_BODY, "全市河道治理成效排行榜")
    );
    // The region a heading opens ends at the next paragraph; a sentence
    // naming a ranking, and a longer title of one, are no heading.
    t!(c, Some("zh"), &page, &[("河道治理排行", "zh/ranking-heading")]);
}

#[test]
fn vietnamese_caption_byline_and_dangling_see_more() {
    let c = rules_only();
    let page = format!("{VI_BODY}\nXe buýt điện chạy thử trên phố Kim Mã (Ảnh: Nguyễn Văn A)\n\nMinh Ngọc (Theo Reuters)\n\nXem thêm:\n");
    t!(
        c,
        Some("vi"),
        &page,
        &[
            (
                "Xe buýt điện chạy thử trên phố Kim Mã (Ảnh: Nguyễn Văn A)",
                "vi/photo-credit"
            ),
            ("Minh Ngọc (Theo Reuters)", "vi/byline"),
            ("Xem thêm:", "vi/related-heading"),
        ]
    );
}

#[test]
fn junk_lines() {
    let c = rules_only();
    let page = format!("{EN_BODY}\n39447380014 aa3929ca2c k\nIMG_2041.JPG\nhttps://example.com/a/b\n* * *\n");
    t!(
        c,
        Some("en"),
        &page,
        &[
            ("39447380014 aa3929ca2c k", "structure/hash"),
            ("IMG_2041.JPG", "structure/image-file"),
            ("https://example.com/a/b", "structure/url"),
            ("* * *", "structure/symbols"),
        ]
    );
}

#[test]
fn menus_and_footers_outside_the_body_go_titles_stay() {
    let c = rules_only();
    let page = format!("World\nBusiness\nCity council approves river bridge plan\n\n{EN_BODY}\nLocal bakery wins national bread award\nWeekend weather looks dry and warm\n");
    t!(
        c,
        Some("en"),
        &page,
        &[
            ("World", "structure/off-topic-edge"),
            ("Business", "structure/off-topic-edge"),
            (
                "Local bakery wins national bread award",
                "structure/off-topic-edge"
            ),
            ("Weekend weather looks dry and warm", "structure/off-topic-edge"),
        ]
    );
}

#[test]
fn each_page_is_judged_by_its_own_vocabulary() {
    let c = rules_only();
    let page = format!("{EN_BODY}\nLocal bakery wins national bread award\nWeekend weather looks dry and warm\n");
    let alone = std::thread::scope(|s| {
        s.spawn(|| removed(&c, &page, Some("en"))).join().unwrap()
    });
    assert_eq!(alone.len(), 2, "{alone:?}");
    // A page about the bakery, judged first on this thread: its
    // vocabulary must not keep the other page's footer.
    let bakery = "The local bakery wins a national bread award every year, the owner said, and the weekend weather looks dry and warm for the fair.\n".repeat(4);
    removed(&c, &bakery, Some("en"));
    assert_eq!(removed(&c, &page, Some("en")), alone);
}

#[test]
fn english_widgets_and_credits() {
    let c = rules_only();
    let page = format!("By Jane Morrow\n{EN_BODY}\nWorkers inspect the bridge deck. Photo: Getty Images\nAdvertisement\nFollow us on Twitter for updates\n");
    t!(
        c,
        Some("en"),
        &page,
        &[
            ("By Jane Morrow", "en/byline"),
            (
                "Workers inspect the bridge deck. Photo: Getty Images",
                "en/photo-agency"
            ),
            ("Advertisement", "en/advert"),
            ("Follow us on Twitter for updates", "en/follow"),
        ]
    );
}

#[test]
fn thin_pages_are_left_alone_by_the_edge_rule() {
    let c = rules_only();
    t!(
        c,
        Some("en"),
        "Opening hours\nMonday to Friday\nClosed on Sundays\n",
        &[] as &[(&str, &str)]
    );
}
