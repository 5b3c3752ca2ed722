#!/usr/bin/env bash
# Fuzz the library and the command line's input handling, starting from
# the seeds and test pages:
#   clean  Cleaner::clean, with the no-loss invariant checked;
#   jsonl  the JSON Lines record cleaner;
#   input  the binary's input framing (text, sections, JSON Lines, gzip):
#          the jobs tile the file, each where it says.
#
#   scripts/fuzz.sh [SECONDS]     (default 600 per target, all in parallel)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain it
# runs with RUSTC_BOOTSTRAP=1, as libFuzzer's instrumentation needs -Z flags.
# Logs: target/fuzz-TARGET.log; crashes: fuzz/artifacts/TARGET/.
#
# Without a sanitizer (the code is safe Rust: AddressSanitizer finds
# nothing a panic would not, and cost most of the speed) and with inputs
# of at most 4 KB (pages of 60 KB took the rest; the bugs found so far
# all had small reproducers), a target runs some 3,400 executions a
# second here, against some 200 with both.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
mkdir -p fuzz/corpus/clean fuzz/corpus/jsonl fuzz/corpus/input target
for f in seeds/[0-9]*.txt tests/data/*.txt; do
  case $f in *.gold.txt) continue ;; esac
  name=$(basename "$f" .txt)
  cp "$f" fuzz/corpus/clean/
  python3 - "$f" "$name" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()[:3000]
text = raw.decode("utf-8", errors="replace")
line = json.dumps({"id": path, "text": text, "metadata": {"n": 1}})
open(f"fuzz/corpus/jsonl/{name}.json", "w").write(line + "\n")
# The input target's first byte: bit 0 JSON Lines, bit 1 gzip, the rest
# the section size in 8-byte steps.
for mode, body in [(0x00, raw), (0x02, raw), (0x41, (line + "\n") * 3), (0x80, raw)]:
    body = body.encode() if isinstance(body, str) else body
    open(f"fuzz/corpus/input/{name}-{mode:02x}", "wb").write(bytes([mode]) + body)
PY
done
export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz build -O -s none
for t in clean jsonl input; do
  nice cargo fuzz run -O -s none "$t" -- -max_total_time="$secs" -max_len=4096 -rss_limit_mb=2048 \
    > "../target/fuzz-$t.log" 2>&1 &
done
wait
grep -h "^Done\|panicked\|SUMMARY" ../target/fuzz-*.log || true
