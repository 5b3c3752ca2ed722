"""Batch throughput from Python beside the command line's, on the same
documents: the seeds and the development pages, repeated to MB megabytes
(default 50), cleaned with Cleaner.clean_many(threads=T) and with
`deboiler --jsonl -q -j T` on the same records (T: all cores).

    python bench.py [MB]
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("DEBOILER_BIN", ROOT / "target" / "release" / "deboiler"))

import deboiler


def corpus(mb):
    paths = sorted(p for p in (ROOT / "seeds").glob("*.txt") if not p.name.endswith(".gold.txt"))
    paths += sorted((ROOT.parent / "shared" / "eval").glob("*/input-*/*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    out, size = [], 0
    while size < mb << 20:
        for t in texts:
            out.append(t)
            size += len(t.encode())
    return out, size


def main(mb=50):
    texts, size = corpus(mb)
    threads = os.cpu_count()
    c = deboiler.Cleaner()
    c.clean_many(texts[:100], threads=threads)
    t0 = time.perf_counter()
    c.clean_many(texts, threads=threads)
    py = time.perf_counter() - t0
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            fh.write(json.dumps({"id": i, "text": t}) + "\n")
    t0 = time.perf_counter()
    subprocess.run([str(BIN), "--jsonl", "-q", "-j", str(threads), fh.name], check=True, stdout=subprocess.DEVNULL)
    cli = time.perf_counter() - t0
    os.unlink(fh.name)
    mbs = size / 1e6
    print(f"{len(texts)} documents, {mbs:.1f} MB, {threads} threads")
    print(f"python clean_many  {mbs / py:7.1f} MB/s  ({py:.2f} s)")
    print(f"cli --jsonl        {mbs / cli:7.1f} MB/s  ({cli:.2f} s)")
    print(f"python / cli       {cli / py:7.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
