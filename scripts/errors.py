#!/usr/bin/env python3
"""Count the kinds of error in cleaned pages against their gold bodies.

    scripts/errors.py INPUT_DIR GOLD_DIR OUT_DIR

Each non-blank input line is labelled article text when most of its token
pairs are in the gold body (as `deboiler train` labels it), and compared
with whether the cleaned page kept it. Lost article lines (recall) and
kept boilerplate lines (precision) are counted, in lines and tokens, by
kind: where the line is against the kept text (before it, inside it,
after it) and its shape (a paragraph of 12 tokens or more, a short line,
a bulleted or numbered item). Prints a table, largest kinds first.
"""
import os
import re
import sys
from collections import Counter

CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}]+")
ITEM = re.compile(r"^\s*([-•*·▪►]|\d{1,2}[.)])\s")


def tokens(text):
    return TOKEN.findall(text.casefold())


def pairs(toks):
    return {(a, b) for a, b in zip(toks, toks[1:])}


def is_article(line, gold_pairs, gold_lines):
    t = tokens(line)
    if len(t) < 2:
        return line.strip() in gold_lines
    found = sum((a, b) in gold_pairs for a, b in zip(t, t[1:]))
    return found / (len(t) - 1) >= 0.5


def shape(line):
    if ITEM.match(line):
        return "list item"
    return "paragraph" if len(tokens(line)) >= 12 else "short line"


def main(inp, gold_dir, out_dir):
    lost, left = Counter(), Counter()
    for name in sorted(os.listdir(inp)):
        gold_path = os.path.join(gold_dir, name)
        if not os.path.exists(gold_path):
            continue
        gold = open(gold_path, encoding="utf-8", errors="replace").read()
        gold_lines = {l.strip() for l in gold.splitlines()}
        gold_pairs = set()
        for l in gold.splitlines():
            gold_pairs |= pairs(tokens(l))
        out_path = os.path.join(out_dir, name)
        out = open(out_path, encoding="utf-8", errors="replace").read() if os.path.exists(out_path) else ""
        kept = Counter(l.strip() for l in out.splitlines() if l.strip())
        lines = [l for l in open(os.path.join(inp, name), encoding="utf-8", errors="replace").read().splitlines() if l.strip()]
        flags = []
        for l in lines:
            k = kept[l.strip()] > 0
            if k:
                kept[l.strip()] -= 1
            flags.append(k)
        first = next((i for i, k in enumerate(flags) if k), len(flags))
        last = max((i for i, k in enumerate(flags) if k), default=-1)
        for i, (l, k) in enumerate(zip(lines, flags)):
            art = is_article(l, gold_pairs, gold_lines)
            if art == k:
                continue
            where = "before" if i < first else "after" if i > last else "inside"
            kind = (where, shape(l))
            n = len(tokens(l))
            (lost if art else left)[kind] += n
            (lost if art else left)[kind + ("lines",)] += 1
    for title, c in (("lost article text (recall)", lost), ("boilerplate kept (precision)", left)):
        print(f"{title}:")
        kinds = sorted({k for k in c if len(k) == 2}, key=lambda k: -c[k])
        for k in kinds:
            print(f"  {k[0]:6} {k[1]:10}  {c[k]:7} tokens  {c[k + ('lines',)]:5} lines")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
