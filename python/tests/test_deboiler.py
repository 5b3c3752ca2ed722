"""The Python package: the same clean text as the command line, offsets
in code points, threads, errors, and the datatrove step."""
import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

import deboiler

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("DEBOILER_BIN", ROOT / "target" / "release" / "deboiler"))
EVAL = ROOT.parent / "shared" / "eval"


def pages():
    """The seeds, and every development page when ../shared/eval is there."""
    out = sorted(p for p in (ROOT / "seeds").glob("*.txt") if not p.name.endswith(".gold.txt"))
    if EVAL.is_dir():
        out += sorted(EVAL.glob("*/input-*/*.txt"))
    return out


def cli_clean(paths, tmp_path):
    """The command line's clean text of each page, by JSON Lines."""
    records = tmp_path / "in.jsonl"
    with records.open("w", encoding="utf-8") as fh:
        for p in paths:
            fh.write(json.dumps({"id": str(p), "text": p.read_text(encoding="utf-8", errors="replace")}) + "\n")
    out = subprocess.run([str(BIN), "--jsonl", "-q", str(records)], check=True, capture_output=True)
    return [json.loads(l)["text"] for l in out.stdout.decode().splitlines()]


def test_the_clean_text_is_the_command_lines_on_every_page(tmp_path):
    paths = pages()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    ours = deboiler.Cleaner().clean_many(texts, threads=2)
    theirs = cli_clean(paths, tmp_path)
    assert len(ours) == len(theirs) == len(paths)
    for p, a, b in zip(paths, ours, theirs):
        assert a.text == b, p


def test_removed_lines_slice_the_text_in_code_points():
    text = (ROOT / "seeds" / "000_9a383749de56cf95.txt").read_text(encoding="utf-8")
    r = deboiler.Cleaner().clean(text)
    assert r.lang == "vi" and r.confidence == 1.0
    assert len(r.removed) > 3
    for line in r.removed:
        assert text[line.start:line.end] == line.text
        assert line.category and line.rule
        assert line.score is None or 0.0 <= line.score <= 1.0
    kept = [l for l in text.splitlines() if l.strip()]
    gone = {l.line for l in r.removed}
    assert len(kept) == len([l for l in r.text.splitlines() if l.strip()]) + len(gone)


def test_clean_many_gives_what_clean_gives_in_order():
    texts = [p.read_text(encoding="utf-8") for p in pages()[:5]] * 3
    c = deboiler.Cleaner()
    one = [c.clean(t).text for t in texts]
    for threads in (1, 2, 7):
        assert [r.text for r in c.clean_many(texts, threads=threads)] == one
    assert c.clean_many([]) == []


def test_options_and_their_errors(tmp_path):
    page = "Council votes to rebuild the old river bridge\n\n" + (
        "The city council voted on Tuesday to approve a long-delayed plan to rebuild the old river bridge, "
        "ending two years of debate over its cost.\n") * 3
    kept = deboiler.Cleaner().clean(page, lang="en")
    dropped = deboiler.Cleaner(title="drop").clean(page, lang="en")
    assert kept.text.startswith("Council votes")
    assert not dropped.text.startswith("Council votes")
    assert dropped.removed[0].category == "title"
    with pytest.raises(ValueError, match="title"):
        deboiler.Cleaner(title="maybe")
    bad = tmp_path / "m.toml"
    bad.write_text("format = 1\nthreshold = 7\n")
    with pytest.raises(ValueError, match=r"m.toml:\d+: bad model file"):
        deboiler.Cleaner(model=str(bad))
    mine = tmp_path / "mine.toml"
    mine.write_text('lang = "en"\n\n[[rule]]\nid = "promo"\ncategory = "advert"\nscope = "start"\nliteral = ["Our shop:"]\n')
    r = deboiler.Cleaner(patterns=[str(mine)]).clean("Our shop: mugs\n\n" + page, lang="en")
    assert r.removed[0].rule == "en/promo"


def test_the_datatrove_step_cleans_gzip_shards_like_the_command_line(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from deboiler.datatrove import DeboilerCleaner

    paths = pages()[:40]
    shards = tmp_path / "shards"
    shards.mkdir()
    for k in range(2):
        with gzip.open(shards / f"s{k}.jsonl.gz", "wt", encoding="utf-8") as fh:
            for i, p in enumerate(paths[k::2]):
                fh.write(json.dumps({"id": f"{k}-{i}", "text": p.read_text(encoding="utf-8", errors="replace")}) + "\n")
    out = tmp_path / "out"
    step = DeboilerCleaner(keep_empty=True)
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(shards), glob_pattern="*.jsonl.gz"), step, JsonlWriter(str(out))],
        tasks=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = {}
    for f in sorted(out.glob("*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                docs[d["id"]] = d
    assert len(docs) == len(paths)
    expected = cli_clean(paths, tmp_path)
    for k in range(2):
        for i, p in enumerate(paths[k::2]):
            d = docs[f"{k}-{i}"]
            assert d["text"] == expected[paths.index(p)], p
            assert d["metadata"]["deboiler"]["lang"]
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    names = json.dumps(stats)
    assert "lines_removed" in names and "documents" in names
