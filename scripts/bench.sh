#!/usr/bin/env bash
# End-to-end throughput and memory of the binary on a generated JSON Lines
# stream, beside what the machine does with the same file.
#
#   scripts/bench.sh [--smoke]
#
# Generates GB gigabytes (default 1) of records {"id","text"} from seeds/
# and ../shared/eval (shuffled, every language), then times, each reading
# the same file: `cat FILE > /dev/null`, `wc -l FILE`, deboiler --jsonl
# with 1 thread and with all, reporting wall time, MB/s and peak memory
# (GNU time's maximum resident set). Then the same with a stream twice as
# large, to show memory does not grow with the input. Each row is run RUNS
# times (default 3), alternating with the others, and reports its fastest
# run and its largest peak: a shared machine's speed drifts from one run to
# the next. The speed-up with all cores is given from the fastest runs and
# run by run (each run with all cores against the single-thread run just
# before it), with the median. --smoke: 20 MB, once.
set -euo pipefail
cd "$(dirname "$0")/.."
gb=${GB:-1}
runs=${RUNS:-3}
[ "${1:-}" = --smoke ] && gb=0.02 && runs=1
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release -q
bin=target/release/deboiler
work=${BENCH_DIR:-$(mktemp -d)}
trap '[ -z "${BENCH_DIR:-}" ] && rm -rf "$work"' EXIT

make_stream() { # make_stream BYTES FILE
  python3 - "$1" "$2" <<'PY'
import json, os, random, sys
target, out = int(float(sys.argv[1])), sys.argv[2]
paths = [os.path.join("seeds", n) for n in sorted(os.listdir("seeds")) if n.endswith(".txt") and not n.endswith(".gold.txt")]
for root, _, files in os.walk("../shared/eval"):
    if os.path.basename(root) in ("input-region", "input-full"):
        paths += [os.path.join(root, f) for f in sorted(files) if f.endswith(".txt")]
texts = [open(p, encoding="utf-8", errors="replace").read() for p in paths]
rng, n, size = random.Random(7), 0, 0
with open(out, "w", encoding="utf-8") as fh:
    while size < target:
        rng.shuffle(texts)
        for t in texts:
            line = json.dumps({"id": f"doc-{n}", "text": t}, ensure_ascii=False) + "\n"
            fh.write(line)
            n += 1
            size += len(line.encode("utf-8"))
            if size >= target:
                break
PY
}

run() { # run LOG FILE CMD...: one timed run; appends "SECONDS RSS_KB" to LOG
  local out=$1 file=$2; shift 2
  local log="$work/time.log"
  /usr/bin/time -v "$@" < "$file" > /dev/null 2> "$log"
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%s ", s}
    /Maximum resident set size/ {print $2}' "$log" >> "$out"
}

report() { # report NAME FILE LOG: the fastest run and the largest peak
  local name=$1 file=$2 log=$3 secs rss mb
  secs=$(sort -n "$log" | head -1 | cut -d' ' -f1)
  rss=$(sort -k2,2n "$log" | tail -1 | cut -d' ' -f2)
  mb=$(stat -c %s "$file")
  printf "%-28s %8.2f s %9.1f MB/s %8.1f MB peak\n" "$name" "$secs" \
    "$(echo "$mb / 1000000 / ($secs + 0.0001)" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

speedup() { # speedup ONE ALL: all cores against one, fastest runs and run by run
  local fastest runs
  fastest=$(paste -d' ' "$1" "$2" | awk 'NR == 1 || $1 < one { one = $1 }
    NR == 1 || $3 < all { all = $3 } END { printf "%.2f", one / all }')
  runs=$(paste -d' ' "$1" "$2" | awk '{ printf "%.2f\n", $1 / $3 }' | sort -n)
  printf "speed-up with all cores      %sx (fastest runs); run by run, sorted: %s; median %sx\n" \
    "$fastest" "$(echo $runs | tr ' ' ',' | sed 's/,/, /g')" \
    "$(echo "$runs" | awk '{ r[NR] = $1 } END { printf "%.2f", (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }')"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for scale in 1 2; do
  [ "$gb" = 0.02 ] && [ $scale = 2 ] && break
  bytes=$(echo "$gb * $scale * 1000000000" | bc -l)
  file="$work/stream-$scale.jsonl"
  [ -f "$file" ] || make_stream "$bytes" "$file"
  echo "stream: $(du -m "$file" | cut -f1) MB, $(wc -l < "$file") records"
  rm -f "$work"/*.runs
  for _ in $(seq "$runs"); do
    run "$work/cat.runs" "$file" cat
    run "$work/wc.runs" "$file" wc -l
    run "$work/one.runs" "$file" "$bin" --jsonl -q -j 1
    run "$work/all.runs" "$file" "$bin" --jsonl -q
  done
  report "cat > /dev/null" "$file" "$work/cat.runs"
  report "wc -l" "$file" "$work/wc.runs"
  report "deboiler --jsonl -j 1" "$file" "$work/one.runs"
  report "deboiler --jsonl (all cores)" "$file" "$work/all.runs"
  speedup "$work/one.runs" "$work/all.runs"
done
