#!/usr/bin/env python3
"""Run a reference extractor over a folder of plain-text pages.

Usage: baselines.py METHOD IN_DIR OUT_DIR [MANIFEST]

METHOD is `keep` (every line, unchanged), `justext` or `trafilatura`. Each
page is given to jusText and trafilatura as HTML with one <p> per line,
the same text deboiler reads. MANIFEST (a manifest.tsv with `id` and
`lang` columns) picks jusText's stop list; pages in languages it has no
list for run in its language-independent mode (empty list, thresholds 0).
"""
import csv
import html
import os
import sys

JUSTEXT_LISTS = {
    "en": "English", "pt": "Portuguese", "ru": "Russian", "ko": "Korean",
    "id": "Indonesian", "it": "Italian", "de": "German", "vi": "Vietnamese",
    "es": "Spanish", "fr": "French",
}


def languages(manifest):
    if not manifest or not os.path.exists(manifest):
        return {}
    with open(manifest, encoding="utf-8") as fh:
        return {row["id"]: row["lang"] for row in csv.DictReader(fh, delimiter="\t")}


def as_html(text):
    paras = "".join(f"<p>{html.escape(l)}</p>\n" for l in text.splitlines() if l.strip())
    return f"<html><body>\n{paras}</body></html>"


def run_justext(text, lang):
    import justext
    name = JUSTEXT_LISTS.get(lang)
    if name:
        stoplist, low, high = justext.get_stoplist(name), 0.30, 0.32
    else:
        stoplist, low, high = frozenset(), 0, 0
    paras = justext.justext(as_html(text).encode("utf-8"), stoplist,
                            stopwords_low=low, stopwords_high=high, encoding="utf-8")
    return "\n".join(p.text for p in paras if not p.is_boilerplate)


def run_trafilatura(text, lang):
    import trafilatura
    out = trafilatura.extract(as_html(text), include_comments=False,
                              include_tables=True, favor_precision=False)
    return out or ""


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    method, in_dir, out_dir = argv[:3]
    langs = languages(argv[3] if len(argv) > 3 else None)
    run = {"keep": lambda t, l: t, "justext": run_justext,
           "trafilatura": run_trafilatura}[method]
    os.makedirs(out_dir, exist_ok=True)
    for name in sorted(os.listdir(in_dir)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(in_dir, name), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        lang = langs.get(name[:-4], "")
        try:
            result = run(text, lang)
        except Exception as err:  # a failed page scores as empty, and says so
            print(f"{method}: {name}: {err}", file=sys.stderr)
            result = ""
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as fh:
            fh.write(result)


if __name__ == "__main__":
    main(sys.argv[1:])
