#!/usr/bin/env bash
# Fit the built-in line model, patterns/model.toml, to the seeds and every
# dataset and variant of the development pages (EVAL, default
# ../shared/eval), or with -o FILE write it elsewhere; extra arguments go
# to `deboiler train` (such as --without GROUP).
#
#   scripts/train.sh [-o FILE] [TRAIN_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
out=patterns/model.toml
if [ "${1:-}" = -o ]; then out=$2; shift 2; fi
eval_dir=${EVAL:-../shared/eval}
bin=${BIN:-target/release/deboiler}
[ -x "$bin" ] || cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds/in" "$work/seeds/gold"
for g in seeds/*.gold.txt; do
  name=$(basename "${g%.gold.txt}")
  cp "$g" "$work/seeds/gold/$name.txt"
  cp "seeds/$name.txt" "$work/seeds/in/$name.txt"
done
# The seeds are the only Vietnamese and Chinese news pages with the gold
# convention deboiler keeps (title in): each weighs as SEED_WEIGHT pages.
args=(--pages "$work/seeds/in" --gold "$work/seeds/gold" --weight "${SEED_WEIGHT:-50}")
for ds in "$eval_dir"/*/; do
  for v in input-region input-full; do
    [ -d "$ds/$v" ] && args+=(--pages "$ds/$v" --gold "$ds/gold" --weight 1)
  done
done
"$bin" train "${args[@]}" -o "$out" "$@"
