#!/usr/bin/env python3
"""Builds a Vietnamese news development set: real article text wrapped in
the boilerplate Vietnamese news sites print, with gold bodies.

    scripts/devset_vi.py CORPUS_DIR OUT_DIR

CORPUS_DIR holds the 200 articles of the Underthesea News Corpus
(CP_Vietnamese-UNC, dantri.com.vn, 2020-2021; github.com/undertheseanlp/
resources, GPL-3.0, commit cbdb3c3ac065d49bd047dc55ad173181f9e846e3,
resources/CP_Vietnamese-UNC/corpus/CP_Vietnamese-UNC/*.txt). The text is
not part of this project; `scripts/devset_vi.sh` fetches and builds it.

OUT_DIR gets the layout of ../shared/eval's datasets: input-region/,
input-full/, gold/ and manifest.tsv, with a `site` column: each page is
laid out as one of three site templates (their menus, date lines, caption
and credit styles, share and follow widgets, related and most-read boxes,
footers), in Vietnamese as such sites word them, so that a
cross-validation split by site has three sites to split. Related and
most-read headlines are other articles' real titles (of the same
category, so on-topic, for half of them), some with their lead run on.
The gold is the article: its title, lead and paragraphs, as the seeds'
gold keeps them; captions, credits and the author line are out.

Deterministic: the same corpus gives the same pages.
"""
import os
import sys

from devset import Language, build

SITES = {
    "a": {
        "nav": ["Trang chủ", "Xã hội", "Thế giới", "Kinh doanh", "Giải trí", "Thể thao",
                "Pháp luật", "Giáo dục", "Sức khỏe", "Công nghệ", "Du lịch"],
        "nav_join": "\n",
        "date": "{wd}, {d:02d}/{m:02d}/{y} - {hh:02d}:{mm:02d}",
        "caption": ["{who} (Ảnh: {agency}).", "Ảnh minh họa: {agency}", "(Ảnh: {agency})"],
        "author": "{name}",
        "source": "Theo {outlet}",
        "share": ["Chia sẻ", "Facebook", "Zalo", "Sao chép liên kết"],
        "related": "Tin liên quan",
        "sidebar": "Đọc nhiều nhất",
        "more": "Xem thêm",
        "footer": ["Cơ quan chủ quản: {org}", "Giấy phép hoạt động báo điện tử số {n}/GP-BTTTT",
                   "Tổng biên tập: {name}", "Địa chỉ: Số {k} phố {street}, Hà Nội",
                   "Điện thoại: 024.{t}", "© Bản quyền thuộc về {outlet_self}. Cấm sao chép dưới mọi hình thức."],
    },
    "b": {
        "nav": ["Thời sự", "Góc nhìn", "Thế giới", "Kinh doanh", "Bất động sản", "Khoa học",
                "Giải trí", "Thể thao", "Pháp luật", "Giáo dục", "Sức khỏe", "Đời sống", "Du lịch", "Số hóa"],
        "nav_join": " ",
        "date": "{wd}, {d}/{m}/{y}, {hh:02d}:{mm:02d} (GMT+7)",
        "caption": ["{who}. Ảnh: {agency}", "Ảnh: {agency}"],
        "author": "{name} (theo {outlet})",
        "source": None,
        "share": ["Gửi bài viết qua email", "In bài", "Lưu"],
        "related": "Bài liên quan",
        "sidebar": "Tin nổi bật",
        "more": "Đọc thêm",
        "footer": ["Báo tiếng Việt nhiều người xem nhất", "Thuộc {org}",
                   "Số giấy phép: {n}/GP-BTTTT, do Bộ Thông tin và Truyền thông cấp",
                   "Tổng biên tập: {name}", "Liên hệ quảng cáo: {t}",
                   "© {y} {outlet_self}. Toàn bộ bản quyền thuộc {outlet_self}."],
    },
    "c": {
        "nav": ["TRANG CHỦ", "THỜI SỰ", "THẾ GIỚI", "KINH TẾ", "VĂN HÓA", "THỂ THAO", "GIÁO DỤC",
                "NHỊP SỐNG TRẺ", "XE", "MEGASTORY"],
        "nav_join": "\n",
        "date": "{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d} GMT+7",
        "caption": ["{who} - Ảnh: {agency}", "Ảnh minh họa"],
        "author": "{name}",
        "source": None,
        "share": ["Theo dõi {outlet_self} trên", "Bình luận ({c})", "{v} lượt xem"],
        "related": "Tin cùng chuyên mục",
        "sidebar": "Bạn đọc quan tâm",
        "more": "Xem tiếp",
        "footer": ["Trang thông tin điện tử {outlet_self}", "Cơ quan chủ quản: {org}",
                   "Giấy phép số {n}/GP-BTTTT ngày {d}/{m}/{y}", "Địa chỉ tòa soạn: {k} {street}",
                   "Hotline: {t}", "Bản quyền © {y} {outlet_self}"],
    },
}
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
AGENCIES = ["Reuters", "AFP", "AP", "Getty", "Shutterstock", "TTXVN", "Dân trí", "NVCC"]
OUTLETS = ["Reuters", "CNN", "BBC", "AFP", "Guardian", "Bloomberg", "Tân Hoa xã"]
SELF = {"a": "Báo điện tử Tin Mới", "b": "Nhật Báo Số", "c": "Thời Báo Online"}
ORGS = ["Hội Nhà báo Việt Nam", "Bộ Thông tin và Truyền thông", "Trung ương Đoàn TNCS Hồ Chí Minh"]
STREETS = ["Trần Hưng Đạo", "Lý Thường Kiệt", "Nguyễn Du", "Hai Bà Trưng", "Lê Duẩn"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
MIDDLES = ["Văn", "Thị", "Minh", "Thu", "Hoàng", "Ngọc", "Đức", "Thanh"]
GIVENS = ["An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hương", "Lan", "Long", "Nam", "Phương", "Quang", "Thảo"]
WHO = ["Hiện trường vụ việc", "Quang cảnh buổi làm việc", "Người dân tại khu vực",
       "Các đại biểu tham dự sự kiện", "Một góc thành phố", "Lực lượng chức năng có mặt tại hiện trường"]


def read_corpus(folder):
    docs = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        lines = [l.strip() for l in open(os.path.join(folder, name), encoding="utf-8")]
        lines = [l for l in lines if l and not l.startswith("# ")]
        if len(lines) < 4:
            continue
        category = name.split("_")[1]
        docs.append({"id": name[:-4], "group": category, "title": lines[0], "lead": lines[1],
                     "body": lines[2:]})
    return docs


VI = Language(code="vi", sites=SITES, weekdays=WEEKDAYS, agencies=AGENCIES, outlets=OUTLETS,
              own_names=SELF, orgs=ORGS, streets=STREETS, surnames=SURNAMES, middles=MIDDLES,
              givens=GIVENS, who=WHO)


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    build(VI, read_corpus(corpus), out, seed=20261207)


main()
