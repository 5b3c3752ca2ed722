#!/usr/bin/env bash
# Fuzz the library: `clean` (Cleaner::clean, with the no-loss invariant
# checked) and `jsonl` (the JSON Lines record reader), starting from the
# seeds and test pages.
#
#   scripts/fuzz.sh [SECONDS]     (default 600 per target, both in parallel)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain it
# runs with RUSTC_BOOTSTRAP=1, as libFuzzer's instrumentation needs -Z flags.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
mkdir -p fuzz/corpus/clean fuzz/corpus/jsonl
for f in seeds/[0-9]*.txt tests/data/*.txt; do
  case $f in *.gold.txt) continue ;; esac
  cp "$f" fuzz/corpus/clean/
  python3 -c 'import json,sys; print(json.dumps({"id": sys.argv[1], "text": open(sys.argv[1], encoding="utf-8", errors="replace").read(), "metadata": {"n": 1}}))' "$f" \
    > "fuzz/corpus/jsonl/$(basename "$f" .txt).json"
done
export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz build -O
for t in clean jsonl; do
  cargo fuzz run -O "$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 \
    > "../target/fuzz-$t.log" 2>&1 &
done
wait
for t in clean jsonl; do
  echo "== $t"; grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs|ERROR|panicked" "../target/fuzz-$t.log" | tail -3
done
