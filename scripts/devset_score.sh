#!/usr/bin/env bash
# Scores a news development set built by scripts/devset_vi.py or
# scripts/devset_zh.py: keeping every line, the rules alone and the line
# model, on both variants, one line each (../shared/eval/score.py's
# first line: macro P, R and F1).
#
#   scripts/devset_score.sh SET_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
set_dir=$1
bin=${BIN:-target/release/deboiler}
[ -x "$bin" ] || cargo build --release -q
score=${EVAL:-../shared/eval}/score.py
for v in input-region input-full; do
  for how in keep rules model; do
    out=$set_dir-out/$v-$how
    rm -rf "$out"
    case $how in
      keep) mkdir -p "$out" && cp "$set_dir/$v"/*.txt "$out/" ;;
      rules) "$bin" -q "$set_dir/$v" -o "$out" --disable model/line ;;
      model) "$bin" -q "$set_dir/$v" -o "$out" ;;
    esac
    printf '%-13s %-6s %s\n' "$v" "$how" "$(python3 "$score" "$set_dir/gold" "$out" | head -1)"
  done
done
