"""deboiler under Spark in local mode: the binary through RDD.pipe, and
the Python package in mapPartitions, give the command line's texts."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")

import deboiler

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("DEBOILER_BIN", ROOT / "target" / "release" / "deboiler"))


@pytest.fixture(scope="module")
def sc():
    # The workers run this interpreter, the one with the package.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    conf = pyspark.SparkConf().setMaster("local[2]").setAppName("deboiler-test")
    conf = conf.set("spark.ui.enabled", "false")
    context = pyspark.SparkContext.getOrCreate(conf)
    yield context
    context.stop()


def records():
    paths = sorted(p for p in (ROOT / "seeds").glob("*.txt") if not p.name.endswith(".gold.txt"))
    eval_dir = ROOT.parent / "shared" / "eval" / "cwced-zh" / "input-full"
    paths += sorted(eval_dir.glob("*.txt"))[:20]
    return [json.dumps({"id": p.name, "text": p.read_text(encoding="utf-8", errors="replace")}) for p in paths]


def cli(lines):
    out = subprocess.run([str(BIN), "--jsonl", "-q"], input="\n".join(lines) + "\n",
                         check=True, capture_output=True, text=True)
    return {json.loads(l)["id"]: json.loads(l)["text"] for l in out.stdout.splitlines()}


def test_rdd_pipe_runs_the_binary_on_each_partition(sc):
    lines = records()
    expected = cli(lines)
    bad = '{"id": "broken", "text": '
    rdd = sc.parallelize(lines[:5] + [bad] + lines[5:], 3)
    out = rdd.pipe(f"{BIN} --jsonl -q -j 1 --skip-bad").collect()
    got = {json.loads(l)["id"]: json.loads(l)["text"] for l in out}
    assert len(out) == len(lines), "the bad record is skipped, no other"
    assert got == expected
    # Without --skip-bad the bad record ends its partition with exit 1;
    # checkCode makes Spark fail the task instead of keeping what came.
    with pytest.raises(Exception):
        rdd.pipe(f"{BIN} --jsonl -q -j 1", checkCode=True).collect()


def test_map_partitions_with_the_python_package(sc):
    lines = records()
    expected = cli(lines)

    def clean(part):
        cleaner = deboiler.Cleaner()
        recs = [json.loads(l) for l in part]
        for rec, r in zip(recs, cleaner.clean_many([x["text"] for x in recs], threads=1)):
            yield rec["id"], r.text

    got = dict(sc.parallelize(lines, 4).mapPartitions(clean).collect())
    assert got == expected
