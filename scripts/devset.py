"""The page layout shared by the news development sets (scripts/devset_vi.py,
scripts/devset_zh.py): real article text wrapped in the boilerplate news
sites print, with gold bodies, in the layout of ../shared/eval's datasets.

A language gives its site templates and the words that fill them (see
`Language`); an article is a dict with `id`, `group` (articles of one
group are on the same topic), `title`, `lead`, `body` (its paragraphs)
and `trailer` (lines printed with the article and out of its gold, such as
a wire agency's credit). Deterministic: the same articles and seed give
the same pages.
"""
import os
import random
from dataclasses import dataclass


@dataclass
class Language:
    code: str
    sites: dict
    weekdays: list
    agencies: list
    outlets: list
    own_names: dict
    orgs: list
    streets: list
    surnames: list
    middles: list
    givens: list
    who: list
    # How many characters of another article's lead a run-on headline
    # carries, and what joins a name's parts.
    lead_cut: int = 160
    name_join: str = " "


def person(rng, lang):
    return lang.name_join.join(
        [rng.choice(lang.surnames), rng.choice(lang.middles), rng.choice(lang.givens)])


def fill(text, rng, lang, site, y, m, d):
    return text.format(
        wd=rng.choice(lang.weekdays), d=d, m=m, y=y, hh=rng.randrange(6, 23), mm=rng.randrange(60),
        who=rng.choice(lang.who), agency=rng.choice(lang.agencies), name=person(rng, lang),
        outlet=rng.choice(lang.outlets), outlet_self=lang.own_names[site], org=rng.choice(lang.orgs),
        n=rng.randrange(100, 600), k=rng.randrange(1, 200), street=rng.choice(lang.streets),
        t=f"{rng.randrange(3000, 9999)}.{rng.randrange(1000, 9999)}",
        c=rng.randrange(0, 80), v=rng.randrange(100, 90000))


def headlines(rng, lang, doc, docs, n):
    """Other articles' titles: of the same group first (on-topic), some
    with their lead run on, as boxes of headline teasers print them."""
    same = [x for x in docs if x["group"] == doc["group"] and x is not doc]
    other = [x for x in docs if x["group"] != doc["group"]]
    picked = rng.sample(same, min(len(same), n // 2)) + rng.sample(other, n - n // 2)
    out = []
    for x in picked:
        out.append(x["title"] + (" " + x["lead"][:lang.lead_cut] if rng.random() < 0.25 else ""))
    return out


def page(rng, lang, doc, docs, site):
    """The region and full variants of one page and its gold."""
    s = lang.sites[site]
    y, m, d = 2020 + rng.randrange(2), rng.randrange(1, 13), rng.randrange(1, 29)
    f = lambda t: fill(t, rng, lang, site, y, m, d)
    article = [doc["title"], f(s["date"]), doc["lead"]]
    gold = [doc["title"], doc["lead"]]
    for i, para in enumerate(doc["body"]):
        article.append(para)
        gold.append(para)
        if i in (1, 5) and len(para) > s.get("caption_after", 80):
            article.append(f(rng.choice(s["caption"])))
    article += doc.get("trailer", [])
    article.append(f(s["author"]))
    if s["source"] and rng.random() < 0.5:
        article.append(f(s["source"]))
    share = [f(x) for x in s["share"]]
    related = [s["related"]] + headlines(rng, lang, doc, docs, rng.randrange(3, 6))
    region = share + article + share[:1] + related
    if rng.random() < 0.5:
        region.append(s["more"])
    nav = s["nav"] if s["nav_join"] == "\n" else [s["nav_join"].join(s["nav"])]
    crumb = [rng.choice(s["nav"][1:])]
    sidebar = [s["sidebar"]] + headlines(rng, lang, doc, docs, rng.randrange(4, 8))
    footer = [f(x) for x in s["footer"]]
    full = nav + crumb + region + sidebar + nav[-3:] + footer
    return region, full, gold


def build(lang, docs, out, seed, every_site=False):
    """Writes OUT/input-region, OUT/input-full, OUT/gold and
    OUT/manifest.tsv: each article laid out as one site (in turn), or as
    every site if `every_site`."""
    rng = random.Random(seed)
    for sub in ("input-region", "input-full", "gold"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    rows = ["id\tlang\tsite\tcategory"]
    sites = sorted(lang.sites)
    for i, doc in enumerate(docs):
        for site in sites if every_site else [sites[i % len(sites)]]:
            region, full, gold = page(rng, lang, doc, docs, site)
            pid = f"{lang.code}-{site}-{doc['id']}"
            for sub, lines in (("input-region", region), ("input-full", full)):
                with open(os.path.join(out, sub, pid + ".txt"), "w", encoding="utf-8") as o:
                    o.write("\n\n".join(lines) + "\n")
            with open(os.path.join(out, "gold", pid + ".txt"), "w", encoding="utf-8") as o:
                o.write("\n".join(gold) + "\n")
            rows.append(f"{pid}\t{lang.code}\t{site}\t{doc['group']}")
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as o:
        o.write("\n".join(rows) + "\n")
    print(f"{out}: {len(rows) - 1} pages, {len(sites)} sites")
