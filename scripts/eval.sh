#!/usr/bin/env bash
# Measure deboiler against gold bodies: the seeds and every dataset and
# variant of the development pages, with the scorer of ../shared/eval.
#
#   scripts/eval.sh [--quick] [--check] [--record] [--baselines] [--cv]
#
#   --quick      the seeds and one dataset (scrapinghub-aeb) only
#   --baselines  also "keep every line", jusText and trafilatura (installed
#                from PyPI into .venv-baselines on first use)
#   --check      fail when a macro F1 is more than 0.01 under the figure
#                recorded in scripts/eval-recorded.tsv
#   --record     write this run's figures to scripts/eval-recorded.tsv
#   --cv         also the cross-validated figures, split by site
#                (scripts/cv.py): the built-in model is trained on every
#                page, so its figures are train-on-all; these count
#
# EVAL (default ../shared/eval) is the evaluation tree; BIN (default
# target/release/deboiler, built if missing) the binary; DEBOILER_ARGS
# extra arguments for it (such as --disable RULE, for an ablation).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0 check=0 record=0 baselines=0 cv=0
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;; --check) check=1 ;; --record) record=1 ;;
    --baselines) baselines=1 ;; --cv) cv=1 ;;
    *) echo "usage: $0 [--quick] [--check] [--record] [--baselines] [--cv]" >&2; exit 2 ;;
  esac
done
eval_dir=${EVAL:-../shared/eval}
bin=${BIN:-target/release/deboiler}
score="$eval_dir/score.py"
recorded=scripts/eval-recorded.tsv
[ -x "$bin" ] || cargo build --release -q
[ -f "$score" ] || { echo "no scorer at $score (set EVAL)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

py=python3
if [ $baselines = 1 ]; then
  venv=.venv-baselines
  if [ ! -x $venv/bin/python ]; then
    python3 -m venv $venv
    $venv/bin/pip install -q justext==3.0.2 lxml_html_clean trafilatura==2.3.1
  fi
  py=$venv/bin/python
fi

# f1 GOLD OUT: the macro F1 (and P, R) of OUT against GOLD, as "P R F1".
scores() {
  python3 "$score" "$1" "$2" --json |
    python3 -c 'import json,sys; m=json.load(sys.stdin)["macro"]; print("%.4f %.4f %.4f" % (m["p"], m["r"], m["f1"]))'
}

# The seeds, as a dataset of their own, and how many are exact to gold.
mkdir -p "$work/seeds/gold" "$work/seeds/in"
for g in seeds/*.gold.txt; do
  name=$(basename "${g%.gold.txt}")
  cp "$g" "$work/seeds/gold/$name.txt"
  cp "seeds/$name.txt" "$work/seeds/in/$name.txt"
done
# shellcheck disable=SC2086
"$bin" ${DEBOILER_ARGS:-} "$work/seeds/in" -o "$work/seeds/out"
exact=0 total=0
for g in "$work"/seeds/gold/*.txt; do
  total=$((total + 1))
  if diff -q <(grep -v '^\s*$' "$g") <(grep -v '^\s*$' "$work/seeds/out/$(basename "$g")") >/dev/null; then
    exact=$((exact + 1))
  fi
done

rows=("seeds	input	$(scores "$work/seeds/gold" "$work/seeds/out")")
header="dataset	variant	deboiler P	R	F1"
[ $baselines = 1 ] && header="$header	keep-all F1	jusText F1	trafilatura F1"
datasets=$(cd "$eval_dir" && for d in */; do [ -d "$d/gold" ] && echo "${d%/}"; done)
[ $quick = 1 ] && datasets=scrapinghub-aeb
for ds in $datasets; do
  for v in input-region input-full; do
    [ -d "$eval_dir/$ds/$v" ] || continue
    out="$work/$ds/$v"
    # shellcheck disable=SC2086
    "$bin" ${DEBOILER_ARGS:-} "$eval_dir/$ds/$v" -o "$out/deboiler"
    row="$ds	$v	$(scores "$eval_dir/$ds/gold" "$out/deboiler")"
    if [ $baselines = 1 ]; then
      for m in keep justext trafilatura; do
        $py scripts/baselines.py $m "$eval_dir/$ds/$v" "$out/$m" "$eval_dir/$ds/manifest.tsv" 2>>"$work/baselines.err"
        row="$row	$(scores "$eval_dir/$ds/gold" "$out/$m" | cut -d' ' -f3)"
      done
    fi
    rows+=("$row")
  done
done

echo "seeds exact to gold: $exact/$total"
{ echo "$header"; printf '%s\n' "${rows[@]}" | tr ' ' '\t'; } | column -t -s $'\t'

if [ $cv = 1 ]; then
  echo
  echo "cross-validated (5 folds split by site):"
  cv_args=()
  for a in ${DEBOILER_ARGS:-}; do cv_args+=("--arg=$a"); done
  { echo "dataset	variant	deboiler P	R	F1"
    python3 scripts/cv.py --eval "$eval_dir" --bin "$bin" "${cv_args[@]}"
  } | column -t -s $'\t'
fi

if [ $record = 1 ]; then
  printf '%s\n' "${rows[@]}" | awk -F'\t' '{split($3,a," "); print $1"\t"$2"\t"a[3]}' > "$recorded"
  echo "recorded in $recorded"
fi
if [ $check = 1 ]; then
  status=0
  [ "$exact" = "$total" ] || { echo "FAIL: seeds exact $exact/$total"; status=1; }
  for row in "${rows[@]}"; do
    IFS=$'\t' read -r ds v s <<<"$row"
    f1=$(echo "$s" | cut -d' ' -f3)
    want=$(awk -F'\t' -v d="$ds" -v w="$v" '$1==d && $2==w {print $3}' "$recorded")
    [ -n "$want" ] || { echo "FAIL: no recorded figure for $ds $v"; status=1; continue; }
    if python3 -c "import sys; sys.exit(0 if $f1 >= $want - 0.01 else 1)"; then
      echo "ok: $ds $v F1 $f1 (recorded $want)"
    else
      echo "FAIL: $ds $v F1 $f1 is more than 0.01 under the recorded $want"; status=1
    fi
  done
  exit $status
fi
