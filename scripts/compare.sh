#!/usr/bin/env bash
# Two builds of the library benchmark, run alternately, pinned to one core.
#
#   scripts/compare.sh A B [PAIRS]
#
# A and B are benchmark binaries (copies of target/release/deps/throughput-*
# built at two revisions). Each pair runs A, then B, each with
# `taskset -c ${CPU:-1}` at BENCH_MB (default 115), and the script reports
# each binary's median and range, clean and with the audit, and the median
# of the paired ratios B/A with how often B was faster. On a shared host
# single runs vary by ±20 %: only series of pairs compare.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/compare.sh A B [PAIRS]" >&2; exit 2; }
a=$1 b=$2 pairs=${3:-10}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$pairs"); do
  for bin in "$a" "$b"; do
    BENCH_MB=${BENCH_MB:-115} taskset -c "${CPU:-1}" "$bin" | awk -v x="$bin" \
      '/^clean +[0-9]/ {c = $2} /^clean \+ audit/ {print x "\t" c "\t" $4}' >> "$out"
  done
done
python3 - "$a" "$b" "$out" <<'PY'
import statistics as st, sys
a, b, path = sys.argv[1:]
rows = [line.rstrip("\n").split("\t") for line in open(path)]
runs = {x: [(float(c), float(d)) for name, c, d in rows if name == x] for x in (a, b)}
for x in (a, b):
    for k, label in ((0, "clean"), (1, "clean + audit")):
        v = [r[k] for r in runs[x]]
        print(f"{x}: {label:13} median {st.median(v):6.1f} MB/s ({min(v):.1f}-{max(v):.1f})")
for k, label in ((0, "clean"), (1, "clean + audit")):
    ratios = [rb[k] / ra[k] for ra, rb in zip(runs[a], runs[b])]
    faster = sum(r > 1 for r in ratios)
    print(f"B/A {label:13} paired median {st.median(ratios):.3f}, B faster in {faster} of {len(ratios)}")
PY
