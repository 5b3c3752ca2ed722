#!/usr/bin/env python3
"""Cross-validate the line model, split by site.

    scripts/cv.py [--folds K] [--seed S]... [--bin BIN] [--eval DIR]
                  [--train-arg ARG]... [--arg ARG]... [--keep DIR]

The development pages' sites (the host of each manifest URL, without
`www.`) are dealt into K folds (default 5), so that no site is in both a
training and a test fold; --seed S deals them in another pseudo-random
order, to see how much the figures move with the folds; given several
times (`--seed '' --seed a --seed b --seed c`), it cross-validates each
dealing and prints the mean, which moves less. For each fold,
`deboiler train` fits a model to the other folds' pages (both variants
of every dataset, and the seeds, weighing SEED_WEIGHT pages each as in
scripts/train.sh), and that model cleans the fold's pages. The held-out
outputs of all folds are scored together, per dataset and variant, with
the evaluation's scorer: the cross-validated figure, the one that
counts.

--train-arg passes an argument to `deboiler train` (`--train-arg=--without
--train-arg=rule`, an ablation); --arg one to the cleaning runs (`--arg=--title
--arg=drop`). Prints one tab-separated line per dataset and variant:
dataset, variant, macro P, R, F1; with several dealings, each one's
mean of the F1s goes to standard error.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

VARIANTS = ("input-region", "input-full")


def site(url):
    host = urlparse(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def pages(eval_dir):
    """Every development page: (dataset, id, site)."""
    out = []
    for ds in sorted(os.listdir(eval_dir)):
        manifest = os.path.join(eval_dir, ds, "manifest.tsv")
        if not os.path.isfile(manifest):
            continue
        with open(manifest, encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            for line in fh:
                row = dict(zip(header, line.rstrip("\n").split("\t")))
                out.append((ds, row["id"], site(row["url"])))
    return out


def folds(all_pages, k, seed=""):
    """Each site's fold: sites in a fixed pseudo-random order (another for
    each `seed`), each given to the fold with the fewest pages so far."""
    count = {}
    for _, _, s in all_pages:
        count[s] = count.get(s, 0) + 1
    order = sorted(count, key=lambda s: hashlib.sha256((seed + s).encode()).hexdigest())
    sizes = [0] * k
    fold = {}
    for s in order:
        f = min(range(k), key=lambda i: (sizes[i], i))
        fold[s] = f
        sizes[f] += count[s]
    return fold


def link(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    os.symlink(os.path.abspath(src), dst)


def scores(score, gold, out):
    res = subprocess.run([sys.executable, score, gold, out, "--json"],
                         check=True, capture_output=True, text=True)
    m = json.loads(res.stdout)["macro"]
    return m["p"], m["r"], m["f1"]


def cross_validate(a, seed):
    """{(dataset, variant): (P, R, F1)} of the held-out outputs of the
    dealing `seed`."""
    all_pages = pages(a.eval)
    fold = folds(all_pages, a.folds, seed)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    work = tempfile.mkdtemp(prefix="deboiler-cv-", dir=a.keep)
    seeds = os.path.join(work, "seeds")
    for name in sorted(os.listdir("seeds")):
        if name.endswith(".gold.txt"):
            base = name[: -len(".gold.txt")]
            link(os.path.join("seeds", name), os.path.join(seeds, "gold", base + ".txt"))
            link(os.path.join("seeds", base + ".txt"), os.path.join(seeds, "in", base + ".txt"))
    datasets = sorted({ds for ds, _, _ in all_pages})

    def run_fold(f):
        base = os.path.join(work, f"fold{f}")
        train = ["--pages", os.path.join(seeds, "in"), "--gold", os.path.join(seeds, "gold"),
                 "--weight", os.environ.get("SEED_WEIGHT", "50")]
        for ds, pid, s in all_pages:
            part = "test" if fold[s] == f else "train"
            for v in VARIANTS:
                src = os.path.join(a.eval, ds, v, pid + ".txt")
                if os.path.exists(src):
                    link(src, os.path.join(base, part, ds, v, pid + ".txt"))
        for ds in datasets:
            for v in VARIANTS:
                d = os.path.join(base, "train", ds, v)
                if os.path.isdir(d):
                    train += ["--pages", d, "--gold", os.path.join(a.eval, ds, "gold"),
                              "--weight", "1"]
        model = os.path.join(base, "model.toml")
        subprocess.run([a.bin, "train", *train, "-o", model, *a.train_arg],
                       check=True, stderr=subprocess.DEVNULL)
        for ds in datasets:
            for v in VARIANTS:
                d = os.path.join(base, "test", ds, v)
                if os.path.isdir(d):
                    out = os.path.join(work, "out", ds, v)
                    subprocess.run([a.bin, "-q", "-j", "1", "--model", model, *a.arg, d,
                                    "-o", out], check=True)

    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(run_fold, range(a.folds)))
    score = os.path.join(a.eval, "score.py")
    result = {}
    for ds in datasets:
        for v in VARIANTS:
            out = os.path.join(work, "out", ds, v)
            if os.path.isdir(out):
                result[ds, v] = scores(score, os.path.join(a.eval, ds, "gold"), out)
    if not a.keep:
        subprocess.run(["rm", "-rf", work], check=True)
    else:
        print(f"held-out outputs in {work}/out", file=sys.stderr)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--bin", default="target/release/deboiler")
    ap.add_argument("--eval", default="../shared/eval")
    ap.add_argument("--train-arg", action="append", default=[])
    ap.add_argument("--arg", action="append", default=[])
    ap.add_argument("--keep", help="keep the held-out outputs in this folder")
    ap.add_argument("--seed", action="append",
                    help="deal the sites into other folds (repeatable: the mean of the dealings)")
    a = ap.parse_args()
    dealings = a.seed or [""]
    runs = [cross_validate(a, seed) for seed in dealings]
    if len(runs) > 1:
        for seed, run in zip(dealings, runs):
            mean = sum(f1 for _, _, f1 in run.values()) / len(run)
            print(f"dealing {seed!r}: mean F1 {mean:.4f}", file=sys.stderr)
    for key in runs[0]:
        p, r, f1 = (sum(run[key][i] for run in runs) / len(runs) for i in range(3))
        print(f"{key[0]}\t{key[1]}\t{p:.4f}\t{r:.4f}\t{f1:.4f}")


if __name__ == "__main__":
    main()
