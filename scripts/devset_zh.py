#!/usr/bin/env python3
"""Builds a Chinese news development set: real article text wrapped in
the boilerplate Chinese news sites print, with gold bodies.

    scripts/devset_zh.py CORPUS_DIR OUT_DIR

CORPUS_DIR holds the Apple Daily Corpus's files for three days
(github.com/alex-the-man/apple-daily-corpus, CC BY 4.0 as its README
states, commit 4c2ab989ebdc6c351d2fecd4a2395b9248c4548e,
corpus/20200615.csv, corpus/20210301.csv and corpus/20210601.csv:
articles of the Hong Kong daily, in Traditional Chinese). The text is not
part of this project; `scripts/devset_zh.sh` fetches and builds it.

The articles are those named in `KEYS`: every article of 300 to 1,300
characters in one stretch of each day's file (Hong Kong, international,
finance and property, entertainment and China news), but one whose
last line is a case number. A record's text repeats its title and runs
its paragraphs together with spaces; a paragraph ends at a space after
`。！？」』`, and a short head of a paragraph before its first space
(up to 20 characters, no comma or full stop, CJK on both sides of the
space) is a subheading of its own. A last line of up to 16 characters
with no sentence mark is the credit of a wire agency or paper (`路透社`,
`美國《西雅圖時報》`): printed, and out of the gold.

Each article is laid out as each of three site templates
(scripts/devset.py), in Traditional Chinese as Hong Kong and Taiwan news
sites word them; related and most-read headlines are other articles'
real titles, of the same day (on-topic) for half of them. The gold is the
title, the lead and the paragraphs.
"""
import csv
import os
import sys

from devset import Language, build

KEYS = {
    "20200615": [75, 76, 77, 79, 82, 83, 84, 85, 87, 89, 92, 93, 95, 96],
    "20210301": [52, 53, 54, 58, 59, 60, 61, 66, 67, 69, 72],
    "20210601": [1, 2, 5, 7, 11, 14],
}

SITES = {
    "a": {
        "nav": ["首頁", "要聞港聞", "兩岸", "國際", "財經", "地產", "娛樂", "體育", "副刊", "即時新聞"],
        "nav_join": "\n",
        "date": "{y}年{m}月{d}日 {wd}",
        "caption": ["{who}。（資料圖片）", "（{agency}圖片）", "{who}。{agency}"],
        "caption_after": 40,
        "author": "記者 {name}",
        "source": None,
        "share": ["分享到：", "Facebook", "WhatsApp", "Telegram", "複製連結"],
        "related": "相關新聞",
        "sidebar": "熱門新聞",
        "more": "更多新聞",
        "footer": ["關於我們", "私隱政策", "免責聲明", "聯絡我們", "廣告查詢：{t}",
                   "© {y} {outlet_self} 版權所有 不得轉載"],
    },
    "b": {
        "nav": ["港聞", "即時國際", "即時中國", "財經", "娛樂", "體育", "生活", "科技", "觀點"],
        "nav_join": " ｜ ",
        "date": "發佈時間：{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}",
        "caption": ["▲{who}。（{agency}）", "圖片來源：{agency}"],
        "caption_after": 40,
        "author": "撰文：{name}",
        "source": "責任編輯：{name}",
        "share": ["分享", "列印", "字型大小"],
        "related": "延伸閱讀",
        "sidebar": "最多人看",
        "more": "載入更多",
        "footer": ["{outlet_self}", "使用條款", "私隱政策聲明", "客戶服務熱線：{t}",
                   "版權所有 © {y} {outlet_self}"],
    },
    "c": {
        "nav": ["本地", "大中華", "國際", "財經", "體育", "專題", "節目重溫"],
        "nav_join": "\n",
        "date": "{d:02d}-{m:02d}-{y} {hh:02d}:{mm:02d} HKT",
        "caption": ["{who}（{agency}圖片）", "資料圖片"],
        "caption_after": 40,
        "author": "編輯：{name}",
        "source": None,
        "share": ["讚好", "{c}則留言", "閱讀次數：{v}"],
        "related": "相關報道",
        "sidebar": "焦點新聞",
        "more": "查看更多",
        "footer": ["{outlet_self}", "關於本台", "聯絡我們", "重要告示",
                   "版權 © {y} {outlet_self}。版權所有，不得轉載。"],
    },
}
ZH = Language(
    code="zh", sites=SITES,
    weekdays=["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
    agencies=["路透社", "法新社", "美聯社", "Getty Images", "網上圖片", "中新社"],
    outlets=["路透社", "法新社", "美聯社", "中央社", "BBC中文"],
    own_names={"a": "新報網", "b": "港聞一點", "c": "城市電台"},
    orgs=["新報集團有限公司"], streets=["軒尼詩道"],
    surnames=["陳", "李", "黃", "張", "梁", "林", "何", "吳", "王", "劉"],
    middles=["家", "嘉", "志", "詠", "子", "美", "偉", "凱"],
    givens=["明", "欣", "強", "詩", "軒", "玲", "文", "琳"],
    who=["事發現場", "示威者在街頭聚集", "有關人士出席記者會", "市民在街上排隊", "當局官員會見傳媒",
         "一眾嘉賓出席活動"],
    lead_cut=80, name_join="")

ENDS = "。！？」』"
HEAD_MARKS = "，,。！？"
SPACES = " \u3000"


def is_ascii_word(c):
    return c.isascii() and c.isalnum()


def after_title(text, title):
    """`text` past the title it repeats (white space aside)."""
    want = [c for c in title if c not in SPACES]
    i = 0
    for c in want:
        while i < len(text) and text[i] in SPACES:
            i += 1
        if i == len(text) or text[i] != c:
            raise ValueError(f"text does not start with its title {title!r}")
        i += 1
    return text[i:]


def paragraphs(text):
    """The paragraphs of a record's text, as the module docstring says."""
    pieces, start = [], 0
    for i, c in enumerate(text):
        if c == " " and i > start and text[i - 1] in ENDS:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    out = []
    for p in (p.strip(" ") for p in pieces):
        if not p:
            continue
        cut = p.find(" ")
        if 0 < cut <= 20 and not any(c in HEAD_MARKS for c in p[:cut]) \
                and not is_ascii_word(p[cut - 1]) and not is_ascii_word(p[cut + 1]):
            out += [p[:cut], p[cut + 1:].strip(" ")]
        else:
            out.append(p)
    return out


def is_credit(line):
    return len(line) <= 16 and not any(c in "，。！？" for c in line)


def read_corpus(folder):
    docs = []
    for day, ids in sorted(KEYS.items()):
        with open(os.path.join(folder, day + ".csv"), encoding="utf-8", newline="") as f:
            rows = {int(r["article_daily_id"]): r for r in csv.DictReader(f)}
        for n in ids:
            r = rows[n]
            lines = paragraphs(after_title(r["text"], r["title"]))
            trailer = [lines.pop()] if is_credit(lines[-1]) else []
            docs.append({"id": r["key"], "group": day, "title": r["title"], "lead": lines[0],
                         "body": lines[1:], "trailer": trailer})
    return docs


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    build(ZH, read_corpus(corpus), out, seed=20261207, every_site=True)


main()
